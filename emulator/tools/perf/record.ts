/**
 * perf record -e probe:... [-a] [-g] [-o file] [--] command: arms the selected kprobe events on
 * the live kernel's event engine, runs the command in the guest shell as a new process, and
 * writes every hit (values fetched from memory at the hit) to perf.data. perf script prints it.
 * The -e words resolve against events-table.ts (what perf list prints); symbolic events
 * (cycles, cpu-clock, ...) go to the sampler (sample-record.ts).
 */
import { cpuOf, type Live, runOnLive } from "../../live/guest";
import { KPROBE_EVENTS } from "../../live/state";
import { fetchValue, type KprobeDef, parseKprobeEvents } from "../../live/tracefs";
import type { ToolIO } from "../toolapi";
import { PERF_DATA_MAGIC, type PerfSample } from "./data";
import { resolveEvent, type SymbolicEvent, type Tracepoint, tracepoints } from "./events-table";
import { passRealTime, refuseEndlessRecord, writeRecording } from "./recording";
import { perfRecordSampled } from "./sample-record";

/** Quote words back into one shell line. */
export function shellJoin(words: readonly string[]): string {
  return words
    .map((w) => (/^[A-Za-z0-9_./:=@%+,-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`))
    .join(" ");
}

/** How long a command-less record waits for Ctrl-C before it stops by itself (an hour). */
const RECORD_UNTIL_INTERRUPT_NS = 3600n * 1_000_000_000n;

export async function perfRecord(io: ToolIO, live: Live, args: readonly string[]): Promise<number> {
  const events: string[] = [];
  let output = "perf.data";
  let all = false;
  let callchains = false;
  let quiet = false;
  let freq: number | null = null;
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i];
    if (a === "--") {
      i++;
      break;
    }
    if (a === "-e" || a === "--event") {
      if (i + 1 >= args.length) {
        io.stderr(`  Error: ${a === "-e" ? "switch `e'" : "option `event'"} requires a value\n`);
        return 129;
      }
      events.push(...args[++i].split(","));
    } else if (a.startsWith("-e") && a.length > 2) events.push(...a.slice(2).split(","));
    else if (a === "-o" || a === "--output") output = args[++i] ?? output;
    else if (a === "-a" || a === "--all-cpus") all = true;
    else if (a === "-g") callchains = true;
    else if (a === "-F" || a === "--freq") freq = Number(args[++i]);
    else if (/^-F\d+$/.test(a)) freq = Number(a.slice(2));
    else if (a.startsWith("--freq=")) freq = Number(a.slice(7));
    else if (a === "-q" || a === "--quiet") quiet = true;
    else if (a === "-aR" || a === "-R" || a === "--raw-samples") all = all || a === "-aR";
    else if (a.startsWith("-")) {
      io.stderr(`  Error: unknown switch \`${a.replace(/^-+/, "")}'\n`);
      return 129;
    } else break;
  }
  const command = args.slice(i);
  // The events resolve against the table perf list prints (events-table.ts).
  const available = await tracepoints(io.fs);
  const symbolic: SymbolicEvent[] = [];
  const traced: Tracepoint[] = [];
  for (const e of events.length ? events : ["cycles"]) {
    const r = resolveEvent(e, available);
    if (!r) {
      io.stderr(`invalid or unsupported event: '${e}'\nRun 'perf list' for a list of valid events\n`);
      return 129;
    }
    if (r.kind === "symbolic") {
      if (!symbolic.includes(r.event)) symbolic.push(r.event);
    } else for (const t of r.tracepoints) if (!traced.includes(t)) traced.push(t);
  }
  if (symbolic.length && traced.length) {
    io.stderr("perf record: this simulation records sampled events or tracepoints, not both at once\n");
    return 129;
  }
  if (symbolic.length) {
    const o = { args, command, output, all, callchains, quiet, freq: freq ?? 4000, events: symbolic };
    return perfRecordSampled(io, live, o);
  }
  const defs = (await io.fs.exists(KPROBE_EVENTS))
    ? parseKprobeEvents(await io.fs.readFile(KPROBE_EVENTS))
    : [];
  const selected: KprobeDef[] = defs.filter((d) =>
    traced.some((t) => t.kprobe && t.subsys === d.group && t.event === d.event),
  );
  const unmodelled = traced.filter((t) => !t.kprobe).map((t) => `${t.subsys}:${t.event}`);
  if (unmodelled.length && !quiet)
    io.stderr(`perf record: the simulated kernel never fires ${unmodelled.join(", ")}: no samples of it\n`);
  // No command: perf records the whole system until Ctrl-C, which only a terminal can send.
  if (!command.length) {
    const refused = refuseEndlessRecord(io);
    if (refused !== null) return refused;
  }
  const systemWide = all || !command.length;
  const sys = live.system();
  // perf itself takes a pid, its child (the workload) the next one.
  live.newPid();
  const childPid = live.newPid();
  const comm = (command[0] ?? "sleep").replace(/^.*\//, "").slice(0, 15);
  const samples: PerfSample[] = [];
  const detach: (() => void)[] = [];
  for (const d of selected) {
    const sym = sys.prog.symbols.lookup(d.symbol);
    if (!sym || (d.module && !sys.isLoaded(d.module))) continue;
    detach.push(
      sys.engine.attach({
        kind: d.kind === "r" ? "kretprobe" : "kprobe",
        address: sym.address + BigInt(d.offset),
        handler: (hit) => {
          if (!systemWide && hit.task.pid !== childPid) return;
          const chain = callchains
            ? [hit.address, ...hit.callers].map((a): [string, string, string] => {
                const r = sys.prog.symbols.resolve(a);
                const name = r ? `${r.symbol.name}+0x${r.offset.toString(16)}` : "[unknown]";
                const dso = r?.symbol.module ? `[${r.symbol.module}]` : "[kernel.kallsyms]";
                return [a.toString(16), name, dso];
              })
            : undefined;
          // perf report's Symbol and Shared Object columns: the probed function.
          const at = sys.prog.symbols.resolve(hit.address);
          samples.push({
            event: `${d.group}:${d.event}`,
            comm: hit.task.comm,
            pid: hit.task.pid,
            tid: hit.task.tid,
            cpu: hit.cpu,
            time: hit.timeNs.toString(),
            ip: hit.address.toString(16),
            retIp: d.kind === "r" ? hit.returnAddress.toString(16) : undefined,
            args: d.args.map((a) => [a.name, fetchValue(a, hit)] as const),
            callchain: chain,
            symbol: at
              ? [at.symbol.name, at.symbol.module ? `[${at.symbol.module}]` : "[kernel.kallsyms]"]
              : undefined,
          });
        },
      }),
    );
  }
  try {
    if (!command.length) await passRealTime(io, RECORD_UNTIL_INTERRUPT_NS);
    else {
      const r = await runOnLive(
        io,
        live,
        shellJoin(command),
        { comm, pid: childPid, tid: childPid },
        cpuOf(childPid),
      );
      io.stdout(r.stdout);
      io.stderr(r.stderr);
    }
  } finally {
    for (const d of detach) d();
  }
  live.advance(3000000n);
  await live.save();
  await writeRecording(
    io,
    output,
    {
      magic: PERF_DATA_MAGIC,
      version: 1,
      cmdline: `perf record ${shellJoin(args)}`,
      events: [...selected.map((d) => `${d.group}:${d.event}`), ...unmodelled],
      callchains,
    },
    samples,
    { quiet, wakeups: 1 },
  );
  return 0;
}
