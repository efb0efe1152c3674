/**
 * One crash command = one file in commands/, declaring its name, synopsis and help text
 * (in our own words) beside the code, the way drgn's crash commands carry their own help.
 */
import type { TaskStruct } from "../../kernel/linux/model";
import type { Program } from "../../kernel/program";
import type { GuestFs, InterruptSignal, ShellResult } from "../toolapi";

export interface CrashCommand {
  readonly name: string;
  /** The usage line(s) printed by `Usage:` and at the top of `help <name>`. */
  readonly synopsis: string;
  /** One-line purpose, for NAME in `help <name>`. */
  readonly summary: string;
  /** DESCRIPTION and EXAMPLES for `help <name>`, in our own words. */
  readonly help: string;
  run(session: CrashSession, args: string[]): Promise<void> | void;
}

/** Output radix for values (`set radix`, `hex`/`dec`, per-command -x/-d). */
export type Radix = 10 | 16;

/** A step of a memory walk, for explain mode (`set explain on`). */
export interface ExplainStep {
  /** e.g. "task_struct.files" */
  readonly what: string;
  /** Address read. */
  readonly address: bigint;
  /** Offset within the containing struct, when the step is a member read. */
  readonly offset?: number;
  /** The value found, as printed. */
  readonly value: string;
}

export interface CrashSession {
  readonly prog: Program;
  /** Output radix currently in effect (default 10). */
  radix: Radix;
  /** The current context task (panic task at start, changed by `set <pid>`). */
  context: TaskStruct;
  /** The task that was running on the panic CPU. */
  readonly panicTask: TaskStruct;
  readonly fs: GuestFs;
  readonly signal: InterruptSignal;
  /** Write command output (already redirected/piped by the REPL). */
  out(text: string): void;
  /** gdb's value history ($1, $2...): record a value and return its number. */
  pushValue(value: unknown): number;
  valueHistory(index?: number): unknown;
  /** Explain mode: commands record the memory walk they made; the REPL prints it after the output. */
  readonly explain: boolean;
  recordStep(step: ExplainStep): void;
  /** Run a guest shell command line (for `!cmd`). */
  sh(commandLine: string, options?: { stdin?: string }): Promise<ShellResult>;
}

/** An error crash prints as `<command>: <message>` (or verbatim when `bare`). */
export class CrashError extends Error {
  constructor(
    message: string,
    /** Print the message as is, without the `<command>: ` prefix. */
    readonly bare = false,
  ) {
    super(message);
    this.name = "CrashError";
  }
}

/** Bad arguments: crash prints the synopsis as `Usage:` and the "Enter help" line. */
export class CrashUsageError extends Error {
  constructor(
    /** Optional first line, e.g. getopt's `bt: invalid option -- 'Z'`. */
    readonly detail?: string,
  ) {
    super(detail ?? "usage");
    this.name = "CrashUsageError";
  }
}
