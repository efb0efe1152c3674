/** Small readers shared by the scenario tests (all through Program reads, like a debugger). */
import type { Program } from "../../emulator/kernel/program";

export function listEntries(prog: Program, head: bigint, limit = 200_000): bigint[] {
  const out: bigint[] = [];
  let prev = head;
  for (let p = prog.readU64(head); p !== head; p = prog.readU64(p)) {
    if (prog.readU64(p + 8n) !== prev) throw new Error(`broken prev link at ${p.toString(16)}`);
    out.push(p);
    prev = p;
    if (out.length > limit) throw new Error("list does not loop back");
  }
  if (prog.readU64(head + 8n) !== prev) throw new Error("head.prev is not the last entry");
  return out;
}

/** crash's format_stack_entry as bt -FF prints it: sym+off (decimal), [addr:cache], or 16 hex digits. */
export function stackWord(prog: Program, v: bigint): string {
  const r = prog.symbols.resolve(v);
  if (
    r &&
    (r.symbol.kind === "T" || r.symbol.kind === "t" || r.symbol.kind === "D" || r.symbol.kind === "d")
  ) {
    const name = r.symbol.name.replace(/^SyS_/, "sys_");
    return r.offset ? `${name}+${r.offset}` : name;
  }
  if (prog.mem.isMapped(v)) {
    const s = prog.slabs.find(v);
    if (s) return `[${v.toString(16)}:${s.cache.name}]`;
  }
  return v.toString(16).padStart(16, "0");
}

/** The words bt -FF prints under a frame: from `from` to `to` inclusive, two per row. */
export function frameWords(prog: Program, from: bigint, to: bigint): string[] {
  const rows: string[] = [];
  for (let a = from; a <= to; a += 16n) {
    const words = [stackWord(prog, prog.readU64(a))];
    if (a + 8n <= to) words.push(stackWord(prog, prog.readU64(a + 8n)));
    rows.push(`${a.toString(16)}: ${words.join(" ")}`);
  }
  return rows;
}

export function symName(prog: Program, pc: bigint): string {
  return prog.symbols.resolve(pc)?.symbol.name ?? "?";
}
