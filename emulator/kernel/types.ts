/**
 * C types as a debugger sees them from DWARF: sizes, member offsets, enumerators.
 * Layouts are given explicitly (see typedefs.ts / the scenario type files) because the
 * talk's slides fix many offsets; a member without an explicit offset is laid out with
 * natural alignment after the previous one.
 */

export type Type =
  | VoidType
  | IntType
  | BoolType
  | FloatType
  | PointerType
  | ArrayType
  | StructType
  | EnumType
  | TypedefType
  | FunctionType;

export interface VoidType {
  readonly kind: "void";
}
export interface IntType {
  readonly kind: "int";
  readonly name: string;
  readonly size: number;
  readonly signed: boolean;
}
export interface BoolType {
  readonly kind: "bool";
  readonly name: string;
  readonly size: 1;
}
export interface FloatType {
  readonly kind: "float";
  readonly name: string;
  readonly size: number;
}
export interface PointerType {
  readonly kind: "pointer";
  readonly target: Type;
}
export interface ArrayType {
  readonly kind: "array";
  readonly element: Type;
  /** null for a flexible array member `x[]`. */
  readonly length: number | null;
}
export interface StructType {
  readonly kind: "struct" | "union";
  /** null for an anonymous struct/union. */
  readonly name: string | null;
  size: number;
  members: Member[];
  /** false while only forward-declared. */
  complete: boolean;
}
export interface Member {
  /** null for an anonymous struct/union member. */
  readonly name: string | null;
  readonly type: Type;
  /** Byte offset from the start of the enclosing struct/union. */
  readonly offset: number;
  readonly bitOffset?: number;
  readonly bitSize?: number;
}
export interface EnumType {
  readonly kind: "enum";
  readonly name: string | null;
  readonly size: number;
  enumerators: [string, bigint][];
  complete: boolean;
}
export interface TypedefType {
  readonly kind: "typedef";
  readonly name: string;
  target: Type;
}
export interface FunctionType {
  readonly kind: "function";
  readonly returnType: Type;
  readonly params: Type[];
  readonly variadic: boolean;
}

export const VOID: VoidType = { kind: "void" };
const POINTER_SIZE = 8;

export function stripTypedefs(t: Type): Type {
  while (t.kind === "typedef") t = t.target;
  return t;
}

export function sizeOf(t: Type): number {
  const s = stripTypedefs(t);
  switch (s.kind) {
    case "void":
      return 1; // gdb's sizeof(void), as used by pointer arithmetic
    case "int":
    case "bool":
    case "float":
      return s.size;
    case "pointer":
      return POINTER_SIZE;
    case "array":
      return (s.length ?? 0) * sizeOf(s.element);
    case "struct":
    case "union":
      return s.size;
    case "enum":
      return s.size;
    case "function":
      return 1;
  }
  return 0;
}

export function alignOf(t: Type): number {
  const s = stripTypedefs(t);
  switch (s.kind) {
    case "array":
      return alignOf(s.element);
    case "struct":
    case "union":
      return s.members.reduce((a, m) => Math.max(a, alignOf(m.type)), 1);
    case "pointer":
      return POINTER_SIZE;
    default:
      return Math.max(1, Math.min(8, sizeOf(s)));
  }
}

/** The type's name as gdb prints it: `struct ldlm_resource *`, `char [16]`, `atomic_t`. */
export function typeName(t: Type): string {
  return declaration(t, "").trim();
}

/** A C declaration of `name` with type t, as gdb's ptype writes members: `struct list_head *next`. */
export function declaration(t: Type, name: string): string {
  let inner = name;
  let cur: Type = t;
  // Build the declarator from the outside in, as C's grammar requires.
  for (;;) {
    if (cur.kind === "pointer") {
      inner = `*${inner}`;
      cur = cur.target;
      if (cur.kind === "array" || cur.kind === "function") inner = `(${inner})`;
    } else if (cur.kind === "array") {
      inner = `${inner}[${cur.length ?? ""}]`;
      cur = cur.element;
    } else if (cur.kind === "function") {
      const params = cur.params.length === 0 ? "void" : cur.params.map((p) => typeName(p)).join(", ");
      inner = `${inner}(${params}${cur.variadic ? ", ..." : ""})`;
      cur = cur.returnType;
    } else break;
  }
  const base = baseName(cur);
  if (inner === "") return base;
  return inner.startsWith("*") || inner.startsWith("(") ? `${base} ${inner}` : `${base} ${inner}`;
}

function baseName(t: Type): string {
  switch (t.kind) {
    case "void":
      return "void";
    case "int":
    case "bool":
    case "float":
    case "typedef":
      return t.name;
    case "struct":
    case "union":
      return t.name ? `${t.kind} ${t.name}` : `${t.kind} {...}`;
    case "enum":
      return t.name ? `enum ${t.name}` : "enum {...}";
    default:
      return "?";
  }
}

export interface ResolvedMember {
  readonly type: Type;
  /** Byte offset from the start of the outer object. */
  readonly offset: number;
  readonly bitOffset?: number;
  readonly bitSize?: number;
  /** The member chain from the outer struct, anonymous unions included. */
  readonly path: readonly Member[];
}

/** Find a direct member by name, looking through anonymous structs/unions as C does. */
export function findMember(struct: StructType, name: string): ResolvedMember | undefined {
  for (const m of struct.members) {
    if (m.name === name)
      return { type: m.type, offset: m.offset, bitOffset: m.bitOffset, bitSize: m.bitSize, path: [m] };
    if (m.name === null) {
      const inner = stripTypedefs(m.type);
      if (inner.kind === "struct" || inner.kind === "union") {
        const r = findMember(inner, name);
        if (r) return { ...r, offset: m.offset + r.offset, path: [m, ...r.path] };
      }
    }
  }
  return undefined;
}

export class MemberPathError extends Error {}

/**
 * Resolve `a.b[3].c` inside a struct type: the final type and byte offset. Pointers are not
 * followed (crash's `struct x.a.b` works on embedded members only).
 */
export function resolveMemberPath(t: Type, path: string): ResolvedMember {
  let cur = t;
  let offset = 0;
  let last: ResolvedMember | undefined;
  const parts = path.match(/[A-Za-z_][A-Za-z0-9_]*|\[\d+\]/g) ?? [];
  if (parts.length === 0) throw new MemberPathError(`invalid member: ${path}`);
  const chain: Member[] = [];
  for (const part of parts) {
    const s = stripTypedefs(cur);
    if (part.startsWith("[")) {
      if (s.kind !== "array") throw new MemberPathError(`not an array: ${path}`);
      const idx = Number(part.slice(1, -1));
      offset += idx * sizeOf(s.element);
      cur = s.element;
      last = { type: cur, offset, path: chain };
      continue;
    }
    if (s.kind !== "struct" && s.kind !== "union")
      throw new MemberPathError(`not a struct or union: ${path}`);
    const m = findMember(s, part);
    if (!m) throw new MemberPathError(part);
    offset += m.offset;
    chain.push(...m.path);
    cur = m.type;
    last = { type: cur, offset, bitOffset: m.bitOffset, bitSize: m.bitSize, path: [...chain] };
  }
  return last!;
}

/** Name ↔ type tables, with forward declarations filled in place when the definition arrives. */
export class TypeRegistry {
  readonly structs = new Map<string, StructType>();
  readonly unions = new Map<string, StructType>();
  readonly enums = new Map<string, EnumType>();
  readonly typedefs = new Map<string, TypedefType>();
  readonly bases = new Map<string, IntType | BoolType | FloatType>();
  /** Enumerator name → [value, enum], for `p LCK_PW` and expression evaluation. */
  readonly enumerators = new Map<string, [bigint, EnumType]>();

  constructor() {
    const ints: [string, number, boolean][] = [
      ["char", 1, true],
      ["signed char", 1, true],
      ["unsigned char", 1, false],
      ["short", 2, true],
      ["unsigned short", 2, false],
      ["int", 4, true],
      ["unsigned int", 4, false],
      ["long", 8, true],
      ["unsigned long", 8, false],
      ["long long", 8, true],
      ["unsigned long long", 8, false],
    ];
    for (const [name, size, signed] of ints) this.bases.set(name, { kind: "int", name, size, signed });
    this.bases.set("_Bool", { kind: "bool", name: "_Bool", size: 1 });
    this.bases.set("float", { kind: "float", name: "float", size: 4 });
    this.bases.set("double", { kind: "float", name: "double", size: 8 });
  }

  struct(name: string): StructType {
    return this.tagged(this.structs, "struct", name);
  }

  union(name: string): StructType {
    return this.tagged(this.unions, "union", name);
  }

  enum(name: string): EnumType {
    let e = this.enums.get(name);
    if (!e) {
      e = { kind: "enum", name, size: 4, enumerators: [], complete: false };
      this.enums.set(name, e);
    }
    return e;
  }

  private tagged(table: Map<string, StructType>, kind: "struct" | "union", name: string): StructType {
    let s = table.get(name);
    if (!s) {
      s = { kind, name, size: 0, members: [], complete: false };
      table.set(name, s);
    }
    return s;
  }

  base(name: string): IntType | BoolType | FloatType {
    const b = this.bases.get(name);
    if (!b) throw new Error(`unknown base type ${name}`);
    return b;
  }

  /** Look a type up the way crash's `struct`/`whatis` arguments name it. */
  lookup(name: string): Type | undefined {
    const n = name.trim().replace(/\s+/g, " ");
    const m = /^(struct|union|enum) (\w+)$/.exec(n);
    if (m) {
      const table = m[1] === "struct" ? this.structs : m[1] === "union" ? this.unions : this.enums;
      const t = table.get(m[2]);
      return t && t.complete ? t : undefined;
    }
    const td = this.typedefs.get(n);
    if (td) return td;
    const b = this.bases.get(n);
    if (b) return b;
    return undefined;
  }

  /** A complete struct by bare name (crash lets `struct ldlm_lock` and `ldlm_lock` both work). */
  completeStruct(name: string): StructType | undefined {
    const s = this.structs.get(name);
    return s?.complete ? s : undefined;
  }

  completeUnion(name: string): StructType | undefined {
    const s = this.unions.get(name);
    return s?.complete ? s : undefined;
  }

  /** All complete struct/union/typedef names, for tab completion. */
  names(): string[] {
    const out: string[] = [];
    for (const [n, s] of this.structs) if (s.complete) out.push(n);
    for (const [n, s] of this.unions) if (s.complete) out.push(n);
    for (const n of this.typedefs.keys()) out.push(n);
    return out.sort();
  }
}
