/**
 * A crash session for the task-command tests, built on the shared replay harness (replay.ts):
 * a scenario's Program, the REPL's Session with every crash command, and a just-bash shell
 * (shared in-memory filesystem) for `| pipeline`, `> file` and `!cmd`. The matcher below is
 * stricter than replay.ts's: without a leading `...` the slide's first line must be the first
 * output line, and it understands the slides' `[<addr>]` and `ffff9..b230c0` abbreviations.
 */
import type { Bash } from "just-bash";
import { panicTask } from "../../emulator/kernel/linux/tasks";
import { loadScenario } from "../../emulator/scenarios/index";
import type { CrashCommand } from "../../emulator/tools/crash/command";
import { allCommands } from "../../emulator/tools/crash/commands/index";
import type { Session } from "../../emulator/tools/crash/session";
import type { ShellResult } from "../../emulator/tools/toolapi";
import { replaySession } from "./replay";

export type ScenarioId = "client_lbug" | "server_load" | "ls_stuck";

/** Scenario programs are built once per process (they are deterministic). */
export function program(id: ScenarioId): ReturnType<typeof loadScenario> {
  return loadScenario(id);
}

export interface TestSession {
  readonly session: Session;
  /** Run one crash line; returns what reached the terminal. */
  run(line: string): Promise<string>;
  /** Run a guest shell line in the dump's directory. */
  sh(line: string, stdin?: string): Promise<ShellResult>;
  readonly bash: Bash;
}

export function crashSession(
  id: ScenarioId,
  options: {
    commands?: readonly CrashCommand[];
    shellCommands?: Parameters<Bash["registerCommand"]>[0][];
  } = {},
): TestSession {
  const prog = program(id);
  // A new crash session starts without module debuginfo (the Program is cached per process).
  prog.symbols.loadedDebuginfo.clear();
  const rs = replaySession(prog, panicTask(prog), options.commands ?? allCommands(), id);
  for (const c of options.shellCommands ?? []) rs.bash.registerCommand(c);
  const cwd = `/var/crash/${id}`;
  return {
    session: rs.session,
    bash: rs.bash,
    run: (line) => rs.run(line),
    async sh(line: string, stdin?: string) {
      const r = await rs.bash.exec(line, { cwd, stdin });
      return { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode };
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
