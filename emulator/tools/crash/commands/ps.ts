/**
 * `ps`: process status, with crash < 8.0.2's column widths (CentOS 7 ships crash 7.2.x):
 *   `   PID    PPID  CPU       TASK        ST  %MEM     VSZ    RSS  COMM`
 * and the other views: -l/-m (last run), -p/-c (parents/children), -t (times), -g (threads),
 * -a (arguments), -S (state summary), -A (active tasks only), -k/-u/-G filters.
 */
import type { TaskStruct } from "../../../kernel/linux/model";
import { sysInfo } from "../../../kernel/linux/sysinfo";
import type { Program } from "../../../kernel/program";
import { type CrashCommand, CrashError, type CrashSession, type Radix } from "../command";
import {
  centerLjust,
  centerRjust,
  compileRegex,
  contextOrder,
  getopt,
  hex,
  info,
  isActive,
  isNumber,
  parseCpuList,
  quotedRegex,
  sortByLastRun,
  stateCode,
  strToContext,
  taskHeader,
  taskTable,
} from "./tasks-common";

const PAGE_KB = 4n;

export function isKernelThread(task: TaskStruct): boolean {
  return task.isKernelThread || task.mm === 0n;
}

export function psHeader(kstackp: boolean): string {
  const col = kstackp ? centerRjust("KSTACKP", 16) : centerLjust("TASK", 16);
  return `   PID    PPID  CPU ${col}  ST  %MEM     VSZ    RSS  COMM\n`;
}

/** One `ps` row: marker, pid, ppid, cpu, task (or kernel stack pointer), state, %MEM, VSZ, RSS, comm. */
export function psRow(session: CrashSession, task: TaskStruct, kstackp: boolean): string {
  const prog = session.prog;
  const table = taskTable(prog);
  const active = isActive(table, task);
  let pointer: string;
  if (kstackp) {
    // A running task's stack pointer lives in its CPU's registers, which `ps -s` does not read.
    pointer = active || task.threadSp === 0n ? centerRjust("--", 16) : hex(task.threadSp).padStart(16);
  } else pointer = hex(task.address).padStart(16);
  const st = stateCode(task);
  let line = active ? "> " : "  ";
  line += `${String(task.pid).padStart(5)}  ${String(task.ppid).padStart(5)}  ${String(task.cpu).padStart(2)}  ${pointer} ${st.padStart(3)}`;
  line += st.length > 3 ? " " : "  ";
  let pct = percentMem(prog, task).toFixed(1);
  if (pct.length === 3) pct = ` ${pct}`;
  line += `${pct} `;
  line += `${(task.vmPages * PAGE_KB).toString().padStart(7)} `;
  line += `${(task.rssPages * PAGE_KB).toString().padStart(6)}  `;
  line += isKernelThread(task) ? `[${task.comm}]` : task.comm;
  return `${line}\n`;
}

const totalPagesCache = new WeakMap<Program, number>();

function percentMem(prog: Program, task: TaskStruct): number {
  if (isKernelThread(task) && task.rssPages === 0n) return 0;
  let total = totalPagesCache.get(prog);
  if (total === undefined) {
    total = Number(sysInfo(prog).totalRamBytes / 4096n);
    totalPagesCache.set(prog, total);
  }
  return total > 0 ? (Number(task.rssPages) * 100) / total : 0;
}

/** The `[timestamp] ` column width of `ps -l`: the digits of the first task in context order. */
export function lastRunFormat(session: CrashSession, radix: Radix): (t: TaskStruct) => string {
  const first = contextOrder(session)[0];
  const width = first ? first.lastArrival.toString(radix).length : 1;
  return (t) => `[${t.lastArrival.toString(radix).padStart(width)}] `;
}

/** `[1834107714279] [IN]  PID: 4831   TASK: ...` */
export function lastRunLine(session: CrashSession, task: TaskStruct): string {
  return `${lastRunFormat(session, session.radix)(task)}[${stateCode(task)}]  ${taskHeader(task)}`;
}

/** translate_nanoseconds: `days hh:mm:ss.mmm`. */
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

/** The per-CPU runqueue clock (rq->clock), or the newest last-arrival when the dump lacks runqueues. */
export function rqClock(prog: Program, cpu: number): bigint {
  const rq = prog.symbols.lookup("runqueues");
  if (rq && prog.types.completeStruct("rq")) {
    try {
      return prog.readMember(prog.perCpu(rq, cpu), "rq", "clock");
    } catch {
      // fall through
    }
  }
  let max = 0n;
  for (const t of taskTable(prog).byPidOrder) if (t.lastArrival > max) max = t.lastArrival;
  return max;
}

/** `ps -m`: time since each task last ran, relative to its CPU's runqueue clock. */
export function millisecondsLine(session: CrashSession, task: TaskStruct, dayWidth?: number): string {
  let delta = rqClock(session.prog, task.cpu) - task.lastArrival;
  if (delta < 0n) delta = 0n;
  let s = translateNs(delta);
  if (dayWidth !== undefined) s = s.padStart(s.length + Math.max(0, dayWidth - s.indexOf(" ")));
  return `[${s}] [${stateCode(task)}]  ${taskHeader(task)}`;
}

/** The parent chain, oldest ancestor first, each level indented one more space. */
export function parentList(session: CrashSession, task: TaskStruct): string {
  const chain: TaskStruct[] = [task];
  let cur = task;
  for (;;) {
    const parent = parentOf(session.prog, cur);
    if (!parent || parent === cur || chain.includes(parent)) break;
    chain.push(parent);
    cur = parent;
  }
  return chain
    .reverse()
    .map((t, i) => " ".repeat(i) + taskHeader(t))
    .join("");
}

/** real_parent as a task of the table: pid 0's parent is the boot idle task (init_task) itself. */
function parentOf(prog: Program, task: TaskStruct): TaskStruct | undefined {
  const table = taskTable(prog);
  if (task.pid === 0) return table.byPid.get(0)?.[0] ?? task;
  return table.byPid.get(task.ppid)?.[0];
}

export function childList(session: CrashSession, task: TaskStruct): string {
  let out = taskHeader(task);
  let n = 0;
  for (const t of contextOrder(session)) {
    if (t !== task && parentOf(session.prog, t) === task) {
      out += `  ${taskHeader(t)}`;
      n++;
    }
  }
  if (!n) out += "  (no children)\n";
  return out;
}

/** `ps -g`: a thread group leader and its threads. */
export function threadGroupList(session: CrashSession, task: TaskStruct): string {
  const table = taskTable(session.prog);
  const leader = task.pid === task.tgid ? task : table.byPid.get(task.tgid)?.[0];
  if (!leader) return "";
  let out = taskHeader(leader);
  let n = 0;
  for (const t of contextOrder(session)) {
    if (t === leader || t.tgid !== leader.tgid) continue;
    out += `  ${taskHeader(t)}`;
    n++;
  }
  if (!n) out += "  (no threads)\n";
  return `${out}\n`;
}

/** `ps -t`: run time, start time and CPU times, from task_struct. */
export function taskTimes(session: CrashSession, tasks: readonly TaskStruct[]): string {
  const prog = session.prog;
  if (!prog.types.completeStruct("task_struct"))
    throw new CrashError("task_struct is not available in this dump");
  const uptime = sysInfo(prog).uptimeSeconds;
  const rows = tasks.map((t) => ({ t, start: startSeconds(prog, t) }));
  rows.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  let out = "";
  for (const { t, start } of rows) {
    out += taskHeader(t);
    const run = uptime > start ? uptime - start : 0n;
    out += `    RUN TIME: ${hms(run)}\n`;
    out += `  START TIME: ${start}\n`;
    out += `       UTIME: ${readOr(prog, t, "utime")}\n`;
    out += `       STIME: ${readOr(prog, t, "stime")}\n\n`;
  }
  return out;
}

function startSeconds(prog: Program, t: TaskStruct): bigint {
  try {
    return prog.readMember(t.address, "task_struct", "start_time.tv_sec");
  } catch {
    try {
      return prog.readMember(t.address, "task_struct", "start_time") / 1_000_000_000n;
    } catch {
      return 0n;
    }
  }
}

function readOr(prog: Program, t: TaskStruct, member: string): bigint {
  try {
    return prog.readMember(t.address, "task_struct", member);
  } catch {
    return 0n;
  }
}

function hms(seconds: bigint): string {
  const d = seconds / 86400n;
  const h = (seconds % 86400n) / 3600n;
  const m = (seconds % 3600n) / 60n;
  const s = seconds % 60n;
  const p2 = (n: bigint) => n.toString().padStart(2, "0");
  return `${d ? `${d} days, ` : ""}${p2(h)}:${p2(m)}:${p2(s)}`;
}

/**
 * `ps -a`: command line and environment live in user memory, which a filtered dump leaves out.
 * Written directly (header, then crash's message) so the two keep their order.
 */
export function taskArgs(session: CrashSession, task: TaskStruct): string {
  const prog = session.prog;
  session.out(taskHeader(task));
  if (isKernelThread(task)) {
    info(session, "ps", "no user stack\n");
    return "";
  }
  let argStart = 0n;
  try {
    argStart = prog.readMember(task.mm, "mm_struct", "arg_start");
  } catch {
    // without mm_struct there is no address to report
  }
  try {
    return `ARG: ${readUserStrings(prog, argStart)}\n`;
  } catch {
    info(session, "ps", `cannot access user stack address: ${hex(argStart)}\n`);
    return "";
  }
}

function readUserStrings(prog: Program, start: bigint): string {
  if (start === 0n || !prog.mem.isMapped(start, 1)) throw new Error("unmapped");
  return prog.readCString(start);
}

// --- the command ---------------------------------------------------------------------------

type View =
  | "default"
  | "ppid"
  | "child"
  | "times"
  | "last"
  | "msecs"
  | "args"
  | "tgid"
  | "rlimit"
  | "summary"
  | "active";

const VIEW_OF: Record<string, View> = {
  a: "args",
  t: "times",
  c: "child",
  p: "ppid",
  g: "tgid",
  l: "last",
  m: "msecs",
  S: "summary",
  r: "rlimit",
  A: "active",
};

type Selector =
  | { kind: "pid"; pid: number }
  | { kind: "task"; address: bigint }
  | { kind: "comm"; comm: string }
  | { kind: "regex"; re: RegExp };

export const ps: CrashCommand = {
  name: "ps",
  synopsis:
    "[-k|-u|-G|-y policy] [-s] [-p|-c|-t|-[l|m][-C cpu]|-a|-g|-r|-S|-A]\n     [pid | task | command] ...",
  summary: "display process status information",
  help: `  Show the tasks of the dump, one line each: pid, parent pid, CPU, task_struct
  address, state, share of memory, virtual and resident size in KiB and the
  command. Kernel threads are shown in [brackets]; a '>' marks the task that
  was running on its CPU when the dump was taken. States: RU running or
  runnable, IN interruptible sleep, UN uninterruptible sleep, ZO zombie,
  ST stopped, TR traced, DE dead, SW swapping, PA parked, WA waking, NE new.

  Tasks can be picked by pid, task address, command name, or a regular
  expression in single quotes ('mdt0.*'); by default all are shown.

    -k  kernel threads only;  -u  user tasks only;  -G  thread group leaders.
    -s  the saved kernel stack pointer instead of the task address.
    -l  each task's last-run time (ns since boot), most recent first;
        -m  the same as time elapsed before the dump; -C cpus  by CPU.
    -p  the parent chain;  -c  the children;  -g  the threads of a group.
    -t  run time, start time and CPU times.
    -a  command line and environment (from user memory).
    -S  how many tasks are in each state.
    -A  only the tasks that were running on a CPU.

  EXAMPLES
    Which threads were running, and which were waiting uninterruptibly?

      crash> ps | grep -e '^>' -e ' UN '

    Which tasks have not run for the longest time?

      crash> ps -l | tail`,
  run(session, args) {
    const parsed = getopt("ps", args, "ASgstcpkuGlmarC:y:");
    let view: View = "default";
    let kernel = false;
    let user = false;
    let group = false;
    let kstackp = false;
    let cpuSpec: string | undefined;
    let policy: number | undefined;
    for (const { opt, arg } of parsed.opts) {
      if (opt === "k") {
        if (user) throw new CrashError("-u and -k are mutually exclusive");
        kernel = true;
      } else if (opt === "u") {
        if (kernel) throw new CrashError("-u and -k are mutually exclusive");
        user = true;
      } else if (opt === "G") group = true;
      else if (opt === "s") kstackp = true;
      else if (opt === "C") cpuSpec = arg;
      else if (opt === "y") policy = schedPolicy(arg ?? "");
      else {
        const v = VIEW_OF[opt];
        if (view !== "default" && view !== v)
          throw new CrashError("-a, -t, -c, -p, -g, -l, -m, -S, -r and -A flags are all mutually-exclusive");
        view = v;
      }
    }
    const table = taskTable(session.prog);
    let cpus: number[] | undefined;
    if (cpuSpec !== undefined) cpus = parseCpuList(cpuSpec, table.cpus);
    if (view === "last" || view === "msecs") sortByLastRun(session);
    else if (cpus) {
      info(session, "ps", "-C option is only applicable with -l and -m");
      return;
    }
    if (group && (view === "last" || view === "msecs"))
      throw new CrashError(`-G not supported with -${view === "last" ? "l" : "m"} option`);
    if (view === "rlimit")
      throw new CrashError("-r option not supported or applicable on this architecture or kernel");

    const filtered = (t: TaskStruct) => {
      if (user && isKernelThread(t)) return false;
      if (kernel && !isKernelThread(t)) return false;
      if (policy !== undefined && readPolicy(session.prog, t) !== policy) return false;
      return true;
    };

    // Header: only the plain table views (and -A) have one.
    if (view === "default" || view === "active") session.out(psHeader(kstackp));

    if (parsed.operands.length === 0) {
      if (view === "times") {
        session.out(taskTimes(session, contextOrder(session).filter(filtered)));
        return;
      }
      if (view === "summary") {
        if (user || kernel || group) throw new CrashError("-S option cannot be used with other options");
        session.out(stateSummary(session));
        return;
      }
      if (cpus && (view === "last" || view === "msecs")) {
        session.out(perCpuLastRun(session, cpus, view));
        return;
      }
      const seen = new Set<number>();
      for (const t of contextOrder(session)) {
        if (!filtered(t)) continue;
        if (group && !leaderOnce(t, seen)) continue;
        if (view === "active" && !isActive(table, t)) continue;
        session.out(showTask(session, t, view, kstackp));
      }
      return;
    }

    if (view === "summary") throw new CrashError("-S option takes no arguments");
    if (cpus) info(session, "ps", "-C option is not applicable with specified tasks");
    const selectors: Selector[] = [];
    for (const a of parsed.operands) {
      const re = quotedRegex(a);
      if (isNumber(a)) {
        const c = strToContext(table, a);
        if (c.kind === "pid") selectors.push({ kind: "pid", pid: c.pid });
        else if (c.kind === "task") selectors.push({ kind: "task", address: c.task.address });
        else info(session, "ps", `invalid task or pid value: ${a}\n`);
      } else if (re !== undefined) {
        const compiled = compileRegex(re);
        if (!compiled) {
          info(session, "ps", `invalid regular expression: ${re}`);
          return;
        }
        selectors.push({ kind: "regex", re: compiled });
      } else selectors.push({ kind: "comm", comm: (a.startsWith("\\") ? a.slice(1) : a).slice(0, 15) });
    }
    const matched: TaskStruct[] = [];
    for (const t of contextOrder(session)) {
      for (const s of selectors) {
        let hit = false;
        if (s.kind === "pid") hit = t.pid === s.pid;
        else if (s.kind === "task") hit = t.address === s.address;
        else if (s.kind === "comm")
          hit = t.comm === s.comm && (view !== "tgid" && !group ? true : t.pid === t.tgid);
        else hit = s.re.test(t.comm) && (view !== "tgid" && !group ? true : t.pid === t.tgid);
        if (hit) matched.push(t);
      }
    }
    if (view === "times") {
      session.out(taskTimes(session, matched.filter(filtered)));
      return;
    }
    const seen = new Set<number>();
    for (const m of matched) {
      if (!filtered(m)) continue;
      // -G with named tasks: a thread stands for its thread group leader, shown once.
      const t = group && m.pid !== m.tgid ? (table.byPid.get(m.tgid)?.[0] ?? m) : m;
      if (group && !leaderOnce(t, seen)) continue;
      session.out(showTask(session, t, view, kstackp, true));
    }
  },
};

/** -G: each thread group once, through its leader. */
function leaderOnce(t: TaskStruct, seen: Set<number>): boolean {
  if (t.pid !== t.tgid) return false;
  if (seen.has(t.tgid)) return false;
  seen.add(t.tgid);
  return true;
}

function showTask(
  session: CrashSession,
  t: TaskStruct,
  view: View,
  kstackp: boolean,
  specified = false,
): string {
  switch (view) {
    case "ppid":
      return `${parentList(session, t)}\n`;
    case "child":
      return `${childList(session, t)}\n`;
    case "last":
      return lastRunLine(session, t);
    case "msecs":
      return millisecondsLine(session, t);
    case "args":
      return taskArgs(session, t);
    case "tgid":
      if (!specified && t.pid !== t.tgid) return "";
      return threadGroupList(session, t);
    default:
      return psRow(session, t, kstackp);
  }
}

function perCpuLastRun(session: CrashSession, cpus: readonly number[], view: View): string {
  const fmt = lastRunFormat(session, session.radix);
  let out = "";
  cpus.forEach((cpu, i) => {
    out += `${i ? "\n" : ""}CPU: ${cpu}\n`;
    const clock = translateNs(rqClock(session.prog, cpu));
    const dayWidth = clock.indexOf(" ");
    for (const t of contextOrder(session)) {
      if (t.cpu !== cpu) continue;
      out +=
        view === "last"
          ? `${fmt(t)}[${stateCode(t)}]  ${taskHeader(t)}`
          : millisecondsLine(session, t, dayWidth);
    }
  });
  return out;
}

function stateSummary(session: CrashSession): string {
  const counts = new Map<string, number>();
  for (const t of contextOrder(session)) {
    const st = stateCode(t);
    counts.set(st, (counts.get(st) ?? 0) + 1);
  }
  return [...counts].map(([st, n]) => `  ${st}: ${n}\n`).join("");
}

const POLICIES: Record<string, number> = {
  NORMAL: 0,
  FIFO: 1,
  RR: 2,
  BATCH: 3,
  ISO: 4,
  IDLE: 5,
  DEADLINE: 6,
};

function schedPolicy(arg: string): number {
  const upper = arg.toUpperCase();
  if (upper in POLICIES) return POLICIES[upper];
  if (/^[0-6]$/.test(arg)) return Number(arg);
  throw new CrashError(`${arg}: invalid scheduling policy`);
}

function readPolicy(prog: Program, t: TaskStruct): number {
  try {
    return Number(prog.readMember(t.address, "task_struct", "policy"));
  } catch {
    return 0;
  }
}
