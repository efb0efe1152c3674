/**
 * Bash arithmetic ($(( )), (( ))) on signed 64-bit integers, as bash evaluates it: C
 * intmax_t wraparound, x86 shift-count masking, bash's operator precedence, its number
 * syntax (0x, leading-0 octal, base#digits) and its error messages with the
 * `(error token is "...")` suffix. just-bash evaluates arithmetic on JS doubles, which
 * loses the low bits of kernel addresses; the shell routes expressions here instead.
 */

const INT64_MIN = -(1n << 63n);

/** Wrap to a signed 64-bit value, as C arithmetic on intmax_t does on x86-64. */
export function wrap64(v: bigint): bigint {
  return BigInt.asIntN(64, v);
}

/** Variables seen by an arithmetic expression. */
export interface ArithScope {
  /** Current value of a shell variable, or undefined when unset. */
  get(name: string): string | undefined;
  /** Assign a shell variable (only called for =, op=, ++ and --). */
  set(name: string, value: string): void;
}

/** An arithmetic error, formatted as bash prints it after `bash: `. */
export class ArithError extends Error {
  constructor(
    /** The expression as bash echoes it (leading blanks removed). */
    readonly expression: string,
    readonly reason: string,
    /** Text from the token that failed to the end of the expression; null when bash omits it. */
    readonly token: string | null,
  ) {
    super(
      token === null ? `${expression}: ${reason}` : `${expression}: ${reason} (error token is "${token}")`,
    );
    this.name = "ArithError";
  }
}

type Tok =
  | { kind: "num"; text: string }
  | { kind: "id"; name: string }
  | { kind: "op"; op: string }
  | { kind: "eof" };

const OPERATORS = [
  "<<=",
  ">>=",
  "**",
  "*=",
  "/=",
  "%=",
  "+=",
  "-=",
  "&=",
  "^=",
  "|=",
  "<<",
  ">>",
  "<=",
  ">=",
  "==",
  "!=",
  "&&",
  "||",
  "*",
  "/",
  "%",
  "+",
  "-",
  "<",
  ">",
  "=",
  "!",
  "~",
  "&",
  "^",
  "|",
  "?",
  ":",
  ",",
  "(",
  ")",
];

const ASSIGN_OPS = new Set(["=", "*=", "/=", "%=", "+=", "-=", "<<=", ">>=", "&=", "^=", "|="]);

const MAX_RECURSION = 1024;

function isBlank(c: string): boolean {
  return c === " " || c === "\t" || c === "\n" || c === "\r";
}

function isDigit(c: string): boolean {
  return c >= "0" && c <= "9";
}

function isAlpha(c: string): boolean {
  return (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || c === "_";
}

function isAlnum(c: string): boolean {
  return isAlpha(c) || isDigit(c);
}

/** Value of one bash integer constant (wrapped to 64 bits), or null when a digit is out of range. */
export function parseBashInteger(text: string): bigint | "bad-base" | null {
  let base = 10;
  let digits = text;
  const hash = text.indexOf("#");
  if (hash >= 0) {
    const b = text.slice(0, hash);
    if (!/^[0-9]+$/.test(b)) return null;
    base = Number.parseInt(b, 10);
    if (base < 2 || base > 64) return "bad-base";
    digits = text.slice(hash + 1);
    if (digits === "") return null;
  } else if (/^0[xX]/.test(text)) {
    base = 16;
    digits = text.slice(2);
  } else if (text.length > 1 && text[0] === "0") {
    base = 8;
    digits = text.slice(1);
  }
  let v = 0n;
  const big = BigInt(base);
  for (const c of digits) {
    let d: number;
    if (isDigit(c)) d = c.charCodeAt(0) - 48;
    else if (c >= "a" && c <= "z") d = c.charCodeAt(0) - 97 + 10;
    else if (c >= "A" && c <= "Z") d = base <= 36 ? c.charCodeAt(0) - 65 + 10 : c.charCodeAt(0) - 65 + 36;
    else if (c === "@") d = 62;
    else if (c === "_") d = 63;
    else return null;
    if (d >= base) return null;
    v = wrap64(v * big + BigInt(d));
  }
  return v;
}

/**
 * Evaluate one arithmetic expression. `text` has already been through the shell's
 * parameter expansion (as bash does before evaluating); bare names are looked up in
 * `scope` and their values evaluated recursively.
 */
export function evaluateArith(text: string, scope: ArithScope): bigint {
  return new Evaluator(text, scope, 0).run();
}

class Evaluator {
  private pos = 0;
  private tok: Tok = { kind: "eof" };
  /** Start of the last token read (bash's lasttp): the error token starts here. */
  private lastStart = 0;
  /** Start of the current token. */
  /** >0 while parsing a branch that must not be evaluated (&&, ||, ?:). */
  private noeval = 0;
  private readonly shown: string;

  constructor(
    private readonly text: string,
    private readonly scope: ArithScope,
    private readonly depth: number,
  ) {
    // Quotes inside $(( )) are removed by the shell before evaluation.
    this.text = text.includes('"') ? text.replace(/"/g, "") : text;
    let start = 0;
    while (start < this.text.length && isBlank(this.text[start])) start++;
    this.shown = this.text.slice(start);
  }

  run(): bigint {
    if (this.depth > MAX_RECURSION)
      throw new ArithError(this.shown, "expression recursion level exceeded", this.shown);
    if (this.shown === "") return 0n;
    this.next();
    const v = this.comma();
    if (this.tok.kind !== "eof") this.fail("syntax error in expression");
    return v;
  }

  private fail(reason: string): never {
    throw new ArithError(this.shown, reason, this.text.slice(this.lastStart));
  }

  private next(): void {
    const s = this.text;
    let p = this.pos;
    while (p < s.length && isBlank(s[p])) p++;
    if (p >= s.length) {
      // bash keeps lasttp on the previous token at end of input.
      this.pos = p;
      this.tok = { kind: "eof" };
      return;
    }
    this.lastStart = p;
    const c = s[p];
    if (isDigit(c)) {
      let e = p;
      while (e < s.length && (isAlnum(s[e]) || s[e] === "#" || s[e] === "@")) e++;
      this.pos = e;
      this.tok = { kind: "num", text: s.slice(p, e) };
      return;
    }
    if (isAlpha(c)) {
      let e = p;
      while (e < s.length && isAlnum(s[e])) e++;
      this.pos = e;
      this.tok = { kind: "id", name: s.slice(p, e) };
      return;
    }
    if ((c === "+" || c === "-") && s[p + 1] === c) {
      // bash: `++`/`--` after a name is post-increment; before a name, pre-increment;
      // anywhere else it is a single sign and the second one is read again.
      if (this.tok.kind === "id") {
        this.pos = p + 2;
        this.tok = { kind: "op", op: c === "+" ? "post++" : "post--" };
        return;
      }
      let q = p + 2;
      while (q < s.length && isBlank(s[q])) q++;
      if (q < s.length && isAlpha(s[q])) {
        this.pos = p + 2;
        this.tok = { kind: "op", op: c + c };
        return;
      }
      if (s[p + 2] !== "=") {
        this.pos = p + 1;
        this.tok = { kind: "op", op: c };
        return;
      }
    }
    for (const op of OPERATORS) {
      if (s.startsWith(op, p)) {
        this.pos = p + op.length;
        this.tok = { kind: "op", op };
        return;
      }
    }
    this.pos = p + 1;
    this.tok = { kind: "op", op: c };
    this.fail("syntax error: operand expected");
  }

  private isOp(op: string): boolean {
    return this.tok.kind === "op" && this.tok.op === op;
  }

  private comma(): bigint {
    let v = this.assign();
    while (this.isOp(",")) {
      this.next();
      v = this.assign();
    }
    return v;
  }

  private assign(): bigint {
    const startTok = this.tok;
    const startPos = this.pos;
    const startLast = this.lastStart;
    if (startTok.kind === "id") {
      // Look ahead: identifier followed by an assignment operator.
      this.next();
      if (this.tok.kind === "op" && ASSIGN_OPS.has(this.tok.op)) {
        const op = this.tok.op;
        this.next();
        const rhs = this.assign();
        if (this.noeval) return rhs;
        let v = rhs;
        if (op !== "=") v = this.binary(op.slice(0, -1), this.variable(startTok.name), rhs);
        this.scope.set(startTok.name, v.toString());
        return v;
      }
      // Not an assignment: rewind and parse as a conditional expression.
      this.pos = startPos;
      this.tok = startTok;
      this.lastStart = startLast;
    }
    const v = this.conditional();
    if (this.tok.kind === "op" && ASSIGN_OPS.has(this.tok.op))
      this.fail("attempted assignment to non-variable");
    return v;
  }

  private conditional(): bigint {
    const cond = this.logicalOr();
    if (!this.isOp("?")) return cond;
    this.next();
    if (cond === 0n) this.noeval++;
    const a = this.comma();
    if (cond === 0n) this.noeval--;
    if (!this.isOp(":")) this.fail("`:' expected for conditional expression");
    this.next();
    if (cond !== 0n) this.noeval++;
    const b = this.conditional();
    if (cond !== 0n) this.noeval--;
    return cond !== 0n ? a : b;
  }

  private logicalOr(): bigint {
    let v = this.logicalAnd();
    while (this.isOp("||")) {
      this.next();
      if (v !== 0n) this.noeval++;
      const r = this.logicalAnd();
      if (v !== 0n) this.noeval--;
      v = v !== 0n || r !== 0n ? 1n : 0n;
    }
    return v;
  }

  private logicalAnd(): bigint {
    let v = this.bitOr();
    while (this.isOp("&&")) {
      this.next();
      if (v === 0n) this.noeval++;
      const r = this.bitOr();
      if (v === 0n) this.noeval--;
      v = v !== 0n && r !== 0n ? 1n : 0n;
    }
    return v;
  }

  private leftAssoc(ops: readonly string[], operand: () => bigint): bigint {
    let v = operand();
    while (this.tok.kind === "op" && ops.includes(this.tok.op)) {
      const op = this.tok.op;
      // bash reports a division by zero with the text after the operator as error token.
      let after = this.pos;
      while (after < this.text.length && isBlank(this.text[after])) after++;
      this.next();
      const r = operand();
      if ((op === "/" || op === "%") && r === 0n && !this.noeval) {
        throw new ArithError(this.shown, "division by 0", this.text.slice(after));
      }
      v = this.noeval ? 0n : this.binary(op, v, r);
    }
    return v;
  }

  private bitOr(): bigint {
    return this.leftAssoc(["|"], () => this.bitXor());
  }

  private bitXor(): bigint {
    return this.leftAssoc(["^"], () => this.bitAnd());
  }

  private bitAnd(): bigint {
    return this.leftAssoc(["&"], () => this.equality());
  }

  private equality(): bigint {
    return this.leftAssoc(["==", "!="], () => this.relational());
  }

  private relational(): bigint {
    return this.leftAssoc(["<=", ">=", "<", ">"], () => this.shift());
  }

  private shift(): bigint {
    return this.leftAssoc(["<<", ">>"], () => this.additive());
  }

  private additive(): bigint {
    return this.leftAssoc(["+", "-"], () => this.multiplicative());
  }

  private multiplicative(): bigint {
    return this.leftAssoc(["*", "/", "%"], () => this.power());
  }

  private power(): bigint {
    const base = this.unary();
    if (!this.isOp("**")) return base;
    this.next();
    const exp = this.power();
    if (this.noeval) return 0n;
    return this.binary("**", base, exp);
  }

  private unary(): bigint {
    if (this.tok.kind === "op") {
      const op = this.tok.op;
      if (op === "!" || op === "~" || op === "-" || op === "+") {
        this.next();
        const v = this.unary();
        if (op === "!") return v === 0n ? 1n : 0n;
        if (op === "~") return wrap64(~v);
        if (op === "-") return wrap64(-v);
        return v;
      }
      if (op === "++" || op === "--") {
        // The lexer only produces these before a name.
        this.next();
        const target = this.tok as Tok;
        if (target.kind !== "id") this.fail("syntax error: operand expected");
        const name = target.name;
        this.next();
        if (this.noeval) return 0n;
        const v = wrap64(this.variable(name) + (op === "++" ? 1n : -1n));
        this.scope.set(name, v.toString());
        return v;
      }
    }
    return this.primary();
  }

  private primary(): bigint {
    const t = this.tok;
    if (t.kind === "op" && t.op === "(") {
      this.next();
      const v = this.comma();
      if (!this.isOp(")")) this.fail("missing `)'");
      this.next();
      return v;
    }
    if (t.kind === "num") {
      const v = parseBashInteger(t.text);
      if (v === "bad-base" || v === null) {
        // bash cuts the expression at the end of the bad number before reporting it.
        const end = this.lastStart + t.text.length;
        const lead = this.text.length - this.text.trimStart().length;
        throw new ArithError(
          this.text.slice(lead, end),
          v === null ? "value too great for base" : "invalid arithmetic base",
          t.text,
        );
      }
      this.next();
      return v;
    }
    if (t.kind === "id") {
      const name = t.name;
      this.next();
      if (this.isOp("post++") || this.isOp("post--")) {
        const op = (this.tok as { op: string }).op;
        this.next();
        if (this.noeval) return 0n;
        const old = this.variable(name);
        this.scope.set(name, wrap64(old + (op === "post++" ? 1n : -1n)).toString());
        return old;
      }
      if (this.isOp("(") || (this.tok.kind === "op" && this.tok.op === "["))
        this.fail("syntax error in expression");
      return this.noeval ? 0n : this.variable(name);
    }
    this.fail("syntax error: operand expected");
  }

  /** A variable's value: its text evaluated as an expression, 0 when unset or empty. */
  private variable(name: string): bigint {
    const raw = this.scope.get(name);
    if (raw === undefined || raw.trim() === "") return 0n;
    if (/^-?[0-9]+$/.test(raw.trim())) {
      const t = raw.trim();
      const neg = t.startsWith("-");
      const v = parseBashInteger(neg ? t.slice(1) : t);
      if (typeof v === "bigint") return neg ? wrap64(-v) : v;
    }
    return new Evaluator(raw, this.scope, this.depth + 1).run();
  }

  private binary(op: string, a: bigint, b: bigint): bigint {
    switch (op) {
      case "+":
        return wrap64(a + b);
      case "-":
        return wrap64(a - b);
      case "*":
        return wrap64(a * b);
      case "/":
      case "%":
        if (b === 0n) this.fail("division by 0");
        // INT64_MIN / -1 overflows in C; bash returns INT64_MIN and 0.
        if (a === INT64_MIN && b === -1n) return op === "/" ? INT64_MIN : 0n;
        return op === "/" ? a / b : a % b;
      case "**": {
        if (b < 0n) this.fail("exponent less than 0");
        let result = 1n;
        let base = a;
        let e = b;
        while (e > 0n) {
          if (e & 1n) result = wrap64(result * base);
          base = wrap64(base * base);
          e >>= 1n;
        }
        return result;
      }
      case "<<":
        return wrap64(a << (b & 63n));
      case ">>":
        return a >> (b & 63n);
      case "<":
        return a < b ? 1n : 0n;
      case ">":
        return a > b ? 1n : 0n;
      case "<=":
        return a <= b ? 1n : 0n;
      case ">=":
        return a >= b ? 1n : 0n;
      case "==":
        return a === b ? 1n : 0n;
      case "!=":
        return a !== b ? 1n : 0n;
      case "&":
        return wrap64(a & b);
      case "|":
        return wrap64(a | b);
      case "^":
        return wrap64(a ^ b);
      default:
        throw new Error(`unknown operator ${op}`);
    }
  }
}
