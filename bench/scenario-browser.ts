/**
 * Build time and memory of each scenario in Chromium (Debian's /usr/bin/chromium), next to the
 * same numbers in Node. emulator/scenarios/index.ts is bundled for the browser with esbuild into
 * a temporary directory and served on localhost; a fresh browser context (own renderer, no code
 * cache) imports it and times `buildScenario(id)` once — a cold build, what a lesson page or its
 * worker pays. Median of 5 per scenario. Memory: the renderer's JS heap growth (CDP
 * Runtime.getHeapUsage after a forced GC, the Program kept alive) plus ArrayBuffer backing
 * stores (backingStorageSize of the same call). Goals from the issue: < 300 ms and < 100 MB.
 *
 *   npx tsx bench/scenario-browser.ts              all scenarios
 *   npx tsx bench/scenario-browser.ts <id>         one
 */
import { spawnSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import type { Server } from "node:http";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { type Browser, chromium } from "playwright-core";
import { CHROMIUM_ARGS as ARGS, CHROMIUM_PATH } from "../scripts/chromium.mjs";
import { startServer } from "../scripts/serve.mjs";

const GOAL_MS = 300;
const GOAL_MB = 100;
const RUNS = 5;
const ALL_SCENARIOS = ["client_lbug", "server_load", "ls_stuck"] as const;
/** `npx tsx bench/scenario-browser.ts server_load` times one scenario only. */
const SCENARIOS = ALL_SCENARIOS.filter((id) => !process.argv[2] || id === process.argv[2]);
/** Whole-benchmark deadline: a hung page must not hang `npm run bench`. */
const DEADLINE_MS = 8 * 60_000;
/** One cold build in one page. */
const RUN_TIMEOUT_MS = 60_000;

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const tsx = join(root, "node_modules", ".bin", "tsx");

interface Sample {
  ms: number;
  importMs: number;
  heapMB: number;
  buffersMB: number;
  pages: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mb = (bytes: number) => bytes / 1e6;

/** Bundle the scenario layer the way the site ships it (ESM, minified, browser platform). */
async function bundle(dir: string): Promise<number> {
  const result = await build({
    entryPoints: [join(root, "emulator", "scenarios", "index.ts")],
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    minify: true,
    outfile: join(dir, "scenarios.js"),
    logLevel: "warning",
    metafile: true,
  });
  await writeFile(
    join(dir, "index.html"),
    "<!doctype html><meta charset=utf-8><title>scenario bench</title><p>scenario bench</p>\n",
  );
  return Object.values(result.metafile.outputs).reduce((n, o) => n + o.bytes, 0);
}

/** One cold build of `id` in a fresh context: import the bundle, GC, build, GC, read the heap. */
async function browserRun(browser: Browser, url: string, id: string): Promise<Sample> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(RUN_TIMEOUT_MS);
    await page.goto(url);
    const cdp = await context.newCDPSession(page);
    const importMs = await page.evaluate(async () => {
      const t0 = performance.now();
      (window as unknown as { __scenarios: unknown }).__scenarios = await import(
        new URL("scenarios.js", location.href).href
      );
      return performance.now() - t0;
    });
    await cdp.send("HeapProfiler.enable");
    await cdp.send("HeapProfiler.collectGarbage");
    const before = await cdp.send("Runtime.getHeapUsage");
    const { ms, pages } = await page.evaluate((scenario) => {
      const w = window as unknown as {
        __scenarios: { buildScenario(id: string): { mem: { residentPages: number } } };
        __program: unknown;
      };
      const t0 = performance.now();
      const prog = w.__scenarios.buildScenario(scenario);
      const elapsed = performance.now() - t0;
      w.__program = prog; // keep it alive for the heap reading
      return { ms: elapsed, pages: prog.mem.residentPages };
    }, id);
    await cdp.send("HeapProfiler.collectGarbage");
    const after = await cdp.send("Runtime.getHeapUsage");
    return {
      ms,
      importMs,
      heapMB: mb(after.usedSize - before.usedSize),
      // backingStorageSize: ArrayBuffer backing stores and external strings, outside the JS heap.
      buffersMB: mb((after.backingStorageSize ?? Number.NaN) - (before.backingStorageSize ?? Number.NaN)),
      pages,
    };
  } finally {
    await context.close();
  }
}

interface NodeSample {
  ms: number;
  cpuMs: number;
  heapMB: number;
  arrayBuffersMB: number;
}

/** The Node numbers: bench/scenario-load.ts's single-scenario mode, one fresh process per run. */
function nodeRun(id: string): NodeSample | null {
  const r = spawnSync(tsx, ["--expose-gc", join(root, "bench", "scenario-load.ts"), id], {
    encoding: "utf8",
    timeout: RUN_TIMEOUT_MS,
  });
  const line = r.stdout?.trim().split("\n").pop() ?? "";
  if (r.status !== 0 || !line.startsWith("{")) {
    console.log(`node ${id}: failed ${r.error?.message ?? ""}\n${r.stderr ?? ""}`);
    return null;
  }
  return JSON.parse(line) as NodeSample;
}

const row = (cells: (string | number)[], widths: number[]) =>
  cells.map((c, i) => String(c)[i === 0 ? "padEnd" : "padStart"](widths[i])).join("  ");

async function main() {
  const dir = await mkdtemp(join(tmpdir(), "kdebug-scenario-bench-"));
  let server: Server | undefined;
  let browser: Browser | undefined;
  const deadline = setTimeout(() => {
    console.error(`scenario-browser: deadline of ${DEADLINE_MS / 1000} s passed, giving up`);
    void Promise.race([browser?.close(), new Promise((r) => setTimeout(r, 5000))]).finally(() => {
      server?.close();
      process.exit(2);
    });
  }, DEADLINE_MS);
  try {
    const bytes = await bundle(dir);
    console.log(`bundle of emulator/scenarios/index.ts (esbuild, minified): ${(bytes / 1024).toFixed(0)} KB`);
    const started = (await startServer(dir, 0)) as { server: Server; url: string };
    server = started.server;
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ARGS });
    console.log(`Chromium ${browser.version()}; Node ${process.version}; ${RUNS} cold runs each (median)`);

    const widths = [12, 8, 8, 7, 7, 9, 9, 6, 24];
    console.log(
      row(
        [
          "scenario",
          "where",
          "cold ms",
          "heap MB",
          "buf MB",
          "total MB",
          "import ms",
          "pages",
          "goal ratio (ms, MB)",
        ],
        widths,
      ),
    );
    const summary: string[] = [];
    for (const id of SCENARIOS) {
      const b: Sample[] = [];
      for (let i = 0; i < RUNS; i++) b.push(await browserRun(browser, started.url, id));
      const n = Array.from({ length: RUNS }, () => nodeRun(id)).filter((s): s is NodeSample => s !== null);
      const bMs = median(b.map((s) => s.ms));
      const bHeap = median(b.map((s) => s.heapMB));
      const bBuf = median(b.map((s) => s.buffersMB));
      const bTotal = median(b.map((s) => s.heapMB + s.buffersMB));
      console.log(
        row(
          [
            id,
            "chromium",
            bMs.toFixed(0),
            bHeap.toFixed(1),
            bBuf.toFixed(1),
            bTotal.toFixed(1),
            median(b.map((s) => s.importMs)).toFixed(0),
            b[0].pages,
            `${(bMs / GOAL_MS).toFixed(2)}x, ${(bTotal / GOAL_MB).toFixed(2)}x`,
          ],
          widths,
        ),
      );
      console.log(`${"".padEnd(12)}  runs: ${b.map((s) => s.ms.toFixed(0)).join(", ")} ms`);
      if (n.length) {
        const nMs = median(n.map((s) => s.ms));
        const nTotal = median(n.map((s) => s.heapMB + s.arrayBuffersMB));
        console.log(
          row(
            [
              "",
              "node",
              nMs.toFixed(0),
              median(n.map((s) => s.heapMB)).toFixed(1),
              median(n.map((s) => s.arrayBuffersMB)).toFixed(1),
              nTotal.toFixed(1),
              "",
              "",
              `${(nMs / GOAL_MS).toFixed(2)}x, ${(nTotal / GOAL_MB).toFixed(2)}x`,
            ],
            widths,
          ),
        );
        console.log(
          `${"".padEnd(12)}  runs: ${n.map((s) => s.ms).join(", ")} ms (cpu ${n.map((s) => s.cpuMs).join(", ")} ms)`,
        );
        summary.push(
          `scenario-browser ${id}: ${bMs.toFixed(0)} ms, ${bTotal.toFixed(1)} MB in Chromium (goal ${GOAL_MS} ms / ${GOAL_MB} MB: ${(bMs / GOAL_MS).toFixed(2)}x / ${(bTotal / GOAL_MB).toFixed(2)}x); Chromium/Node time ${(bMs / nMs).toFixed(2)}x, memory ${(bTotal / nTotal).toFixed(2)}x`,
        );
      }
    }
    console.log("");
    for (const line of summary) console.log(line);
  } finally {
    clearTimeout(deadline);
    await browser?.close().catch(() => {});
    server?.close();
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
