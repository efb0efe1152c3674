/**
 * A tiny hand-built kernel image holding one OST lock resource, for testing the graders' Lustre
 * walks without the scenario builders: the layouts are the offsets `struct -o` shows in the talk
 * (talk/facts.md §2), the contents are made up and small, so expected values are known here by
 * construction.
 */
import { defineTypes } from "../../emulator/kernel/ctypes";
import { DirectMapPages } from "../../emulator/kernel/pagealloc";
import { Program } from "../../emulator/kernel/program";
import { Rng } from "../../emulator/kernel/random";

const DIRECT_MAP = 0xffff917700000000n;
const PHYS = 8n << 30n;

const TYPES = `
  typedef unsigned long long __u64;
  typedef unsigned int __u32;
  typedef __u64 lnet_nid_t;
  typedef struct { int counter; } atomic_t;
  struct list_head { struct list_head *next; struct list_head *prev; };
  enum ldlm_mode { LCK_MINMODE = 0, LCK_EX = 1, LCK_PW = 2, LCK_PR = 4, LCK_CW = 8, LCK_CR = 16, LCK_NL = 32, LCK_GROUP = 64 };
  struct ldlm_res_id { __u64 name[4]; };
  struct lnet_process_id { lnet_nid_t nid; __u32 pid; };
  struct ldlm_namespace {
    [0x0] void *ns_obd;
    [0x10] char *ns_name;
    [0x40] struct list_head ns_list_chain;
  } SIZE 0x3c0;
  struct ldlm_ns_bucket { [0x0] struct ldlm_namespace *nsb_namespace; } SIZE 0x40;
  struct ldlm_resource {
    [0x0] struct ldlm_ns_bucket *lr_ns_bucket;
    [0x18] atomic_t lr_refcount;
    [0x20] struct list_head lr_granted;
    [0x30] struct list_head lr_waiting;
    [0x40] struct ldlm_res_id lr_name;
  } SIZE 0xb0;
  struct ptlrpc_connection { [0x18] struct lnet_process_id c_peer; } SIZE 0x80;
  struct obd_export { [0x118] struct ptlrpc_connection *exp_connection; } SIZE 0x3f0;
  struct ldlm_lock {
    [0x48] struct ldlm_resource *l_resource;
    [0x60] struct list_head l_res_link;
    [0x98] enum ldlm_mode l_req_mode;
    [0xb8] struct obd_export *l_export;
  } SIZE 0x230;
  struct ptlrpc_request {
    [0x390] struct obd_export *rq_export;
    [0x3a0] lnet_nid_t rq_self;
    [0x3a8] struct lnet_process_id rq_peer;
  } SIZE 0x450;
`;

/** tcp NID of 10.200.0.<host>. */
export const tcpNid = (host: number) => (2n << 48n) | 0x0ac80000n | BigInt(host);

export interface MiniLock {
  readonly mode: "LCK_PW" | "LCK_PR";
  /** Last octet of the client's 10.200.0.x address. */
  readonly host: number;
}

export interface MiniLustre {
  readonly prog: Program;
  readonly resource: bigint;
  /** A pointer into the resource (&lr_refcount), as stale stack words often are. */
  readonly resourceInterior: bigint;
  /** An empty resource, in the same cache. */
  readonly idleResource: bigint;
  readonly namespace: bigint;
  readonly granted: bigint[];
  readonly waiting: bigint[];
  readonly exports: Map<number, bigint>;
  readonly request: bigint;
  readonly srvListHead: bigint;
}

function link(prog: Program, head: bigint, node: bigint): void {
  // list_add_tail: node goes before head.
  const prev = prog.readU64(head + 8n);
  prog.mem.writeU64(node, head);
  prog.mem.writeU64(node + 8n, prev);
  prog.mem.writeU64(prev, node);
  prog.mem.writeU64(head + 8n, node);
}

function initHead(prog: Program, head: bigint): void {
  prog.mem.writeU64(head, head);
  prog.mem.writeU64(head + 8n, head);
}

export function buildMiniLustre(
  granted: readonly MiniLock[],
  waiting: readonly MiniLock[],
  oid = 0x28n,
): MiniLustre {
  const pages = new DirectMapPages(DIRECT_MAP, 0xffffd8a6c0000000n, PHYS, new Rng(7));
  const prog = new Program(pages, { scenario: "mini", release: "test", cpuRegs: new Map(), panicCpu: 0 });
  prog.mem.map(DIRECT_MAP, PHYS, "direct map");
  defineTypes(prog.types, TYPES);
  const caches: [string, number, number][] = [
    ["kmalloc-64", 64, 0],
    ["kmalloc-128", 128, 0],
    ["kmalloc-192", 192, 0],
    ["kmalloc-1024", 1024, 3],
    ["kmalloc-2048", 2048, 3],
    ["kioctx", 576, 2],
  ];
  let cacheAddr = 0xffff917cff800000n;
  for (const [name, size, order] of caches) {
    prog.slabs.createCache({ name, objectSize: size, order, address: cacheAddr });
    cacheAddr += 0x100n;
  }
  const w = (addr: bigint, s: string, m: string, v: bigint) =>
    prog.mem.writeU64(addr + BigInt(prog.offsetOf(s, m)), v);

  // The server namespace list: a global head with one namespace on it.
  const srvListHead = prog.slabs.alloc("kmalloc-64");
  initHead(prog, srvListHead);
  prog.symbols.add({
    name: "ldlm_srv_namespace_list",
    address: srvListHead,
    size: 16,
    kind: "D",
    module: "ptlrpc",
  });
  const namespace = prog.slabs.alloc("kmalloc-1024");
  const name = prog.slabs.alloc("kmalloc-64");
  prog.mem.writeCString(name, "filter-mini0-OST0000_UUID");
  w(namespace, "ldlm_namespace", "ns_name", name);
  link(prog, srvListHead, namespace + BigInt(prog.offsetOf("ldlm_namespace", "ns_list_chain")));
  const bucket = prog.slabs.alloc("kmalloc-64");
  w(bucket, "ldlm_ns_bucket", "nsb_namespace", namespace);

  const newResource = (id: bigint) => {
    const r = prog.slabs.alloc("kmalloc-192");
    w(r, "ldlm_resource", "lr_ns_bucket", bucket);
    initHead(prog, r + 0x20n);
    initHead(prog, r + 0x30n);
    w(r, "ldlm_resource", "lr_name.name[0]", id);
    return r;
  };
  const idleResource = newResource(0x99n);
  const resource = newResource(oid);

  const exports = new Map<number, bigint>();
  const exportOf = (host: number) => {
    let exp = exports.get(host);
    if (exp === undefined) {
      exp = prog.slabs.alloc("kmalloc-1024");
      const conn = prog.slabs.alloc("kmalloc-128");
      w(exp, "obd_export", "exp_connection", conn);
      w(conn, "ptlrpc_connection", "c_peer.nid", tcpNid(host));
      exports.set(host, exp);
    }
    return exp;
  };
  const modes = prog.types.enums.get("ldlm_mode")!.enumerators;
  const addLocks = (locks: readonly MiniLock[], head: bigint) =>
    locks.map((l) => {
      const lock = prog.slabs.alloc("kioctx");
      w(lock, "ldlm_lock", "l_resource", resource);
      prog.mem.writeU32(lock + 0x98n, Number(modes.find(([n]) => n === l.mode)![1]));
      w(lock, "ldlm_lock", "l_export", exportOf(l.host));
      link(prog, head, lock + 0x60n);
      return lock;
    });
  const grantedLocks = addLocks(granted, resource + 0x20n);
  const waitingLocks = addLocks(waiting, resource + 0x30n);

  // A request from the first waiting lock's client, to server 10.200.0.1, at +0x50 in its object.
  const request = prog.slabs.alloc("kmalloc-2048") + 0x50n;
  w(request, "ptlrpc_request", "rq_self", tcpNid(1));
  w(request, "ptlrpc_request", "rq_peer.nid", tcpNid(waiting[0]?.host ?? 2));

  return {
    prog,
    resource,
    resourceInterior: resource + 0x1cn,
    idleResource,
    namespace,
    granted: grantedLocks,
    waiting: waitingLocks,
    exports,
    request,
    srvListHead,
  };
}
