/**
 * The contract between the guest shell and our own tools (crash, perf, bpftrace, lctl...).
 * A tool is a function of its arguments and a ToolIO; the shell layer adapts it to
 * just-bash's command interface so tools work in pipelines, redirections and scripts,
 * and hands it a Tty when it was started from the interactive terminal with no input
 * redirected, so it can run a REPL with its own prompt or stream until Ctrl-C.
 */

export interface ToolCommand {
  readonly name: string;
  /** One-line summary for `help`/`man` in the guest. */
  readonly summary: string;
  run(io: ToolIO): Promise<number>;
}

export interface ToolIO {
  readonly args: readonly string[];
  /** Piped or redirected standard input, or null when stdin is the terminal. */
  readonly stdin: string | null;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
  readonly fs: GuestFs;
  /** Standard output; streamed to the terminal when the tool runs interactively. */
  stdout(text: string): void;
  stderr(text: string): void;
  /** Present only when the tool owns the terminal (interactive, stdin not redirected). */
  readonly tty: Tty | null;
  readonly signal: InterruptSignal;
  /** Run a guest shell command line (crash's `| pipeline`, `!cmd`). */
  sh(commandLine: string, options?: { stdin?: string }): Promise<ShellResult>;
}

export interface ShellResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
}

export interface Tty {
  /**
   * Read one line with full line editing and history, showing `prompt`.
   * Resolves null on Ctrl-D at an empty line (EOF). Ctrl-C at the prompt resolves "" after
   * printing a new prompt line, as readline does.
   */
  readLine(prompt: string, options?: ReadLineOptions): Promise<string | null>;
  readonly columns: number;
  readonly rows: number;
}

export interface ReadLineOptions {
  /** History bucket (e.g. "crash"), so each REPL keeps its own Up/Down history. */
  readonly historyKey?: string;
  /** Tab completion: given the line before the cursor, candidate completions of its last word. */
  readonly complete?: (lineBeforeCursor: string) => string[];
}

/** Cooperative interrupt: long loops call checkpoint() so Ctrl-C stops them. */
export interface InterruptSignal {
  readonly interrupted: boolean;
  /** Yields to the event loop when due (about every 20 ms) and throws Interrupted once Ctrl-C was pressed. */
  checkpoint(): Promise<void>;
  /** Calls listener when Ctrl-C is pressed; returns an unsubscribe function. */
  onInterrupt(listener: () => void): () => void;
}

export class Interrupted extends Error {
  constructor() {
    super("interrupted");
    this.name = "Interrupted";
  }
}

/** The slice of the guest filesystem tools need; paths may be relative to ToolIO.cwd. */
export interface GuestFs {
  readFile(path: string): Promise<string>;
  readFileBytes(path: string): Promise<Uint8Array>;
  writeFile(path: string, content: string): Promise<void>;
  appendFile(path: string, content: string): Promise<void>;
  exists(path: string): Promise<boolean>;
  isDirectory(path: string): Promise<boolean>;
  /** Absolute, normalised path (symlinks resolved when they exist). */
  resolve(path: string): string;
  /** Expand a glob pattern the way the shell would (sorted); [] when nothing matches. */
  glob(pattern: string): Promise<string[]>;
}
