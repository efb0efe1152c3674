/**
 * Which code blocks of a lesson are commands the learner can click to type into the terminal,
 * and which lines of them are commands. Used at build time by the remark plugin and by the
 * task widget's "show solution" list. Pure: no DOM, no Astro.
 */

/** Prompts as the talk shows them: root shell, user shell, crash, debugfs, gdb. */
export const PROMPT = /^(?:#|\$|crash>|debugfs:|\(gdb\))[ \t]/;

/** Languages whose blocks are shell sessions when they contain prompt lines. */
const SESSION_LANGS = new Set([
  "bash",
  "sh",
  "shell",
  "console",
  "shell-session",
  "shellsession",
  "sh-session",
  "zsh",
]);

function metaFlags(meta: string | null | undefined): Set<string> {
  return new Set((meta ?? "").split(/\s+/).filter(Boolean));
}

/** Join `\`-continued lines into one command line, the way the shell would read them. */
function joinContinuations(lines: readonly string[], start: number): { line: string; next: number } {
  let line = lines[start];
  let i = start;
  while (line.endsWith("\\") && i + 1 < lines.length) {
    i += 1;
    line = `${line.slice(0, -1).trimEnd()} ${lines[i].trim()}`;
  }
  return { line: line.endsWith("\\") ? line.slice(0, -1).trimEnd() : line, next: i + 1 };
}

/**
 * Whether a shell-language block is a terminal session (prompt lines, maybe output), which is
 * better highlighted as `shellsession` than as a script where `# cmd` would be a comment.
 */
export function isSession(lang: string | null | undefined, code: string): boolean {
  if (!SESSION_LANGS.has((lang ?? "").toLowerCase())) return false;
  return code.split("\n").some((line) => PROMPT.test(line));
}

/**
 * The command lines of a code block, prompts removed, or [] when the block is not runnable.
 * - meta `norun`: never runnable;
 * - meta `runnable`: every non-blank line is a command (a leading prompt is removed);
 * - a session-language block: the lines that start with a prompt (output lines are skipped).
 */
export function extractCommands(
  lang: string | null | undefined,
  meta: string | null | undefined,
  code: string,
) {
  const flags = metaFlags(meta);
  if (flags.has("norun")) return [];
  const lines = code.replace(/\r\n?/g, "\n").split("\n");
  const commands: string[] = [];
  const everyLine = flags.has("runnable");
  if (!everyLine && !SESSION_LANGS.has((lang ?? "").toLowerCase())) return [];
  for (let i = 0; i < lines.length; ) {
    const raw = lines[i];
    const prompted = PROMPT.exec(raw);
    if (!prompted && !(everyLine && raw.trim() !== "")) {
      i += 1;
      continue;
    }
    const withoutPrompt = prompted ? raw.slice(prompted[0].length) : raw;
    const { line, next } = joinContinuations([...lines.slice(0, i), withoutPrompt, ...lines.slice(i + 1)], i);
    const trimmed = line.trim();
    if (trimmed !== "" && trimmed !== "...") commands.push(trimmed);
    i = next;
  }
  return commands;
}
