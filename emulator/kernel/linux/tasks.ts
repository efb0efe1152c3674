/**
 * Tasks as crash sees them: the init_task.tasks list of thread-group leaders, each leader's
 * thread_group list, and one idle task per CPU (runqueues[cpu].idle, swapper/N, pid 0), all read
 * from memory.
 */
import type { Program } from "../program";
import type { TaskStruct } from "./model";

export const THREAD_SIZE = 0x4000n;

/** Cached member offsets per Program (the layouts never change after a dump is loaded). */
const offsetCache = new WeakMap<Program, Map<string, bigint>>();
function off(prog: Program, type: string, path: string): bigint {
  let m = offsetCache.get(prog);
  if (!m) {
    m = new Map();
    offsetCache.set(prog, m);
  }
  const key = `${type}.${path}`;
  let v = m.get(key);
  if (v === undefined) {
    v = BigInt(prog.offsetOf(type, path));
    m.set(key, v);
  }
  return v;
}

export function readTask(prog: Program, addr: bigint): TaskStruct {
  const T = "task_struct";
  const u64 = (p: string) => prog.readU64(addr + off(prog, T, p));
  const s32 = (p: string) => prog.readS32(addr + off(prog, T, p));
  const stack = u64("stack");
  const mm = u64("mm");
  const parent = u64("real_parent");
  let ppid = 0;
  if (parent !== 0n && parent !== addr) {
    try {
      ppid = prog.readS32(parent + off(prog, T, "pid"));
    } catch {
      ppid = 0;
    }
  }
  let cpu = 0;
  try {
    cpu = prog.readU32(stack + off(prog, "thread_info", "cpu"));
  } catch {
    cpu = 0;
  }
  let vmPages = 0n;
  let rssPages = 0n;
  if (mm !== 0n) {
    vmPages = prog.readU64(mm + off(prog, "mm_struct", "total_vm"));
    const rss = mm + off(prog, "mm_struct", "rss_stat");
    // get_mm_rss: MM_FILEPAGES + MM_ANONPAGES
    rssPages = BigInt.asIntN(64, prog.readU64(rss)) + BigInt.asIntN(64, prog.readU64(rss + 8n));
    if (rssPages < 0n) rssPages = 0n;
  }
  return {
    address: addr,
    pid: s32("pid"),
    tgid: s32("tgid"),
    ppid,
    comm: prog.readCString(addr + off(prog, T, "comm"), 16),
    state: Number(BigInt.asIntN(64, u64("state"))),
    exitState: s32("exit_state"),
    cpu,
    lastArrival: u64("sched_info.last_arrival"),
    isKernelThread: mm === 0n,
    stack,
    mm,
    files: u64("files"),
    fs: u64("fs"),
    threadSp: u64("thread.sp"),
    vmPages,
    rssPages,
  };
}

/** Idle task of each possible CPU, from the per-cpu runqueues. */
function idleTasks(prog: Program): bigint[] {
  const out: bigint[] = [];
  const n = nrCpus(prog);
  const rq = prog.symbol("runqueues");
  for (let c = 0; c < n; c++) out.push(prog.readU64(prog.perCpu(rq, c) + off(prog, "rq", "idle")));
  return out;
}

export function nrCpus(prog: Program): number {
  return prog.readS32(prog.symbol("nr_cpu_ids").address);
}

/**
 * Every task: idle tasks first (pid 0, in CPU order, as crash lists swapper/0, swapper/1...), then
 * the others by pid, then task address.
 */
export function listTasks(prog: Program): TaskStruct[] {
  const head = prog.symbol("init_task").address + off(prog, "task_struct", "tasks");
  const oTasks = off(prog, "task_struct", "tasks");
  const oThreads = off(prog, "task_struct", "thread_group");
  const seen = new Set<bigint>();
  const addrs: bigint[] = [];
  const idle = idleTasks(prog);
  for (const a of idle) seen.add(a);
  let guard = 0;
  for (let p = prog.readU64(head); p !== head; p = prog.readU64(p)) {
    if (++guard > 1_000_000) throw new Error("init_task.tasks does not loop back");
    const leader = p - oTasks;
    if (!seen.has(leader)) {
      seen.add(leader);
      addrs.push(leader);
    }
    const th = leader + oThreads;
    for (let q = prog.readU64(th); q !== th; q = prog.readU64(q)) {
      if (++guard > 1_000_000) throw new Error("thread_group does not loop back");
      const t = q - oThreads;
      if (!seen.has(t)) {
        seen.add(t);
        addrs.push(t);
      }
    }
  }
  const tasks = addrs.map((a) => readTask(prog, a));
  tasks.sort((a, b) => a.pid - b.pid || (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
  return [...idle.map((a) => readTask(prog, a)), ...tasks];
}

export function tasksByPid(prog: Program, pid: number): TaskStruct[] {
  return listTasks(prog).filter((t) => t.pid === pid);
}

/** The task running on cpu at dump time (runqueues.curr). */
export function activeTask(prog: Program, cpu: number): bigint {
  return prog.readU64(prog.perCpu(prog.symbol("runqueues"), cpu) + off(prog, "rq", "curr"));
}

/** The task that was running on the CPU that took the dump. */
export function panicTask(prog: Program): TaskStruct {
  return readTask(prog, activeTask(prog, prog.dump.panicCpu));
}

/** Whether the task was running on its CPU when the dump was taken. */
export function isActive(prog: Program, task: TaskStruct): boolean {
  return activeTask(prog, task.cpu) === task.address;
}

// 3.10 task states (include/linux/sched.h).
const EXIT_ZOMBIE = 16;
const EXIT_DEAD = 32;
const STATE_BITS: [number, string][] = [
  [1, "TASK_INTERRUPTIBLE"],
  [2, "TASK_UNINTERRUPTIBLE"],
  [4, "TASK_STOPPED"],
  [8, "TASK_TRACED"],
  [64, "TASK_DEAD"],
  [128, "TASK_WAKEKILL"],
  [256, "TASK_WAKING"],
  [512, "TASK_PARKED"],
];

/** crash's two-letter ps state. */
export function taskStateCode(task: TaskStruct): string {
  if (task.exitState & EXIT_ZOMBIE) return "ZO";
  if (task.exitState & EXIT_DEAD) return "DE";
  const s = task.state;
  if (s === 0) return "RU";
  if (s & 1) return "IN";
  if (s & 2) return "UN";
  if (s & 4) return "ST";
  if (s & 8) return "TR";
  if (s & 64) return "DE";
  if (s & 256) return "WA";
  if (s & 512) return "PA";
  if (s & 1024) return "NE";
  return "??";
}

/** crash's verbose state (`STATE: TASK_INTERRUPTIBLE`). */
export function taskStateName(task: TaskStruct): string {
  if (task.exitState & EXIT_ZOMBIE) return "EXIT_ZOMBIE";
  if (task.exitState & EXIT_DEAD) return "EXIT_DEAD";
  if (task.state === 0) return "TASK_RUNNING";
  const names = STATE_BITS.filter(([bit]) => task.state & bit).map(([, n]) => n);
  return names.length ? names.join("|") : `(${task.state})`;
}
