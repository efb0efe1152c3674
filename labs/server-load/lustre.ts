/**
 * Lustre structures of the server_load dump, walked from a known address: an ldlm_resource, its
 * namespace, its granted and waiting ldlm_lock lists, each lock's client NID
 * (l_export → exp_connection → c_peer.nid), and the server NID of a ptlrpc_request. Offsets come
 * from the dump's type information (prog.offsetOf), never from constants, so the walks follow
 * whatever layout `struct -o` shows. Depends only on the Program API (tested on hand-built
 * programs in test/labs/lustre.test.ts).
 */
import type { Program } from "../../emulator/kernel/program";
import { enumValue, kmallocCache, listEntries, listLinks } from "../crash-basics/memory";

export type LockList = "lr_granted" | "lr_waiting";

/** The slab cache `struct ldlm_resource` objects come from: kmalloc-<next size class>. */
export function resourceCache(prog: Program): string {
  return kmallocCache(prog.struct("ldlm_resource").size);
}

export function listHead(prog: Program, resource: bigint, list: LockList): bigint {
  return resource + BigInt(prog.offsetOf("ldlm_resource", list));
}

/**
 * Whether addr holds an ldlm_resource with at least one granted lock: the first lock of its
 * granted list points back to it through l_resource.
 */
export function isBusyResource(prog: Program, addr: bigint): boolean {
  try {
    const head = listHead(prog, addr, "lr_granted");
    const first = prog.readU64(head);
    if (first === head || first === 0n) return false;
    const lock = first - BigInt(prog.offsetOf("ldlm_lock", "l_res_link"));
    return prog.readMember(lock, "ldlm_lock", "l_resource") === addr;
  } catch {
    return false;
  }
}

/** Among stack words, the starts of allocated objects of the resource cache that are busy resources. */
export function resourcesAmong(prog: Program, words: readonly bigint[]): bigint[] {
  const cache = resourceCache(prog);
  const found = new Set<bigint>();
  for (const word of words) {
    const hit = prog.slabs.find(word);
    if (
      hit &&
      hit.object === word &&
      hit.allocated &&
      hit.cache.name === cache &&
      isBusyResource(prog, word)
    ) {
      found.add(word);
    }
  }
  return [...found];
}

/** lr_name.name[0]: the object id of an OST resource. */
export function resourceOid(prog: Program, resource: bigint): bigint {
  return prog.readMember(resource, "ldlm_resource", "lr_name.name[0]");
}

/** lr_ns_bucket → nsb_namespace, as the lesson walks it with `struct`. */
export function namespaceOf(prog: Program, resource: bigint): bigint {
  const bucket = prog.readMember(resource, "ldlm_resource", "lr_ns_bucket");
  return prog.readMember(bucket, "ldlm_ns_bucket", "nsb_namespace");
}

export function namespaceName(prog: Program, namespace: bigint): string {
  return prog.readCString(prog.readMember(namespace, "ldlm_namespace", "ns_name"));
}

/** The namespaces on a list_head of namespaces linked by ns_list_chain (ldlm_srv_namespace_list). */
export function namespacesOn(prog: Program, head: bigint): bigint[] {
  return listEntries(prog, head, "ldlm_namespace", "ns_list_chain");
}

/** The ldlm_lock objects of one of the resource's lists. */
export function locksOn(prog: Program, resource: bigint, list: LockList): bigint[] {
  return listEntries(prog, listHead(prog, resource, list), "ldlm_lock", "l_res_link");
}

/** What `list -H <head> | wc -l` counts: the links, head excluded. */
export function linkCount(prog: Program, resource: bigint, list: LockList): number {
  return listLinks(prog, listHead(prog, resource, list)).length;
}

export function requestedMode(prog: Program, lock: bigint): bigint {
  return prog.readMember(lock, "ldlm_lock", "l_req_mode");
}

export function lockExport(prog: Program, lock: bigint): bigint {
  return prog.readMember(lock, "ldlm_lock", "l_export");
}

/** A lock's client: l_export → exp_connection → c_peer.nid. */
export function lockNid(prog: Program, lock: bigint): bigint {
  const conn = prog.readMember(lockExport(prog, lock), "obd_export", "exp_connection");
  return prog.readMember(conn, "ptlrpc_connection", "c_peer.nid");
}

/** The client of the first lock of a list requested in `mode` (an ldlm_mode enumerator). */
export function firstNidInMode(prog: Program, locks: readonly bigint[], mode: string): bigint {
  const value = enumValue(prog, "ldlm_mode", mode);
  const lock = locks.find((l) => requestedMode(prog, l) === value);
  if (lock === undefined) throw new Error(`no ${mode} lock in the list`);
  return lockNid(prog, lock);
}

/** Locks per client NID. */
export function locksPerNid(prog: Program, locks: readonly bigint[]): Map<bigint, number> {
  const counts = new Map<bigint, number>();
  for (const lock of locks) {
    const nid = lockNid(prog, lock);
    counts.set(nid, (counts.get(nid) ?? 0) + 1);
  }
  return counts;
}

/** The NID with the most locks; an error on a tie, where the question would have two answers. */
export function topNid(counts: ReadonlyMap<bigint, number>): bigint {
  const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1]);
  if (ranked.length === 0) throw new Error("no lock to count");
  if (ranked.length > 1 && ranked[0][1] === ranked[1][1])
    throw new Error("two clients tie for the most locks");
  return ranked[0][0];
}

// ---- requests ----------------------------------------------------------------------------------

/** The slab caches a struct ptlrpc_request may come from: kmalloc's class, or Lustre's own cache. */
export function requestCaches(prog: Program): Set<string> {
  return new Set([kmallocCache(prog.struct("ptlrpc_request").size), "ptlrpc_cache"]);
}

/** LND types whose NID address is an IPv4 address: tcp, o2ib. */
const IP_LNDS = new Set([2n, 5n]);

export function isIpNid(nid: bigint): boolean {
  return IP_LNDS.has(nid >> 48n) && (nid & 0xffffffffn) !== 0n;
}

/**
 * The distinct rq_self values of the requests among stack words: words inside request-sized slab
 * objects whose rq_self and rq_peer both read as IP NIDs.
 */
export function requestSelfNids(prog: Program, words: readonly bigint[]): bigint[] {
  const caches = requestCaches(prog);
  const selves = new Set<bigint>();
  for (const word of words) {
    const hit = prog.slabs.find(word);
    if (!hit?.allocated || !caches.has(hit.cache.name)) continue;
    try {
      const self = prog.readMember(word, "ptlrpc_request", "rq_self");
      const peer = prog.readMember(word, "ptlrpc_request", "rq_peer.nid");
      if (isIpNid(self) && isIpNid(peer)) selves.add(self);
    } catch {
      // a word near the end of mapped memory: it cannot be a whole request
    }
  }
  return [...selves];
}
