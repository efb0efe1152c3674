/**
 * Reads type definitions written as data, in the shape crash's `struct -o` prints them:
 *
 *   struct ldlm_resource {
 *     [0x0] struct ldlm_ns_bucket *lr_ns_bucket;
 *     [0x18] atomic_t lr_refcount;
 *     union {
 *       [0x60] struct interval_node *lr_itree;
 *       [0x60] void *lr_ibits_queues;
 *     };
 *   } SIZE 0xb0;
 *   enum ldlm_mode { LCK_MINMODE = 0, LCK_EX = 1 };
 *   typedef unsigned long long __u64;
 *
 * Offsets inside anonymous blocks are absolute (from the outer struct), as crash shows them.
 * A member without `[off]` follows the previous one with natural alignment.
 */
import {
  type ArrayType,
  alignOf,
  type EnumType,
  type FunctionType,
  type Member,
  type PointerType,
  type StructType,
  sizeOf,
  type Type,
  type TypeRegistry,
  VOID,
} from "./types";

const BASE_WORDS = new Set([
  "unsigned",
  "signed",
  "char",
  "short",
  "int",
  "long",
  "_Bool",
  "float",
  "double",
  "void",
]);
const QUALIFIERS = new Set(["const", "volatile", "__restrict", "restrict"]);

class Tokens {
  private i = 0;
  constructor(private readonly toks: string[]) {}
  peek(k = 0): string | undefined {
    return this.toks[this.i + k];
  }
  next(): string {
    const t = this.toks[this.i++];
    if (t === undefined) throw new Error("unexpected end of type text");
    return t;
  }
  eat(t: string): boolean {
    if (this.toks[this.i] === t) {
      this.i++;
      return true;
    }
    return false;
  }
  expect(t: string): void {
    const got = this.next();
    if (got !== t)
      throw new Error(
        `expected '${t}' but found '${got}' near token ${this.i}: ${this.toks.slice(Math.max(0, this.i - 8), this.i + 3).join(" ")}`,
      );
  }
  get done(): boolean {
    return this.i >= this.toks.length;
  }
}

function tokenize(text: string): string[] {
  const noComments = text.replace(/\/\*[\s\S]*?\*\//g, " ").replace(/\/\/[^\n]*/g, " ");
  return noComments.match(/0x[0-9a-fA-F]+|-?\d+|[A-Za-z_][A-Za-z0-9_]*|\.\.\.|[{}[\]();,*:=]/g) ?? [];
}

function num(t: string): number {
  return t.startsWith("0x") ? Number.parseInt(t, 16) : Number.parseInt(t, 10);
}

function alignUp(n: number, a: number): number {
  return Math.ceil(n / a) * a;
}

export function defineTypes(reg: TypeRegistry, text: string): void {
  const tk = new Tokens(tokenize(text));
  while (!tk.done) {
    if (tk.eat(";")) continue;
    const t = tk.peek();
    if (t === "typedef") parseTypedef(reg, tk);
    else if (t === "enum") parseEnumDef(reg, tk);
    else if (t === "struct" || t === "union") parseStructDef(reg, tk);
    else throw new Error(`unexpected '${t}' in type definitions`);
  }
}

function parseTypedef(reg: TypeRegistry, tk: Tokens): void {
  tk.expect("typedef");
  let base: Type;
  if ((tk.peek() === "struct" || tk.peek() === "union") && tk.peek(1) === "{") {
    const kind = tk.next() as "struct" | "union";
    base = parseBody(reg, tk, { kind, name: null, size: 0, members: [], complete: false }, 0);
  } else if (tk.peek() === "enum" && tk.peek(1) === "{") {
    tk.next();
    const e: EnumType = { kind: "enum", name: null, size: 4, enumerators: [], complete: false };
    parseEnumBody(reg, tk, e);
    base = e;
  } else base = parseTypeExpr(reg, tk);
  const { type, name } = parseDeclarator(reg, tk, base);
  tk.expect(";");
  const existing = reg.typedefs.get(name);
  if (existing) existing.target = type;
  else reg.typedefs.set(name, { kind: "typedef", name, target: type });
}

function parseEnumDef(reg: TypeRegistry, tk: Tokens): void {
  tk.expect("enum");
  const name = tk.next();
  const e = reg.enum(name);
  parseEnumBody(reg, tk, e);
  tk.eat(";");
}

function parseEnumBody(reg: TypeRegistry, tk: Tokens, e: EnumType): void {
  tk.expect("{");
  let value = 0n;
  while (!tk.eat("}")) {
    const id = tk.next();
    if (tk.eat("=")) value = BigInt(tk.next());
    e.enumerators.push([id, value]);
    reg.enumerators.set(id, [value, e]);
    value += 1n;
    tk.eat(",");
  }
  e.complete = true;
}

function parseStructDef(reg: TypeRegistry, tk: Tokens): void {
  const kind = tk.next() as "struct" | "union";
  const name = tk.next();
  const s = kind === "struct" ? reg.struct(name) : reg.union(name);
  parseBody(reg, tk, s, 0);
  tk.eat(";");
}

/** Parses `{ members } [SIZE n]` into s. `base` is s's absolute offset in the outermost struct. */
function parseBody(reg: TypeRegistry, tk: Tokens, s: StructType, base: number): StructType {
  tk.expect("{");
  const members: Member[] = [];
  let cursor = 0; // relative
  let bitUnit: { offset: number; used: number; size: number } | null = null;
  while (!tk.eat("}")) {
    let explicit: number | null = null;
    if (tk.eat("[")) {
      explicit = num(tk.next()) - base;
      tk.expect("]");
    }
    if ((tk.peek() === "struct" || tk.peek() === "union") && tk.peek(1) === "{") {
      // Anonymous (or named-member) nested block: its members carry absolute offsets.
      const kind = tk.next() as "struct" | "union";
      const inner: StructType = { kind, name: null, size: 0, members: [], complete: false };
      const start = explicit ?? peekFirstOffset(tk, base) ?? alignUp(cursor, 8);
      parseBody(reg, tk, inner, base + start);
      let memberName: string | null = null;
      if (tk.peek() !== ";") memberName = tk.next();
      tk.expect(";");
      members.push({ name: memberName, type: inner, offset: start });
      cursor = s.kind === "struct" ? start + inner.size : cursor;
      bitUnit = null;
      continue;
    }
    const baseType = parseTypeExpr(reg, tk);
    // A comma-separated list of declarators shares the base type.
    for (;;) {
      const { type, name } = parseDeclarator(reg, tk, baseType);
      if (tk.eat(":")) {
        const bits = num(tk.next());
        const unitSize = sizeOf(type);
        if (!bitUnit || explicit !== null || bitUnit.used + bits > unitSize * 8) {
          const off = explicit ?? (s.kind === "union" ? 0 : alignUp(cursor, Math.min(unitSize, 8)));
          bitUnit = { offset: off, used: 0, size: unitSize };
          cursor = s.kind === "struct" ? off + unitSize : cursor;
        }
        members.push({ name, type, offset: bitUnit.offset, bitOffset: bitUnit.used, bitSize: bits });
        bitUnit.used += bits;
      } else {
        bitUnit = null;
        const off = explicit ?? (s.kind === "union" ? 0 : alignUp(cursor, alignOf(type)));
        members.push({ name, type, offset: off });
        if (s.kind === "struct") cursor = off + sizeOf(type);
      }
      explicit = null;
      if (!tk.eat(",")) break;
    }
    tk.expect(";");
  }
  s.members = members;
  let size = 0;
  for (const m of members) size = Math.max(size, m.offset + sizeOf(m.type));
  if (tk.peek() === "SIZE") {
    tk.next();
    s.size = num(tk.next());
  } else s.size = members.length ? alignUp(size, alignOf(s)) : 0;
  s.complete = true;
  return s;
}

/** The first `[off]` inside the block that starts at the current `{`, made relative to base. */
function peekFirstOffset(tk: Tokens, base: number): number | null {
  for (let k = 1; k < 8; k++) {
    if (tk.peek(k) === "[") return num(tk.peek(k + 1)!) - base;
    if (tk.peek(k) === ";" || tk.peek(k) === undefined) break;
  }
  return null;
}

function parseTypeExpr(reg: TypeRegistry, tk: Tokens): Type {
  while (QUALIFIERS.has(tk.peek() ?? "")) tk.next();
  const t = tk.peek();
  if (t === "struct") {
    tk.next();
    return reg.struct(tk.next());
  }
  if (t === "union") {
    tk.next();
    return reg.union(tk.next());
  }
  if (t === "enum") {
    tk.next();
    return reg.enum(tk.next());
  }
  if (t !== undefined && BASE_WORDS.has(t)) {
    const words: string[] = [];
    while (BASE_WORDS.has(tk.peek() ?? "") || QUALIFIERS.has(tk.peek() ?? "")) {
      const w = tk.next();
      if (!QUALIFIERS.has(w)) words.push(w);
    }
    return baseFromWords(reg, words);
  }
  const name = tk.next();
  const td = reg.typedefs.get(name);
  if (!td) {
    // Forward use of a typedef: create it now, its target is set when defined.
    const fwd = { kind: "typedef" as const, name, target: VOID as Type };
    reg.typedefs.set(name, fwd);
    return fwd;
  }
  while (QUALIFIERS.has(tk.peek() ?? "")) tk.next();
  return td;
}

function baseFromWords(reg: TypeRegistry, words: string[]): Type {
  if (words.length === 1 && words[0] === "void") return VOID;
  let unsigned = false;
  let signed = false;
  let longs = 0;
  let core = "";
  for (const w of words) {
    if (w === "unsigned") unsigned = true;
    else if (w === "signed") signed = true;
    else if (w === "long") longs++;
    else core = w;
  }
  if (core === "_Bool" || core === "float" || core === "double") return reg.base(core);
  if (core === "char") return reg.base(unsigned ? "unsigned char" : signed ? "signed char" : "char");
  if (core === "short") return reg.base(unsigned ? "unsigned short" : "short");
  const size = longs === 0 ? "int" : longs === 1 ? "long" : "long long";
  return reg.base(unsigned ? `unsigned ${size}` : size);
}

function parseDeclarator(reg: TypeRegistry, tk: Tokens, base: Type): { type: Type; name: string } {
  let type = base;
  while (tk.eat("*")) {
    type = { kind: "pointer", target: type } satisfies PointerType;
    while (QUALIFIERS.has(tk.peek() ?? "")) tk.next();
  }
  if (tk.eat("(")) {
    // Function pointer `(*name)(params)` or pointer to array `(*name)[n]`.
    let depth = 0;
    while (tk.eat("*")) depth++;
    const name = tk.next();
    tk.expect(")");
    if (tk.eat("(")) {
      const params: Type[] = [];
      let variadic = false;
      while (!tk.eat(")")) {
        if (tk.eat("...")) {
          variadic = true;
          continue;
        }
        const p = parseTypeExpr(reg, tk);
        const d = parseAbstract(tk, p);
        if (!(d.kind === "void" && params.length === 0 && tk.peek() === ")")) params.push(d);
        tk.eat(",");
      }
      let fn: Type = { kind: "function", returnType: type, params, variadic } satisfies FunctionType;
      for (let i = 0; i < depth; i++) fn = { kind: "pointer", target: fn };
      return { type: fn, name };
    }
    let arr: Type = type;
    const dims: (number | null)[] = [];
    while (tk.eat("[")) {
      dims.push(tk.peek() === "]" ? null : num(tk.next()));
      tk.expect("]");
    }
    for (let i = dims.length - 1; i >= 0; i--)
      arr = { kind: "array", element: arr, length: dims[i] } satisfies ArrayType;
    for (let i = 0; i < depth; i++) arr = { kind: "pointer", target: arr };
    return { type: arr, name };
  }
  const name = tk.next();
  const dims: (number | null)[] = [];
  while (tk.eat("[")) {
    dims.push(tk.peek() === "]" ? null : num(tk.next()));
    tk.expect("]");
  }
  for (let i = dims.length - 1; i >= 0; i--) type = { kind: "array", element: type, length: dims[i] };
  return { type, name };
}

/** Parameter types in a function pointer: `struct ldlm_lock *`, with an optional name. */
function parseAbstract(tk: Tokens, base: Type): Type {
  let t = base;
  while (tk.eat("*")) t = { kind: "pointer", target: t };
  if (tk.peek() !== "," && tk.peek() !== ")") tk.next(); // parameter name
  return t;
}
