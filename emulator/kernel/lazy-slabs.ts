/**
 * Slabs whose objects are composed when one of their pages is first accessed (AddressSpace.defer):
 * for a cache holding tens of thousands of objects of one kind (server_load's 82721 ldlm locks in
 * kioctx slabs), the build records each object's values and the address space computes a slab
 * only when a reader, a writer or the digest gets there. An object is composed with plain 32-bit
 * stores into the slab's words: per-member writes through AddressSpace would cost a BigInt and
 * a page lookup each.
 */
import { type AddressSpace, PAGE_SIZE } from "./memory";
import type { KmemCache, ObjectAddresses } from "./slab";

/** Whether this host stores a Uint32Array's words least significant byte first. */
const HOST_LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;

/**
 * Writes object `id` into a slab being computed: `words` are the slab's 32-bit words (zeroed,
 * host byte order), the object starts at words[at].
 */
export type ComposeObject = (id: number, words: Uint32Array, at: number) => void;

/**
 * Defer every slab `cache` has so far: a slab is computed by calling `compose` for each object
 * of `objects` it holds (object i is hi[i]:lo[i]), in slot order; the rest of it stays zero.
 * Writes to the cache's objects after this land on the computed slab.
 */
export function deferCacheSlabs(
  mem: AddressSpace,
  cache: KmemCache,
  objects: ObjectAddresses,
  compose: ComposeObject,
): void {
  if (cache.size % 4 !== 0) throw new Error(`${cache.name}: objects are not 4-byte aligned`);
  const pagesPerSlab = cache.slabBytes / PAGE_SIZE;
  const index = new SlabIndex(cache, objects);
  const wordsPerObject = cache.size / 4;
  for (const slab of cache.slabs) {
    const page = Number(slab.base >> 12n);
    mem.defer(page, pagesPerSlab, (bytes) => {
      const words = new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4);
      const ids = index.objectsIn(page / pagesPerSlab);
      if (ids)
        for (let slot = 0; slot < ids.length; slot++)
          if (ids[slot] >= 0) compose(ids[slot], words, slot * wordsPerObject);
      // The dump is little-endian; a big-endian host composed its words the other way round.
      if (!HOST_LITTLE_ENDIAN) swapWordBytes(words);
    });
  }
}

/**
 * Which object sits in each slot of each slab, built when the first slab is computed (the build
 * itself never walks the objects).
 */
class SlabIndex {
  /** Slab number (base / slab size) → object id by slot, -1 for slots without one. */
  private bySlab: Map<number, Int32Array> | undefined;

  constructor(
    private readonly cache: KmemCache,
    private readonly objects: ObjectAddresses,
  ) {}

  objectsIn(slab: number): Int32Array | undefined {
    this.bySlab ??= this.build();
    return this.bySlab.get(slab);
  }

  private build(): Map<number, Int32Array> {
    const { hi, lo } = this.objects;
    const { cache } = this;
    const bytes = cache.slabBytes;
    const slabsPer4G = 0x100000000 / bytes;
    const bySlab = new Map<number, Int32Array>();
    let last = -1;
    let ids: Int32Array | undefined;
    for (let i = 0; i < hi.length; i++) {
      // Exact: below 2^53 for slabs of a page or more.
      const slab = hi[i] * slabsPer4G + Math.floor(lo[i] / bytes);
      if (slab !== last) {
        ids = bySlab.get(slab);
        if (!ids) {
          ids = new Int32Array(cache.objectsPerSlab).fill(-1);
          bySlab.set(slab, ids);
        }
        last = slab;
      }
      const slot = (lo[i] % bytes) / cache.size;
      if (!Number.isInteger(slot) || slot >= cache.objectsPerSlab)
        throw new Error(
          `${hi[i].toString(16)}${lo[i].toString(16).padStart(8, "0")} is not a ${cache.name} object`,
        );
      ids![slot] = i;
    }
    return bySlab;
  }
}

function swapWordBytes(words: Uint32Array): void {
  for (let i = 0; i < words.length; i++) {
    const x = words[i];
    words[i] = ((x & 0xff) << 24) | ((x & 0xff00) << 8) | ((x >>> 8) & 0xff00) | (x >>> 24);
  }
}
