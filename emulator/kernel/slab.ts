/**
 * SLUB caches that own every allocated object, so any address anywhere inside an object
 * answers "which cache, which object" (crash's `[addr:slab]` annotations and `kmem -s addr`).
 * Slabs are naturally aligned blocks of 2^order pages, as the page allocator returns them.
 */
import { PAGE_SIZE } from "./memory";

export interface KmemCacheInit {
  readonly name: string;
  /** sizeof the object as created (kmem_cache.object_size). */
  readonly objectSize: number;
  /** Stride between objects in a slab (kmem_cache.size: object + metadata + alignment). */
  readonly size?: number;
  /** log2 of pages per slab. */
  readonly order: number;
  /** Address of the struct kmem_cache itself. */
  readonly address: bigint;
}

export class KmemCache {
  readonly name: string;
  readonly objectSize: number;
  readonly size: number;
  readonly order: number;
  readonly address: bigint;
  readonly objectsPerSlab: number;
  readonly slabs: Slab[] = [];
  /**
   * Slabs and objects of a busy machine that the scenario does not model one by one
   * (they exist in the summary counts of `kmem -s`, never at an address).
   */
  unmodelledSlabs = 0;
  unmodelledObjects = 0;

  constructor(init: KmemCacheInit) {
    this.name = init.name;
    this.objectSize = init.objectSize;
    this.size = init.size ?? init.objectSize;
    this.order = init.order;
    this.address = init.address;
    this.objectsPerSlab = Math.floor((PAGE_SIZE << init.order) / this.size);
  }

  get slabBytes(): number {
    return PAGE_SIZE << this.order;
  }

  get allocatedObjects(): number {
    return this.slabs.reduce((n, s) => n + s.inuse, 0) + this.unmodelledObjects;
  }

  get totalObjects(): number {
    return (this.slabs.length + this.unmodelledSlabs) * this.objectsPerSlab;
  }
}

export class Slab {
  readonly allocated: Uint8Array;
  inuse = 0;
  constructor(
    readonly cache: KmemCache,
    readonly base: bigint,
    /** Address of the struct page describing the slab's first page. */
    readonly page: bigint,
  ) {
    this.allocated = new Uint8Array(cache.objectsPerSlab);
  }

  objectAddress(index: number): bigint {
    return this.base + BigInt(index * this.cache.size);
  }
}

export interface SlabObject {
  readonly cache: KmemCache;
  readonly slab: Slab;
  /** Start of the object containing the address. */
  readonly object: bigint;
  readonly index: number;
  /** Whether the object is allocated (free objects still belong to the cache). */
  readonly allocated: boolean;
}

/** Object addresses as unsigned 32-bit halves: address i is (hi[i] << 32) | lo[i]. */
export interface ObjectAddresses {
  readonly hi: Uint32Array;
  readonly lo: Uint32Array;
}

/** Supplies physically contiguous, aligned blocks from the direct map for new slabs. */
export interface PageBlockSource {
  allocBlock(order: number): bigint;
  /** struct page address for a direct-map address. */
  pageOf(addr: bigint): bigint;
  /** Reserve the block containing addr (an object the slides place at a fixed address). */
  reserveBlock(base: bigint, order: number): void;
}

export class SlabRegistry {
  readonly caches = new Map<string, KmemCache>();
  /** Slab base page number → slab; lookups try each order's alignment. */
  private readonly slabsByBase = new Map<number, Slab>();
  private readonly orders = new Set<number>();

  constructor(private readonly pages: PageBlockSource) {}

  createCache(init: KmemCacheInit): KmemCache {
    const c = new KmemCache(init);
    this.caches.set(c.name, c);
    this.orders.add(c.order);
    return c;
  }

  cache(name: string): KmemCache {
    const c = this.caches.get(name);
    if (!c) throw new Error(`no kmem cache ${name}`);
    return c;
  }

  private addSlab(cache: KmemCache, base: bigint): Slab {
    const slab = new Slab(cache, base, this.pages.pageOf(base));
    cache.slabs.push(slab);
    this.slabsByBase.set(Number(base >> 12n), slab);
    return slab;
  }

  /** Allocate the object at exactly addr (must be an object boundary of the cache). */
  allocAt(cacheName: string, addr: bigint): bigint {
    const cache = this.cache(cacheName);
    const base = addr & ~BigInt(cache.slabBytes - 1);
    let slab = this.slabsByBase.get(Number(base >> 12n));
    if (!slab) {
      this.pages.reserveBlock(base, cache.order);
      slab = this.addSlab(cache, base);
    } else if (slab.cache !== cache)
      throw new Error(`${addr.toString(16)} is in a ${slab.cache.name} slab, not ${cacheName}`);
    const off = Number(addr - base);
    if (off % cache.size !== 0 || off / cache.size >= cache.objectsPerSlab)
      throw new Error(`${addr.toString(16)} is not an object boundary of ${cacheName}`);
    const idx = off / cache.size;
    if (!slab.allocated[idx]) {
      slab.allocated[idx] = 1;
      slab.inuse++;
    }
    return addr;
  }

  /** Allocate the next free object of a cache, opening a new slab when the last is full. */
  alloc(cacheName: string): bigint {
    const cache = this.cache(cacheName);
    let slab = cache.slabs[cache.slabs.length - 1];
    if (!slab || slab.inuse >= cache.objectsPerSlab)
      slab = this.addSlab(cache, this.pages.allocBlock(cache.order));
    for (let i = 0; i < cache.objectsPerSlab; i++) {
      if (!slab.allocated[i]) {
        slab.allocated[i] = 1;
        slab.inuse++;
        return slab.objectAddress(i);
      }
    }
    throw new Error("unreachable: slab full");
  }

  /**
   * `count` alloc(cacheName) calls at once: the same objects in the same order (the same slabs
   * opened from the page source), returned as 32-bit halves so that callers placing tens of
   * thousands of objects never build a BigInt per object.
   */
  allocMany(cacheName: string, count: number): ObjectAddresses {
    const cache = this.cache(cacheName);
    const hi = new Uint32Array(count);
    const lo = new Uint32Array(count);
    let slab = cache.slabs[cache.slabs.length - 1];
    let n = 0;
    while (n < count) {
      if (!slab || slab.inuse >= cache.objectsPerSlab)
        slab = this.addSlab(cache, this.pages.allocBlock(cache.order));
      // A slab never crosses a 4 GiB boundary (naturally aligned, at most 2^31 bytes): hi is shared.
      const baseHi = Number(slab.base >> 32n);
      const baseLo = Number(slab.base & 0xffffffffn);
      for (let i = 0; i < cache.objectsPerSlab && n < count; i++) {
        if (slab.allocated[i]) continue;
        slab.allocated[i] = 1;
        slab.inuse++;
        hi[n] = baseHi;
        lo[n] = baseLo + i * cache.size;
        n++;
      }
    }
    return { hi, lo };
  }

  /** Mark an object free again (it keeps belonging to its cache). */
  free(addr: bigint): void {
    const o = this.find(addr);
    if (!o || !o.allocated) return;
    o.slab.allocated[o.index] = 0;
    o.slab.inuse--;
  }

  /** Which cache and object contain addr, or undefined when addr is not in any slab. */
  find(addr: bigint): SlabObject | undefined {
    for (const order of this.orders) {
      const bytes = BigInt(PAGE_SIZE << order);
      const base = addr & ~(bytes - 1n);
      const slab = this.slabsByBase.get(Number(base >> 12n));
      if (!slab || slab.cache.order !== order) continue;
      const off = Number(addr - base);
      const index = Math.floor(off / slab.cache.size);
      if (index >= slab.cache.objectsPerSlab) return undefined;
      return {
        cache: slab.cache,
        slab,
        object: slab.objectAddress(index),
        index,
        allocated: slab.allocated[index] === 1,
      };
    }
    return undefined;
  }
}
