/**
 * The physical page allocator as seen through the direct map: hands out naturally aligned
 * 2^order page blocks at seeded pseudo-random physical addresses (as a long-running machine's
 * fragmented memory would), never twice, and never over a block a scenario pinned.
 */
import { PAGE_SIZE } from "./memory";
import type { Rng } from "./random";
import type { PageBlockSource } from "./slab";

/** sizeof(struct page) on x86_64 3.10. */
export const STRUCT_PAGE_SIZE = 64n;

export class DirectMapPages implements PageBlockSource {
  private readonly used = new Set<number>(); // pfn
  /** First and last frame allocBlock draws from (constant: no BigInt division per block). */
  private readonly lowPfn: number;
  private readonly maxPfn: number;

  constructor(
    /** page_offset_base: virtual address of physical 0. */
    readonly pageOffsetBase: bigint,
    /** vmemmap_base: virtual address of struct page for pfn 0. */
    readonly vmemmapBase: bigint,
    /** Physical memory size in bytes. */
    readonly physBytes: bigint,
    private readonly rng: Rng,
    /** Low physical memory left to firmware and the kernel image. */
    lowReserved = 64n * 1024n * 1024n,
  ) {
    this.lowPfn = Number(lowReserved / BigInt(PAGE_SIZE));
    this.maxPfn = Number(physBytes / BigInt(PAGE_SIZE));
  }

  pfnOf(addr: bigint): number {
    return Number((addr - this.pageOffsetBase) >> 12n);
  }

  pageOf(addr: bigint): bigint {
    return this.vmemmapBase + BigInt(this.pfnOf(addr)) * STRUCT_PAGE_SIZE;
  }

  isDirectMap(addr: bigint): boolean {
    return addr >= this.pageOffsetBase && addr < this.pageOffsetBase + this.physBytes;
  }

  reserveBlock(base: bigint, order: number): void {
    const pfn = this.pfnOf(base);
    for (let i = 0; i < 1 << order; i++) this.used.add(pfn + i);
  }

  allocBlock(order: number): bigint {
    const pages = 1 << order;
    for (let attempt = 0; attempt < 1000; attempt++) {
      const pfn = Math.floor(this.rng.range(this.lowPfn, this.maxPfn - pages) / pages) * pages;
      let free = true;
      for (let i = 0; i < pages && free; i++) if (this.used.has(pfn + i)) free = false;
      if (!free) continue;
      for (let i = 0; i < pages; i++) this.used.add(pfn + i);
      return this.pageOffsetBase + BigInt(pfn) * BigInt(PAGE_SIZE);
    }
    throw new Error("out of physical memory");
  }

  /** A block near `hint` (same 2 MiB region when possible), for objects allocated together. */
  allocBlockNear(order: number, hint: bigint): bigint {
    const pages = 1 << order;
    const start = Math.floor(this.pfnOf(hint) / 512) * 512;
    for (let pfn = start; pfn < start + 512; pfn += pages) {
      let free = true;
      for (let i = 0; i < pages && free; i++) if (this.used.has(pfn + i)) free = false;
      if (!free) continue;
      for (let i = 0; i < pages; i++) this.used.add(pfn + i);
      return this.pageOffsetBase + BigInt(pfn) * BigInt(PAGE_SIZE);
    }
    return this.allocBlock(order);
  }
}
