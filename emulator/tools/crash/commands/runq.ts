/**
 * `runq`: each CPU's runqueue as crash walks it on a CFS kernel: the running task, the RT
 * priority queues and the CFS red-black tree (entering task-group runqueues), read from the
 * per-CPU `runqueues` in the dump. -t/-T/-m show runqueue clocks and how long ago each
 * CPU's current task was switched in.
 */
import type { TaskStruct } from "../../../kernel/linux/model";
import type { Program } from "../../../kernel/program";
import type { KernelSymbol } from "../../../kernel/symbols";
import { type CrashCommand, CrashError, type CrashSession } from "../command";
import { getopt, hex, info, parseCpuList, taskTable } from "./tasks-common";

function runqueues(prog: Program): KernelSymbol {
  const sym = prog.symbols.lookup("runqueues");
  if (!sym) throw new CrashError("per-cpu runqueues do not exist");
  return sym;
}

function rqAddress(prog: Program, sym: KernelSymbol, cpu: number): bigint {
  return sym.percpu ? prog.perCpu(sym, cpu) : sym.address;
}

function off(prog: Program, struct: string, member: string): bigint {
  return BigInt(prog.offsetOf(struct, member));
}

function rqClock(prog: Program, rq: bigint): bigint {
  try {
    return prog.readMember(rq, "rq", "clock");
  } catch {
    throw new CrashError("-t option not supported or applicable on this architecture or kernel");
  }
}

/** `[%3d] PID: %-5ld  TASK: %lx  COMMAND: "%s"` */
function queuedLine(prio: number | bigint, t: TaskStruct, current = false): string {
  return `[${String(prio).padStart(3)}] PID: ${String(t.pid).padEnd(5)}  TASK: ${hex(t.address)}  COMMAND: "${t.comm}"${current ? " [CURRENT]" : ""}\n`;
}

function taskPrio(prog: Program, t: TaskStruct): bigint {
  try {
    return BigInt.asIntN(32, prog.readMember(t.address, "task_struct", "prio"));
  } catch {
    return 120n;
  }
}

/** Walk a list_head ring from head, returning the entry addresses (not the head). */
function listEntries(prog: Program, head: bigint, limit = 100000): bigint[] {
  const out: bigint[] = [];
  let p = prog.readPointer(head);
  while (p !== head && p !== 0n && out.length < limit) {
    out.push(p);
    p = prog.readPointer(p);
  }
  return out;
}

/** Offset of a member, or `fallback` when the dump's type information lacks it. */
function offOr(prog: Program, struct: string, member: string, fallback: number): bigint {
  try {
    return BigInt(prog.offsetOf(struct, member));
  } catch {
    return BigInt(fallback);
  }
}

/**
 * The RT queues: rt_prio_array.queue[0..99] (after the 2-word priority bitmap on x86_64),
 * each a list of sched_rt_entity.run_list.
 */
function rtTasks(session: CrashSession, array: bigint): string {
  const prog = session.prog;
  const table = taskTable(prog);
  const queueOff = offOr(prog, "rt_prio_array", "queue", 16);
  let runList: bigint;
  try {
    runList = off(prog, "task_struct", "rt") + offOr(prog, "sched_rt_entity", "run_list", 0);
  } catch {
    return ""; // no RT scheduling entity in the type information: nothing can be queued there
  }
  let out = "";
  for (let i = 0; i < 100; i++) {
    const head = array + queueOff + BigInt(i * 16);
    for (const e of listEntries(prog, head)) {
      const t = table.byAddress.get(e - runList);
      if (t) out += `     ${queuedLine(i, t)}`;
    }
  }
  return out;
}

function rbFirst(prog: Program, node: bigint): bigint {
  let n = node;
  const left = off(prog, "rb_node", "rb_left");
  while (n !== 0n) {
    const l = prog.readPointer(n + left);
    if (l === 0n) break;
    n = l;
  }
  return n;
}

function rbNext(prog: Program, node: bigint): bigint {
  const right = prog.readPointer(node + off(prog, "rb_node", "rb_right"));
  if (right !== 0n) return rbFirst(prog, right);
  const parentOff = off(prog, "rb_node", "__rb_parent_color");
  let n = node;
  let parent = prog.readPointer(n + parentOff) & ~3n;
  while (parent !== 0n && prog.readPointer(parent + off(prog, "rb_node", "rb_right")) === n) {
    n = parent;
    parent = prog.readPointer(n + parentOff) & ~3n;
  }
  return parent;
}

/** The tasks of a cfs_rq's tree in order, entering group runqueues (sched_entity.my_q). */
function cfsTasks(session: CrashSession, cfsRq: bigint, depth = 0): string {
  const prog = session.prog;
  const table = taskTable(prog);
  if (depth > 16) return "";
  const root = cfsRq + off(prog, "cfs_rq", "tasks_timeline");
  const runNode = off(prog, "sched_entity", "run_node");
  const seInTask = off(prog, "task_struct", "se");
  const hasMyQ = prog.struct("sched_entity").members.some((m) => m.name === "my_q");
  let out = "";
  let seen = 0;
  for (
    let node = rbFirst(prog, prog.readPointer(root));
    node !== 0n && seen < 100000;
    node = rbNext(prog, node), seen++
  ) {
    const se = node - runNode;
    if (hasMyQ) {
      const myQ = prog.readMember(se, "sched_entity", "my_q");
      if (myQ !== 0n) {
        out += cfsTasks(session, myQ, depth + 1);
        continue;
      }
    }
    const t = table.byAddress.get(se - seInTask);
    if (t) out += `     ${queuedLine(taskPrio(prog, t), t)}`;
  }
  return out;
}

/**
 * A dump whose cfs_rq counts runnable tasks but whose red-black tree was not saved: list the
 * runnable tasks of that CPU (other than the running one) in vruntime order, as the tree would
 * hold them, so the queue is not shown empty while nr_running says otherwise.
 */
function derivedCfsTasks(session: CrashSession, cfsRq: bigint, cpu: number): string {
  const prog = session.prog;
  const table = taskTable(prog);
  let nr = 0n;
  try {
    nr = prog.readMember(cfsRq, "cfs_rq", "nr_running");
  } catch {
    return "";
  }
  if (nr === 0n) return "";
  const cur = table.active.get(cpu);
  const vr = (t: TaskStruct) => {
    try {
      return prog.readMember(t.address, "task_struct", "se.vruntime");
    } catch {
      return 0n;
    }
  };
  const queued = table.byPidOrder
    .filter((t) => t.cpu === cpu && t.state === 0 && t.exitState === 0 && t !== cur && t.pid !== 0)
    .map((t) => ({ t, v: vr(t) }))
    .sort((a, b) => (a.v !== b.v ? (a.v < b.v ? -1 : 1) : a.t.lastArrival < b.t.lastArrival ? -1 : 1));
  return queued.map(({ t }) => `     ${queuedLine(taskPrio(prog, t), t)}`).join("");
}

function dumpRunqueues(session: CrashSession, cpus: readonly number[]): string {
  const prog = session.prog;
  const table = taskTable(prog);
  const sym = runqueues(prog);
  if (!prog.types.completeStruct("rq")) throw new CrashError("per-cpu runqueues do not exist");
  let out = "";
  cpus.forEach((cpu, i) => {
    const rq = rqAddress(prog, sym, cpu);
    out += `${i ? "\n" : ""}CPU ${cpu} RUNQUEUE: ${hex(rq)}\n`;
    const cur = table.active.get(cpu);
    out += cur
      ? `  CURRENT: PID: ${String(cur.pid).padEnd(5)}  TASK: ${hex(cur.address)}  COMMAND: "${cur.comm}"\n`
      : `  CURRENT: ${hex(prog.readMember(rq, "rq", "curr"))}\n`;
    // rt_rq.active (struct rt_prio_array) is rt_rq's first member on 3.10.
    const rt = rq + off(prog, "rq", "rt") + offOr(prog, "rt_rq", "active", 0);
    out += `  RT PRIO_ARRAY: ${hex(rt)}\n`;
    const rtq = rtTasks(session, rt);
    out += rtq || "     [no tasks queued]\n";
    const cfs = rq + off(prog, "rq", "cfs");
    out += `  CFS RB_ROOT: ${hex(cfs + off(prog, "cfs_rq", "tasks_timeline"))}\n`;
    const cq = cfsTasks(session, cfs) || derivedCfsTasks(session, cfs, cpu);
    out += cq || "     [no tasks queued]\n";
  });
  return out;
}

/** translate_nanoseconds: `days hh:mm:ss.mmm` */
function translateNs(ns: bigint): string {
  let v = ns / 1_000_000n;
  const ms = v % 1000n;
  v /= 1000n;
  const s = v % 60n;
  v /= 60n;
  const m = v % 60n;
  v /= 60n;
  const h = v % 24n;
  const d = v / 24n;
  const p2 = (n: bigint) => n.toString().padStart(2, "0");
  return `${d} ${p2(h)}:${p2(m)}:${p2(s)}.${ms.toString().padStart(3, "0")}`;
}

function timestamps(session: CrashSession, cpus: readonly number[]): string {
  const prog = session.prog;
  const table = taskTable(prog);
  const sym = runqueues(prog);
  const radix = session.radix;
  let out = "";
  for (const cpu of cpus) {
    const clock = rqClock(prog, rqAddress(prog, sym, cpu));
    const text = clock.toString(radix);
    out += `${cpu < 10 ? " " : ""}CPU ${cpu}: ${text}\n`;
    const cur = table.active.get(cpu);
    if (!cur) {
      out += "\n";
      continue;
    }
    const indent = (cpu < 10 ? 7 : cpu < 100 ? 8 : 9) + (cpu < 10 ? 1 : 0);
    const stamp = cur.lastArrival.toString(radix).padStart(text.length, "0");
    out += `${" ".repeat(indent)}${stamp}  PID: ${String(cur.pid).padEnd(5)}  TASK: ${hex(cur.address)}  COMMAND: "${cur.comm}"\n`;
  }
  return out;
}

function lag(session: CrashSession): string {
  const prog = session.prog;
  const table = taskTable(prog);
  const sym = runqueues(prog);
  const ts = Array.from({ length: table.cpus }, (_, cpu) => ({
    cpu,
    ts: rqClock(prog, rqAddress(prog, sym, cpu)),
  }));
  ts.sort((a, b) => (a.ts > b.ts ? -1 : a.ts < b.ts ? 1 : 0));
  const digits = (x: number) => String(x).length;
  return ts
    .map(
      (e) =>
        `${" ".repeat(2 + digits(table.cpus) - digits(e.cpu))}CPU ${e.cpu}: ${(Number(ts[0].ts - e.ts) / 1e9).toFixed(2)} secs\n`,
    )
    .join("");
}

function milliseconds(session: CrashSession, cpus: readonly number[]): string {
  const prog = session.prog;
  const table = taskTable(prog);
  const sym = runqueues(prog);
  const maxIndent = table.cpus < 10 ? 1 : table.cpus < 100 ? 2 : table.cpus < 1000 ? 3 : 4;
  let maxDays = 0;
  let out = "";
  for (const cpu of cpus) {
    const clock = rqClock(prog, rqAddress(prog, sym, cpu));
    if (!maxDays) maxDays = translateNs(clock).indexOf(" ");
    const indent = cpu < 10 ? maxIndent : cpu < 100 ? maxIndent - 1 : maxIndent - 2;
    const cur = table.active.get(cpu);
    if (!cur) {
      out += `${" ".repeat(indent)}CPU ${cpu}: [unknown]\n`;
      continue;
    }
    let delta = clock - cur.lastArrival;
    if (delta < 0n) delta = 0n;
    const s = translateNs(delta);
    const pad = " ".repeat(Math.max(0, maxDays - s.indexOf(" ")));
    out += `${" ".repeat(indent)}CPU ${cpu}: [${pad}${s}]  PID: ${String(cur.pid).padEnd(5)}  TASK: ${hex(cur.address)}  COMMAND: "${cur.comm}"\n`;
  }
  return out;
}

export const runq: CrashCommand = {
  name: "runq",
  synopsis: "[-t] [-T] [-m] [-g] [-c cpu(s)]",
  summary: "run queue",
  help: `  Show each CPU's run queue: the task that was running, then the tasks
  waiting on the real-time priority queues and in the CFS (fair scheduler)
  red-black tree, each with its priority in brackets.

    -t        each runqueue's clock, and when its current task was switched in.
    -T        how far each CPU's runqueue clock lags behind the most recent one.
    -m        how long each CPU's current task has been running
              (days hh:mm:ss.ms).
    -c cpus   only these CPUs (e.g. 0,2-3).

  EXAMPLES
    Was anything waiting for CPU 3?

      crash> runq -c 3`,
  run(session, args) {
    const parsed = getopt("runq", args, "dtTgmc:");
    const table = taskTable(session.prog);
    type Mode = "default" | "t" | "T" | "m" | "g" | "d";
    let mode = "default" as Mode;
    let cpuSpec: string | undefined;
    for (const { opt, arg } of parsed.opts) {
      if (opt === "c") {
        if (cpuSpec !== undefined) {
          info(session, "runq", "only one -c option allowed");
          return;
        }
        cpuSpec = arg;
      } else mode = opt as Mode;
    }
    const all = Array.from({ length: table.cpus }, (_, i) => i);
    const cpus = cpuSpec !== undefined ? parseCpuList(cpuSpec, table.cpus) : all;
    switch (mode) {
      case "t":
        session.out(timestamps(session, cpus));
        return;
      case "T":
        session.out(lag(session));
        return;
      case "m":
        session.out(milliseconds(session, cpus));
        return;
      case "g":
      case "d":
        throw new CrashError(`-${mode} option not supported or applicable on this architecture or kernel`);
      default:
        session.out(dumpRunqueues(session, cpus));
    }
  },
};
