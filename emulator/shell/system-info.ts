/**
 * What the running VM looks like to userspace tools: memory, mounts, disks, processes, boot
 * log. ps, free, df, mount, uptime, dmesg and the /proc files all read from here so that
 * they agree with each other and with MACHINE.
 */
import { MACHINE } from "./machine";

/** /proc/meminfo fields in kB (3.10 kernel order). Used by free and /proc/meminfo. */
export const MEMINFO: ReadonlyArray<readonly [string, number]> = [
  ["MemTotal", MACHINE.memTotalKb],
  ["MemFree", 18412340],
  ["MemAvailable", 19211280],
  ["Buffers", 2108],
  ["Cached", 912344],
  ["SwapCached", 0],
  ["Active", 640412],
  ["Inactive", 560112],
  ["Active(anon)", 289116],
  ["Inactive(anon)", 8820],
  ["Active(file)", 351296],
  ["Inactive(file)", 551292],
  ["Unevictable", 0],
  ["Mlocked", 0],
  ["SwapTotal", 2097148],
  ["SwapFree", 2097148],
  ["Dirty", 28],
  ["Writeback", 0],
  ["AnonPages", 286072],
  ["Mapped", 67652],
  ["Shmem", 8932],
  ["Slab", 229168],
  ["SReclaimable", 101116],
  ["SUnreclaim", 128052],
  ["KernelStack", 9120],
  ["PageTables", 9628],
  ["NFS_Unstable", 0],
  ["Bounce", 0],
  ["WritebackTmp", 0],
  ["CommitLimit", 12286856],
  ["Committed_AS", 1103288],
  ["VmallocTotal", 34359738367],
  ["VmallocUsed", 62944],
  ["VmallocChunk", 34359662588],
  ["HardwareCorrupted", 0],
  ["AnonHugePages", 174080],
  ["CmaTotal", 0],
  ["CmaFree", 0],
  ["HugePages_Total", 0],
  ["HugePages_Free", 0],
  ["HugePages_Rsvd", 0],
  ["HugePages_Surp", 0],
  ["Hugepagesize", 2048],
  ["DirectMap4k", 157548],
  ["DirectMap2M", 6133760],
  ["DirectMap1G", 15728640],
];

export function meminfo(field: string): number {
  const entry = MEMINFO.find(([name]) => name === field);
  if (!entry) throw new Error(`no meminfo field ${field}`);
  return entry[1];
}

export interface MountEntry {
  readonly device: string;
  readonly mountPoint: string;
  readonly fsType: string;
  readonly options: string;
  /** Sizes in 1K blocks for df; null for pseudo file systems df hides. */
  readonly df: { readonly size: number; readonly used: number; readonly avail: number } | null;
}

const TMPFS_KB = Math.floor(MACHINE.memTotalKb / 2);

export const MOUNTS: readonly MountEntry[] = [
  {
    device: "sysfs",
    mountPoint: "/sys",
    fsType: "sysfs",
    options: "rw,nosuid,nodev,noexec,relatime",
    df: null,
  },
  {
    device: "proc",
    mountPoint: "/proc",
    fsType: "proc",
    options: "rw,nosuid,nodev,noexec,relatime",
    df: null,
  },
  {
    device: "devtmpfs",
    mountPoint: "/dev",
    fsType: "devtmpfs",
    options: `rw,nosuid,size=${TMPFS_KB - 12}k,nr_inodes=2547384,mode=755`,
    df: { size: TMPFS_KB - 12, used: 0, avail: TMPFS_KB - 12 },
  },
  {
    device: "securityfs",
    mountPoint: "/sys/kernel/security",
    fsType: "securityfs",
    options: "rw,nosuid,nodev,noexec,relatime",
    df: null,
  },
  {
    device: "tmpfs",
    mountPoint: "/dev/shm",
    fsType: "tmpfs",
    options: "rw,nosuid,nodev",
    df: { size: TMPFS_KB, used: 0, avail: TMPFS_KB },
  },
  {
    device: "devpts",
    mountPoint: "/dev/pts",
    fsType: "devpts",
    options: "rw,nosuid,noexec,relatime,gid=5,mode=620,ptmxmode=000",
    df: null,
  },
  {
    device: "tmpfs",
    mountPoint: "/run",
    fsType: "tmpfs",
    options: "rw,nosuid,nodev,mode=755",
    df: { size: TMPFS_KB, used: 8932, avail: TMPFS_KB - 8932 },
  },
  {
    device: "tmpfs",
    mountPoint: "/sys/fs/cgroup",
    fsType: "tmpfs",
    options: "ro,nosuid,nodev,noexec,mode=755",
    df: { size: TMPFS_KB, used: 0, avail: TMPFS_KB },
  },
  ...[
    "systemd",
    "cpuset",
    "memory",
    "blkio",
    "pids",
    "perf_event",
    "cpu,cpuacct",
    "net_cls,net_prio",
    "devices",
    "freezer",
    "hugetlb",
  ].map(
    (c): MountEntry => ({
      device: "cgroup",
      mountPoint: `/sys/fs/cgroup/${c}`,
      fsType: "cgroup",
      options:
        c === "systemd"
          ? "rw,nosuid,nodev,noexec,relatime,xattr,release_agent=/usr/lib/systemd/systemd-cgroups-agent,name=systemd"
          : `rw,nosuid,nodev,noexec,relatime,${c}`,
      df: null,
    }),
  ),
  {
    device: "configfs",
    mountPoint: "/sys/kernel/config",
    fsType: "configfs",
    options: "rw,relatime",
    df: null,
  },
  {
    device: "/dev/sda1",
    mountPoint: "/",
    fsType: "xfs",
    options: "rw,relatime,attr2,inode64,noquota",
    df: { size: 41931756, used: 10215840, avail: 31715916 },
  },
  {
    device: "systemd-1",
    mountPoint: "/proc/sys/fs/binfmt_misc",
    fsType: "autofs",
    options: "rw,relatime,fd=33,pgrp=1,timeout=0,minproto=5,maxproto=5,direct,pipe_ino=12905",
    df: null,
  },
  { device: "debugfs", mountPoint: "/sys/kernel/debug", fsType: "debugfs", options: "rw,relatime", df: null },
  { device: "mqueue", mountPoint: "/dev/mqueue", fsType: "mqueue", options: "rw,relatime", df: null },
  {
    device: "hugetlbfs",
    mountPoint: "/dev/hugepages",
    fsType: "hugetlbfs",
    options: "rw,relatime",
    df: null,
  },
  {
    device: "tmpfs",
    mountPoint: "/run/user/0",
    fsType: "tmpfs",
    options: "rw,nosuid,nodev,relatime,size=2037944k,mode=700",
    df: { size: 2037944, used: 0, avail: 2037944 },
  },
];

/** /proc/mounts lines (device mountpoint type options 0 0). */
export function procMounts(): string {
  return MOUNTS.map((m) => `${m.device} ${m.mountPoint} ${m.fsType} ${m.options} 0 0\n`).join("");
}

/** One process of the VM's process table, as ps reads it. */
export interface ProcessEntry {
  readonly pid: number;
  readonly ppid: number;
  readonly user: string;
  /** comm: the short name, in [] for kernel threads in ps -f/aux. */
  readonly comm: string;
  /** Full command line; empty for kernel threads. */
  readonly args: string;
  readonly tty: string;
  readonly stat: string;
  /** Virtual size and resident set in kB. */
  readonly vsz: number;
  readonly rss: number;
  /** CPU time in seconds. */
  readonly cpuSeconds: number;
  /** Seconds after boot the process started. */
  readonly startAfterBoot: number;
}

export const LOGIN_SHELL_PID = 1523;
export const LOGIN_PID = 1104;

function kthread(pid: number, comm: string, stat = "S", ppid = 2): ProcessEntry {
  return {
    pid,
    ppid,
    user: "root",
    comm,
    args: "",
    tty: "?",
    stat,
    vsz: 0,
    rss: 0,
    cpuSeconds: 0,
    startAfterBoot: 0,
  };
}

function daemon(
  pid: number,
  comm: string,
  args: string,
  vsz: number,
  rss: number,
  stat = "Ss",
  ppid = 1,
  user = "root",
  start = 5,
): ProcessEntry {
  return { pid, ppid, user, comm, args, tty: "?", stat, vsz, rss, cpuSeconds: 0, startAfterBoot: start };
}

/** The VM's processes other than the ones the learner's shell starts. */
export function processTable(): ProcessEntry[] {
  const procs: ProcessEntry[] = [
    {
      ...daemon(
        1,
        "systemd",
        "/usr/lib/systemd/systemd --switched-root --system --deserialize 22",
        193892,
        6828,
        "Ss",
        0,
      ),
      cpuSeconds: 2,
      startAfterBoot: 0,
    },
    kthread(2, "kthreadd", "S", 0),
    kthread(4, "kworker/0:0H", "S<"),
    kthread(6, "ksoftirqd/0"),
    kthread(7, "migration/0"),
    kthread(8, "rcu_bh"),
    kthread(9, "rcu_sched", "R"),
    kthread(10, "lru-add-drain", "S<"),
    kthread(11, "watchdog/0"),
  ];
  let pid = 12;
  for (let cpu = 1; cpu < MACHINE.cpus; cpu++) {
    procs.push(kthread(pid++, `watchdog/${cpu}`));
    procs.push(kthread(pid++, `migration/${cpu}`));
    procs.push(kthread(pid++, `ksoftirqd/${cpu}`));
    pid++;
    procs.push(kthread(pid++, `kworker/${cpu}:0H`, "S<"));
  }
  for (const comm of [
    "kdevtmpfs",
    "netns",
    "khungtaskd",
    "writeback",
    "kintegrityd",
    "bioset",
    "bioset",
    "bioset",
    "kblockd",
    "md",
    "edac-poller",
    "watchdogd",
    "kswapd0",
    "ksmd",
    "khugepaged",
    "crypto",
    "kthrotld",
    "kmpath_rdacd",
    "kaluad",
    "kpsmoused",
    "ipv6_addrconf",
    "deferwq",
    "kauditd",
    "ata_sff",
    "scsi_eh_0",
    "scsi_tmf_0",
    "scsi_eh_1",
    "scsi_tmf_1",
    "ttm_swap",
    "xfsalloc",
    "xfs_mru_cache",
    "xfs-buf/sda1",
    "xfs-data/sda1",
    "xfs-conv/sda1",
    "xfs-cil/sda1",
    "xfs-reclaim/sda",
    "xfs-log/sda1",
    "xfs-eofblocks/s",
    "xfsaild/sda1",
  ]) {
    const stat =
      /^(kworker|netns|writeback|kintegrityd|bioset|kblockd|md|edac|watchdogd|crypto|kthrotld|kmpath|kaluad|kpsmoused|ipv6|deferwq|ata_sff|scsi_tmf|ttm|xfs(?!aild))/.test(
        comm,
      )
        ? "S<"
        : "S";
    procs.push(kthread(pid++, comm, comm === "ksmd" ? "SN" : comm === "khugepaged" ? "SN" : stat));
  }
  for (let cpu = 0; cpu < MACHINE.cpus; cpu++) procs.push(kthread(pid++, `kworker/${cpu}:1`));
  procs.push(
    daemon(481, "systemd-journal", "/usr/lib/systemd/systemd-journald", 39084, 5644),
    daemon(504, "lvmetad", "/usr/sbin/lvmetad -f", 127392, 2108),
    daemon(512, "systemd-udevd", "/usr/lib/systemd/systemd-udevd", 47536, 2876),
    daemon(612, "auditd", "/sbin/auditd", 55532, 1016, "S<sl"),
    daemon(635, "polkitd", "/usr/lib/polkit-1/polkitd --no-debug", 612236, 13016, "Ssl", 1, "polkitd"),
    daemon(
      636,
      "dbus-daemon",
      "/usr/bin/dbus-daemon --system --address=systemd: --nofork --nopidfile --systemd-activation",
      66468,
      2588,
      "Ssl",
      1,
      "dbus",
    ),
    daemon(640, "irqbalance", "/usr/sbin/irqbalance --foreground", 21680, 1320),
    daemon(641, "systemd-logind", "/usr/lib/systemd/systemd-logind", 26436, 1828),
    daemon(645, "chronyd", "/usr/sbin/chronyd", 117808, 1832, "S", 1, "chrony"),
    daemon(683, "gssproxy", "/usr/sbin/gssproxy -D", 201312, 1260, "Ssl"),
    daemon(712, "NetworkManager", "/usr/sbin/NetworkManager --no-daemon", 612480, 10924, "Ssl"),
    daemon(
      987,
      "dhclient",
      "/sbin/dhclient -d -q -sf /usr/libexec/nm-dhcp-helper -pf /var/run/dhclient-eth0.pid -lf /var/lib/NetworkManager/dhclient-5fb06bd0-0bb0-7ffb-45f1-d6edd65f3e03-eth0.lease -cf /var/lib/NetworkManager/dhclient-eth0.conf eth0",
      102904,
      5592,
      "S",
      712,
    ),
    daemon(1051, "tuned", "/usr/bin/python2 -Es /usr/sbin/tuned -l -P", 573932, 17200, "Ssl"),
    daemon(1053, "sshd", "/usr/sbin/sshd -D", 112924, 4316),
    daemon(1056, "rsyslogd", "/usr/sbin/rsyslogd -n", 216400, 4920, "Ssl"),
    daemon(1079, "crond", "/usr/sbin/crond -n", 126284, 1612),
    daemon(1081, "atd", "/usr/sbin/atd -f", 25908, 948),
    { ...daemon(LOGIN_PID, "login", "login -- root", 78048, 2136, "Ss"), tty: "ttyS0" },
    daemon(1106, "agetty", "/sbin/agetty --noclear tty1 linux", 110108, 860, "Ss+"),
    daemon(1348, "master", "/usr/libexec/postfix/master -w", 89648, 2084),
    daemon(1353, "pickup", "pickup -l -t unix -u", 89752, 4004, "S", 1348, "postfix"),
    daemon(1354, "qmgr", "qmgr -l -t unix -u", 89820, 4024, "S", 1348, "postfix"),
  );
  return procs;
}

/** The learner's login shell, as ps shows it. */
export function loginShell(): ProcessEntry {
  return {
    pid: LOGIN_SHELL_PID,
    ppid: LOGIN_PID,
    user: "root",
    comm: "bash",
    args: "-bash",
    tty: "ttyS0",
    stat: "Ss",
    vsz: 115548,
    rss: 2064,
    cpuSeconds: 0,
    startAfterBoot: MACHINE.uptimeAtLoginSeconds - 40,
  };
}
