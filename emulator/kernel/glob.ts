/**
 * Whole-name wildcards as the kernel's glob_match and the tools around it (perf's strglobmatch,
 * tracefs event filters, lctl parameter paths) read them: `*`, `?`, `[...]`, `[!...]`.
 */
export function globMatcher(glob: string): (s: string) => boolean {
  if (!/[*?[]/.test(glob)) return (s) => s === glob;
  let re = "^";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === "*") re += ".*";
    else if (c === "?") re += ".";
    else if (c === "[" && glob.indexOf("]", i + 2) > 0) {
      const end = glob.indexOf("]", i + 2);
      const body = glob.slice(i + 1, end).replace(/\\/g, "\\\\");
      re += `[${body.startsWith("!") ? `^${body.slice(1)}` : body}]`;
      i = end;
    } else re += c.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }
  const rx = new RegExp(`${re}$`);
  return (s) => rx.test(s);
}
