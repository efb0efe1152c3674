/**
 * x86_64 backtraces through frame pointers, the way crash unwinds a CentOS 7 kernel: each frame's
 * saved rbp sits just below its return address and points at the caller's saved rbp. A sleeping
 * task starts at thread.sp (saved rbp there, first return address above it); a task running at
 * dump time starts from its CPU's saved registers. Entry code (syscalls, faults, NMIs) leaves a
 * struct pt_regs right above its return address: the frame carries it as `exception`, and the
 * unwinder continues from the interrupted registers (switching stacks after an NMI).
 */
import type { Program } from "../program";
import type { PtRegs, StackFrame, TaskStruct } from "./model";
import { activeTask, THREAD_SIZE } from "./tasks";

/** Functions whose frame is followed by the pt_regs of an interruption. */
const ENTRY_FUNCTIONS = new Set([
  "system_call_fastpath",
  "system_call",
  "system_call_after_swapgs",
  "tracesys",
  "page_fault",
  "nmi",
  "end_repeat_nmi",
  "apic_timer_interrupt",
  "common_interrupt",
  "ret_from_intr",
  "reschedule_interrupt",
  "call_function_interrupt",
  "invalid_op",
  "general_protection",
]);

const MAX_FRAMES = 64;

export function readPtRegs(prog: Program, addr: bigint): PtRegs {
  const r = (i: number) => prog.readU64(addr + BigInt(i * 8));
  return {
    address: addr,
    r15: r(0),
    r14: r(1),
    r13: r(2),
    r12: r(3),
    rbp: r(4),
    rbx: r(5),
    r11: r(6),
    r10: r(7),
    r9: r(8),
    r8: r(9),
    rax: r(10),
    rcx: r(11),
    rdx: r(12),
    rsi: r(13),
    rdi: r(14),
    orig_rax: r(15),
    rip: r(16),
    cs: r(17),
    eflags: r(18),
    rsp: r(19),
    ss: r(20),
  };
}

function isText(prog: Program, addr: bigint): boolean {
  const r = prog.symbols.resolve(addr);
  if (!r) return false;
  const k = r.symbol.kind;
  return k === "T" || k === "t" || k === "W";
}

function readable(prog: Program, addr: bigint): boolean {
  return prog.mem.isMapped(addr, 8);
}

interface Frame {
  level: number;
  sp: bigint;
  pc: bigint;
  exception?: PtRegs;
  transition?: string;
}

export function unwindStack(prog: Program, task: TaskStruct): StackFrame[] {
  const frames: Frame[] = [];
  const regs = prog.dump.cpuRegs.get(task.cpu);
  let sp: bigint;
  let pc: bigint;
  let rbp: bigint;
  if (regs && activeTask(prog, task.cpu) === task.address) {
    sp = regs.rsp;
    pc = regs.rip;
    rbp = regs.rbp;
  } else {
    if (task.threadSp === 0n || !readable(prog, task.threadSp)) return [];
    sp = task.threadSp + 8n;
    pc = prog.readU64(sp);
    rbp = prog.readU64(task.threadSp);
  }
  const stackLo = task.stack;
  const stackHi = task.stack + THREAD_SIZE;
  const onTaskStack = (a: bigint) => a >= stackLo && a < stackHi;
  frames.push({ level: 0, sp, pc });
  while (frames.length < MAX_FRAMES) {
    const last = frames[frames.length - 1];
    const name = prog.symbols.resolve(last.pc)?.symbol.name;
    if (name && ENTRY_FUNCTIONS.has(name) && !last.exception) {
      const at = last.sp + 8n;
      if (!readable(prog, at + 160n)) break;
      const ex = readPtRegs(prog, at);
      last.exception = ex;
      if ((ex.cs & 3n) !== 0n) break; // user mode: the kernel stack ends here
      if (onTaskStack(ex.rsp) !== onTaskStack(last.sp)) {
        // Interrupted on another stack (NMI, IRQ stack): the interrupted function is a frame.
        last.transition =
          name === "end_repeat_nmi" || name === "nmi" ? "NMI exception stack" : "exception stack";
        frames.push({ level: frames.length, sp: ex.rsp, pc: ex.rip });
      }
      rbp = ex.rbp;
      continue;
    }
    if (rbp === 0n || !readable(prog, rbp) || !readable(prog, rbp + 8n)) break;
    if (rbp + 8n <= last.sp && onTaskStack(rbp) === onTaskStack(last.sp)) break; // must move up the stack
    const slot = rbp + 8n;
    const ret = prog.readU64(slot);
    if (!isText(prog, ret)) break;
    frames.push({ level: frames.length, sp: slot, pc: ret });
    rbp = prog.readU64(rbp);
  }
  return frames;
}
