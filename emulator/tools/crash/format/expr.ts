/**
 * A small C expression evaluator for `p`, `whatis` and address arguments, standing in for the
 * expressions crash hands to gdb: integer arithmetic, symbols (as lvalues of their declared
 * type), enumerators, casts such as `(struct ldlm_lock *)0xffff917c62522f40`, `->`, `.`, `[i]`,
 * unary `*`/`&`, `sizeof`, and gdb's value history `$`, `$N`.
 */
import { FaultError, type Program } from "../../../kernel/program";
import type { KernelSymbol } from "../../../kernel/symbols";
import {
  type BoolType,
  findMember,
  type IntType,
  type PointerType,
  sizeOf,
  stripTypedefs,
  type Type,
  typeName,
  VOID,
} from "../../../kernel/types";
import { type BitField, decodeInt } from "./gdbvalue";

/** A value as gdb holds it: an object in memory (lvalue) or a computed scalar. */
export interface TypedValue {
  readonly type: Type;
  /** Address of the object when it lives in kernel memory. */
  readonly address?: bigint;
  /** The scalar value when it was computed rather than read. */
  readonly value?: bigint;
  readonly bits?: BitField;
  /** The text symbol this value names, for `{<text variable, no debug info>} 0x... <sym>`. */
  readonly textSymbol?: KernelSymbol;
}

/** An error gdb reports as its own message (`No symbol "x" in current context.`). */
export class GdbError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "GdbError";
  }
}

export interface ExprContext {
  readonly prog: Program;
  /** gdb value history lookup: $N (1-based), or the last value for index undefined. */
  history(index?: number): TypedValue | undefined;
  /** How many values are in the history. */
  historyCount(): number;
  /** When true, a symbol evaluates to its address (crash's own argument evaluator). */
  readonly symbolsAsAddresses?: boolean;
  /** Explain mode: called for each member access with where it reads and what it finds. */
  readonly record?: (what: string, address: bigint, offset: number, value: string) => void;
}

type Tok =
  | { k: "num"; v: bigint; text: string }
  | { k: "id"; v: string }
  | { k: "p"; v: string }
  | { k: "hist"; v: number | undefined; back?: boolean }
  | { k: "chr"; v: bigint };

const PUNCT = [
  "->",
  "<<",
  ">>",
  "<=",
  ">=",
  "==",
  "!=",
  "&&",
  "||",
  "(",
  ")",
  "[",
  "]",
  ".",
  "*",
  "&",
  "+",
  "-",
  "~",
  "!",
  "/",
  "%",
  "<",
  ">",
  "^",
  "|",
  "?",
  ":",
  ",",
];

function tokenize(s: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (c === " " || c === "\t") {
      i++;
      continue;
    }
    const num = /^(0[xX][0-9a-fA-F]+|\d+)([uUlL]*)/.exec(s.slice(i));
    if (num) {
      const text = num[1];
      const v = /^0[xX]/.test(text)
        ? BigInt(text)
        : text.length > 1 && text.startsWith("0")
          ? BigInt(`0o${text.slice(1)}`)
          : BigInt(text);
      out.push({ k: "num", v, text });
      i += num[0].length;
      continue;
    }
    const id = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(s.slice(i));
    if (id) {
      // Symbols may contain dots (ll_put_grouplock.isra.46); member access is split later.
      out.push({ k: "id", v: id[0] });
      i += id[0].length;
      continue;
    }
    if (c === "$") {
      // $N is absolute; $$N counts back from the last value ($$ = $$1, $$0 = $).
      const h = /^\$(\$?)(\d*)/.exec(s.slice(i))!;
      out.push({ k: "hist", v: h[2] === "" ? undefined : Number(h[2]), back: h[1] === "$" });
      i += h[0].length;
      continue;
    }
    if (c === "'") {
      const m = /^'(\\?.)'/.exec(s.slice(i));
      if (!m) throw new GdbError("Unmatched single quote.");
      const ch =
        m[1].length === 2
          ? (({ n: 10, t: 9, "0": 0, r: 13 } as Record<string, number>)[m[1][1]] ?? m[1].charCodeAt(1))
          : m[1].charCodeAt(0);
      out.push({ k: "chr", v: BigInt(ch) });
      i += m[0].length;
      continue;
    }
    const p = PUNCT.find((x) => s.startsWith(x, i));
    if (!p) throw new GdbError(`Invalid character '${c}' in expression.`);
    out.push({ k: "p", v: p });
    i += p.length;
  }
  return out;
}

const BASE_WORDS = new Set([
  "unsigned",
  "signed",
  "char",
  "short",
  "int",
  "long",
  "_Bool",
  "void",
  "float",
  "double",
]);

export class ExprEvaluator {
  private toks: Tok[] = [];
  private i = 0;

  constructor(private readonly ctx: ExprContext) {}

  get prog(): Program {
    return this.ctx.prog;
  }

  evaluate(text: string): TypedValue {
    this.toks = this.splitDottedIdentifiers(tokenize(text));
    this.i = 0;
    if (this.toks.length === 0) throw new GdbError("Argument required (expression to compute).");
    const v = this.comma();
    if (this.i < this.toks.length)
      throw new GdbError(`A syntax error in expression, near \`${this.rest()}'.`);
    return v;
  }

  /** Parse a type name such as `struct ldlm_lock *` (for sizeof, casts, whatis). */
  parseTypeName(text: string): Type | undefined {
    this.toks = tokenize(text);
    this.i = 0;
    const t = this.tryType();
    if (!t || this.i < this.toks.length) return undefined;
    return t;
  }

  /** `a.b` is one identifier token when `a.b` is a symbol (module-local aliases), else three tokens. */
  private splitDottedIdentifiers(toks: Tok[]): Tok[] {
    const out: Tok[] = [];
    for (const t of toks) {
      if (t.k === "id" && t.v.includes(".") && !this.prog.symbols.lookup(t.v)) {
        const parts = t.v.split(".");
        parts.forEach((p, n) => {
          if (n) out.push({ k: "p", v: "." });
          if (p) out.push({ k: "id", v: p });
        });
      } else out.push(t);
    }
    return out;
  }

  private rest(): string {
    return this.toks
      .slice(this.i)
      .map((t) =>
        t.k === "num" ? t.text : t.k === "hist" ? `${t.back ? "$$" : "$"}${t.v ?? ""}` : String(t.v),
      )
      .join("");
  }

  private peek(v?: string): Tok | undefined {
    const t = this.toks[this.i];
    if (v === undefined) return t;
    return t && t.k === "p" && t.v === v ? t : undefined;
  }

  private eat(v: string): boolean {
    if (this.peek(v)) {
      this.i++;
      return true;
    }
    return false;
  }

  private expect(v: string): void {
    if (!this.eat(v)) throw new GdbError(`A syntax error in expression, near \`${this.rest()}'.`);
  }

  // --- types -------------------------------------------------------------------------------
  private int(name: string): IntType {
    return this.prog.types.base(name) as IntType;
  }

  private tryType(): Type | undefined {
    const save = this.i;
    const t = this.peek();
    if (t?.k !== "id") return undefined;
    let base: Type | undefined;
    const reg = this.prog.types;
    if (t.v === "struct" || t.v === "union" || t.v === "enum") {
      this.i++;
      const n = this.toks[this.i++];
      if (n?.k !== "id") throw new GdbError("A syntax error in expression, near `'.");
      base =
        t.v === "struct" ? reg.structs.get(n.v) : t.v === "union" ? reg.unions.get(n.v) : reg.enums.get(n.v);
      if (!base) throw new GdbError(`No ${t.v} type named ${n.v}.`);
    } else if (BASE_WORDS.has(t.v)) {
      const words: string[] = [];
      while (this.peek()?.k === "id" && BASE_WORDS.has((this.peek() as { v: string }).v))
        words.push((this.toks[this.i++] as { v: string }).v);
      base = baseType(this.prog, words);
    } else if (reg.typedefs.has(t.v) && !this.prog.symbols.lookup(t.v)) {
      this.i++;
      base = reg.typedefs.get(t.v);
    } else {
      this.i = save;
      return undefined;
    }
    let ty = base!;
    while (this.eat("*")) ty = { kind: "pointer", target: ty } satisfies PointerType;
    return ty;
  }

  // --- grammar -----------------------------------------------------------------------------
  private comma(): TypedValue {
    let v = this.ternary();
    while (this.eat(",")) v = this.ternary();
    return v;
  }

  private ternary(): TypedValue {
    const c = this.binary(0);
    if (!this.eat("?")) return c;
    const a = this.comma();
    this.expect(":");
    const b = this.ternary();
    return this.scalar(c) !== 0n ? a : b;
  }

  private static readonly LEVELS: string[][] = [
    ["||"],
    ["&&"],
    ["|"],
    ["^"],
    ["&"],
    ["==", "!="],
    ["<", ">", "<=", ">="],
    ["<<", ">>"],
    ["+", "-"],
    ["*", "/", "%"],
  ];

  private binary(level: number): TypedValue {
    if (level >= ExprEvaluator.LEVELS.length) return this.unary();
    let left = this.binary(level + 1);
    for (;;) {
      const t = this.peek();
      if (t?.k !== "p" || !ExprEvaluator.LEVELS[level].includes(t.v)) return left;
      this.i++;
      const right = this.binary(level + 1);
      left = this.applyBinary(t.v, left, right);
    }
  }

  private unary(): TypedValue {
    const t = this.peek();
    if (t?.k === "p") {
      switch (t.v) {
        case "-": {
          this.i++;
          const v = this.unary();
          return this.arith(v, -this.scalar(v));
        }
        case "+":
          this.i++;
          return this.unary();
        case "~": {
          this.i++;
          const v = this.unary();
          return this.arith(v, ~this.scalar(v));
        }
        case "!": {
          this.i++;
          const v = this.unary();
          return { type: this.int("int"), value: this.scalar(v) === 0n ? 1n : 0n };
        }
        case "*": {
          this.i++;
          return this.deref(this.unary());
        }
        case "&": {
          this.i++;
          const v = this.unary();
          if (v.textSymbol) return { type: { kind: "pointer", target: v.type }, value: v.textSymbol.address };
          if (v.address === undefined || v.bits)
            throw new GdbError("Attempt to take address of value not located in memory.");
          return { type: { kind: "pointer", target: v.type }, value: v.address };
        }
        case "(": {
          const save = this.i;
          this.i++;
          const ty = this.tryType();
          if (ty && this.eat(")")) return this.cast(ty, this.unary());
          this.i = save;
          break;
        }
      }
    }
    if (t?.k === "id" && t.v === "sizeof") {
      this.i++;
      if (this.peek("(")) {
        const save = this.i;
        this.i++;
        const ty = this.tryType();
        if (ty && this.eat(")")) return { type: this.int("unsigned long"), value: BigInt(sizeOf(ty)) };
        this.i = save;
      }
      const v = this.unary();
      return { type: this.int("unsigned long"), value: BigInt(sizeOf(v.type)) };
    }
    return this.postfix(this.primary());
  }

  private postfix(v: TypedValue): TypedValue {
    for (;;) {
      if (this.eat("[")) {
        const idx = this.scalar(this.comma());
        this.expect("]");
        const t = stripTypedefs(v.type);
        if (t.kind === "array") {
          if (v.address === undefined)
            throw new GdbError("Attempt to take address of value not located in memory.");
          v = { type: t.element, address: v.address + idx * BigInt(sizeOf(t.element)) };
        } else if (t.kind === "pointer") {
          v = { type: t.target, address: this.scalar(v) + idx * BigInt(sizeOf(t.target)) };
        } else throw new GdbError("cannot subscript something of type `" + typeName(v.type) + "'");
        continue;
      }
      if (this.peek(".") || this.peek("->")) {
        const arrow = this.peek("->") !== undefined;
        this.i++;
        const n = this.toks[this.i++];
        if (n?.k !== "id") throw new GdbError(`A syntax error in expression, near \`${this.rest()}'.`);
        let obj = v;
        if (arrow) {
          const pt = stripTypedefs(v.type);
          if (pt.kind !== "pointer")
            throw new GdbError(`The -> operator must be applied to a pointer value.`);
          obj = this.deref(v);
        }
        v = this.member(obj, n.v);
        continue;
      }
      return v;
    }
  }

  private member(obj: TypedValue, name: string): TypedValue {
    let t = stripTypedefs(obj.type);
    if (t.kind === "pointer") {
      obj = this.deref(obj);
      t = stripTypedefs(obj.type);
    }
    if (t.kind !== "struct" && t.kind !== "union")
      throw new GdbError(
        `Attempt to extract a component of a value that is not a structure${t.kind === "pointer" ? " pointer" : ""}.`,
      );
    const m = findMember(t, name);
    if (!m) throw new GdbError(`There is no member named ${name}.`);
    if (obj.address === undefined)
      throw new GdbError("Attempt to take address of value not located in memory.");
    const bits = m.bitSize !== undefined ? { bitOffset: m.bitOffset ?? 0, bitSize: m.bitSize } : undefined;
    const address = obj.address + BigInt(m.offset);
    if (this.ctx.record) {
      const mt = stripTypedefs(m.type);
      let value = typeName(m.type);
      if (mt.kind === "pointer" || mt.kind === "int" || mt.kind === "enum" || mt.kind === "bool") {
        try {
          value = `0x${BigInt.asUintN(64, readScalarAt(this.prog, address, m.type, bits)).toString(16)}`;
        } catch {
          value = "(unreadable)";
        }
      }
      this.ctx.record(`${t.name ?? typeName(obj.type)}.${name}`, address, m.offset, value);
    }
    return { type: m.type, address, bits };
  }

  private primary(): TypedValue {
    const t = this.toks[this.i++];
    if (!t) throw new GdbError("A syntax error in expression, near `'.");
    switch (t.k) {
      case "num":
        return { type: literalType(this.prog, t.v, t.text), value: t.v };
      case "chr":
        return { type: this.int("char"), value: t.v };
      case "hist": {
        if (t.back) {
          const n = t.v ?? 1;
          const abs = this.ctx.historyCount() - n;
          if (abs <= 0)
            throw new GdbError(n === 0 ? "History is empty." : `History does not go back to $$${n}.`);
          return this.ctx.history(abs)!;
        }
        const h = this.ctx.history(t.v);
        if (!h) {
          if (t.v === undefined || this.ctx.historyCount() === 0) throw new GdbError("History is empty.");
          throw new GdbError(`History has not yet reached $${t.v}.`);
        }
        return h;
      }
      case "id":
        return this.identifier(t.v);
      case "p":
        if (t.v === "(") {
          const v = this.comma();
          this.expect(")");
          return v;
        }
        break;
    }
    this.i--;
    throw new GdbError(`A syntax error in expression, near \`${this.rest()}'.`);
  }

  private identifier(name: string): TypedValue {
    const en = this.prog.types.enumerators.get(name);
    if (en) return { type: en[1], value: en[0] };
    const sym = this.prog.symbols.lookup(name);
    if (!sym) throw new GdbError(`No symbol "${name}" in current context.`);
    if (this.ctx.symbolsAsAddresses) return { type: this.int("unsigned long"), value: sym.address };
    const isTextSym = sym.kind === "T" || sym.kind === "t" || sym.kind === "W";
    if (isTextSym)
      return {
        type: sym.type ?? { kind: "function", returnType: this.int("int"), params: [], variadic: false },
        textSymbol: sym,
      };
    // gdb treats a data symbol without debuginfo as an int.
    return { type: sym.type ?? this.int("int"), address: sym.address };
  }

  // --- semantics ---------------------------------------------------------------------------
  /** The scalar value of v (reading memory for lvalues). */
  scalar(v: TypedValue): bigint {
    if (v.value !== undefined) return v.value;
    if (v.textSymbol) return v.textSymbol.address;
    const t = stripTypedefs(v.type);
    if (v.address === undefined) throw new GdbError("value has no contents");
    switch (t.kind) {
      case "array":
      case "function":
        return v.address;
      case "struct":
      case "union":
        throw new GdbError("Argument to arithmetic operation not a number or boolean.");
      default:
        return readScalarAt(this.prog, v.address, t, v.bits);
    }
  }

  private deref(v: TypedValue): TypedValue {
    const t = stripTypedefs(v.type);
    if (t.kind === "array") return { type: t.element, address: v.address };
    if (t.kind !== "pointer") throw new GdbError("Attempt to take contents of a non-pointer value.");
    const target = stripTypedefs(t.target);
    if (target.kind === "void") throw new GdbError("Attempt to take contents of a non-pointer value.");
    if (target.kind === "function") {
      const a = this.scalar(v);
      const r = this.prog.symbols.resolve(a);
      return { type: t.target, textSymbol: r && r.offset === 0 ? r.symbol : undefined, address: a };
    }
    return { type: t.target, address: this.scalar(v) };
  }

  private cast(ty: Type, v: TypedValue): TypedValue {
    const t = stripTypedefs(ty);
    if (t.kind === "struct" || t.kind === "union") {
      if (v.address === undefined) throw new GdbError("Invalid cast.");
      return { type: ty, address: v.address };
    }
    const raw = this.scalar(v);
    const size = sizeOf(t);
    let value = BigInt.asUintN(size * 8, raw);
    if (t.kind === "int" && t.signed) value = BigInt.asIntN(size * 8, raw);
    return { type: ty, value };
  }

  private arith(like: TypedValue, v: bigint): TypedValue {
    const t = stripTypedefs(like.type);
    const ty: Type = t.kind === "int" && t.size >= 4 ? t : this.int("int");
    return { type: ty, value: wrap(ty, v) };
  }

  private applyBinary(op: string, a: TypedValue, b: TypedValue): TypedValue {
    const ta = stripTypedefs(a.type);
    const tb = stripTypedefs(b.type);
    const isPtr = (t: Type) => t.kind === "pointer" || t.kind === "array";
    if ((op === "+" || op === "-") && isPtr(ta) && !isPtr(tb)) {
      const target = ta.kind === "pointer" ? ta.target : (ta as { element: Type }).element;
      const step = BigInt(Math.max(1, sizeOf(target)));
      const base = this.scalar(a);
      const n = this.scalar(b);
      return {
        type: ta.kind === "pointer" ? a.type : { kind: "pointer", target },
        value: BigInt.asUintN(64, op === "+" ? base + n * step : base - n * step),
      };
    }
    if (op === "+" && isPtr(tb) && !isPtr(ta)) return this.applyBinary("+", b, a);
    if (op === "-" && isPtr(ta) && isPtr(tb)) {
      const target = ta.kind === "pointer" ? ta.target : VOID;
      return {
        type: this.int("long"),
        value: (this.scalar(a) - this.scalar(b)) / BigInt(Math.max(1, sizeOf(target))),
      };
    }
    const x = this.scalar(a);
    const y = this.scalar(b);
    const rt = resultType(this.prog, ta, tb);
    const unsigned = rt.kind === "int" && !rt.signed;
    const sx = unsigned ? BigInt.asUintN(rt.size * 8, x) : x;
    const sy = unsigned ? BigInt.asUintN(rt.size * 8, y) : y;
    const bool = (c: boolean) => ({ type: this.int("int"), value: c ? 1n : 0n });
    switch (op) {
      case "+":
        return { type: rt, value: wrap(rt, sx + sy) };
      case "-":
        return { type: rt, value: wrap(rt, sx - sy) };
      case "*":
        return { type: rt, value: wrap(rt, sx * sy) };
      case "/":
        if (sy === 0n) throw new GdbError("Division by zero");
        return { type: rt, value: wrap(rt, sx / sy) };
      case "%":
        if (sy === 0n) throw new GdbError("Division by zero");
        return { type: rt, value: wrap(rt, sx % sy) };
      case "<<":
        return { type: rt, value: wrap(rt, sx << sy) };
      case ">>":
        return { type: rt, value: wrap(rt, sx >> sy) };
      case "&":
        return { type: rt, value: wrap(rt, sx & sy) };
      case "|":
        return { type: rt, value: wrap(rt, sx | sy) };
      case "^":
        return { type: rt, value: wrap(rt, sx ^ sy) };
      case "==":
        return bool(sx === sy);
      case "!=":
        return bool(sx !== sy);
      case "<":
        return bool(sx < sy);
      case ">":
        return bool(sx > sy);
      case "<=":
        return bool(sx <= sy);
      case ">=":
        return bool(sx >= sy);
      case "&&":
        return bool(sx !== 0n && sy !== 0n);
      case "||":
        return bool(sx !== 0n || sy !== 0n);
    }
    throw new GdbError(`A syntax error in expression, near \`${op}'.`);
  }
}

function wrap(t: Type, v: bigint): bigint {
  const s = stripTypedefs(t);
  if (s.kind !== "int") return v;
  return s.signed ? BigInt.asIntN(s.size * 8, v) : BigInt.asUintN(s.size * 8, v);
}

/** C's usual arithmetic conversions, reduced to the integer types crash expressions use. */
function resultType(prog: Program, a: Type, b: Type): IntType {
  const norm = (t: Type): IntType => {
    if (t.kind === "int" && t.size >= 4) return t;
    if (t.kind === "pointer") return prog.types.base("unsigned long") as IntType;
    return prog.types.base("int") as IntType;
  };
  const x = norm(a);
  const y = norm(b);
  const size = Math.max(x.size, y.size);
  const unsigned = (x.size === size && !x.signed) || (y.size === size && !y.signed);
  return prog.types.base(`${unsigned ? "unsigned " : ""}${size === 8 ? "long" : "int"}`) as IntType;
}

/** gdb's type for an integer literal: int, unsigned int, long or unsigned long, whichever holds it. */
function literalType(prog: Program, v: bigint, text: string): IntType {
  const hexOrOctal = /^0/.test(text) && text !== "0";
  if (v <= 0x7fffffffn) return prog.types.base("int") as IntType;
  if (hexOrOctal && v <= 0xffffffffn) return prog.types.base("unsigned int") as IntType;
  if (v <= 0x7fffffffffffffffn) return prog.types.base("long") as IntType;
  return prog.types.base("unsigned long") as IntType;
}

function baseType(prog: Program, words: string[]): Type {
  if (words.length === 1 && words[0] === "void") return VOID;
  let unsigned = false;
  let longs = 0;
  let core = "";
  for (const w of words) {
    if (w === "unsigned") unsigned = true;
    else if (w === "long") longs++;
    else if (w !== "signed") core = w;
  }
  if (core === "_Bool") return prog.types.base("_Bool") as BoolType;
  if (core === "float" || core === "double") return prog.types.base(core);
  if (core === "char") return prog.types.base(unsigned ? "unsigned char" : "char");
  if (core === "short") return prog.types.base(unsigned ? "unsigned short" : "short");
  const size = longs === 0 ? "int" : longs === 1 ? "long" : "long long";
  return prog.types.base(unsigned ? `unsigned ${size}` : size);
}

/** Read a scalar (int, enum, bool, pointer; bitfields too) at addr. */
export function readScalarAt(prog: Program, addr: bigint, type: Type, bits?: BitField): bigint {
  const t = stripTypedefs(type);
  const size = t.kind === "pointer" ? 8 : sizeOf(t);
  const bytes = prog.mem.readBytes(addr, size);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const signed = t.kind === "int" && t.signed;
  let v = decodeInt(view, 0, size, signed && !bits);
  if (bits) {
    v = (BigInt.asUintN(size * 8, v) >> BigInt(bits.bitOffset)) & ((1n << BigInt(bits.bitSize)) - 1n);
    if (signed && v >> BigInt(bits.bitSize - 1)) v -= 1n << BigInt(bits.bitSize);
  }
  return v;
}

export { FaultError };
