/**
 * The state of one crash session (program, radix, context task, value history, explain mode)
 * and where command output currently goes: the terminal, a buffer for a `| pipeline`, or a
 * buffer for a `> file`. Commands only see the CrashSession interface.
 */
import type { TaskStruct } from "../../kernel/linux/model";
import type { Program } from "../../kernel/program";
import type { GuestFs, InterruptSignal, ShellResult } from "../toolapi";
import { Interrupted } from "../toolapi";
import type { CrashCommand, CrashSession, ExplainStep, Radix } from "./command";
import type { TypedValue } from "./format/expr";

/** Collects output in chunks; optionally streams to a writer once enough is buffered. */
export class OutputSink {
  private chunks: string[] = [];
  private size = 0;
  /** True once anything was written (for the newline after an interrupted command). */
  lastChar = "\n";

  constructor(
    private readonly flushTo?: (text: string) => void,
    private readonly threshold = 1 << 16,
  ) {}

  write(text: string): void {
    if (!text) return;
    this.chunks.push(text);
    this.size += text.length;
    this.lastChar = text[text.length - 1];
    if (this.flushTo && this.size >= this.threshold) this.flush();
  }

  flush(): void {
    if (!this.flushTo || this.size === 0) return;
    const s = this.chunks.join("");
    this.chunks = [];
    this.size = 0;
    this.flushTo(s);
  }

  take(): string {
    const s = this.chunks.join("");
    this.chunks = [];
    this.size = 0;
    return s;
  }
}

/**
 * Ctrl-C for one command at a time: the guest's signal may stay raised once pressed, so each
 * command watches for a new interrupt from the moment it starts, and yields to the event loop
 * about every 20 ms so the interrupt can be delivered.
 */
export class CommandSignal implements InterruptSignal {
  private pending = false;
  private baseline: boolean;
  private lastYield = Date.now();

  constructor(private readonly base: InterruptSignal) {
    this.baseline = base.interrupted;
    base.onInterrupt(() => {
      this.pending = true;
    });
  }

  /** Start of a command: forget interrupts that arrived before it. */
  reset(): void {
    this.pending = false;
    this.baseline = this.base.interrupted;
  }

  get interrupted(): boolean {
    return this.pending || (this.base.interrupted && !this.baseline);
  }

  async checkpoint(): Promise<void> {
    const now = Date.now();
    if (now - this.lastYield >= 20) {
      this.lastYield = now;
      await new Promise<void>((r) => setTimeout(r, 0));
    }
    if (this.interrupted) {
      this.pending = false;
      this.baseline = this.base.interrupted;
      throw new Interrupted();
    }
  }

  onInterrupt(listener: () => void): () => void {
    return this.base.onInterrupt(listener);
  }
}

export interface SessionInit {
  readonly prog: Program;
  readonly panicTask: TaskStruct;
  readonly context?: TaskStruct;
  readonly fs: GuestFs;
  readonly signal: InterruptSignal;
  readonly sh: (commandLine: string, options?: { stdin?: string }) => Promise<ShellResult>;
  /** Terminal output (the tool's stdout). */
  readonly stdout: (text: string) => void;
  readonly commands: readonly CrashCommand[];
  /** Paths as given on the command line, for `sys`. */
  readonly namelist?: string;
  readonly dumpfile?: string;
  readonly silent?: boolean;
}

export class Session implements CrashSession {
  readonly prog: Program;
  radix: Radix = 10;
  context: TaskStruct;
  readonly panicTask: TaskStruct;
  readonly fs: GuestFs;
  readonly signal: CommandSignal;
  readonly commands = new Map<string, CrashCommand>();
  readonly namelist: string;
  readonly dumpfile: string;
  readonly silent: boolean;
  /** `set explain on` */
  explainMode = false;
  /** `--explain` on the current command line */
  explainOnce = false;
  /** `set scroll on|off` (accepted; output is never paged here) */
  scroll = true;
  /** Name of the command running, for error prefixes (crash's pc->curcmd). */
  currentCommand = "crash";
  readonly steps: ExplainStep[] = [];
  private readonly history: TypedValue[] = [];
  /** Where out() writes: the terminal sink, or a buffer for a pipe or file. */
  sink: OutputSink;
  readonly terminal: OutputSink;
  /** Set while output goes to `| pipeline` (errors go into the pipe too, as crash does). */
  piping = false;
  /** Set while output goes to `> file` (errors also reach the terminal). */
  toFile = false;
  private readonly shRunner: SessionInit["sh"];

  constructor(init: SessionInit) {
    this.prog = init.prog;
    this.panicTask = init.panicTask;
    this.context = init.context ?? init.panicTask;
    this.fs = init.fs;
    this.signal = new CommandSignal(init.signal);
    this.shRunner = init.sh;
    this.terminal = new OutputSink(init.stdout);
    this.sink = this.terminal;
    this.namelist = init.namelist ?? "vmlinux";
    this.dumpfile = init.dumpfile ?? "vmcore";
    this.silent = init.silent ?? false;
    for (const c of init.commands) this.commands.set(c.name, c);
  }

  get explain(): boolean {
    return this.explainMode || this.explainOnce;
  }

  out(text: string): void {
    this.sink.write(text);
  }

  /** crash's error(INFO, ...): `cmd: message`, into the pipe when piping, else to the terminal (and the file). */
  info(message: string, bare = false): void {
    const line = `${bare ? "" : `${this.currentCommand}: `}${message}${message.endsWith("\n") ? "" : "\n"}`;
    if (this.piping) {
      this.sink.write(line);
      return;
    }
    this.terminal.write(line);
    if (this.toFile) this.sink.write(line);
  }

  pushValue(value: unknown): number {
    this.history.push(value as TypedValue);
    return this.history.length;
  }

  valueHistory(index?: number): unknown {
    if (index === undefined) return this.history[this.history.length - 1];
    return this.history[index - 1];
  }

  get historyLength(): number {
    return this.history.length;
  }

  recordStep(step: ExplainStep): void {
    if (this.explain) this.steps.push(step);
  }

  sh(commandLine: string, options?: { stdin?: string }): Promise<ShellResult> {
    return this.shRunner(commandLine, options);
  }
}
