/**
 * `whatis`: the definition of a structure, union, typedef or enum, or the declaration of a
 * kernel variable or function.
 */
import { declaration, sizeOf, stripTypedefs, type Type } from "../../../kernel/types";
import { type CrashCommand, CrashError, CrashUsageError } from "../command";
import { lookupDatatype } from "../datatype";
import { getopt } from "../format/getopt";
import { ptypeEnum, ptypeStruct, ptypeTypedef, sizeLine } from "../format/ptype";

export const whatisCommand: CrashCommand = {
  name: "whatis",
  synopsis: "[[-o] [struct | union | typedef | symbol]] | [[-r [size|range]] [-m member]]",
  summary: "search symbol table for data or type information",
  help: `  Show what a name is: the definition of a structure, union, typedef or
  enum (with its size), or the declared type of a kernel variable or function.

    -o          show member offsets in structure and union definitions.
    -r size     list the structures of this size (or lo-hi range).
    -m member   list the structures that contain a member of this type.

EXAMPLES
    crash> whatis ldlm_res_id
    crash> whatis atomic_t
    crash> whatis jiffies
    crash> whatis ldlm_run_ast_work
    crash> whatis -r 176`,
  run(session, argv) {
    const prog = session.prog;
    const opts = getopt("whatis", argv, "om:r:");
    const radix = session.radix;
    if (opts.has("r") || opts.has("m")) {
      let lo = 0;
      let hi = Number.MAX_SAFE_INTEGER;
      const r = opts.get("r");
      if (r !== undefined) {
        const [a, b] = r.split("-");
        lo = Number(a);
        hi = b !== undefined ? Number(b) : lo;
      }
      const memberType = opts.get("m");
      session.out("SIZE  TYPE\n");
      const rows: [number, string][] = [];
      for (const [name, s] of prog.types.structs) {
        if (!s.complete || s.size < lo || s.size > hi) continue;
        if (memberType && !s.members.some((m) => declaration(m.type, "").includes(memberType))) continue;
        rows.push([s.size, name]);
      }
      rows.sort((x, y) => x[0] - y[0] || x[1].localeCompare(y[1]));
      for (const [size, name] of rows) session.out(`${String(size).padStart(4)}  ${name}\n`);
      return;
    }
    let args = opts.args;
    if (args.length === 0) throw new CrashUsageError();
    let keyword: string | undefined;
    if (["struct", "union", "enum"].includes(args[0])) {
      keyword = args[0];
      args = args.slice(1);
    } else {
      const sym = prog.symbols.lookup(args[0]);
      if (sym) {
        session.out(`${symbolDeclaration(sym.name, sym.type, sym.kind)}\n`);
        return;
      }
    }
    if (args.length === 0) throw new CrashUsageError();
    const name = args[0];
    const en = prog.types.enumerators.get(name);
    if (en && keyword !== "struct" && keyword !== "union") {
      session.out(`enum ${en[1].name ?? ""} = ${en[0]}\n`.replace("enum  =", "enum ="));
      return;
    }
    const dt =
      keyword === "enum"
        ? prog.types.enums.get(name)?.complete
          ? { kind: "enum" as const, type: prog.types.enums.get(name)! }
          : undefined
        : lookupDatatype(prog, name);
    if (!dt) {
      session.out(`whatis: cannot resolve: ${args.join(" ")}\n`);
      throw new CrashUsageError();
    }
    if (dt.kind === "enum") {
      const e = stripTypedefs(dt.type);
      if (e.kind === "enum") {
        session.out(`${ptypeEnum(e).join("\n")}\n${sizeLine(e.size, radix)}\n`);
        return;
      }
    }
    if ("aggregate" in dt && dt.aggregate) {
      const col = opts.has("o") ? { radix, size: dt.aggregate.size } : undefined;
      let lines = ptypeStruct(dt.aggregate, col);
      if (dt.typedef) {
        lines = [
          `typedef ${lines[0].replace(/^(struct|union) (\S+ )?\{/, "$1 {")}`,
          ...lines.slice(1, -1),
          `} ${dt.name};`,
        ];
      }
      session.out(`${lines.join("\n")}\n${sizeLine(dt.aggregate.size, radix)}\n`);
      return;
    }
    if (dt.kind === "typedef" && "typedef" in dt && dt.typedef) {
      session.out(
        `${ptypeTypedef(dt.name, dt.typedef.target).join("\n")}\n${sizeLine(sizeOf(dt.typedef), radix)}\n`,
      );
      return;
    }
    throw new CrashError(`cannot resolve: ${name}`);
  },
};

/** A variable or function declaration as crash prints gdb's whatis of a symbol. */
export function symbolDeclaration(name: string, type: Type | undefined, kind: string): string {
  if (!type)
    return kind === "T" || kind === "t" || kind === "W"
      ? `<text variable, no debug info> ${name};`
      : `<data variable, no debug info> ${name};`;
  return `${declaration(type, name)};`;
}
