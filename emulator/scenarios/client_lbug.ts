/**
 * client_lbug: a Lustre 2.12.3 client (KVM guest, 16 CPUs, 20 GB) running trinity, which hit
 * LU-13257: trinity-c30 (pid 12295) set LL_FILE_GROUP_LOCKED through one ioctl, then called
 * LL_IOC_GROUP_UNLOCK (_IOW('f', 0x9f, long)) on fd 55, /mnt/lustre0/testdir/testfile, and
 * ll_put_grouplock's LASSERT(fd->fd_grouplock.lg_lock != NULL) fired: LBUG, panic, kdump.
 * Every address the talk shows (transcripts 01-06) is placed exactly.
 */
import { KernelBuilder, type KernelConfig, TASK_RUNNING, THREAD_SIZE } from "../kernel/linux/build";
import {
  createIdleTasks,
  createStandardCaches,
  FsTree,
  idleStacks,
  MODE,
  type OpenSpec,
  Processes,
  Stacks,
  tsNs,
} from "../kernel/linux/machine";
import {
  FID,
  FLD,
  KSOCKLND,
  LIBCFS,
  LMV,
  LNET,
  LOV,
  LUSTRE,
  MDC,
  MGC,
  OBDCLASS,
  OSC,
  PTLRPC,
} from "../kernel/linux/module-layouts";
import type { Program } from "../kernel/program";
import {
  bootMessages,
  type Ctx,
  loadCentosModules,
  loadLayout,
  NR,
  spawn,
  standardKernelThreads,
  standardUserSpace,
  USER,
} from "./common";
import { LWAIT, lnetAndPtlrpcThreads } from "./lustre-threads";

/** The values the slides show (also what the tests check). */
export const CLIENT_FACTS = {
  task: 0xffff9f955eae6180n,
  pid: 12295,
  cpu: 4,
  stack: 0xffff9f94f45dc000n,
  mm: 0xffff9f94f45d6400n,
  file: 0xffff9f956da1ff00n,
  dentry: 0xffff9f94e6411cc0n,
  inode: 0xffff9f920bdaad90n,
  path: "/mnt/lustre0/testdir/testfile",
  slots: [
    0xffff9f94f45dfb80n,
    0xffff9f94f45dfbe0n,
    0xffff9f94f45dfcb0n,
    0xffff9f94f45dfd30n,
    0xffff9f94f45dfd50n,
    0xffff9f94f45dfda0n,
    0xffff9f94f45dfe80n,
    0xffff9f94f45dff00n,
    0xffff9f94f45dff50n,
  ],
  pcs: [
    0xffffffffa4c63934n,
    0xffffffffa4d1d162n,
    0xffffffffa535c81bn,
    0xffffffffc08228cbn,
    0xffffffffc0fcb92cn,
    0xffffffffc0fde8d6n,
    0xffffffffa4e569d0n,
    0xffffffffa4e56c71n,
    0xffffffffa5375ddbn,
  ],
};

const CFG: KernelConfig = {
  scenario: "client_lbug",
  seed: 0x13257,
  textBase: 0xffffffffa4a00000n,
  pageOffsetBase: 0xffff9f9100000000n,
  vmemmapBase: 0xffffdbd6c0000000n,
  physBytes: 0x540000000n,
  totalRamBytes: 20n * 1024n * 1024n * 1024n - 0x9c000n,
  cpus: 16,
  panicCpu: 4,
  nodename: "lustre-client",
  cpuKhz: 2394454,
};

const PANIC_AT = 319.511226;
const NOW = tsNs(319.548713);
/** When trinity-c30 got CPU 4 for the ioctl that crashed. */
const TRINITY_ARRIVAL = 319472108346n;
/** Wall clock of the dump: Mon Jan  6 16:21:44 UTC 2020. */
const EPOCH = BigInt(Date.UTC(2020, 0, 6, 16, 21, 44) / 1000);

export function buildClientLbug(): Program {
  const b = new KernelBuilder(CFG);
  const F = CLIENT_FACTS;
  createStandardCaches(b, [
    ["lustre_inode_cache", 0x778, 0x780, 3],
    ["ll_file_data", 0xd8, 0xd8, 0],
  ]);
  b.setupPerCpu(CFG.pageOffsetBase + 0x53f000000n);
  // Fixed objects first, so nothing random lands on them.
  b.pin(F.stack, 2);
  b.pin(0xffff9f958ed1590bn, 0); // a page-cache page a stale stack word points into
  b.alloc("task_struct", F.task);
  b.alloc("kmalloc-256", F.file);

  // --- modules -----------------------------------------------------------------------------
  loadCentosModules(b, 0xffffffffc0351000n);
  const lustreBases: [typeof LIBCFS, bigint][] = [
    [LIBCFS, 0xffffffffc0814000n],
    [LNET, 0xffffffffc0879000n],
    [OBDCLASS, 0xffffffffc095d000n],
    [PTLRPC, 0xffffffffc0b3f000n],
    [KSOCKLND, 0xffffffffc0d6e000n],
    [FLD, 0xffffffffc0da1000n],
    [FID, 0xffffffffc0db6000n],
    [LOV, 0xffffffffc0dc9000n],
    [MDC, 0xffffffffc0e1d000n],
    [LMV, 0xffffffffc0e5e000n],
    [OSC, 0xffffffffc0e8d000n],
    [MGC, 0xffffffffc0eee000n],
    [LUSTRE, 0xffffffffc0fb5000n],
  ];
  for (const [l, base] of lustreBases) loadLayout(b, l, base);
  b.prog.symbols.setLines(b.prog.symbol("ll_put_grouplock.isra.46"), {
    file: "/usr/src/debug/lustre-2.12.3/lustre/llite/file.c",
    entries: [
      [0x0, 2178],
      [0x2c, 2183],
      [0x5a, 2186],
      [0xc8, 2190],
      [0x1a3, 2196],
      [0x2f0, 2200],
      [0x37c, 2200],
    ],
  });
  b.prog.symbols.setLines(b.prog.symbol("ll_file_ioctl"), {
    file: "/usr/src/debug/lustre-2.12.3/lustre/llite/file.c",
    entries: [
      [0x0, 3264],
      [0x6e, 3272],
      [0x4a1, 3300],
      [0xb20, 3386],
      [0xb76, 3388],
      [0xb90, 3390],
      [0x1fd0, 3456],
    ],
  });
  b.prog.symbols.setLines(b.prog.symbol("do_vfs_ioctl"), {
    file: "/usr/src/debug/kernel-3.10.0-957.21.3.el7/linux-3.10.0-957.21.3.el7.x86_64/fs/ioctl.c",
    entries: [
      [0x0, 544],
      [0x3a, 550],
      [0x39b, 44],
      [0x3a0, 44],
      [0x3b0, 605],
    ],
  });

  // --- file systems ------------------------------------------------------------------------
  const fs = new FsTree(b);
  fs.fsType("xfs", { inodeCache: "xfs_inode", inodeOffset: 0xc0n, magic: 0x58465342n });
  fs.fsType("sysfs", { magic: 0x62656572n });
  fs.fsType("proc", { inodeCache: "proc_inode_cache", inodeOffset: 0x78n, magic: 0x9fa0n });
  fs.fsType("devtmpfs", { inodeCache: "shmem_inode_cache", inodeOffset: 0x70n, magic: 0x01021994n });
  fs.fsType("tmpfs", { inodeCache: "shmem_inode_cache", inodeOffset: 0x70n, magic: 0x01021994n });
  fs.fsType("devpts", { magic: 0x1cd1n });
  fs.fsType("pipefs", { magic: 0x50495045n });
  fs.fsType("sockfs", { inodeCache: "sock_inode_cache", inodeOffset: 0x50n, magic: 0x534f434bn });
  fs.fsType("lustre", {
    address: b.sym("lustre_fs_type"),
    inodeCache: "lustre_inode_cache",
    inodeOffset: 0x90n,
    magic: 0x0bd00bd0n,
  });
  fs.mount("xfs", "/", "/dev/mapper/centos-root", { dev: 0xfd00000 });
  fs.mount("sysfs", "/sys", "sysfs");
  fs.mount("proc", "/proc", "proc");
  const dev = fs.mount("devtmpfs", "/dev", "devtmpfs");
  fs.mount("tmpfs", "/dev/shm", "tmpfs");
  const pts = fs.mount("devpts", "/dev/pts", "devpts");
  fs.mount("tmpfs", "/run", "tmpfs");
  fs.mount("tmpfs", "/sys/fs/cgroup", "tmpfs");
  fs.mount("xfs", "/boot", "/dev/vda1", { dev: 0xfc00001 });
  const lustre = fs.mount("lustre", "/mnt/lustre0", "10.200.0.1@tcp:/testfs0", { sbId: "testfs0-ffff9f94" });
  const pipefs = fs.mount("pipefs", "/", "pipefs", { internal: true });
  const sockfs = fs.mount("sockfs", "/", "sockfs", { internal: true });
  const nul = fs.lookup("/dev/null", false, { mode: MODE.S_IFCHR | 0o666, rdev: 0x100003 });
  const ttyS0 = fs.lookup("/dev/pts/0", false, { mode: MODE.S_IFCHR | 0o620, rdev: 0x8800000 });
  const procs = new Processes(b, fs);
  const st = new Stacks(b);

  let kthreaddAddr = 0n;
  const ctx: Ctx = {
    b,
    st,
    fs,
    procs,
    now: NOW,
    kthreadd: () => kthreaddAddr,
    arrival: (p) => {
      const u = b.rng.int(1000000) / 1000000;
      const busy = /kworker|ksoftirqd|rcu_sched|watchdog\/|ptlrpcd|socknal_sd|trinity/.test(p.comm);
      let t = NOW - BigInt(Math.floor((busy ? 2e9 : 300e9) * u * u * u)) - 1000000n;
      if (p.cpu === F.cpu && t >= TRINITY_ARRIVAL) t = TRINITY_ARRIVAL - BigInt(1 + b.rng.int(900000000));
      return t;
    },
    devNull: () => ({ dentry: nul, mount: dev }),
  };

  // --- tasks -------------------------------------------------------------------------------
  const idle = createIdleTasks(b);
  standardKernelThreads(ctx, (t) => {
    kthreaddAddr = t.address;
  });
  const user = standardUserSpace(ctx, 520);
  const lnet = lnetAndPtlrpcThreads(ctx, { firstPid: 2316, cpts: 2, perCpt: 4 });
  let pid = lnet.nextPid;
  spawn(ctx, { pid: pid++, comm: "ll_ping", cpu: b.rng.int(16), wait: LWAIT.pinger });
  pid += 4;
  spawn(ctx, { pid: pid++, comm: "ll_cfg_requeue", cpu: b.rng.int(16), wait: LWAIT.mgc });

  // sshd session → bash → trinity → trinity-main → trinity-cN children.
  const tty = () => [0, 1, 2].map((fd) => ({ fd, dentry: ttyS0, mount: pts }));
  const session = spawn(ctx, {
    pid: 12084,
    comm: "sshd",
    cpu: 9,
    wait: USER.select,
    user: { nr: NR.select, vm: 39800, rss: 1380 },
    parent: user.sshd.address,
  });
  const bash = spawn(ctx, {
    pid: 12101,
    comm: "bash",
    cpu: 11,
    wait: USER.wait4,
    user: { nr: NR.wait4, vm: 28900, rss: 520, open: tty(), root: "/", cwd: "/tmp/trinity/tmp" },
    parent: session.address,
  });
  const trinityOpen = () =>
    tty().concat([
      { fd: 3, dentry: fs.pseudo(pipefs, MODE.S_IFIFO | 0o600), mount: pipefs },
      { fd: 4, dentry: fs.pseudo(pipefs, MODE.S_IFIFO | 0o600), mount: pipefs },
    ]);
  const trinity = spawn(ctx, {
    pid: 12180,
    comm: "trinity",
    cpu: 2,
    wait: USER.wait4,
    user: { nr: NR.wait4, vm: 74100, rss: 13800, open: trinityOpen(), cwd: "/tmp/trinity/tmp" },
    parent: bash.address,
  });
  spawn(ctx, {
    pid: 12183,
    comm: "trinity-watchdo",
    cpu: 7,
    wait: USER.nanosleep,
    user: { nr: NR.nanosleep, vm: 74100, rss: 10900, open: trinityOpen(), cwd: "/tmp/trinity/tmp" },
    parent: trinity.address,
  });
  const main = spawn(ctx, {
    pid: 12184,
    comm: "trinity-main",
    cpu: 13,
    wait: USER.wait4,
    user: { nr: NR.wait4, vm: 74100, rss: 11200, open: trinityOpen(), cwd: "/tmp/trinity/tmp" },
    parent: trinity.address,
  });
  // The other children: respawned over time, so their pids are scattered below 12295.
  const childPids = new Set<number>();
  while (childPids.size < 31) childPids.add(12186 + b.rng.int(12294 - 12186));
  const sortedChildPids = [...childPids].sort((x, y) => x - y);
  const waits: [typeof USER.futex, bigint][] = [
    [USER.nanosleep, NR.nanosleep],
    [USER.pipeRead, NR.read],
    [USER.futex, NR.futex],
    [USER.select, NR.select],
    [USER.poll, NR.poll],
  ];
  let childIdx = 0;
  for (const cpid of sortedChildPids) {
    if (childIdx === 30) childIdx++;
    const [w, nr] = b.rng.pick(waits);
    spawn(ctx, {
      pid: cpid,
      comm: `trinity-c${childIdx++}`,
      cpu: b.rng.int(16),
      wait: w,
      user: { nr, vm: 74100, rss: 9000 + b.rng.int(3000), open: trinityOpen(), cwd: "/tmp/trinity/tmp" },
      parent: main.address,
      lastArrival: NOW - BigInt(1000000 + b.rng.int(400000000)),
    });
  }

  // --- trinity-c30 ---------------------------------------------------------------------------
  const mm = ctx.procs.mm(74100, 9410, { at: F.mm });
  const lustreRoot = "/mnt/lustre0/testdir";
  const fd = b.alloc("ll_file_data");
  b.writeStruct(fd, "ll_file_data", {
    "fd_ras.ras_requests": 3n,
    "fd_ras.ras_window_len": 0n,
    "fd_grouplock.lg_lock": 0n,
    "fd_grouplock.lg_gid": 0n,
    fd_flags: 0x0000000a, // LL_FILE_GROUP_LOCKED | LL_FILE_LOCKED_DIRECTIO, set by LL_IOC_SETFLAGS
    fd_omode: 0x4801f,
  });
  b.listInit(fd + b.off("ll_file_data", "fd_lccs"));
  const testfile = fs.lookup(F.path, false, { dentryAt: F.dentry, inodeAt: F.inode, size: 0x7ffff000n });
  const llFops = b.sym("ll_file_operations");
  const open: OpenSpec[] = tty();
  const add = (fdNo: number, dentry: bigint, mount = fs.mountFor("/"), extra: Partial<OpenSpec> = {}) =>
    open.push({ fd: fdNo, dentry, mount, ...extra });
  add(3, fs.pseudo(pipefs, MODE.S_IFIFO | 0o600), pipefs);
  add(4, fs.pseudo(pipefs, MODE.S_IFIFO | 0o600), pipefs);
  for (let i = 5; i <= 22; i++) add(i, fs.pseudo(sockfs, MODE.S_IFSOCK | 0o777), sockfs);
  for (let i = 23; i <= 26; i++) add(i, fs.pseudo(pipefs, MODE.S_IFIFO | 0o600), pipefs);
  const devs: [string, number][] = [
    ["/dev/null", 0x100003],
    ["/dev/zero", 0x100005],
    ["/dev/urandom", 0x100009],
    ["/dev/kmsg", 0x10000b],
    ["/dev/vcs", 0x700000],
    ["/dev/cpu_dma_latency", 0xa0003c],
    ["/dev/vga_arbiter", 0xa0003f],
    ["/dev/rtc0", 0xfe00000],
    ["/dev/hpet", 0xa000e4],
    ["/dev/input/event0", 0xd000040],
  ];
  devs.forEach(([p, rdev], i) => {
    add(27 + i, fs.lookup(p, false, { mode: MODE.S_IFCHR | 0o666, rdev }), dev);
  });
  const procFiles = [
    "/proc/meminfo",
    "/proc/sys/vm/drop_caches",
    "/proc/12184/mountinfo",
    "/proc/loadavg",
    "/proc/sys/kernel/hostname",
    "/proc/vmstat",
  ];
  procFiles.forEach((p, i) => {
    add(37 + i, fs.lookup(p), fs.mountFor("/proc"));
  });
  const sysFiles = [
    "/sys/kernel/mm/transparent_hugepage/enabled",
    "/sys/devices/system/cpu/online",
    "/sys/block/vda/queue/scheduler",
    "/sys/class/net/eth0/mtu",
  ];
  sysFiles.forEach((p, i) => {
    add(43 + i, fs.lookup(p), fs.mountFor("/sys"));
  });
  for (let i = 0; i < 3; i++) add(47 + i, fs.lookup(`/tmp/trinity/tmp/trinity-testfile${i + 1}`));
  add(50, fs.lookup(lustreRoot, true), lustre, { fops: b.sym("ll_dir_operations"), flags: 0o200000 });
  add(51, fs.lookup(`${lustreRoot}/f0`), lustre, { fops: llFops });
  add(52, fs.lookup(`${lustreRoot}/f1`), lustre, { fops: llFops });
  add(53, fs.lookup(`${lustreRoot}/d0`, true), lustre, { fops: b.sym("ll_dir_operations"), flags: 0o200000 });
  add(54, fs.lookup(`${lustreRoot}/f2`), lustre, { fops: llFops });
  add(55, testfile, lustre, { at: F.file, fops: llFops, privateData: fd, flags: 0o100002, pos: 0x1000n });
  const files = ctx.procs.files(open);
  const fsStruct = ctx.procs.fsStruct("/", "/tmp/trinity/tmp");
  const t = b.addTask({
    pid: F.pid,
    comm: "trinity-c30",
    state: TASK_RUNNING,
    cpu: F.cpu,
    lastArrival: TRINITY_ARRIVAL,
    parent: main.address,
    kernelThread: false,
    address: F.task,
    stack: F.stack,
    mm,
    files,
    fs: fsStruct,
    startTime: tsNs(318.204117),
  });
  writeTrinityStack(b, st, t.address, t.stack, fd, testfile);
  b.setThreadSp(t.address, F.stack + 0x3e08n);

  // --- idle tasks: every other CPU was idle when CPU 4 sent the crash NMI --------------------
  const active = new Set<number>();
  for (let c = 0; c < CFG.cpus; c++) if (c !== F.cpu) active.add(c);
  idleStacks(b, st, idle, active);

  fs.finish();
  writeClientLog(b);
  b.writeSysInfo({ uptimeNs: NOW, epochSeconds: EPOCH, avenrun: [18.35, 14.72, 8.1] });
  const current = new Map<number, bigint>([[F.cpu, F.task]]);
  b.finish({ current, rqClock: (c) => NOW - BigInt(c === F.cpu ? 35000000 : 1000000 + c * 7919) });
  return b.prog;
}

/** The crashed stack, word for word where the talk shows it (frames #0-#8, transcript 05's #6). */
function writeTrinityStack(
  b: KernelBuilder,
  st: Stacks,
  task: bigint,
  stack: bigint,
  lfd: bigint,
  dentry: bigint,
): void {
  const F = CLIENT_FACTS;
  const at = (off: number) => stack + BigInt(off);
  const S = F.slots;
  const junk = st.junk.forTask(task, stack, [F.file, F.mm]);
  const text = (n: string, o: number) => b.text(n, o);
  const inode = F.inode;
  // Frames #2-#7 hold exactly the stale text words panic()'s dump_stack printed with "? ".
  const locals2 = [
    at(0x3cd0),
    0x0000000000000246n,
    text("vprintk_emit", 0x3c5),
    at(0x3d28),
    0x000000000000000an,
    F.task,
    0x0000000000000000n,
    0x00000000000004b8n,
    at(0x3d20),
    0xffffffffc0838a40n,
    0x0000000000000000n,
    0x0000000000000898n,
    at(0x3d48),
    0x0000000000000001n,
  ];
  const locals3 = [at(0x3d40), 0x0000000000000246n];
  const locals4 = [
    inode,
    lfd,
    F.file,
    text("libcfs_debug_msg", 0x10d),
    0x0000000000000000n,
    0x00000000fffffff2n,
    at(0x3d98),
    F.file,
  ];
  const locals5 = [
    0x0000000000000000n,
    lfd,
    text("ll_get_grouplock", 0x1f3),
    0x000000004008669fn,
    F.file,
    0x0000000000000037n,
    at(0x3e30),
    text("_raw_spin_unlock_irqrestore", 0x15),
    0x0000000000000000n,
    inode,
    0x000000007ffff000n,
    0x0000000000000000n,
    0x00000000ece1f068n,
    F.task,
    text("ll_file_open", 0x2c4),
    at(0x3e68),
    0x0000000000000000n,
    0x0000000000000001n,
    F.file,
    0x000000004008669fn,
    0x0000000000000000n,
    0x0000000000000000n,
    at(0x3e70),
    inode,
    0x000000007ffff000n,
    0x0000000000000000n,
  ];
  // Transcript 05: frame #6's words from fe88 to fef0 (fef8 is the saved rbp, ff00 sys_ioctl+161).
  const locals6 = [
    dentry,
    F.mm + 0x29fn,
    0xffff9f958ed1590bn,
    S[6],
    text("do_setitimer", 476),
    0x0000000000000000n,
    0x00000000ece1f068n,
    F.file,
    0x0000000000000037n,
    0x00000000ece1f068n,
    F.file,
    0x0000000000000037n,
    0x000000004008669fn,
    0x000000007ffff000n,
  ];
  const locals7 = [
    0x0000000000000000n,
    F.file,
    text("SyS_setitimer", 0x61),
    0x0000000000000037n,
    0x000000004008669fn,
    0x000000007ffff000n,
    0x0000000000000000n,
    0x00007f7a310ad058n,
  ];
  const pcs = F.pcs;
  const r = b.writeChain(
    [
      { pc: pcs[0], slot: S[0] },
      { pc: pcs[1], slot: S[1] },
      { pc: pcs[2], slot: S[2], locals: locals2 },
      { pc: pcs[3], slot: S[3], locals: locals3 },
      { pc: pcs[4], slot: S[4], locals: locals4 },
      { pc: pcs[5], slot: S[5], locals: locals5 },
      { pc: pcs[6], slot: S[6], locals: locals6 },
      { pc: pcs[7], slot: S[7], locals: locals7 },
      { pc: pcs[8], slot: S[8] },
    ],
    { top: S[8], mode: "registers", lastSavedRbp: 0x00007f7a310ad000n, junk },
  );
  b.cpuRegs.set(F.cpu, r.regs);
  // Transcript 03's registers at syscall entry.
  b.writePtRegs(stack + THREAD_SIZE - 168n, {
    r15: 0x00007f7a310ad000n,
    r14: 0x0000000000000000n,
    r13: 0x00007f7a311866b0n,
    r12: 0x00007f7a310ad058n,
    bp: 0x00007f7a310ad000n,
    bx: 0x0000000000000010n,
    r11: 0x0000000000000246n,
    r10: 0x0000000110c10320n,
    r9: 0xffffffffbbbbbbbcn,
    r8: 0x00000064200a4f56n,
    ax: 0x0000000000000010n,
    cx: 0xffffffffa5375d21n,
    dx: 0x000000007ffff000n,
    si: 0x000000004008669fn,
    di: 0x0000000000000037n,
    orig_ax: 0x0000000000000010n,
    ip: 0x00007f7a30a931c9n,
    cs: 0x33n,
    flags: 0x00010216n,
    sp: 0x00007fff2314c668n,
    ss: 0x2bn,
  });
  b.writeField(task, "task_struct", "thread.usersp", 0x00007fff2314c668n);
}

/** One " [<addr>] [? ]sym+off/size [mod]" line of a 3.10 call trace. */
function traceLine(prog: Program, addr: bigint, unreliable: boolean): string {
  const r = prog.symbols.resolve(addr)!;
  const mod = r.symbol.module ? ` [${r.symbol.module}]` : "";
  return ` [<${addr.toString(16)}>] ${unreliable ? "? " : ""}${r.symbol.name}+0x${r.offset.toString(16)}/0x${r.symbol.size.toString(16)}${mod}`;
}

function writeClientLog(b: KernelBuilder): void {
  const prog = b.prog;
  let last = 0;
  const log = (sec: number, text: string, level = 6) => {
    if (sec < last) sec = last;
    last = sec;
    b.log(tsNs(sec), text, level);
  };
  for (const [s, l, t] of bootMessages({ cpus: 16, memKiB: 20 * 1024 * 1024, nodename: CFG.nodename }))
    log(s, t, l);
  const lustreLines: [number, string][] = [
    [62.183245, "LNet: HW NUMA nodes: 1, HW CPU cores: 16, npartitions: 2"],
    [62.190012, "alg: No test for adler32 (adler32-zlib)"],
    [63.004531, "Lustre: Lustre: Build Version: 2.12.3"],
    [63.301264, "LNet: Using FMR for registration"],
    [63.322918, "LNet: Added LNI 10.200.0.81@tcp [8/256/0/180]"],
    [63.32387, "LNet: Accept secure, port 988"],
    [64.911734, "Lustre: Mounted testfs0-client"],
    [117.448016, "random: crng init done"],
    [301.205512, "warning: process `trinity-c3' used the deprecated sysctl system call with 1.23."],
    [303.77123, "Lustre: 12241:0:(file.c:2196:ll_put_grouplock()) no group lock held"],
    [305.023915, "sock: process `trinity-c17' is using obsolete setsockopt SO_BSDCOMPAT"],
    [307.4418, "Lustre: 12262:0:(file.c:2196:ll_put_grouplock()) no group lock held"],
    [309.100228, "LustreError: 12230:0:(file.c:2142:ll_get_grouplock()) group id may not be 0"],
    [311.639054, "Lustre: 12272:0:(file.c:2196:ll_put_grouplock()) no group lock held"],
    [312.884315, "trinity-c8 (12213): drop_caches: 3"],
    [314.202411, "LustreError: 12288:0:(file.c:2142:ll_get_grouplock()) group id may not be 0"],
    [316.390176, "Lustre: 12251:0:(file.c:2196:ll_put_grouplock()) no group lock held"],
    [
      318.014993,
      "perf: interrupt took too long (2508 > 2500), lowering kernel.perf_event_max_sample_rate to 79000",
    ],
  ];
  for (const [s, t] of lustreLines)
    log(s, t, t.startsWith("LustreError") ? 3 : t.startsWith("Lustre:") ? 4 : 6);
  // Transcript 02: the LBUG and libcfs's own call trace.
  const pre: [number, string, number][] = [
    [
      319.474274,
      "LustreError: 12295:0:(file.c:2200:ll_put_grouplock()) ASSERTION( fd->fd_grouplock.lg_lock != ((void *)0) ) failed: ",
      0,
    ],
    [319.478957, "LustreError: 12295:0:(file.c:2200:ll_put_grouplock()) LBUG", 0],
    [
      319.481942,
      "Pid: 12295, comm: trinity-c30 3.10.0-957.21.3.el7.x86_64 #1 SMP Tue Jun 18 16:35:19 UTC 2019",
      4,
    ],
    [319.485441, "Call Trace:", 4],
  ];
  for (const [s, t, l] of pre) log(s, t, l);
  const F = CLIENT_FACTS;
  const traced: [number, bigint][] = [
    [319.487361, b.text("libcfs_call_trace", 0x8c)],
    [319.490289, F.pcs[3]],
    [319.493359, F.pcs[4]],
    [319.496729, F.pcs[5]],
    [319.500151, F.pcs[6]],
    [319.502573, F.pcs[7]],
    [319.505419, F.pcs[8]],
  ];
  for (const [s, a] of traced) log(s, traceLine(prog, a, false), 4);
  log(319.508395, " [<ffffffffffffffff>] 0xffffffffffffffff", 4);
  log(PANIC_AT, "Kernel panic - not syncing: LBUG", 0);
  // panic() → dump_stack(): the header, then every text address on the stack above panic's frame,
  // "? " for the ones that are not in the frame chain.
  const after: string[] = [
    "CPU: 4 PID: 12295 Comm: trinity-c30 Kdump: loaded Tainted: G           OE  ------------   3.10.0-957.21.3.el7.x86_64 #1",
    "Hardware name: Red Hat KVM, BIOS 1.11.0-2.el7 04/01/2014",
    "Call Trace:",
    traceLine(prog, b.text("dump_stack", 0x19), false),
    traceLine(prog, b.text("panic", 0xe8), false),
  ];
  const chain = new Set(F.slots.slice(3));
  for (let a = F.slots[2] + 8n; a <= F.slots[8]; a += 8n) {
    const v = prog.readU64(a);
    const r = prog.symbols.resolve(v);
    if (!r || !(r.symbol.kind === "T" || r.symbol.kind === "t")) continue;
    after.push(traceLine(prog, v, !chain.has(a)));
  }
  let ts = PANIC_AT;
  for (const line of after) {
    ts += 0.00197 + (line.length % 7) * 0.00011;
    log(Number(ts.toFixed(6)), line, line.startsWith(" [<") || line === "Call Trace:" ? 4 : 4);
  }
}
