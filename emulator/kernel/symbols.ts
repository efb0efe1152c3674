/**
 * Kernel and module symbol tables (kallsyms + debuginfo): any address resolves to
 * `name+off`, any name to an address. Source line tables map text addresses to file:line
 * for `bt -l`, `sym` and `dis -l`.
 */
import type { Type } from "./types";

/** nm-style type letter: T/t text, D/d data, B/b bss, R/r read-only, A absolute. */
export type SymbolKind = "T" | "t" | "D" | "d" | "B" | "b" | "R" | "r" | "A" | "W";

export interface KernelSymbol {
  readonly name: string;
  readonly address: bigint;
  readonly size: number;
  readonly kind: SymbolKind;
  /** Module owning the symbol, or undefined for vmlinux. */
  readonly module?: string;
  /** C type of a data symbol (for `p`, `whatis`); for text symbols the function type if known. */
  readonly type?: Type;
  /** Per-CPU variable: address is an offset into each CPU's per-cpu area. */
  readonly percpu?: boolean;
}

export interface SymbolOffset {
  readonly symbol: KernelSymbol;
  readonly offset: number;
}

/** Source lines of one function: sorted (offset, line) pairs. */
export interface FunctionLines {
  readonly file: string;
  readonly entries: readonly (readonly [offset: number, line: number])[];
}

export function isText(sym: KernelSymbol): boolean {
  return sym.kind === "T" || sym.kind === "t" || sym.kind === "W";
}

export class SymbolTable {
  private readonly byName = new Map<string, KernelSymbol>();
  private byAddress: KernelSymbol[] = [];
  private sorted = true;
  private readonly lineTables = new Map<KernelSymbol, FunctionLines>();
  /** Modules whose debuginfo was loaded (`mod -s`): their line tables become visible. */
  readonly loadedDebuginfo = new Set<string>();

  add(sym: KernelSymbol): KernelSymbol {
    if (!this.byName.has(sym.name)) this.byName.set(sym.name, sym);
    if (!sym.percpu && sym.kind !== "A") {
      this.byAddress.push(sym);
      this.sorted = false;
    }
    return sym;
  }

  lookup(name: string): KernelSymbol | undefined {
    return this.byName.get(name);
  }

  all(): KernelSymbol[] {
    this.sort();
    return this.byAddress;
  }

  names(): IterableIterator<string> {
    return this.byName.keys();
  }

  private sort(): void {
    if (this.sorted) return;
    // Stable order for aliases at one address: the first added wins resolution.
    const order = new Map(this.byAddress.map((s, i) => [s, i]));
    this.byAddress.sort((a, b) =>
      a.address < b.address ? -1 : a.address > b.address ? 1 : order.get(a)! - order.get(b)!,
    );
    this.sorted = true;
  }

  /**
   * The symbol containing addr: the last symbol at or below it, accepted when addr is within its
   * size (or, for zero-sized symbols, before the next symbol).
   */
  resolve(addr: bigint): SymbolOffset | undefined {
    this.sort();
    const a = this.byAddress;
    let lo = 0;
    let hi = a.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (a[mid].address <= addr) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (found < 0) return undefined;
    // Prefer the first-added alias at this address.
    let i = found;
    while (i > 0 && a[i - 1].address === a[found].address) i--;
    const sym = a[i];
    const offset = Number(addr - sym.address);
    if (sym.size > 0 ? offset < sym.size : offset < 0x10000) return { symbol: sym, offset };
    return undefined;
  }

  /** Symbols at exactly addr (aliases), first-added first. */
  at(addr: bigint): KernelSymbol[] {
    const r = this.resolve(addr);
    if (!r || r.offset !== 0) return [];
    return this.byAddress.filter((s) => s.address === addr);
  }

  setLines(sym: KernelSymbol, lines: FunctionLines): void {
    this.lineTables.set(sym, lines);
  }

  /** file:line for a text address, when the owning object's debuginfo is loaded. */
  lineOf(addr: bigint): { file: string; line: number } | undefined {
    const r = this.resolve(addr);
    if (!r) return undefined;
    if (r.symbol.module && !this.loadedDebuginfo.has(r.symbol.module)) return undefined;
    const t = this.lineTables.get(r.symbol);
    if (!t || t.entries.length === 0) return undefined;
    let line = t.entries[0][1];
    for (const [off, l] of t.entries) {
      if (off <= r.offset) line = l;
      else break;
    }
    return { file: t.file, line };
  }
}
