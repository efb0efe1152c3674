import { describe, expect, it } from "vitest";
import { formatPrintf } from "../../emulator/shell/commands/printf";
import { realBash } from "./bash-oracle";

const CASES: string[][] = [
  ["%x\\n", "0xffff917c6648f3c0"],
  ["%d\\n", "0xffff917c6648f3c0"],
  [
    "%d %x %o %u %i %X %5.3d|%-6x|%#x %#o %+d % d\\n",
    "0xffff917c6648f3c0",
    "-1",
    "-1",
    "-1",
    "077",
    "255",
    "7",
    "255",
    "255",
    "8",
    "5",
    "5",
  ],
  ["%d\\n", "'A", "1.5", "abc", "12abc", ""],
  ["%s-%s\\n", "a", "b", "c"],
  ["no conversions\\n", "x", "y"],
  ["%5s|%-5s|%.2s|%c\\n", "ab", "cd", "efgh", "xyz"],
  ["%b|\\n", "a\\tb\\n\\0101\\x41\\cZZ", "q"],
  ["%q\\n", "a b", "", "it's", "~x", "a~b", "$HOME", "tab\there", "new\nline", "a=b,c"],
  [
    "%f %e %g %G %.3f %10.2e %g %g %g\\n",
    "3.14159",
    "12345.678",
    "0.0001",
    "1e-5",
    "2",
    "-0.5",
    "100000",
    "1000000",
    "1.5e300",
  ],
  ["%05d|%-05d|%5.0d|%.0d|%+.3d\\n", "42", "42", "0", "0", "7"],
  ["\\x41\\101\\u00e9\\a\\z|%%\\n"],
  ["%*d|%-*d|%.*s\\n", "5", "42", "4", "7", "2", "abcdef"],
  ["%z\\n", "1"],
  ["%d %d\\n", "1"],
  ["%s\\n"],
  ["%08.3f|%-8.3f|%+f\\n", "3.14159", "2.5", "1"],
  ["%x %X %o\\n", "18446744073709551615", "18446744073709551616", "-9223372036854775808"],
  ["%d\\n", "-9223372036854775809", " 12", "12 ", "0x", "08", "+5", "-0x10"],
  ["%i|%u\\n", "0x1F", "0x1F"],
  ["%s %s %s\\n", "a", "b"],
  ["%e\\n", "0"],
  ["%g %g %g\\n", "0", "123456789", "0.000012345"],
  ["%a\\n", "1"],
  ["[%5c]\\n", "z"],
  ["%.3x %#.3o %#X\\n", "15", "8", "0"],
  ["%016lx %lu\\n", "0xffff917c6648f3c0", "0xffff917c6648f3c0"],
];

describe("printf builtin", () => {
  it("prints the full 64-bit hex value of a kernel address", () => {
    expect(formatPrintf("%x\n", ["0xffff917c6648f3c0"]).output).toBe("ffff917c6648f3c0\n");
  });

  for (const c of CASES) {
    it(`matches bash: printf ${c.map((a) => JSON.stringify(a)).join(" ")}`, () => {
      const quoted = c.map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(" ");
      const want = realBash(`printf ${quoted} 2>&1; echo "rc=$?"`).stdout;
      const r = formatPrintf(c[0], c.slice(1));
      const got =
        r.output + r.errors.map((e) => `bash: line 1: printf: ${e}\n`).join("") + `rc=${r.status}\n`;
      // bash interleaves stderr where it happens; compare the sets of lines in order of kind.
      const norm = (s: string) => s.replace(/^\/bin\/bash: line 1: /gm, "bash: line 1: ");
      expect(sortErrorsLast(norm(got))).toBe(sortErrorsLast(norm(want)));
    });
  }
});

/** Move error lines after the output (bash writes them as it goes; we collect them). */
function sortErrorsLast(s: string): string {
  const parts = s.split(/(?<=\n)/);
  const err = parts.filter((p) => p.startsWith("bash: "));
  const out = parts.filter((p) => !p.startsWith("bash: "));
  return out.join("").replace(/bash: [^\n]*\n/g, "") + err.join("");
}
