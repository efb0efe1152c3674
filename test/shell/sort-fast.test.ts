import { describe, expect, it } from "vitest";
import { ShellSession } from "../../emulator/shell/session";
import { realBash } from "./bash-oracle";
import { rdLines } from "./fixtures";

const files = {
  rd: rdLines(4000),
  counts: "   12 ab\n    3 cd\n  100 ef\n    3 aa\n   -4 zz\n  1.5 q\n      x\n",
  human: "1K\n2M\n512\n1G\n1.5K\n-3K\n0\n10\n",
  fields: "b 2 x\na 10 y\nc 1 z\nb 1 w\na 10 a\n",
  colon: "u:3:x\nt:10:y\nu:2:z\n",
};

const CASES = [
  "sort rd | head -20",
  "awk '{print $2}' rd | sort | uniq -c | sort -h",
  "awk '{print $2}' rd | sort | uniq -c | sort -n | tail -3",
  "awk '{print $2}' rd | sort | uniq -c | sort -rn | head -3",
  "sort -n counts",
  "sort -rn counts",
  "sort -h human",
  "sort -k2n fields",
  "sort -k 2nr fields",
  "sort -k2,2n -k1,1 fields",
  "sort -u -k1,1 fields",
  "sort -t: -k2n colon",
  "sort -t : -k 2,2nr colon",
  "sort -u rd | wc -l",
  "sort -r fields",
  "sort -s -k1,1 fields",
  // Few distinct lines among many: sorted by counting.
  "awk '{print $2}' rd | sort -r | uniq -c",
  "awk '{print $2}' rd | sort -u",
  "awk '{print $2}' rd | sort | md5sum",
];

describe("sort", () => {
  for (const c of CASES) {
    it(`gives what GNU sort gives: ${c}`, async () => {
      const s = new ShellSession({ interactive: false });
      for (const [n, t] of Object.entries(files)) await s.fs.writeFile(`/root/${n}`, t);
      let out = "";
      let err = "";
      await s.run(c, {
        onOutput: (o, e) => {
          out += o;
          err += e;
        },
      });
      const want = realBash(c, files);
      expect(err).toBe(want.stderr);
      expect(out).toBe(want.stdout);
    });
  }
});
