/**
 * The graders' Lustre walks (labs/server-load/lustre.ts, labs/crash-basics/memory.ts) on a small
 * hand-built image whose answers are known by construction.
 */
import { describe, expect, it } from "vitest";
import { kmallocCache, listLinks } from "../../labs/crash-basics/memory";
import {
  firstNidInMode,
  isBusyResource,
  linkCount,
  lockExport,
  locksOn,
  locksPerNid,
  namespaceName,
  namespaceOf,
  namespacesOn,
  requestSelfNids,
  resourceCache,
  resourceOid,
  resourcesAmong,
  topNid,
} from "../../labs/server-load/lustre";
import { buildMiniLustre, tcpNid } from "./mini-lustre";

const granted = [
  { mode: "LCK_PR", host: 7 },
  { mode: "LCK_PW", host: 9 },
  { mode: "LCK_PR", host: 7 },
  { mode: "LCK_PR", host: 8 },
  { mode: "LCK_PR", host: 7 },
] as const;
const waiting = [
  { mode: "LCK_PR", host: 8 },
  { mode: "LCK_PW", host: 2 },
  { mode: "LCK_PW", host: 9 },
] as const;
const mini = buildMiniLustre(granted, waiting);
const { prog } = mini;

describe("kmalloc size classes", () => {
  it("rounds a size up to the next cache, 96 and 192 included", () => {
    expect(kmallocCache(0xb0)).toBe("kmalloc-192");
    expect(kmallocCache(0x450)).toBe("kmalloc-2048");
    expect(kmallocCache(65)).toBe("kmalloc-96");
    expect(kmallocCache(128)).toBe("kmalloc-128");
    expect(kmallocCache(129)).toBe("kmalloc-192");
    expect(() => kmallocCache(8193)).toThrow();
    expect(resourceCache(prog)).toBe("kmalloc-192");
  });
});

describe("lists", () => {
  it("walks a list_head from its head, head excluded", () => {
    expect(listLinks(prog, mini.resource + 0x20n)).toHaveLength(granted.length);
    expect(listLinks(prog, mini.idleResource + 0x20n)).toEqual([]);
    expect(locksOn(prog, mini.resource, "lr_granted")).toEqual(mini.granted);
    expect(locksOn(prog, mini.resource, "lr_waiting")).toEqual(mini.waiting);
    expect(linkCount(prog, mini.resource, "lr_waiting")).toBe(3);
  });
  it("refuses a list that never comes back to its head", () => {
    const broken = buildMiniLustre([{ mode: "LCK_PR", host: 3 }], []);
    const lock = broken.granted[0];
    broken.prog.mem.writeU64(lock + 0x60n, 0n); // next = NULL
    expect(() => listLinks(broken.prog, broken.resource + 0x20n)).toThrow(/NULL/);
  });
});

describe("the resource", () => {
  it("is recognised among stack words only at its start, and only when it has granted locks", () => {
    const words = [
      0n,
      mini.resourceInterior,
      mini.idleResource,
      mini.resource,
      mini.resource,
      mini.request,
      42n,
    ];
    expect(isBusyResource(prog, mini.resource)).toBe(true);
    expect(isBusyResource(prog, mini.idleResource)).toBe(false);
    expect(resourcesAmong(prog, words)).toEqual([mini.resource]);
    expect(resourcesAmong(prog, [mini.resourceInterior])).toEqual([]);
  });
  it("has an object id, a namespace and a namespace name", () => {
    expect(resourceOid(prog, mini.resource)).toBe(0x28n);
    expect(namespaceOf(prog, mini.resource)).toBe(mini.namespace);
    expect(namespaceName(prog, mini.namespace)).toBe("filter-mini0-OST0000_UUID");
    expect(namespacesOn(prog, mini.srvListHead)).toEqual([mini.namespace]);
  });
});

describe("clients", () => {
  it("finds the first waiting lock in a mode and its client's NID", () => {
    expect(firstNidInMode(prog, mini.waiting, "LCK_PW")).toBe(tcpNid(2));
    expect(firstNidInMode(prog, mini.waiting, "LCK_PR")).toBe(tcpNid(8));
    expect(() => firstNidInMode(prog, mini.waiting, "LCK_EX")).toThrow();
  });
  it("counts locks per NID and names the top holder", () => {
    const counts = locksPerNid(prog, mini.granted);
    expect(counts.get(tcpNid(7))).toBe(3);
    expect(topNid(counts)).toBe(tcpNid(7));
    const all = locksPerNid(prog, [...mini.granted, ...mini.waiting]);
    expect(all.get(tcpNid(9))).toBe(2);
    expect(() =>
      topNid(
        new Map([
          [tcpNid(1), 2],
          [tcpNid(2), 2],
        ]),
      ),
    ).toThrow(/tie/);
  });
  it("reads each lock's export", () => {
    expect(lockExport(prog, mini.waiting[1])).toBe(mini.exports.get(2));
  });
  it("reads the server NID from a request, ignoring words that are not requests", () => {
    const words = [mini.request, mini.request + 0x3e0n, mini.resource, 0n];
    expect(requestSelfNids(prog, words)).toEqual([tcpNid(1)]);
    expect(requestSelfNids(prog, [mini.resource])).toEqual([]);
  });
});
