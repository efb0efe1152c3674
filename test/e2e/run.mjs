#!/usr/bin/env node
/**
 * Browser tests: serves dist/ on a free localhost port, drives Debian's Chromium with
 * playwright-core (never a downloaded browser), runs every test/e2e/*.e2e.mjs in turn, and
 * prints "N passed, M failed". Build first (npm run build). Usage:
 *   node test/e2e/run.mjs [filter]      # only tests whose name contains filter
 * Screenshots go to test-results/.
 */
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "../../scripts/chromium.mjs";
import { startServer } from "../../scripts/serve.mjs";

const here = fileURLToPath(new URL(".", import.meta.url));
const root = resolve(here, "../..");
const dist = join(root, "dist");
const results = join(root, "test-results");
const filter = process.argv[2] ?? "";

/** A fresh browser profile (own --user-data-dir) per test file. */
async function launch() {
  const profile = await mkdtemp(join(tmpdir(), "kdebug-e2e-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1400, height: 900 },
  });
  return {
    context,
    async close() {
      await context.close().catch(() => {});
      await rm(profile, { recursive: true, force: true });
    },
  };
}

async function main() {
  if (!existsSync(join(dist, "index.html"))) {
    console.error("test/e2e: dist/ is missing — run `npm run build` first");
    process.exit(2);
  }
  await mkdir(results, { recursive: true });
  // Failure screenshots of earlier runs would be mistaken for this run's.
  for (const old of (await readdir(results)).filter((f) => f.startsWith("fail-")))
    await rm(join(results, old));
  // Serve a folder holding dist/ twice: at the root and under /kdebug/ (a sub-path host).
  const site = await mkdtemp(join(tmpdir(), "kdebug-site-"));
  const { server, url } = await startServer(dist, 0);
  await symlink(dist, join(site, "kdebug"));
  const { server: subServer, url: subRoot } = await startServer(site, 0);

  const files = (await readdir(here)).filter((f) => f.endsWith(".e2e.mjs")).sort();
  let passed = 0;
  let failed = 0;
  for (const file of files) {
    const mod = await import(pathToFileURL(join(here, file)).href);
    const tests = mod.tests.filter((t) => t.name.includes(filter));
    if (tests.length === 0) continue;
    console.log(`\n${file}`);
    const browser = await launch();
    const env = { baseUrl: url, subPathUrl: `${subRoot}kdebug/`, context: browser.context, results, launch };
    for (const t of tests) {
      const page = await browser.context.newPage();
      const errors = [];
      page.on("pageerror", (error) => errors.push(String(error)));
      const t0 = Date.now();
      const limit = t.timeoutMs ?? 60_000;
      try {
        await Promise.race([
          t.run({ ...env, page, pageErrors: errors }),
          // A test may ask for more (the real kernel in v86 is slow on a busy machine).
          new Promise((_, reject) =>
            setTimeout(() => reject(new Error(`timed out after ${limit / 1000} s`)), limit),
          ),
        ]);
        if (errors.length > 0) throw new Error(`uncaught page errors: ${errors.join(" | ")}`);
        passed += 1;
        console.log(`  ok    ${t.name} (${Date.now() - t0} ms)`);
      } catch (error) {
        failed += 1;
        console.log(
          `  FAIL  ${t.name} (${Date.now() - t0} ms)\n        ${String(error?.stack ?? error)
            .split("\n")
            .slice(0, 4)
            .join("\n        ")}`,
        );
        const shot = join(results, `fail-${t.name.replace(/[^a-z0-9]+/gi, "-")}.png`);
        await page.screenshot({ path: shot }).catch(() => {});
      } finally {
        await page.close().catch(() => {});
      }
    }
    await browser.close();
  }
  server.close();
  subServer.close();
  await rm(site, { recursive: true, force: true });
  console.log(`\n${passed} passed, ${failed} failed`);
  process.exit(failed > 0 || passed === 0 ? 1 : 0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
