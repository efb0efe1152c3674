/**
 * Helpers shared by the task/stack/log/system commands (bt, ps, foreach, files, task, runq...):
 * the task table as crash keeps it (its "context array"), pid/task argument resolution, symbol
 * display and informational error lines. Text, getopt and task-header helpers come from the
 * REPL's format/ modules; the thin wrappers here keep the call sites of these commands short.
 */
import type { TaskStruct } from "../../../kernel/linux/model";
import { listModules } from "../../../kernel/linux/modules";
import { activeTask, listTasks, nrCpus, panicTask, taskStateCode } from "../../../kernel/linux/tasks";
import type { Program } from "../../../kernel/program";
import { isText, type SymbolOffset } from "../../../kernel/symbols";
import { CrashError, type CrashSession, type Radix } from "../command";
import { isDecimal, isHex, isNumber } from "../format/args";
import { getopt as sharedGetopt } from "../format/getopt";
import { taskHeader as sharedTaskHeader } from "../format/task";
import { center, hex, hex16 } from "../format/text";

export { hex, hex16, isDecimal, isNumber };
export const isHexadecimal = isHex;

// --- session extras ------------------------------------------------------------------------

/** What these commands read from the session beyond the CrashSession contract (the REPL's Session has them). */
export interface SessionExtras {
  /** The vmlinux path crash was started with, after the shell expanded the glob (crash's pc->namelist). */
  readonly namelist?: string;
  /** The dump file argument as given on the command line, e.g. "vmcore" (crash's pc->dumpfile). */
  readonly dumpfile?: string;
  /** crash's error(INFO, ...) channel: into the pipe when piping, else the terminal (and a redirect file). */
  info?(message: string, bare?: boolean): void;
}

export function extras(session: CrashSession): SessionExtras {
  return session as unknown as SessionExtras;
}

/** crash's error(INFO, ...): `<cmd>: <message>` and the command goes on. */
export function info(session: CrashSession, cmd: string, message: string, newline = false): void {
  const line = `${newline ? "\n" : ""}${cmd}: ${message}\n`;
  const x = extras(session);
  if (typeof x.info === "function") x.info(line, true);
  else session.out(line);
}

// --- number formatting ---------------------------------------------------------------------

/** The value printed in the current radix, as crash's `%ld`/`%lx` switch does (no 0x). */
export function inRadix(v: bigint | number, radix: Radix): string {
  return radix === 16 ? BigInt(v).toString(16) : BigInt(v).toString(10);
}

/** mkstring(CENTER|LJUST): the extra space of an odd split goes to the right. */
export function centerLjust(s: string, width: number): string {
  return center(s, width, "ljust");
}

/** mkstring(CENTER|RJUST): the extra space of an odd split goes to the left. */
export function centerRjust(s: string, width: number): string {
  return center(s, width, "rjust");
}

// --- the task table ------------------------------------------------------------------------

/** crash's view of the tasks, gathered once per dump like its context array. */
export interface TaskTable {
  /** Sorted the way crash sorts its context array: by pid, the idle tasks (pid 0) by cpu. */
  readonly byPidOrder: readonly TaskStruct[];
  readonly byAddress: ReadonlyMap<bigint, TaskStruct>;
  readonly byPid: ReadonlyMap<number, readonly TaskStruct[]>;
  /** The task running on each CPU when the dump was taken (crash's panic_threads[]). */
  readonly active: ReadonlyMap<number, TaskStruct>;
  readonly panic: TaskStruct;
  readonly cpus: number;
}

const tables = new WeakMap<Program, TaskTable>();

export function taskTable(prog: Program): TaskTable {
  let t = tables.get(prog);
  if (t) return t;
  const all = [...listTasks(prog)];
  // crash's sort_by_pid: by pid, the idle tasks (pid 0) by CPU (stable for equal pids).
  all.sort((a, b) => (a.pid === 0 && b.pid === 0 ? a.cpu - b.cpu : a.pid - b.pid));
  const byAddress = new Map<bigint, TaskStruct>();
  const byPid = new Map<number, TaskStruct[]>();
  for (const task of all) {
    byAddress.set(task.address, task);
    const list = byPid.get(task.pid);
    if (list) list.push(task);
    else byPid.set(task.pid, [task]);
  }
  const cpus = cpuCount(prog);
  const active = new Map<number, TaskStruct>();
  for (let cpu = 0; cpu < cpus; cpu++) {
    const a = byAddress.get(activeTask(prog, cpu));
    if (a) active.set(cpu, a);
  }
  const p = panicTask(prog);
  t = { byPidOrder: all, byAddress, byPid, active, panic: byAddress.get(p.address) ?? p, cpus };
  tables.set(prog, t);
  return t;
}

/** CPUs in the dump (nr_cpu_ids). */
function cpuCount(prog: Program): number {
  return nrCpus(prog);
}

export function isActive(table: TaskTable, task: TaskStruct): boolean {
  return table.active.get(task.cpu)?.address === task.address;
}

/**
 * crash sorts its context array by last-run time for `ps -l`/`ps -m` and never sorts it back on
 * a dump, so later `ps`/`foreach` output keeps that order. We keep the same quirk per session.
 */
const lastRunSorted = new WeakSet<CrashSession>();

export function sortByLastRun(session: CrashSession): void {
  lastRunSorted.add(session);
}

/** The tasks in crash's current context-array order. */
export function contextOrder(session: CrashSession): readonly TaskStruct[] {
  const table = taskTable(session.prog);
  if (!lastRunSorted.has(session)) return table.byPidOrder;
  // Stable: ties keep pid order (crash's qsort leaves them unspecified).
  return [...table.byPidOrder].sort((a, b) =>
    a.lastArrival > b.lastArrival ? -1 : a.lastArrival < b.lastArrival ? 1 : 0,
  );
}

/** The context task re-read through the table (so identity comparisons work). */
export function currentTask(session: CrashSession): TaskStruct {
  const table = taskTable(session.prog);
  return table.byAddress.get(session.context.address) ?? session.context;
}

// --- task header and states ----------------------------------------------------------------

/** crash < 8.0.2's print_task_header, with its newline. */
export function taskHeader(task: TaskStruct): string {
  return `${sharedTaskHeader(task)}\n`;
}

export function stateCode(task: TaskStruct): string {
  return taskStateCode(task);
}

// --- pid / task arguments ------------------------------------------------------------------

export type ContextArg =
  | { kind: "pid"; pid: number; tasks: readonly TaskStruct[] }
  | { kind: "task"; task: TaskStruct }
  | { kind: "invalid" };

/**
 * crash's str_to_context: a decimal pid, or a hexadecimal pid or task address; when the string
 * reads both ways and both match, the decimal pid wins.
 */
export function strToContext(table: TaskTable, s: string): ContextArg {
  const dvalue = isDecimal(s) ? BigInt(s) : undefined;
  let hvalue: bigint | undefined;
  if (isHexadecimal(s)) {
    const digits = s.replace(/^0[xX]/, "");
    if (digits.length <= 16) hvalue = BigInt(`0x${digits}`);
  }
  const pidOf = (v: bigint | undefined) =>
    v !== undefined && v < 1n << 31n ? table.byPid.get(Number(v)) : undefined;
  const taskOf = (v: bigint | undefined) => (v !== undefined ? table.byAddress.get(v) : undefined);
  const dp = pidOf(dvalue);
  const dt = taskOf(dvalue);
  const distinct = hvalue !== undefined && hvalue !== dvalue;
  const hp = distinct ? pidOf(hvalue) : undefined;
  const ht = distinct ? taskOf(hvalue) : undefined;
  const found = [dp, dt, hp, ht].filter((x) => x !== undefined).length;
  if (found === 2) {
    if (dp && hp) return { kind: "pid", pid: Number(dvalue), tasks: dp };
    return { kind: "invalid" };
  }
  if (found !== 1) return { kind: "invalid" };
  if (dp) return { kind: "pid", pid: Number(dvalue), tasks: dp };
  if (dt) return { kind: "task", task: dt };
  if (hp) return { kind: "pid", pid: Number(hvalue), tasks: hp };
  return { kind: "task", task: ht! };
}

// --- getopt --------------------------------------------------------------------------------

export interface ParsedOptions {
  /** Options in command-line order, with their argument when the spec says `x:`. */
  readonly opts: readonly { readonly opt: string; readonly arg?: string }[];
  readonly operands: readonly string[];
}

/** glibc getopt as crash calls it (the REPL's parser), in the shape these commands iterate. */
export function getopt(cmd: string, args: readonly string[], spec: string): ParsedOptions {
  const p = sharedGetopt(cmd, args, spec);
  return { opts: p.list.map(([opt, arg]) => ({ opt, arg })), operands: p.args };
}

/** crash's make_cpumask: `0,2-3`, `a`/`all`; a CPU out of range is an error. */
export function parseCpuList(spec: string, cpus: number): number[] {
  const set = new Set<number>();
  for (const part of spec.split(",")) {
    let start: number;
    let end: number;
    if (part === "a" || part === "all") {
      start = 0;
      end = cpus - 1;
    } else {
      const m = /^(\d+)(?:-(\d+))?$/.exec(part);
      start = m ? Number(m[1]) : -1;
      end = m ? Number(m[2] ?? m[1]) : -1;
    }
    if (start < 0 || start >= cpus || end < 0 || end >= cpus)
      throw new CrashError(`invalid cpu specification: ${spec}`);
    for (let c = start; c <= end; c++) set.add(c);
  }
  return [...set].sort((a, b) => a - b);
}

// --- symbols -------------------------------------------------------------------------------

/**
 * crash strips gcc's clone suffixes from symbol names when it loads them (strip_symbol_end:
 * `.isra.`, `.part.`, `.llvm.`), so `ll_put_grouplock.isra.46` shows as `ll_put_grouplock`.
 */
export function displayName(name: string): string {
  for (const mark of [".isra.", ".part.", ".llvm."]) {
    const i = name.indexOf(mark);
    if (i > 0) return name.slice(0, i);
  }
  return name;
}

/**
 * The symbol crash names for an address. Syscalls have a `SyS_x` wrapper alias at the same
 * address as `sys_x`; crash's value_search steps over the `SyS_`/`compat_SyS_` alias and shows
 * the real name (bt's `sys_ioctl`, while the kernel's own dmesg trace says `SyS_ioctl`).
 */
export function resolveSymbol(prog: Program, addr: bigint): SymbolOffset | undefined {
  const r = prog.symbols.resolve(addr);
  if (!r || !/^(compat_)?SyS_/.test(r.symbol.name)) return r;
  const alias = prog.symbols.at(r.symbol.address).find((s) => !/^(compat_)?SyS_/.test(s.name));
  return alias ? { symbol: alias, offset: r.offset } : r;
}

/** value_to_symstr: `name`, `name+off` in the given radix (`+0x1f` / `+31`), or "" if unknown. */
export function symbolString(prog: Program, addr: bigint, radix: Radix): string {
  const r = resolveSymbol(prog, addr);
  if (!r) return "";
  const name = displayName(r.symbol.name);
  if (r.offset === 0) return name;
  return radix === 16 ? `${name}+0x${r.offset.toString(16)}` : `${name}+${r.offset}`;
}

/** The module whose address space holds addr (for the ` [lustre]` suffix), if any. */
export function moduleOf(prog: Program, addr: bigint): string | undefined {
  const r = prog.symbols.resolve(addr);
  if (r?.symbol.module) return r.symbol.module;
  for (const m of modules(prog)) if (addr >= m.base && addr < m.base + BigInt(m.size)) return m.name;
  return undefined;
}

const moduleCache = new WeakMap<Program, ReturnType<typeof listModules>>();

export function modules(prog: Program): ReturnType<typeof listModules> {
  let m = moduleCache.get(prog);
  if (!m) {
    m = listModules(prog);
    moduleCache.set(prog, m);
  }
  return m;
}

/** is_kernel_text: a text symbol of vmlinux or of a module covers the address. */
export function isKernelText(prog: Program, addr: bigint): boolean {
  const r = prog.symbols.resolve(addr);
  return r !== undefined && isText(r.symbol);
}

/** The regex of a single-quoted crash argument ('mdt0.*'), or undefined for other words. */
export function quotedRegex(arg: string): string | undefined {
  if (arg.length >= 2 && arg.startsWith("'") && arg.endsWith("'")) return arg.slice(1, -1);
  return undefined;
}

/**
 * POSIX extended regex (regcomp REG_EXTENDED|REG_NOSUB) approximated by a JavaScript RegExp:
 * unanchored search as regexec does. Returns undefined when the pattern does not compile.
 */
export function compileRegex(pattern: string): RegExp | undefined {
  try {
    // POSIX bracket classes used in practice; the rest of ERE is a subset of JS syntax.
    const js = pattern
      .replace(/\[:alpha:\]/g, "A-Za-z")
      .replace(/\[:digit:\]/g, "0-9")
      .replace(/\[:alnum:\]/g, "A-Za-z0-9")
      .replace(/\[:space:\]/g, "\\s")
      .replace(/\[:upper:\]/g, "A-Z")
      .replace(/\[:lower:\]/g, "a-z");
    return new RegExp(js);
  } catch {
    return undefined;
  }
}
