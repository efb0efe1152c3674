/**
 * Finding a data type by the name a crash user types: `ldlm_resource`, `ldlm_resource.lr_name`,
 * a union, or a typedef such as `atomic_t` (which crash treats as the struct it names).
 */
import type { Program } from "../../kernel/program";
import { type StructType, stripTypedefs, type Type, type TypedefType } from "../../kernel/types";

export interface Datatype {
  /** struct/union, or "typedef" for a typedef of a non-aggregate, "enum" for an enum. */
  readonly kind: "struct" | "union" | "typedef" | "enum";
  readonly name: string;
  /** The struct or union (through a typedef when needed). */
  readonly aggregate?: StructType;
  readonly typedef?: TypedefType;
  readonly type: Type;
}

/** Look a name up as struct, then union, then typedef (crash's DATATYPE_SIZE order). */
export function lookupDatatype(prog: Program, name: string): Datatype | undefined {
  const reg = prog.types;
  const s = reg.completeStruct(name);
  if (s) return { kind: "struct", name, aggregate: s, type: s };
  const u = reg.completeUnion(name);
  if (u) return { kind: "union", name, aggregate: u, type: u };
  const td = reg.typedefs.get(name);
  if (td) {
    const t = stripTypedefs(td);
    if ((t.kind === "struct" || t.kind === "union") && t.complete)
      return { kind: t.kind, name, aggregate: t, typedef: td, type: td };
    return { kind: "typedef", name, typedef: td, type: td };
  }
  const e = reg.enums.get(name);
  if (e?.complete) return { kind: "enum", name, type: e };
  return undefined;
}
