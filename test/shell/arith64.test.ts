import { describe, expect, it } from "vitest";
import { ArithError, evaluateArith } from "../../emulator/shell/arith64";
import { prng, realBash } from "./bash-oracle";

const VARS: Record<string, string> = {
  big: "0xffff917c6648f3c0",
  oid: "0x000000123abc",
  neg: "-42",
  zero: "0",
  hx: "big + 1",
  str: "oid",
  x: "3",
};

function ours(expr: string): string {
  const vars = { ...VARS };
  try {
    return evaluateArith(expr, { get: (n) => vars[n], set: (n, v) => (vars[n] = v) }).toString();
  } catch (e) {
    if (e instanceof ArithError) return `ERR ${e.message}`;
    throw e;
  }
}

/** Evaluate each expression with real bash (one process for all of them). */
function theirs(exprs: readonly string[]): string[] {
  const setup = Object.entries(VARS)
    .map(([k, v]) => `${k}='${v}'`)
    .join("; ");
  const script = exprs
    .map((e, i) => `echo "@@${i}"; ( ${setup}; eval 'echo $((${e.replace(/'/g, "'\\''")}))' ) 2>&1`)
    .join("\n");
  const out = realBash(script).stdout;
  const results: string[] = [];
  for (const chunk of out.split(/^@@\d+\n/m).slice(1)) {
    const line = chunk.replace(/\n$/, "");
    results.push(
      /^(\/bin\/)?bash: /.test(line) ? `ERR ${line.replace(/^(\/bin\/)?bash: line \d+: /, "")}` : line,
    );
  }
  return results;
}

const CURATED = [
  "0xffff917c6648f3c0 - 0xffff917c6648f000",
  "0xffff917c6648f3c0",
  "oid%32",
  "oid",
  "big & 0xfff",
  "(big >> 12) & 0xf",
  "big * 3",
  "big / 7",
  "big % 1000",
  "-big",
  "~big",
  "hx",
  "str + 1",
  "1 << 63",
  "1 << 64",
  "1 << -1",
  "1 >> -1",
  "2 ** 63",
  "2 ** 64",
  "3 ** 40",
  "-9223372036854775808 / -1",
  "-9223372036854775808 % -1",
  "9223372036854775807 + 1",
  "99999999999999999999",
  "010 + 0x10 + 2#101 + 36#z + 64#@_",
  "-7 / 2",
  "-7 % 3",
  "7 % -3",
  "-2 ** 2",
  "2 ** 3 ** 2",
  "!0 + ~5 * -3",
  "10 > 3 == 1",
  "1 | 6 ^ 3 & 5",
  "0 && 1/0",
  "1 || 1/0",
  "0 ? 1/0 : 7",
  "x++ + x++",
  "y = 3, y * 2",
  "z += 3",
  "neg < zero ? neg : zero",
  " ",
  // errors, with bash's messages and error tokens
  "1 + ",
  "08",
  "08 + 1",
  "1 + 0x1G * 2",
  "2 ** -1",
  "5 5",
  "3 +* 4",
  "2#102",
  "1#1",
  "x=",
  "5++",
  "1 ? 2 : 3 : 4",
  "1 ? 2",
  "1e3",
  "1/0",
  "big % zero",
  "(3) = 4",
  "$",
];

describe("64-bit shell arithmetic", () => {
  it("matches /bin/bash on the talk's values and bash's edge cases", () => {
    const expected = theirs(CURATED);
    const got = CURATED.map(ours);
    const diffs = CURATED.map((e, i) => ({ e, got: got[i], want: expected[i] })).filter(
      (d) => d.got !== d.want,
    );
    expect(diffs).toEqual([]);
  });

  it("prints the values the brief names", () => {
    expect(ours("0xffff917c6648f3c0 - 0xffff917c6648f000")).toBe("960");
    expect(ours("0xffff917c6648f3c0")).toBe("-121511498681408");
  });

  it("matches /bin/bash on 600 generated expressions", () => {
    const rand = prng(20200109);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
    const operands = [
      "big",
      "oid",
      "neg",
      "zero",
      "x",
      "0x7fffffffffffffff",
      "0xffff917c6648f000",
      "3",
      "17",
      "0",
      "1",
      "63",
      "64",
      "0x1f",
      "010",
      "2#1101",
    ];
    const binary = [
      "+",
      "-",
      "*",
      "/",
      "%",
      "<<",
      ">>",
      "&",
      "|",
      "^",
      "<",
      ">",
      "<=",
      ">=",
      "==",
      "!=",
      "&&",
      "||",
      "**",
    ];
    const unary = ["-", "~", "!", "+"];
    const gen = (depth: number): string => {
      const r = rand();
      if (depth === 0 || r < 0.3) return pick(operands);
      if (r < 0.4) return `${pick(unary)}${gen(depth - 1)}`;
      if (r < 0.5) return `(${gen(depth - 1)})`;
      if (r < 0.55) return `${gen(depth - 1)} ? ${gen(depth - 1)} : ${gen(depth - 1)}`;
      const op = pick(binary);
      // Keep ** exponents small and non-negative most of the time, as learners do.
      const right = op === "**" ? pick(["0", "1", "2", "3", "7", "x"]) : gen(depth - 1);
      return `${gen(depth - 1)} ${op} ${right}`;
    };
    const exprs = Array.from({ length: 600 }, () => gen(3));
    const expected = theirs(exprs);
    const diffs = exprs
      .map((e, i) => ({ e, got: ours(e), want: expected[i] }))
      .filter((d) => d.got !== d.want);
    expect(diffs.slice(0, 20)).toEqual([]);
  });
});
