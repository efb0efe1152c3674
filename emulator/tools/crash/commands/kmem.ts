/**
 * `kmem`: kernel memory. `-s` lists the slab caches in crash 7.2's SLUB layout, or, for an
 * address, the cache, slab and object that contain it (FREE / [ALLOCATED]); `-S` also lists
 * the objects; `-i` summarizes memory use from the kernel's counters.
 */
import type { Program } from "../../../kernel/program";
import type { KmemCache, Slab } from "../../../kernel/slab";
import { type CrashCommand, CrashError, type CrashSession, CrashUsageError } from "../command";
import { htol, isHex } from "../format/args";
import { getopt } from "../format/getopt";
import { ljust } from "../format/text";

export const KMEM_CACHE_HDR =
  "CACHE            NAME                 OBJSIZE  ALLOCATED     TOTAL  SLABS  SSIZE\n";
const SLAB_HDR = "SLAB              MEMORY            NODE  TOTAL  ALLOCATED  FREE\n";
const FREE_INUSE_HDR = "FREE / [ALLOCATED]\n";

/** crash's dump_kmem_cache_info_slub() row. */
export function cacheRow(c: KmemCache): string {
  let row = `${ljust(c.address.toString(16), 16)} `;
  const name = c.name;
  const size = String(c.objectSize);
  let allocWidth = 9;
  if (name.length + 1 > 18 + 1) {
    const spacelen = 29 - (name.length + 1) - size.length;
    row += `${name}${" ".repeat(spacelen <= 0 ? 1 : spacelen)}${size}  `;
    allocWidth = 9 + (spacelen > 0 ? 1 : spacelen) - 1;
  } else row += `${name.padEnd(18)}  ${size.padStart(8)}  `;
  row += `${String(c.allocatedObjects).padStart(allocWidth)}  `;
  row += `${String(c.totalObjects).padStart(8)}  ${String(c.slabs.length + c.unmodelledSlabs).padStart(5)}  ${String(c.slabBytes / 1024).padStart(4)}k\n`;
  return row;
}

function slabRow(s: Slab): string {
  const free = s.cache.objectsPerSlab - s.inuse;
  return `  ${ljust(s.page.toString(16), 16)}  ${ljust(s.base.toString(16), 16)}  ${String(0).padStart(4)}  ${String(s.cache.objectsPerSlab).padStart(5)}  ${String(s.inuse).padStart(9)}  ${String(free).padStart(4)}\n`;
}

function objectLine(s: Slab, i: number): string {
  const a = s.objectAddress(i).toString(16);
  return s.allocated[i] ? `  [${a}]\n` : `   ${a}  \n`;
}

/** `kmem -s addr` / `kmem -S addr`: the cache, the slab and the object(s). */
async function slabOfAddress(session: CrashSession, addr: bigint, verbose: boolean): Promise<void> {
  const hit = session.prog.slabs.find(addr);
  if (!hit) throw new CrashError(`address is not allocated in slab subsystem: ${addr.toString(16)}`);
  session.recordStep({
    what: `slab page of ${addr.toString(16)}`,
    address: hit.slab.page,
    value: `${hit.cache.name} slab ${hit.slab.base.toString(16)}`,
  });
  session.out(KMEM_CACHE_HDR + cacheRow(hit.cache));
  session.out(`  ${SLAB_HDR}${slabRow(hit.slab)}  ${FREE_INUSE_HDR}`);
  if (verbose) for (let i = 0; i < hit.cache.objectsPerSlab; i++) session.out(objectLine(hit.slab, i));
  else session.out(objectLine(hit.slab, hit.index));
}

async function cacheDetails(session: CrashSession, c: KmemCache): Promise<void> {
  session.out(KMEM_CACHE_HDR + cacheRow(c));
  for (const s of c.slabs) {
    await session.signal.checkpoint();
    session.out(`  ${SLAB_HDR}${slabRow(s)}  ${FREE_INUSE_HDR}`);
    for (let i = 0; i < c.objectsPerSlab; i++) session.out(objectLine(s, i));
  }
  if (c.unmodelledSlabs)
    session.out(`  (${c.unmodelledSlabs} more slabs of this cache are not part of this dump's model)\n`);
}

// --- kmem -i ---------------------------------------------------------------------------------

const PAGE = 4096n;

function pagesToSize(pages: bigint): string {
  if (pages === 0n) return "0";
  const total = Number(pages * PAGE);
  let s: string;
  if (total >= 2 ** 30) s = `${(total / 2 ** 30).toFixed(1)} GB`;
  else if (total >= 2 ** 20) s = `${(total / 2 ** 20).toFixed(1)} MB`;
  else s = `${Math.floor(total / 1024)} KB`;
  return s.replace(".0 ", " ");
}

/** 3.10's enum zone_stat_item positions, used when the dump's types do not carry the enum. */
const ZONE_STAT_310: Record<string, number> = {
  NR_FREE_PAGES: 0,
  NR_FILE_PAGES: 10,
  NR_SLAB_RECLAIMABLE: 13,
  NR_SLAB_UNRECLAIMABLE: 14,
  NR_SHMEM: 24,
};

function readULong(prog: Program, name: string): bigint | undefined {
  const s = prog.symbols.lookup(name);
  if (!s) return undefined;
  try {
    return prog.readU64(s.address);
  } catch {
    return undefined;
  }
}

function vmStat(prog: Program, item: string): bigint {
  const s = prog.symbols.lookup("vm_stat");
  if (!s) return 0n;
  const idx = prog.types.enumerators.get(item)?.[0] ?? BigInt(ZONE_STAT_310[item] ?? -1);
  if (idx < 0n) return 0n;
  try {
    return BigInt.asIntN(64, prog.readU64(s.address + idx * 8n));
  } catch {
    return 0n;
  }
}

/** vm_committed_as is a struct percpu_counter; its global count is what crash shows. */
function committedPages(prog: Program): bigint {
  const s = prog.symbols.lookup("vm_committed_as");
  if (!s) return 0n;
  const counter = prog.types.completeStruct("percpu_counter");
  try {
    return counter ? prog.readMember(s.address, "percpu_counter", "count") : prog.readU64(s.address);
  } catch {
    return 0n;
  }
}

export function kmemInfo(prog: Program): string {
  const total = readULong(prog, "totalram_pages");
  if (total === undefined || total === 0n)
    throw new CrashError("memory statistics (totalram_pages) are not available in this dump");
  const line = (label: string, pages: bigint, of: string | null, base: bigint) =>
    `${label.padStart(13)}  ${String(pages).padStart(7)}  ${pagesToSize(pages).padStart(11)}  ${of === null ? "       ----" : `${String(base ? (pages * 100n) / base : 0n).padStart(3)}% of ${of}`}\n`;
  const free = vmStat(prog, "NR_FREE_PAGES");
  const cached = vmStat(prog, "NR_FILE_PAGES");
  const shared = vmStat(prog, "NR_SHMEM");
  let slab = vmStat(prog, "NR_SLAB_RECLAIMABLE") + vmStat(prog, "NR_SLAB_UNRECLAIMABLE");
  if (slab === 0n) {
    // Without vm_stat, count the pages of the slab caches the dump models.
    for (const c of prog.slabs.caches.values())
      slab += BigInt((c.slabs.length + c.unmodelledSlabs) << c.order);
  }
  const buffers = readULong(prog, "nr_buffers") ?? 0n;
  let out = "                 PAGES        TOTAL      PERCENTAGE\n";
  out += `${"TOTAL MEM".padStart(13)}  ${String(total).padStart(7)}  ${pagesToSize(total).padStart(11)}         ----\n`;
  out += line("FREE", free, "TOTAL MEM", total);
  out += line("USED", total - free, "TOTAL MEM", total);
  out += line("SHARED", shared, "TOTAL MEM", total);
  out += line("BUFFERS", buffers, "TOTAL MEM", total);
  out += line("CACHED", cached - buffers > 0n ? cached - buffers : 0n, "TOTAL MEM", total);
  out += line("SLAB", slab, "TOTAL MEM", total);
  out += "\n";
  out += `${"TOTAL HUGE".padStart(13)}  ${"0".padStart(7)}  ${"0".padStart(11)}         ----\n`;
  out += line("HUGE FREE", 0n, "TOTAL HUGE", 0n);
  out += "\n";
  const swapTotal = readULong(prog, "total_swap_pages") ?? 0n;
  const swapFree = readULong(prog, "nr_swap_pages") ?? swapTotal;
  out += `${"TOTAL SWAP".padStart(13)}  ${String(swapTotal).padStart(7)}  ${pagesToSize(swapTotal).padStart(11)}         ----\n`;
  out += line("SWAP USED", swapTotal - swapFree, "TOTAL SWAP", swapTotal);
  out += line("SWAP FREE", swapFree, "TOTAL SWAP", swapTotal);
  out += "\n";
  const commitLimit = total / 2n + swapTotal;
  const committed = committedPages(prog);
  out += `${"COMMIT LIMIT".padStart(13)}  ${String(commitLimit).padStart(7)}  ${pagesToSize(commitLimit).padStart(11)}         ----\n`;
  out += line("COMMITTED", committed, "TOTAL LIMIT", commitLimit);
  return out;
}

export const kmemCommand: CrashCommand = {
  name: "kmem",
  synopsis: "[-f|-F|-p|-c|-C|-i|-s|-S|-v|-V|-n|-z|-o|-h] [slab] [[-P] address]",
  summary: "kernel memory",
  help: `  Show kernel memory information.  In this lab:

    -i          a summary of memory use (total, free, used, cached, slab, swap).
    -s          list the slab caches: address of the kmem_cache, name, object
                size, objects allocated and in total, slabs, slab size.
    -s cache    the line of one cache.
    -s address  which cache, slab and object contain this address, with the
                object shown as [allocated] or free.
    -S cache|address
                as -s, and list the objects of the slab(s).
    address     the same as -s address for slab memory.

EXAMPLES
  Which slab object holds this address from a bt -FF stack dump?

    crash> kmem -s ffff917c981c3b5c
    CACHE            NAME                 OBJSIZE  ALLOCATED     TOTAL  SLABS  SSIZE
    ffff917cff810000 kmalloc-192              192      ...
      SLAB              MEMORY            NODE  TOTAL  ALLOCATED  FREE
      ffffd8a6c0...     ffff917c981c3000     0     21         21     0
      FREE / [ALLOCATED]
      [ffff917c981c3b40]`,
  async run(session, argv) {
    const prog = session.prog;
    const opts = getopt("kmem", argv, "fFpcCisSvVnzohlLPgI:");
    const flags = opts.list.map(([c]) => c).filter((c) => c !== "I" && c !== "P");
    if (new Set(flags).size > 1) {
      session.out("kmem: only one flag allowed!\n");
      throw new CrashUsageError();
    }
    const flag = flags[0];
    if (flag === "i") {
      if (opts.args.length) {
        session.out("kmem: no address arguments allowed with this option\n");
        throw new CrashUsageError();
      }
      session.out(kmemInfo(prog));
      return;
    }
    if (flag === undefined && opts.args.length === 0) throw new CrashUsageError();
    if (flag !== undefined && flag !== "s" && flag !== "S")
      throw new CrashError(`-${flag}: this kmem option is not available in this lab (try -s, -S or -i)`);
    const verbose = flag === "S";
    const ignore = new Set((opts.get("I") ?? "").split(",").filter(Boolean));
    if (opts.args.length === 0) {
      session.out(KMEM_CACHE_HDR);
      for (const c of prog.slabs.caches.values()) {
        if (ignore.has(c.name)) {
          session.out(`${c.address.toString(16)} ${c.name.padEnd(18)} [IGNORED]\n`);
          continue;
        }
        if (verbose) await cacheDetails(session, c);
        else session.out(cacheRow(c));
      }
      return;
    }
    let first = true;
    for (const a of opts.args) {
      if (!first) session.out("\n");
      first = false;
      const cache = prog.slabs.caches.get(a.startsWith("\\") ? a.slice(1) : a);
      if (cache) {
        if (verbose) await cacheDetails(session, cache);
        else session.out(KMEM_CACHE_HDR + cacheRow(cache));
        continue;
      }
      if (!isHex(a)) continue;
      const addr = htol(a);
      const byCache = [...prog.slabs.caches.values()].find((c) => c.address === addr);
      if (byCache) {
        session.out(KMEM_CACHE_HDR + cacheRow(byCache));
        continue;
      }
      if (flag === undefined && !prog.slabs.find(addr)) {
        const r = prog.symbols.resolve(addr);
        if (r)
          session.out(
            `${r.symbol.address.toString(16)} (${r.symbol.kind}) ${r.symbol.name}${r.offset ? `+${r.offset}` : ""}\n`,
          );
        else session.out(`${addr.toString(16)}: kernel virtual address not found in mem map\n`);
        continue;
      }
      await slabOfAddress(session, addr, verbose);
    }
  },
};
