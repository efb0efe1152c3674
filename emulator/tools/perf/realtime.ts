/** Real time passing for perf record: a command-less or `sleep N` record lasts as long as it would. */
import type { ToolIO } from "../toolapi";

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
