/**
 * What the three CentOS 7 machines have in common: the kernel threads, the systemd user space,
 * the stacks they sleep on, and the scheduling timestamps (sched_info.last_arrival) consistent
 * with who runs on each CPU. Scenario files add their own tasks and call these.
 */
import {
  type BuiltTask,
  type KernelBuilder,
  type ModuleSpec,
  PF_KTHREAD,
  TASK_INTERRUPTIBLE,
  TASK_RUNNING,
} from "../kernel/linux/build";
import {
  type FsTree,
  MODE,
  type Mount,
  type OpenSpec,
  type Processes,
  type Site,
  type Stacks,
  type SyscallRegs,
} from "../kernel/linux/machine";
import { CENTOS_MODULES, centosLayout, type ModuleLayout } from "../kernel/linux/module-layouts";

// ----------------------------------------------------------------------------------------------
// call chains (innermost first, without the final kthread / system_call_fastpath)

export const SCHED: Site[] = [
  ["__schedule", 0x3f2],
  ["schedule", 0x29],
];
export const WAIT = {
  smpboot: [...SCHED, ["smpboot_thread_fn", 0x144], ["kthread", 0xd1]] as Site[],
  worker: [...SCHED, ["worker_thread", 0x126], ["kthread", 0xd1]] as Site[],
  rescuer: [...SCHED, ["rescuer_thread", 0x1f5], ["kthread", 0xd1]] as Site[],
  rcu: [...SCHED, ["rcu_gp_kthread", 0x53e], ["kthread", 0xd1]] as Site[],
  hungtask: [...SCHED, ["schedule_timeout", 0x221], ["watchdog", 0x11a], ["kthread", 0xd1]] as Site[],
  kswapd: [...SCHED, ["kswapd", 0x2a5], ["kthread", 0xd1]] as Site[],
  ksm: [...SCHED, ["schedule_timeout", 0x221], ["ksm_scan_thread", 0x1c8], ["kthread", 0xd1]] as Site[],
  khugepaged: [...SCHED, ["schedule_timeout", 0x221], ["khugepaged", 0x3a6], ["kthread", 0xd1]] as Site[],
  kauditd: [...SCHED, ["kauditd_thread", 0x12e], ["kthread", 0xd1]] as Site[],
  scsi_eh: [...SCHED, ["scsi_error_handler", 0x2a5], ["kthread", 0xd1]] as Site[],
  devtmpfsd: [...SCHED, ["devtmpfsd", 0xa4], ["kthread", 0xd1]] as Site[],
  kthreadd: [...SCHED, ["kthreadd", 0x2bd]] as Site[],
  xfsaild: [...SCHED, ["schedule_timeout", 0x221], ["xfsaild", 0x171], ["kthread", 0xd1]] as Site[],
};
/** User-space waits, up to (not including) system_call_fastpath. */
export const USER = {
  epoll: [
    ...SCHED,
    ["schedule_hrtimeout_range_clock", 0x12d],
    ["schedule_hrtimeout_range", 0xd],
    ["ep_poll", 0x23e],
    ["SyS_epoll_wait", 0xfe],
  ] as Site[],
  select: [
    ...SCHED,
    ["schedule_hrtimeout_range_clock", 0x12d],
    ["schedule_hrtimeout_range", 0xd],
    ["poll_schedule_timeout", 0x44],
    ["do_select", 0x5b7],
    ["core_sys_select", 0x1dc],
    ["SyS_select", 0xba],
  ] as Site[],
  poll: [
    ...SCHED,
    ["schedule_hrtimeout_range_clock", 0x12d],
    ["schedule_hrtimeout_range", 0xd],
    ["poll_schedule_timeout", 0x44],
    ["do_sys_poll", 0x3b2],
    ["SyS_poll", 0x74],
  ] as Site[],
  wait4: [...SCHED, ["do_wait", 0x1e5], ["SyS_wait4", 0x80]] as Site[],
  ttyRead: [
    ...SCHED,
    ["schedule_timeout", 0x221],
    ["n_tty_read", 0x699],
    ["tty_read", 0x8e],
    ["vfs_read", 0x9f],
    ["SyS_read", 0x7f],
  ] as Site[],
  futex: [
    ...SCHED,
    ["futex_wait_queue_me", 0x96],
    ["futex_wait", 0x179],
    ["do_futex", 0x106],
    ["SyS_futex", 0x80],
  ] as Site[],
  nanosleep: [
    ...SCHED,
    ["do_nanosleep", 0x70],
    ["hrtimer_nanosleep", 0xbb],
    ["SyS_nanosleep", 0x7e],
  ] as Site[],
  pipeRead: [
    ...SCHED,
    ["pipe_wait", 0x70],
    ["pipe_read", 0x1ef],
    ["vfs_read", 0x9f],
    ["SyS_read", 0x7f],
  ] as Site[],
};
const NR = { read: 0n, poll: 7n, select: 23n, nanosleep: 35n, wait4: 61n, futex: 202n, epoll_wait: 232n };

// ----------------------------------------------------------------------------------------------
// modules

/** Load a module layout at base and return the struct module address. */
export function loadLayout(b: KernelBuilder, l: ModuleLayout, base: bigint): bigint {
  const spec: ModuleSpec = {
    name: l.name,
    base,
    coreSize: l.coreSize,
    textSize: l.textSize,
    symbols: l.symbols,
    structOffset: (l.coreSize - 0x400) & ~0x3f,
    taints: l.taints,
  };
  return b.loadModule(spec);
}

/** The CentOS modules from `start`, packed with page-aligned gaps; returns the next free address. */
export function loadCentosModules(b: KernelBuilder, start: bigint, skip: readonly string[] = []): bigint {
  let base = start;
  for (const [name, size, fns] of CENTOS_MODULES) {
    if (skip.includes(name)) continue;
    const l = centosLayout(name, size, fns);
    loadLayout(b, l, base);
    base += BigInt(l.coreSize) + 0x1000n * BigInt(b.rng.int(3));
  }
  return base;
}

// ----------------------------------------------------------------------------------------------
// population

export interface TaskPlan {
  readonly pid: number;
  readonly comm: string;
  readonly cpu: number;
  /** Kernel-thread wait chain, or user wait (USER.*) with its syscall. */
  readonly wait: Site[];
  readonly user?: {
    nr: bigint;
    open?: OpenSpec[];
    root?: string;
    cwd?: string;
    vm?: number;
    rss?: number;
    leader?: BuiltTask;
  };
  readonly state?: number;
  readonly address?: bigint;
  /** Fixed kernel stack base. */
  readonly stack?: bigint;
  readonly lastArrival?: bigint;
  readonly parent?: bigint;
  readonly startTime?: bigint;
  readonly objects?: readonly bigint[];
}

/** Everything a scenario's builders share: builder, stacks, file system, processes. */
export interface Ctx {
  readonly b: KernelBuilder;
  readonly st: Stacks;
  readonly fs: FsTree;
  readonly procs: Processes;
  /** Time of the dump, ns since boot. */
  readonly now: bigint;
  readonly kthreadd: () => bigint;
  /** When a task last ran: a timestamp for its kind, avoiding windows the slides pin. */
  readonly arrival: (plan: TaskPlan) => bigint;
  readonly devNull: () => { dentry: bigint; mount: Mount };
}

/** Create a task from a plan and write its stack (sleeping in its wait chain). */
export function spawn(ctx: Ctx, p: TaskPlan): BuiltTask {
  const { b, st, procs } = ctx;
  const kernel = p.user === undefined;
  let mm = 0n;
  let files = 0n;
  let fsStruct = 0n;
  if (p.user) {
    if (p.user.leader) {
      mm = b.prog.readU64(p.user.leader.address + b.off("task_struct", "mm"));
      files = b.prog.readU64(p.user.leader.address + b.off("task_struct", "files"));
      fsStruct = b.prog.readU64(p.user.leader.address + b.off("task_struct", "fs"));
    } else {
      const vm = p.user.vm ?? 20000 + b.rng.int(60000);
      mm = procs.mm(vm, p.user.rss ?? Math.floor(vm * (0.02 + b.rng.int(10) / 100)));
      const nul = ctx.devNull();
      const open = p.user.open ?? [0, 1, 2].map((fd) => ({ fd, dentry: nul.dentry, mount: nul.mount }));
      files = procs.files(open);
      fsStruct = procs.fsStruct(p.user.root ?? "/", p.user.cwd ?? "/");
    }
  }
  const t = b.addTask({
    pid: p.pid,
    tgid: p.user?.leader?.spec.pid,
    groupLeader: p.user?.leader?.address,
    comm: p.comm,
    state: p.state ?? TASK_INTERRUPTIBLE,
    cpu: p.cpu,
    lastArrival: p.lastArrival ?? ctx.arrival(p),
    parent: p.parent ?? (kernel ? ctx.kthreadd() : b.sym("init_task")),
    kernelThread: kernel,
    address: p.address,
    stack: p.stack,
    mm,
    files,
    fs: fsStruct,
    startTime: p.startTime,
  });
  if (kernel) {
    b.writeField(t.address, "task_struct", "flags", PF_KTHREAD);
    st.sleepingKthread(t, p.wait, p.objects ?? []);
  } else {
    const user = userRegsFor(b, p.user!.nr);
    st.sleepingSyscall(t, p.wait, user, p.objects ?? []);
  }
  return t;
}

function userRegsFor(b: KernelBuilder, nr: bigint): SyscallRegs {
  const lib = 0x7f0000000000n + BigInt(b.rng.int(0xffffff)) * 0x1000n;
  const ip = lib + BigInt(0x10000 + b.rng.int(0xe0000));
  const sp = 0x7ffc00000000n + BigInt(b.rng.int(0x3ffffff)) * 0x10n;
  return {
    nr,
    ip,
    sp,
    bp: b.rng.int(3) === 0 ? 0n : sp + BigInt(0x40 + 16 * b.rng.int(40)),
    di: BigInt(b.rng.int(20)),
    si: sp + 0x20n,
    dx: BigInt(b.rng.int(64)),
    r10: nr === NR.epoll_wait || nr === NR.poll ? 0xffffffffffffffffn : 0n,
    bx: BigInt(b.rng.int(0x1000000)),
    r12: 0x558000000000n + BigInt(b.rng.int(0xffffff)) * 0x10n,
  };
}

export { NR };

/** Kernel threads every CentOS 7 machine runs, pids from 2 upwards (boot order). */
export function standardKernelThreads(ctx: Ctx, kthreadd: (t: BuiltTask) => void): BuiltTask[] {
  const { b } = ctx;
  const cpus = b.cfg.cpus;
  const out: BuiltTask[] = [];
  let pid = 2;
  const boot = (comm: string, wait: Site[], cpu: number) => {
    const t = spawn(ctx, { pid: pid++, comm, cpu, wait, startTime: BigInt(pid) * 3000000n });
    out.push(t);
    return t;
  };
  const kd = b.addTask({
    pid: pid++,
    comm: "kthreadd",
    state: TASK_INTERRUPTIBLE,
    cpu: b.rng.int(cpus),
    lastArrival: ctx.now - BigInt(b.rng.int(30000000000)),
    parent: b.sym("init_task"),
    kernelThread: true,
  });
  b.writeField(kd.address, "task_struct", "flags", PF_KTHREAD);
  ctx.st.sleepingKthread(kd, WAIT.kthreadd);
  kthreadd(kd);
  out.push(kd);
  boot("ksoftirqd/0", WAIT.smpboot, 0);
  boot("kworker/0:0", WAIT.worker, 0);
  boot("kworker/0:0H", WAIT.worker, 0);
  boot(`kworker/u${2 * cpus}:0`, WAIT.worker, b.rng.int(cpus));
  boot("migration/0", WAIT.smpboot, 0);
  boot("rcu_bh", WAIT.rcu, b.rng.int(cpus));
  boot("rcu_sched", WAIT.rcu, b.rng.int(cpus));
  boot("lru-add-drain", WAIT.rescuer, b.rng.int(cpus));
  boot("watchdog/0", WAIT.smpboot, 0);
  for (let c = 1; c < cpus; c++) {
    boot(`watchdog/${c}`, WAIT.smpboot, c);
    boot(`migration/${c}`, WAIT.smpboot, c);
    boot(`ksoftirqd/${c}`, WAIT.smpboot, c);
    pid++; // kworker/N:0 of the hotplug path exited
    boot(`kworker/${c}:0H`, WAIT.worker, c);
  }
  for (const [comm, wait] of [
    ["kdevtmpfs", WAIT.devtmpfsd],
    ["netns", WAIT.rescuer],
    ["khungtaskd", WAIT.hungtask],
    ["writeback", WAIT.rescuer],
    ["kintegrityd", WAIT.rescuer],
    ["bioset", WAIT.rescuer],
    ["bioset", WAIT.rescuer],
    ["bioset", WAIT.rescuer],
    ["kblockd", WAIT.rescuer],
    ["md", WAIT.rescuer],
    ["edac-poller", WAIT.rescuer],
    ["watchdogd", WAIT.rescuer],
    ["kswapd0", WAIT.kswapd],
    ["ksmd", WAIT.ksm],
    ["khugepaged", WAIT.khugepaged],
    ["crypto", WAIT.rescuer],
    ["kthrotld", WAIT.rescuer],
    ["kmpath_rdacd", WAIT.rescuer],
    ["kaluad", WAIT.rescuer],
    ["kpsmoused", WAIT.rescuer],
    ["ipv6_addrconf", WAIT.rescuer],
    ["deferwq", WAIT.rescuer],
    ["kauditd", WAIT.kauditd],
  ] as [string, Site[]][])
    boot(comm, wait, b.rng.int(cpus));
  pid += 20;
  for (const [comm, wait] of [
    ["ata_sff", WAIT.rescuer],
    ["scsi_eh_0", WAIT.scsi_eh],
    ["scsi_tmf_0", WAIT.rescuer],
    ["scsi_eh_1", WAIT.scsi_eh],
    ["scsi_tmf_1", WAIT.rescuer],
    ["ttm_swap", WAIT.rescuer],
    ["kdmflush", WAIT.rescuer],
    ["bioset", WAIT.rescuer],
    ["kdmflush", WAIT.rescuer],
    ["bioset", WAIT.rescuer],
    ["xfsalloc", WAIT.rescuer],
    ["xfs_mru_cache", WAIT.rescuer],
    ["xfs-buf/dm-0", WAIT.rescuer],
    ["xfs-data/dm-0", WAIT.rescuer],
    ["xfs-conv/dm-0", WAIT.rescuer],
    ["xfs-cil/dm-0", WAIT.rescuer],
    ["xfs-reclaim/dm-", WAIT.rescuer],
    ["xfs-log/dm-0", WAIT.rescuer],
    ["xfs-eofblocks/d", WAIT.rescuer],
    ["xfsaild/dm-0", WAIT.xfsaild],
  ] as [string, Site[]][])
    boot(comm, wait, b.rng.int(cpus));
  for (let c = 0; c < cpus; c++) boot(`kworker/${c}:1H`, WAIT.worker, c);
  return out;
}

/**
 * A CentOS 7 systemd user space starting at `pid`; returns the tasks and the next free pid.
 * `sshdParent` receives the sshd task (interactive shells hang under it).
 */
export function standardUserSpace(
  ctx: Ctx,
  firstPid: number,
): { tasks: BuiltTask[]; nextPid: number; sshd: BuiltTask; systemd: BuiltTask } {
  const { b } = ctx;
  const cpus = b.cfg.cpus;
  const out: BuiltTask[] = [];
  const cpu = () => b.rng.int(cpus);
  const systemd = spawn(ctx, {
    pid: 1,
    comm: "systemd",
    cpu: cpu(),
    wait: USER.epoll,
    user: { nr: NR.epoll_wait, vm: 48000, rss: 1600 },
    parent: b.sym("init_task"),
    startTime: 300000000n,
  });
  out.push(systemd);
  let pid = firstPid;
  const proc = (
    comm: string,
    wait: Site[],
    nr: bigint,
    vm: number,
    rss: number,
    threads: [string, Site[], bigint][] = [],
  ) => {
    const t = spawn(ctx, {
      pid: pid++,
      comm,
      cpu: cpu(),
      wait,
      user: { nr, vm, rss },
      parent: systemd.address,
    });
    out.push(t);
    for (const [tc, tw, tnr] of threads) {
      out.push(
        spawn(ctx, {
          pid: pid++,
          comm: tc,
          cpu: cpu(),
          wait: tw,
          user: { nr: tnr, leader: t },
          parent: systemd.address,
        }),
      );
    }
    return t;
  };
  proc("systemd-journal", USER.epoll, NR.epoll_wait, 9300, 2100);
  pid += 10;
  proc("lvmetad", USER.select, NR.select, 49600, 440);
  proc("systemd-udevd", USER.epoll, NR.epoll_wait, 11200, 560);
  pid += 150;
  proc("auditd", USER.epoll, NR.epoll_wait, 13900, 230, [["auditd", USER.futex, NR.futex]]);
  pid += 20;
  proc("systemd-logind", USER.epoll, NR.epoll_wait, 6300, 450);
  proc("dbus-daemon", USER.epoll, NR.epoll_wait, 17000, 620);
  proc("polkitd", USER.poll, NR.poll, 153000, 2700, [
    ["gmain", USER.poll, NR.poll],
    ["gdbus", USER.poll, NR.poll],
    ["JS GC Helper", USER.futex, NR.futex],
    ["JS Sour~ Thread", USER.futex, NR.futex],
    ["polkitd", USER.poll, NR.poll],
  ]);
  proc("chronyd", USER.select, NR.select, 29200, 460);
  proc("irqbalance", USER.nanosleep, NR.nanosleep, 5500, 250);
  proc("gssproxy", USER.epoll, NR.epoll_wait, 50400, 370, [
    ["gssproxy", USER.futex, NR.futex],
    ["gssproxy", USER.futex, NR.futex],
    ["gssproxy", USER.futex, NR.futex],
    ["gssproxy", USER.futex, NR.futex],
    ["gssproxy", USER.futex, NR.futex],
  ]);
  pid += 60;
  proc("NetworkManager", USER.poll, NR.poll, 137000, 2300, [
    ["gmain", USER.poll, NR.poll],
    ["gdbus", USER.poll, NR.poll],
  ]);
  pid += 300;
  proc("tuned", USER.select, NR.select, 143000, 4200, [
    ["tuned", USER.futex, NR.futex],
    ["tuned", USER.poll, NR.poll],
    ["tuned", USER.futex, NR.futex],
    ["tuned", USER.futex, NR.futex],
  ]);
  const sshd = proc("sshd", USER.select, NR.select, 28200, 1070);
  proc("rsyslogd", USER.select, NR.select, 55800, 1600, [
    ["in:imjournal", USER.poll, NR.poll],
    ["rs:main Q:Reg", USER.futex, NR.futex],
  ]);
  proc("crond", USER.nanosleep, NR.nanosleep, 31600, 410);
  proc("atd", USER.nanosleep, NR.nanosleep, 6500, 180);
  proc("agetty", USER.ttyRead, NR.read, 27200, 210);
  proc("agetty", USER.ttyRead, NR.read, 27200, 210);
  pid += 40;
  const master = proc("master", USER.epoll, NR.epoll_wait, 22700, 640);
  pid += 2;
  out.push(
    spawn(ctx, {
      pid: pid++,
      comm: "qmgr",
      cpu: cpu(),
      wait: USER.epoll,
      user: { nr: NR.epoll_wait, vm: 22800, rss: 620 },
      parent: master.address,
    }),
  );
  return { tasks: out, nextPid: pid, sshd, systemd };
}

export { MODE, TASK_RUNNING };

// ----------------------------------------------------------------------------------------------
// boot log

/** The first messages of a CentOS 7 boot on a KVM guest, [seconds, level, text]. */
export function bootMessages(o: {
  cpus: number;
  memKiB: number;
  nodename: string;
  hostBridge?: string;
}): [number, number, string][] {
  const release = "3.10.0-957.21.3.el7.x86_64";
  const m: [number, number, string][] = [
    [0, 5, "Initializing cgroup subsys cpuset"],
    [0, 5, "Initializing cgroup subsys cpu"],
    [0, 5, "Initializing cgroup subsys cpuacct"],
    [
      0,
      5,
      `Linux version ${release} (mockbuild@kbuilder.bsys.centos.org) (gcc version 4.8.5 20150623 (Red Hat 4.8.5-36) (GCC) ) #1 SMP Tue Jun 18 16:35:19 UTC 2019`,
    ],
    [
      0,
      6,
      `Command line: BOOT_IMAGE=/vmlinuz-${release} root=/dev/mapper/centos-root ro crashkernel=auto rd.lvm.lv=centos/root rd.lvm.lv=centos/swap console=ttyS0,115200 LANG=en_US.UTF-8`,
    ],
    [0, 6, "e820: BIOS-provided physical RAM map:"],
    [0, 6, "BIOS-e820: [mem 0x0000000000000000-0x000000000009fbff] usable"],
    [0, 6, "BIOS-e820: [mem 0x000000000009fc00-0x000000000009ffff] reserved"],
    [0, 6, "BIOS-e820: [mem 0x00000000000f0000-0x00000000000fffff] reserved"],
    [0, 6, "BIOS-e820: [mem 0x0000000000100000-0x00000000bffdefff] usable"],
    [0, 6, "BIOS-e820: [mem 0x00000000bffdf000-0x00000000bfffffff] reserved"],
    [0, 6, "BIOS-e820: [mem 0x00000000feffc000-0x00000000feffffff] reserved"],
    [0, 6, "BIOS-e820: [mem 0x00000000fffc0000-0x00000000ffffffff] reserved"],
    [
      0,
      6,
      `BIOS-e820: [mem 0x0000000100000000-0x${(0x100000000 + o.memKiB * 1024 - 0xc0000000).toString(16).padStart(16, "0")}] usable`,
    ],
    [0, 6, "NX (Execute Disable) protection: active"],
    [0, 6, "SMBIOS 2.8 present."],
    [0, 7, "DMI: Red Hat KVM, BIOS 1.11.0-2.el7 04/01/2014"],
    [0, 6, "Hypervisor detected: KVM"],
    [0, 6, "Kernel/User page tables isolation: enabled"],
    [0, 6, `smpboot: Allowing ${o.cpus} CPUs, 0 hotplug CPUs`],
    [0, 6, "Booting paravirtualized kernel on KVM"],
    [0, 6, `setup_percpu: NR_CPUS:5120 nr_cpumask_bits:${o.cpus} nr_cpu_ids:${o.cpus} nr_node_ids:1`],
    [
      0,
      6,
      `Memory: ${Math.floor(o.memKiB * 0.97)}k/${o.memKiB}k available (7676k kernel code, 1049000k absent, ${Math.floor(o.memKiB * 0.02)}k reserved, 6045k data, 1876k init)`,
    ],
    [0.000001, 6, "Hierarchical RCU implementation."],
    [0.000002, 6, `\tRCU restricting CPUs from NR_CPUS=5120 to nr_cpu_ids=${o.cpus}.`],
    [0.002, 6, "Console: colour VGA+ 80x25"],
    [0.003, 6, "console [ttyS0] enabled"],
    [0.01, 6, "tsc: Detected 2394.454 MHz processor"],
    [0.02, 6, "Calibrating delay loop (skipped) preset value.. 4788.90 BogoMIPS (lpj=2394454)"],
    [0.05, 6, "Security Framework initialized"],
    [0.05, 6, "SELinux:  Initializing."],
    [
      0.1,
      6,
      "smpboot: CPU0: Intel Xeon E312xx (Sandy Bridge, IBRS update) (fam: 06, model: 2a, stepping: 01)",
    ],
    [0.2, 6, "x86: Booting SMP configuration:"],
    [0.45, 6, `smpboot: Total of ${o.cpus} processors activated (${(4788.9 * o.cpus).toFixed(2)} BogoMIPS)`],
    [0.5, 6, "devtmpfs: initialized"],
    [0.6, 6, "NET: Registered protocol family 16"],
    [0.8, 6, "PCI host bridge to bus 0000:00"],
    [1.1, 6, "SCSI subsystem initialized"],
    [1.3, 6, "NET: Registered protocol family 2"],
    [1.5, 6, "Freeing unused kernel memory: 1876k freed"],
    [1.9, 6, "random: systemd: uninitialized urandom read (16 bytes read)"],
    [
      2.0,
      6,
      "systemd[1]: systemd 219 running in system mode. (+PAM +AUDIT +SELINUX +IMA -APPARMOR +SMACK +SYSVINIT +UTMP +LIBCRYPTSETUP +GCRYPT +GNUTLS +ACL +XZ +LZ4 -SECCOMP +BLKID +ELFUTILS +KMOD +IDN)",
    ],
    [2.0, 6, "systemd[1]: Detected virtualization kvm."],
    [2.0, 6, "systemd[1]: Detected architecture x86-64."],
    [2.1, 6, "systemd[1]: Running in initial RAM disk."],
    [2.9, 6, " vda: vda1 vda2"],
    [3.3, 5, "SGI XFS with ACLs, security attributes, no debug enabled"],
    [3.4, 5, "XFS (dm-0): Mounting V5 Filesystem"],
    [3.6, 6, "XFS (dm-0): Ending clean mount"],
    [4.2, 6, "systemd-journald[98]: Received SIGTERM from PID 1 (systemd)."],
    [4.6, 6, "SELinux:  Disabled at runtime."],
    [4.9, 6, "type=1404 audit(1578000000.456:2): selinux=0 auid=4294967295 ses=4294967295"],
    [5.3, 6, "systemd-journald[552]: Received request to flush runtime journal from PID 1"],
    [5.8, 6, "input: PC Speaker as /devices/platform/pcspkr/input/input4"],
    [6.0, 6, "virtio_net virtio0 eth0: renamed from eth0"],
    [6.4, 5, "XFS (vda1): Mounting V5 Filesystem"],
    [6.6, 6, "XFS (vda1): Ending clean mount"],
    [7.2, 6, "type=1305 audit(1578000003.002:3): audit_pid=653 old=0 auid=4294967295 ses=4294967295 res=1"],
    [9.4, 6, "IPv6: ADDRCONF(NETDEV_UP): eth0: link is not ready"],
    [11.8, 6, "IPv6: ADDRCONF(NETDEV_CHANGE): eth1: link becomes ready"],
  ];
  return m;
}
