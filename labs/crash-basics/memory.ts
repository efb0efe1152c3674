/**
 * Reading kernel memory for graders without the task views: slab size classes, list_head walks,
 * enumerators, and a per-Program memo. Depends only on the Program API, so walks can be tested on
 * small hand-built programs (test/labs/memory.test.ts).
 */
import type { Program } from "../../emulator/kernel/program";

/**
 * Remember a value computed from one Program (a walk over 80,000 locks is worth doing once per
 * page, not once per "Check answer" click).
 */
export function memoize<T>(compute: (prog: Program) => T): (prog: Program) => T {
  const cache = new WeakMap<Program, T>();
  return (prog) => {
    if (!cache.has(prog)) cache.set(prog, compute(prog));
    return cache.get(prog) as T;
  };
}

/**
 * kmalloc's size classes on x86_64 (SLUB): an object of `size` bytes comes from the first cache
 * at least that big.
 */
export const KMALLOC_SIZES = [8, 16, 32, 64, 96, 128, 192, 256, 512, 1024, 2048, 4096, 8192] as const;

export function kmallocCache(size: number): string {
  const fit = KMALLOC_SIZES.find((s) => s >= size);
  if (fit === undefined) throw new Error(`${size} bytes is beyond the kmalloc caches`);
  return `kmalloc-${fit}`;
}

const LIST_LIMIT = 10_000_000;

/** The links of a circular list_head list, head excluded (what `list -H head` prints). */
export function listLinks(prog: Program, head: bigint): bigint[] {
  const links: bigint[] = [];
  for (let link = prog.readU64(head); link !== head; link = prog.readU64(link)) {
    if (link === 0n) throw new Error(`list at ${head.toString(16)} has a NULL link`);
    if (links.length >= LIST_LIMIT)
      throw new Error(`list at ${head.toString(16)} does not come back to its head`);
    links.push(link);
  }
  return links;
}

/** The objects of a list whose links are `structName.member` (what `list -H head s.m` prints). */
export function listEntries(prog: Program, head: bigint, structName: string, member: string): bigint[] {
  const offset = BigInt(prog.offsetOf(structName, member));
  return listLinks(prog, head).map((link) => link - offset);
}

/** Integer value of an enumerator (`LCK_PW` → 2n), from the dump's debug info. */
export function enumValue(prog: Program, enumName: string, enumerator: string): bigint {
  const e = prog.types.enums.get(enumName);
  const found = e?.enumerators.find(([name]) => name === enumerator);
  if (!found) throw new Error(`enum ${enumName} has no ${enumerator}`);
  return found[1];
}

/** Enumerator name of a value, or undefined. */
export function enumName(prog: Program, enumName: string, value: bigint): string | undefined {
  return prog.types.enums.get(enumName)?.enumerators.find(([, v]) => v === value)?.[0];
}
