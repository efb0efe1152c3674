/**
 * `sym`: translate a symbol to its address or an address to `symbol+offset`, with the module
 * and, for text, the source file and line when debuginfo is loaded; `-l` lists all symbols,
 * `-q` searches names, `-m` lists a module's symbols, `-p`/`-n` add the neighbours.
 */
import type { KernelSymbol } from "../../../kernel/symbols";
import { isText } from "../../../kernel/symbols";
import { type CrashCommand, type CrashSession, CrashUsageError } from "../command";
import { htol, isHex, symbolNotFoundText } from "../format/args";
import { getopt } from "../format/getopt";

/** crash's show_symbol(): `addr (T) name[+off] [module] file: line`. */
export function showSymbol(
  session: CrashSession,
  sym: KernelSymbol,
  offset: number,
  lineNumbers = true,
): string {
  const prog = session.prog;
  const addr = sym.address + BigInt(offset);
  let s = `${addr.toString(16)} (${sym.kind}) ${sym.name}`;
  if (offset) s += session.radix === 16 ? `+0x${offset.toString(16)}` : `+${offset}`;
  if (sym.module) s += ` [${sym.module}]`;
  if (lineNumbers && isText(sym)) {
    const l = prog.symbols.lineOf(addr);
    if (l) s += ` ${l.file}: ${l.line}`;
  }
  return `${s}\n`;
}

function neighbours(session: CrashSession, sym: KernelSymbol): { prev?: KernelSymbol; next?: KernelSymbol } {
  const all = session.prog.symbols.all();
  const i = all.indexOf(sym);
  if (i < 0) return {};
  let j = i - 1;
  while (j >= 0 && all[j].address === sym.address) j--;
  let k = i + 1;
  while (k < all.length && all[k].address === sym.address) k++;
  return { prev: j >= 0 ? all[j] : undefined, next: k < all.length ? all[k] : undefined };
}

export const symCommand: CrashCommand = {
  name: "sym",
  synopsis: "[-l] | [-M] | [-m module] | [-p|-n] | [-q string] | [symbol | vaddr]",
  summary: "translate a symbol to its virtual address, or vice-versa",
  help: `  Translate a kernel symbol to its address, or an address to the symbol
  containing it (shown as symbol+offset; the offset is in the current output
  radix).  Each line gives the address, the symbol type letter as nm prints it
  (T/t text, D/d data, B/b bss, R/r read-only), the name, the module in
  brackets for module symbols, and for text addresses the source file and line
  when the debuginfo is available (mod -s / mod -S for modules).

    -l        list every symbol, in address order.
    -M        list the symbols of all modules.
    -m module list the symbols of one module.
    -p / -n   also show the previous / next symbol.
    -q string list the symbols whose name contains string.

EXAMPLES
    crash> sym jiffies
    crash> sym ffffffffc0fd3055
    crash> sym -q ldlm_lock`,
  run(session, argv) {
    const prog = session.prog;
    const opts = getopt("sym", argv, "lLQ:q:npsMm:");
    const prev = opts.has("p");
    const next = opts.has("n");
    let others = false;
    for (const [c, a] of opts.list) {
      if (c === "q") {
        others = true;
        const hits = prog.symbols.all().filter((s) => s.name.includes(a!));
        if (!hits.length) session.out("(none found)\n");
        for (const s of hits) session.out(showSymbol(session, s, 0, false));
      } else if (c === "Q") {
        others = true;
        const hits = prog.symbols.all().filter((s) => s.name.includes(a!));
        session.out(`${hits.length} found ${hits.length ? `(${hits[hits.length - 1].name})` : ""}\n`);
      } else if (c === "l" || c === "L") {
        others = true;
        for (const s of prog.symbols.all()) session.out(showSymbol(session, s, 0, false));
      } else if (c === "M" || c === "m") {
        others = true;
        const mods = new Map<string, KernelSymbol[]>();
        for (const s of prog.symbols.all()) {
          if (!s.module || (c === "m" && s.module !== a)) continue;
          const l = mods.get(s.module) ?? [];
          l.push(s);
          mods.set(s.module, l);
        }
        for (const [mod, syms] of mods) {
          session.out(`${syms[0].address.toString(16)} MODULE START: ${mod}\n`);
          for (const s of syms) session.out(showSymbol(session, s, 0, false));
          const last = syms[syms.length - 1];
          session.out(`${(last.address + BigInt(last.size)).toString(16)} MODULE END: ${mod}\n`);
        }
      }
    }
    if (opts.args.length === 0) {
      if (!others) throw new CrashUsageError();
      return;
    }
    for (const a of opts.args) {
      const named = prog.symbols.lookup(a);
      if (!named && isHex(a)) {
        const v = htol(a);
        const r = v >= 0xffffffff80000000n ? prog.symbols.resolve(v) : undefined;
        if (!r) {
          session.out(`sym: invalid address: ${a}\n`);
          continue;
        }
        if (prev) {
          const n = neighbours(session, r.symbol).prev;
          if (n) session.out(showSymbol(session, n, 0));
        }
        session.out(showSymbol(session, r.symbol, r.offset));
        if (next) {
          const n = neighbours(session, r.symbol).next;
          if (n) session.out(showSymbol(session, n, 0));
        }
        continue;
      }
      if (!named) {
        session.out(symbolNotFoundText(prog, a));
        continue;
      }
      if (prev) {
        const n = neighbours(session, named).prev;
        if (n) session.out(showSymbol(session, n, 0));
      }
      session.out(showSymbol(session, named, 0));
      if (next) {
        const n = neighbours(session, named).next;
        if (n) session.out(showSymbol(session, n, 0));
      }
    }
  },
};
