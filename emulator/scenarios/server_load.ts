/**
 * server_load: a combined Lustre 2.12.3 MGS/MDS/OSS of testfs0 (KVM guest, 8 CPUs, 24 GB) that
 * stopped answering and was crashed with SysRq (bash, pid 4715, CPU 6). OST object 0x28 of
 * filter-testfs0-OST0000_UUID has 82718 granted extent locks from 72 clients and 3 waiting ones:
 * a PW enqueue of the whole object (10.200.0.2) conflicts with every granted lock.
 *
 * Who does what when the NMI stops the CPUs:
 * - CPU 3, ll_ost_io01_051 (6158): holds lr_lock, walking the granted list in
 *   ldlm_extent_compat_queue (the load). The runnable ll_ost_io01_* tasks of CPU 3 wait behind it.
 * - CPU 0, ll_ost00_003 (5389): handling the PW enqueue, sending blocking ASTs; queued on lr_lock
 *   and halted in kvm_wait (paravirt qspinlock) - transcripts 10 and 11.
 * - CPU 2, ll_ost_io01_042 (6121): a BRW's local extent enqueue, queued behind it (the lock's tail).
 * - CPU 6: bash writing 'c' to /proc/sysrq-trigger. CPUs 1, 4, 5, 7 idle.
 * Every value the talk shows (transcripts 07-25) is placed exactly.
 */
import {
  KernelBuilder as Builder,
  type BuiltTask,
  type KernelBuilder,
  type KernelConfig,
  TASK_INTERRUPTIBLE,
  TASK_RUNNING,
  TASK_UNINTERRUPTIBLE,
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
  MDT,
  MGC,
  MGS,
  OBDCLASS,
  OFD,
  OSD_LDISKFS,
  OSP,
  OST,
  PTLRPC,
} from "../kernel/linux/module-layouts";
import type { Program } from "../kernel/program";
import type { ObjectAddresses } from "../kernel/slab";
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
} from "./common";
import { LdlmLockImages } from "./ldlm-locks";
import { LWAIT, lnetAndPtlrpcThreads } from "./lustre-threads";
import { type OopsState, oopsLog, writeSysrqStack } from "./sysrq";

export const SERVER_FACTS = {
  resource: 0xffff917c981c3b40n,
  nsBucket: 0xffffb40a6ea1d018n,
  namespace: 0xffff917cdd6a2000n,
  nsName: 0xffff917ce5b5ae60n,
  nsObd: 0xffff917ca0d620f0n,
  nsRsHash: 0xffff917ce0680000n,
  refcount: 83415,
  granted: 82718,
  grantedFirst: 0xffff917c6648f3c0n,
  grantedLast: 0xffff91772946b180n,
  grantedPw: 0xffff917c96fdfcc0n,
  waiting: [0xffff917c62522f40n, 0xffff917c641e5f80n, 0xffff917c867b0000n],
  /** Mode of the third waiting lock, never shown on a slide (facts.md §5.2): a PR. */
  waitingModes: ["LCK_PW", "LCK_PR", "LCK_PR"],
  export2: 0xffff917c96f59000n,
  conn2: 0xffff917cdee0ba80n,
  request: 0xffff917cb168a050n,
  rqbd: 0xffff917cb168a000n,
  replyMsg: 0xffff917ca0e6a110n,
  cbSetArg: 0xffff917cf510fc40n,
  sigqueue: 0xffff917c5ead9960n,
  blAst: [0xffff917c59d6be88n, 0xffff917c6059e808n],
  env: 0xffff91772a3780e0n,
  /** uniq -c of the client NIDs over granted + waiting locks (transcript 23's shown rows). */
  nidCounts: { 44: 998, 65: 1019, 36: 1024, 47: 1029, 6: 1435, 30: 1436, 22: 1445 } as Record<number, number>,
  clients: 72,
  bashPid: 4715,
  bashCpu: 6,
};

/** Transcript 08 / 09 rows: pid → [task, cpu, state, comm, last_arrival?]. */
export const SERVER_TASKS: [number, bigint, number, number, string, bigint | undefined][] = [
  [5387, 0xffff917cbba30000n, 4, TASK_INTERRUPTIBLE, "ll_ost02_006", undefined],
  [5388, 0xffff917cbba36180n, 5, TASK_INTERRUPTIBLE, "mdt02_003", undefined],
  [5389, 0xffff917cbba330c0n, 0, TASK_RUNNING, "ll_ost00_003", 1833712604417n],
  [5532, 0xffff917c6a9b1040n, 3, TASK_RUNNING, "ll_ost_io01_006", 1833568488187n],
  [5533, 0xffff917c6a9b2080n, 6, TASK_INTERRUPTIBLE, "mdt03_011", undefined],
  [5534, 0xffff917c6a9b30c0n, 0, TASK_INTERRUPTIBLE, "mdt00_015", undefined],
  [5535, 0xffff917c6a9b4100n, 7, TASK_INTERRUPTIBLE, "mdt03_012", undefined],
  [5536, 0xffff917c6a9b5140n, 5, TASK_UNINTERRUPTIBLE, "ll_ost_io02_006", undefined],
  [4831, 0xffff917cf0b230c0n, 7, TASK_INTERRUPTIBLE, "socknal_sd03_01", 1834107714279n],
  [4828, 0xffff917cf0b25140n, 5, TASK_INTERRUPTIBLE, "socknal_sd02_00", 1834107636683n],
  [6121, 0xffff917c858f6180n, 2, TASK_RUNNING, "ll_ost_io01_042", 1834107619697n],
  [4829, 0xffff917cf0b22080n, 4, TASK_INTERRUPTIBLE, "socknal_sd02_01", 1834107601107n],
  [6032, 0xffff917c7af65140n, 3, TASK_RUNNING, "ll_ost_io01_023", 1833607166340n],
  [6225, 0xffff917c53b44100n, 2, TASK_UNINTERRUPTIBLE, "ll_ost_io01_068", 1833600488498n],
  [6129, 0xffff917c7e208000n, 3, TASK_RUNNING, "ll_ost_io01_044", 1833531745921n],
  [6239, 0xffff917c6caec100n, 3, TASK_RUNNING, "ll_ost_io01_074", 1833522652478n],
  [6094, 0xffff917c651a0000n, 3, TASK_RUNNING, "ll_ost_io01_035", 1833501019679n],
  [6214, 0xffff917c692b8000n, 3, TASK_RUNNING, "ll_ost_io01_066", 1833456118992n],
];
const SWAPPER1 = 0xffff9177f60a4100n;
/** ll_ost00_003's kernel stack (transcript 11's frames sit at ffff917c9eb33b40-ffff917c9eb33c20). */
const OST_STACK = 0xffff917c9eb30000n;
const XID = 0x5e14d9b1e8f40n;
/** The lr_lock holder on CPU 3 (not on any slide). */
const HOLDER = { pid: 6158, comm: "ll_ost_io01_051", cpu: 3, arrival: 1833680311904n };
const BASH_ARRIVAL = 1834098142277n;
/** ps -l windows the slide shows contiguously: no other task may have a timestamp inside. */
const SHOWN_TOP = 1834107601107n;
const SHOWN_LOW: [bigint, bigint] = [1833456118992n, 1833607166340n];

const CFG: KernelConfig = {
  scenario: "server_load",
  seed: 0x5e7e10ad,
  textBase: 0xffffffff9cc00000n,
  pageOffsetBase: 0xffff917700000000n,
  vmemmapBase: 0xffffd8a6c0000000n,
  physBytes: 0x640000000n,
  totalRamBytes: 24n * 1024n * 1024n * 1024n - 0x9c000n,
  cpus: 8,
  panicCpu: 6,
  nodename: "lustre-server",
  cpuKhz: 2394454,
};
const NOW = 1834109273506n;
/** Wed Jan  8 09:12:33 UTC 2020 */
const EPOCH = BigInt(Date.UTC(2020, 0, 8, 9, 12, 33) / 1000);

const SERVER_NID = 0x200000ac80001n;
const nid = (host: number) => 0x200000ac80000n + BigInt(host);

export function buildServerLoad(): Program {
  const b = new Builder(CFG);
  const F = SERVER_FACTS;
  createStandardCaches(b, [["ll_obd_dev_cache", 0x1078, 0x1078, 3]]);
  b.setupPerCpu(CFG.pageOffsetBase + 0x63f000000n);

  // Fixed objects first.
  for (const [, addr] of SERVER_TASKS) b.alloc("task_struct", addr);
  b.alloc("task_struct", SWAPPER1);
  b.alloc("kmalloc-192", F.resource);
  b.alloc("kmalloc-1024", F.namespace);
  b.alloc("kmalloc-32", F.nsName);
  b.alloc("ll_obd_dev_cache", F.nsObd);
  b.alloc("kmalloc-128", F.nsRsHash);
  b.alloc("kmalloc-1024", F.export2);
  b.alloc("kmalloc-96", F.conn2);
  b.alloc("kmalloc-2048", F.rqbd);
  b.alloc("kmalloc-2048", F.replyMsg - 0x110n);
  b.alloc("kmalloc-64", F.cbSetArg);
  b.alloc("sigqueue", F.sigqueue);
  b.alloc("kioctx", F.grantedFirst);
  b.alloc("kioctx", F.grantedLast);
  b.alloc("kioctx", F.grantedPw);
  for (const w of F.waiting) b.alloc("kioctx", w);
  for (const x of F.blAst) b.alloc("kioctx", x - 0x1c8n);
  b.pin(F.env, 0);
  b.pin(OST_STACK, 2);
  b.mapRange(F.nsBucket & ~0xfffn, 0x2000, "vmalloc: ns_rs_buckets");

  // --- modules -----------------------------------------------------------------------------
  loadCentosModules(b, 0xffffffffc0391000n, ["floppy", "cirrus", "drm", "drm_kms_helper", "ttm"]);
  const mods: [typeof LIBCFS, bigint][] = [
    [LIBCFS, 0xffffffffc0c6e000n],
    [KSOCKLND, 0xffffffffc0cd3000n],
    [LNET, 0xffffffffc0d06000n],
    [OBDCLASS, 0xffffffffc0dea000n],
    [PTLRPC, 0xffffffffc0fcc000n],
    [FLD, 0xffffffffc11fb000n],
    [FID, 0xffffffffc1210000n],
    [LDISKFS, 0xffffffffc1223000n],
    [OSD_LDISKFS, 0xffffffffc12b1000n],
    [LQUOTA, 0xffffffffc136e000n],
    [MGC, 0xffffffffc13cb000n],
    [MGS, 0xffffffffc13de000n],
    [LFSCK, 0xffffffffc1434000n],
    [MDD, 0xffffffffc14ed000n],
    [LOD, 0xffffffffc154c000n],
    [MDT, 0xffffffffc15c7000n],
    [OSP, 0xffffffffc1687000n],
    [OFD, 0xffffffffc16e6000n],
    [OST, 0xffffffffc1772000n],
  ];
  for (const [l, base] of mods) loadLayout(b, l, base);
  ldlmLineTables(b);

  // --- file systems: root, /proc, /dev, the ldiskfs targets ----------------------------------
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
  fs.mount("xfs", "/boot", "/dev/vda1");
  fs.mount("lustre", "/mnt/mgs", "/dev/vdb", { sbId: "vdb" });
  fs.mount("lustre", "/mnt/testfs0-mdt0", "/dev/vdc", { sbId: "vdc" });
  fs.mount("lustre", "/mnt/testfs0-ost0", "/dev/vdd", { sbId: "vdd" });
  fs.mount("lustre", "/mnt/testfs0-ost1", "/dev/vde", { sbId: "vde" });
  const nul = fs.lookup("/dev/null", false, { mode: MODE.S_IFCHR | 0o666, rdev: 0x100003 });
  const tty0 = fs.lookup("/dev/pts/0", false, { mode: MODE.S_IFCHR | 0o620, rdev: 0x8800000 });
  const sysrq = fs.lookup("/proc/sysrq-trigger", false, { mode: MODE.S_IFREG | 0o200 });
  const st = new Stacks(b);
  const procs = new Processes(b, fs);

  // --- scheduling timestamps -----------------------------------------------------------------
  const caps = new Map<number, bigint>([
    [0, SERVER_TASKS[2][5]!],
    [2, 1834107619697n],
    [3, HOLDER.arrival],
    [6, BASH_ARRIVAL],
  ]);
  const allowed = (t: bigint, cpu: number) =>
    t < SHOWN_TOP && !(t >= SHOWN_LOW[0] && t <= SHOWN_LOW[1]) && t < (caps.get(cpu) ?? NOW) && t > 0n;
  let kthreaddAddr = 0n;
  const ctx: Ctx = {
    b,
    st,
    fs,
    procs,
    now: NOW,
    kthreadd: () => kthreaddAddr,
    arrival: (p) => {
      const busy = /kworker|ksoftirqd|rcu_sched|watchdog\/|ptlrpcd|socknal|ll_ost|mdt|ldlm/.test(p.comm);
      for (;;) {
        const u = b.rng.int(1000000) / 1000000;
        const t = NOW - BigInt(Math.floor((busy ? 3e9 : 1500e9) * u * u * u)) - 2000000n;
        if (allowed(t, p.cpu)) return t;
      }
    },
    devNull: () => ({ dentry: nul, mount: dev }),
  };

  // --- tasks -------------------------------------------------------------------------------
  const idle = createIdleTasks(b, new Map([[1, SWAPPER1]]));
  standardKernelThreads(ctx, (t) => {
    kthreaddAddr = t.address;
  });
  const user = standardUserSpace(ctx, 480);
  const session = spawn(ctx, {
    pid: 4701,
    comm: "sshd",
    cpu: 1,
    wait: USER.select,
    user: { nr: NR.select, vm: 39800, rss: 1380 },
    parent: user.sshd.address,
  });
  const fixed = new Map(SERVER_TASKS.map((r) => [r[4], r]));
  const override = (comm: string): Partial<TaskPlan> | undefined => {
    const r = fixed.get(comm);
    return r
      ? {
          address: r[1],
          cpu: r[2],
          state: r[3],
          lastArrival: r[5],
          stack: r[0] === 5389 ? OST_STACK : undefined,
        }
      : undefined;
  };
  const lnet = lnetAndPtlrpcThreads(ctx, { firstPid: 4810, cpts: 4, perCpt: 2, override });
  const services = serverThreads(ctx, lnet.nextPid + 2, override);

  // bash (the SysRq) and its stack through the oops.
  // `echo c > /proc/sysrq-trigger`: fd 1 redirected, the terminal saved on fd 10.
  const bashFiles = procs.files([
    { fd: 0, dentry: tty0, mount: pts },
    { fd: 1, dentry: sysrq, mount: proc },
    { fd: 2, dentry: tty0, mount: pts },
    { fd: 10, dentry: tty0, mount: pts },
  ]);
  const bash = b.addTask({
    pid: F.bashPid,
    comm: "bash",
    state: TASK_RUNNING,
    cpu: F.bashCpu,
    lastArrival: BASH_ARRIVAL,
    parent: session.address,
    kernelThread: false,
    mm: procs.mm(28980, 760),
    files: bashFiles,
    fs: procs.fsStruct("/", "/root"),
    startTime: tsNs(1012.550291),
  });
  const oops = writeSysrqStack(b, st, bash, F.bashCpu, 0x00007ffd6c3b2a10n);

  // --- the ldlm state --------------------------------------------------------------------------
  buildLdlm(b, services);

  // --- stacks of the three CPUs stuck on lr_lock -------------------------------------------------
  writeSpinningStacks(b, st, services);
  const active = new Set([1, 4, 5, 7]);
  idleStacks(b, st, idle, active);

  fs.finish();
  writeServerLog(b, oops);
  b.writeSysInfo({ uptimeNs: NOW, epochSeconds: EPOCH, avenrun: [71.42, 45.17, 22.03] });
  const current = new Map<number, bigint>([
    [0, SERVER_TASKS[2][1]],
    [2, SERVER_TASKS[10][1]],
    [3, services.holder.address],
    [6, bash.address],
  ]);
  b.finish({
    current,
    rqClock: (c) =>
      caps.has(c) && c !== 6 ? NOW - BigInt(3000000 + c * 1117) : NOW - BigInt(80000 + c * 1931),
  });
  return b.prog;
}

// ------------------------------------------------------------------------------------------------
// service threads

interface Services {
  readonly byComm: Map<string, BuiltTask>;
  readonly holder: BuiltTask;
  /** pids of OST service threads (l_pid of the locks they created). */
  readonly ostPids: number[];
}

const PTLRPC_IDLE: Site[] = [
  ...SCHED,
  ["ptlrpc_wait_event", 0x12d],
  ["ptlrpc_main", 0xac3],
  ["kthread", 0xd1],
];
const IO_WAIT: Site[] = [
  ...SCHED,
  ["schedule_timeout", 0x221],
  ["io_schedule_timeout", 0xad],
  ["osd_write", 0x2a7],
  ["ofd_commitrw", 0x4c1],
  ["tgt_brw_write", 0xd7c],
  ["tgt_request_handle", 0x92a],
  ["ptlrpc_server_handle_request", 0x25b],
  ["ptlrpc_main", 0xac3],
  ["kthread", 0xd1],
];

/** Where the service threads' pids go: three per CPT at start-up, the rest on demand. */
function serverThreads(
  ctx: Ctx,
  firstPid: number,
  override: (comm: string) => Partial<TaskPlan> | undefined,
): Services {
  const { b } = ctx;
  const used = new Set<number>(SERVER_TASKS.map((r) => r[0]));
  used.add(HOLDER.pid);
  const plans: TaskPlan[] = [];
  const cptCpu = (cpt: number) => 2 * cpt + b.rng.int(2);
  let pid = firstPid;
  const next = () => {
    while (used.has(pid)) pid++;
    used.add(pid);
    return pid;
  };
  const single = (comm: string, wait: Site[]) => plans.push({ pid: next(), comm, cpu: b.rng.int(8), wait });
  // Start-up order: MGS, then the MDT services, then the OSTs.
  for (let i = 0; i < 3; i++) single(`ll_mgs_${String(i).padStart(4, "0")}`, PTLRPC_IDLE);
  single("mgs_params_noti", [...SCHED, ["mgs_ir_notify", 0x1ad], ["kthread", 0xd1]]);
  single("ldlm_elt", LWAIT.elt);
  for (let c = 0; c < 4; c++)
    for (let i = 0; i < 2; i++)
      single(`ldlm_cn${String(c).padStart(2, "0")}_${String(i).padStart(3, "0")}`, PTLRPC_IDLE);
  single("lfsck", [...SCHED, ["lfsck_master_engine", 0x1d5], ["kthread", 0xd1]]);
  single("lfsck_namespace", [...SCHED, ["lfsck_master_engine", 0x1d5], ["kthread", 0xd1]]);
  single("qmt_reba_testfs", [...SCHED, ["qsd_upd_thread", 0x2b2], ["kthread", 0xd1]]);
  single("osp-pre-0-0", [...SCHED, ["osp_precreate_thread", 0x2fe], ["kthread", 0xd1]]);
  single("osp-syn-0-0", [...SCHED, ["osp_sync_thread", 0x3a0], ["kthread", 0xd1]]);
  single("osp-pre-1-0", [...SCHED, ["osp_precreate_thread", 0x2fe], ["kthread", 0xd1]]);
  single("osp-syn-1-0", [...SCHED, ["osp_sync_thread", 0x3a0], ["kthread", 0xd1]]);
  single("OI_scrub", [...SCHED, ["osd_scrub_main", 0x1c1], ["kthread", 0xd1]]);
  const startupEnd = pid + 120;
  // Services: [prefix, per-CPT counts, wait]
  const series: [string, number[]][] = [
    ["mdt", [20, 18, 15, 19]],
    ["mdt_rdpg", [3, 3, 3, 3]],
    ["mdt_io", [3, 3, 3, 3]],
    ["ll_ost", [8, 7, 10, 7]],
    ["ll_ost_io", [45, 75, 48, 42]],
    ["ll_ost_create", [2, 2, 2, 2]],
  ];
  const nameOf = (svc: string, cpt: number, i: number) =>
    svc === "ll_ost_create"
      ? `${svc}${String(cpt).padStart(2, "0")}_${String(i).padStart(2, "0")}`
      : `${svc}${String(cpt).padStart(2, "0")}_${String(i).padStart(3, "0")}`;
  const pinnedPid = new Map(SERVER_TASKS.map((r) => [r[4], r[0]]));
  pinnedPid.set(HOLDER.comm, HOLDER.pid);
  // Start-up: three threads per CPT (two for the small services).
  for (const [svc, counts] of series)
    for (let c = 0; c < 4; c++)
      for (let i = 0; i < Math.min(3, counts[c]); i++)
        plans.push({ pid: next(), comm: nameOf(svc, c, i), cpu: cptCpu(c), wait: PTLRPC_IDLE });
  for (const name of ["mdt_seqs_0000", "mdt_seqm_0000", "mdt_fld_0000", "mdt_out00_000", "ll_ost_seq00_00"])
    single(name, PTLRPC_IDLE);
  // On demand: interpolate between the pinned pids, up to the newest threads (~6290).
  for (const [svc, counts] of series)
    for (let c = 0; c < 4; c++) {
      const anchors: [number, number][] = [[2, startupEnd]];
      for (let i = 3; i < counts[c]; i++) {
        const p = pinnedPid.get(nameOf(svc, c, i));
        if (p !== undefined) anchors.push([i, p]);
      }
      anchors.push([counts[c], 6290]);
      anchors.sort((x, y) => x[0] - y[0]);
      for (let k = 0; k + 1 < anchors.length; k++) {
        const [ia, pa] = anchors[k];
        const [ib, pb] = anchors[k + 1];
        for (let i = ia + 1; i < ib; i++) {
          const name = nameOf(svc, c, i);
          if (pinnedPid.has(name)) continue;
          let p = Math.round(pa + ((pb - pa) * (i - ia)) / (ib - ia)) + b.rng.int(5) - 2;
          p = Math.min(Math.max(p, pa + 1), pb - 1);
          while (used.has(p) && p < pb - 1) p++;
          if (used.has(p)) continue;
          used.add(p);
          plans.push({ pid: p, comm: name, cpu: cptCpu(c), wait: PTLRPC_IDLE });
        }
        if (k + 1 < anchors.length - 1) {
          const [iPin, pPin] = anchors[k + 1];
          plans.push({ pid: pPin, comm: nameOf(svc, c, iPin), cpu: cptCpu(c), wait: PTLRPC_IDLE });
        }
      }
    }
  // States: CPT 1's I/O threads were woken by new requests but CPUs 2-3 never freed up.
  const byComm = new Map<string, BuiltTask>();
  const ostPids: number[] = [];
  let holder: BuiltTask | undefined;
  plans.sort((x, y) => x.pid - y.pid);
  for (const p of plans) {
    const o = override(p.comm);
    let plan: TaskPlan = { ...p, ...o };
    if (p.comm === HOLDER.comm)
      plan = { ...plan, pid: HOLDER.pid, cpu: HOLDER.cpu, state: TASK_RUNNING, lastArrival: HOLDER.arrival };
    else if (o === undefined && /^ll_ost_io01_/.test(p.comm)) {
      const r = b.rng.int(100);
      if (r < 55) plan = { ...plan, state: TASK_RUNNING };
      else if (r < 70) plan = { ...plan, state: TASK_UNINTERRUPTIBLE, wait: IO_WAIT };
    } else if (o === undefined && /^ll_ost_io0[023]_/.test(p.comm) && b.rng.int(100) < 12)
      plan = { ...plan, state: TASK_UNINTERRUPTIBLE, wait: IO_WAIT };
    if (plan.state === TASK_UNINTERRUPTIBLE && o !== undefined) plan = { ...plan, wait: IO_WAIT };
    const t = spawn(ctx, plan);
    byComm.set(p.comm, t);
    if (p.comm === HOLDER.comm) holder = t;
    if (/^ll_ost/.test(p.comm)) ostPids.push(p.pid);
  }
  return { byComm, holder: holder!, ostPids };
}

// ------------------------------------------------------------------------------------------------
// bash → SysRq → oops → kdump

// ------------------------------------------------------------------------------------------------
// the ldlm: namespaces, resource 0x28, 82721 locks, exports, connections, the request

interface LdlmState {
  /** Granted list positions of the locks on the blocking-AST work list. */
  readonly blocking: readonly number[];
  readonly waitingList: bigint;
}

function buildLdlm(b: KernelBuilder, services: Services): LdlmState {
  const F = SERVER_FACTS;
  const prog = b.prog;
  const mem = prog.mem;
  const rng = b.rng;
  // Namespaces on ldlm_srv_namespace_list: newest first, as ldlm_namespace_register adds them.
  const obdOf = (name: string, uuid: string, at?: bigint) => {
    const o = b.alloc("ll_obd_dev_cache", at);
    b.writeStruct(o, "obd_device", {
      obd_magic: 0xab5cd6efn,
      obd_minor: rng.int(20),
      "obd_uuid.uuid": uuid,
      obd_name: name,
      obd_attached: 1,
      obd_set_up: 1,
      obd_replayable: 1,
      obd_refcount: 80,
    });
    for (const l of [
      "obd_exports",
      "obd_unlinked_exports",
      "obd_delayed_exports",
      "obd_lwp_list",
      "obd_nid_stats",
    ])
      b.listInit(o + b.off("obd_device", l));
    return o;
  };
  const nsList: bigint[] = [];
  const namespace = (name: string, obd: bigint, fixed?: { ns: bigint; name: bigint; hash: bigint }) => {
    const ns = b.alloc("kmalloc-1024", fixed?.ns);
    const nameAddr = fixed ? fixed.name : b.kmallocString(name);
    if (fixed) mem.writeCString(nameAddr, name);
    const hash = b.alloc("kmalloc-128", fixed?.hash);
    b.writeStruct(hash, "cfs_hash", {
      hs_count: 0,
      hs_flags: 0x2c5,
      hs_cur_bits: 20,
      hs_min_bits: 20,
      hs_max_bits: 20,
      hs_bkt_bits: 6,
      hs_refcount: 1,
      hs_name: name.slice(0, 15),
    });
    b.writeStruct(ns, "ldlm_namespace", {
      ns_obd: obd,
      ns_client: "LDLM_NAMESPACE_SERVER",
      ns_name: nameAddr,
      ns_rs_hash: hash,
      ns_bucket_bits: 6,
      ns_bref: 1,
      ns_appetite: "LDLM_NAMESPACE_GREEDY",
      ns_max_unused: 100,
      ns_max_age: 3900n,
      ns_ctime_age_limit: 10,
      ns_max_parallel_ast: 1024,
      "ns_pool.pl_name": `ldlm-pool-${name}-1`,
      "ns_pool.pl_limit": 80000,
      ns_dirty_age_limit: 10,
    });
    for (const l of ["ns_unused_list", "ns_waitq.task_list"]) b.listInit(ns + b.off("ldlm_namespace", l));
    b.writeField(obd, "obd_device", "obd_namespace", ns);
    nsList.push(ns + b.off("ldlm_namespace", "ns_list_chain"));
    return ns;
  };
  namespace("MGS", obdOf("MGS", "MGS"));
  namespace("mdt-testfs0-MDT0000_UUID", obdOf("testfs0-MDT0000", "testfs0-MDT0000_UUID"));
  namespace("filter-testfs0-OST0001_UUID", obdOf("testfs0-OST0001", "testfs0-OST0001_UUID"));
  const ostObd = obdOf("testfs0-OST0000", "testfs0-OST0000_UUID", F.nsObd);
  const ns = namespace("filter-testfs0-OST0000_UUID", ostObd, {
    ns: F.namespace,
    name: F.nsName,
    hash: F.nsRsHash,
  });
  b.linkList(b.sym("ldlm_srv_namespace_list"), [...nsList].reverse());
  b.listInit(b.sym("ldlm_cli_active_namespace_list"));
  b.listInit(b.sym("ldlm_cli_inactive_namespace_list"));
  b.writeField(ns, "ldlm_namespace", "ns_rs_buckets", F.nsBucket);
  b.writeStruct(F.nsBucket, "ldlm_ns_bucket", {
    nsb_namespace: ns,
    "nsb_at_estimate.at_current": 30,
    "nsb_at_estimate.at_worst_ever": 600,
    nsb_count: 3,
  });

  // Clients 10.200.0.2 .. 10.200.0.73: per-client totals (granted + waiting) reproducing uniq -c.
  const hosts = Array.from({ length: F.clients }, (_, i) => i + 2);
  const counts = new Map<number, number>();
  const fixedCounts = F.nidCounts;
  const free = hosts.filter((h) => fixedCounts[h] === undefined);
  const remaining = F.granted + F.waiting.length - Object.values(fixedCounts).reduce((s, v) => s + v, 0);
  const lo = 1031;
  const hi = 1433;
  const raw = free.map(() => lo + rng.int(hi - lo));
  const rawSum = raw.reduce((s, v) => s + v, 0);
  let assigned = 0;
  free.forEach((h, i) => {
    const v = Math.min(hi, Math.max(lo, Math.round((raw[i] * remaining) / rawSum)));
    counts.set(h, v);
    assigned += v;
  });
  for (let i = 0; assigned !== remaining; i = (i + 1) % free.length) {
    const h = free[i];
    const v = counts.get(h)!;
    if (assigned < remaining && v < hi) {
      counts.set(h, v + 1);
      assigned++;
    } else if (assigned > remaining && v > lo) {
      counts.set(h, v - 1);
      assigned--;
    }
  }
  for (const [h, v] of Object.entries(fixedCounts)) counts.set(Number(h), v);

  // Exports and connections.
  const exports = new Map<number, bigint>();
  const oChain = b.off("obd_export", "exp_obd_chain");
  const chains: bigint[] = [];
  for (const h of hosts) {
    const exp = b.alloc("kmalloc-1024", h === 2 ? F.export2 : undefined);
    const conn = b.alloc("kmalloc-96", h === 2 ? F.conn2 : undefined);
    b.writeStruct(conn, "ptlrpc_connection", {
      c_self: SERVER_NID,
      "c_peer.nid": nid(h),
      "c_peer.pid": 0x3039,
      "c_remote_uuid.uuid": `10.200.0.${h}@tcp`,
      c_refcount: 4,
    });
    const uuid = [8, 4, 4, 4, 12]
      .map((n) => Array.from({ length: n }, () => "0123456789abcdef"[rng.int(16)]).join(""))
      .join("-");
    b.writeStruct(exp, "obd_export", {
      "exp_handle.h_cookie": rng.u64(),
      exp_refcount: 5 + counts.get(h)!,
      exp_rpc_count: 1,
      exp_locks_count: counts.get(h)!,
      "exp_client_uuid.uuid": uuid,
      exp_obd: ostObd,
      exp_connection: conn,
      exp_conn_cnt: 1,
      exp_connect_flags: 0xa0425af2e3440078n,
      exp_connect_flags2: 0x3n,
      exp_last_request_time: EPOCH - BigInt(rng.int(40)),
    });
    for (const l of [
      "exp_handle.h_link",
      "exp_stale_list",
      "exp_obd_chain_timed",
      "exp_outstanding_replies",
      "exp_uncommitted_replies",
      "exp_req_replay_queue",
      "exp_locks_list",
      "exp_hp_rpcs",
      "exp_reg_rpcs",
      "exp_bl_list",
    ])
      b.listInit(exp + b.off("obd_export", l));
    exports.set(h, exp);
    chains.push(exp + oChain);
  }
  b.linkList(ostObd + b.off("obd_device", "obd_exports"), chains);
  b.writeField(ostObd, "obd_device", "obd_num_exports", hosts.length);

  // The resource.
  const R = F.resource;
  const itree = b.alloc("kmalloc-128");
  b.writeStruct(R, "ldlm_resource", {
    lr_ns_bucket: F.nsBucket,
    "lr_hash.next": 0n,
    "lr_hash.pprev": b.alloc("kmalloc-2048") + 0x1e0n,
    lr_refcount: F.refcount,
    // qspinlock: locked, tail = CPU 2 (ll_ost_io01_042 queued behind ll_ost00_003).
    lr_lock: (3 << 18) | 0x01,
    "lr_name.name[0]": 0x28n,
    lr_itree: itree,
    lr_type: "LDLM_EXTENT",
    lr_lvb_len: 0x38,
    "lr_lvb_mutex.count": 1,
    lr_lvb_data: b.alloc("kmalloc-64"),
    lr_lvb_initialized: true,
  });
  b.listInit(R + b.off("ldlm_resource", "lr_lvb_mutex.wait_list"));

  // Lock order on the granted list: the PW group first (skip lists group modes), then PR.
  // The per-lock columns below are typed arrays of 82718 entries.
  const waitingHosts = [2, 17, 41];
  const hostIndex = (h: number) => h - hosts[0];
  const pool = new Uint8Array(F.granted); // the client of each granted lock (host index)
  let filled = 0;
  for (const h of hosts) {
    const n = counts.get(h)! - waitingHosts.filter((w) => w === h).length;
    pool.fill(hostIndex(h), filled, filled + n);
    filled += n;
  }
  rng.shuffle(pool);
  const iFirst = pool.indexOf(hostIndex(2));
  [pool[0], pool[iFirst]] = [pool[iFirst], pool[0]];
  const pwCount = 1297;
  // Granted locks the slides show, by list position (ascending).
  const fixedAt: [number, bigint][] = [
    [0, F.grantedFirst],
    [1, F.grantedPw],
    [30000, F.blAst[0] - 0x1c8n],
    [71234, F.blAst[1] - 0x1c8n],
    [F.granted - 1, F.grantedLast],
  ];
  // The granted locks' addresses as 32-bit halves (82718 BigInts would be slow garbage).
  const granted = placeFixed(fixedAt, b.allocMany("kioctx", F.granted - fixedAt.length));
  const extentOrder = rng.shuffle(iota(F.granted));
  const w = F.waiting;
  const waiting = addressHalves(w);
  // 82721 locks: their values recorded now, their slabs composed when first read.
  const locks = new LdlmLockImages(b, {
    cache: "kioctx",
    resource: R,
    handleOps: b.sym("lock_handle_ops"),
    completionAst: b.sym("ldlm_server_completion_ast"),
    blockingAst: b.sym("ldlm_server_blocking_ast"),
    glimpseAst: b.sym("ldlm_server_glimpse_ast"),
    exports: hosts.map((h) => exports.get(h)!),
    epoch: Number(EPOCH),
  });
  const LCK_PW = 2;
  const LCK_PR = 4;
  const LDLM_FL_NS_SRV = 0x0400000000000000n;
  const LDLM_FL_BLOCK_WAIT = 0x8n;
  const extents = megabyteExtents(extentOrder);
  const grantedModes = new Uint8Array(F.granted).fill(LCK_PR).fill(LCK_PW, 0, pwCount);
  // Lock ids are granted list positions (the first list added).
  locks.addList({
    head: R + b.off("ldlm_resource", "lr_granted"),
    at: granted,
    reqMode: grantedModes,
    grantedMode: grantedModes,
    host: pool,
    start: extents.start,
    end: extents.end,
    flags: LDLM_FL_NS_SRV,
    pid: { drawnFrom: services.ostPids },
  });
  // Waiting: the whole-object PW of 10.200.0.2 (being enqueued by ll_ost00_003), then two PR.
  locks.addList({
    head: R + b.off("ldlm_resource", "lr_waiting"),
    at: waiting,
    reqMode: Uint8Array.of(LCK_PW, LCK_PR, LCK_PR),
    grantedMode: new Uint8Array(3),
    host: Uint8Array.from(waitingHosts, hostIndex),
    start: Float64Array.of(0, 0x2a00000, 0x71300000),
    end: Float64Array.of(-1, 0x2afffff, 0x713fffff),
    flags: LDLM_FL_NS_SRV | LDLM_FL_BLOCK_WAIT,
    pid: Uint32Array.of(5389, 6129, 5532),
  });
  // The blocking-AST work list ldlm_lock_enqueue built on its stack (head at ffff917c9eb33bd8):
  // conflicting granted locks linked through l_bl_ast, each pointing back at the PW enqueue.
  const blLocks = [30000];
  for (let i = 30001; i < 71234; i += 7) blLocks.push(i);
  blLocks.push(71234);
  const blHead = 0xffff917c9eb33bd8n;
  locks.setBlockingAsts(blHead, blLocks, w[0]);
  locks.defer();
  // Interval trees (one per mode) and the LVB.
  const modes = [1, 2, 4, 8, 16, 32, 64, 128];
  modes.forEach((m, i) => {
    b.writeStruct(itree + BigInt(i * 16), "ldlm_interval_tree", {
      lit_size: m === 2 ? pwCount : m === 4 ? F.granted - pwCount : 0,
      lit_mode: m,
    });
  });
  const lvb = prog.readU64(R + b.off("ldlm_resource", "lr_lvb_data"));
  mem.writeU64(lvb, 0x51000000000n); // lvb_size
  mem.writeU64(lvb + 8n, EPOCH - 3n);
  mem.writeU64(lvb + 32n, 0x28800000n); // lvb_blocks

  // The enqueue request of 10.200.0.2: embedded in its request buffer descriptor.
  const rqbd = F.rqbd;
  const req = F.request;
  const reqBuf = 0xffffb40a71a00000n;
  b.mapRange(reqBuf, 0x10000, "vmalloc: rqbd_buffer");
  b.writeStruct(rqbd, "ptlrpc_request_buffer_desc", {
    rqbd_refcount: 1,
    rqbd_buffer: reqBuf + 0n,
    "rqbd_md_h.cookie": rng.u64(),
  });
  b.listInit(rqbd + b.off("ptlrpc_request_buffer_desc", "rqbd_list"));
  const msgAt = reqBuf + 0x2a40n;
  b.writeStruct(msgAt, "lustre_msg_v2", { lm_bufcount: 5, lm_magic: 0x0bd00bd3, lm_repsize: 0x1c8 });
  [0xd8, 0x88, 0x20, 0x38, 0x0].forEach((len, i) => {
    mem.writeU32(msgAt + 0x20n + BigInt(i * 4), len);
  });
  b.writeStruct(msgAt + 0x38n, "ptlrpc_body_v3", {
    pb_type: 4711,
    pb_version: 0x30003,
    pb_opc: 101,
    pb_conn_cnt: 1,
    pb_timeout: 100,
  });
  b.writeStruct(F.replyMsg, "lustre_msg_v2", { lm_bufcount: 4, lm_magic: 0x0bd00bd3 });
  const xid = XID;
  b.writeStruct(req, "ptlrpc_request", {
    rq_type: 4711,
    rq_status: 0,
    rq_phase: 0xebc0de01,
    rq_refcount: 1,
    rq_reqlen: 0x1c8,
    rq_replen: 0x1c8,
    rq_reqmsg: msgAt,
    rq_repmsg: F.replyMsg,
    rq_xid: xid,
    rq_mbits: xid,
    rq_reqbuf: msgAt,
    rq_reqbuf_len: 0x1c8,
    rq_reqdata_len: 0x1c8,
    rq_rqbd: rqbd,
    rq_export: F.export2,
    rq_import: 0n,
    rq_self: SERVER_NID,
    "rq_peer.nid": nid(2),
    "rq_peer.pid": 0x3039,
    "rq_source.nid": nid(2),
    "rq_source.pid": 0x3039,
    rq_timeout: 0n,
    rq_sent: 0n,
    rq_deadline: EPOCH + 38n,
    "rq_arrival_time.tv_sec": EPOCH - 0n,
    "rq_pill.rc_req": req,
    "rq_pill.rc_fmt": b.sym("RQF_LDLM_ENQUEUE"),
    "rq_pill.rc_loc": "RCL_SERVER",
  });
  for (const l of [
    "rq_list",
    "rq_replay_list",
    "rq_unreplied_list",
    "rq_ctx_chain",
    "rq_timed_list",
    "rq_exp_list",
    "rq_history_list",
    "rq_srv_list",
  ])
    b.listInit(req + b.off("ptlrpc_request", l));
  // ldlm_run_ast_work's argument block.
  b.writeStruct(F.cbSetArg, "ldlm_cb_set_arg", {
    set: b.alloc("kmalloc-192"),
    type: 1,
    restart: 0,
    list: blHead,
    ast_count: 512n,
  });
  // A freed sigqueue the enqueue path's stack still points at.
  mem.writeU64(F.sigqueue, F.sigqueue);
  mem.writeU64(F.sigqueue + 8n, F.sigqueue);
  mem.writeU32(F.sigqueue + 0x18n, 17);
  return { blocking: blLocks, waitingList: R + 0x30n };
}

// Small helpers for the 82718-entry loops: a loop in a small function is optimized (on-stack
// replacement) far sooner than one in buildLdlm.

/**
 * Object addresses in list order: `fixed` ones at their positions (ascending), `fresh` ones
 * (in allocation order) everywhere else.
 */
function placeFixed(fixed: readonly (readonly [number, bigint])[], fresh: ObjectAddresses): ObjectAddresses {
  const n = fixed.length + fresh.hi.length;
  const hi = new Uint32Array(n);
  const lo = new Uint32Array(n);
  let next = 0; // list positions placed
  let used = 0; // fresh objects placed
  for (const [pos, at] of fixed) {
    hi.set(fresh.hi.subarray(used, used + pos - next), next);
    lo.set(fresh.lo.subarray(used, used + pos - next), next);
    used += pos - next;
    hi[pos] = Number(at >> 32n);
    lo[pos] = Number(at & 0xffffffffn);
    next = pos + 1;
  }
  hi.set(fresh.hi.subarray(used), next);
  lo.set(fresh.lo.subarray(used), next);
  return { hi, lo };
}

function addressHalves(addrs: readonly bigint[]): ObjectAddresses {
  return {
    hi: Uint32Array.from(addrs, (a) => Number(a >> 32n)),
    lo: Uint32Array.from(addrs, (a) => Number(a & 0xffffffffn)),
  };
}

/** 0, 1, ..., n - 1. */
function iota(n: number): Int32Array {
  const a = new Int32Array(n);
  for (let i = 0; i < n; i++) a[i] = i;
  return a;
}

/** Extents of whole MiB: the `order[i]`th MiB for lock i. */
function megabyteExtents(order: Int32Array): { start: Float64Array; end: Float64Array } {
  const start = new Float64Array(order.length);
  const end = new Float64Array(order.length);
  for (let i = 0; i < order.length; i++) {
    start[i] = order[i] * 0x100000;
    end[i] = start[i] + 0xfffff;
  }
  return { start, end };
}

// ------------------------------------------------------------------------------------------------
// the three CPUs on lr_lock

function writeSpinningStacks(b: KernelBuilder, st: Stacks, s: Services): void {
  const F = SERVER_FACTS;
  const T = (name: string, off: number) => b.text(name, off);
  // ll_ost00_003 (CPU 0): transcript 10's frames #7-#17, transcript 11's words for #14-#17.
  const ost = s.byComm.get("ll_ost00_003")!;
  const stack = ost.stack;
  const at = (off: number) => stack + BigInt(off);
  const lock = F.waiting[0];
  const res = F.resource;
  const req = F.request;
  const pill = req + 0x3e0n;
  const env = F.env;
  const frames = [
    { pc: T("native_safe_halt", 0xb) },
    { pc: T("kvm_wait", 0x52) },
    { pc: T("__pv_queued_spin_lock_slowpath", 0x1c4) },
    { pc: T("queued_spin_lock_slowpath", 0xb) },
    { pc: T("_raw_spin_lock", 0x20) },
    { pc: T("lock_res_and_lock", 0x2c) },
    { pc: T("ldlm_work_bl_ast_lock", 0x179) },
    { pc: T("ptlrpc_check_set", 0x620) },
    { pc: T("ptlrpc_check_set", 0x1e6b) },
    { pc: T("ptlrpc_set_wait", 0x394) },
    { pc: T("ldlm_run_ast_work", 0x145), slot: at(0x3b40), locals: [lock, res, res + 0x1cn, at(0x3c68)] },
    {
      pc: T("ldlm_handle_conflict_lock", 0x70),
      slot: at(0x3b70),
      locals: [at(0x3c68), 0n, at(0x3bd8), res, lock],
    },
    {
      pc: T("ldlm_lock_enqueue", 0x2d3),
      slot: at(0x3ba8),
      locals: [
        0x8058614an,
        pill,
        env,
        b.sym("ldlm_process_extent_lock"),
        0xc111e5a0n,
        F.blAst[0],
        F.blAst[1],
        0x8058614an,
        req,
        env,
        0n,
        F.namespace,
        F.cbSetArg,
      ],
    },
    {
      pc: T("ldlm_handle_enqueue0", 0xa56),
      slot: at(0x3c20),
      locals: [
        0xffff917700000000n,
        0xffff917700000000n,
        b.sym("lustre_swab_ldlm_request"),
        pill,
        0x0000006800000001n,
        lock,
        0x38n,
        pill,
        0x20000n,
        lock,
        0x8058614an,
        F.sigqueue,
        req,
        F.replyMsg,
        req,
        b.sym("tgt_dlm_handlers"),
      ],
    },
    { pc: T("tgt_enqueue", 0x62), slot: at(0x3cb0) },
    { pc: T("tgt_request_handle", 0x92a) },
    { pc: T("ptlrpc_server_handle_request", 0x25b) },
    { pc: T("ptlrpc_main", 0xac3) },
    { pc: T("kthread", 0xd1) },
  ];
  st.nmiStopped(0, ost, frames, { objects: [lock, res, req] });
  // The rpc_list head ldlm_lock_enqueue keeps at bd8 (next/prev = the first/last l_bl_ast).

  // ll_ost_io01_042 (CPU 2): a BRW's local extent enqueue queued behind it.
  const brw: Site[] = [
    ["native_safe_halt", 0xb],
    ["kvm_wait", 0x52],
    ["__pv_queued_spin_lock_slowpath", 0x17a],
    ["queued_spin_lock_slowpath", 0xb],
    ["_raw_spin_lock", 0x20],
    ["lock_res_and_lock", 0x2c],
    ["ldlm_lock_enqueue", 0x6f],
    ["ldlm_cli_enqueue_local", 0x1dc],
    ["tgt_extent_lock", 0x176],
    ["tgt_brw_lock", 0x12d],
    ["tgt_brw_write", 0x4e2],
    ["tgt_request_handle", 0x92a],
    ["ptlrpc_server_handle_request", 0x25b],
    ["ptlrpc_main", 0xac3],
    ["kthread", 0xd1],
  ];
  const io42 = s.byComm.get("ll_ost_io01_042")!;
  st.nmiStopped(2, io42, st.pcs(brw), { objects: [res] });
  // ll_ost_io01_051 (CPU 3): holds lr_lock, comparing against 82718 granted extents.
  const holder: Site[] = [
    ["ldlm_extent_compat_queue", 0x2b5],
    ["ldlm_process_extent_lock", 0x16c],
    ["ldlm_lock_enqueue", 0x35a],
    ["ldlm_cli_enqueue_local", 0x1dc],
    ["tgt_extent_lock", 0x176],
    ["tgt_brw_lock", 0x12d],
    ["tgt_brw_write", 0x4e2],
    ["tgt_request_handle", 0x92a],
    ["ptlrpc_server_handle_request", 0x25b],
    ["ptlrpc_main", 0xac3],
    ["kthread", 0xd1],
  ];
  st.nmiStopped(3, s.holder, st.pcs(holder), { objects: [res] });
}

function ldlmLineTables(b: KernelBuilder): void {
  const file = (f: string) => `/usr/src/debug/lustre-2.12.3/lustre/${f}`;
  const lines: [string, string, [number, number][]][] = [
    [
      "lock_res_and_lock",
      "ldlm/l_lock.c",
      [
        [0, 49],
        [0x18, 53],
        [0x2c, 54],
      ],
    ],
    [
      "ldlm_work_bl_ast_lock",
      "ldlm/ldlm_lock.c",
      [
        [0, 1980],
        [0x179, 2002],
      ],
    ],
    [
      "ldlm_run_ast_work",
      "ldlm/ldlm_lock.c",
      [
        [0, 2180],
        [0x145, 2243],
      ],
    ],
    [
      "ldlm_handle_conflict_lock",
      "ldlm/ldlm_lock.c",
      [
        [0, 1709],
        [0x70, 1735],
      ],
    ],
    [
      "ldlm_lock_enqueue",
      "ldlm/ldlm_lock.c",
      [
        [0, 1799],
        [0x6f, 1822],
        [0x2d3, 1924],
        [0x35a, 1938],
      ],
    ],
    [
      "ldlm_handle_enqueue0",
      "ldlm/ldlm_lockd.c",
      [
        [0, 1184],
        [0xa56, 1428],
      ],
    ],
    [
      "ptlrpc_check_set",
      "ptlrpc/client.c",
      [
        [0, 1630],
        [0x620, 1705],
        [0x1e6b, 2067],
      ],
    ],
    [
      "ptlrpc_set_wait",
      "ptlrpc/client.c",
      [
        [0, 2290],
        [0x394, 2366],
      ],
    ],
    [
      "tgt_enqueue",
      "target/tgt_handler.c",
      [
        [0, 1390],
        [0x62, 1402],
      ],
    ],
    [
      "tgt_request_handle",
      "target/tgt_handler.c",
      [
        [0, 687],
        [0x92a, 801],
      ],
    ],
  ];
  for (const [fn, f, entries] of lines)
    b.prog.symbols.setLines(b.prog.symbol(fn), { file: file(f), entries });
}

// ------------------------------------------------------------------------------------------------
// log

function writeServerLog(b: KernelBuilder, oops: OopsState): void {
  const _prog = b.prog;
  let last = 0;
  const log = (sec: number, text: string, level = 6) => {
    if (sec < last) sec = last;
    last = sec;
    b.log(tsNs(sec), text, level);
  };
  for (const [s, l, t] of bootMessages({ cpus: 8, memKiB: 24 * 1024 * 1024, nodename: CFG.nodename }))
    log(s, t, l);
  const rng = b.rng;
  const lines: [number, number, string][] = [
    [1021.338411, 6, "LNet: HW NUMA nodes: 1, HW CPU cores: 8, npartitions: 4"],
    [1021.35221, 6, "alg: No test for adler32 (adler32-zlib)"],
    [1022.004159, 6, "Lustre: Lustre: Build Version: 2.12.3"],
    [1022.29187, 6, "LNet: Added LNI 10.200.0.1@tcp [8/256/0/180]"],
    [1022.292451, 6, "LNet: Accept secure, port 988"],
    [
      1023.512877,
      6,
      "LDISKFS-fs (vdb): mounted filesystem with ordered data mode. Opts: user_xattr,errors=remount-ro,no_mbcache,nodelalloc",
    ],
    [1024.009321, 4, "Lustre: MGS: Connection restored to 1f2fdd6f-c7b0-5d2b-44d5-b3e16e95ba14 (at 0@lo)"],
    [
      1025.631094,
      6,
      "LDISKFS-fs (vdc): mounted filesystem with ordered data mode. Opts: user_xattr,errors=remount-ro,no_mbcache,nodelalloc",
    ],
    [1026.88143, 4, "Lustre: testfs0-MDT0000: Imperative Recovery not enabled, recovery window 300-900"],
    [
      1028.114592,
      6,
      "LDISKFS-fs (vdd): mounted filesystem with ordered data mode. Opts: errors=remount-ro,no_mbcache,nodelalloc",
    ],
    [1028.902761, 4, "Lustre: testfs0-OST0000: Imperative Recovery not enabled, recovery window 300-900"],
    [
      1029.411882,
      6,
      "LDISKFS-fs (vde): mounted filesystem with ordered data mode. Opts: errors=remount-ro,no_mbcache,nodelalloc",
    ],
    [1030.020178, 4, "Lustre: testfs0-OST0001: Imperative Recovery not enabled, recovery window 300-900"],
    [1031.55712, 4, "Lustre: testfs0-OST0000: Connection restored to testfs0-MDT0000-mdtlov_UUID (at 0@lo)"],
  ];
  for (const [s, l, t] of lines) log(s, t, l);
  let t = 1105.0;
  for (let h = 2; h <= 73; h++) {
    t += 0.4 + rng.int(3000) / 1000;
    log(t, `Lustre: testfs0-OST0000: Connection restored to ${uuidish(rng)} (at 10.200.0.${h}@tcp)`, 4);
  }
  const evictLines: [number, string][] = [
    [
      1702.441913,
      "Lustre: testfs0-OST0000: haven't heard from client 3c0f6a2e-4b17-2d63-7a1e-52c5b4f7d0a9 (at 10.200.0.58@tcp) in 227 seconds. I think it's dead, and I am evicting it. exp ffff917c4e2d9000, cur 1578474623 expire 1578474473 last 1578474396",
    ],
    [
      1741.119805,
      "Lustre: 5387:0:(service.c:1372:ptlrpc_at_send_early_reply()) @@@ Couldn't add any time (5/5), not sending early reply",
    ],
    [
      1762.930112,
      "Lustre: testfs0-OST0000: Client 9bb7f1c2-1d44-5c6a-8e06-7f3a0d1c9e42 (at 10.200.0.12@tcp) reconnecting",
    ],
    [
      1789.553317,
      "LustreError: 0:0:(ldlm_lockd.c:256:expired_lock_main()) ### lock callback timer expired after 101s: evicting client at 10.200.0.33@tcp  ns: filter-testfs0-OST0000_UUID lock: ffff917c7e1a2d80/0x5e14d9b1e3a12c7 lrc: 3/0,0 mode: PR/PR res: [0x28:0x0:0x0].0x0 rrc: 83398 type: EXT [30408704->31457279] (req 30408704->31457279) flags: 0x60000400030020 nid: 10.200.0.33@tcp remote: 0x9d4e2b1f7a1c33e8 expref: 1187 pid: 5387 timeout: 1578474612 lvb_type: 0",
    ],
    [
      1801.002841,
      "Lustre: testfs0-OST0000: Connection restored to 4f1de5b3-0a9c-8f26-3b74-c9a1e0d25f18 (at 10.200.0.33@tcp)",
    ],
    [
      1824.617209,
      `Lustre: 5389:0:(service.c:2011:ptlrpc_server_handle_req_in()) @@@ Slow req_in handling 6s  req@ffff917cb168a050 x${XID}/t0(0) o101->9bb7f1c2-1d44-5c6a-8e06-7f3a0d1c9e42@10.200.0.2@tcp:0/0 lens 456/0 e 0 to 0 dl 1578474648 ref 1 fl New:/0/ffffffff rc 0/-1`,
    ],
  ];
  for (const [s, text] of evictLines) log(s, text, text.startsWith("LustreError") ? 3 : 4);
  // The SysRq and the oops it causes; the last line is transcript 09's 1834.107266.
  oopsLog(b, oops, log, 1834.099113, 1834.107266);
}

function uuidish(rng: { int(n: number): number }): string {
  return [8, 4, 4, 4, 12]
    .map((n) => Array.from({ length: n }, () => "0123456789abcdef"[rng.int(16)]).join(""))
    .join("-");
}
