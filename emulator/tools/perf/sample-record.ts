/**
 * perf record without tracepoints: timer sampling of the live VM (`-F 99 -a -g -- sleep 10`,
 * `-F 99 -g -- tar cf /tmp/x.tar /usr`). The command runs in the guest (sleep only passes
 * simulated time); the live workload model (live/workload.ts) says what each CPU runs at each
 * tick, with call chains of the live kernel's symbols.
 */
import { cpuOf, type Live, runOnLive } from "../../live/guest";
import { busyServiceThreads } from "../../live/server-threads";
import { LIVE_CONFIG } from "../../live/system";
import { sampleCpus, sleepDurationNs, workloadFor } from "../../live/workload";
import type { ToolIO } from "../toolapi";
import { PERF_DATA_MAGIC, type PerfSample } from "./data";
import type { SymbolicEvent } from "./events-table";
import { shellJoin } from "./record";
import { passRealTime, refuseEndlessRecord, writeRecording } from "./recording";

/** A command perf waits for but that does not use the CPU, when no model says otherwise. */
const UNMODELLED_NS = 10_000_000n;
/** perf's limit without raising kernel.perf_event_max_sample_rate. */
const MAX_FREQ = 100000;
/** Samples a record keeps, so a long record cannot exhaust the page's memory (about 50 MB of perf.data). */
const MAX_SAMPLES = 100_000;

export interface SampledOptions {
  readonly args: readonly string[];
  readonly command: readonly string[];
  readonly output: string;
  readonly all: boolean;
  readonly callchains: boolean;
  readonly quiet: boolean;
  readonly freq: number;
  /** The -e events (cycles by default): `timer` ones are sampled, the others give no samples. */
  readonly events: readonly SymbolicEvent[];
}

export async function perfRecordSampled(io: ToolIO, live: Live, o: SampledOptions): Promise<number> {
  if (!Number.isInteger(o.freq) || o.freq <= 0) {
    io.stderr("invalid sampling frequency\n");
    return 255;
  }
  if (o.freq > MAX_FREQ) {
    io.stderr(
      `Maximum frequency rate (${MAX_FREQ}) reached.\nPlease use -F freq option with lower value or consider\ntweaking /proc/sys/kernel/perf_event_max_sample_rate.\n`,
    );
    return 255;
  }
  // Without a command perf records until Ctrl-C: only a terminal can send one.
  if (!o.command.length) {
    const refused = refuseEndlessRecord(io);
    if (refused !== null) return refused;
  }
  const sys = live.system();
  live.newPid();
  const childPid = live.newPid();
  const comm = (o.command[0] ?? "perf").replace(/^.*\//, "").slice(0, 15);
  const task = { comm, pid: childPid, tid: childPid };
  const taskCpu = cpuOf(childPid);
  const startNs = live.now() + 1_000_000n;
  const workload = workloadFor(o.command);
  const sleepNs = o.command.length ? sleepDurationNs(o.command) : null;
  let recordedNs: bigint | null = null;
  let capped = false;
  if (sleepNs !== null || !o.command.length) {
    // Sampling happens while time passes: `sleep N` (or perf alone) takes N real seconds, and
    // Ctrl-C ends the record early with what was sampled so far, as with the real perf.
    const cpus = o.all ? LIVE_CONFIG.cpus : 1;
    const capNs =
      (BigInt(MAX_SAMPLES) * 1_000_000_000n) / BigInt(o.freq * cpus * Math.max(1, o.events.length));
    const limit = sleepNs === null || sleepNs > capNs ? capNs : sleepNs;
    recordedNs = await passRealTime(io, limit);
    capped = recordedNs >= capNs && (sleepNs === null || sleepNs > capNs);
  } else {
    // The workload really runs in the guest (tar writes its archive); its CPU time is the model's.
    const r = await runOnLive(io, live, shellJoin(o.command), task, taskCpu);
    io.stdout(r.stdout);
    io.stderr(r.stderr);
  }
  const durationNs = recordedNs ?? workload?.durationNs ?? UNMODELLED_NS;
  if (capped && !o.quiet)
    io.stderr(`perf record: this simulated VM stops sampling after ${MAX_SAMPLES} samples per event\n`);
  const timed = o.events.filter((e) => e.model === "timer");
  const unmodelled = o.events.filter((e) => e.model === "unmodelled");
  if (unmodelled.length && !o.quiet)
    io.stderr(
      `perf record: the simulated kernel has no model of ${unmodelled.map((e) => e.evsel).join(", ")}: no samples of it\n`,
    );
  // Each clock event has its own ticks; the first keeps the plain command line as its seed.
  const raw = timed.flatMap((ev, k) =>
    sampleCpus({
      prog: sys.prog,
      cpus: LIVE_CONFIG.cpus,
      freq: o.freq,
      startNs,
      durationNs,
      seedText: k === 0 ? o.command.join(" ") : `${o.command.join(" ")} ${ev.evsel}`,
      workload,
      task: workload ? { ...task, comm: workload.comm } : task,
      taskCpu,
      allCpus: o.all,
      services: busyServiceThreads(live.state),
    }).map((s) => ({ ...s, event: ev.evsel })),
  );
  if (timed.length > 1)
    raw.sort((a, b) => (a.timeNs < b.timeNs ? -1 : a.timeNs > b.timeNs ? 1 : a.cpu - b.cpu));
  const samples: PerfSample[] = [];
  for (const s of raw) {
    const top = s.chain[0];
    samples.push({
      event: s.event,
      comm: s.comm,
      pid: s.pid,
      tid: s.pid,
      cpu: s.cpu,
      time: s.timeNs.toString(),
      ip: top.addr.toString(16),
      args: [],
      sampled: true,
      symbol: [top.sym, top.dso],
      callchain: o.callchains ? s.chain.map((f) => [f.addr.toString(16), f.sym, f.dso] as const) : undefined,
    });
    // A Ctrl-C that ended the recording is perf's "stop and write": keep writing after it.
    if (samples.length % 4096 === 0 && recordedNs === null) await io.signal.checkpoint();
  }
  live.advance(durationNs + 3_000_000n);
  await live.save();
  await writeRecording(
    io,
    o.output,
    {
      magic: PERF_DATA_MAGIC,
      version: 1,
      cmdline: `perf record ${shellJoin(o.args)}`,
      events: o.events.map((e) => e.evsel),
      callchains: o.callchains,
      freq: o.freq,
    },
    samples,
    { quiet: o.quiet, wakeups: Math.max(1, Math.ceil(samples.length / 2000)) },
  );
  return 0;
}
