/**
 * GNU uniq (coreutils 8.22). Replaces just-bash's, whose `-c` pads counts to 4 columns
 * where GNU pads to 7 (`      3 line`): the talk's `sort | uniq -c | sort -h` output
 * and anything a learner compares with it depend on that width.
 */
import { defineCommand } from "just-bash";
import { utf8Text } from "../bytes";
import { getopt, has, type OptionError, quote, tryHelp } from "./getopt";

const HELP = `Usage: uniq [OPTION]... [INPUT [OUTPUT]]
Filter adjacent matching lines from INPUT (or standard input),
writing to OUTPUT (or standard output).

With no options, matching lines are merged to the first occurrence.

  -c, --count           prefix lines by the number of occurrences
  -d, --repeated        only print duplicate lines, one for each group
  -D, --all-repeated    print all duplicate lines
  -f, --skip-fields=N   avoid comparing the first N fields
  -i, --ignore-case     ignore differences in case when comparing
  -s, --skip-chars=N    avoid comparing the first N characters
  -u, --unique          only print unique lines
  -w, --check-chars=N   compare no more than N characters in lines
      --help     display this help and exit
      --version  output version information and exit
`;

function number(name: string, value: string | null): number | string {
  if (value === null || !/^\d+$/.test(value)) return `${value ?? ""}: invalid number of ${name}`;
  return Number(value);
}

export const uniqCommand = defineCommand("uniq", async (args, ctx) => {
  let parsed: ReturnType<typeof getopt>;
  try {
    parsed = getopt(args, {
      short: "cdDiuzf:s:w:",
      long: {
        count: "c",
        repeated: "d",
        "all-repeated": "D",
        "ignore-case": "i",
        unique: "u",
        "zero-terminated": "z",
        "skip-fields=": "f",
        "skip-chars=": "s",
        "check-chars=": "w",
        help: "help",
        version: "version",
      },
    });
  } catch (e) {
    return tryHelp("uniq", (e as OptionError).message);
  }
  if (has(parsed, "help")) return { stdout: HELP, stderr: "", exitCode: 0 };
  if (has(parsed, "version")) return { stdout: "uniq (GNU coreutils) 8.22\n", stderr: "", exitCode: 0 };
  let skipFields = 0;
  let skipChars = 0;
  let checkChars = Number.POSITIVE_INFINITY;
  for (const [name, value] of parsed.options) {
    const which =
      name === "f"
        ? "fields to skip"
        : name === "s"
          ? "bytes to skip"
          : name === "w"
            ? "bytes to compare"
            : null;
    if (!which) continue;
    const n = number(which, value);
    if (typeof n === "string") return { stdout: "", stderr: `uniq: ${n}\n`, exitCode: 1 };
    if (name === "f") skipFields = n;
    else if (name === "s") skipChars = n;
    else checkChars = n;
  }
  const count = has(parsed, "c");
  const repeated = has(parsed, "d");
  const allRepeated = has(parsed, "D");
  const unique = has(parsed, "u");
  const ignoreCase = has(parsed, "i");
  const sep = has(parsed, "z") ? "\0" : "\n";
  if (count && allRepeated) {
    return tryHelp("uniq", "printing all duplicated lines and repeat counts is meaningless");
  }
  if (parsed.operands.length > 2) return tryHelp("uniq", `extra operand ${quote(parsed.operands[2])}`);
  let input: string;
  const inName = parsed.operands[0];
  if (inName && inName !== "-") {
    try {
      input = await ctx.fs.readFile(ctx.fs.resolvePath(ctx.cwd, inName));
    } catch {
      return { stdout: "", stderr: `uniq: ${inName}: No such file or directory\n`, exitCode: 1 };
    }
  } else input = utf8Text(ctx.stdin);

  const lines = input.split(sep);
  if (lines[lines.length - 1] === "") lines.pop();
  const key = (line: string): string => {
    let s = line;
    if (skipFields) {
      const m = new RegExp(`^(?:[ \\t]*[^ \\t]+){0,${skipFields}}`).exec(s);
      s = s.slice(m ? m[0].length : 0);
    }
    if (skipChars) s = s.slice(skipChars);
    if (checkChars !== Number.POSITIVE_INFINITY) s = s.slice(0, checkChars);
    return ignoreCase ? s.toLowerCase() : s;
  };
  const out: string[] = [];
  let i = 0;
  while (i < lines.length) {
    const k = key(lines[i]);
    let j = i + 1;
    while (j < lines.length && key(lines[j]) === k) j++;
    const n = j - i;
    if (allRepeated) {
      if (n > 1) for (let m = i; m < j; m++) out.push(lines[m]);
    } else if (!(repeated && n < 2) && !(unique && n > 1)) {
      out.push(count ? `${String(n).padStart(7)} ${lines[i]}` : lines[i]);
    }
    i = j;
  }
  const text = out.length ? out.join(sep) + sep : "";
  const outName = parsed.operands[1];
  if (outName && outName !== "-") {
    await ctx.fs.writeFile(ctx.fs.resolvePath(ctx.cwd, outName), text);
    return { stdout: "", stderr: "", exitCode: 0 };
  }
  return { stdout: text, stderr: "", exitCode: 0 };
});
