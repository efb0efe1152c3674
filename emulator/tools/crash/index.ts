/**
 * The `crash` tool: `crash [-s] [-i file] [namelist] dumpfile` with the two files recognised by
 * content in either order, crash 7.2.3's start-up output (banner, gdb banner, please-wait
 * lines, sys block and context), then the command loop: interactive on the terminal, or the
 * commands of a pipe or here-document, ending at the end of the input as crash does.
 */
import type { TaskStruct } from "../../kernel/linux/model";
import { panicTask as findPanicTask } from "../../kernel/linux/tasks";
import type { Program } from "../../kernel/program";
import type { ToolCommand, ToolIO } from "../toolapi";
import { GDB_BANNER, LONG_USAGE, PLEASE_WAIT_STEPS, pleaseWait, SHORT_USAGE, VERSION_BANNER } from "./banner";
import type { CrashCommand, CrashSession } from "./command";
import { commandPage } from "./commands/help";
import { allCommands } from "./commands/index";
import { formatSysBlock } from "./commands/sys";
import { parseKdebugMagic } from "./magic";
import { runInputFile, runInteractive, runNonInteractive } from "./repl";
import { Session } from "./session";

/** What the tool needs from the rest of the emulator; tests inject synthetic programs. */
export interface CrashDeps {
  readonly loadScenario?: (id: string) => Program | Promise<Program>;
  readonly commands?: readonly CrashCommand[];
  /** The task crash picks as the panic task. */
  readonly panicTask?: (prog: Program) => TaskStruct | Promise<TaskStruct>;
  /** The sys block and context printed at start-up. */
  readonly sysBlock?: (session: CrashSession) => string | Promise<string>;
}

async function defaultLoadScenario(id: string): Promise<Program> {
  const m = await import("../../scenarios/index");
  return m.loadScenario(id);
}

function defaultSysBlock(session: CrashSession): string {
  return formatSysBlock(session, { startup: true });
}

/** crash's "kernel relocated" warning for KASLR kernels, from the distance of _text to its link address. */
function relocationWarning(prog: Program): string {
  const text = prog.symbols.lookup("_text") ?? prog.symbols.lookup("startup_64");
  if (!text) return "";
  const delta = text.address - 0xffffffff81000000n;
  if (delta <= 0n) return "";
  let n = 0;
  for (const s of prog.symbols.all()) if (!s.module) n++;
  return `WARNING: kernel relocated [${delta >> 20n}MB]: patching ${n} gdb minimal_symbol values\n\n`;
}

interface ParsedArgs {
  silent: boolean;
  inputFile?: string;
  files: string[];
  help?: string | true;
  version: boolean;
}

function parseArgs(io: ToolIO): ParsedArgs | string {
  const out: ParsedArgs = { silent: false, files: [], version: false };
  const a = io.args;
  for (let i = 0; i < a.length; i++) {
    const s = a[i];
    if (s === "-s") out.silent = true;
    else if (s === "-i") {
      if (i + 1 >= a.length) return `crash: option requires an argument -- 'i'\n${SHORT_USAGE}`;
      out.inputFile = a[++i];
    } else if (s.startsWith("-i") && s.length > 2) out.inputFile = s.slice(2);
    else if (s === "-h" || s === "--help") {
      out.help = a[i + 1] !== undefined && !a[i + 1].startsWith("-") ? a[++i] : true;
    } else if (s === "-v" || s === "--version") out.version = true;
    else if (s.startsWith("-") && s.length > 1) {
      const c = s.startsWith("--") ? s : s[1];
      return s.startsWith("--")
        ? `crash: unrecognized option '${s}'\ncrash: invalid option: ${s}\n${SHORT_USAGE}`
        : `crash: invalid option -- '${c}'\ncrash: invalid option: ${s}\n${SHORT_USAGE}`;
    } else out.files.push(s);
  }
  return out;
}

export async function runCrash(io: ToolIO, deps: CrashDeps = {}): Promise<number> {
  const parsed = parseArgs(io);
  if (typeof parsed === "string") {
    io.stdout(parsed);
    return 1;
  }
  const commands = deps.commands ?? allCommands();
  if (parsed.help !== undefined) {
    if (parsed.help === true) io.stdout(LONG_USAGE);
    else {
      const cmd = commands.find((c) => c.name === parsed.help);
      io.stdout(cmd ? commandPage(cmd) : `No help data for "${parsed.help}" is available.\n`);
    }
    return 0;
  }
  const say = (s: string) => {
    if (!parsed.silent) io.stdout(s);
  };
  say(VERSION_BANNER);
  if (parsed.version) return 0;

  // Recognise the arguments by their contents, in either order.
  let namelist: { path: string; release: string; debuginfo: boolean } | undefined;
  let dumpfile: { path: string; scenario: string } | undefined;
  for (const f of parsed.files) {
    const fail = (msg: string) => {
      io.stdout(`crash: ${msg}\n${SHORT_USAGE}`);
      return 1;
    };
    if (!(await io.fs.exists(f))) return fail(`${f}: No such file or directory`);
    if (await io.fs.isDirectory(f)) return fail(`${f}: not a supported file format`);
    let text: string;
    try {
      text = await io.fs.readFile(f);
    } catch {
      return fail(`${f}: Permission denied`);
    }
    const magic = parseKdebugMagic(text);
    if (!magic) return fail(`${f}: not a supported file format`);
    if (magic.kind === "vmlinux") {
      if (namelist) return fail("too many namelist arguments");
      namelist = { path: f, release: magic.release, debuginfo: magic.debuginfo };
    } else {
      if (dumpfile) return fail("too many dumpfile arguments");
      dumpfile = { path: f, scenario: magic.scenario };
    }
  }
  if (dumpfile && !namelist) {
    io.stdout(`crash: namelist argument required\n${SHORT_USAGE}`);
    return 1;
  }
  if (!dumpfile) {
    io.stdout(
      `crash: this lab has no live kernel to attach to: give a vmlinux and a vmcore, e.g.\n       crash /usr/lib/debug/lib/modules/<release>/vmlinux /var/crash/<dir>/vmcore\n${SHORT_USAGE}`,
    );
    return 1;
  }
  const interactive = io.tty !== null && io.stdin === null;
  if (io.stdin !== null) say("NOTE: stdin: not a tty\n\n");
  say(GDB_BANNER);
  if (!namelist!.debuginfo) {
    io.stdout(`\ncrash: ${namelist!.path}: no debugging data available\n`);
    return 1;
  }
  const tty = interactive && !parsed.silent;
  if (tty) io.stdout(pleaseWait(PLEASE_WAIT_STEPS[0]).split("\r").slice(0, 2).join("\r"));
  let prog: Program;
  try {
    prog = await (deps.loadScenario ?? defaultLoadScenario)(dumpfile.scenario);
  } catch (e) {
    if (tty) io.stdout("\r\n");
    io.stdout(
      `crash: ${dumpfile.path}: cannot read the dump (${e instanceof Error ? e.message : String(e)})\n`,
    );
    return 1;
  }
  if (tty) io.stdout(`\r${" ".repeat(`please wait... (${PLEASE_WAIT_STEPS[0]})`.length)}\r`);
  if (prog.dump.release !== namelist!.release) {
    say("WARNING: kernel version inconsistency between vmlinux and dumpfile\n\n");
    io.stdout(`crash: ${namelist!.path} and ${dumpfile.path} do not match!\n${SHORT_USAGE}`);
    return 1;
  }
  say(relocationWarning(prog));
  // The Program is cached per process: a new session starts without the module debuginfo an
  // earlier session loaded with `mod -s`.
  prog.symbols.loadedDebuginfo.clear();
  if (tty) for (const step of PLEASE_WAIT_STEPS.slice(1)) io.stdout(pleaseWait(step));

  const panicTask = await (deps.panicTask ?? findPanicTask)(prog);
  const session = new Session({
    prog,
    panicTask,
    fs: io.fs,
    signal: io.signal,
    sh: (line, o) => io.sh(line, o),
    stdout: (t) => io.stdout(t),
    commands,
    namelist: namelist!.path,
    dumpfile: dumpfile.path,
    silent: parsed.silent,
  });
  if (!parsed.silent) {
    let block: string;
    try {
      block = await (deps.sysBlock ?? defaultSysBlock)(session);
    } catch (e) {
      block = `      KERNEL: ${namelist!.path}\n    DUMPFILE: ${dumpfile.path}\n   (sys block unavailable: ${e instanceof Error ? e.message : String(e)})\n`;
    }
    io.stdout(`${block}\n`);
  }
  if (parsed.inputFile !== undefined) {
    if ((await runInputFile(session, parsed.inputFile)) === "quit") return 0;
    session.terminal.flush();
  }
  if (interactive) {
    await runInteractive(session, io.tty!);
    return 0;
  }
  const r = await runNonInteractive(session, io.stdin ?? "");
  session.terminal.flush();
  return r === "quit" ? 0 : 1;
}

export const crashTool: ToolCommand = {
  name: "crash",
  summary: "analyze a Linux kernel crash dump (crash 7.2.3)",
  run: (io) => runCrash(io),
};
