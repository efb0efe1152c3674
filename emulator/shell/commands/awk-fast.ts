/**
 * A fast path for the small awk programs of the talk (`{ print $2 }`,
 * `/l_export/ { print $3 }`, `/PID:/ {PID=$2;PNAME=$8} /^ ?#/ {print PNAME": "$1" "$3" "$5}`,
 * `{n++} END {print n}`): just-bash's awk interprets every record through async calls and
 * takes most of a second on the 85k-line files of the server_load lab. Programs made only
 * of regex/comparison patterns, assignments, ++/+= and print compile to plain JS closures
 * here; anything else (functions, printf, getline, arrays, field assignment...) goes to
 * just-bash's awk unchanged.
 */
import { defineCommand } from "just-bash";
import { utf8Text } from "../bytes";

/** A value; null is an uninitialized variable ("" and 0 at once). */
type Value = string | number | null;

interface Runtime {
  fields: string[];
  line: string;
  nr: number;
  vars: Map<string, Value>;
  ofs: string;
  ors: string;
  out: string[];
}

type Expr = (rt: Runtime) => Value;
type Stmt = (rt: Runtime) => void;

interface Rule {
  readonly when: "begin" | "main" | "end";
  readonly pattern: Expr | null;
  readonly body: Stmt[] | null;
}

class Unsupported extends Error {}

type Tok =
  | { k: "num"; v: number }
  | { k: "str"; v: string }
  | { k: "re"; v: RegExp }
  | { k: "name"; v: string }
  | { k: "op"; v: string };

const KEYWORDS_UNSUPPORTED = new Set([
  "function",
  "func",
  "getline",
  "printf",
  "next",
  "exit",
  "if",
  "else",
  "while",
  "for",
  "do",
  "delete",
  "in",
  "return",
  "FILENAME",
  "FNR",
  "RS",
  "FS",
  "SUBSEP",
  "RSTART",
  "RLENGTH",
  "CONVFMT",
  "OFMT",
  "ENVIRON",
  "ARGV",
  "ARGC",
  "close",
  "system",
  "length",
  "substr",
  "index",
  "split",
  "sub",
  "gsub",
  "match",
  "sprintf",
  "tolower",
  "toupper",
  "int",
  "sqrt",
  "exp",
  "log",
  "sin",
  "cos",
  "atan2",
  "rand",
  "srand",
  "fflush",
  "nextfile",
]);

/** awk ERE → JS RegExp; null when the translation is not certain. */
function regex(source: string): RegExp {
  if (/\[:|\\[<>yBsSwW`']|\{/.test(source)) throw new Unsupported("regex");
  try {
    return new RegExp(source.replace(/\\\//g, "/"));
  } catch {
    throw new Unsupported("regex");
  }
}

function tokenize(src: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  const regexAllowed = () => {
    const last = toks[toks.length - 1];
    if (!last) return true;
    if (last.k === "op") return !/^[)\]$]$/.test(last.v) && last.v !== "++";
    return false;
  };
  while (i < src.length) {
    const c = src[i];
    if (c === " " || c === "\t") {
      i++;
      continue;
    }
    if (c === "\\" && src[i + 1] === "\n") {
      i += 2;
      continue;
    }
    if (c === "#") {
      while (i < src.length && src[i] !== "\n") i++;
      continue;
    }
    if (c === "\n" || c === ";") {
      toks.push({ k: "op", v: ";" });
      i++;
      continue;
    }
    if (/[0-9.]/.test(c) && /[0-9]/.test(src[i + (c === "." ? 1 : 0)] ?? "")) {
      const m = /^(0[xX][0-9a-fA-F]+|\d*\.?\d+(?:[eE][+-]?\d+)?)/.exec(src.slice(i));
      if (!m || /^0[xX]/.test(m[0])) throw new Unsupported("number");
      toks.push({ k: "num", v: Number(m[0]) });
      i += m[0].length;
      continue;
    }
    if (c === '"') {
      let s = "";
      i++;
      while (i < src.length && src[i] !== '"') {
        if (src[i] === "\\") {
          const n = src[i + 1];
          const esc: Record<string, string> = { n: "\n", t: "\t", "\\": "\\", '"': '"', "/": "/", r: "\r" };
          if (!(n in esc)) throw new Unsupported("escape");
          s += esc[n];
          i += 2;
        } else s += src[i++];
      }
      if (src[i] !== '"') throw new Unsupported("string");
      i++;
      toks.push({ k: "str", v: s });
      continue;
    }
    if (c === "/" && regexAllowed()) {
      let j = i + 1;
      let body = "";
      let inClass = false;
      while (j < src.length && (src[j] !== "/" || inClass)) {
        if (src[j] === "\\") {
          body += src[j] + (src[j + 1] ?? "");
          j += 2;
          continue;
        }
        if (src[j] === "[") inClass = true;
        else if (src[j] === "]") inClass = false;
        else if (src[j] === "\n") throw new Unsupported("regex");
        body += src[j++];
      }
      if (src[j] !== "/") throw new Unsupported("regex");
      toks.push({ k: "re", v: regex(body) });
      i = j + 1;
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i)) as RegExpExecArray;
      if (KEYWORDS_UNSUPPORTED.has(m[0])) throw new Unsupported(m[0]);
      toks.push({ k: "name", v: m[0] });
      i += m[0].length;
      continue;
    }
    const op = [
      "++",
      "--",
      "+=",
      "-=",
      "==",
      "!=",
      "<=",
      ">=",
      "!~",
      "&&",
      "||",
      ">>",
      "{",
      "}",
      "(",
      ")",
      "$",
      "+",
      "-",
      "*",
      "/",
      "%",
      "<",
      ">",
      "=",
      "~",
      "!",
      ",",
    ].find((o) => src.startsWith(o, i));
    if (!op) throw new Unsupported(`char ${c}`);
    toks.push({ k: "op", v: op });
    i += op.length;
  }
  return toks;
}

/** awk's "looks numeric" for field values. */
function strnum(s: string): boolean {
  return /^[ \t\n]*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?[ \t\n]*$/.test(s);
}

function toNum(v: Value): number {
  if (v === null) return 0;
  if (typeof v === "number") return v;
  const m = /^[ \t\n]*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?/.exec(v);
  return m ? Number(m[0]) : 0;
}

function toStr(v: Value): string {
  if (v === null) return "";
  if (typeof v === "string") return v;
  if (Number.isInteger(v)) return String(v);
  return formatG(v);
}

/** %.6g (awk's CONVFMT/OFMT). */
function formatG(v: number): string {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? "nan" : v < 0 ? "-inf" : "inf";
  const exp = v === 0 ? 0 : Math.floor(Math.log10(Math.abs(v)));
  if (exp < -4 || exp >= 6) {
    const [m, e] = v.toExponential(5).split("e");
    const mant = m.replace(/\.?0+$/, "");
    const en = Number(e);
    return `${mant}e${en < 0 ? "-" : "+"}${String(Math.abs(en)).padStart(2, "0")}`;
  }
  return Number(v.toPrecision(6)).toString();
}

function truthy(v: Value): boolean {
  if (v === null) return false;
  if (typeof v === "number") return v !== 0;
  return strnum(v) ? toNum(v) !== 0 : v !== "";
}

/** Compares as a number: numbers, uninitialized values and numeric-looking input. */
function numericLike(v: Value): boolean {
  return v === null || typeof v === "number" || strnum(v);
}

class Parser {
  private i = 0;
  constructor(private readonly t: Tok[]) {}

  private peek(): Tok | undefined {
    return this.t[this.i];
  }

  private isOp(v: string): boolean {
    const t = this.t[this.i];
    return t?.k === "op" && t.v === v;
  }

  private expectOp(v: string): void {
    if (!this.isOp(v)) throw new Unsupported(`expected ${v}`);
    this.i++;
  }

  private skipSemis(): void {
    while (this.isOp(";")) this.i++;
  }

  program(): Rule[] {
    const rules: Rule[] = [];
    this.skipSemis();
    while (this.i < this.t.length) {
      const t = this.peek();
      let when: Rule["when"] = "main";
      let pattern: Expr | null = null;
      if (t?.k === "name" && (t.v === "BEGIN" || t.v === "END")) {
        when = t.v === "BEGIN" ? "begin" : "end";
        this.i++;
      } else if (!this.isOp("{")) pattern = this.expr();
      let body: Stmt[] | null = null;
      if (this.isOp("{")) {
        this.i++;
        body = this.statements();
        this.expectOp("}");
      } else if (when !== "main") throw new Unsupported("BEGIN without action");
      rules.push({ when, pattern, body });
      this.skipSemis();
    }
    return rules;
  }

  private statements(): Stmt[] {
    const out: Stmt[] = [];
    this.skipSemis();
    while (!this.isOp("}")) {
      out.push(this.statement());
      if (!this.isOp("}")) this.expectOp(";");
      this.skipSemis();
    }
    return out;
  }

  private statement(): Stmt {
    const t = this.peek();
    if (t?.k === "name" && t.v === "print") {
      this.i++;
      if (this.isOp(";") || this.isOp("}")) return (rt) => void rt.out.push(rt.line + rt.ors);
      // `print x > "file"`: the > is a redirection, not a comparison.
      for (let k = this.i, depth = 0; k < this.t.length; k++) {
        const tk = this.t[k];
        if (tk.k !== "op") continue;
        if (tk.v === "(") depth++;
        else if (tk.v === ")") depth--;
        else if (depth === 0 && (tk.v === ";" || tk.v === "}")) break;
        else if (depth <= 0 && (tk.v === ">" || tk.v === ">>" || tk.v === "|"))
          throw new Unsupported("print redirection");
      }
      const items = [this.expr()];
      while (this.isOp(",")) {
        this.i++;
        items.push(this.expr());
      }
      if (this.isOp(">") || this.isOp(">>") || this.isOp("|")) throw new Unsupported("print redirection");
      return (rt) => {
        let s = toStr(items[0](rt));
        for (let k = 1; k < items.length; k++) s += rt.ofs + toStr(items[k](rt));
        rt.out.push(s + rt.ors);
      };
    }
    if (t?.k === "name") {
      const name = t.v;
      const next = this.t[this.i + 1];
      if (next?.k === "op" && ["=", "+=", "-=", "++", "--"].includes(next.v)) {
        if (name === "NR" || name === "NF") throw new Unsupported("special assignment");
        this.i += 2;
        if (next.v === "++" || next.v === "--") {
          const d = next.v === "++" ? 1 : -1;
          return (rt) => void rt.vars.set(name, toNum(rt.vars.get(name) ?? 0) + d);
        }
        const e = this.expr();
        if (next.v === "=") {
          if (name === "OFS") return (rt) => void (rt.ofs = toStr(e(rt)));
          if (name === "ORS") return (rt) => void (rt.ors = toStr(e(rt)));
          return (rt) => void rt.vars.set(name, e(rt));
        }
        const sign = next.v === "+=" ? 1 : -1;
        return (rt) => void rt.vars.set(name, toNum(rt.vars.get(name) ?? 0) + sign * toNum(e(rt)));
      }
    }
    throw new Unsupported("statement");
  }

  expr(): Expr {
    return this.or();
  }

  private or(): Expr {
    let left = this.and();
    while (this.isOp("||")) {
      this.i++;
      const l = left;
      const r = this.and();
      left = (rt) => (truthy(l(rt)) || truthy(r(rt)) ? 1 : 0);
    }
    return left;
  }

  private and(): Expr {
    let left = this.match();
    while (this.isOp("&&")) {
      this.i++;
      const l = left;
      const r = this.match();
      left = (rt) => (truthy(l(rt)) && truthy(r(rt)) ? 1 : 0);
    }
    return left;
  }

  private match(): Expr {
    const left = this.comparison();
    if (this.isOp("~") || this.isOp("!~")) {
      const negate = this.isOp("!~");
      this.i++;
      const t = this.peek();
      if (t?.k !== "re") throw new Unsupported("dynamic regex");
      this.i++;
      const re = t.v;
      return (rt) => (re.test(toStr(left(rt))) !== negate ? 1 : 0);
    }
    return left;
  }

  private comparison(): Expr {
    const left = this.concat();
    const t = this.peek();
    if (t?.k === "op" && ["==", "!=", "<", ">", "<=", ">="].includes(t.v)) {
      this.i++;
      const right = this.concat();
      const op = t.v;
      return (rt) => {
        const a = left(rt);
        const b = right(rt);
        const numeric = numericLike(a) && numericLike(b);
        const c = numeric ? toNum(a) - toNum(b) : toStr(a) < toStr(b) ? -1 : toStr(a) > toStr(b) ? 1 : 0;
        switch (op) {
          case "==":
            return c === 0 ? 1 : 0;
          case "!=":
            return c !== 0 ? 1 : 0;
          case "<":
            return c < 0 ? 1 : 0;
          case ">":
            return c > 0 ? 1 : 0;
          case "<=":
            return c <= 0 ? 1 : 0;
          default:
            return c >= 0 ? 1 : 0;
        }
      };
    }
    return left;
  }

  /** Juxtaposition: string concatenation. */
  private concat(): Expr {
    const parts = [this.additive()];
    for (;;) {
      const t = this.peek();
      const starts =
        t !== undefined &&
        (t.k === "num" ||
          t.k === "str" ||
          (t.k === "name" && t.v !== "print") ||
          (t.k === "op" && (t.v === "$" || t.v === "(")));
      if (!starts) break;
      parts.push(this.additive());
    }
    if (parts.length === 1) return parts[0];
    return (rt) => {
      let s = "";
      for (const p of parts) s += toStr(p(rt));
      return s;
    };
  }

  private additive(): Expr {
    let left = this.multiplicative();
    while (this.isOp("+") || this.isOp("-")) {
      const op = (this.peek() as { v: string }).v;
      this.i++;
      const l = left;
      const r = this.multiplicative();
      left = op === "+" ? (rt) => toNum(l(rt)) + toNum(r(rt)) : (rt) => toNum(l(rt)) - toNum(r(rt));
    }
    return left;
  }

  private multiplicative(): Expr {
    let left = this.unary();
    while (this.isOp("*") || this.isOp("/") || this.isOp("%")) {
      const op = (this.peek() as { v: string }).v;
      this.i++;
      const l = left;
      const r = this.unary();
      left = (rt) => {
        const a = toNum(l(rt));
        const b = toNum(r(rt));
        if (op !== "*" && b === 0) throw new Unsupported("division by zero");
        return op === "*" ? a * b : op === "/" ? a / b : a % b;
      };
    }
    return left;
  }

  private unary(): Expr {
    if (this.isOp("-")) {
      this.i++;
      const e = this.unary();
      return (rt) => -toNum(e(rt));
    }
    if (this.isOp("!")) {
      this.i++;
      const e = this.unary();
      return (rt) => (truthy(e(rt)) ? 0 : 1);
    }
    return this.primary();
  }

  private primary(): Expr {
    const t = this.peek();
    if (!t) throw new Unsupported("end of program");
    if (t.k === "re") {
      this.i++;
      const re = t.v;
      return (rt) => (re.test(rt.line) ? 1 : 0);
    }
    if (t.k === "num") {
      this.i++;
      return () => t.v;
    }
    if (t.k === "str") {
      this.i++;
      return () => t.v;
    }
    if (t.k === "op" && t.v === "(") {
      this.i++;
      const e = this.expr();
      this.expectOp(")");
      return e;
    }
    if (t.k === "op" && t.v === "$") {
      this.i++;
      const n = this.peek();
      let index: Expr;
      if (n?.k === "num") {
        this.i++;
        const k = n.v;
        if (k === 0) return (rt) => rt.line;
        return (rt) => rt.fields[k - 1] ?? "";
      }
      if (n?.k === "name") {
        this.i++;
        index = this.nameValue(n.v);
      } else if (n?.k === "op" && n.v === "(") {
        this.i++;
        index = this.expr();
        this.expectOp(")");
      } else throw new Unsupported("field");
      return (rt) => {
        const k = Math.trunc(toNum(index(rt)));
        if (k < 0) throw new Unsupported("negative field");
        return k === 0 ? rt.line : (rt.fields[k - 1] ?? "");
      };
    }
    if (t.k === "name") {
      this.i++;
      if (this.isOp("(")) throw new Unsupported("function call");
      if (this.isOp("++") || this.isOp("--")) {
        const d = this.isOp("++") ? 1 : -1;
        this.i++;
        const name = t.v;
        return (rt) => {
          const old = toNum(rt.vars.get(name) ?? 0);
          rt.vars.set(name, old + d);
          return old;
        };
      }
      return this.nameValue(t.v);
    }
    throw new Unsupported(`token ${t.v}`);
  }

  private nameValue(name: string): Expr {
    if (name === "NR") return (rt) => rt.nr;
    if (name === "NF") return (rt) => rt.fields.length;
    if (name === "OFS") return (rt) => rt.ofs;
    if (name === "ORS") return (rt) => rt.ors;
    return (rt) => rt.vars.get(name) ?? null;
  }
}

export interface FastAwkProgram {
  run(input: string, vars: ReadonlyMap<string, string>, fs: string | null): string;
}

/** Compile `program` if it is in the supported subset; null otherwise. */
export function compileFastAwk(program: string): FastAwkProgram | null {
  let rules: Rule[];
  try {
    rules = new Parser(tokenize(program)).program();
  } catch (e) {
    if (e instanceof Unsupported) return null;
    throw e;
  }
  const begin = rules.filter((r) => r.when === "begin");
  const main = rules.filter((r) => r.when === "main");
  const end = rules.filter((r) => r.when === "end");
  return {
    run(input, vars, fs) {
      const rt: Runtime = { fields: [], line: "", nr: 0, vars: new Map(vars), ofs: " ", ors: "\n", out: [] };
      const split = fieldSplitter(fs);
      for (const r of begin) for (const s of r.body ?? []) s(rt);
      if (main.length || end.length) {
        let start = 0;
        const len = input.length;
        while (start < len) {
          let eol = input.indexOf("\n", start);
          if (eol < 0) eol = len;
          rt.line = input.slice(start, eol);
          rt.fields = split(rt.line);
          rt.nr++;
          for (const r of main) {
            if (r.pattern && !truthy(r.pattern(rt))) continue;
            if (r.body) for (const s of r.body) s(rt);
            else rt.out.push(rt.line + rt.ors);
          }
          start = eol + 1;
        }
      }
      for (const r of end) for (const s of r.body ?? []) s(rt);
      return rt.out.join("");
    },
  };
}

function fieldSplitter(fs: string | null): (line: string) => string[] {
  if (fs === null || fs === " ") {
    return (line) => {
      const t = line.trim();
      return t === "" ? [] : t.split(/[ \t]+/);
    };
  }
  if (fs === "\t" || fs.length === 1) {
    return (line) => (line === "" ? [] : line.split(fs));
  }
  const re = regex(fs);
  return (line) => (line === "" ? [] : line.split(re));
}

/** awk, taking the fast path when it can and just-bash's awk otherwise. */
export const awkCommand = defineCommand("awk", async (args, ctx) => {
  const fallback = () =>
    ctx.origCommand
      ? ctx.origCommand(args)
      : Promise.resolve({ stdout: "", stderr: "awk: unavailable\n", exitCode: 2 });
  let fs: string | null = null;
  const vars = new Map<string, string>();
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i];
    if (a === "--") {
      i++;
      break;
    }
    if (a === "-F" || a === "-v") {
      const v = args[++i];
      if (v === undefined) return fallback();
      if (a === "-F") fs = v === "t" ? "\t" : v.replace(/\\t/g, "\t");
      else {
        const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(v);
        if (!m || m[2].includes("\\")) return fallback();
        vars.set(m[1], m[2]);
      }
    } else if (a.startsWith("-F") && a.length > 2)
      fs = a.slice(2) === "t" ? "\t" : a.slice(2).replace(/\\t/g, "\t");
    else if (a.startsWith("-v") && a.length > 2) {
      const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(a.slice(2));
      if (!m || m[2].includes("\\")) return fallback();
      vars.set(m[1], m[2]);
    } else if (a.startsWith("-") && a !== "-") return fallback();
    else break;
  }
  const program = args[i];
  const files = args.slice(i + 1);
  if (program === undefined || files.some((f) => f.includes("="))) return fallback();
  const compiled = compileFastAwk(program);
  if (!compiled) return fallback();
  let input = "";
  if (files.length === 0) input = utf8Text(ctx.stdin);
  else {
    for (const f of files) {
      if (f === "-") {
        input += utf8Text(ctx.stdin);
        continue;
      }
      try {
        const text = await ctx.fs.readFile(ctx.fs.resolvePath(ctx.cwd, f));
        input += text.endsWith("\n") || text === "" ? text : `${text}\n`;
      } catch {
        return fallback();
      }
    }
  }
  try {
    return { stdout: compiled.run(input, vars, fs), stderr: "", exitCode: 0 };
  } catch (e) {
    if (e instanceof Unsupported) return fallback();
    throw e;
  }
});
