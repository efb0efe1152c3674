/**
 * Values printed the way gdb's `print` pretty-prints them inside crash (`struct x addr`,
 * `p expr`, `list -s`): two spaces of indentation per nesting level, `name = value,` members,
 * enums by name, pointers in hex (with `<symbol+off>` when they point into a kernel symbol),
 * char arrays as C strings with gdb's repeat compression, arrays as `{a, b, c}`.
 *
 * Objects are read in one piece (as gdb fetches a whole value) and decoded from the bytes, so a
 * hole anywhere in the object fails the whole print, and big lists print quickly.
 */
import { FaultError, type Program } from "../../../kernel/program";
import {
  type ArrayType,
  type Member,
  type StructType,
  sizeOf,
  stripTypedefs,
  type Type,
  typeName,
} from "../../../kernel/types";
import type { Radix } from "../command";

/** gdb's `print repeats`: runs longer than this are shown as `<repeats N times>`. */
export const REPEAT_THRESHOLD = 10;
/** gdb's `print elements`: at most this many array elements / string characters. */
export const PRINT_MAX = 200;

export interface BitField {
  readonly bitOffset: number;
  readonly bitSize: number;
}

/** Bytes of one object and where they came from. */
export interface ValueBytes {
  readonly view: DataView;
  /** Offset of the value inside view. */
  readonly offset: number;
  /** Kernel address of the value. */
  readonly address: bigint;
}

export function readValueBytes(prog: Program, addr: bigint, size: number): ValueBytes {
  const bytes = prog.mem.readBytes(addr, Math.max(size, 0));
  return { view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), offset: 0, address: addr };
}

function spacesOf(n: number): string {
  return " ".repeat(n);
}

export function isCharType(t: Type): boolean {
  const s = stripTypedefs(t);
  return s.kind === "int" && s.size === 1 && /char/.test(s.name);
}

/** The integer stored at view[off] of an int-like type, sign-extended when signed. */
export function decodeInt(view: DataView, off: number, size: number, signed: boolean): bigint {
  switch (size) {
    case 1:
      return BigInt(signed ? view.getInt8(off) : view.getUint8(off));
    case 2:
      return BigInt(signed ? view.getInt16(off, true) : view.getUint16(off, true));
    case 4:
      return BigInt(signed ? view.getInt32(off, true) : view.getUint32(off, true));
    case 8:
      return signed ? view.getBigInt64(off, true) : view.getBigUint64(off, true);
    default:
      return 0n;
  }
}

/** A byte as gdb escapes it inside a string or char literal. */
function escapeChar(c: number, quote: string): string {
  switch (c) {
    case 7:
      return "\\a";
    case 8:
      return "\\b";
    case 9:
      return "\\t";
    case 10:
      return "\\n";
    case 11:
      return "\\v";
    case 12:
      return "\\f";
    case 13:
      return "\\r";
    case 27:
      return "\\033";
    case 92:
      return "\\\\";
  }
  if (String.fromCharCode(c) === quote) return `\\${quote}`;
  if (c >= 0x20 && c < 0x7f) return String.fromCharCode(c);
  return `\\${c.toString(8).padStart(3, "0")}`;
}

/**
 * gdb's printstr: bytes as a C string; runs of more than REPEAT_THRESHOLD identical bytes become
 * `'c' <repeats N times>` segments; at most PRINT_MAX characters, then `...`.
 */
export function formatCString(
  bytes: ArrayLike<number>,
  length: number,
  dropTerminator: boolean,
  truncated = false,
): string {
  let len = length;
  if (dropTerminator && !truncated && len > 0 && bytes[len - 1] === 0) len--;
  if (len === 0) return '""';
  const segs: string[] = [];
  let cur = "";
  let printed = 0;
  let i = 0;
  let ellipsis = truncated;
  while (i < len) {
    if (printed >= PRINT_MAX) {
      ellipsis = true;
      break;
    }
    let run = 1;
    while (i + run < len && bytes[i + run] === bytes[i]) run++;
    if (run > REPEAT_THRESHOLD) {
      if (cur) {
        segs.push(`"${cur}"`);
        cur = "";
      }
      segs.push(`'${escapeChar(bytes[i], "'")}' <repeats ${run} times>`);
      i += run;
      printed += REPEAT_THRESHOLD;
      continue;
    }
    cur += escapeChar(bytes[i], '"');
    i++;
    printed++;
  }
  if (cur) segs.push(`"${cur}"`);
  return segs.join(", ") + (ellipsis ? "..." : "");
}

export class GdbValuePrinter {
  constructor(
    readonly prog: Program,
    readonly radix: Radix,
  ) {}

  /** Lowest symbol address: most pointers (slab objects) are below it and need no lookup. */
  private lowestSymbol: bigint | undefined;

  /** `<sym+off>` for an address inside a kernel symbol, "" otherwise (gdb's `print symbol`). */
  symbolSuffix(v: bigint): string {
    if (v === 0n) return "";
    if (this.lowestSymbol === undefined) this.lowestSymbol = this.prog.symbols.all()[0]?.address ?? 0n;
    if (v < this.lowestSymbol) return "";
    const r = this.prog.symbols.resolve(v);
    if (!r) return "";
    return r.offset ? ` <${r.symbol.name}+${r.offset}>` : ` <${r.symbol.name}>`;
  }

  /** A C string read from kernel memory for a `char *` value, as gdb appends it. */
  charPointerText(p: bigint): string {
    if (p === 0n) return "0x0";
    const bytes: number[] = [];
    try {
      for (let i = 0; i <= PRINT_MAX; i++) {
        const c = this.prog.readU8(p + BigInt(i));
        if (c === 0) break;
        bytes.push(c);
      }
    } catch (e) {
      if (e instanceof FaultError && bytes.length === 0)
        return `0x${p.toString(16)} <Address 0x${p.toString(16)} out of bounds>`;
      if (!(e instanceof FaultError)) throw e;
    }
    const truncated = bytes.length > PRINT_MAX;
    // Like any pointer, gdb names the symbol the string lies in: `0x... <init_task+1937> "wapper/0"`.
    return `0x${p.toString(16)}${this.symbolSuffix(p)} ${formatCString(bytes, Math.min(bytes.length, PRINT_MAX), false, truncated)}`;
  }

  /** A scalar integer in the output radix. */
  intText(v: bigint, size: number, isChar: boolean): string {
    if (this.radix === 16) return `0x${BigInt.asUintN(size * 8, v).toString(16)}`;
    if (isChar) return `${v} '${escapeChar(Number(BigInt.asUintN(8, v)), "'")}'`;
    return v.toString(10);
  }

  /**
   * The text of a value (multi-line for aggregates). `recurse` is gdb's nesting level: members of
   * a top-level struct are printed at recurse 1.
   */
  format(type: Type, vb: ValueBytes, recurse: number, bits?: BitField): string {
    const t = stripTypedefs(type);
    const { view, offset } = vb;
    switch (t.kind) {
      case "int": {
        let v = decodeInt(view, offset, t.size, t.signed && !bits);
        if (bits) v = extractBits(v, bits, t.signed, t.size);
        return this.intText(v, t.size, isCharType(t) && !bits);
      }
      case "bool": {
        let v = BigInt(view.getUint8(offset));
        if (bits) v = extractBits(v, bits, false, 1);
        if (this.radix === 16) return `0x${v.toString(16)}`;
        return v ? "true" : "false";
      }
      case "enum": {
        let v = decodeInt(view, offset, t.size, false);
        if (bits) v = extractBits(v, bits, false, t.size);
        return enumText(t.enumerators, v, t.size);
      }
      case "float":
        return t.size === 4 ? String(view.getFloat32(offset, true)) : String(view.getFloat64(offset, true));
      case "pointer": {
        const p = view.getBigUint64(offset, true);
        if (isCharType(t.target)) return this.charPointerText(p);
        return `0x${p.toString(16)}${this.symbolSuffix(p)}`;
      }
      case "array":
        return this.arrayText(t, vb, recurse);
      case "struct":
      case "union":
        return this.structText(t, vb, recurse);
      case "function":
        return `{${typeName(t)}} 0x${vb.address.toString(16)}${this.symbolSuffix(vb.address)}`;
      case "void":
        return "void";
    }
    return "?";
  }

  arrayText(t: ArrayType, vb: ValueBytes, recurse: number): string {
    const n = t.length ?? 0;
    const esize = sizeOf(t.element);
    if (isCharType(t.element)) {
      const bytes = new Uint8Array(vb.view.buffer, vb.view.byteOffset + vb.offset, n);
      return formatCString(bytes, n, true);
    }
    if (n === 0) return "{}";
    const items: string[] = [];
    let printed = 0;
    let i = 0;
    let ellipsis = false;
    let prev: string | undefined;
    const elem = (k: number) =>
      this.format(
        t.element,
        { view: vb.view, offset: vb.offset + k * esize, address: vb.address + BigInt(k * esize) },
        recurse + 1,
      );
    while (i < n) {
      if (printed >= PRINT_MAX) {
        ellipsis = true;
        break;
      }
      const text = prev ?? elem(i);
      let run = 1;
      prev = undefined;
      while (i + run < n) {
        const next = elem(i + run);
        if (next !== text) {
          prev = next;
          break;
        }
        run++;
      }
      if (run > REPEAT_THRESHOLD) {
        items.push(`${text} <repeats ${run} times>`);
        printed += REPEAT_THRESHOLD;
      } else {
        for (let k = 0; k < run; k++) items.push(text);
        printed += run;
      }
      i += run;
    }
    return `{${items.join(", ")}${ellipsis ? "..." : ""}}`;
  }

  structText(t: StructType, vb: ValueBytes, recurse: number): string {
    const lines = this.memberLines(t, vb, recurse + 1);
    if (lines.length === 0) return "{<No data fields>}";
    return `{\n${lines.join(",\n")}\n${spacesOf(2 * recurse)}}`;
  }

  /** `name = value` for each member (anonymous ones as a bare `{...}`), indented for `recurse`. */
  memberLines(t: StructType, vb: ValueBytes, recurse: number): string[] {
    const pad = spacesOf(2 * recurse);
    return t.members.map(
      (m) => `${pad}${m.name === null ? "" : `${m.name} = `}${this.memberValue(m, vb, recurse)}`,
    );
  }

  memberValue(m: Member, vb: ValueBytes, recurse: number): string {
    const sub: ValueBytes = {
      view: vb.view,
      offset: vb.offset + m.offset,
      address: vb.address + BigInt(m.offset),
    };
    const bits = m.bitSize !== undefined ? { bitOffset: m.bitOffset ?? 0, bitSize: m.bitSize } : undefined;
    return this.format(m.type, sub, recurse, bits);
  }

  /** `struct name {...}` body of the object at addr, exactly as `struct name addr` prints it (no trailing newline). */
  structAt(t: StructType, addr: bigint): string {
    return this.structText(t, readValueBytes(this.prog, addr, t.size), 0);
  }

  /** A value of type t at addr, read from memory (recurse 0: top level). */
  valueAt(type: Type, addr: bigint, recurse = 0, bits?: BitField): string {
    const size = Math.max(1, sizeOf(type));
    return this.format(type, readValueBytes(this.prog, addr, size), recurse, bits);
  }
}

function extractBits(v: bigint, bits: BitField, signed: boolean, size: number): bigint {
  const u = BigInt.asUintN(size * 8, v);
  let r = (u >> BigInt(bits.bitOffset)) & ((1n << BigInt(bits.bitSize)) - 1n);
  if (signed && bits.bitSize > 0 && r >> BigInt(bits.bitSize - 1)) r -= 1n << BigInt(bits.bitSize);
  return r;
}

/** An enum value by name; unknown values print as their number, flag combinations as `(A | B)`. */
export function enumText(enumerators: readonly (readonly [string, bigint])[], v: bigint, size = 4): string {
  for (const [name, val] of enumerators) if (val === v) return name;
  // gdb's flag-enum rule: every enumerator a distinct bit and the value made only of them.
  const flags = enumerators.every(([, val]) => val > 0n && (val & (val - 1n)) === 0n);
  if (flags && v > 0n) {
    const names: string[] = [];
    let rest = v;
    for (const [name, val] of enumerators)
      if (rest & val) {
        names.push(name);
        rest &= ~val;
      }
    if (rest === 0n) return `(${names.join(" | ")})`;
  }
  return BigInt.asIntN(size * 8, v).toString(10);
}
