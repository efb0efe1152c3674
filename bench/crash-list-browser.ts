import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import type { Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { CHROMIUM_ARGS as ARGS, CHROMIUM_PATH } from "../scripts/chromium.mjs";
import { startServer } from "../scripts/serve.mjs";
import { dist, ensureBuilt, lastLine, type PromptTiming, timeToPrompt } from "./site-dist";

const GOAL_PIPELINE_MS = 1500;
const GOAL_LOWER_S_RATIO = 3;
const RUNS = 3;
/** Whole-benchmark deadline: a hung terminal must not hang `npm run bench`. */
const DEADLINE_MS = 10 * 60_000;
/** One command (82718 locks through the shell) on a loaded machine. */
const COMMAND_TIMEOUT_MS = 120_000;

const GRANTED = "ffff917c981c3b60";
const WAITING = "ffff917c981c3b70";
const LESSON = "labs/server-load/";
const START = "crash -s /usr/lib/debug/lib/modules/3.10.0*/vmlinux vmcore";

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function waitForLast(page: Page, re: RegExp, what: string, timeout = COMMAND_TIMEOUT_MS) {
  const t0 = Date.now();
  while (!re.test(await lastLine(page))) {
    if (Date.now() - t0 > timeout)
      throw new Error(`timed out waiting for ${what}; last line: ${JSON.stringify(await lastLine(page))}`);
    await page.waitForTimeout(20);
  }
}

type Timing = PromptTiming;

const timed = (page: Page, line: string): Promise<Timing> =>
  timeToPrompt(page, line, /^crash>$/, COMMAND_TIMEOUT_MS);

async function timeMedian(page: Page, label: string, line: string, runs = RUNS): Promise<number> {
  const samples: Timing[] = [];
  for (let i = 0; i < runs; i++) samples.push(await timed(page, line));
  const ms = median(samples.map((s) => s.ms));
  console.log(
    `${label.padEnd(40)} ${ms.toFixed(0).padStart(6)} ms  (runs ${samples.map((s) => s.ms.toFixed(0)).join(", ")}; ${samples.at(-1)!.writes} terminal writes)`,
  );
  return ms;
}

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { name?: string };
}

/**
 * Busy time per thread in a trace: top-level tasks (ThreadControllerImpl::RunTask) and, inside
 * them, garbage collection (MinorGC + MajorGC). Other event names nest inside these.
 */
function threadBusy(path: string): string[] {
  const { traceEvents } = JSON.parse(readFileSync(path, "utf8")) as { traceEvents: TraceEvent[] };
  const names = new Map<string, string>();
  for (const e of traceEvents)
    if (e.ph === "M" && e.name === "thread_name") names.set(`${e.pid}:${e.tid}`, e.args?.name ?? "");
  const busy = new Map<string, { task: number; gc: number; tasks: number }>();
  for (const e of traceEvents) {
    if (e.ph !== "X" || !e.dur) continue;
    const k = `${e.pid}:${e.tid}`;
    let b = busy.get(k);
    if (!b) busy.set(k, (b = { task: 0, gc: 0, tasks: 0 }));
    if (e.name === "ThreadControllerImpl::RunTask") {
      b.task += e.dur;
      b.tasks++;
    } else if (e.name === "MinorGC" || e.name === "MajorGC") b.gc += e.dur;
  }
  return [...busy]
    .filter(([, b]) => b.task > 20_000)
    .sort((a, b) => b[1].task - a[1].task)
    .map(
      ([k, b]) =>
        `  ${(names.get(k) ?? k).padEnd(32)} busy ${(b.task / 1000).toFixed(0).padStart(5)} ms in ${String(b.tasks).padStart(4)} tasks, of which GC ${(b.gc / 1000).toFixed(0).padStart(4)} ms`,
    );
}

async function main() {
  ensureBuilt();
  let server: Server | undefined;
  let browser: Browser | undefined;
  const profileDir = await mkdtemp(join(tmpdir(), "kdebug-crash-bench-"));
  const deadline = setTimeout(() => {
    console.error(`crash-list-browser: deadline of ${DEADLINE_MS / 1000} s passed, giving up`);
    void Promise.race([browser?.close(), new Promise((r) => setTimeout(r, 5000))]).finally(() => {
      server?.close();
      process.exit(2);
    });
  }, DEADLINE_MS);
  try {
    const started = (await startServer(dist, 0)) as { server: Server; url: string };
    server = started.server;
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ARGS });
    // The service worker would precache the whole site in the background while we measure.
    const context = await browser.newContext({
      serviceWorkers: "block",
      viewport: { width: 1400, height: 900 },
    });
    // tsx compiles this file with esbuild's keepNames: functions passed to page.evaluate call __name.
    await context.addInitScript("globalThis.__name = (f) => f;");
    const page = await context.newPage();
    page.setDefaultTimeout(COMMAND_TIMEOUT_MS);
    const consoleErrors: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error") consoleErrors.push(m.text());
    });
    page.on("pageerror", (e) => consoleErrors.push(e.message));

    const t0 = Date.now();
    await page.goto(`${started.url}${LESSON}`);
    await page.waitForFunction(() => window.__kdebugTerm !== undefined);
    await page.evaluate(() => window.__kdebugTerm!.ready());
    await waitForLast(page, /[#$]\s*$/, "the shell prompt");
    console.log(`Chromium ${browser.version()}; ${LESSON}: shell prompt after ${Date.now() - t0} ms`);
    await page.locator(".terminal-host .xterm").click();
    const tc = Date.now();
    await page.keyboard.type(START, { delay: 0 });
    await page.keyboard.press("Enter");
    await waitForLast(page, /^crash>\s*$/, "crash> after starting crash");
    console.log(`crash start-up: crash> after ${Date.now() - tc} ms (from Enter, polled)`);

    const listS = `list -H ${GRANTED} ldlm_lock.l_res_link -S ldlm_lock.l_export`;
    const lists = `list -H ${GRANTED} ldlm_lock.l_res_link -s ldlm_lock.l_export`;
    const pipeline = "| awk '/l_export/ { print $3 }' | sort | uniq -c | sort -h";
    await timed(page, `${listS} | wc -l`); // warm-up: JIT and the worker's first walk of the list

    const full = await timeMedian(page, "list -S | awk | sort | uniq -c | sort -h", `${listS} ${pipeline}`);
    const rawS = await timeMedian(page, "list -S | wc -l", `${listS} | wc -l`);
    const rawLower = await timeMedian(page, "list -s | wc -l", `${lists} | wc -l`);
    const tail = await timeMedian(page, "list -s | tail -3", `${lists} | tail -3`, 1);
    await timed(page, `${listS} | awk '/l_export/ { print $3 }' > export`);
    await timed(
      page,
      `list -H ${WAITING} ldlm_lock.l_res_link -S ldlm_lock.l_export | awk '/l_export/ { print $3 }' >> export`,
    );
    const rd = await timeMedian(
      page,
      "rd -o 0x118 < export | awk > conn",
      "rd -o 0x118 < export | awk '{ print $2 }' > conn",
    );
    const check = await timed(page, "!wc -l export conn");
    const counts = await page.evaluate(() =>
      window
        .__kdebugTerm!.text()
        .split("\n")
        .filter((l) => / (export|conn)$/.test(l.trim()))
        .slice(-2)
        .join("; "),
    );
    console.log(`files: ${counts.trim()} (${check.ms.toFixed(0)} ms)`);

    if (process.env.BENCH_PROFILE) {
      const tracePath = process.env.BENCH_TRACE ?? join(profileDir, "trace.json");
      await browser.startTracing(page, {
        path: tracePath,
        categories: ["toplevel", "v8", "disabled-by-default-devtools.timeline", "devtools.timeline"],
      });
      const traced = await timed(page, `${listS} ${pipeline}`);
      await browser.stopTracing();
      console.log(`profile of one pipeline run (${traced.ms.toFixed(0)} ms, traced), busy time per thread:`);
      for (const l of threadBusy(tracePath)) console.log(l);
    }
    if (consoleErrors.length) console.log(`page errors: ${consoleErrors.slice(0, 5).join(" | ")}`);

    console.log("");
    console.log(
      `crash-list-browser pipeline ${full.toFixed(0)} ms (goal ${GOAL_PIPELINE_MS} ms, ratio ${(full / GOAL_PIPELINE_MS).toFixed(2)})`,
    );
    console.log(
      `crash-list-browser -s/-S ${(rawLower / rawS).toFixed(2)}x (${rawLower.toFixed(0)} / ${rawS.toFixed(0)} ms through wc -l; goal within ${GOAL_LOWER_S_RATIO}x, ratio to goal ${(rawLower / rawS / GOAL_LOWER_S_RATIO).toFixed(2)})`,
    );
    console.log(`crash-list-browser -s | tail -3 ${tail.toFixed(0)} ms; rd < export ${rd.toFixed(0)} ms`);
  } finally {
    clearTimeout(deadline);
    await browser?.close().catch(() => {});
    server?.close();
    await rm(profileDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
