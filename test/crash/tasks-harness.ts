/**
 * A small crash session for the task-command tests: a scenario's Program, the REPL's Session
 * and line executor, and a just-bash shell (shared in-memory filesystem) for `| pipeline`,
 * `> file` and `!cmd`. Stands in until the shared replay harness covers these needs.
 */
import { Bash } from "just-bash";
import { panicTask } from "../../emulator/kernel/linux/tasks";
import { loadScenario } from "../../emulator/scenarios/index";
import type { CrashCommand } from "../../emulator/tools/crash/command";
import { taskCommands } from "../../emulator/tools/crash/commands/tasks-index";
import { executeLine } from "../../emulator/tools/crash/repl";
import { Session } from "../../emulator/tools/crash/session";
import type { GuestFs, InterruptSignal, ShellResult } from "../../emulator/tools/toolapi";

export type ScenarioId = "client_lbug" | "server_load" | "ls_stuck";

const programs = new Map<ScenarioId, ReturnType<typeof loadScenario>>();

/** Scenario programs are built once per test file (they are deterministic). */
export function program(id: ScenarioId): ReturnType<typeof loadScenario> {
  let p = programs.get(id);
  if (!p) {
    p = loadScenario(id);
    programs.set(id, p);
  }
  return p;
}

const noInterrupt: InterruptSignal = {
  interrupted: false,
  async checkpoint() {},
  onInterrupt: () => () => {},
};

export interface TestSession {
  readonly session: Session;
  /** Run one crash line; returns what reached the terminal. */
  run(line: string): Promise<string>;
  /** Run a guest shell line. */
  sh(line: string, stdin?: string): Promise<ShellResult>;
  readonly bash: Bash;
}

export function crashSession(
  id: ScenarioId,
  options: {
    extraCommands?: readonly CrashCommand[];
    shellCommands?: Parameters<Bash["registerCommand"]>[0][];
  } = {},
): TestSession {
  const prog = program(id);
  // A new crash session starts without module debuginfo (the Program is cached per process).
  prog.symbols.loadedDebuginfo.clear();
  const cwd = `/var/crash/${id}`;
  const bash = new Bash({ cwd, files: { [`${cwd}/vmcore`]: "" } });
  for (const c of options.shellCommands ?? []) bash.registerCommand(c);
  const abs = (p: string) => (p.startsWith("/") ? p : `${cwd}/${p}`);
  const fs: GuestFs = {
    readFile: (p) => bash.fs.readFile(abs(p)),
    readFileBytes: (p) => bash.fs.readFileBuffer(abs(p)),
    writeFile: (p, c) => bash.fs.writeFile(abs(p), c),
    appendFile: (p, c) => bash.fs.appendFile(abs(p), c),
    exists: (p) => bash.fs.exists(abs(p)),
    isDirectory: async (p) => (await bash.fs.exists(abs(p))) && (await bash.fs.stat(abs(p))).isDirectory,
    resolve: abs,
    glob: async () => [],
  };
  const sh = async (line: string, stdin?: string): Promise<ShellResult> => {
    const r = await bash.exec(line, { cwd, stdin });
    return { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode };
  };
  let terminal = "";
  const session = new Session({
    prog,
    panicTask: panicTask(prog),
    fs,
    signal: noInterrupt,
    sh: (l, o) => sh(l, o?.stdin),
    stdout: (t) => {
      terminal += t;
    },
    commands: [...taskCommands, ...(options.extraCommands ?? [])],
    namelist: "/usr/lib/debug/lib/modules/3.10.0-957.21.3.el7.x86_64/vmlinux",
    dumpfile: "vmcore",
  });
  return {
    session,
    bash,
    sh,
    async run(line: string) {
      terminal = "";
      await executeLine(session, line);
      session.terminal.flush();
      return terminal;
    },
  };
}

/** Whitespace-insensitive view of text: the slides collapsed every run of blanks. */
export function squash(text: string): string[] {
  return text
    .split("\n")
    .map((l) => l.trim().replace(/\s+/g, " "))
    .filter((l) => l !== "");
}

/**
 * The transcript's expected lines for one command, with `...` elisions as gaps: every shown
 * line must appear in the output, in order; a line after `...` may be preceded by others.
 * Lines without a preceding `...` must follow the previous one directly.
 */
export function matchTranscript(
  actual: string,
  expected: readonly string[],
): { ok: boolean; detail: string } {
  const out = squash(actual);
  let pos = 0;
  let gap = false;
  for (const raw of expected) {
    const want = raw.trim().replace(/\s+/g, " ");
    if (want === "") continue;
    // `...` and the author's `... 1700s ago` notes stand for elided output.
    if (want === "..." || /^\.\.\. \d+s ago$/.test(want)) {
      gap = true;
      continue;
    }
    const test = lineMatcher(want);
    if (gap) {
      let at = -1;
      for (let i = pos; i < out.length; i++) {
        if (test(out[i])) {
          at = i;
          break;
        }
      }
      if (at < 0)
        return {
          ok: false,
          detail: `missing: ${want}\n(after output line ${pos}: ${out[pos - 1] ?? "<start>"})`,
        };
      pos = at + 1;
    } else {
      if (out[pos] === undefined || !test(out[pos]))
        return {
          ok: false,
          detail: `output line ${pos}: expected\n  ${want}\nbut got\n  ${out[pos] ?? "<end>"}`,
        };
      pos++;
    }
    gap = false;
  }
  return { ok: true, detail: "" };
}

/**
 * Exact comparison, except for what the slides' source lost: `[<addr>]` (stripped kernel
 * addresses in dmesg traces) and the author's `ffff9..b230c0` abbreviations of task addresses.
 */
function lineMatcher(want: string): (line: string) => boolean {
  if (!want.includes("[<addr>]") && !/ffff9\.\.[0-9a-f]+/.test(want)) return (line) => line === want;
  let re = "";
  const parts = want.split(/(\[<addr>\]|ffff9\.\.[0-9a-f]+)/);
  for (const part of parts) {
    if (part === "[<addr>]") re += "\\[<[0-9a-f]{16}>\\]";
    else if (/^ffff9\.\.[0-9a-f]+$/.test(part)) {
      const tail = part.slice(7);
      re += `ffff9[0-9a-f]{${16 - 5 - tail.length}}${tail}`;
    } else re += part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }
  const rx = new RegExp(`^${re}$`);
  return (line) => rx.test(line);
}

/** The commands and expected output blocks of a transcript file (after its `#` header). */
export async function readTranscript(name: string): Promise<{ command: string; output: string[] }[]> {
  const { readFile } = await import("node:fs/promises");
  const text = await readFile(`/work/shared/talk/transcripts/${name}`, "utf8");
  const body = text.slice(text.indexOf("\n\n") + 2).split("\n");
  const blocks: { command: string; output: string[] }[] = [];
  for (const l of body) {
    const m = /^(?:crash>|[#$]) ?(.*)$/.exec(l);
    if (m && (l.startsWith("crash>") || /^[#$] (cd|crash) /.test(l)))
      blocks.push({ command: m[1], output: [] });
    else if (blocks.length) blocks[blocks.length - 1].output.push(l);
  }
  return blocks;
}
