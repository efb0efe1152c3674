/**
 * What both kinds of perf record (tracepoints, timer sampling) do at their ends: let real time
 * pass while recording (a command-less or `sleep N` record lasts as long as it would), refuse an
 * endless record where no Ctrl-C can end it, and write perf.data with perf's summary lines.
 */
import type { ToolIO } from "../toolapi";
import { decodePerfData, encodePerfData, type PerfHeader, type PerfSample } from "./data";

/**
 * Let up to `limitNs` of real time pass in short steps; Ctrl-C ends it early. Returns the time
 * that passed, which is how long the simulated CPUs were sampled.
 */
export async function passRealTime(io: ToolIO, limitNs: bigint): Promise<bigint> {
  const start = Date.now();
  let interrupted = io.signal.interrupted;
  let wake: (() => void) | null = null;
  const off = io.signal.onInterrupt(() => {
    interrupted = true;
    wake?.();
  });
  try {
    for (;;) {
      const passed = BigInt(Date.now() - start) * 1_000_000n;
      if (interrupted) return passed < limitNs ? passed : limitNs;
      if (passed >= limitNs) return limitNs;
      const stepMs = Math.min(200, Number((limitNs - passed) / 1_000_000n) + 1);
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, stepMs);
      });
    }
  } finally {
    off();
  }
}

/** Without a command perf records until Ctrl-C: refused (exit 129) where no terminal can send one. */
export function refuseEndlessRecord(io: ToolIO): number | null {
  if (io.tty) return null;
  io.stderr(
    "perf record: without a command, recording runs until Ctrl-C: run it at the terminal, or add -- sleep N\n",
  );
  return 129;
}

/**
 * Write a recording to `output` (an existing perf.data becomes `<output>.old`, as perf does) and,
 * unless quiet, perf's two summary lines; `wakeups` is how often perf woke to drain its buffers.
 */
export async function writeRecording(
  io: ToolIO,
  output: string,
  header: PerfHeader,
  samples: readonly PerfSample[],
  o: { readonly quiet: boolean; readonly wakeups: number },
): Promise<void> {
  const path = io.fs.resolve(output);
  if (await io.fs.exists(path)) {
    const old = await io.fs.readFile(path);
    if (decodePerfData(old)) await io.fs.writeFile(`${path}.old`, old);
  }
  const text = encodePerfData(header, samples);
  await io.fs.writeFile(path, text);
  if (o.quiet) return;
  const mb = (new TextEncoder().encode(text).length / 1048576).toFixed(3);
  io.stderr(
    `[ perf record: Woken up ${o.wakeups} times to write data ]\n` +
      `[ perf record: Captured and wrote ${mb} MB ${output}${samples.length ? ` (${samples.length} samples)` : ""} ]\n`,
  );
}
