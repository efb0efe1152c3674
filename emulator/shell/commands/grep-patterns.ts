/**
 * grep with several `-e` patterns. just-bash's grep keeps only the last `-e`, so
 * `grep -v -e '\[IN\]' -e swapper` let `[IN]` lines through; real grep matches a line against
 * any of them. Join the patterns into one alternation in the pattern syntax in force (BRE `\|`,
 * ERE `|`; fixed strings become an ERE of escaped literals) and hand the rest to just-bash's grep.
 */
import { defineCommand } from "just-bash";

type Syntax = "G" | "E" | "F" | "P";

const ERE_SPECIAL = /[.[\]()*+?{}|^$\\]/g;

export function mergeGrepPatterns(args: readonly string[]): string[] {
  const patterns: string[] = [];
  const rest: string[] = [];
  let syntax: Syntax = "G";
  let endOfOptions = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (endOfOptions || a === "-" || !a.startsWith("-")) {
      rest.push(a);
      continue;
    }
    if (a === "--") {
      endOfOptions = true;
      rest.push(a);
      continue;
    }
    if (a === "-e" || a === "--regexp") {
      if (i + 1 < args.length) patterns.push(args[++i]);
      continue;
    }
    if (a.startsWith("--regexp=")) {
      patterns.push(a.slice("--regexp=".length));
      continue;
    }
    if (a === "--extended-regexp") syntax = "E";
    else if (a === "--fixed-strings") syntax = "F";
    else if (a === "--basic-regexp") syntax = "G";
    else if (a === "--perl-regexp") syntax = "P";
    else if (!a.startsWith("--")) {
      // A cluster such as -vE or -ve PATTERN: the last E/F/G/P letter wins, `e` takes the rest or the next word.
      const e = a.indexOf("e", 1);
      const flags = e < 0 ? a.slice(1) : a.slice(1, e);
      for (const c of flags) if (c === "E" || c === "F" || c === "G" || c === "P") syntax = c;
      if (e >= 0) {
        if (flags) rest.push(`-${flags}`);
        const inline = a.slice(e + 1);
        if (inline) patterns.push(inline);
        else if (i + 1 < args.length) patterns.push(args[++i]);
        continue;
      }
    }
    rest.push(a);
  }
  if (patterns.length <= 1) return [...args];
  let merged: string;
  const out = rest.slice();
  if (syntax === "F") {
    merged = patterns.map((p) => p.replace(ERE_SPECIAL, "\\$&")).join("|");
    for (let i = 0; i < out.length; i++) {
      if (out[i] === "--fixed-strings") out[i] = "--extended-regexp";
      else if (/^-[^-]/.test(out[i])) out[i] = out[i].replace(/F/g, "E");
    }
  } else if (syntax === "G") merged = patterns.map((p) => `\\(${p}\\)`).join("\\|");
  else merged = patterns.map((p) => `(${p})`).join("|");
  const dashdash = out.indexOf("--");
  if (dashdash >= 0) out.splice(dashdash, 0, "-e", merged);
  else out.unshift("-e", merged);
  return out;
}

export const grepCommand = defineCommand("grep", async (args, ctx) => {
  if (!ctx.origCommand) return { stdout: "", stderr: "grep: unavailable\n", exitCode: 2 };
  return ctx.origCommand(mergeGrepPatterns(args));
});
