/**
 * The crash command loop: one line at a time through aliases, comments, shell escapes,
 * `| pipeline`, `> file`, `< file` input files (whole-line and per-argument), the command
 * table and crash's fallback for words that are symbols or data types, then errors printed
 * the way crash prints them.
 */
import { FaultError } from "../../kernel/program";
import { Interrupted, type Tty } from "../toolapi";
import { parseArgs, resolveAlias, splitRedirect } from "./cmdline";
import { type CrashCommand, CrashError, CrashUsageError } from "./command";
import { lookupDatatype } from "./datatype";
import { formatExplain } from "./explain";
import { SymbolNotFound, symbolNotFoundText } from "./format/args";
import { OutputSink, type Session } from "./session";

export type LineResult = "quit" | undefined;

export const PROMPT = "crash> ";

/**
 * crash 7.2 commands this lab does not model. crash looks its command table up before trying a
 * word as a symbol or type, so `mount` or `dev` must never fall through to `struct mount`;
 * they say plainly that the lab lacks them (crash's "command not found" would be a lie).
 */
export const UNMODELLED_COMMANDS: ReadonlySet<string> = new Set([
  "alias",
  "ascii",
  "bpf",
  "btop",
  "dev",
  "extend",
  "fuser",
  "gdb",
  "ipcs",
  "irq",
  "mach",
  "mount",
  "pte",
  "ptob",
  "ptov",
  "repeat",
  "sig",
  "swap",
  "timer",
  "tree",
  "vm",
  "vtop",
  "wr",
]);

export function unmodelledText(name: string): string {
  return `${name}: this crash command is not available in this lab\n`;
}

/**
 * Run one crash command line. `echo` prints `crash> line` first, as input files do. `piped` is a
 * line read from a non-terminal stdin, which crash takes as it is; lines typed at the prompt and
 * lines of input files get its special handling: `*name` is `* name`.
 */
export async function executeLine(
  session: Session,
  raw: string,
  options: { echo?: boolean; piped?: boolean } = {},
): Promise<LineResult> {
  let line = raw.replace(/[\r\n]+$/, "").trim();
  if (!line || line.startsWith("#") || line.startsWith("//")) return undefined;
  if (!options.piped && /^\*[^\s]/.test(line)) line = `* ${line.slice(1)}`;
  let noModify = false;
  if (line.startsWith("\\") && line.length > 1) {
    line = line.slice(1);
    noModify = true;
  }
  line = resolveAlias(line);
  session.currentCommand = "crash";

  if (line === "!" || line === "|") {
    session.info("an interactive shell is not available here; use !command", false);
    return flushTerminal(session);
  }
  const inFile = /^<\s*(.*)$/.exec(line);
  if (inFile) {
    await runInputFile(session, inFile[1].trim());
    return flushTerminal(session);
  }

  const redirect = splitRedirect(line);
  if (redirect.kind === "error") {
    session.info(redirect.message);
    return flushTerminal(session);
  }
  if (redirect.kind === "shell") {
    const r = await session.sh(redirect.pipeline);
    session.terminal.write(r.stdout + r.stderr);
    return flushTerminal(session);
  }

  let args = parseArgs(redirect.command);
  if (args.length === 0) return flushTerminal(session);
  if (args[0] === "q" || args[0] === "exit" || args[0] === "Q") {
    flushTerminal(session);
    return "quit";
  }
  if (args.includes("--explain")) {
    args = args.filter((a) => a !== "--explain");
    session.explainOnce = true;
  }

  // Output goes to a buffer while the command runs when it is piped or redirected.
  if (redirect.kind === "file") {
    try {
      if (await session.fs.isDirectory(redirect.file)) throw new Error("directory");
      if (redirect.append) await session.fs.appendFile(redirect.file, "");
      else await session.fs.writeFile(redirect.file, "");
    } catch {
      session.info(`unable to open ${redirect.file}`);
      session.explainOnce = false;
      return flushTerminal(session);
    }
  }
  if (redirect.kind !== "none") {
    session.sink = new OutputSink();
    session.piping = redirect.kind === "pipe";
    session.toFile = redirect.kind === "file";
  }
  session.steps.length = 0;
  try {
    if (options.echo && !session.silent) session.out(`${PROMPT}${raw.replace(/[\r\n]+$/, "")}\n`);
    await dispatch(session, args, noModify);
  } finally {
    const text = redirect.kind === "none" ? "" : session.sink.take();
    session.sink = session.terminal;
    session.piping = false;
    session.toFile = false;
    session.currentCommand = "crash";
    if (redirect.kind === "pipe") {
      const r = await session.sh(redirect.pipeline, { stdin: text });
      session.terminal.write(r.stdout + r.stderr);
    } else if (redirect.kind === "file" && text) {
      await session.fs.appendFile(redirect.file, text);
    }
    if (session.steps.length) session.terminal.write(formatExplain(session.steps));
    session.steps.length = 0;
    session.explainOnce = false;
  }
  return flushTerminal(session);
}

function flushTerminal(session: Session): undefined {
  session.terminal.flush();
  return undefined;
}

/** Look up a command, or apply crash's fallback: a symbol alone -> p, a type name -> struct/union/whatis. */
function resolveCommand(session: Session, args: string[]): { cmd: CrashCommand; args: string[] } | undefined {
  const word = args[0];
  const direct = session.commands.get(word);
  if (direct) return { cmd: direct, args: args.slice(1) };
  // gdb's print/x style formats, passed to our p.
  const fmt = /^(p|print|output|call)\/(\w+)$/.exec(word);
  if (fmt && session.commands.get("p"))
    return { cmd: session.commands.get("p")!, args: [`/${fmt[2]}`, ...args.slice(1)] };
  if ((word === "print" || word === "output") && session.commands.get("p"))
    return { cmd: session.commands.get("p")!, args: args.slice(1) };
  if (word === "ptype" && session.commands.get("whatis"))
    return { cmd: session.commands.get("whatis")!, args: args.slice(1) };
  const prog = session.prog;
  if (prog.symbols.lookup(word) && args.length === 1 && session.commands.get("p"))
    return { cmd: session.commands.get("p")!, args };
  if (word === "enum" && session.commands.get("whatis"))
    return { cmd: session.commands.get("whatis")!, args };
  const dt = lookupDatatype(prog, word.split(".")[0]);
  if (dt) {
    if (prog.symbols.lookup(word) && session.commands.get("p"))
      return { cmd: session.commands.get("p")!, args };
    let name = dt.kind === "union" ? "union" : dt.kind === "struct" ? "struct" : "whatis";
    if (dt.typedef && args.length === 1 && !word.includes(".")) name = "whatis";
    const cmd = session.commands.get(name);
    if (cmd) return { cmd, args };
  }
  return undefined;
}

async function dispatch(session: Session, args: string[], noModify: boolean): Promise<void> {
  if (UNMODELLED_COMMANDS.has(args[0]) && !session.commands.has(args[0])) {
    session.currentCommand = "crash";
    session.out(unmodelledText(args[0]));
    return;
  }
  const found = resolveCommand(session, args);
  if (!found) {
    session.currentCommand = "crash";
    session.info(`command not found: ${args[0]}`);
    return;
  }
  const { cmd } = found;
  session.currentCommand = cmd.name;
  session.signal.reset();
  const argFile = noModify ? undefined : await findArgsInputFile(session, found.args);
  try {
    if (argFile) await runWithArgsFile(session, cmd, found.args, argFile);
    else await cmd.run(session, found.args);
  } catch (e) {
    reportError(session, cmd, e);
  }
}

/** Print an exception the way crash reports the matching failure. */
export function reportError(session: Session, cmd: CrashCommand, e: unknown): void {
  if (e instanceof Interrupted) {
    if (session.sink.lastChar !== "\n") session.out("\n");
    return;
  }
  if (e instanceof SymbolNotFound) {
    session.out(symbolNotFoundText(session.prog, e.symbol));
    return;
  }
  if (e instanceof CrashUsageError) {
    if (e.detail) session.terminal.write(`${e.detail}\n`);
    session.out(usageText(cmd));
    return;
  }
  if (e instanceof CrashError) {
    session.info(e.message, e.bare);
    return;
  }
  if (e instanceof FaultError) {
    session.info(`invalid kernel virtual address: ${e.address.toString(16)}  type: "gdb_readmem_callback"`);
    return;
  }
  const msg = e instanceof Error ? e.message : String(e);
  session.info(`internal error: ${msg}`);
}

export function usageText(cmd: CrashCommand): string {
  return `Usage:\n  ${cmd.name} ${cmd.synopsis}\nEnter "help ${cmd.name}" for details.\n`;
}

interface ArgsFile {
  readonly index: number;
  readonly used: number;
  readonly path: string;
  /** Set when the `<file` sits inside a parenthesized expression argument. */
  readonly expression?: { readonly start: number; readonly end: number };
}

/** crash's is_args_input_file(): `< file` or `<file` naming an existing, non-empty regular file. */
async function findArgsInputFile(session: Session, args: readonly string[]): Promise<ArgsFile | undefined> {
  let found: ArgsFile | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    let cand: ArgsFile | undefined;
    if (a.startsWith("<") && !a.startsWith("<<")) {
      if (a.length > 1) cand = { index: i, used: 1, path: a.slice(1) };
      else if (i + 1 < args.length) cand = { index: i, used: 2, path: args[i + 1] };
      else throw new CrashError("< requires a file argument");
    } else if (a.startsWith("(")) {
      const m = /<(?!<)\s*([^\s()<>|]+)/.exec(a);
      if (m)
        cand = { index: i, used: 1, path: m[1], expression: { start: m.index, end: m.index + m[0].length } };
    }
    if (!cand || !(await isUsableInputFile(session, cand.path))) continue;
    if (found) throw new CrashError("multiple input files are not supported");
    found = cand;
  }
  return found;
}

async function isUsableInputFile(session: Session, path: string): Promise<boolean> {
  try {
    if (!(await session.fs.exists(path)) || (await session.fs.isDirectory(path))) return false;
    return (await session.fs.readFile(path)).length > 0;
  } catch {
    return false;
  }
}

/** Run cmd once per line of the file with the line's words in place of `< file`. */
async function runWithArgsFile(
  session: Session,
  cmd: CrashCommand,
  args: readonly string[],
  f: ArgsFile,
): Promise<void> {
  const text = await session.fs.readFile(f.path);
  const before = args.slice(0, f.index);
  const after = args.slice(f.index + f.used);
  const lines = text.split("\n");
  let n = 0;
  for (const raw of lines) {
    const l = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    if (!l.trim() || l.startsWith("#")) continue;
    if ((++n & 255) === 0) await session.signal.checkpoint();
    let callArgs: string[];
    if (f.expression) {
      const orig = args[f.index];
      callArgs = [
        ...before,
        orig.slice(0, f.expression.start) + l.trim() + orig.slice(f.expression.end),
        ...after,
      ];
    } else callArgs = [...before, ...parseArgs(l), ...after];
    try {
      await cmd.run(session, callArgs);
    } catch (e) {
      if (e instanceof Interrupted) throw e;
      reportError(session, cmd, e);
    }
  }
}

/** `< file` as a whole line (and `-i file`): each line is a crash command, echoed after the prompt. */
export async function runInputFile(session: Session, path: string): Promise<LineResult> {
  if (!path) {
    session.info("no input file entered!");
    return undefined;
  }
  let text: string;
  try {
    if (!(await session.fs.exists(path))) {
      session.info(`${path}: No such file or directory`);
      return undefined;
    }
    text = await session.fs.readFile(path);
  } catch {
    session.info(`${path}: No such file or directory`);
    return undefined;
  }
  for (const l of text.split("\n")) {
    if (!l.trim() || l.startsWith("#")) continue;
    if (l.trim().startsWith("<")) {
      session.info("embedded input files not allowed!");
      continue;
    }
    const r = await executeLine(session, l, { echo: true });
    if (r === "quit") return "quit";
    if (session.signal.interrupted) break;
  }
  return undefined;
}

/** Tab completion: command names first, then type names, symbols and `type.member`. */
export function completer(session: Session): (before: string) => string[] {
  const commandNames = () => [...session.commands.keys(), "q", "exit", "help"];
  return (before: string) => {
    const m = /(\S*)$/.exec(before)!;
    const word = m[1];
    const first = before.slice(0, before.length - word.length).trim() === "";
    const out = new Set<string>();
    if (first) for (const n of commandNames()) if (n.startsWith(word)) out.add(n);
    const prog = session.prog;
    const dot = word.lastIndexOf(".");
    if (dot > 0) {
      const dt = lookupDatatype(prog, word.slice(0, word.indexOf(".")));
      if (dt?.aggregate) {
        const prefix = word.slice(0, dot + 1);
        const partial = word.slice(dot + 1);
        for (const mem of dt.aggregate.members) if (mem.name?.startsWith(partial)) out.add(prefix + mem.name);
      }
    }
    if (word.length > 0 || !first) {
      for (const n of prog.types.names()) if (n.startsWith(word)) out.add(n);
      if (word.length >= 2) {
        for (const n of prog.symbols.names()) {
          if (n.startsWith(word)) out.add(n);
          if (out.size >= 500) break;
        }
      }
    }
    return [...out].sort();
  };
}

/** The interactive loop on the terminal. Returns when the user quits. */
export async function runInteractive(session: Session, tty: Tty): Promise<void> {
  const complete = completer(session);
  for (;;) {
    const line = await tty.readLine(PROMPT, { historyKey: "crash", complete });
    if (line === null) {
      // crash ignores end-of-file at the prompt; `q` leaves.
      session.terminal.write("\n");
      session.terminal.flush();
      continue;
    }
    if ((await executeLine(session, line)) === "quit") return;
  }
}

/** Commands read from a pipe or heredoc: run each line without echo; end of input ends crash. */
export async function runNonInteractive(session: Session, text: string): Promise<"quit" | "eof"> {
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  for (const l of lines) {
    if ((await executeLine(session, l, { piped: true })) === "quit") return "quit";
  }
  return "eof";
}
