/**
 * `bt`: kernel stack backtraces, in the layout of crash 7.2.x's x86_64 unwinder output.
 * Frames come from the kernel model's unwinder (unwindStack); this file only decides what
 * to print for each option, and reads the raw stack words itself for -f/-F/-FF/-t/-T/-r.
 */
import type { PtRegs, StackFrame, TaskStruct } from "../../../kernel/linux/model";
import { unwindStack } from "../../../kernel/linux/stack";
import type { Program } from "../../../kernel/program";
import { type CrashCommand, CrashError, type CrashSession, CrashUsageError, type Radix } from "../command";
import {
  contextOrder,
  currentTask,
  displayName,
  getopt,
  hex,
  hex16,
  info,
  isHexadecimal,
  isKernelText,
  moduleOf,
  parseCpuList,
  resolveSymbol,
  strToContext,
  symbolString,
  taskHeader,
  taskTable,
} from "./tasks-common";

/** x86_64 3.10 kernel stacks are 4 pages (THREAD_SIZE_ORDER 2). */
export const THREAD_SIZE = 16384n;

export interface BtOptions {
  /** -f: dump the stack words of each frame. */
  full?: boolean;
  /** -F: words as symbols or [slab-cache]. */
  symSlab?: boolean;
  /** -FF: slab words as [address:slab-cache]. */
  symSlab2?: boolean;
  /** -l: source file and line after each frame. */
  lineNumbers?: boolean;
  /** -s: `function+offset`. */
  symbolOffset?: boolean;
  /** -t: text addresses found on the stack from the current frame; -T: from the stack base. */
  textSymbols?: boolean;
  textSymbolsAll?: boolean;
  /** -r: raw stack dump. */
  raw?: boolean;
  /** -e: search the stack for exception frames. */
  eframeSearch?: boolean;
  /** -x / -d: offset radix for -s (defaults to the output radix). */
  radix?: Radix;
  /** -R ref: show only traces that mention a symbol or value. */
  ref?: string;
}

/** Counts headers printed by one command, for crash's blank line before each later header. */
export interface HeaderState {
  subsequent: number;
}

interface Reference {
  readonly symbol?: string;
  readonly value?: bigint;
  found: boolean;
}

function makeReference(str: string): Reference {
  // crash treats a hexadecimal-looking string as a value, anything else as a symbol name.
  if (isHexadecimal(str)) return { value: BigInt(`0x${str.replace(/^0[xX]/, "")}`), found: false };
  return { symbol: str, found: false };
}

/**
 * One task's backtrace as `bt` prints it (without the task header). Returns the text and, when
 * a reference was asked for, whether the trace mentions it.
 */
export function renderBacktrace(
  session: CrashSession,
  task: TaskStruct,
  opts: BtOptions,
): { text: string; referenced: boolean } {
  const prog = session.prog;
  const ref = opts.ref !== undefined ? makeReference(opts.ref) : undefined;
  if (opts.raw) return { text: rawStackDump(session, task), referenced: false };
  if (task.stack === 0n) return { text: "(no stack)\n", referenced: false };
  const frames = unwindStack(prog, task);
  let text: string;
  if (opts.eframeSearch) text = eframeSearch(session, frames, opts, ref);
  else if (opts.textSymbols || opts.textSymbolsAll) text = textSymbols(session, task, frames, opts, ref);
  else text = frameLines(session, task, frames, opts, ref);
  return { text, referenced: ref?.found ?? false };
}

/**
 * Header plus trace, as crash's DO_TASK_BACKTRACE does: with -R the header and trace appear only
 * when the reference was found, followed by a blank line.
 */
export function taskBacktrace(
  session: CrashSession,
  task: TaskStruct,
  opts: BtOptions,
  headers: HeaderState,
): string {
  const { text, referenced } = renderBacktrace(session, task, opts);
  if (opts.ref !== undefined) return referenced ? `${taskHeader(task)}${text}\n` : "";
  const sep = headers.subsequent++ ? "\n" : "";
  return sep + taskHeader(task) + text;
}

function frameName(prog: Program, pc: bigint): string {
  const r = resolveSymbol(prog, pc);
  return r ? displayName(r.symbol.name) : hex(pc);
}

function frameLines(
  session: CrashSession,
  task: TaskStruct,
  frames: readonly StackFrame[],
  opts: BtOptions,
  ref: Reference | undefined,
): string {
  const prog = session.prog;
  const radix = opts.radix ?? session.radix;
  let out = "";
  let frameptr = 0n;
  const stackTop = task.stack + THREAD_SIZE;
  for (const f of frames) {
    const r = resolveSymbol(prog, f.pc);
    const name = frameName(prog, f.pc);
    const shown = opts.symbolOffset && r && r.offset !== 0 ? symbolString(prog, f.pc, radix) : name;
    if (opts.full) {
      // The words between the previous frame and this one belong to the previous frame.
      if (frameptr !== 0n && f.sp >= frameptr && f.sp < stackTop)
        out += fullFrame(session, frameptr, f.sp, opts);
      frameptr = f.sp + 8n;
    }
    // A switch between stacks (IRQ, NMI exception stack) is announced before the next frame.
    const prefix = f.level < 10 ? " " : "";
    out += `${prefix}#${f.level} [${hex(f.sp).padStart(8)}] ${shown} at ${hex(f.pc)}`;
    const mod = moduleOf(prog, f.pc);
    if (mod) out += ` [${mod}]`;
    out += "\n";
    if (opts.lineNumbers) {
      const line = prog.symbols.lineOf(f.pc);
      if (line) out += `    ${line.file}: ${line.line}\n`;
    }
    if (f.exception) out += exceptionFrame(session, f.exception, opts);
    // Leaving an exception stack (NMI, IRQ): crash marks the switch before the next frame.
    if (f.transition) out += `--- <${f.transition}> ---\n`;
    if (ref) {
      if (ref.symbol !== undefined && ref.symbol === name) ref.found = true;
      if (ref.value !== undefined && ref.value === f.pc) ref.found = true;
      if (f.exception) checkRegs(prog, f.exception, ref);
    }
  }
  return out;
}

/** The -f/-F/-FF block: words from `from` up to and including `to`, two per line. */
function fullFrame(session: CrashSession, from: bigint, to: bigint, opts: BtOptions): string {
  const prog = session.prog;
  let out = "";
  let i = 0;
  for (let addr = from; addr <= to; addr += 8n, i++) {
    if (i % 2 === 0) out += `${i ? "\n" : ""}    ${hex(addr)}: `;
    let value: bigint;
    try {
      value = prog.readU64(addr);
    } catch {
      value = 0n;
    }
    out += `${stackEntry(session, value, opts)} `;
  }
  return `${out}\n`;
}

/** format_stack_entry: a word as `sym+off`, `[cache]`/`[addr:cache]`, or 16 hex digits. */
export function stackEntry(session: CrashSession, value: bigint, opts: BtOptions): string {
  if (!opts.symSlab) return hex16(value);
  const prog = session.prog;
  const sym = symbolString(prog, value, session.radix);
  if (sym && (accessible(prog, value) || isKernelText(prog, value))) return sym.padEnd(16);
  if (accessible(prog, value)) {
    const slab = prog.slabs.find(value);
    if (slab)
      return (opts.symSlab2 ? `[${hex(value)}:${slab.cache.name}]` : `[${slab.cache.name}]`).padEnd(16);
  }
  return hex16(value);
}

function accessible(prog: Program, addr: bigint): boolean {
  return prog.mem.isMapped(addr, 1);
}

/** x86_64_exception_frame's register block, every line indented by 4 spaces. */
export function exceptionFrame(session: CrashSession, r: PtRegs, opts: BtOptions): string {
  const prog = session.prog;
  let out = "";
  const kernelMode = (r.cs & 3n) === 0n;
  if (kernelMode) {
    const sym = resolveSymbol(prog, r.rip);
    const where = sym
      ? sym.offset
        ? `${displayName(sym.symbol.name)}${session.radix === 16 ? `+0x${sym.offset.toString(16)}` : `+${sym.offset}`}`
        : displayName(sym.symbol.name)
      : "unknown or invalid address";
    out += `    [exception RIP: ${where}]\n`;
  }
  out += `    RIP: ${hex16(r.rip)}  RSP: ${hex16(r.rsp)}  RFLAGS: ${hex(r.eflags).padStart(8, "0")}\n`;
  out += `    RAX: ${hex16(r.rax)}  RBX: ${hex16(r.rbx)}  RCX: ${hex16(r.rcx)}\n`;
  out += `    RDX: ${hex16(r.rdx)}  RSI: ${hex16(r.rsi)}  RDI: ${hex16(r.rdi)}\n`;
  out += `    RBP: ${hex16(r.rbp)}   R8: ${hex16(r.r8)}   R9: ${hex16(r.r9)}\n`;
  out += `    R10: ${hex16(r.r10)}  R11: ${hex16(r.r11)}  R12: ${hex16(r.r12)}\n`;
  out += `    R13: ${hex16(r.r13)}  R14: ${hex16(r.r14)}  R15: ${hex16(r.r15)}\n`;
  out += `    ORIG_RAX: ${hex16(r.orig_rax)}  CS: ${hex(r.cs).padStart(4, "0")}  SS: ${hex(r.ss).padStart(4, "0")}\n`;
  if (kernelMode && opts.lineNumbers && prog.symbols.resolve(r.rip)) {
    const line = prog.symbols.lineOf(r.rip);
    if (line) out += `    ${line.file}: ${line.line}\n`;
  }
  return out;
}

function checkRegs(prog: Program, r: PtRegs, ref: Reference): void {
  const values = [
    r.rip,
    r.rsp,
    r.cs,
    r.ss,
    r.eflags,
    r.orig_rax,
    r.rbp,
    r.rax,
    r.rbx,
    r.rcx,
    r.rdx,
    r.rsi,
    r.rdi,
    r.r8,
    r.r9,
    r.r10,
    r.r11,
    r.r12,
    r.r13,
    r.r14,
    r.r15,
  ];
  if (ref.value !== undefined && values.includes(ref.value)) ref.found = true;
  const sym = resolveSymbol(prog, r.rip);
  if (ref.symbol !== undefined && sym && displayName(sym.symbol.name) === ref.symbol) ref.found = true;
}

/** -e: the exception frames on the stack, each introduced by its mode and address. */
function eframeSearch(
  session: CrashSession,
  frames: readonly StackFrame[],
  opts: BtOptions,
  ref?: Reference,
): string {
  let out = "";
  for (const f of frames) {
    if (!f.exception) continue;
    const mode = (f.exception.cs & 3n) === 0n ? "KERNEL" : "USER";
    out += `\n  ${mode}-MODE EXCEPTION FRAME AT: ${hex(f.exception.address)}\n`;
    out += exceptionFrame(session, f.exception, opts);
    if (ref) checkRegs(session.prog, f.exception, ref);
  }
  return out;
}

/** -t / -T: every text address found on the stack, with where it was found. */
function textSymbols(
  session: CrashSession,
  task: TaskStruct,
  frames: readonly StackFrame[],
  opts: BtOptions,
  ref?: Reference,
): string {
  const prog = session.prog;
  const radix = opts.radix ?? session.radix;
  let out = "";
  let start: bigint;
  if (opts.textSymbolsAll) {
    start = task.stack + BigInt(threadInfoSize(prog));
  } else {
    const first = frames[0];
    if (!first) return "";
    const r = resolveSymbol(prog, first.pc);
    const name = r ? displayName(r.symbol.name) : hex(first.pc);
    out += `${" ".repeat(14)}START: ${name}${name === "thread_return" ? " (schedule)" : ""} at ${hex(first.pc)}\n`;
    start = first.sp;
  }
  const top = task.stack + THREAD_SIZE;
  for (let addr = start; addr < top; addr += 8n) {
    let v: bigint;
    try {
      v = prog.readU64(addr);
    } catch {
      continue;
    }
    if (!isKernelText(prog, v)) continue;
    const name = frameName(prog, v);
    const r = resolveSymbol(prog, v);
    const shown = opts.symbolOffset && r?.offset ? symbolString(prog, v, radix) : name;
    out += `  [${hex(addr).padStart(16)}] ${shown} at ${hex(v)}`;
    const mod = moduleOf(prog, v);
    if (mod) out += ` [${mod}]`;
    out += "\n";
    if (ref) {
      if (ref.symbol !== undefined && ref.symbol === name) ref.found = true;
      if (ref.value !== undefined && ref.value === v) ref.found = true;
    }
  }
  return out;
}

function threadInfoSize(prog: Program): number {
  return prog.types.completeStruct("thread_info")?.size ?? 0;
}

/** -r: the whole kernel stack as `rd -s` shows memory, two words per line. */
function rawStackDump(session: CrashSession, task: TaskStruct): string {
  const prog = session.prog;
  let out = "";
  const words = Number(THREAD_SIZE / 8n);
  for (let i = 0; i < words; i++) {
    const addr = task.stack + BigInt(i * 8);
    if (i % 2 === 0) out += `${i ? "\n" : ""}${hex(addr).padStart(16)}:  `;
    let v = 0n;
    try {
      v = prog.readU64(addr);
    } catch {
      v = 0n;
    }
    const sym = symbolString(prog, v, session.radix);
    out += sym && (isKernelText(prog, v) || accessible(prog, v)) ? `${sym.padEnd(16)} ` : `${hex16(v)} `;
  }
  return `${out}\n`;
}

// --- the command ---------------------------------------------------------------------------

const SYNOPSIS =
  "[-a|-c cpu(s)|-g|-r|-t|-T|-l|-e|-E|-f|-F|-o|-O|-v|-p] [-R ref] [-s [-x|d]]\n     [-I ip] [-S sp] [pid | task]";

export const bt: CrashCommand = {
  name: "bt",
  synopsis: SYNOPSIS,
  summary: "backtrace",
  help: `  Show the kernel stack backtrace of a task: by default the current context
  task, or the tasks named by pid or task_struct address. Each frame line gives
  the frame number, the stack address where the return address was found, the
  function and the text address; a module function is followed by its module
  name in brackets. A frame entered from user space or an interrupt is
  followed by the saved registers.

    -a  the task that was running on each CPU when the dump was taken.
    -c cpu(s)  the task that was running on the given CPUs (e.g. 1,3-5).
    -p  the panic task, whatever the current context.
    -g  every thread of the task's thread group.
    -l  the source file and line of each frame (module lines need "mod -s").
    -f  the stack words of each frame, below the frame they belong to.
    -F  like -f, words shown as symbols or as [slab cache] when they point into
        a slab object; -FF also shows the address: [address:cache].
    -s  function+offset; -x/-d force a hexadecimal/decimal offset.
    -t  every text address on the stack from the current frame; -T from the
        bottom of the stack.
    -e  search the stack for exception frames.
    -r  the raw stack contents.
    -v  check the kernel stacks for overflows.
    -R ref  show only the traces that mention a symbol or a value.

  EXAMPLES
    Where was the panic task when the system went down?

      crash> bt

    Which frames hold a pointer to a slab object, and to which cache?

      crash> bt -FF 5389`,
  async run(session, args) {
    const opts: BtOptions = {};
    let active = false;
    let panic = false;
    let cpuSpec: string | undefined;
    let threadGroup = false;
    let overflowCheck = false;
    const parsed = getopt("bt", args, "D:fFI:S:c:aAloreEgstTdxR:Ovp");
    for (const { opt, arg } of parsed.opts) {
      switch (opt) {
        case "f":
          opts.full = true;
          break;
        case "F":
          if (opts.symSlab) opts.symSlab2 = true;
          else opts.full = opts.symSlab = true;
          break;
        case "l":
          opts.lineNumbers = true;
          break;
        case "s":
          opts.symbolOffset = true;
          break;
        case "x":
          if (opts.radix === 10) throw new CrashError("-d and -x are mutually exclusive");
          opts.radix = 16;
          break;
        case "d":
          if (opts.radix === 16) throw new CrashError("-d and -x are mutually exclusive");
          opts.radix = 10;
          break;
        case "t":
          opts.textSymbols = true;
          break;
        case "T":
          opts.textSymbols = opts.textSymbolsAll = true;
          break;
        case "r":
          opts.raw = true;
          break;
        case "e":
          opts.eframeSearch = true;
          break;
        case "R":
          if (opts.ref !== undefined) info(session, "bt", "only one -R option allowed");
          else opts.ref = arg;
          break;
        case "a":
          active = true;
          break;
        case "p":
          panic = true;
          break;
        case "c":
          if (cpuSpec !== undefined) {
            info(session, "bt", "only one -c option allowed");
            throw new CrashUsageError();
          }
          cpuSpec = arg;
          break;
        case "g":
          threadGroup = true;
          break;
        case "v":
          overflowCheck = true;
          break;
        case "o":
          // The "old" frame-pointer-less unwinder gives the same frames on this kernel.
          break;
        case "O":
          session.out("bt: use old bt method by default\n");
          return;
        default:
          // -A (s390x), -E, -I, -S, -D: not available on this x86_64 dump.
          throw new CrashError(`-${opt} option not supported or applicable on this architecture or kernel`);
      }
    }
    if (overflowCheck) {
      session.out(stackOverflowCheck(session));
      return;
    }
    const table = taskTable(session.prog);
    const headers: HeaderState = { subsequent: 0 };
    const show = (task: TaskStruct) => session.out(taskBacktrace(session, task, opts, headers));

    if (cpuSpec !== undefined) {
      if (threadGroup) throw new CrashError("-c option cannot be used with the -g option");
      for (const cpu of parseCpuList(cpuSpec, table.cpus)) {
        const task = table.active.get(cpu);
        if (!task) throw new CrashError(`cannot determine active task on cpu ${cpu}`);
        show(task);
      }
      return;
    }
    if (active) {
      if (threadGroup) throw new CrashError("-a option cannot be used with the -g option");
      for (let cpu = 0; cpu < table.cpus; cpu++) {
        await session.signal.checkpoint();
        const task = table.active.get(cpu);
        if (task) show(task);
      }
      return;
    }
    const group = (task: TaskStruct) => {
      // The thread group leader first, then its other threads in context order.
      const members = contextOrder(session).filter((t) => t.tgid === task.tgid);
      const leader = members.find((t) => t.pid === task.tgid);
      for (const t of leader ? [leader, ...members.filter((m) => m !== leader)] : members) show(t);
    };
    if (parsed.operands.length === 0) {
      const task = panic ? table.panic : currentTask(session);
      if (threadGroup && task.pid !== 0) group(task);
      else show(task);
      return;
    }
    for (const a of parsed.operands) {
      await session.signal.checkpoint();
      const c = strToContext(table, a);
      if (c.kind === "pid") {
        if (threadGroup && c.pid !== 0) group(c.tasks[0]);
        else for (const t of c.tasks) show(t);
      } else if (c.kind === "task") {
        if (threadGroup && c.task.pid !== 0) group(c.task);
        else show(c.task);
      } else {
        info(session, "bt", `invalid task or pid value: ${a}`, headers.subsequent++ > 0);
      }
    }
  },
};

/** bt -v: thread_info.task must point back to the task; otherwise crash reports a possible overflow. */
function stackOverflowCheck(session: CrashSession): string {
  const prog = session.prog;
  const ti = prog.types.completeStruct("thread_info");
  let out = "";
  let total = 0;
  if (ti) {
    for (const task of contextOrder(session)) {
      try {
        const back = prog.readMember(task.stack, "thread_info", "task");
        if (back !== task.address) {
          out += taskHeader(task);
          out += `  possible stack overflow: thread_info.task: ${hex(back)} != ${hex(task.address)}\n\n`;
          total++;
        }
      } catch {
        // an unreadable stack is not an overflow
      }
    }
  }
  return total ? out : "No stack overflows detected\n";
}
