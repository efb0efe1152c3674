/**
 * Test helpers for the live VM: a shell with the VM's tools, and the talk's transcripts
 * (commands and expected output) with a whitespace-insensitive matcher where `...` is a gap.
 */
import { readFileSync } from "node:fs";
import type { LiveState } from "../../emulator/live/state";
import { ShellSession } from "../../emulator/shell/session";
import { defaultTools } from "../../emulator/shell/tools-registry";
import { runLine } from "../shell/run-line";

export interface Out {
  readonly stdout: string;
  readonly stderr: string;
  readonly code: number;
}

export function liveShell(): (line: string) => Promise<Out> {
  const s = new ShellSession({ interactive: false, tools: defaultTools(), now: () => 1578557000000 });
  return async (line) => {
    const { stdout, stderr, exitCode } = await runLine(s, line);
    return { stdout, stderr, code: exitCode };
  };
}

/** The live VM's state as the guest saved it (/run/kdebug/live.json). */
export async function stateOf(sh: ReturnType<typeof liveShell>): Promise<LiveState> {
  return JSON.parse((await sh("cat /run/kdebug/live.json")).stdout) as LiveState;
}

export interface TranscriptStep {
  readonly command: string;
  readonly output: string[];
}

const TRANSCRIPTS = "/work/shared/talk/transcripts";

/** Commands (`# ` lines, `\` continuations joined) and the output lines after each. */
export function transcript(file: string): TranscriptStep[] {
  const text = readFileSync(`${TRANSCRIPTS}/${file}`, "utf8");
  const body = text.slice(text.indexOf("\n\n") + 2).split("\n");
  const steps: { command: string; output: string[] }[] = [];
  for (let i = 0; i < body.length; i++) {
    const l = body[i];
    if (l.startsWith("# ")) {
      let cmd = l.slice(2);
      while (cmd.endsWith("\\") && i + 1 < body.length) cmd = `${cmd.slice(0, -1)} ${body[++i].trim()}`;
      steps.push({ command: cmd, output: [] });
    } else if (steps.length && l.trim() !== "") steps[steps.length - 1].output.push(l);
  }
  return steps;
}

function esc(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * A RegExp for expected lines: runs of whitespace match any whitespace, a `...` line matches
 * any lines, `holes` maps literal text of the slide to patterns (values that differ by construction).
 */
export function expectedPattern(lines: readonly string[], holes: readonly [string, string][] = []): RegExp {
  const parts = lines.map((l) => {
    if (l.trim() === "...") return "[\\s\\S]*?";
    let p = esc(l.trim()).replace(/\s+/g, "\\s+");
    for (const [lit, pat] of holes) p = p.split(esc(lit).replace(/\s+/g, "\\s+")).join(pat);
    return `\\s*${p}\\s*`;
  });
  return new RegExp(parts.join(""));
}
