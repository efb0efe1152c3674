/**
 * The live simulated VM (the talk's perf/stap/bpftrace machine, hostname vm0): a kernel image
 * built by the same KernelBuilder as the vmcores, into which `modprobe lustre` loads the Lustre
 * 2.12.3 modules and `shine -L start` / `shine -L mount` create testfs0's ldlm namespaces,
 * resources and locks; files created under /mnt/lustre get their MDT and OST resources.
 * A LiveSystem is a pure function of its LiveState (state.ts), so it can be rebuilt after a
 * snapshot restore and is shared by every command that sees the same state.
 */
import { defineTypes } from "../kernel/ctypes";
import type { ModuleSymbolDef } from "../kernel/linux/build";
import { KernelBuilder, type KernelConfig } from "../kernel/linux/build";
import { createStandardCaches } from "../kernel/linux/machine";
import {
  FID,
  FLD,
  KSOCKLND,
  LDISKFS,
  LFSCK,
  LIBCFS,
  LMV,
  LNET,
  LOD,
  LOV,
  LQUOTA,
  LUSTRE,
  MDC,
  MDD,
  MDT,
  MGC,
  MGS,
  type ModuleLayout,
  OBDCLASS,
  OFD,
  OSC,
  OSD_LDISKFS,
  OSP,
  OST,
  PTLRPC,
} from "../kernel/linux/module-layouts";
import type { Program } from "../kernel/program";
import { LIVE_DEBUGINFO } from "./debuginfo";
import { EventEngine } from "./events";
import { DEFAULT_DEBUG_MASK, DEFAULT_DUMP_GRANTED_MAX, type LiveFile, type LiveState } from "./state";

export const LIVE_CONFIG: KernelConfig = {
  scenario: "live",
  seed: 0x7e5f50,
  textBase: 0xffffffff9b400000n,
  // The direct map of the perf slides' boot (res=0xffffa0a931bfb500...).
  pageOffsetBase: 0xffffa0a880000000n,
  vmemmapBase: 0xffffe7c140000000n,
  physBytes: 0x800000000n,
  totalRamBytes: 20n << 30n,
  cpus: 16,
  panicCpu: 0,
  nodename: "vm0",
  cpuKhz: 2593904,
};

/**
 * Variables only the live VM's model code reads (the vmcore scenarios never touch them, so they
 * stay out of the shared module layouts): ptlrpc's ldlm_dump_granted_max, in .data after the
 * namespace lists.
 */
const LIVE_ONLY_SYMBOLS: Record<string, readonly ModuleSymbolDef[]> = {
  ptlrpc: [
    { name: "ldlm_cancel_handler", offset: 0x02e8c0, size: 0x380, kind: "t" },
    { name: "ptlrpc_start_bulk_transfer", offset: 0x0547f0, size: 0x420, kind: "T" },
    { name: "target_bulk_io", offset: 0x0c3d10, size: 0x480, kind: "T" },
    { name: "ldlm_dump_granted_max", offset: 0x1b3230, size: 4, kind: "d" },
  ],
  // The paths of the OSS/MDS service threads the cluster job keeps busy (server-threads.ts).
  ksocklnd: [
    { name: "ksocknal_process_transmit", offset: 0x007e20, size: 0x510, kind: "t" },
    { name: "ksocknal_process_receive", offset: 0x0094b0, size: 0xc40, kind: "t" },
    { name: "ksocknal_lib_send_iov", offset: 0x0135f0, size: 0x1a0, kind: "T" },
  ],
  ofd: [{ name: "ofd_preprw_read", offset: 0x00a7c0, size: 0x640, kind: "t" }],
  osd_ldiskfs: [
    { name: "osd_bufs_get", offset: 0x00b2a0, size: 0x4b0, kind: "t" },
    { name: "osd_do_bio", offset: 0x00c4e0, size: 0x830, kind: "t" },
    { name: "osd_read_prep", offset: 0x0102a0, size: 0x350, kind: "t" },
  ],
  mdt: [
    { name: "mdt_intent_getattr", offset: 0x011b00, size: 0x420, kind: "t" },
    { name: "mdt_intent_policy", offset: 0x0123a0, size: 0x390, kind: "t" },
  ],
};

/** Client-side modules `modprobe lustre` loads, in dependency order. */
export const CLIENT_MODULES: readonly ModuleLayout[] = [
  LIBCFS,
  LNET,
  KSOCKLND,
  OBDCLASS,
  PTLRPC,
  FLD,
  FID,
  LOV,
  MDC,
  LMV,
  OSC,
  MGC,
  LUSTRE,
];
/** Server modules the first `mount -t lustre` of a target pulls in. */
export const SERVER_MODULES: readonly ModuleLayout[] = [
  LDISKFS,
  OSD_LDISKFS,
  LQUOTA,
  MGS,
  LFSCK,
  MDD,
  LOD,
  MDT,
  OSP,
  OFD,
  OST,
];
const MODULE_AREA = 0xffffffffc0a00000n;

/** The client's FID sequence and the OST's next object id on this (already used) filesystem. */
export const CLIENT_FID_SEQ = 0x2000013a1n;
export const FIRST_OST_OID = 0x42n;
/** Client obd instance suffix (facts: the osc/mdc ids end in ...6bc7800). */
export const CLIENT_INSTANCE = "ffffa0a8f6bc7800";

const MGS_NAMES: readonly [name0: bigint, name1: bigint, refcount: number][] = [
  [0x70616d65646f6en, 4n, 2], // "nodemap", CONFIG_T_NODEMAP
  [0x736d61726170n, 3n, 6], // "params", CONFIG_T_PARAMS
  [0x30736674736574n, 0n, 10], // "testfs0", CONFIG_T_CONFIG
  [0x30736674736574n, 2n, 4], // "testfs0", CONFIG_T_RECOVER
  [0x30736674736574n, 5n, 2], // "testfs0", CONFIG_T_BARRIER
];

/**
 * Resource addresses of the slides' boot (transcript 32), used for the first objects so a
 * learner's `perf script` shows the talk's values: [namespace][index] → address.
 */
const SLIDE_RESOURCES: Record<string, readonly bigint[]> = {
  "filter-testfs0-OST0000_UUID": [0xffffa0a931bfb500n],
  "mdt-testfs0-MDT0000_UUID": [0xffffa0a8f36d8480n],
  MGS: [
    0xffffa0af8134a9c0n,
    0xffffa0af8134a3c0n,
    0xffffa0af8134a0c0n,
    0xffffa0a931f69080n,
    0xffffa0af8134b500n,
  ],
  "MGC10.0.2.15@tcp": [
    0xffffa0a92e792180n,
    0xffffa0af80c5f8c0n,
    0xffffa0a92e792600n,
    0xffffa0af7ee620c0n,
    0xffffa0a92e7935c0n,
  ],
  [`testfs0-MDT0000-mdc-${CLIENT_INSTANCE}`]: [0xffffa0a8f36d8840n],
  [`testfs0-OST0000-osc-${CLIENT_INSTANCE}`]: [0xffffa0a8f36d83c0n],
};

/** Hash geometry of every ns_rs_hash: 2^CUR_BITS heads in 2^BKT_BITS buckets. */
export const HASH_CUR_BITS = 8;
export const HASH_BKT_BITS = 2;

const LIVE_TYPES = `
struct cfs_hash_bucket {
  [0x0] spinlock_t hsb_lock;
  [0x4] __u32 hsb_count;
  [0x8] __u32 hsb_version;
  [0xc] unsigned int hsb_index;
  [0x10] int hsb_depmax;
  [0x18] struct hlist_head hsb_head[0];
} SIZE 0x18;
struct cfs_hash_bd {
  [0x0] struct cfs_hash_bucket *bd_bucket;
  [0x8] unsigned int bd_offset;
} SIZE 0x10;
`;

/** Our ldlm resource hash: the name's words folded together (stable, order-preserving for MGS names). */
export function resourceHash(name: readonly bigint[]): number {
  let h = 0n;
  for (const w of name) h += w;
  return Number(h & ((1n << BigInt(HASH_CUR_BITS)) - 1n));
}

export interface LiveNamespace {
  readonly name: string;
  readonly address: bigint;
  readonly side: "server" | "client";
  readonly resources: bigint[];
}

export class LiveSystem {
  readonly prog: Program;
  readonly engine: EventEngine;
  readonly namespaces: LiveNamespace[] = [];
  readonly loaded: string[] = [];
  private readonly b: KernelBuilder;
  private nextModuleBase = MODULE_AREA;

  constructor(readonly state: LiveState) {
    const b = new KernelBuilder({ ...LIVE_CONFIG, nodename: state.hostname });
    this.b = b;
    this.prog = b.prog;
    defineTypes(b.prog.types, LIVE_TYPES);
    createStandardCaches(b, [
      ["ldlm_resources", 0xb0, 0xc0, 1],
      ["ldlm_locks", 0x230, 0x240, 3],
    ]);
    b.writeSysInfo({ uptimeNs: 1234n * 1000000000n, epochSeconds: 1578557000n, avenrun: [0.08, 0.03, 0.05] });
    this.engine = new EventEngine(b.prog, LIVE_DEBUGINFO, 0n);
    if (state.modules.includes("lustre")) this.loadModules(CLIENT_MODULES);
    if (state.lustre.started) this.startServers();
    if (state.lustre.mounted) this.mountClient();
    state.files.forEach((f, i) => {
      this.createFileObjects(i, f);
    });
    if (this.loaded.includes("libcfs")) this.setDebugMask(BigInt(state.debugMask));
    if (this.loaded.includes("ptlrpc"))
      this.prog.mem.writeU32(
        this.prog.symbol("ldlm_dump_granted_max").address,
        state.dumpGrantedMax ?? DEFAULT_DUMP_GRANTED_MAX,
      );
  }

  /** The module owning a symbol is loaded (perf: "module not loaded"). */
  isLoaded(module: string): boolean {
    return this.loaded.includes(module);
  }

  /** Write libcfs_debug (the mask `lctl set_param debug=` changes) when libcfs is loaded. */
  setDebugMaskIfLoaded(mask: number): void {
    if (this.isLoaded("libcfs")) this.setDebugMask(BigInt(mask));
  }

  setDebugMask(mask: bigint): void {
    this.prog.mem.writeU32(this.prog.symbol("libcfs_debug").address, Number(mask & 0xffffffffn));
  }

  // --- modules ---------------------------------------------------------------------------
  private loadModules(mods: readonly ModuleLayout[]): void {
    const b = this.b;
    for (const l of mods) {
      if (this.loaded.includes(l.name)) continue;
      const base = this.nextModuleBase;
      b.loadModule({
        name: l.name,
        base,
        coreSize: l.coreSize,
        textSize: l.textSize,
        symbols: [...l.symbols, ...(LIVE_ONLY_SYMBOLS[l.name] ?? [])],
        structOffset: (l.coreSize - 0x400) & ~0x3f,
        taints: l.taints,
      });
      this.nextModuleBase = (base + BigInt(l.coreSize) + 0x1fffn) & ~0xfffn;
      this.loaded.push(l.name);
    }
    if (this.loaded.includes("ptlrpc")) {
      b.listInit(b.sym("ldlm_srv_namespace_list"));
      b.listInit(b.sym("ldlm_cli_active_namespace_list"));
      b.listInit(b.sym("ldlm_cli_inactive_namespace_list"));
      this.setDebugMask(BigInt(DEFAULT_DEBUG_MASK));
    }
  }

  // --- ldlm --------------------------------------------------------------------------------
  private namespace(name: string, side: "server" | "client"): LiveNamespace {
    const b = this.b;
    const ns = b.alloc("kmalloc-1024");
    const hash = b.alloc("kmalloc-128");
    const nbkt = 1 << HASH_BKT_BITS;
    const heads = 1 << (HASH_CUR_BITS - HASH_BKT_BITS);
    const bucketArray = b.alloc("kmalloc-32");
    const bucketBytes = 0x18 + heads * 8 + 0x48;
    for (let i = 0; i < nbkt; i++) {
      const bkt = b.alloc(bucketBytes <= 1024 ? "kmalloc-1024" : "kmalloc-2048");
      b.writeStruct(bkt, "cfs_hash_bucket", { hsb_index: i, hsb_depmax: 0, hsb_count: 0 });
      b.u64(bucketArray + BigInt(i * 8), bkt);
      // The ldlm_ns_bucket rides in the bucket's extra bytes, after the heads.
      const nsb = bkt + BigInt(0x18 + heads * 8);
      b.writeStruct(nsb, "ldlm_ns_bucket", {
        nsb_namespace: ns,
        "nsb_at_estimate.at_current": 30,
        "nsb_at_estimate.at_worst_ever": 600,
      });
    }
    b.writeStruct(hash, "cfs_hash", {
      hs_buckets: bucketArray,
      hs_flags: 0x2c5,
      hs_extra_bytes: 0x48,
      hs_cur_bits: HASH_CUR_BITS,
      hs_min_bits: HASH_CUR_BITS,
      hs_max_bits: HASH_CUR_BITS,
      hs_bkt_bits: HASH_BKT_BITS,
      hs_refcount: 1,
      hs_name: name.slice(0, 15),
    });
    b.writeStruct(ns, "ldlm_namespace", {
      ns_client: side === "server" ? "LDLM_NAMESPACE_SERVER" : "LDLM_NAMESPACE_CLIENT",
      ns_name: b.kmallocString(name),
      ns_rs_hash: hash,
      ns_bucket_bits: HASH_BKT_BITS,
      ns_bref: side === "server" ? 1 : 0,
      ns_appetite: side === "server" ? "LDLM_NAMESPACE_GREEDY" : "LDLM_NAMESPACE_MODEST",
      ns_max_unused: 100,
      ns_max_age: 3900n,
      ns_max_parallel_ast: 1024,
      "ns_pool.pl_name": `ldlm-pool-${name}-1`,
    });
    for (const l of ["ns_unused_list", "ns_waitq.task_list"]) b.listInit(ns + b.off("ldlm_namespace", l));
    const rec: LiveNamespace = { name, address: ns, side, resources: [] };
    this.namespaces.push(rec);
    this.relinkNamespaceLists();
    return rec;
  }

  /**
   * Server namespaces: newest first (registration adds at the head). Client namespaces move to
   * the active list's tail when they get their first resource.
   */
  private relinkNamespaceLists(): void {
    const b = this.b;
    const chain = (n: LiveNamespace) => n.address + b.off("ldlm_namespace", "ns_list_chain");
    const srv = this.namespaces.filter((n) => n.side === "server").reverse();
    const cli = this.namespaces.filter((n) => n.side === "client");
    b.linkList(b.sym("ldlm_srv_namespace_list"), srv.map(chain));
    b.linkList(b.sym("ldlm_cli_active_namespace_list"), cli.filter((n) => n.resources.length).map(chain));
    b.linkList(b.sym("ldlm_cli_inactive_namespace_list"), cli.filter((n) => !n.resources.length).map(chain));
  }

  private ns(name: string): LiveNamespace {
    const n = this.namespaces.find((x) => x.name === name);
    if (!n) throw new Error(`no namespace ${name}`);
    return n;
  }

  /**
   * Create a resource hashed into its namespace, with `locks` granted locks (by default half
   * its refcount: each lock holds one reference, transient users the others).
   */
  resource(
    nsName: string,
    name: readonly bigint[],
    type: "LDLM_PLAIN" | "LDLM_EXTENT" | "LDLM_IBITS",
    refcount: number,
    mode: "LCK_CR" | "LCK_PW" | "LCK_PR" | "LCK_EX",
    locks = Math.max(1, refcount >> 1),
  ): bigint {
    const b = this.b;
    const ns = this.ns(nsName);
    const fixed = SLIDE_RESOURCES[nsName]?.[ns.resources.length];
    const res = b.alloc("ldlm_resources", fixed);
    const idx = resourceHash(name);
    const headsPerBkt = 1 << (HASH_CUR_BITS - HASH_BKT_BITS);
    const hash = this.prog.readU64(ns.address + b.off("ldlm_namespace", "ns_rs_hash"));
    const buckets = this.prog.readU64(hash + b.off("cfs_hash", "hs_buckets"));
    const bkt = this.prog.readU64(buckets + BigInt(Math.floor(idx / headsPerBkt) * 8));
    const head = bkt + 0x18n + BigInt((idx % headsPerBkt) * 8);
    const nsb = bkt + BigInt(0x18 + headsPerBkt * 8);
    const fields: Record<string, bigint | number | string> = {
      lr_ns_bucket: nsb,
      lr_refcount: refcount,
      lr_type: type,
    };
    name.forEach((w, i) => {
      fields[`lr_name.name[${i}]`] = w;
    });
    b.writeStruct(res, "ldlm_resource", fields);
    // hlist_add_head(&res->lr_hash, head)
    const node = res + b.off("ldlm_resource", "lr_hash");
    const first = this.prog.readU64(head);
    b.u64(node, first);
    b.u64(node + 8n, head);
    if (first) b.u64(first + 8n, node);
    b.u64(head, node);
    b.writeField(bkt, "cfs_hash_bucket", "hsb_count", this.prog.readU32(bkt + 4n) + 1);
    b.writeField(hash, "cfs_hash", "hs_count", this.prog.readU32(hash + 0x20n) + 1);
    b.listInit(res + b.off("ldlm_resource", "lr_waiting"));
    const links: bigint[] = [];
    for (let i = 0; i < locks; i++) {
      const lk = b.alloc("ldlm_locks");
      b.writeStruct(lk, "ldlm_lock", {
        "l_handle.h_cookie": 0x9a2f7c0e00000000n + BigInt(this.b.rng.int(0x7fffffff)),
        l_refc: 2,
        l_resource: res,
        l_req_mode: mode,
        l_granted_mode: mode,
        l_flags: 0x40000000000n,
        l_pid: 0,
      });
      for (const l of [
        "l_lru",
        "l_pending_chain",
        "l_bl_ast",
        "l_cp_ast",
        "l_rk_ast",
        "l_sl_mode",
        "l_sl_policy",
      ])
        b.listInit(lk + b.off("ldlm_lock", l));
      links.push(lk + b.off("ldlm_lock", "l_res_link"));
    }
    b.linkList(res + b.off("ldlm_resource", "lr_granted"), links);
    ns.resources.push(res);
    if (ns.side === "client" && ns.resources.length === 1) this.relinkNamespaceLists();
    return res;
  }

  // --- shine -------------------------------------------------------------------------------
  private startServers(): void {
    this.loadModules(SERVER_MODULES);
    this.namespace("MGS", "server");
    // The servers' own MGC fetches the configuration logs.
    this.namespace("MGC10.0.2.15@tcp", "client");
    this.namespace("mdt-testfs0-MDT0000_UUID", "server");
    this.namespace("filter-testfs0-OST0000_UUID", "server");
    this.namespace("filter-testfs0-OST0001_UUID", "server");
    for (const [n0, n1, rc] of MGS_NAMES) {
      this.resource("MGS", [n0, n1, 0n, 0n], "LDLM_PLAIN", rc, "LCK_CR");
    }
    for (const [n0, n1, rc] of MGS_NAMES) {
      this.resource("MGC10.0.2.15@tcp", [n0, n1, 0n, 0n], "LDLM_PLAIN", rc, "LCK_CR");
    }
  }

  private mountClient(): void {
    this.namespace(`testfs0-MDT0000-mdc-${CLIENT_INSTANCE}`, "client");
    this.namespace(`testfs0-OST0000-osc-${CLIENT_INSTANCE}`, "client");
    this.namespace(`testfs0-OST0001-osc-${CLIENT_INSTANCE}`, "client");
  }

  /**
   * The n-th file of the filesystem's session: its MDT inode resource and OST object resource
   * on the servers (one reference for the hash, one per lock), and vm0's own copies when vm0's
   * client wrote it. A remote file without remote locks has no resource: nobody holds one.
   */
  private createFileObjects(n: number, f: LiveFile): void {
    const fid = [CLIENT_FID_SEQ, BigInt(n + 1), 0n, 0n];
    const ost = [FIRST_OST_OID + BigInt(n), 0n, 0n, 0n];
    const o = `OST000${f.ostIndex}`;
    const locks = (f.remote ? 0 : 1) + (f.remoteLocks ?? 0);
    if (locks) {
      this.resource(
        `filter-testfs0-${o}_UUID`,
        ost,
        "LDLM_EXTENT",
        1 + locks,
        f.remote ? "LCK_PR" : "LCK_PW",
        locks,
      );
      this.resource("mdt-testfs0-MDT0000_UUID", fid, "LDLM_IBITS", 1 + locks, "LCK_CR", locks);
    }
    if (f.remote) return;
    this.resource(`testfs0-MDT0000-mdc-${CLIENT_INSTANCE}`, fid, "LDLM_IBITS", 2, "LCK_CR", 1);
    this.resource(`testfs0-${o}-osc-${CLIENT_INSTANCE}`, ost, "LDLM_EXTENT", 2, "LCK_PW", 1);
  }
}

const cache = new Map<string, LiveSystem>();

/** The live system for a state (built once per distinct state; probes and clocks live outside). */
export function liveSystem(state: LiveState): LiveSystem {
  const key = JSON.stringify([
    state.hostname,
    state.modules,
    state.lustre,
    state.files,
    state.dumpGrantedMax,
  ]);
  let sys = cache.get(key);
  if (!sys) {
    sys = new LiveSystem(state);
    if (cache.size >= 4) cache.delete(cache.keys().next().value as string);
    cache.set(key, sys);
  }
  sys.setDebugMaskIfLoaded(state.debugMask);
  return sys;
}
