/**
 * Reading one crash command line the way crash's cmdline.c does: built-in aliases, the split
 * between the crash command and a `| pipeline`, `! cmd` or `> file` (outside quotes and
 * parentheses; `->` is not a redirection), and argument splitting with "strings" and
 * (expressions) kept whole.
 */

/** crash's built-in aliases (cmdline.c alias_init), replacing the first word. */
export const BUILTIN_ALIASES: Readonly<Record<string, string>> = {
  man: "help",
  "?": "help",
  quit: "q",
  sf: "set scroll off",
  sn: "set scroll on",
  hex: "set radix 16",
  dec: "set radix 10",
  g: "gdb",
  px: "p -x",
  pd: "p -d",
  for: "foreach",
  size: "*",
  dmesg: "log",
  lsmod: "mod",
  last: "ps -l",
};

export function resolveAlias(line: string): string {
  const m = /^(\S+)(.*)$/s.exec(line);
  if (!m) return line;
  const a = BUILTIN_ALIASES[m[1]];
  return a === undefined ? line : a + m[2];
}

export type Redirect =
  | { readonly kind: "none"; readonly command: string }
  | { readonly kind: "pipe"; readonly command: string; readonly pipeline: string }
  | { readonly kind: "file"; readonly command: string; readonly file: string; readonly append: boolean }
  | { readonly kind: "shell"; readonly pipeline: string }
  | { readonly kind: "error"; readonly message: string };

/** crash's setup_redirect(): the first `|`, `!` or `>` outside quotes and parentheses ends the command. */
export function splitRedirect(line: string): Redirect {
  const shellCommand = line.startsWith("|") || line.startsWith("!");
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === "(") depth++;
    else if (c === ")") depth--;
    if (c === '"' || c === "'") quoted = !quoted;
    if (depth || quoted) continue;
    if (c === "|" || c === "!") {
      const rest = line.slice(i + 1).trim();
      if (!rest) return { kind: "error", message: `no shell command after '${c}'` };
      if (rest.endsWith("|")) return { kind: "error", message: "pipe to nowhere?" };
      if (shellCommand) return { kind: "shell", pipeline: rest };
      return { kind: "pipe", command: line.slice(0, i).trim(), pipeline: rest };
    }
    if (c === ">" && !(i > 0 && line[i - 1] === "-")) {
      const append = line[i + 1] === ">";
      const file = line.slice(i + (append ? 2 : 1)).trim();
      if (!file) return { kind: "error", message: `no file name after ${append ? ">>" : ">"}` };
      return { kind: "file", command: line.slice(0, i).trim(), file, append };
    }
  }
  return { kind: "none", command: line };
}

/**
 * crash's parse_line(): words split on blanks; a "double-quoted string" is one argument
 * (quotes removed); an argument starting with `(` runs to its matching `)`.
 */
export function parseArgs(s: string): string[] {
  const out: string[] = [];
  let i = 0;
  const n = s.length;
  while (i < n) {
    while (i < n && (s[i] === " " || s[i] === "\t")) i++;
    if (i >= n) break;
    if (s[i] === '"') {
      const end = s.indexOf('"', i + 1);
      if (end < 0) {
        out.push(s.slice(i + 1));
        break;
      }
      out.push(s.slice(i + 1, end));
      i = end + 1;
      continue;
    }
    let j = i;
    if (s[i] === "(") {
      let depth = 0;
      for (; j < n; j++) {
        if (s[j] === "(") depth++;
        else if (s[j] === ")" && --depth === 0) {
          j++;
          break;
        }
      }
    }
    while (j < n && s[j] !== " " && s[j] !== "\t") j++;
    out.push(s.slice(i, j));
    i = j;
  }
  return out;
}
