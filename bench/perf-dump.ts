/**
 * perf over the ldlm namespace dump in the perf-probe lab's live simulated Lustre VM, in Node,
 * through the guest the CLI's `shell` uses (SimulatedGuest: line editor, ShellSession, tools):
 * the setup lines are typed at the prompt, then each timed line runs from Enter to the next
 * shell prompt (median of 5):
 *  - `perf record -o /tmp/perf.data -e 'probe:*' sh -c 'echo 1 > .../dump_namespaces'` (the probe
 *    on ldlm_res_hash_dump fires once per resource the dump visits);
 *  - `perf script -i /tmp/perf.data | wc -l` (one line per sample).
 * Prints both, the samples/lines counts and the ratio record/script. When the guest has the
 * cluster workload command (CLUSTER_JOB: many more resources and thousands of locks), measures
 * the setup with it as well. bench/perf-dump-browser.ts imports measureNode for its ratio.
 *
 *   npx tsx bench/perf-dump.ts        (or: npm run bench perf-dump)
 */
import { loadavg } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createSimulatedGuest, type SimulatedGuest } from "../emulator/guest/simulated-guest";
import { PERF_DATA } from "../labs/perf-probe/graders";
import { ADD_PROBE, RECORD_DUMP, START_LUSTRE } from "../labs/perf-probe/index";

export const RUNS = 5;
/** One command on a loaded machine (the cluster job's dump walks thousands of locks). */
export const COMMAND_TIMEOUT_MS = 300_000;

/** Enable the ldlm debug messages: without dlmtrace, ldlm_namespace_dump returns at once. */
export const DLMTRACE = "lctl set_param debug=+dlmtrace";
/**
 * The workload that fills the VM with resources and locks; it runs after the client mount.
 * Its name is not settled yet: the bench probes the guest for the first word (`type`).
 */
export const CLUSTER_JOB = "cluster-job start";

/** Everything before the timed lines, as typed at the prompt (insert workload lines after the mount). */
export const SETUP: readonly string[] = [...START_LUSTRE, ADD_PROBE, DLMTRACE];
/** SETUP with the cluster workload right after the client mount. */
export const CLUSTER_SETUP: readonly string[] = [...START_LUSTRE, CLUSTER_JOB, ADD_PROBE, DLMTRACE];

export const RECORD_LINE = RECORD_DUMP;
export const SCRIPT_LINE = `perf script -i ${PERF_DATA} | wc -l`;
/**
 * Untimed, before each record: empty the Lustre debug buffer the previous dump filled (the lab
 * does the same after recording), so every run dumps into the state the learner's first run sees.
 */
export const BETWEEN_RUNS = "lctl dk > /dev/null";

export const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(", ");

export interface Measure {
  /** Median ms, Enter → prompt. */
  readonly record: number;
  readonly script: number;
  readonly recordRuns: readonly number[];
  readonly scriptRuns: readonly number[];
  /** `(N samples)` from perf record's summary line. */
  readonly samples: number;
  /** What `| wc -l` printed. */
  readonly lines: number;
  /** Time of each setup line (ms), in order. */
  readonly setupMs: readonly number[];
}

/** The VM's shell prompt at the end of the output: `[root@host dir]# `. */
const PROMPT = /\[[^\]\r\n]*\]# $/;

/** A SimulatedGuest driven like a terminal: type a line, press Enter, wait for the prompt. */
class TypedGuest {
  private out = "";
  private constructor(private readonly guest: SimulatedGuest) {
    guest.onOutput((d) => {
      // Only the tail matters (prompt detection, the last command's short output).
      this.out = (this.out + d).slice(-64 * 1024);
    });
  }

  static async start(): Promise<TypedGuest> {
    const guest = createSimulatedGuest({ lab: { cwd: "/root" }, columns: 160, rows: 50, relogin: false });
    const typed = new TypedGuest(guest);
    await guest.start();
    await typed.waitFor(() => PROMPT.test(typed.out), "the first prompt");
    return typed;
  }

  private waitFor(done: () => boolean, what: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const t0 = Date.now();
      const poll = () => {
        if (done()) resolve();
        else if (Date.now() - t0 > COMMAND_TIMEOUT_MS)
          reject(
            new Error(`timed out waiting for ${what}; output ends ${JSON.stringify(this.out.slice(-300))}`),
          );
        else setImmediate(poll);
      };
      poll();
    });
  }

  /**
   * Type `line`, let the editor echo it, then time Enter → the prompt printed again after the
   * command went busy and idle. Returns the ms and the command's output.
   */
  async run(line: string): Promise<{ ms: number; output: string }> {
    this.guest.input(line);
    await this.waitFor(() => this.out.endsWith(line.slice(-20)), `the echo of ${line}`);
    let idle = false;
    let busy = false;
    const off = this.guest.onStatus((s) => {
      if (s.busy) busy = true;
      else if (busy) idle = true;
    });
    this.out = "";
    const t0 = performance.now();
    this.guest.input("\r");
    try {
      await this.waitFor(() => idle && PROMPT.test(this.out), `the prompt after ${line}`);
    } finally {
      off();
    }
    const ms = performance.now() - t0;
    const output = this.out.replace(PROMPT, "").replace(/^\r\n/, "");
    return { ms, output };
  }

  dispose(): void {
    this.guest.dispose();
  }
}

/** Does the guest know the command `name` (builtin, function, file)? */
export async function guestHas(name: string): Promise<boolean> {
  const g = await TypedGuest.start();
  try {
    const { output } = await g.run(`type ${name} >/dev/null 2>&1 && echo yes || echo no`);
    return /\byes\b/.test(output);
  } finally {
    g.dispose();
  }
}

export async function measureNode(setup: readonly string[], runs = RUNS): Promise<Measure> {
  const g = await TypedGuest.start();
  try {
    const setupMs: number[] = [];
    for (const line of setup) {
      const r = await g.run(line);
      setupMs.push(r.ms);
      if (/not found|error|No such/i.test(r.output))
        throw new Error(`setup line ${line} failed: ${r.output.trim().slice(0, 400)}`);
    }
    const recordRuns: number[] = [];
    const scriptRuns: number[] = [];
    let samples = Number.NaN;
    let lines = Number.NaN;
    for (let i = 0; i < runs; i++) {
      await g.run(BETWEEN_RUNS);
      const rec = await g.run(RECORD_LINE);
      recordRuns.push(rec.ms);
      samples = Number(/\((\d+) samples?\)/.exec(rec.output)?.[1] ?? Number.NaN);
      const scr = await g.run(SCRIPT_LINE);
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
    g.dispose();
  }
}

export function describe(label: string, where: string, m: Measure): string[] {
  const runs = (xs: readonly number[]) => xs.map((x) => x.toFixed(0)).join(", ");
  return [
    `${where} ${label}: setup lines ${runs(m.setupMs)} ms`,
    `${where} ${label}: perf record ${m.record.toFixed(0)} ms (runs ${runs(m.recordRuns)}), ${m.samples} samples`,
    `${where} ${label}: perf script | wc -l ${m.script.toFixed(0)} ms (runs ${runs(m.scriptRuns)}), ${m.lines} lines`,
    `${where} ${label}: ratio record/script ${(m.record / m.script).toFixed(2)}`,
  ];
}

/** The setups to measure: always SETUP; CLUSTER_SETUP when the guest has the workload command. */
export async function variants(): Promise<{ label: string; setup: readonly string[] }[]> {
  const name = CLUSTER_JOB.split(" ")[0];
  const out = [{ label: "lab setup", setup: SETUP }];
  if (await guestHas(name)) out.push({ label: `with ${CLUSTER_JOB}`, setup: CLUSTER_SETUP });
  else console.log(`${name}: not in the guest yet, measuring the lab setup only`);
  return out;
}

async function main(): Promise<void> {
  console.log(`load average before: ${load()}`);
  for (const v of await variants()) {
    const m = await measureNode(v.setup);
    for (const line of describe(v.label, "node", m)) console.log(line);
    if (m.samples !== m.lines)
      console.log(`node ${v.label}: perf script printed ${m.lines} lines for ${m.samples} samples`);
  }
  console.log(`load average after: ${load()}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  main().then(
    // The guest's tools and timers must not keep the process alive (as in bin/kdebug-lab.mjs).
    () => process.exit(0),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
