/**
 * A sparse little-endian 64-bit address space, the way a vmcore looks to a debugger:
 * only mapped ranges can be read; reading elsewhere fails like a dump with a hole.
 * Pages are allocated on first write; mapped-but-unwritten memory reads as zeros.
 */

export const PAGE_SHIFT = 12n;
export const PAGE_SIZE = 4096;
const PAGE_MASK = 0xfffn;
const CHUNK_BYTES = 256 * PAGE_SIZE;

/** A read of memory the dump does not contain. */
export class FaultError extends Error {
  constructor(
    readonly address: bigint,
    readonly size: number,
  ) {
    super(`invalid kernel virtual address: ${address.toString(16)}`);
    this.name = "FaultError";
  }
}

interface Range {
  start: bigint;
  end: bigint; // exclusive
  name: string;
}

/** Pages whose bytes are computed on first access (see AddressSpace.defer). */
interface DeferredPages {
  /** Page number (address >> 12) of the first page. */
  readonly first: number;
  readonly count: number;
  readonly fill: (bytes: Uint8Array) => void;
}

export class AddressSpace {
  private readonly pages = new Map<number, DataView>();
  /** Pages are carved out of larger buffers: one allocation per 256 pages instead of one per page. */
  private chunk: ArrayBuffer | null = null;
  private chunkUsed = 0;
  /**
   * Deferred blocks not computed yet, by first page number. Blocks are naturally aligned, so
   * the block of a page is found from its page number and the block sizes in use.
   */
  private readonly deferred = new Map<number, DeferredPages>();
  private readonly deferredSizes = new Set<number>();
  private deferredCount = 0;
  private ranges: Range[] = [];
  private sorted = true;

  /** Declare [start, start+size) readable. `name` documents the region (direct map, module text...). */
  map(start: bigint, size: bigint | number, name: string): void {
    this.ranges.push({ start, end: start + BigInt(size), name });
    this.sorted = false;
  }

  /** The mapped region containing addr, or undefined. */
  regionOf(addr: bigint): Range | undefined {
    if (!this.sorted) {
      this.ranges.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
      this.sorted = true;
    }
    const r = this.ranges;
    let lo = 0;
    let hi = r.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (addr < r[mid].start) hi = mid - 1;
      else if (addr >= r[mid].end) lo = mid + 1;
      else return r[mid];
    }
    return undefined;
  }

  isMapped(addr: bigint, size = 1): boolean {
    const r = this.regionOf(addr);
    return r !== undefined && addr + BigInt(size) <= r.end;
  }

  private pageForRead(addr: bigint, size: number): DataView | null {
    const key = Number(addr >> PAGE_SHIFT);
    const page = this.pages.get(key) ?? this.materialized(key);
    if (page) return page;
    if (!this.isMapped(addr, size)) throw new FaultError(addr, size);
    return null;
  }

  private pageForWrite(addr: bigint): DataView {
    return this.writablePage(Number(addr >> PAGE_SHIFT));
  }

  /**
   * Page number `key` (address >> 12) for writing, allocated zeroed on first use: for builders
   * that locate a structure's page once and store its members as plain numbers.
   */
  writablePage(key: number): DataView {
    let page = this.pages.get(key) ?? this.materialized(key);
    if (!page) {
      const bytes = this.carve(1);
      page = new DataView(bytes.buffer, bytes.byteOffset, PAGE_SIZE);
      this.pages.set(key, page);
    }
    return page;
  }

  /** `count` contiguous zeroed pages of storage. */
  private carve(count: number): Uint8Array {
    const bytes = count * PAGE_SIZE;
    if (bytes > CHUNK_BYTES) return new Uint8Array(bytes);
    if (!this.chunk || this.chunkUsed + bytes > CHUNK_BYTES) {
      this.chunk = new ArrayBuffer(CHUNK_BYTES);
      this.chunkUsed = 0;
    }
    const carved = new Uint8Array(this.chunk, this.chunkUsed, bytes);
    this.chunkUsed += bytes;
    return carved;
  }

  /**
   * Make pages `first` .. `first + count - 1` part of the dump without computing them yet:
   * `fill` writes their bytes (zeroed and contiguous on entry) the first time any of them is
   * read, written or enumerated. For large regular contents most sessions never look at
   * (server_load's 82721 ldlm locks: 46 MB), which the build then neither composes nor
   * touches. `count` is a power of two and `first` a multiple of it (a slab, naturally
   * aligned); the pages must not hold anything yet.
   */
  defer(first: number, count: number, fill: (bytes: Uint8Array) => void): void {
    if (count < 1 || (count & (count - 1)) !== 0 || first % count !== 0)
      throw new Error(`deferred block of ${count} pages at page ${first} is not naturally aligned`);
    for (let k = first; k < first + count; k++)
      if (this.pages.has(k) || this.deferredBlock(k))
        throw new Error(`page ${(BigInt(k) << PAGE_SHIFT).toString(16)} is already resident`);
    this.deferred.set(first, { first, count, fill });
    this.deferredSizes.add(count);
    this.deferredCount += count;
  }

  /** The deferred block holding page `key`. */
  private deferredBlock(key: number): DeferredPages | undefined {
    for (const size of this.deferredSizes) {
      const block = this.deferred.get(key - (key % size));
      if (block?.count === size) return block;
    }
    return undefined;
  }

  /** The page `key` after computing its deferred block, or undefined when it has none. */
  private materialized(key: number): DataView | undefined {
    const block = this.deferredCount ? this.deferredBlock(key) : undefined;
    if (!block) return undefined;
    this.deferred.delete(block.first);
    this.deferredCount -= block.count;
    const bytes = this.carve(block.count);
    for (let k = 0; k < block.count; k++)
      this.pages.set(
        block.first + k,
        new DataView(bytes.buffer, bytes.byteOffset + k * PAGE_SIZE, PAGE_SIZE),
      );
    block.fill(bytes);
    return this.pages.get(key);
  }

  readU8(addr: bigint): number {
    const p = this.pageForRead(addr, 1);
    return p ? p.getUint8(Number(addr & PAGE_MASK)) : 0;
  }

  readU16(addr: bigint): number {
    const off = Number(addr & PAGE_MASK);
    if (off > PAGE_SIZE - 2) return this.readU8(addr) | (this.readU8(addr + 1n) << 8);
    const p = this.pageForRead(addr, 2);
    return p ? p.getUint16(off, true) : 0;
  }

  readU32(addr: bigint): number {
    const off = Number(addr & PAGE_MASK);
    if (off > PAGE_SIZE - 4) return (this.readU16(addr) | (this.readU16(addr + 2n) << 16)) >>> 0;
    const p = this.pageForRead(addr, 4);
    return p ? p.getUint32(off, true) : 0;
  }

  readU64(addr: bigint): bigint {
    const off = Number(addr & PAGE_MASK);
    if (off > PAGE_SIZE - 8) return BigInt(this.readU32(addr)) | (BigInt(this.readU32(addr + 4n)) << 32n);
    const p = this.pageForRead(addr, 8);
    return p ? p.getBigUint64(off, true) : 0n;
  }

  readS64(addr: bigint): bigint {
    return BigInt.asIntN(64, this.readU64(addr));
  }

  readBytes(addr: bigint, size: number): Uint8Array {
    const out = new Uint8Array(size);
    let done = 0;
    while (done < size) {
      const a = addr + BigInt(done);
      const off = Number(a & PAGE_MASK);
      const n = Math.min(size - done, PAGE_SIZE - off);
      const p = this.pageForRead(a, n);
      if (p) out.set(new Uint8Array(p.buffer, p.byteOffset + off, n), done);
      done += n;
    }
    return out;
  }

  /** NUL-terminated string, at most `max` bytes (Latin-1, as the kernel's char arrays). */
  readCString(addr: bigint, max = 4096): string {
    let s = "";
    for (let i = 0; i < max; i++) {
      const c = this.readU8(addr + BigInt(i));
      if (c === 0) break;
      s += String.fromCharCode(c);
    }
    return s;
  }

  writeU8(addr: bigint, v: number): void {
    this.pageForWrite(addr).setUint8(Number(addr & PAGE_MASK), v);
  }

  writeU16(addr: bigint, v: number): void {
    const off = Number(addr & PAGE_MASK);
    if (off > PAGE_SIZE - 2) {
      this.writeU8(addr, v & 0xff);
      this.writeU8(addr + 1n, (v >> 8) & 0xff);
    } else this.pageForWrite(addr).setUint16(off, v, true);
  }

  writeU32(addr: bigint, v: number): void {
    const off = Number(addr & PAGE_MASK);
    if (off > PAGE_SIZE - 4) {
      this.writeU16(addr, v & 0xffff);
      this.writeU16(addr + 2n, (v >>> 16) & 0xffff);
    } else this.pageForWrite(addr).setUint32(off, v >>> 0, true);
  }

  writeU64(addr: bigint, v: bigint): void {
    const off = Number(addr & PAGE_MASK);
    if (off > PAGE_SIZE - 8) {
      const u = BigInt.asUintN(64, v);
      this.writeU32(addr, Number(u & 0xffffffffn));
      this.writeU32(addr + 4n, Number(u >> 32n));
    } else this.pageForWrite(addr).setBigUint64(off, v, true); // stores v modulo 2^64
  }

  /** Consecutive 64-bit words from addr (a stack frame's locals): the page is found once. */
  writeU64s(addr: bigint, values: readonly bigint[]): void {
    const firstPage = Number(addr >> PAGE_SHIFT);
    const start = Number(addr & PAGE_MASK);
    let key = -1;
    let page: DataView | undefined;
    for (let k = 0; k < values.length; k++) {
      const off = start + 8 * k;
      const at = off % PAGE_SIZE;
      if (at > PAGE_SIZE - 8) {
        this.writeU64(addr + BigInt(8 * k), values[k]);
        continue;
      }
      if (firstPage + Math.floor(off / PAGE_SIZE) !== key) {
        key = firstPage + Math.floor(off / PAGE_SIZE);
        page = this.writablePage(key);
      }
      page!.setBigUint64(at, values[k], true);
    }
  }

  writeBytes(addr: bigint, bytes: Uint8Array): void {
    let done = 0;
    while (done < bytes.length) {
      const a = addr + BigInt(done);
      const off = Number(a & PAGE_MASK);
      const n = Math.min(bytes.length - done, PAGE_SIZE - off);
      const page = this.pageForWrite(a);
      new Uint8Array(page.buffer, page.byteOffset + off, n).set(bytes.subarray(done, done + n));
      done += n;
    }
  }

  /**
   * Like writeBytes, but takes ownership of `bytes`: page-aligned pages that are not resident yet
   * become views into the caller's buffer instead of copies (scenario builders fill whole slabs
   * in their own buffers). The caller must not modify `bytes` afterwards.
   */
  adoptBytes(addr: bigint, bytes: Uint8Array): void {
    if ((addr & PAGE_MASK) !== 0n || bytes.length % PAGE_SIZE !== 0) {
      this.writeBytes(addr, bytes);
      return;
    }
    for (let off = 0; off < bytes.length; off += PAGE_SIZE) {
      const a = addr + BigInt(off);
      const key = Number(a >> PAGE_SHIFT);
      const existing = this.pages.get(key) ?? this.materialized(key);
      if (existing)
        new Uint8Array(existing.buffer, existing.byteOffset, PAGE_SIZE).set(
          bytes.subarray(off, off + PAGE_SIZE),
        );
      else this.pages.set(key, new DataView(bytes.buffer, bytes.byteOffset + off, PAGE_SIZE));
    }
  }

  /** Writes the string's bytes plus a terminating NUL. */
  writeCString(addr: bigint, s: string): void {
    const b = new Uint8Array(s.length + 1);
    for (let i = 0; i < s.length; i++) b[i] = s.charCodeAt(i) & 0xff;
    this.writeBytes(addr, b);
  }

  /** Pages the dump holds (deferred ones included), for benchmarks and summaries. */
  get residentPages(): number {
    return this.pages.size + this.deferredCount;
  }

  /** Deferred pages not computed yet (a part of residentPages). */
  get deferredPages(): number {
    return this.deferredCount;
  }

  /** Deterministic digest input: every resident page in address order (deferred ones computed). */
  *residentPagesInOrder(): Generator<[number, Uint8Array]> {
    for (const first of [...this.deferred.keys()]) this.materialized(first);
    const keys = [...this.pages.keys()].sort((a, b) => a - b);
    for (const k of keys) {
      const p = this.pages.get(k)!;
      yield [k, new Uint8Array(p.buffer, p.byteOffset, PAGE_SIZE)];
    }
  }
}
