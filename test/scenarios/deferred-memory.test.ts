/**
 * The build shortcuts behind server_load's 82721 ldlm locks give the same memory as the plain
 * paths: deferred pages (AddressSpace.defer) behave like written ones for every reader and
 * writer, SlabRegistry.allocMany places objects as repeated alloc() calls would, Rng.u32s and
 * the shuffle keep the generator's stream, and server_load's lock slabs, composed on first
 * access, do not depend on the order they are read in.
 */
import { describe, expect, it } from "vitest";
import { deferCacheSlabs } from "../../emulator/kernel/lazy-slabs";
import { AddressSpace, FaultError, PAGE_SIZE } from "../../emulator/kernel/memory";
import { Rng } from "../../emulator/kernel/random";
import { type PageBlockSource, SlabRegistry } from "../../emulator/kernel/slab";
import { buildScenario, programDigest } from "../../emulator/scenarios/index";
import { SERVER_FACTS } from "../../emulator/scenarios/server_load";
import { listEntries } from "./helpers";

const BASE = 0xffff917700000000n;
const pageOf = (addr: bigint) => Number(addr >> 12n);

/** A space with [BASE, BASE + 1 MiB) mapped and 4 pages at BASE + 64 KiB deferred. */
function spaceWithBlock(): { mem: AddressSpace; fills: number[] } {
  const mem = new AddressSpace();
  mem.map(BASE, 0x100000, "test");
  const fills: number[] = [];
  mem.defer(pageOf(BASE + 0x10000n), 4, (bytes) => {
    fills.push(bytes.length);
    // Every byte zero on entry; mark each page with its index.
    expect(bytes.every((b) => b === 0)).toBe(true);
    for (let p = 0; p < 4; p++) bytes[p * PAGE_SIZE + 8] = 0xa0 + p;
  });
  return { mem, fills };
}

describe("AddressSpace.defer", () => {
  it("counts deferred pages as resident and computes the whole block on the first read", () => {
    const { mem, fills } = spaceWithBlock();
    mem.writeU64(BASE, 1n);
    expect([mem.residentPages, mem.deferredPages]).toEqual([5, 4]);
    expect(fills).toEqual([]);
    expect(mem.readU8(BASE + 0x12000n + 8n)).toBe(0xa2);
    expect(fills).toEqual([4 * PAGE_SIZE]);
    expect([mem.residentPages, mem.deferredPages]).toEqual([5, 0]);
    expect(mem.readU8(BASE + 0x10000n + 8n)).toBe(0xa0);
    expect(fills.length).toBe(1);
  });

  it("applies a write on top of the computed contents", () => {
    const { mem, fills } = spaceWithBlock();
    mem.writeU32(BASE + 0x13000n + 12n, 0xdeadbeef);
    expect(fills.length).toBe(1);
    expect(mem.readU8(BASE + 0x13000n + 8n)).toBe(0xa3);
    expect(mem.readU32(BASE + 0x13000n + 12n)).toBe(0xdeadbeef);
  });

  it("hands deferred pages to the digest in address order", () => {
    const { mem } = spaceWithBlock();
    mem.writeU8(BASE + 0x20000n, 7);
    mem.writeU8(BASE, 5);
    const pages = [...mem.residentPagesInOrder()];
    expect(pages.map(([k]) => k - pageOf(BASE))).toEqual([0, 0x10, 0x11, 0x12, 0x13, 0x20]);
    expect(pages.map(([, bytes]) => bytes[8])).toEqual([0, 0xa0, 0xa1, 0xa2, 0xa3, 0]);
  });

  it("refuses blocks over resident pages, over other blocks, or not naturally aligned", () => {
    const { mem } = spaceWithBlock();
    mem.writeU8(BASE + 0x40000n, 1);
    const nothing = () => {};
    expect(() => mem.defer(pageOf(BASE + 0x40000n), 4, nothing)).toThrow(/already resident/);
    expect(() => mem.defer(pageOf(BASE + 0x12000n), 2, nothing)).toThrow(/already resident/);
    expect(() => mem.defer(pageOf(BASE), 32, nothing)).toThrow(/already resident/);
    expect(() => mem.defer(pageOf(BASE + 0x51000n), 4, nothing)).toThrow(/aligned/);
    expect(() => mem.defer(pageOf(BASE + 0x50000n), 3, nothing)).toThrow(/aligned/);
  });

  it("still faults outside the mapped ranges", () => {
    const { mem } = spaceWithBlock();
    expect(() => mem.readU64(BASE + 0x200000n)).toThrow(FaultError);
  });
});

/** Pages handed out from a fixed list, then in order after it. */
class ListedPages implements PageBlockSource {
  private next = BASE + 0x1000000n;
  allocBlock(order: number): bigint {
    const b = this.next;
    this.next += BigInt(PAGE_SIZE << order);
    return b;
  }
  pageOf(addr: bigint): bigint {
    return addr >> 6n;
  }
  reserveBlock(): void {}
}

function registry(): SlabRegistry {
  const r = new SlabRegistry(new ListedPages());
  r.createCache({ name: "kioctx", objectSize: 576, order: 2, address: 0n });
  // A slab opened by a fixed object, partly used: alloc() fills its free slots first.
  r.allocAt("kioctx", BASE + 0x4000n + 3n * 576n);
  r.allocAt("kioctx", BASE + 0x4000n + 5n * 576n);
  return r;
}

describe("SlabRegistry.allocMany", () => {
  it("places objects exactly as repeated alloc() calls", () => {
    const one = registry();
    const expected = Array.from({ length: 100 }, () => one.alloc("kioctx"));
    const many = registry();
    const { hi, lo } = many.allocMany("kioctx", 100);
    const got = Array.from(hi, (h, i) => (BigInt(h) << 32n) | BigInt(lo[i]));
    expect(got).toEqual(expected);
    expect(got[0]).toBe(BASE + 0x4000n); // the fixed objects' slab first
    expect(many.cache("kioctx").allocatedObjects).toBe(one.cache("kioctx").allocatedObjects);
    // Both continue identically afterwards.
    expect(many.alloc("kioctx")).toBe(one.alloc("kioctx"));
  });
});

describe("deferCacheSlabs", () => {
  it("composes each object of a slab at its slot on first access", () => {
    const r = registry();
    const objects = r.allocMany("kioctx", 40);
    const mem = new AddressSpace();
    mem.map(BASE, 0x2000000, "test");
    const composed: number[] = [];
    deferCacheSlabs(mem, r.cache("kioctx"), objects, (id, words, at) => {
      composed.push(id);
      words[at] = 0x1000 + id;
    });
    // 2 slabs: the fixed objects' one and one opened by allocMany.
    expect(mem.deferredPages).toBe(8);
    const addr = (i: number) => (BigInt(objects.hi[i]) << 32n) | BigInt(objects.lo[i]);
    expect(mem.readU32(addr(30))).toBe(0x1000 + 30);
    expect(composed).toEqual(composed.slice().sort((a, b) => a - b));
    expect(mem.deferredPages).toBe(4);
    // The fixed objects (allocated before, not ours) stay zero.
    expect(mem.readU32(BASE + 0x4000n + 3n * 576n)).toBe(0);
    expect(mem.readU32(addr(0))).toBe(0x1000);
  });
});

describe("Rng bulk draws", () => {
  it("u32s continues the same stream as u32", () => {
    const a = new Rng(0x5e7e10ad);
    const b = new Rng(0x5e7e10ad);
    const one = Array.from({ length: 1000 }, () => a.u32());
    expect(Array.from(b.u32s(600))).toEqual(one.slice(0, 600));
    expect(Array.from({ length: 400 }, () => b.u32())).toEqual(one.slice(600));
  });

  it("shuffles plain and typed arrays as the original per-step int() loop did", () => {
    const reference = <T>(rng: Rng, a: T[]): T[] => {
      for (let i = a.length - 1; i > 0; i--) {
        const j = rng.int(i + 1);
        [a[i], a[j]] = [a[j], a[i]];
      }
      return a;
    };
    const expected = reference(
      new Rng(42),
      Array.from({ length: 5000 }, (_, i) => i),
    );
    expect(new Rng(42).shuffle(Array.from({ length: 5000 }, (_, i) => i))).toEqual(expected);
    const typed = new Rng(42).shuffle(Int32Array.from({ length: 5000 }, (_, i) => i));
    expect(Array.from(typed)).toEqual(expected);
  });
});

describe("server_load's lock slabs", () => {
  it("are deferred by the build and composed one slab per first read", () => {
    const prog = buildScenario("server_load");
    const kioctx = prog.slabs.cache("kioctx");
    expect(prog.mem.deferredPages).toBe(kioctx.slabs.length * 4);
    const first = prog.readU64(SERVER_FACTS.resource + 0x20n) - 0x60n;
    expect(first).toBe(SERVER_FACTS.grantedFirst);
    expect(prog.mem.deferredPages).toBe(kioctx.slabs.length * 4);
    expect(prog.readMember(first, "ldlm_lock", "l_resource")).toBe(SERVER_FACTS.resource);
    expect(prog.mem.deferredPages).toBe(kioctx.slabs.length * 4 - 4);
    // Counted before they exist: the same number as once all are computed.
    const resident = prog.mem.residentPages;
    expect([...prog.mem.residentPagesInOrder()].length).toBe(resident);
    expect(prog.mem.deferredPages).toBe(0);
  });

  it("hold the same bytes whatever order they are read in", () => {
    // Walk the granted list backwards (the last slabs first), then digest; against a digest
    // of a fresh build (which computes the slabs in address order).
    const walked = buildScenario("server_load");
    const head = SERVER_FACTS.resource + 0x20n;
    const prevs: bigint[] = [];
    for (let p = walked.readU64(head + 8n); p !== head && prevs.length < 100_000; p = walked.readU64(p + 8n))
      prevs.push(p);
    expect(prevs.length).toBe(SERVER_FACTS.granted);
    expect(listEntries(walked, SERVER_FACTS.resource + 0x30n).map((l) => l - 0x60n)).toEqual(
      SERVER_FACTS.waiting,
    );
    expect(programDigest(walked)).toBe(programDigest(buildScenario("server_load")));
  });
});
