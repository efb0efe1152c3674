/**
 * Reading free-form answers of the Crash-part tasks: durations ("3.56 h", "213 min", "3h34m",
 * "00:05:19", "41 days, 21:01:28"), lists of short codes ("RU, UN") and task names. Pure
 * functions, tested in test/labs/parse.test.ts.
 */
import { parseInteger } from "../answers";

const UNIT_SECONDS: Readonly<Record<string, number>> = {
  ns: 1e-9,
  nsec: 1e-9,
  us: 1e-6,
  µs: 1e-6,
  usec: 1e-6,
  ms: 1e-3,
  msec: 1e-3,
  s: 1,
  sec: 1,
  secs: 1,
  second: 1,
  seconds: 1,
  m: 60,
  min: 60,
  mins: 60,
  minute: 60,
  minutes: 60,
  h: 3600,
  hr: 3600,
  hrs: 3600,
  hour: 3600,
  hours: 3600,
  d: 86400,
  day: 86400,
  days: 86400,
};

/** Words people put around a duration that carry no value. */
const FILLER = /\b(?:about|around|almost|nearly|roughly|approx(?:imately)?|and|ago)\b|[~≈,]/g;

/**
 * A duration in seconds, or null when the text is not one. A bare number is seconds;
 * `h:mm:ss` / `mm:ss` clock forms are accepted, with an optional `N days,` prefix as crash's
 * UPTIME line prints it.
 */
export function parseDuration(text: string): number | null {
  let t = text.trim().toLowerCase().replace(FILLER, " ").replace(/\s+/g, " ").trim();
  if (t === "") return null;
  let total = 0;
  const days = /^(\d+) days? (.*)$/.exec(t);
  if (days && /^\d+:\d/.test(days[2])) {
    total += Number(days[1]) * 86400;
    t = days[2];
  }
  const clock = /^(\d+):(\d{1,2})(?::(\d{1,2}(?:\.\d+)?))?$/.exec(t);
  if (clock) {
    const [, a, b, c] = clock;
    return (
      total + (c === undefined ? Number(a) * 60 + Number(b) : Number(a) * 3600 + Number(b) * 60 + Number(c))
    );
  }
  const part = /(\d+(?:\.\d+)?|\.\d+)(?:e([+-]?\d+))? ?([a-zµ]+)?/y;
  let pos = 0;
  let parts = 0;
  while (pos < t.length) {
    if (t[pos] === " ") {
      pos += 1;
      continue;
    }
    part.lastIndex = pos;
    const m = part.exec(t);
    if (!m) return null;
    const [, num, exp, unit] = m;
    const scale = unit === undefined ? 1 : UNIT_SECONDS[unit];
    if (scale === undefined) return null;
    total += Number(num) * 10 ** Number(exp ?? 0) * scale;
    parts += 1;
    pos = part.lastIndex;
  }
  return parts > 0 ? total : null;
}

/** Whether a duration is within a relative tolerance (and an absolute floor, in seconds) of another. */
export function closeDuration(given: number, expected: number, relative: number, absolute = 0): boolean {
  return Math.abs(given - expected) <= Math.max(absolute, Math.abs(expected) * relative);
}

/** Two-letter codes such as ps states, in any separators: "RU, UN" → ["RU", "UN"]. */
export function parseCodes(text: string): string[] | null {
  const words = text
    .toUpperCase()
    .split(/[^A-Z]+/)
    .filter((w) => w !== "" && w !== "AND");
  return words.length === 0 || words.some((w) => w.length !== 2) ? null : words;
}

/** Same set of codes, whatever the order or repetitions. */
export function sameCodeSet(given: readonly string[], expected: readonly string[]): boolean {
  const a = new Set(given);
  const b = new Set(expected);
  return a.size === b.size && [...a].every((x) => b.has(x));
}

/**
 * A task named by its command or its PID, as crash prints them: `mdt01_033`, `"mdt01_033"`,
 * `[mdt01_033]`, `25786`, `mdt01_033/25786` (clubak's form).
 */
export function matchesTask(answer: string, task: { readonly comm: string; readonly pid: number }): boolean {
  const parts = answer
    .trim()
    .replace(/^["'[(]+|["'\])]+$/g, "")
    .split("/")
    .map((p) => p.trim().replace(/^["'[(]+|["'\])]+$/g, ""))
    .filter((p) => p !== "");
  if (parts.length === 0 || parts.length > 2) return false;
  return parts.every((p) => p === task.comm || parseInteger(p) === BigInt(task.pid));
}

/** Split a list answer into items: commas, semicolons, slashes, "and", or blanks. */
export function parseList(text: string): string[] {
  return text
    .trim()
    .split(/\s*(?:[,;/]|\band\b|\s)\s*/i)
    .filter((w) => w !== "");
}
