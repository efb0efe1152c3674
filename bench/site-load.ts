/**
 * Site benchmarks in Chromium (Debian's /usr/bin/chromium), on the built site served locally:
 *  - time from navigation start to the first shell prompt on /labs/setup/, cold (fresh browser
 *    profile each run, so no HTTP or service-worker cache), median of 5;
 *  - JavaScript the lesson page loads (page scripts and the guest worker), gzipped (service
 *    worker blocked: its precache of the whole site is not part of what the lesson needs).
 * Builds the site first when dist/ is missing.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { chromium, type Response } from "playwright-core";
import { CHROMIUM_ARGS as ARGS, CHROMIUM_PATH } from "../scripts/chromium.mjs";
import { startServer } from "../scripts/serve.mjs";

const GOAL_FIRST_PROMPT_MS = 1000;
const GOAL_JS_GZIP_KB = 600;
const RUNS = 5;

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(root, "dist");

interface RunResult {
  firstPromptMs: number;
  scripts: Map<string, { raw: number; gzip: number }>;
}

async function coldRun(url: string): Promise<RunResult> {
  const profile = await mkdtemp(join(tmpdir(), "kdebug-bench-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ARGS,
    viewport: { width: 1400, height: 900 },
    // The service worker would precache every file of the site after load: not what the lesson needs.
    serviceWorkers: "block",
  });
  const scripts = new Map<string, { raw: number; gzip: number }>();
  const pending: Promise<void>[] = [];
  const onResponse = (response: Response) => {
    const u = response.url();
    if (!u.startsWith(url.replace(/labs\/setup\/$/, "")) || !/\.m?js(\?|$)/.test(u)) return;
    pending.push(
      response
        .body()
        .then(
          (body) => void scripts.set(new URL(u).pathname, { raw: body.length, gzip: gzipSync(body).length }),
        )
        .catch(() => {}),
    );
  };
  context.on("response", onResponse);
  try {
    const page = await context.newPage();
    await page.goto(url);
    const firstPromptMs = await page.evaluate(async () => {
      while (!window.__kdebugTerm) await new Promise((r) => setTimeout(r, 2));
      await window.__kdebugTerm.ready();
      for (;;) {
        const lines = window.__kdebugTerm
          .text()
          .split("\n")
          .filter((l) => l.trim() !== "");
        if (/[#$]\s*$/.test(lines.at(-1) ?? "")) return performance.now();
        await new Promise((r) => setTimeout(r, 2));
      }
    });
    await page.waitForTimeout(300); // late requests (lazy chunks) still count
    await Promise.all(pending);
    return { firstPromptMs, scripts };
  } finally {
    await context.close();
    await rm(profile, { recursive: true, force: true });
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  if (!existsSync(join(dist, "index.html"))) {
    console.log("dist/ missing: building the site first");
    const build = spawnSync("npm", ["run", "build"], { cwd: root, stdio: "inherit" });
    if (build.status !== 0) process.exit(1);
  }
  const { server, url } = await startServer(dist, 0);
  try {
    const lesson = `${url}labs/setup/`;
    const runs: RunResult[] = [];
    for (let i = 0; i < RUNS; i++) runs.push(await coldRun(lesson));
    const times = runs.map((r) => r.firstPromptMs);
    const first = median(times);
    const scripts = runs.at(-1)!.scripts;
    let raw = 0;
    let gz = 0;
    console.log("JS loaded by /labs/setup/ (raw / gzip):");
    for (const [path, size] of [...scripts].sort((a, b) => b[1].gzip - a[1].gzip)) {
      raw += size.raw;
      gz += size.gzip;
      console.log(
        `  ${(size.raw / 1024).toFixed(1).padStart(8)} KB  ${(size.gzip / 1024).toFixed(1).padStart(7)} KB  ${path}`,
      );
    }
    const workers = [...scripts.keys()].filter((p) => /worker/i.test(p));
    if (workers.length === 0) console.log("  (warning: no worker script seen among the responses)");
    console.log(`first prompt, cold, ${RUNS} runs: ${times.map((t) => Math.round(t)).join(", ")} ms`);
    console.log(
      `site-load first-prompt median ${Math.round(first)} ms (goal ${GOAL_FIRST_PROMPT_MS} ms, ratio ${(first / GOAL_FIRST_PROMPT_MS).toFixed(2)})`,
    );
    console.log(
      `site-load js ${(raw / 1024).toFixed(0)} KB raw, ${(gz / 1024).toFixed(0)} KB gzip (goal ${GOAL_JS_GZIP_KB} KB, ratio ${(gz / 1024 / GOAL_JS_GZIP_KB).toFixed(2)})`,
    );
  } finally {
    server.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
