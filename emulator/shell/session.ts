/**
 * One login shell of the simulated VM on top of just-bash.
 *
 * just-bash starts every `exec` with fresh shell state (only the filesystem persists), so
 * each statement runs as: a preamble that re-creates the session's functions, arrays,
 * `set -o` options and `$?`; the statement itself, its arithmetic routed to the 64-bit
 * evaluator; and a trailer that hands the resulting variables, functions and cwd back to
 * the session. Variables travel in the exec's env; their export flags live in just-bash's
 * own table, which persists between executions.
 */
import { Bash, type CustomCommand, defineCommand, InMemoryFs } from "just-bash";
import type { ShellResult, ToolCommand, ToolIO } from "../tools/toolapi";
import { rewriteArithmetic } from "./arith-rewrite";
import { createArithCommand } from "./commands/arith";
import { printfCommand } from "./commands/printf";
import { createSystemCommands, type SystemContext } from "./commands/system";
import { createGuestFs } from "./guest-fs";
import { InterruptController } from "./interrupt";
import { MACHINE } from "./machine";
import {
  functionDefinitions,
  isIncomplete,
  mayExitShell,
  splitStatements,
  terminalUse,
  tryParse,
} from "./script-shape";
import { LOGIN_PID, LOGIN_SHELL_PID } from "./system-info";
import { createToolCommand, type TerminalPort } from "./tool-adapter";
import { populateBaseTree, restoreProcFiles } from "./vm-tree";

export type { TerminalPort } from "./tool-adapter";

/**
 * A file whose writes have a kernel side (a debugfs or procfs control such as ldlm's
 * dump_namespaces). In-memory files have no write callback, so the shell empties each hooked
 * file before a statement and, when the statement left data in it, hands the data to
 * `onWrite` (in the writing process, the login bash) and empties it again.
 */
export interface SpecialFileHook {
  readonly path: string;
  onWrite(io: ToolIO, data: string, writer: { readonly comm: string; readonly pid: number }): Promise<void>;
}

/** A tool may bring the special files of its subsystem (registered with the tool). */
export interface ToolWithFileHooks extends ToolCommand {
  readonly fileHooks?: readonly SpecialFileHook[];
}

/** Limits raised for the talk's pipelines (a `while read` over 85k lines, awk over a big file). */
export const SESSION_LIMITS = {
  maxCommandCount: 10_000_000,
  maxLoopIterations: 100_000_000,
  maxAwkIterations: 100_000_000,
  maxSedIterations: 100_000_000,
  maxOutputSize: 64 * 1024 * 1024,
  maxStringLength: 64 * 1024 * 1024,
  maxArrayElements: 10_000_000,
  maxWorkUnits: 1_000_000_000,
  maxBraceExpansionResults: 1_000_000,
  maxGlobOperations: 10_000_000,
  // No wall clock for an interactive command; this is only the safety net for a busy loop
  // in Node, where nothing else can stop it (the browser replaces its worker on Ctrl-C).
  maxExecutionTimeMs: 30 * 60 * 1000,
} as const;

export interface ShellSessionOptions {
  /** Starting directory (default /root). */
  readonly cwd?: string;
  /** Interactive: tools may own the terminal; arithmetic errors abort the line, not a script. */
  readonly interactive: boolean;
  readonly tools?: readonly ToolCommand[];
  /** Where tools write when they own the terminal, and read lines from (interactive only). */
  readonly terminal?: TerminalPort | null;
  /** Wall clock (ms since epoch); tests pin it. */
  readonly now?: () => number;
  /** When the VM booted (ms since epoch); defaults to `uptimeAtLoginSeconds` before now. */
  readonly bootTimeMs?: number;
  /** The filesystem to use (a new one by default). */
  readonly fs?: InMemoryFs;
  /** Write the VM's base tree into it (default: only when `fs` is not given). */
  readonly populate?: boolean;
}

export interface RunOptions {
  readonly signal?: AbortSignal;
  /** Standard input of the whole script (CLI `exec` with data piped in). */
  readonly stdin?: string;
  /** Called with each statement's output as soon as it finishes. */
  readonly onOutput?: (stdout: string, stderr: string) => void;
}

export interface RunResult {
  readonly exitCode: number;
  /** The script ran `exit` (or failed under `set -e`): the login shell ends. */
  readonly exited: boolean;
  /** Stopped by Ctrl-C (the signal). */
  readonly interrupted: boolean;
}

/** Shell state carried from one execution to the next; also what a snapshot stores. */
export interface ShellState {
  readonly cwd: string;
  readonly vars: Readonly<Record<string, string>>;
  readonly exported: readonly string[];
  /** Source text of each function, by name. */
  readonly functions: Readonly<Record<string, string>>;
  /** `declare -a`/`declare -A` lines re-creating the arrays. */
  readonly arrays: string;
  /** SHELLOPTS after the last command. */
  readonly shellopts: string;
  readonly lastExitCode: number;
}

// Internal commands start with a dot so `ls /bin` does not show their stubs.
const STATUS_COMMAND = ".kdebug_status";
/** just-bash's interpreter runs its own `help` before any command named help: ours goes by another name. */
const COMMAND_RENAMES = { help: ".kdebug_help" } as const;
const SAVE_COMMAND = ".kdebug_save";
const INTERNAL_PREFIX = "__kdebug_";

/** Variables just-bash computes itself: never carried between executions. */
const DYNAMIC_VARS = new Set([
  "?",
  "_",
  "PWD",
  "BASHPID",
  "RANDOM",
  "SECONDS",
  "LINENO",
  "PPID",
  "UID",
  "EUID",
  "SHELLOPTS",
  "BASHOPTS",
  "PIPESTATUS",
  "OPTIND",
  "FUNCNAME",
  "BASH_COMMAND",
]);

const SKIPPED_ARRAYS =
  /^declare -[aA][a-zA-Z]* (PIPESTATUS|BASH_[A-Z_]*|GROUPS|FUNCNAME|DIRSTACK|COMP_[A-Z]*)=/;

function initialEnv(): Record<string, string> {
  return {
    HOME: MACHINE.home,
    PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/root/bin",
    HOSTNAME: MACHINE.hostname,
    USER: MACHINE.user,
    LOGNAME: MACHINE.user,
    SHELL: "/bin/bash",
    TERM: "xterm",
    LANG: "en_US.UTF-8",
    MAIL: `/var/spool/mail/${MACHINE.user}`,
    HISTSIZE: "1000",
    HISTCONTROL: "ignoredups",
    SHLVL: "1",
    PS1: "[\\u@\\h \\W]\\$ ",
    OLDPWD: MACHINE.home,
  };
}

export class ShellSession {
  readonly fs: InMemoryFs;
  readonly interactive: boolean;
  readonly bootTimeMs: number;
  readonly now: () => number;
  /** Shell command lines, oldest first (the `history` builtin reads them). */
  readonly history: string[] = [];
  private readonly bash: Bash;
  private readonly tools = new Map<string, ToolCommand>();
  private terminal: TerminalPort | null;
  private state: ShellState;
  private readonly defaultShellopts: string;
  /** Set by the trailer of the statement that just ran. */
  private saved: ShellState | null = null;
  private pendingFunctions = new Map<string, string>();
  /** A fatal arithmetic error asked to abort the running statement. */
  private fatalAbort: AbortController | null = null;
  private fatalMessage: string | null = null;
  /** Commands of the running statement that may own the terminal. */
  private attachedCommands: ReadonlySet<string> = new Set();
  /** >0 while a tool's sh() runs a nested command line (no terminal there). */
  private nestedDepth = 0;
  private foregroundInterrupt: (() => void) | null = null;
  private nextPid = LOGIN_SHELL_PID + 57;
  hostname: string = MACHINE.hostname;
  /** Kernel log cleared by `dmesg -c`/`-C`. */
  kernelLogCleared = false;
  private exitRequested = false;
  /** Processes the learner killed (ps no longer lists them). */
  readonly killedPids = new Set<number>();
  private readonly fileHooks = new Map<string, SpecialFileHook>();

  constructor(options: ShellSessionOptions) {
    this.interactive = options.interactive;
    this.terminal = options.terminal ?? null;
    this.now = options.now ?? (() => Date.now());
    this.bootTimeMs = options.bootTimeMs ?? this.now() - MACHINE.uptimeAtLoginSeconds * 1000;
    const fresh = options.populate ?? !options.fs;
    this.fs = options.fs ?? new InMemoryFs();
    const cwd = options.cwd ?? MACHINE.home;
    const system: SystemContext = {
      session: this,
      commandNames: () => this.commandNames(),
      toolSummaries: () => [...this.tools.values()].map((t) => ({ name: t.name, summary: t.summary })),
    };
    const commands: CustomCommand[] = [
      printfCommand,
      createArithCommand({
        onFatal: (message) => this.onFatalArith(message),
      }),
      defineCommand(STATUS_COMMAND, async (args) => ({
        stdout: "",
        stderr: "",
        exitCode: Number(args[0] ?? 0),
      })),
      defineCommand(SAVE_COMMAND, async (_args, ctx) => {
        this.saved = this.captureState(ctx.env, ctx.exportedEnv ?? {}, ctx.cwd);
        return { stdout: "", stderr: "", exitCode: this.saved.lastExitCode };
      }),
      ...createSystemCommands(system),
    ];
    this.bash = new Bash({
      fs: this.fs,
      cwd,
      env: initialEnv(),
      customCommands: commands,
      executionLimits: SESSION_LIMITS,
      // A secondary sandbox layer that patches JS globals while a command runs: the
      // shell only ever runs the learner's own commands in the learner's own page, and
      // it makes pipelines 3-5x slower.
      defenseInDepth: false,
      processInfo: { pid: LOGIN_SHELL_PID, ppid: LOGIN_PID, uid: 0, gid: 0 },
    });
    if (fresh) populateBaseTree(this.fs);
    // A later login's Bash rewrites just-bash's own /proc files over the VM's.
    else restoreProcFiles(this.fs);

    for (const tool of options.tools ?? []) this.registerTool(tool);
    const env = this.bash.getEnv();
    this.defaultShellopts = env.SHELLOPTS ?? "";
    const vars: Record<string, string> = {};
    for (const [k, v] of Object.entries(env)) if (!DYNAMIC_VARS.has(k)) vars[k] = v;
    this.state = {
      cwd,
      vars,
      exported: Object.keys(initialEnv()),
      functions: {},
      arrays: "",
      shellopts: this.defaultShellopts,
      lastExitCode: 0,
    };
  }

  /** Current working directory of the shell. */
  get cwd(): string {
    return this.state.cwd;
  }

  get lastExitCode(): number {
    return this.state.lastExitCode;
  }

  /** The terminal tools may own (set by the guest once it starts). */
  setTerminal(terminal: TerminalPort | null): void {
    this.terminal = terminal;
  }

  /**
   * Whether the statement running now gives command `name` the terminal as its stdout: an
   * interactive line where it is neither piped, redirected nor substituted, outside a tool's
   * nested sh() (what `ls` needs to choose columns, what tools need to own the terminal).
   */
  stdoutIsTerminal(name: string): boolean {
    return this.interactive && this.nestedDepth === 0 && this.attachedCommands.has(name);
  }

  /** Add a tool as a command of this shell (crash, perf...). */
  registerTool(tool: ToolCommand): void {
    this.tools.set(tool.name, tool);
    for (const hook of (tool as ToolWithFileHooks).fileHooks ?? []) this.registerFileHook(hook);
    this.bash.registerCommand(
      createToolCommand(tool, {
        terminalFor: (name, stdin) => (stdin === "" && this.stdoutIsTerminal(name) ? this.terminal : null),
        sh: (line, options) => this.runNested(line, options),
        setForegroundInterrupt: (fn) => {
          this.foregroundInterrupt = fn;
        },
      }),
    );
  }

  /** Run `hook.onWrite` after each statement that wrote `hook.path`. */
  registerFileHook(hook: SpecialFileHook): void {
    this.fileHooks.set(hook.path, hook);
  }

  /** Empty the hooked files that exist, so a write during the statement shows. */
  private async armFileHooks(): Promise<string[]> {
    const armed: string[] = [];
    for (const path of this.fileHooks.keys()) {
      if (!(await this.fs.exists(path))) continue;
      if ((await this.fs.readFile(path)) !== "") await this.fs.writeFile(path, "");
      armed.push(path);
    }
    return armed;
  }

  /** Hand what the statement wrote to the hooked files to their handlers; their output follows the statement's. */
  private async fireFileHooks(armed: readonly string[]): Promise<{ stdout: string; stderr: string }> {
    let stdout = "";
    let stderr = "";
    for (const path of armed) {
      if (!(await this.fs.exists(path))) continue;
      const data = await this.fs.readFile(path);
      if (data === "") continue;
      await this.fs.writeFile(path, "");
      const cwd = this.state.cwd;
      const env = { ...this.state.vars };
      const io: ToolIO = {
        args: [path],
        stdin: null,
        cwd,
        env,
        fs: createGuestFs(this.fs, cwd),
        stdout: (t) => {
          stdout += t;
        },
        stderr: (t) => {
          stderr += t;
        },
        tty: null,
        signal: new InterruptController().signal,
        sh: (line, o) => this.runNested(line, { stdin: o?.stdin, cwd, env }),
      };
      try {
        await this.fileHooks.get(path)?.onWrite(io, data, { comm: "bash", pid: LOGIN_SHELL_PID });
      } catch (e) {
        stderr += `bash: ${path}: ${e instanceof Error ? e.message : String(e)}\n`;
      }
    }
    return { stdout, stderr };
  }

  /** Names of everything the shell can run (completion, `help`). */
  commandNames(): string[] {
    const names = new Set<string>();
    for (const path of this.fs.getAllPaths()) {
      if (path.startsWith("/usr/bin/") || path.startsWith("/bin/") || path.startsWith("/usr/sbin/")) {
        const name = path.slice(path.lastIndexOf("/") + 1);
        if (name && !name.startsWith(".")) names.add(name);
      }
    }
    for (const name of this.tools.keys()) names.add(name);
    for (const name of Object.keys(this.state.functions)) names.add(name);
    for (const key of Object.keys(this.state.vars))
      if (key.startsWith("BASH_ALIAS_")) names.add(key.slice(11));
    for (const b of SHELL_BUILTINS) names.add(b);
    return [...names].sort();
  }

  /** True when `script` needs more lines before it can run (PS2 prompt). */
  isIncomplete(script: string): boolean {
    return isIncomplete(script);
  }

  /**
   * Ctrl-C while a command runs: a tool that owns the terminal gets it (crash goes back to
   * its prompt, bpftrace prints its maps); returns false when the caller should abort.
   */
  interruptForeground(): boolean {
    if (!this.foregroundInterrupt) return false;
    this.foregroundInterrupt();
    return true;
  }

  /** Run a command line (or a whole script): statement by statement, state carried over. */
  async run(script: string, options: RunOptions = {}): Promise<RunResult> {
    const statements = splitStatements(script);
    let exitCode = this.state.lastExitCode;
    for (const statement of statements) {
      if (options.signal?.aborted) return { exitCode: 130, exited: false, interrupted: true };
      const r = await this.runStatement(statement, options);
      exitCode = r.exitCode;
      if (r.exited || r.interrupted || r.abortLine)
        return { exitCode, exited: r.exited, interrupted: r.interrupted };
    }
    return { exitCode, exited: false, interrupted: false };
  }

  private async runStatement(
    statement: string,
    options: RunOptions,
  ): Promise<RunResult & { abortLine: boolean }> {
    const ast = tryParse(statement);
    this.pendingFunctions = ast ? functionDefinitions(statement, ast) : new Map();
    this.attachedCommands = ast ? terminalUse(ast).attached : new Set();
    const exitPossible = ast ? mayExitShell(ast) : false;
    const local = new AbortController();
    const onAbort = () => local.abort();
    options.signal?.addEventListener("abort", onAbort);
    this.fatalAbort = local;
    this.fatalMessage = null;
    this.saved = null;
    this.exitRequested = false;
    const env: Record<string, string> = { ...this.state.vars };
    let result: { stdout: string; stderr: string; exitCode: number };
    const armed = this.fileHooks.size ? await this.armFileHooks() : [];
    try {
      result = await this.bash.exec(this.wrap(statement), {
        cwd: this.state.cwd,
        env,
        replaceEnv: true,
        rawScript: true,
        signal: local.signal,
        stdin: options.stdin,
      });
    } catch (e) {
      result = {
        stdout: "",
        stderr: `bash: ${errnoMessage(e) ?? `internal error: ${e instanceof Error ? e.message : String(e)}`}\n`,
        exitCode: 1,
      };
    } finally {
      options.signal?.removeEventListener("abort", onAbort);
      this.fatalAbort = null;
      this.attachedCommands = new Set();
      this.foregroundInterrupt = null;
    }
    const interrupted = options.signal?.aborted === true;
    const fatal = this.fatalMessage;
    if (this.saved) this.state = this.saved;
    if (armed.length && !interrupted) {
      const hooked = await this.fireFileHooks(armed);
      result = { ...result, stdout: result.stdout + hooked.stdout, stderr: result.stderr + hooked.stderr };
    }
    let exitCode = result.exitCode;
    let stderr = cleanStderr(result.stderr);
    let stdout = result.stdout;
    if (interrupted) {
      exitCode = 130;
      stdout = "";
      stderr = "";
    } else if (fatal !== null) {
      exitCode = 1;
      stdout = "";
      stderr = fatal;
    }
    if (!this.saved || interrupted || fatal !== null) this.state = { ...this.state, lastExitCode: exitCode };
    options.onOutput?.(stdout, stderr);
    const errexit = this.state.shellopts.split(":").includes("errexit");
    const exited =
      !interrupted &&
      fatal === null &&
      (this.exitRequested ||
        (!this.saved &&
          (exitPossible || (errexit && exitCode !== 0)) &&
          exitCode !== 124 &&
          exitCode !== 126));
    // bash abandons the rest of an interactive line after these expansion errors.
    const expansionError = /: (unbound variable|bad substitution)$/m.test(stderr);
    return { exitCode, exited, interrupted, abortLine: fatal !== null || expansionError };
  }

  /** The statement between the state preamble and trailer. */
  private wrap(statement: string): string {
    const s = this.state;
    // An interactive bash expands aliases; just-bash needs the shopt for it.
    let pre = "shopt -s expand_aliases\n";
    for (const text of Object.values(s.functions)) pre += `${text}\n`;
    if (s.arrays) pre += `${s.arrays}\n`;
    // Export flags: just-bash keeps them itself between executions, but not across a restore.
    const exported = s.exported.filter((name) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && name in s.vars);
    if (exported.length) pre += `export ${exported.join(" ")}\n`;
    pre += shelloptsDiff(this.defaultShellopts, s.shellopts);
    pre += `${STATUS_COMMAND} ${s.lastExitCode}\n`;
    const body = rewriteArithmetic(statement, COMMAND_RENAMES);
    const trailer =
      `\n${INTERNAL_PREFIX}rc=$?; ${INTERNAL_PREFIX}fns=$(declare -F); ` +
      `${INTERNAL_PREFIX}arrays=$(declare -a; declare -A); ${SAVE_COMMAND}\n`;
    return pre + body + trailer;
  }

  private captureState(
    envMap: Map<string, string>,
    exported: Record<string, string>,
    cwd: string,
  ): ShellState {
    const vars: Record<string, string> = {};
    for (const [k, v] of envMap) {
      if (DYNAMIC_VARS.has(k) || k.startsWith(INTERNAL_PREFIX)) continue;
      vars[k] = v;
    }
    const fnNames = (envMap.get(`${INTERNAL_PREFIX}fns`) ?? "")
      .split("\n")
      .map((l) => /^declare -f (\S+)$/.exec(l)?.[1])
      .filter((n): n is string => !!n);
    const functions: Record<string, string> = {};
    for (const name of fnNames) {
      const text = this.pendingFunctions.get(name) ?? this.state.functions[name];
      if (text) functions[name] = text;
    }
    const arrays = (envMap.get(`${INTERNAL_PREFIX}arrays`) ?? "")
      .split("\n")
      .filter((l) => l.startsWith("declare -") && !SKIPPED_ARRAYS.test(l))
      .join("\n");
    return {
      cwd,
      vars,
      exported: Object.keys(exported).filter((k) => !DYNAMIC_VARS.has(k)),
      functions,
      arrays,
      shellopts: envMap.get("SHELLOPTS") ?? this.defaultShellopts,
      lastExitCode: Number(envMap.get(`${INTERNAL_PREFIX}rc`) ?? 0),
    };
  }

  private onFatalArith(message: string): boolean {
    if (this.nestedDepth > 0 || !this.fatalAbort) return false;
    this.fatalMessage = (this.fatalMessage ?? "") + message;
    this.fatalAbort.abort();
    return true;
  }

  /** A tool's sh(): a command line in the current directory with the exported environment. */
  private async runNested(
    line: string,
    options: { stdin?: string; cwd: string; env: Record<string, string> },
  ): Promise<ShellResult> {
    this.nestedDepth++;
    try {
      const r = await this.bash.exec(rewriteArithmetic(line, COMMAND_RENAMES), {
        cwd: options.cwd,
        env: options.env,
        replaceEnv: true,
        rawScript: true,
        stdin: options.stdin,
      });
      return { stdout: r.stdout, stderr: cleanStderr(r.stderr), exitCode: r.exitCode };
    } finally {
      this.nestedDepth--;
    }
  }

  /** Terminal size for stty; 80x24 when no terminal is attached. */
  terminalSize(): { columns: number; rows: number } {
    return { columns: this.terminal?.columns ?? 80, rows: this.terminal?.rows ?? 24 };
  }

  /** `logout` builtin: end the login shell after the current statement. */
  requestExit(): void {
    this.exitRequested = true;
  }

  /** A pid for a process the shell starts (ps shows itself with a new pid each time). */
  allocatePid(): number {
    return this.nextPid++;
  }

  /** State for a snapshot. */
  snapshotState(): ShellState {
    return this.state;
  }

  /** Put back a snapshot's state (after restoring its files into `fs`). */
  restoreState(state: ShellState): void {
    this.state = state;
  }

  /** Run a command for its output only, with the session's state but without keeping changes. */
  async capture(line: string): Promise<ShellResult> {
    const r = await this.bash.exec(rewriteArithmetic(line, COMMAND_RENAMES), {
      cwd: this.state.cwd,
      env: { ...this.state.vars },
      replaceEnv: true,
      rawScript: true,
    });
    return { stdout: r.stdout, stderr: cleanStderr(r.stderr), exitCode: r.exitCode };
  }
}

/** Builtins just-bash implements inside its interpreter (no /bin stub). */
export const SHELL_BUILTINS = [
  "alias",
  "break",
  "cd",
  "continue",
  "declare",
  "echo",
  "eval",
  "exec",
  "exit",
  "export",
  "false",
  "history",
  "let",
  "local",
  "logout",
  "pwd",
  "read",
  "readonly",
  "return",
  "set",
  "shift",
  "shopt",
  "source",
  "test",
  "true",
  "type",
  "unalias",
  "unset",
];

/** `set -o`/`set +o` lines turning the default options into the saved ones. */
function shelloptsDiff(defaults: string, current: string): string {
  if (defaults === current) return "";
  const def = new Set(defaults.split(":").filter(Boolean));
  const cur = new Set(current.split(":").filter(Boolean));
  let out = "";
  for (const o of cur) if (!def.has(o)) out += `set -o ${o}\n`;
  for (const o of def) if (!cur.has(o)) out += `set +o ${o}\n`;
  return out;
}

/** Interactive bash prints no `line N:` in its error messages; ours would count the preamble. */
function cleanStderr(stderr: string): string {
  return stderr.replace(/^bash: line \d+: /gm, "bash: ").replace(/^bash: execution aborted\n/gm, "");
}

/** The words bash prints for the errno of a failed open/write (strerror). */
const STRERROR: Readonly<Record<string, string>> = {
  EACCES: "Permission denied",
  EPERM: "Operation not permitted",
  ENOENT: "No such file or directory",
  EISDIR: "Is a directory",
  ENOTDIR: "Not a directory",
  EROFS: "Read-only file system",
  EEXIST: "File exists",
};

/**
 * A filesystem error escaping just-bash (Node's "EACCES: permission denied, open '/x'" shape,
 * e.g. a redirection onto a read-only tracefs file) as bash reports it: "/x: Permission denied".
 */
export function errnoMessage(e: unknown): string | null {
  const coded = e as { code?: unknown; path?: unknown } | null;
  if (coded && typeof coded.code === "string" && typeof coded.path === "string" && STRERROR[coded.code])
    return `${coded.path}: ${STRERROR[coded.code]}`;
  const m = /^(E[A-Z]+): [^,]*, \w+ '(.*)'$/.exec(e instanceof Error ? e.message : String(e));
  const text = m ? STRERROR[m[1]] : undefined;
  return m && text ? `${m[2]}: ${text}` : null;
}
