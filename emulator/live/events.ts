/**
 * The event engine of the live system: simulated kernel functions run as model code that
 * moves a program counter through their text (function entry, each source line's addresses,
 * return) with the registers the compiled code would hold at that point. Tracers attach
 * handlers to text addresses (kprobes) or to function returns (kretprobes); a hit hands the
 * handler the registers, the running task, the CPU and the clock, and the Program, so every
 * value a tracer prints is read from memory at that moment. perf uses it through tracefs
 * (kprobe_events); SystemTap, bcc and bpftrace attach here the same way.
 */
import type { Program } from "../kernel/program";
import type { FunctionDebug } from "./debuginfo";

/** x86_64 general registers by their perf/kprobe names without '%': ax, bx, r12, ip, sp... */
export const REGISTER_NAMES = [
  "ax",
  "bx",
  "cx",
  "dx",
  "si",
  "di",
  "bp",
  "sp",
  "ip",
  "r8",
  "r9",
  "r10",
  "r11",
  "r12",
  "r13",
  "r14",
  "r15",
] as const;
export type RegisterName = (typeof REGISTER_NAMES)[number];

export function isRegisterName(name: string): name is RegisterName {
  return (REGISTER_NAMES as readonly string[]).includes(name);
}
export type Registers = Partial<Record<RegisterName, bigint>>;

/** The process a hit happens in (current). */
export interface TaskRef {
  readonly comm: string;
  readonly pid: number;
  readonly tid: number;
}

export type HitKind = "entry" | "line" | "return";

export interface ProbeHit {
  readonly kind: HitKind;
  /** Text address the pc is at (for a return: the function's entry address). */
  readonly address: bigint;
  readonly symbol: string;
  readonly offset: number;
  readonly module?: string;
  /** Relative source line (function declaration = 0) for line hits. */
  readonly line?: number;
  readonly regs: Readonly<Registers>;
  readonly task: TaskRef;
  readonly cpu: number;
  /** Monotonic clock (ns since boot), what perf's timestamps show. */
  readonly timeNs: bigint;
  /** Return value (rax) of a return hit. */
  readonly retval?: bigint;
  /** Where the function returns to in its caller (0 for model code entered from outside). */
  readonly returnAddress: bigint;
  /** Return addresses of the callers, innermost first (for callchains). */
  readonly callers: readonly bigint[];
  readonly prog: Program;
}

export type ProbeHandler = (hit: ProbeHit) => void;

export interface Attachment {
  readonly kind: "kprobe" | "kretprobe";
  /** kprobe: any text address; kretprobe: a function's entry address. */
  readonly address: bigint;
  readonly handler: ProbeHandler;
}

/** What the model code runs as: the current task on a CPU and the time it starts. */
export interface ExecContext {
  readonly task: TaskRef;
  readonly cpu: number;
}

/** Per-step costs of model code, so timestamps look like a CPU executing it. */
const NS_PER_LINE = 180n;

export class EventEngine {
  private readonly attachments = new Set<Attachment>();
  private nowNs: bigint;
  private current: ExecContext | null = null;
  private readonly stack: Frame[] = [];

  constructor(
    readonly prog: Program,
    private readonly debug: ReadonlyMap<string, FunctionDebug>,
    startNs: bigint,
  ) {
    this.nowNs = startNs;
  }

  get timeNs(): bigint {
    return this.nowNs;
  }

  /** Set the clock (the VM's time when model code starts). */
  setTime(ns: bigint): void {
    this.nowNs = ns;
  }

  /** Let time pass (work the model does not step through line by line). */
  advance(ns: bigint): void {
    this.nowNs += ns;
  }

  attach(a: Attachment): () => void {
    this.attachments.add(a);
    return () => {
      this.attachments.delete(a);
    };
  }

  get attachedCount(): number {
    return this.attachments.size;
  }

  /** Run model code as `ctx.task` on `ctx.cpu`. */
  run<T>(ctx: ExecContext, body: () => T): T {
    const prev = this.current;
    this.current = ctx;
    try {
      return body();
    } finally {
      this.current = prev;
    }
  }

  /** Call a simulated function: fires entry probes with the argument registers. */
  enter(name: string, args: Registers): Frame {
    const dbg = this.debug.get(name);
    if (!dbg) throw new Error(`no debug info for ${name}`);
    const sym = this.prog.symbol(name);
    const caller = this.stack.at(-1);
    const retAddr = caller ? caller.pcAfterCall() : 0n;
    const frame = new Frame(this, dbg, sym.address, sym.module, { ...args, ip: sym.address }, retAddr);
    this.stack.push(frame);
    this.fire({ kind: "entry", frame, offset: 0 });
    return frame;
  }

  /** @internal the frame reached a source line. */
  stepLine(frame: Frame, line: number): void {
    const offsets = frame.debug.lineAddrs.get(line);
    if (!offsets) throw new Error(`${frame.debug.name}:${line} has no code`);
    for (const off of offsets) {
      this.nowNs += NS_PER_LINE;
      frame.regs.ip = frame.entry + BigInt(off);
      this.fire({ kind: "line", frame, offset: off, line });
    }
  }

  /** @internal the frame returns. */
  leave(frame: Frame, retval: bigint): void {
    const top = this.stack.pop();
    if (top !== frame) throw new Error(`unbalanced return from ${frame.debug.name}`);
    this.nowNs += NS_PER_LINE;
    this.fire({ kind: "return", frame, offset: 0, retval });
  }

  private fire(e: { kind: HitKind; frame: Frame; offset: number; line?: number; retval?: bigint }): void {
    if (this.attachments.size === 0) return;
    const ctx = this.current;
    if (!ctx) throw new Error("model code runs outside EventEngine.run");
    const address = e.frame.entry + BigInt(e.offset);
    const want = e.kind === "return" ? "kretprobe" : "kprobe";
    const matching = [...this.attachments].filter(
      (a) => a.kind === want && a.address === (e.kind === "return" ? e.frame.entry : address),
    );
    if (!matching.length) return;
    const regs: Registers = { ...e.frame.regs };
    if (e.retval !== undefined) regs.ax = e.retval;
    const hit: ProbeHit = {
      kind: e.kind,
      address,
      symbol: e.frame.debug.name,
      offset: e.offset,
      module: e.frame.module,
      line: e.line,
      regs,
      task: ctx.task,
      cpu: ctx.cpu,
      timeNs: this.nowNs,
      retval: e.retval,
      returnAddress: e.frame.returnAddress,
      callers: this.stack
        .slice(0, -1)
        .reverse()
        .map((f) => f.regs.ip ?? f.entry),
      prog: this.prog,
    };
    for (const a of matching) a.handler(hit);
  }
}

/** One activation of a simulated function. */
export class Frame {
  constructor(
    private readonly engine: EventEngine,
    readonly debug: FunctionDebug,
    readonly entry: bigint,
    readonly module: string | undefined,
    readonly regs: Registers,
    readonly returnAddress: bigint,
  ) {}

  /** Execute source line `line` with these register updates (what the code computed so far). */
  line(line: number, set: Registers = {}): this {
    Object.assign(this.regs, set);
    this.engine.stepLine(this, line);
    return this;
  }

  /** Where a call made at the current pc returns to (the next instruction, 5 bytes on). */
  pcAfterCall(): bigint {
    return (this.regs.ip ?? this.entry) + 5n;
  }

  ret(value = 0n): bigint {
    this.engine.leave(this, value);
    return value;
  }
}
