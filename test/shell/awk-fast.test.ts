import { describe, expect, it } from "vitest";
import { compileFastAwk } from "../../emulator/shell/commands/awk-fast";
import { ShellSession } from "../../emulator/shell/session";
import { realBash } from "./bash-oracle";
import { foreachBt, rdLines } from "./fixtures";

const files = {
  bt: foreachBt(120),
  rd: rdLines(3000),
  mixed: "a 1 x\nb 0 y\n\n  c  2  z  \nd -3 w\ne 0.5e1 v\nf abc 7\n",
  csv: "a:b:c\n1:2:3\n::\n",
};

const PROGRAMS: Array<[string, string]> = [
  ["'{print $1}'", "rd"],
  ["'{ print $2 }'", "rd"],
  ['\'/PID:/ {PID=$2;PNAME=$8} /^ ?#/ {print PNAME": "$1" "$3" "$5}\'', "bt"],
  ["'/l_export/ { print $3 }'", "bt"],
  ["'{n++} END {print n}'", "rd"],
  ["'{s += $2} END {print s, NR}'", "mixed"],
  ["'$2 > 0'", "mixed"],
  ["'$2 == 0 {print NR\": \"$0}'", "mixed"],
  ["'!/^$/ {print NF, $NF, $(NF-1)}'", "mixed"],
  ["'NR % 2 == 1'", "mixed"],
  ["'$1 ~ /^[a-c]$/ && $3 !~ /y/'", "mixed"],
  ["-F: '{print $2, $1}'", "csv"],
  ["-F : -v x=5 'BEGIN {OFS=\"-\"} {print $1, $3, x}'", "csv"],
  ['\'BEGIN { print "start" } END { print "end", NR }\'', "mixed"],
  ["'{ print x + 0, x \"\" }'", "mixed"],
  ["'{ print ($2 * 2) / 4 }'", "mixed"],
  ["'{ print $1 > \"out\" }' mixed; cat out; awk 'END { print NR }'", "mixed"],
  ["'{ printf \"%s\\n\", $1 }'", "mixed"],
];

describe("awk fast path", () => {
  for (const [args, file] of PROGRAMS) {
    it(`gives what GNU awk gives: awk ${args} ${file}`, async () => {
      const script = `awk ${args} ${file}`;
      const s = new ShellSession({ interactive: false });
      for (const [n, c] of Object.entries(files)) await s.fs.writeFile(`/root/${n}`, c);
      let out = "";
      let err = "";
      await s.run(script, {
        onOutput: (o, e) => {
          out += o;
          err += e;
        },
      });
      const want = realBash(script, files);
      expect(err).toBe(want.stderr);
      expect(out).toBe(want.stdout);
    });
  }

  it("compiles the talk's programs and declines the rest", () => {
    expect(compileFastAwk("{print $1}")).not.toBeNull();
    expect(compileFastAwk('/PID:/ {PID=$2;PNAME=$8} /^ ?#/ {print PNAME": "$1" "$3" "$5}')).not.toBeNull();
    for (const p of [
      '{ printf "%d", $1 }',
      "{ a[$1]++ }",
      "{ print length($0) }",
      '{ $1 = "x"; print }',
      "{ getline }",
      "/[[:digit:]]/",
    ]) {
      expect(compileFastAwk(p)).toBeNull();
    }
  });
});
