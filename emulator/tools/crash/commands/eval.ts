/**
 * `eval`: evaluate an integer expression and show it in hexadecimal, decimal, octal and binary.
 * Numbers follow crash's rule (decimal when all digits, otherwise hexadecimal, so `41dc065` is
 * hex) and accept k/m/g suffixes; symbols stand for their addresses. Unlike crash 7.2, which
 * takes a single operator, full expressions with parentheses are accepted.
 */
import { type CrashCommand, CrashError, type CrashSession, CrashUsageError } from "../command";

type Tok = { n: bigint } | { op: string };

function tokenize(session: CrashSession, s: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < s.length) {
    if (/\s/.test(s[i])) {
      i++;
      continue;
    }
    const op = ["<<", ">>", "(", ")", "+", "-", "*", "/", "%", "&", "|", "^", "~", "#"].find((o) =>
      s.startsWith(o, i),
    );
    if (op) {
      out.push({ op });
      i += op.length;
      continue;
    }
    const m = /^[A-Za-z0-9_.]+/.exec(s.slice(i));
    if (!m) throw new CrashError(`invalid expression: ${s}`);
    out.push({ n: wordValue(session, m[0], s) });
    i += m[0].length;
  }
  return out;
}

function wordValue(session: CrashSession, w: string, whole: string): bigint {
  const sym = session.prog.symbols.lookup(w);
  if (sym) return sym.address;
  const suffixed = /^(\d+)([kKmMgG])$/.exec(w);
  if (suffixed) {
    const unit = suffixed[2].toLowerCase();
    const factor = unit === "k" ? 1024n : unit === "m" ? 1024n ** 2n : 1024n ** 3n;
    return BigInt.asUintN(64, BigInt(suffixed[1]) * factor);
  }
  if (/^\d+$/.test(w)) return BigInt.asUintN(64, BigInt(w));
  if (/^(0[xX])?[0-9a-fA-F]+$/.test(w)) return BigInt(/^0[xX]/.test(w) ? w : `0x${w}`);
  throw new CrashError(`invalid expression: ${whole}`);
}

class Parser {
  private i = 0;
  constructor(
    private readonly toks: Tok[],
    private readonly text: string,
  ) {}

  parse(): bigint {
    const v = this.level(0);
    if (this.i < this.toks.length) throw new CrashError(`invalid expression: ${this.text}`);
    return BigInt.asUintN(64, v);
  }

  private static readonly LEVELS = [["|"], ["^"], ["&"], ["<<", ">>"], ["+", "-"], ["*", "/", "%"], ["#"]];

  private peekOp(): string | undefined {
    const t = this.toks[this.i];
    return t && "op" in t ? t.op : undefined;
  }

  private level(k: number): bigint {
    if (k >= Parser.LEVELS.length) return this.unary();
    let left = this.level(k + 1);
    for (;;) {
      const op = this.peekOp();
      if (!op || !Parser.LEVELS[k].includes(op)) return left;
      this.i++;
      const right = this.level(k + 1);
      left = BigInt.asUintN(64, apply(op, left, right, this.text));
    }
  }

  private unary(): bigint {
    const t = this.toks[this.i++];
    if (!t) throw new CrashError(`invalid expression: ${this.text}`);
    if ("n" in t) return t.n;
    if (t.op === "-") return BigInt.asUintN(64, -this.unary());
    if (t.op === "~") return BigInt.asUintN(64, ~this.unary());
    if (t.op === "(") {
      const v = this.level(0);
      if (this.peekOp() !== ")") throw new CrashError(`invalid expression: ${this.text}`);
      this.i++;
      return v;
    }
    throw new CrashError(`invalid expression: ${this.text}`);
  }
}

function apply(op: string, a: bigint, b: bigint, text: string): bigint {
  switch (op) {
    case "+":
      return a + b;
    case "-":
      return a - b;
    case "*":
      return a * b;
    case "/":
      if (b === 0n) throw new CrashError(`divide by zero: ${text}`);
      return a / b;
    case "%":
      if (b === 0n) throw new CrashError(`divide by zero: ${text}`);
      return a % b;
    case "&":
      return a & b;
    case "|":
      return a | b;
    case "^":
      return a ^ b;
    case "<<":
      return b >= 64n ? 0n : a << b;
    case ">>":
      return a >> b;
    case "#":
      return a ** b;
  }
  return 0n;
}

/** crash's print_number(): the four radixes, a size in KB/MB/GB when round, and `bits set:`. */
export function formatNumber(n: bigint, bits: boolean): string {
  const KB = 1024n;
  let size = "";
  if (n >= KB) {
    if (n % KB ** 3n === 0n) size = `(${n / KB ** 3n}GB)`;
    else if (n % KB ** 2n === 0n) size = `(${n / KB ** 2n}MB)`;
    else if (n % KB === 0n) size = `(${n / KB}KB)`;
  }
  let out = `hexadecimal: ${n.toString(16)}  ${size}\n`;
  const signed = BigInt.asIntN(64, n);
  out += `    decimal: ${n.toString(10)}  ${signed < 0n ? `(${signed})` : ""}\n`;
  out += `      octal: ${n.toString(8)}\n`;
  out += `     binary: ${n.toString(2).padStart(64, "0")}\n`;
  if (bits) {
    const hdr = "   bits set: ";
    let line = hdr;
    let col = hdr.length;
    for (let i = 63; i >= 0; i--) {
      if (!((n >> BigInt(i)) & 1n)) continue;
      const s = `${i} `;
      line += s;
      col += s.length;
      if (col >= 77) {
        out += `${line}\n`;
        line = " ".repeat(hdr.length);
        col = hdr.length;
      }
    }
    out += `${line}\n`;
  }
  return out;
}

export const evalCommand: CrashCommand = {
  name: "eval",
  synopsis: "[-b][-l] (expression) | value",
  summary: "evaluate an expression",
  help: `  Evaluate an integer expression and show the result in hexadecimal,
  decimal, octal and binary.  Numbers made only of decimal digits are decimal;
  anything else is read as hexadecimal (the 0x prefix is optional).  A number
  may end in k, m or g to multiply it by 1024, 1024^2 or 1024^3.  Kernel
  symbols stand for their addresses.  Operators: + - * / % & | ^ << >> ~,
  and # for "to the power of"; parentheses group.

    -b  also list which bits are set in the result.
    -l  treat the values as 64-bit (the default on x86_64).

EXAMPLES
    crash> eval 128m
    hexadecimal: 8000000  (128MB)
        decimal: 134217728
          octal: 1000000000
         binary: 0000000000000000000000000000000000001000000000000000000000000000

    crash> eval (0xffff917c981c3b70 - 0xffff917c981c3b40) / 8
    crash> eval -b 41dc065`,
  run(session, args) {
    let bits = false;
    let i = 0;
    for (; i < args.length; i++) {
      const a = args[i];
      if (a === "-b" || a === "-l" || a === "-lb" || a === "-bl") {
        if (a.includes("b")) bits = true;
        continue;
      }
      break;
    }
    const rest = args.slice(i);
    if (rest.length === 0) throw new CrashUsageError();
    const text = rest.join(" ");
    const value = new Parser(tokenize(session, text), text.startsWith("(") ? text : `(${text})`).parse();
    session.out(formatNumber(value, bits));
  },
};
