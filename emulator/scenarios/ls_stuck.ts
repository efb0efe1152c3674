/**
 * ls_stuck: a production Lustre MDS (16 CPUs, ~192 GB, 41.9 days up) where `ls` hung on a user
 * directory. mdt01_033 (25786) runs an unlink: it holds the directory's UPDATE lock and waits for
 * the file's lock, which an HSM restore holds. Seven getattr threads (mdt00_069, mdt00_100,
 * mdt00_117, mdt01_041, mdt01_058, mdt01_088, mdt01_109) wait for the directory lock. The admin
 * took a dump with SysRq. Transcripts 26 (two foreach bt groups) and 27 (ps -l) are exact.
 * This MDS runs another Lustre build than the test cluster: its ptlrpc and mdt layouts differ.
 */
import {
  KernelBuilder as Builder,
  type BuiltTask,
  type KernelBuilder,
  type KernelConfig,
  TASK_RUNNING,
} from "../kernel/linux/build";
import {
  createIdleTasks,
  createStandardCaches,
  FsTree,
  idleStacks,
  MODE,
  Processes,
  type Site,
  Stacks,
  tsNs,
} from "../kernel/linux/machine";
import {
  FID,
  FLD,
  KSOCKLND,
  LDISKFS,
  LFSCK,
  LIBCFS,
  LNET,
  LOD,
  LQUOTA,
  MDD,
  MGC,
  type ModuleLayout,
  OBDCLASS,
  OSD_LDISKFS,
  OSP,
} from "../kernel/linux/module-layouts";
import { unwindStack } from "../kernel/linux/stack";
import { readTask } from "../kernel/linux/tasks";
import type { Program } from "../kernel/program";
import {
  bootMessages,
  type Ctx,
  loadCentosModules,
  loadLayout,
  NR,
  SCHED,
  spawn,
  standardKernelThreads,
  standardUserSpace,
  type TaskPlan,
  USER,
  WAIT,
} from "./common";
import { LWAIT, lnetAndPtlrpcThreads } from "./lustre-threads";
import { oopsLog, writeSysrqStack } from "./sysrq";

const CFG: KernelConfig = {
  scenario: "ls_stuck",
  seed: 0x15e7c4,
  textBase: 0xffffffff96e00000n,
  pageOffsetBase: 0xffff947800000000n,
  vmemmapBase: 0xffffcf1a00000000n,
  physBytes: 0x3040000000n,
  totalRamBytes: 192n * 1024n * 1024n * 1024n - 0x1a4000n,
  cpus: 16,
  panicCpu: 5,
  nodename: "scratch-mds1",
  cpuKhz: 2599998,
};

/** Transcript 27, newest first: [last_arrival, pid, task, cpu, comm]. */
export const LS_PS_ROWS: [bigint, number, bigint, number, string][] = [
  [3621688788852009n, 28644, 0xffff94a47bf84100n, 2, "mdt00_013"],
  [3619975098195335n, 6743, 0xffff94813e660000n, 7, "kworker/7:1"],
  [3619964995355868n, 18640, 0xffff9479eebb30c0n, 0, "mdt00_069"],
  [3619922465196662n, 24127, 0xffff94a47e22a080n, 14, "mdt_seqm_0002"],
  [3615352056840100n, 29072, 0xffff94a39afa6180n, 15, "kworker/15:0"],
  [3615187577148168n, 18714, 0xffff94a4785f9040n, 0, "mdt00_117"],
  [3615157566040146n, 18689, 0xffff94847fd6b0c0n, 3, "mdt00_100"],
  [3614626563207010n, 18667, 0xffff94a47e5f5140n, 12, "mdt01_058"],
  [3614100469065774n, 27971, 0xffff948472a8e180n, 10, "cfs_rh_03"],
  [3614025495970123n, 25805, 0xffff94847d738000n, 8, "mdt01_041"],
  [3612352026539768n, 3482, 0xffff94a47ebc0000n, 8, "kworker/8:1"],
  [3612142134798789n, 30482, 0xffff949e91689040n, 11, "kworker/11:0"],
  [3612035313324469n, 7506, 0xffff94a3a26cb0c0n, 12, "mdt01_109"],
  [3611323248826132n, 18734, 0xffff94a3e3e81040n, 11, "mdt01_088"],
  [3611260896608780n, 21311, 0xffff949ecd242080n, 8, "kworker/u34:1"],
  [3608862966498563n, 25786, 0xffff947dadf61040n, 12, "mdt01_033"],
  [3605752338202911n, 32477, 0xffff949f242c6180n, 12, "kworker/12:1"],
];
export const LS_FACTS = {
  unlink: 25786,
  getattr: [18640, 18689, 18714, 25805, 18667, 18734, 7506],
  /** Windows ps -l shows without elision: no other task has a timestamp inside them. */
  windows: [
    [3619922465196662n, 3619975098195335n],
    [3605752338202911n, 3615352056840100n],
  ] as [bigint, bigint][],
  top: 3621688788852009n,
  fsname: "scratch",
  dirFid: [0x200000bd1n, 0x1c3an],
  fileFid: [0x200000bd1n, 0x1c3bn],
};

const NOW = 3621688801926117n;
const BASH_ARRIVAL = 3621688611352908n;
const BASH_PID = 9418;
/** Tue Jan  7 17:40:02 UTC 2020 */
const EPOCH = BigInt(Date.UTC(2020, 0, 7, 17, 40, 2) / 1000);

/** ptlrpc.ko and mdt.ko of this MDS's Lustre build (offsets from the module base). */
const PTLRPC_LS: ModuleLayout = layoutOf("ptlrpc", 0x22e000, 0x1a0000, [
  [0x000000, 0x50, "T", "lock_res_and_lock"],
  [0x012f30, 0x7a0, "T", "ldlm_lock_enqueue"],
  [0x02d590, 0x620, "T", "ldlm_completion_ast"],
  [0x02e720, 0x4f0, "T", "ldlm_cli_enqueue_local"],
  [0x036c40, 0x420, "T", "ldlm_server_blocking_ast"],
  [0x037060, 0x480, "T", "ldlm_server_completion_ast"],
  [0x0374e0, 0x310, "T", "ldlm_server_glimpse_ast"],
  [0x037ed0, 0x320, "t", "ldlm_bl_thread_main"],
  [0x038c20, 0x1f0, "t", "expired_lock_main"],
  [0x03c190, 0x1140, "T", "ldlm_handle_enqueue0"],
  [0x044f20, 0x2e0, "t", "ldlm_pools_thread_main"],
  [0x06e540, 0xb40, "t", "ptlrpc_server_handle_request"],
  [0x0700a0, 0x1a0, "t", "ptlrpc_wait_event"],
  [0x071c80, 0x1470, "t", "ptlrpc_main"],
  [0x073400, 0x380, "t", "ptlrpc_hr_main"],
  [0x079640, 0x160, "t", "ptlrpc_pinger_main"],
  [0x07e3a0, 0x670, "t", "ptlrpcd"],
  [0x0c27c0, 0x260, "T", "tgt_enqueue"],
  [0x0c5d30, 0xb20, "T", "tgt_request_handle"],
  [0x1a9d40, 0x18, "D", "lock_handle_ops"],
  [0x1b3400, 0x10, "D", "ldlm_srv_namespace_list"],
  [0x1b3410, 0x10, "D", "ldlm_cli_active_namespace_list"],
  [0x1b3420, 0x10, "D", "ldlm_cli_inactive_namespace_list"],
]);
const MDT_LS: ModuleLayout = layoutOf("mdt", 0xbf000, 0x90000, [
  [0x013a80, 0x7a0, "t", "mdt_reint_internal"],
  [0x017140, 0x4a0, "t", "mdt_intent_opc"],
  [0x018960, 0x5a0, "t", "mdt_object_local_lock"],
  [0x019150, 0x2d0, "t", "mdt_object_lock_internal"],
  [0x019680, 0x90, "T", "mdt_reint_object_lock"],
  [0x019710, 0xd30, "t", "mdt_getattr_name_lock"],
  [0x01b280, 0x300, "t", "mdt_intent_getattr"],
  [0x01fac0, 0x3a0, "t", "mdt_intent_policy"],
  [0x01ff00, 0x130, "t", "mdt_reint"],
  [0x02ec30, 0x1190, "t", "mdt_reint_unlink"],
  [0x032c20, 0x90, "t", "mdt_reint_rec"],
  [0x04a1e0, 0x4b0, "t", "mdt_coordinator"],
]);

function layoutOf(
  name: string,
  coreSize: number,
  textSize: number,
  rows: [number, number, string, string][],
): ModuleLayout {
  return {
    name,
    coreSize,
    textSize,
    taints: (1 << 12) | (1 << 13),
    symbols: rows.map(([offset, size, kind, n]) => ({ name: n, offset, size, kind: kind as "T" })),
  };
}

/** Words of locals in ldlm_completion_ast's frame: its l_wait_event() wait entry lives there. */
const COMPLETION_LOCALS = 12;
/** Where the wait entry sits in that frame, from the return-address slot. */
const WAIT_ENTRY_OFFSET = 0x20n;
const STUCK_TOP: Site[] = [
  ...SCHED,
  ["ldlm_completion_ast", 0x51d, COMPLETION_LOCALS],
  ["ldlm_cli_enqueue_local", 0x443],
  ["mdt_object_local_lock", 0x462],
  ["mdt_object_lock_internal", 0x2be],
];
const UNLINK: Site[] = [
  ...STUCK_TOP,
  ["mdt_reint_object_lock", 0x70],
  ["mdt_reint_unlink", 0x882],
  ["mdt_reint_rec", 0x33],
  ["mdt_reint_internal", 0x70b],
  ["mdt_reint", 0xa7],
  ["tgt_request_handle", 0xa9a],
  ["ptlrpc_server_handle_request", 0xb1b],
  ["ptlrpc_main", 0xb22],
  ["kthread", 0xd1],
];
const GETATTR: Site[] = [
  ...STUCK_TOP,
  ["mdt_getattr_name_lock", 0xaa4],
  ["mdt_intent_getattr", 0x250],
  ["mdt_intent_opc", 0x37b],
  ["mdt_intent_policy", 0x298],
  ["ldlm_lock_enqueue", 0x3ad],
  ["ldlm_handle_enqueue0", 0xa73],
  ["tgt_enqueue", 0xd2],
  ["tgt_request_handle", 0xa9a],
  ["ptlrpc_server_handle_request", 0xb1b],
  ["ptlrpc_main", 0xb22],
  ["kthread", 0xd1],
];
const MDT_IDLE: Site[] = [...SCHED, ["ptlrpc_wait_event", 0x12d], ["ptlrpc_main", 0xb22], ["kthread", 0xd1]];

export function buildLsStuck(): Program {
  const b = new Builder(CFG);
  createStandardCaches(b, [["ll_obd_dev_cache", 0x1078, 0x1078, 3]]);
  b.setupPerCpu(CFG.pageOffsetBase + 0x303f000000n);
  for (const [, , addr] of LS_PS_ROWS) b.alloc("task_struct", addr);

  // --- modules -----------------------------------------------------------------------------
  loadCentosModules(b, 0xffffffffc03a0000n, [
    "floppy",
    "cirrus",
    "drm",
    "drm_kms_helper",
    "ttm",
    "virtio_balloon",
    "virtio_console",
  ]);
  const mods: [ModuleLayout, bigint][] = [
    [LIBCFS, 0xffffffffc0ac1000n],
    [KSOCKLND, 0xffffffffc0b26000n],
    [LNET, 0xffffffffc0b59000n],
    [OBDCLASS, 0xffffffffc0c3d000n],
    [PTLRPC_LS, 0xffffffffc0e7c000n],
    [FLD, 0xffffffffc10ab000n],
    [FID, 0xffffffffc10c0000n],
    [LDISKFS, 0xffffffffc10d3000n],
    [OSD_LDISKFS, 0xffffffffc1161000n],
    [LQUOTA, 0xffffffffc121e000n],
    [MGC, 0xffffffffc127b000n],
    [LFSCK, 0xffffffffc128e000n],
    [MDD, 0xffffffffc1347000n],
    [LOD, 0xffffffffc13a6000n],
    [OSP, 0xffffffffc1421000n],
    [MDT_LS, 0xffffffffc14b9000n],
  ];
  for (const [l, base] of mods) loadLayout(b, l, base);

  // --- file systems ------------------------------------------------------------------------
  const fs = new FsTree(b);
  fs.fsType("xfs", { inodeCache: "xfs_inode", inodeOffset: 0xc0n });
  fs.fsType("proc", { inodeCache: "proc_inode_cache", inodeOffset: 0x78n, magic: 0x9fa0n });
  fs.fsType("sysfs", { magic: 0x62656572n });
  fs.fsType("devtmpfs", { inodeCache: "shmem_inode_cache", inodeOffset: 0x70n, magic: 0x01021994n });
  fs.fsType("devpts", { magic: 0x1cd1n });
  fs.fsType("tmpfs", { inodeCache: "shmem_inode_cache", inodeOffset: 0x70n, magic: 0x01021994n });
  fs.fsType("lustre", { magic: 0x0bd00bd0n });
  fs.mount("xfs", "/", "/dev/mapper/centos-root");
  fs.mount("sysfs", "/sys", "sysfs");
  const proc = fs.mount("proc", "/proc", "proc");
  const dev = fs.mount("devtmpfs", "/dev", "devtmpfs");
  const pts = fs.mount("devpts", "/dev/pts", "devpts");
  fs.mount("tmpfs", "/run", "tmpfs");
  fs.mount("xfs", "/boot", "/dev/sda1");
  fs.mount("lustre", "/mnt/scratch-mdt0", "/dev/mapper/mdt0", { sbId: "dm-3" });
  const nul = fs.lookup("/dev/null", false, { mode: MODE.S_IFCHR | 0o666, rdev: 0x100003 });
  const tty0 = fs.lookup("/dev/pts/0", false, { mode: MODE.S_IFCHR | 0o620, rdev: 0x8800000 });
  const sysrq = fs.lookup("/proc/sysrq-trigger", false, { mode: MODE.S_IFREG | 0o200 });
  const st = new Stacks(b);
  const procs = new Processes(b, fs);

  // --- timestamps: nothing newer than mdt00_013, nothing inside the two windows -----------------
  const [w1, w2] = LS_FACTS.windows;
  const allowed = (t: bigint, cpu: number) =>
    t < LS_FACTS.top &&
    !(t >= w1[0] && t <= w1[1]) &&
    !(t >= w2[0] && t <= w2[1]) &&
    (cpu !== CFG.panicCpu || t < BASH_ARRIVAL);
  let kthreaddAddr = 0n;
  const uptime = Number(LS_FACTS.top) / 1e9;
  const ctx: Ctx = {
    b,
    st,
    fs,
    procs,
    now: NOW,
    kthreadd: () => kthreaddAddr,
    arrival: (p) => {
      const busy = /kworker\/\d+:\dH|ksoftirqd|rcu_sched|watchdog\/|ptlrpcd|socknal_sd|migration/.test(
        p.comm,
      );
      for (;;) {
        const u = b.rng.int(1000000) / 1000000;
        // Idle ptlrpc service threads wake up on their own every few minutes: only the stuck
        // mdt threads (whose timestamps are pinned) are older than the unlink (mdt01_033).
        const service = /^(mdt|ldlm_cn)/.test(p.comm);
        const age = busy
          ? 30 * u * u
          : service
            ? 1700 * u
            : b.rng.int(2)
              ? 1700 * u
              : 16000 + (uptime - 16000) * u * u;
        const t = LS_FACTS.top - 1000000n - BigInt(Math.floor(age * 1e9));
        if (allowed(t, p.cpu)) return t;
      }
    },
    devNull: () => ({ dentry: nul, mount: dev }),
  };

  // --- tasks -------------------------------------------------------------------------------
  const idle = createIdleTasks(b);
  standardKernelThreads(ctx, (t) => {
    kthreaddAddr = t.address;
  });
  const user = standardUserSpace(ctx, 620);
  const rows = new Map(LS_PS_ROWS.map((r) => [r[4], r]));
  const pinned = (comm: string): Partial<TaskPlan> | undefined => {
    const r = rows.get(comm);
    return r ? { pid: r[1], address: r[2], cpu: r[3], lastArrival: r[0] } : undefined;
  };
  // Pids wrapped around pid_max (32768) many times in 41 days: later threads get scattered pids.
  const used = new Set<number>(LS_PS_ROWS.map((r) => r[1]));
  used.add(BASH_PID);
  for (const t of [...b.tasks]) used.add(t.spec.pid);
  const freePid = () => {
    for (;;) {
      const p = 2000 + b.rng.int(30700);
      if (!used.has(p)) {
        used.add(p);
        return p;
      }
    }
  };
  // Per-CPU workqueue workers, some of them on the slide.
  for (let c = 0; c < 16; c++)
    for (const name of [`kworker/${c}:0`, `kworker/${c}:1`, `kworker/${c}:2`]) {
      if (c === 0 && name === "kworker/0:0") continue;
      const pin = pinned(name);
      spawn(ctx, { pid: pin?.pid ?? freePid(), comm: name, cpu: c, wait: WAIT.worker, ...pin });
    }
  for (const name of ["kworker/u34:0", "kworker/u34:1", "kworker/u34:2", "kworker/u33:1"]) {
    const pin = pinned(name);
    spawn(ctx, { pid: pin?.pid ?? freePid(), comm: name, cpu: b.rng.int(16), wait: WAIT.worker, ...pin });
  }
  const lnetFirst = 2900;
  for (let p = lnetFirst; p < lnetFirst + 80; p++) used.add(p);
  lnetAndPtlrpcThreads(ctx, { firstPid: lnetFirst, cpts: 2, perCpt: 4, override: pinned });
  // MDT service threads: two CPTs (CPUs 0-7, 8-15).
  const counts = [124, 117];
  const stuck = new Map<string, Site[]>([["mdt01_033", UNLINK]]);
  for (const pid of LS_FACTS.getattr) stuck.set(LS_PS_ROWS.find((r) => r[1] === pid)![4], GETATTR);
  const byComm = new Map<string, BuiltTask>();
  for (let c = 0; c < 2; c++)
    for (let i = 0; i < counts[c]; i++) {
      const comm = `mdt${String(c).padStart(2, "0")}_${String(i).padStart(3, "0")}`;
      const pin = pinned(comm);
      const t = spawn(ctx, {
        pid: pin?.pid ?? freePid(),
        comm,
        cpu: 8 * c + b.rng.int(8),
        wait: stuck.get(comm) ?? MDT_IDLE,
        ...pin,
      });
      byComm.set(comm, t);
    }
  for (const comm of [
    "mdt_rdpg00_000",
    "mdt_rdpg00_001",
    "mdt_rdpg01_000",
    "mdt_rdpg01_001",
    "mdt_seqs_0000",
    "mdt_seqs_0001",
    "mdt_seqm_0000",
    "mdt_seqm_0001",
    "mdt_seqm_0002",
    "mdt_fld_0000",
    "mdt_fld_0001",
    "mdt_out00_000",
    "mdt_out01_000",
    "mdt_io00_000",
    "mdt_io01_000",
    "ldlm_cn00_000",
    "ldlm_cn00_001",
    "ldlm_cn01_000",
    "ldlm_cn01_001",
    "ldlm_elt",
  ]) {
    const pin = pinned(comm);
    spawn(ctx, {
      pid: pin?.pid ?? freePid(),
      comm,
      cpu: b.rng.int(16),
      wait: comm === "ldlm_elt" ? LWAIT.elt : MDT_IDLE,
      ...pin,
    });
  }
  const hsm = spawn(ctx, {
    pid: freePid(),
    comm: "hsm_cdtr",
    cpu: b.rng.int(16),
    wait: [...SCHED, ["schedule_timeout", 0x221], ["mdt_coordinator", 0x3b1], ["kthread", 0xd1]],
  });
  for (let ost = 0; ost < 24; ost++) {
    spawn(ctx, {
      pid: freePid(),
      comm: `osp-pre-${ost}-0`,
      cpu: b.rng.int(16),
      wait: [...SCHED, ["osp_precreate_thread", 0x2fe], ["kthread", 0xd1]],
    });
    spawn(ctx, {
      pid: freePid(),
      comm: `osp-syn-${ost}-0`,
      cpu: b.rng.int(16),
      wait: [...SCHED, ["osp_sync_thread", 0x3a0], ["kthread", 0xd1]],
    });
  }
  spawn(ctx, {
    pid: freePid(),
    comm: "lquota_wb_scrat",
    cpu: b.rng.int(16),
    wait: [...SCHED, ["qsd_upd_thread", 0x2b2], ["kthread", 0xd1]],
  });

  // The admin's shell and the SysRq.
  const session = spawn(ctx, {
    pid: freePid(),
    comm: "sshd",
    cpu: 3,
    wait: USER.select,
    user: { nr: NR.select, vm: 39800, rss: 1380 },
    parent: user.sshd.address,
  });
  const bash = b.addTask({
    pid: BASH_PID,
    comm: "bash",
    state: TASK_RUNNING,
    cpu: CFG.panicCpu,
    lastArrival: BASH_ARRIVAL,
    parent: session.address,
    kernelThread: false,
    mm: procs.mm(28980, 770),
    files: procs.files([
      { fd: 0, dentry: tty0, mount: pts },
      { fd: 1, dentry: sysrq, mount: proc },
      { fd: 2, dentry: tty0, mount: pts },
      { fd: 10, dentry: tty0, mount: pts },
    ]),
    fs: procs.fsStruct("/", "/root"),
    startTime: NOW - 412000000000n,
  });
  const oops = writeSysrqStack(b, st, bash, CFG.panicCpu, 0x00007ffe1b0a6c50n);
  const locks = buildMdtLocks(b, byComm, hsm);
  sleepOnLocks(b, locks.waiting);
  const active = new Set<number>();
  for (let c = 0; c < 16; c++) if (c !== CFG.panicCpu) active.add(c);
  idleStacks(b, st, idle, active);

  fs.finish();
  writeLsLog(b, oops);
  b.writeSysInfo({ uptimeNs: NOW, epochSeconds: EPOCH, avenrun: [8.02, 8.04, 8.07] });
  b.finish({
    current: new Map([[CFG.panicCpu, bash.address]]),
    rqClock: (c) => NOW - BigInt(40000 + c * 977),
  });
  return b.prog;
}

/**
 * The MDT namespace: the directory's UPDATE lock granted to the unlink, the 7 getattr PR locks
 * waiting on it; the file's EX lock held for the HSM restore, the unlink's lock waiting on it.
 */
function buildMdtLocks(
  b: KernelBuilder,
  byComm: Map<string, BuiltTask>,
  hsm: BuiltTask,
): { dir: bigint; file: bigint; waiting: [lock: bigint, task: BuiltTask][] } {
  const _prog = b.prog;
  const obd = b.alloc("ll_obd_dev_cache");
  b.writeStruct(obd, "obd_device", {
    obd_magic: 0xab5cd6efn,
    "obd_uuid.uuid": "scratch-MDT0000_UUID",
    obd_name: "scratch-MDT0000",
    obd_attached: 1,
    obd_set_up: 1,
  });
  const ns = b.alloc("kmalloc-1024");
  const hash = b.alloc("kmalloc-128");
  b.writeStruct(hash, "cfs_hash", {
    hs_cur_bits: 24,
    hs_min_bits: 24,
    hs_max_bits: 24,
    hs_bkt_bits: 10,
    hs_refcount: 1,
    hs_name: "mdt-scratch-MD",
  });
  b.writeStruct(ns, "ldlm_namespace", {
    ns_obd: obd,
    ns_client: "LDLM_NAMESPACE_SERVER",
    ns_name: b.kmallocString("mdt-scratch-MDT0000_UUID"),
    ns_rs_hash: hash,
    ns_bucket_bits: 10,
    ns_bref: 1,
    ns_appetite: "LDLM_NAMESPACE_GREEDY",
    ns_max_parallel_ast: 1024,
    "ns_pool.pl_name": "ldlm-pool-mdt-scratch-MDT0000_UUID-1",
  });
  b.writeField(obd, "obd_device", "obd_namespace", ns);
  b.linkList(b.sym("ldlm_srv_namespace_list"), [ns + b.off("ldlm_namespace", "ns_list_chain")]);
  b.listInit(b.sym("ldlm_cli_active_namespace_list"));
  b.listInit(b.sym("ldlm_cli_inactive_namespace_list"));
  const buckets = b.alloc("kmalloc-8192");
  b.writeField(ns, "ldlm_namespace", "ns_rs_buckets", buckets);
  const resource = (fid: bigint[], refs: number) => {
    const r = b.alloc("kmalloc-192");
    const bucket = buckets + BigInt(b.rng.int(100)) * 0x48n;
    b.writeStruct(bucket, "ldlm_ns_bucket", { nsb_namespace: ns, nsb_count: 2 });
    b.writeStruct(r, "ldlm_resource", {
      lr_ns_bucket: bucket,
      lr_refcount: refs,
      "lr_name.name[0]": fid[0],
      "lr_name.name[1]": fid[1],
      lr_type: "LDLM_IBITS",
      "lr_lvb_mutex.count": 1,
    });
    b.listInit(r + b.off("ldlm_resource", "lr_lvb_mutex.wait_list"));
    return r;
  };
  const dir = resource(LS_FACTS.dirFid, 10);
  const file = resource(LS_FACTS.fileFid, 4);
  const lock = (res: bigint, mode: string, granted: boolean, bits: bigint, pid: number) => {
    const l = b.alloc("kioctx");
    b.writeStruct(l, "ldlm_lock", {
      "l_handle.h_cookie": b.rng.u64(),
      "l_handle.h_ops": b.sym("lock_handle_ops"),
      l_refc: 2,
      l_resource: res,
      l_req_mode: mode,
      l_granted_mode: granted ? mode : "LCK_MINMODE",
      l_completion_ast: b.sym("ldlm_completion_ast"),
      l_blocking_ast: b.sym("ldlm_server_blocking_ast"),
      "l_policy_data.l_inodebits.bits": bits,
      l_flags: granted ? 0x0400000000000000n : 0x0400000000000008n,
      l_activity: EPOCH - BigInt(b.rng.int(13000)),
      l_pid: pid,
    });
    for (const m of [
      "l_handle.h_link",
      "l_lru",
      "l_waitq.task_list",
      "l_pending_chain",
      "l_bl_ast",
      "l_cp_ast",
      "l_rk_ast",
      "l_sl_mode",
      "l_sl_policy",
      "l_exp_list",
    ])
      b.listInit(l + b.off("ldlm_lock", m));
    return l;
  };
  const unlink = byComm.get("mdt01_033")!;
  const dirUpdate = lock(dir, "LCK_PW", true, 0x2n, unlink.spec.pid);
  const getattrs = LS_FACTS.getattr.map((pid) => lock(dir, "LCK_PR", false, 0x2n, pid));
  const restore = lock(file, "LCK_EX", true, 0x8n, hsm.spec.pid);
  const unlinkWait = lock(file, "LCK_EX", false, 0x13n, unlink.spec.pid);
  for (const g of getattrs) b.writeField(g, "ldlm_lock", "l_blocking_lock", dirUpdate);
  b.writeField(unlinkWait, "ldlm_lock", "l_blocking_lock", restore);
  const oRes = b.off("ldlm_lock", "l_res_link");
  b.linkList(dir + b.off("ldlm_resource", "lr_granted"), [dirUpdate + oRes]);
  b.linkList(
    dir + b.off("ldlm_resource", "lr_waiting"),
    getattrs.map((l) => l + oRes),
  );
  b.linkList(file + b.off("ldlm_resource", "lr_granted"), [restore + oRes]);
  b.linkList(file + b.off("ldlm_resource", "lr_waiting"), [unlinkWait + oRes]);
  const taskOf = (pid: number) => [...byComm.values()].find((t) => t.spec.pid === pid)!;
  const waiting: [bigint, BuiltTask][] = [
    ...getattrs.map((l, i): [bigint, BuiltTask] => [l, taskOf(LS_FACTS.getattr[i])]),
    [unlinkWait, unlink],
  ];
  return { dir, file, waiting };
}

/**
 * Each thread blocked in ldlm_completion_ast sleeps in l_wait_event(lock->l_waitq, ...): a
 * wait_queue_t on its own stack, in that function's frame (init_waitqueue_entry: the task,
 * default_wake_function), added to the lock's l_waitq. `waitq ldlm_lock.l_waitq <lock>` finds it.
 */
function sleepOnLocks(b: KernelBuilder, waiting: readonly [bigint, BuiltTask][]): void {
  const byLock = new Map<bigint, bigint[]>();
  for (const [lock, t] of waiting) {
    const frames = unwindStack(b.prog, readTask(b.prog, t.address));
    const frame = frames.find((f) => b.prog.symbols.resolve(f.pc)?.symbol.name === "ldlm_completion_ast");
    if (!frame) throw new Error(`${t.spec.comm} does not sleep in ldlm_completion_ast`);
    const entry = frame.sp + WAIT_ENTRY_OFFSET;
    b.writeStruct(entry, "__wait_queue", {
      flags: 0,
      private: t.address,
      func: b.sym("default_wake_function"),
    });
    const list = byLock.get(lock) ?? [];
    list.push(entry + b.off("__wait_queue", "task_list"));
    byLock.set(lock, list);
  }
  for (const [lock, entries] of byLock) b.linkList(lock + b.off("ldlm_lock", "l_waitq.task_list"), entries);
}

function writeLsLog(b: KernelBuilder, oops: ReturnType<typeof writeSysrqStack>): void {
  const prog = b.prog;
  let last = 0;
  const log = (sec: number, text: string, level = 6) => {
    if (sec < last) sec = last;
    last = sec;
    b.log(tsNs(sec), text, level);
  };
  for (const [s, l, t] of bootMessages({ cpus: 16, memKiB: 192 * 1024 * 1024, nodename: CFG.nodename }))
    log(s, t, l);
  log(61.2, "Lustre: Lustre: Build Version: 2.12.3", 6);
  log(62.8, "LNet: Added LNI 10.31.4.11@tcp [8/512/0/180]", 6);
  log(
    70.1,
    "Lustre: scratch-MDT0000: Imperative Recovery enabled, recovery window shrunk from 300-900 down to 150-900",
    4,
  );
  log(
    221.4,
    "Lustre: scratch-MDT0000: Recovery over after 2:31, of 1412 clients 1412 recovered and 0 were evicted.",
    4,
  );
  // The watchdog of the stuck threads (200 s after they stopped), with their traces.
  const watchdog = (when: number, pid: number, comm: string, sites: Site[]) => {
    log(
      when,
      `LNet: Service thread pid ${pid} was inactive for 200.${String(pid % 97).padStart(2, "0")}s. The thread might be hung, or it might only be slow and will resume later. Dumping the stack trace for debugging purposes:`,
      4,
    );
    log(
      when + 0.000004,
      `Pid: ${pid}, comm: ${comm} 3.10.0-957.21.3.el7.x86_64 #1 SMP Tue Jun 18 16:35:19 UTC 2019`,
      4,
    );
    log(when + 0.000007, "Call Trace:", 4);
    let t = when + 0.00001;
    for (const [fn, off] of sites.slice(0, -1)) {
      const s = prog.symbol(fn);
      const mod = s.module ? ` [${s.module}]` : "";
      log(
        (t += 0.000003),
        ` [<${(s.address + BigInt(off)).toString(16)}>] ${fn}+0x${off.toString(16)}/0x${s.size.toString(16)}${mod}`,
        4,
      );
    }
    log((t += 0.000003), " [<ffffffffffffffff>] 0xffffffffffffffff", 4);
    log(
      (t += 0.000002),
      `LustreError: dumping log to /tmp/lustre-log.${Number(EPOCH) - Math.round(3621688.8 - when)}.${pid}`,
      3,
    );
  };
  const rows = new Map(LS_PS_ROWS.map((r) => [r[1], r]));
  const stuckAt = (pid: number) => Number(rows.get(pid)![0]) / 1e9 + 200.4;
  const events: [number, number][] = [
    [stuckAt(LS_FACTS.unlink), LS_FACTS.unlink],
    ...LS_FACTS.getattr.map((p): [number, number] => [stuckAt(p), p]),
  ];
  events.sort((x, y) => x[0] - y[0]);
  for (const [when, pid] of events)
    watchdog(when, pid, rows.get(pid)![4], pid === LS_FACTS.unlink ? UNLINK : GETATTR);
  log(
    3620842.113,
    "Lustre: scratch-MDT0000: Client 4c1b8a2e-7d0f-1a35-b3c9-e0a1f7d26b84 (at 10.31.9.142@tcp) reconnecting",
    4,
  );
  oopsLog(b, oops, log, 3621688.790114, 3621688.797301);
}
