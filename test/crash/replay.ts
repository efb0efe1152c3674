/**
 * Replaying the talk's crash transcripts (/work/shared/talk/transcripts/NN-*.txt) against the
 * simulated vmcores, for both crash test suites.
 *
 * A transcript is a `#` header, a blank line, then `crash> command` lines each followed by the
 * output the slide shows. Comparison is whitespace-insensitive (the slides lost column spacing;
 * a leading U+00A0 counts as a blank), a `...` line stands for any run of output lines, and
 * output after the last shown line is allowed (slides often cut the output short).
 */
import { readFile } from "node:fs/promises";
import { Bash } from "just-bash";
import type { Program } from "../../emulator/kernel/program";
import { SESSION_LIMITS } from "../../emulator/shell/session";
import type { CrashCommand } from "../../emulator/tools/crash/command";
import { executeLine } from "../../emulator/tools/crash/repl";
import { Session } from "../../emulator/tools/crash/session";
import type { GuestFs, InterruptSignal, ShellResult } from "../../emulator/tools/toolapi";

export const TRANSCRIPTS = "/work/shared/talk/transcripts";
export type ScenarioId = "client_lbug" | "server_load" | "ls_stuck";

export interface TranscriptBlock {
  /** The command after `crash> ` (or after the shell prompt for `cd`/`crash` lines). */
  readonly command: string;
  readonly output: string[];
}

export interface Transcript {
  readonly header: string[];
  readonly blocks: TranscriptBlock[];
}

export function parseTranscript(text: string): Transcript {
  const cut = text.indexOf("\n\n");
  const header = text.slice(0, cut).split("\n");
  const blocks: TranscriptBlock[] = [];
  for (const l of text.slice(cut + 2).split("\n")) {
    const crash = /^crash> ?(.*)$/.exec(l);
    const shell = /^[#$] ((?:cd|crash) .*)$/.exec(l);
    if (crash || shell) blocks.push({ command: (crash ? crash[1] : shell![1]).trim(), output: [] });
    else if (blocks.length) blocks[blocks.length - 1].output.push(l);
  }
  for (const b of blocks)
    while (b.output.length && b.output[b.output.length - 1].trim() === "") b.output.pop();
  return { header, blocks };
}

export async function readTranscript(name: string): Promise<Transcript> {
  return parseTranscript(await readFile(`${TRANSCRIPTS}/${name}`, "utf8"));
}

/** One comparable line: blanks (including U+00A0) collapsed and trimmed. */
export function normalize(line: string): string {
  return line.replace(/[\s\u00a0]+/g, " ").trim();
}

export interface MatchResult {
  readonly ok: boolean;
  readonly detail: string;
}

/**
 * Match output against a slide's lines; `...` matches any run of lines (including none). Slides
 * often start in the middle of an output (e.g. without its `struct x {` line), so lines may be
 * skipped before the first shown one too.
 */
export function matchOutput(actual: string, expected: readonly string[]): MatchResult {
  const out = actual
    .split("\n")
    .map(normalize)
    .filter((l) => l !== "");
  const want = expected.map(normalize).filter((l) => l !== "");
  if (want.length && want[0] !== "...") want.unshift("...");
  // Backtracking over `...` gaps: small inputs, so a simple recursive search is enough.
  const memo = new Map<string, boolean>();
  const go = (i: number, j: number): boolean => {
    if (j === want.length) return true;
    const key = `${i},${j}`;
    const m = memo.get(key);
    if (m !== undefined) return m;
    let r: boolean;
    if (want[j] === "..." || /^\.\.\. .*ago$/.test(want[j])) {
      r = false;
      for (let k = i; k <= out.length && !r; k++) r = go(k, j + 1);
    } else r = i < out.length && out[i] === want[j] && go(i + 1, j + 1);
    memo.set(key, r);
    return r;
  };
  if (go(0, 0)) return { ok: true, detail: "" };
  // Explain the first line that could not be matched in order.
  let i = 0;
  for (const w of want) {
    if (w === "...") continue;
    const at = out.indexOf(w, i);
    if (at < 0) return { ok: false, detail: `expected line not found in order: ${w}` };
    i = at + 1;
  }
  return { ok: false, detail: "lines found but not adjacent where the slide shows no `...`" };
}

const noInterrupt: InterruptSignal = {
  interrupted: false,
  async checkpoint() {},
  onInterrupt: () => () => {},
};

export interface ReplaySession {
  readonly session: Session;
  readonly bash: Bash;
  /** Run one crash line; returns what reached the terminal. */
  run(line: string): Promise<string>;
}

/** A crash session on a Program, in /var/crash/<scenario> with a just-bash shell sharing its files. */
export function replaySession(
  prog: Program,
  panicTask: Session["panicTask"],
  commands: readonly CrashCommand[],
  scenario: string,
): ReplaySession {
  const cwd = `/var/crash/${scenario}`;
  // The guest shell's limits: the talk pipes 165k lines through awk.
  const bash = new Bash({
    cwd,
    files: { [`${cwd}/vmcore`]: `KDEBUG-VMCORE ${scenario}\n` },
    executionLimits: SESSION_LIMITS,
  });
  const abs = (p: string) => bash.fs.resolvePath(cwd, p);
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
  const sh = async (line: string, o?: { stdin?: string }): Promise<ShellResult> => {
    const r = await bash.exec(line, { cwd, stdin: o?.stdin });
    return { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode };
  };
  let terminal = "";
  const session = new Session({
    prog,
    panicTask,
    fs,
    signal: noInterrupt,
    sh,
    stdout: (t) => {
      terminal += t;
    },
    commands,
    namelist: `/usr/lib/debug/lib/modules/${prog.dump.release}/vmlinux`,
    dumpfile: "vmcore",
  });
  return {
    session,
    bash,
    async run(line: string) {
      terminal = "";
      await executeLine(session, line);
      session.terminal.flush();
      return terminal;
    },
  };
}

export interface ReplayOptions {
  /** Commands run first, output ignored (state the slide assumes, e.g. `set radix 16`). */
  readonly setup?: readonly string[];
  /** Commands whose output is not compared (the slide shows none, or only part). */
  readonly ignoreOutput?: readonly string[];
  /** Replace a command the slide misprints, e.g. slide 19's `struct -o ldlm_resource`. */
  readonly substitute?: Readonly<Record<string, string>>;
  /** Commands whose shown lines need only appear in order: the slide drops lines without `...`. */
  readonly inOrder?: readonly string[];
  /** Shown lines not compared (each stands for any lines), with the reason: a known difference. */
  readonly skipLines?: Readonly<Record<string, string>>;
}

export interface ReplayStep {
  readonly command: string;
  readonly ran: string;
  readonly output: string;
  readonly expected: readonly string[];
  readonly match: MatchResult;
}

/** Run every `crash>` command of a transcript in one session and compare each output. */
export async function replayTranscript(
  rs: ReplaySession,
  name: string,
  options: ReplayOptions = {},
): Promise<ReplayStep[]> {
  const t = await readTranscript(name);
  for (const s of options.setup ?? []) await rs.run(s);
  const steps: ReplayStep[] = [];
  for (const b of t.blocks) {
    if (b.command.startsWith("cd ") || b.command.startsWith("crash ") || b.command === "") continue;
    const ran = options.substitute?.[b.command] ?? b.command;
    const output = await rs.run(ran);
    let expected = b.output.map((l) =>
      Object.keys(options.skipLines ?? {}).some((k) => l.includes(k)) ? "..." : l,
    );
    if (options.inOrder?.includes(b.command)) expected = expected.flatMap((l) => ["...", l]);
    const match = options.ignoreOutput?.includes(b.command)
      ? { ok: true, detail: "(not compared)" }
      : matchOutput(output, expected);
    steps.push({ command: b.command, ran, output, expected, match });
  }
  return steps;
}

/** loadScenario and the task views, or undefined while the scenario code is not there yet. */
export async function scenarioLoader(): Promise<
  | {
      loadScenario: (id: string) => Program;
      panicTask: (prog: Program) => Session["panicTask"];
      allCommands: () => CrashCommand[];
    }
  | undefined
> {
  try {
    const { loadScenario } = await import("../../emulator/scenarios/index");
    const { taskTable } = await import("../../emulator/tools/crash/commands/tasks-common");
    const { allCommands } = await import("../../emulator/tools/crash/commands/index");
    return { loadScenario, panicTask: (p) => taskTable(p).panic, allCommands };
  } catch (e) {
    if (process.env.KDEBUG_REPLAY_DEBUG) console.error(e);
    return undefined;
  }
}
