/**
 * Type definitions as gdb's `ptype` writes them and crash re-emits them for `struct name`,
 * `union name` and `whatis`: four spaces per nesting level, anonymous structs/unions expanded
 * in place, and with `-o` crash's offset column (its width follows the printed SIZE string).
 */
import {
  declaration,
  type EnumType,
  findMember,
  type Member,
  type StructType,
  stripTypedefs,
  type Type,
  typeName,
} from "../../../kernel/types";
import type { Radix } from "../command";
import { rjust, spaces } from "./text";

/** One line of a ptype body; `member` set when the line declares a member crash can give an offset. */
export interface PtypeLine {
  readonly text: string;
  readonly member?: string;
}

function anonymousEnumText(e: EnumType): string {
  return `enum {${e.enumerators.map(([n]) => n).join(", ")}}`;
}

/** Member declaration text (without indentation and `;`). */
function memberDecl(m: Member): string {
  const t = m.type;
  const s = t.kind === "enum" && t.name === null ? null : t;
  let text: string;
  if (s === null) text = `${anonymousEnumText(t as EnumType)} ${m.name}`;
  else text = declaration(t, m.name ?? "");
  if (m.bitSize !== undefined) text += ` : ${m.bitSize}`;
  return text;
}

/** The lines between `struct x {` and `}` at the given depth (1 = members of the outer type). */
export function ptypeBody(t: StructType, depth = 1): PtypeLine[] {
  const out: PtypeLine[] = [];
  const pad = spaces(4 * depth);
  for (const m of t.members) {
    const inner = m.type.kind === "struct" || m.type.kind === "union" ? m.type : undefined;
    if (inner && inner.name === null) {
      out.push({ text: `${pad}${inner.kind} {` });
      for (const l of ptypeBody(inner, depth + 1)) {
        // Members of a named nested block have no offset of their own in crash's -o output.
        out.push(m.name === null ? l : { text: l.text });
      }
      out.push(m.name === null ? { text: `${pad}};` } : { text: `${pad}} ${m.name};`, member: m.name });
      continue;
    }
    out.push({ text: `${pad}${memberDecl(m)};`, member: m.name ?? undefined });
  }
  return out;
}

export interface OffsetColumn {
  readonly radix: Radix;
  /** The struct's size, which sets the column width. */
  readonly size: number;
  /** With an address (`struct -o name addr`): absolute addresses instead of offsets. */
  readonly base?: bigint;
}

/** crash's show_member_offset(): `  [0x18]` right-justified before the line minus its first 3 spaces. */
export function withOffsets(
  top: StructType,
  lines: readonly PtypeLine[],
  col: OffsetColumn,
  onlyMember?: string,
): string[] {
  const sizeStr = col.radix === 16 ? `0x${col.size.toString(16)}` : String(col.size);
  const width = sizeStr.length + 4;
  const out: string[] = [];
  for (const l of lines) {
    const found = l.member ? findMember(top, l.member) : undefined;
    if (onlyMember !== undefined) {
      if (!found || l.member !== onlyMember) continue;
    }
    if (!found) {
      out.push(spaces(sizeStr.length + 1) + l.text);
      continue;
    }
    const bracket =
      col.base !== undefined
        ? `  [${(col.base + BigInt(found.offset)).toString(16)}]`
        : col.radix === 10
          ? `  [${found.offset}]`
          : `  [0x${found.offset.toString(16)}]`;
    out.push(rjust(bracket, width) + l.text.slice(3));
  }
  return out;
}

/** `struct ldlm_resource {` ... `}` (no SIZE line). */
export function ptypeStruct(t: StructType, col?: OffsetColumn): string[] {
  const head = `${t.kind} ${t.name ?? ""} {`.replace("  {", " {");
  const body = ptypeBody(t);
  return [head, ...(col ? withOffsets(t, body, col) : body.map((l) => l.text)), "}"];
}

/** `SIZE: 176` / `SIZE: 0xb0` */
export function sizeLine(size: number, radix: Radix): string {
  return radix === 16 ? `SIZE: 0x${size.toString(16)}` : `SIZE: ${size}`;
}

/** A typedef as crash's whatis shows it: `typedef unsigned long long __u64;`, or the expanded struct. */
export function ptypeTypedef(name: string, target: Type): string[] {
  const s = stripTypedefs(target);
  if ((s.kind === "struct" || s.kind === "union") && s.name === null) {
    return [`typedef ${s.kind} {`, ...ptypeBody(s).map((l) => l.text), `} ${name};`];
  }
  if (target.kind === "enum" && target.name === null)
    return [`typedef ${anonymousEnumText(target)} ${name};`];
  return [`typedef ${declaration(target, name)};`];
}

/** `enum ldlm_mode {LCK_MINMODE, LCK_EX, ...}` as gdb's ptype prints an enum. */
export function ptypeEnum(e: EnumType): string[] {
  let expect = 0n;
  const parts = e.enumerators.map(([n, v]) => {
    const s = v === expect ? n : `${n} = ${v}`;
    expect = v + 1n;
    return s;
  });
  return [`enum ${e.name ?? ""} {${parts.join(", ")}}`.replace("enum  {", "enum {")];
}

export { typeName };
