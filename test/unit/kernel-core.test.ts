import { describe, expect, it } from "vitest";
import { defineTypes } from "../../emulator/kernel/ctypes";
import { AddressSpace, FaultError } from "../../emulator/kernel/memory";
import { DirectMapPages } from "../../emulator/kernel/pagealloc";
import { Rng } from "../../emulator/kernel/random";
import { SlabRegistry } from "../../emulator/kernel/slab";
import { SymbolTable } from "../../emulator/kernel/symbols";
import { declaration, resolveMemberPath, sizeOf, TypeRegistry } from "../../emulator/kernel/types";

describe("AddressSpace", () => {
  it("reads back little-endian values across page boundaries and faults on holes", () => {
    const m = new AddressSpace();
    const base = 0xffff917c981c3000n;
    m.map(base, 0x2000, "direct map");
    m.writeU64(base + 0xffcn, 0x1122334455667788n);
    expect(m.readU64(base + 0xffcn)).toBe(0x1122334455667788n);
    expect(m.readU32(base + 0xffcn)).toBe(0x55667788);
    expect(m.readU8(base + 0x1003n)).toBe(0x11);
    expect(m.readU64(base + 0x1800n)).toBe(0n); // mapped, never written
    expect(() => m.readU64(base + 0x2000n)).toThrow(FaultError);
    m.writeCString(base + 0x10n, "filter-testfs0-OST0000_UUID");
    expect(m.readCString(base + 0x10n)).toBe("filter-testfs0-OST0000_UUID");
  });
});

describe("type definitions", () => {
  const reg = new TypeRegistry();
  defineTypes(
    reg,
    `
    typedef unsigned long long __u64;
    typedef struct { int counter; } atomic_t;
    struct list_head { struct list_head *next; struct list_head *prev; };
    enum ldlm_mode { LCK_MINMODE = 0, LCK_EX = 1, LCK_PW = 2, LCK_PR = 4 };
    struct ldlm_res_id { __u64 name[4]; };
    struct ldlm_lock {
      [0x48] struct ldlm_resource *l_resource;
      [0x60] struct list_head l_res_link;
      [0x98] enum ldlm_mode l_req_mode;
      union {
        [0x160] long l_activity;
        [0x160] long l_blast_sent;
      };
      [0x1c0] unsigned int l_pid;
      [0x1c8] void (*l_completion_ast)(struct ldlm_lock *, int, void *);
      [0x1d0] unsigned int l_a : 3, l_b : 5;
    } SIZE 0x230;
  `,
  );
  it("lays out members at the given offsets", () => {
    const lock = reg.completeStruct("ldlm_lock")!;
    expect(lock.size).toBe(0x230);
    expect(resolveMemberPath(lock, "l_res_link.prev").offset).toBe(0x68);
    expect(resolveMemberPath(lock, "l_blast_sent").offset).toBe(0x160);
    expect(resolveMemberPath(lock, "l_b")).toMatchObject({ offset: 0x1d0, bitOffset: 3, bitSize: 5 });
    expect(sizeOf(reg.completeStruct("ldlm_res_id")!)).toBe(32);
    expect(resolveMemberPath(reg.completeStruct("ldlm_res_id")!, "name[2]").offset).toBe(16);
  });
  it("prints declarations as gdb does", () => {
    const lock = reg.completeStruct("ldlm_lock")!;
    const m = (n: string) => lock.members.find((x) => x.name === n)!;
    expect(declaration(m("l_resource").type, "l_resource")).toBe("struct ldlm_resource *l_resource");
    expect(declaration(m("l_completion_ast").type, "l_completion_ast")).toBe(
      "void (*l_completion_ast)(struct ldlm_lock *, int, void *)",
    );
    expect(declaration(reg.completeStruct("ldlm_res_id")!.members[0].type, "name")).toBe("__u64 name[4]");
    expect(reg.enumerators.get("LCK_PR")?.[0]).toBe(4n);
  });
});

describe("slabs and symbols", () => {
  it("finds the cache and object for any address inside an object", () => {
    const pages = new DirectMapPages(0xffff917700000000n, 0xffffd8a6c0000000n, 32n << 30n, new Rng(1));
    const slabs = new SlabRegistry(pages);
    slabs.createCache({ name: "kioctx", objectSize: 576, order: 2, address: 0xffff917cff800000n });
    slabs.allocAt("kioctx", 0xffff917c62522f40n);
    const hit = slabs.find(0xffff917c62522f40n + 0x60n)!;
    expect(hit.cache.name).toBe("kioctx");
    expect(hit.object).toBe(0xffff917c62522f40n);
    const other = slabs.alloc("kioctx");
    expect(slabs.find(other)?.object).toBe(other);
  });
  it("resolves addresses to name+offset", () => {
    const t = new SymbolTable();
    t.add({ name: "do_vfs_ioctl", address: 0xffffffffa4e56630n, size: 0x5a0, kind: "T" });
    t.add({ name: "SyS_ioctl", address: 0xffffffffa4e56bd0n, size: 0xc0, kind: "T" });
    t.add({ name: "sys_ioctl", address: 0xffffffffa4e56bd0n, size: 0xc0, kind: "T" });
    expect(t.resolve(0xffffffffa4e569d0n)).toMatchObject({ symbol: { name: "do_vfs_ioctl" }, offset: 0x3a0 });
    expect(t.resolve(0xffffffffa4e56c71n)?.offset).toBe(0xa1);
    expect(t.at(0xffffffffa4e56bd0n).map((s) => s.name)).toEqual(["SyS_ioctl", "sys_ioctl"]);
  });
});
