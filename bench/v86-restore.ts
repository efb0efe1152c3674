/**
 * How fast the live-kernel guest is ready: download size, restore time (create the emulator
 * and restore the zstd state) and first-command latency (type `uname -r` at the restored
 * prompt until the next prompt), in Node and — with --browser — in headless Chromium
 * (Debian's /usr/bin/chromium driven by playwright-core; browser.ts bundled with esbuild and
 * served from a loopback HTTP server together with public/v86).
 *
 *   npx tsx bench/v86-restore.ts [--runs N] [--browser]
 */
import { readFileSync, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createV86NodeGuest, defaultImageDir, readManifest } from "../emulator/v86/node";
import { CHROMIUM_PATH } from "../scripts/chromium.mjs";

const PROMPT = /\[root@kdebug [^\]]+\]# $/;
const args = process.argv.slice(2);
const runs = Number(args[args.indexOf("--runs") + 1]) || 3;
const repo = fileURLToPath(new URL("..", import.meta.url));

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function nodeRun(): Promise<{ restoreMs: number; firstCommandMs: number }> {
  const t0 = performance.now();
  const guest = await createV86NodeGuest({ verify: false });
  let screen = "";
  guest.onOutput((data) => (screen += data));
  await guest.start();
  const restoreMs = performance.now() - t0;
  const from = screen.length;
  const t1 = performance.now();
  guest.input("uname -r\r");
  while (!(PROMPT.test(screen.slice(from)) && screen.slice(from).includes("-686"))) {
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  const firstCommandMs = performance.now() - t1;
  guest.dispose();
  return { restoreMs, firstCommandMs };
}

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html",
  ".js": "text/javascript",
  ".json": "application/json",
  ".wasm": "application/wasm",
};

/** Loopback server: the bundled page at /, public/v86 at /v86/. */
function serve(bundle: string): Promise<Server> {
  const page = `<!doctype html><meta charset="utf-8"><script type="module">${bundle}</script>`;
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (url.pathname === "/") {
      res.writeHead(200, { "content-type": "text/html" }).end(page);
      return;
    }
    const name = url.pathname.replace(/^\/v86\//, "");
    const file = path.join(defaultImageDir, path.basename(name));
    try {
      const body = readFileSync(file);
      res
        .writeHead(200, {
          "content-type": CONTENT_TYPES[path.extname(file)] ?? "application/octet-stream",
          "content-length": body.length,
        })
        .end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

async function browserRuns(
  count: number,
): Promise<Array<{ downloadMs: number; restoreMs: number; firstCommandMs: number }>> {
  const esbuild = await import("esbuild");
  const entry = `
    import { createV86BrowserGuest } from ${JSON.stringify(path.join(repo, "emulator/v86/browser.ts"))};
    window.runBench = async () => {
      const t0 = performance.now();
      let downloaded = 0;
      const guest = createV86BrowserGuest({
        baseUrl: "/v86/",
        onProgress: (loaded, total) => { if (loaded === total) downloaded = performance.now(); },
      });
      let screen = "";
      guest.onOutput((d) => (screen += d));
      await guest.start();
      const ready = performance.now();
      const from = screen.length;
      guest.input("uname -r\\r");
      while (!(/\\[root@kdebug [^\\]]+\\]# $/.test(screen.slice(from)) && screen.slice(from).includes("-686"))) {
        await new Promise((r) => setTimeout(r, 2));
      }
      const done = performance.now();
      guest.dispose();
      return { downloadMs: downloaded - t0, restoreMs: ready - downloaded, firstCommandMs: done - ready };
    };`;
  const built = await esbuild.build({
    stdin: { contents: entry, resolveDir: repo, loader: "ts" },
    bundle: true,
    format: "esm",
    write: false,
    platform: "browser",
    // libv86 reaches for these only under Node, behind typeof checks.
    external: ["node:*", "crypto", "fs", "perf_hooks"],
    logLevel: "error",
  });
  const server = await serve(built.outputFiles[0].text);
  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
  const results = [];
  try {
    for (let i = 0; i < count; i++) {
      // A fresh context each time: nothing cached, as on a first visit.
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
      await page.waitForFunction(() => "runBench" in window);
      results.push(
        await page.evaluate(() =>
          (
            window as unknown as {
              runBench: () => Promise<{ downloadMs: number; restoreMs: number; firstCommandMs: number }>;
            }
          ).runBench(),
        ),
      );
      await context.close();
    }
  } finally {
    await browser.close();
    server.close();
  }
  return results;
}

const manifest = readManifest();
const sizes = Object.entries(manifest.artifacts).map(([name, a]) => {
  const bytes = statSync(path.join(defaultImageDir, a.file)).size;
  return `${name} ${(bytes / 1e6).toFixed(2)} MB`;
});
const download = Object.values(manifest.artifacts).reduce((sum, a) => sum + a.bytes, 0);
console.log(
  `v86 ${manifest.v86}, kernel ${manifest.kernel.release}, recipe ${manifest.recipeHash.slice(0, 12)}`,
);
console.log(
  `download: ${(download / 1e6).toFixed(1)} MB (${sizes.join(", ")}); state ${(manifest.artifacts.state.rawBytes / 1e6).toFixed(0)} MB uncompressed`,
);

const node = [];
for (let i = 0; i < runs; i++) node.push(await nodeRun());
console.log(
  `node (${runs} runs, median): restore+prompt ${median(node.map((r) => r.restoreMs)).toFixed(0)} ms, ` +
    `first command ${median(node.map((r) => r.firstCommandMs)).toFixed(0)} ms`,
);

if (args.includes("--browser")) {
  const chrome = await browserRuns(runs);
  console.log(
    `chromium (${runs} runs, median, loopback): download ${median(chrome.map((r) => r.downloadMs)).toFixed(0)} ms, ` +
      `restore+prompt ${median(chrome.map((r) => r.restoreMs)).toFixed(0)} ms, ` +
      `first command ${median(chrome.map((r) => r.firstCommandMs)).toFixed(0)} ms`,
  );
}
process.exit(0);
