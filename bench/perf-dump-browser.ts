import type { Server } from "node:http";
import { type Browser, chromium, type Page } from "playwright-core";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "../scripts/chromium.mjs";
import { startServer } from "../scripts/serve.mjs";
import {
  BETWEEN_RUNS,
  COMMAND_TIMEOUT_MS,
  describe,
  load,
  type Measure,
  measureNode,
  median,
  RECORD_LINE,
  SCRIPT_LINE,
  variants,
} from "./perf-dump";
import { dist, ensureBuilt, lastLine, type PromptTiming, timeToPrompt } from "./site-dist";

const RUNS = 3;
const LESSON = "labs/perf-probe/";
/** Whole-benchmark deadline: a hung terminal must not hang `npm run bench`. */
const DEADLINE_MS = 20 * 60_000;

type Timing = PromptTiming;

const timed = (page: Page, line: string): Promise<Timing> =>
  timeToPrompt(page, line, /^\[[^\]]*\]#$/, COMMAND_TIMEOUT_MS);

async function waitForPrompt(page: Page): Promise<void> {
  const t0 = Date.now();
  while (!/\]#\s*$/.test(await lastLine(page))) {
    if (Date.now() - t0 > COMMAND_TIMEOUT_MS)
      throw new Error(
        `timed out waiting for the shell prompt; last line: ${JSON.stringify(await lastLine(page))}`,
      );
    await page.waitForTimeout(20);
  }
}

async function measureBrowser(
  browser: Browser,
  url: string,
  setup: readonly string[],
  errors: string[],
): Promise<Measure> {
  // A fresh context per setup: no guest state carried over (the site keeps progress in storage).
  const context = await browser.newContext({
    // The service worker would precache the whole site in the background while we measure.
    serviceWorkers: "block",
    viewport: { width: 1400, height: 900 },
  });
  try {
    // tsx compiles this file with esbuild's keepNames: functions passed to page.evaluate call __name.
    await context.addInitScript("globalThis.__name = (f) => f;");
    const page = await context.newPage();
    page.setDefaultTimeout(COMMAND_TIMEOUT_MS);
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
    });
    page.on("pageerror", (e) => errors.push(e.message));
    const t0 = Date.now();
    await page.goto(`${url}${LESSON}`);
    await page.waitForFunction(() => window.__kdebugTerm !== undefined);
    await page.evaluate(() => window.__kdebugTerm!.ready());
    await waitForPrompt(page);
    console.log(`${LESSON}: shell prompt after ${Date.now() - t0} ms`);
    await page.locator(".terminal-host .xterm").click();

    const setupMs: number[] = [];
    for (const line of setup) {
      const r = await timed(page, line);
      setupMs.push(r.ms);
      if (/not found|error|No such/i.test(r.output))
        throw new Error(`setup line ${line} failed: ${r.output.trim().slice(0, 400)}`);
    }
    const recordRuns: number[] = [];
    const scriptRuns: number[] = [];
    let samples = Number.NaN;
    let lines = Number.NaN;
    for (let i = 0; i < RUNS; i++) {
      await timed(page, BETWEEN_RUNS);
      const rec = await timed(page, RECORD_LINE);
      recordRuns.push(rec.ms);
      samples = Number(/\((\d+) samples?\)/.exec(rec.output)?.[1] ?? Number.NaN);
      const scr = await timed(page, SCRIPT_LINE);
      scriptRuns.push(scr.ms);
      lines = Number(scr.output.trim().split(/\s+/).at(-1));
    }
    return {
      record: median(recordRuns),
      script: median(scriptRuns),
      recordRuns,
      scriptRuns,
      samples,
      lines,
      setupMs,
    };
  } finally {
    await context.close().catch(() => {});
  }
}

async function main() {
  ensureBuilt();
  let server: Server | undefined;
  let browser: Browser | undefined;
  const deadline = setTimeout(() => {
    console.error(`perf-dump-browser: deadline of ${DEADLINE_MS / 1000} s passed, giving up`);
    void Promise.race([browser?.close(), new Promise((r) => setTimeout(r, 5000))]).finally(() => {
      server?.close();
      process.exit(2);
    });
  }, DEADLINE_MS);
  try {
    console.log(`load average before: ${load()}`);
    const started = (await startServer(dist, 0)) as { server: Server; url: string };
    server = started.server;
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
    console.log(`Chromium ${browser.version()}`);
    const errors: string[] = [];
    const summary: string[] = [];
    for (const v of await variants()) {
      const web = await measureBrowser(browser, started.url, v.setup, errors);
      for (const line of describe(v.label, "chromium", web)) console.log(line);
      const node = await measureNode(v.setup);
      for (const line of describe(v.label, "node", node)) console.log(line);
      if (web.samples !== node.samples || web.lines !== node.lines)
        console.log(
          `${v.label}: counts differ: chromium ${web.samples} samples/${web.lines} lines, node ${node.samples}/${node.lines}`,
        );
      summary.push(
        `perf-dump-browser ${v.label}: record ${web.record.toFixed(0)} ms, script ${web.script.toFixed(0)} ms ` +
          `(${web.samples} samples, ${web.lines} lines); record/script ${(web.record / web.script).toFixed(2)}; ` +
          `chromium/node record ${(web.record / node.record).toFixed(2)}, script ${(web.script / node.script).toFixed(2)}`,
      );
    }
    if (errors.length) console.log(`page errors: ${errors.slice(0, 5).join(" | ")}`);
    console.log("");
    for (const line of summary) console.log(line);
    console.log(`load average after: ${load()}`);
  } finally {
    clearTimeout(deadline);
    await browser?.close().catch(() => {});
    server?.close();
  }
}

main().then(
  // The in-process guest's tools and timers must not keep the process alive.
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
