/**
 * Model code of /sys/kernel/debug/lustre/ldlm/dump_namespaces: a write runs
 * ldlm_dump_all_namespaces for the server then the client side, which calls
 * ldlm_namespace_dump → cfs_hash_for_each_nolock → ldlm_res_hash_dump → ldlm_resource_dump for
 * every namespace and resource it finds by walking kernel memory (namespace lists, hash
 * buckets, hlist chains, lock lists). Each function steps through its source lines with the
 * registers debuginfo.ts promises, so probes fire with the values of that moment.
 */
import type { Program } from "../kernel/program";
import { LIVE_DEBUGINFO } from "./debuginfo";
import type { EventEngine, TaskRef } from "./events";
import { D_DLMTRACE, D_ERROR } from "./state";
import type { LiveSystem } from "./system";

const S_LDLM = 0x00010000;
const S_LNET_HASH = 0x00000001;

export interface DumpRun {
  readonly task: TaskRef;
  readonly cpu: number;
  /** Appends a line to the Lustre debug buffer (only messages the mask lets through). */
  readonly debugLog: string[];
}

function hex(v: bigint): string {
  return `0x${v.toString(16)}`;
}

/** The write handler of dump_namespaces. */
export function writeDumpNamespaces(sys: LiveSystem, run: DumpRun): void {
  const { engine } = sys;
  engine.run({ task: run.task, cpu: run.cpu }, () => {
    const d = new Dumper(sys, engine, run);
    for (const list of ["ldlm_srv_namespace_list", "ldlm_cli_active_namespace_list"])
      for (const ns of d.namespaces(list)) d.namespaceDump(D_DLMTRACE, ns);
  });
}

class Dumper {
  private readonly prog: Program;
  constructor(
    sys: LiveSystem,
    private readonly engine: EventEngine,
    private readonly run: DumpRun,
  ) {
    this.prog = sys.prog;
  }

  namespaces(listSym: string): bigint[] {
    const p = this.prog;
    const head = p.symbol(listSym).address;
    const off = BigInt(p.offsetOf("ldlm_namespace", "ns_list_chain"));
    const out: bigint[] = [];
    for (let n = p.readU64(head); n !== head; n = p.readU64(n)) out.push(n - off);
    return out;
  }

  private debugMask(): number {
    return this.prog.readU32(this.prog.symbol("libcfs_debug").address);
  }

  private cdebug(level: number, fn: string, rel: number, msg: string): void {
    if (!((this.debugMask() | D_ERROR) & level)) return;
    const dbg = LIVE_DEBUGINFO.get(fn)!;
    const file = dbg.file.slice(dbg.file.lastIndexOf("/") + 1);
    const t = this.engine.timeNs;
    const stamp = `${t / 1000000000n}.${String((t / 1000n) % 1000000n).padStart(6, "0")}`;
    const sub = fn.startsWith("cfs_") ? S_LNET_HASH : S_LDLM;
    this.run.debugLog.push(
      `${sub.toString(16).padStart(8, "0")}:${level.toString(16).padStart(8, "0")}:${this.run.cpu}.0:${stamp}:0:${this.run.task.pid}:0:(${file}:${dbg.declLine + rel}:${fn}()) ${msg}`,
    );
  }

  private nsName(ns: bigint): string {
    return this.prog.readCString(this.prog.readMember(ns, "ldlm_namespace", "ns_name"));
  }

  namespaceDump(level: number, ns: bigint): void {
    const p = this.prog;
    const f = this.engine.enter("ldlm_namespace_dump", { di: BigInt(level), si: ns });
    f.line(3, { r12: BigInt(level), bx: ns });
    if (!((this.debugMask() | D_ERROR) & level)) {
      f.line(4);
      f.ret();
      return;
    }
    f.line(6);
    const client = p.readMember(ns, "ldlm_namespace", "ns_client") === 2n;
    this.cdebug(
      level,
      "ldlm_namespace_dump",
      6,
      `--- Namespace: ${this.nsName(ns)} (rc: ${p.readMember(ns, "ldlm_namespace", "ns_bref.counter")}, side: ${client ? "client" : "server"})`,
    );
    const hs = p.readMember(ns, "ldlm_namespace", "ns_rs_hash");
    f.line(12, { di: hs });
    f.line(14, { si: p.symbol("ldlm_res_hash_dump").address, dx: BigInt(level), cx: 0n });
    this.hashForEachNolock(hs, BigInt(level));
    f.line(15);
    this.cdebug(level, "ldlm_namespace_dump", 15, `--- End of namespace ${this.nsName(ns)}`);
    f.line(16);
    f.ret();
  }

  /** cfs_hash_for_each_nolock: every bucket, every head, every hlist node, in memory order. */
  private hashForEachNolock(hs: bigint, data: bigint): void {
    const p = this.prog;
    const cb = p.symbol("ldlm_res_hash_dump").address;
    const f = this.engine.enter("cfs_hash_for_each_nolock", { di: hs, si: cb, dx: data, cx: 0n });
    f.line(5, { bx: hs });
    f.line(9);
    f.line(10);
    const buckets = p.readMember(hs, "cfs_hash", "hs_buckets");
    const cur = Number(p.readMember(hs, "cfs_hash", "hs_cur_bits"));
    const bkt = Number(p.readMember(hs, "cfs_hash", "hs_bkt_bits"));
    const heads = 1 << (cur - bkt);
    const lrHash = BigInt(p.offsetOf("ldlm_resource", "lr_hash"));
    // The cfs_hash_bd the callback gets lives on this function's stack.
    const bd = 0xffffb8e4c7a3bd58n;
    for (let i = 0; i < 1 << bkt; i++) {
      const b = p.readU64(buckets + BigInt(i * 8));
      for (let h = 0; h < heads; h++) {
        this.engine.advance(40n);
        let node = p.readU64(b + 0x18n + BigInt(h * 8));
        while (node) {
          const next = p.readU64(node);
          f.line(11);
          this.resHashDump(hs, bd, node, data, node - lrHash);
          node = next;
        }
      }
    }
    f.line(13);
    f.line(14, { ax: 0n });
    f.ret(0n);
  }

  private resHashDump(hs: bigint, bd: bigint, hnode: bigint, arg: bigint, res: bigint): void {
    const f = this.engine.enter("ldlm_res_hash_dump", { di: hs, si: bd, dx: hnode, cx: arg });
    f.line(3, { r12: res });
    f.line(4, { r13: arg });
    f.line(6, { di: res + 0x1cn });
    f.line(7, { di: arg, si: res });
    this.resourceDump(Number(arg), res);
    f.line(8, { di: res + 0x1cn });
    f.line(10, { ax: 0n });
    f.line(11);
    f.ret(0n);
  }

  private resourceDump(level: number, res: bigint): void {
    const p = this.prog;
    const f = this.engine.enter("ldlm_resource_dump", { di: BigInt(level), si: res });
    f.line(3, { r14: BigInt(level), bx: res, r13: 0n });
    f.line(5);
    if (!((this.debugMask() | D_ERROR) & level)) {
      f.line(6);
      f.ret();
      return;
    }
    f.line(8);
    const name = [0, 1, 2, 3].map((i) => p.readMember(res, "ldlm_resource", `lr_name.name[${i}]`));
    const resName = `[${hex(name[0])}:${hex(name[1])}:${hex(name[2])}].${hex(name[3])}`;
    const refc = p.readMember(res, "ldlm_resource", "lr_refcount.counter");
    this.cdebug(
      level,
      "ldlm_resource_dump",
      8,
      `--- Resource: ${resName} (${res.toString(16)}) refcount = ${refc}`,
    );
    const link = BigInt(p.offsetOf("ldlm_lock", "l_res_link"));
    const granted = res + BigInt(p.offsetOf("ldlm_resource", "lr_granted"));
    const max = BigInt(p.readU32(p.symbol("ldlm_dump_granted_max").address));
    let count = 0n;
    for (let n = p.readU64(granted + 8n); n !== granted; n = p.readU64(n + 8n)) {
      const lock = n - link;
      f.line(13, { r12: lock });
      count++;
      f.line(14, { r13: count });
      if (count > max) {
        f.line(15);
        this.cdebug(level, "ldlm_resource_dump", 15, `only dumping ${count - 1n} granted locks`);
        f.line(16);
        break;
      }
      f.line(18);
      this.cdebug(level, "ldlm_resource_dump", 18, `### ${this.lockLine(lock, resName)}`);
    }
    const waiting = res + BigInt(p.offsetOf("ldlm_resource", "lr_waiting"));
    f.line(21);
    for (let n = p.readU64(waiting); n !== waiting; n = p.readU64(n)) {
      f.line(22, { r12: n - link });
      this.cdebug(level, "ldlm_resource_dump", 22, `### waiting ${this.lockLine(n - link, resName)}`);
    }
    f.line(23);
    f.ret();
  }

  private lockLine(lock: bigint, resName: string): string {
    const p = this.prog;
    const mode = (v: bigint) =>
      ({ 1: "EX", 2: "PW", 4: "PR", 8: "CW", 16: "CR", 32: "NL" })[Number(v)] ?? "--";
    return (
      `lock: ${lock.toString(16)}/${hex(p.readMember(lock, "ldlm_lock", "l_handle.h_cookie"))} ` +
      `lrc: ${p.readMember(lock, "ldlm_lock", "l_refc.counter")}/0,0 ` +
      `mode: ${mode(p.readMember(lock, "ldlm_lock", "l_granted_mode"))}/${mode(p.readMember(lock, "ldlm_lock", "l_req_mode"))} ` +
      `res: ${resName} flags: ${hex(p.readMember(lock, "ldlm_lock", "l_flags"))}`
    );
  }
}
