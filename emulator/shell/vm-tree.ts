/**
 * The files of the hands-on VM: /etc identity, /proc and /sys, the vmcores of the three
 * crash scenarios, the debuginfo vmlinux, debug sources, bcc-tools. Written into
 * just-bash's in-memory filesystem with one fixed mtime so a snapshot can tell the
 * learner's changes from the base tree.
 */
import type { InMemoryFs } from "just-bash";
import { deviceFileContent, LDISKFS_DEVICES } from "../live/ldiskfs-devices";
import { BOOT_LOG } from "./boot-log";
import { debugSourceFiles } from "./debug-sources";
import { KERNEL_DEBUG_VMLINUX, MACHINE, VMCORE_SCENARIOS } from "./machine";
import { MEMINFO, procMounts } from "./system-info";
import { vmcoreFileContent, vmlinuxFileContent } from "./vmcore-file";

/** mtime of every file of the base tree (the image was built then). */
export const BASE_MTIME = new Date("2019-07-02T14:21:07Z");

/** The 99 entries of /usr/share/bcc/tools in the talk's VM (doc and lib are directories). */
export const BCC_TOOLS: readonly string[] = (
  "argdist bashreadline biolatency biosnoop biotop bitesize bpflist btrfsdist btrfsslower cachestat " +
  "cachetop capable cobjnew cpudist cpuunclaimed criticalstat dbslower dbstat dcsnoop dcstat " +
  "deadlock_detector deadlock_detector.c doc execsnoop ext4dist ext4slower filelife fileslower filetop " +
  "funccount funclatency funcslower gethostlatency hardirqs javacalls javaflow javagc javaobjnew javastat " +
  "javathreads killsnoop lib llcstat mdflush memleak mountsnoop mysqld_qslower nfsdist nfsslower nodegc " +
  "nodestat offcputime offwaketime oomkill opensnoop phpcalls phpflow phpstat pidpersec profile " +
  "pythoncalls pythonflow pythongc pythonstat reset-trace rubycalls rubyflow rubygc rubyobjnew rubystat " +
  "runqlat runqlen runqslower slabratetop softirqs solisten sslsniff stackcount statsnoop syncsnoop " +
  "syscount tcpaccept tcpconnect tcpconnlat tcpdrop tcplife tcpretrans tcpstates tcpsubnet tcptop " +
  "tcptracer tplist trace ttysnoop vfscount vfsstat wakeuptime xfsdist xfsslower"
).split(" ");

const BCC_DIRS = new Set(["doc", "lib"]);

export type FileBody = string | (() => string);

/** Every regular file of the base tree, by absolute path. */
export function baseFiles(): Record<string, FileBody> {
  const files: Record<string, FileBody> = {
    "/etc/redhat-release": `${MACHINE.osRelease}\n`,
    "/etc/centos-release": `${MACHINE.osRelease}\n`,
    "/etc/system-release": `${MACHINE.osRelease}\n`,
    "/etc/hostname": `${MACHINE.hostname}\n`,
    "/etc/os-release": OS_RELEASE,
    "/etc/hosts":
      "127.0.0.1   localhost localhost.localdomain localhost4 localhost4.localdomain4\n::1         localhost localhost.localdomain localhost6 localhost6.localdomain6\n",
    "/etc/passwd": PASSWD,
    "/etc/group": "root:x:0:\nbin:x:1:\ndaemon:x:2:\nsys:x:3:\nadm:x:4:\ntty:x:5:\ndisk:x:6:\nwheel:x:10:\n",
    "/etc/shells": "/bin/sh\n/bin/bash\n/usr/bin/sh\n/usr/bin/bash\n",
    "/etc/fstab":
      "UUID=8ac075e3-1124-4bb6-bef7-a6811bf8b870 /                       xfs     defaults        0 0\n",
    "/etc/kdump.conf": "path /var/crash\ncore_collector makedumpfile -l --message-level 1 -d 31\n",
    "/root/.bashrc": BASHRC,
    "/root/.bash_profile": BASH_PROFILE,
    "/root/.bash_logout": "# ~/.bash_logout\n",
    "/root/anaconda-ks.cfg":
      "#version=DEVEL\n# System authorization information\nauth --enableshadow --passalgo=sha512\n",
    "/proc/version": `Linux version ${MACHINE.kernelRelease} (mockbuild@kbuilder.bsys.centos.org) (gcc version 4.8.5 20150623 (Red Hat 4.8.5-36) (GCC) ) ${MACHINE.kernelVersion}\n`,
    "/proc/cpuinfo": cpuinfo(),
    "/proc/meminfo": MEMINFO.map(([k, v]) => formatMeminfoLine(k, v)).join(""),
    "/proc/mounts": procMounts(),
    "/proc/cmdline": `BOOT_IMAGE=/boot/vmlinuz-${MACHINE.kernelRelease} root=UUID=8ac075e3-1124-4bb6-bef7-a6811bf8b870 ro console=tty0 console=ttyS0,115200n8 crashkernel=auto net.ifnames=0 LANG=en_US.UTF-8\n`,
    "/proc/loadavg": "0.00 0.01 0.05 1/287 1580\n",
    "/proc/sys/kernel/hostname": `${MACHINE.hostname}\n`,
    "/proc/sys/kernel/osrelease": `${MACHINE.kernelRelease}\n`,
    "/proc/sys/kernel/panic": "0\n",
    "/proc/sys/kernel/sysrq": "16\n",
    "/proc/sys/kernel/kptr_restrict": "0\n",
    "/proc/sys/kernel/perf_event_paranoid": "2\n",
    "/proc/kmsg": "",
    "/sys/kernel/kexec_crash_loaded": "1\n",
    [KERNEL_DEBUG_VMLINUX]: vmlinuxFileContent(MACHINE.kernelRelease),
    [`/lib/modules/${MACHINE.kernelRelease}/modules.dep`]: "",
    "/var/log/dmesg": BOOT_LOG.map((r) => `${r.text}\n`).join(""),
    ...debugSourceFiles(),
  };
  for (const mod of [
    "fs/lustre.ko.debug",
    "fs/ptlrpc.ko.debug",
    "fs/obdclass.ko.debug",
    "fs/osc.ko.debug",
    "fs/mdc.ko.debug",
    "net/libcfs.ko.debug",
    "net/lnet.ko.debug",
  ]) {
    files[`/usr/lib/debug/lib/modules/${MACHINE.kernelRelease}/extra/lustre/${mod}`] =
      `KDEBUG-MODULE-DEBUGINFO ${mod.replace(/^.*\/|\.ko\.debug$/g, "")}\n`;
  }
  for (const id of VMCORE_SCENARIOS) files[`/var/crash/${id}/vmcore`] = vmcoreFileContent(id);
  // The live VM's ldiskfs targets (debugfs, mount -o loop): a marker naming the OST.
  for (const d of LDISKFS_DEVICES) files[d.path] = deviceFileContent(d.ostIndex);
  for (const tool of BCC_TOOLS) {
    if (BCC_DIRS.has(tool)) continue;
    files[`/usr/share/bcc/tools/${tool}`] = bccPlaceholder(tool);
  }
  files["/usr/share/bcc/tools/doc/execsnoop_example.txt"] =
    "Demonstrations of execsnoop, the Linux eBPF/bcc version.\n";
  files["/usr/share/bcc/tools/lib/ucalls"] = bccPlaceholder("ucalls");
  return files;
}

/** Empty directories of the base tree (directories holding files are implied). */
export const BASE_DIRECTORIES: readonly string[] = [
  "/tmp",
  "/var/tmp",
  "/home",
  "/mnt",
  "/media",
  "/opt",
  "/srv",
  "/run",
  "/boot",
  "/dev/shm",
  "/dev/pts",
  "/sys/kernel/debug",
  "/sys/fs/cgroup",
  "/sys/module",
  "/var/log",
  "/usr/local/bin",
  "/usr/sbin",
];

/** Mode bits for files that must look executable. */
export function baseFileMode(path: string): number {
  if (path.startsWith("/usr/share/bcc/tools/") && !path.includes("/doc/") && !path.endsWith(".c"))
    return 0o755;
  if (path.startsWith("/proc/")) return 0o444;
  return 0o644;
}

/** Write the base tree into a fresh in-memory filesystem. */
export function populateBaseTree(fs: InMemoryFs): void {
  for (const dir of BASE_DIRECTORIES) fs.mkdirSync(dir, { recursive: true });
  for (const [path, body] of Object.entries(baseFiles())) {
    const meta = { mode: baseFileMode(path), mtime: BASE_MTIME };
    if (typeof body === "function") fs.writeFileLazy(path, body, meta);
    else fs.writeFileSync(path, body, undefined, meta);
  }
}

/** Write the base tree's /proc files again (just-bash's layout has its own /proc/version). */
export function restoreProcFiles(fs: InMemoryFs): void {
  for (const [path, body] of Object.entries(baseFiles())) {
    if (!path.startsWith("/proc/") || typeof body !== "string") continue;
    fs.writeFileSync(path, body, undefined, { mode: baseFileMode(path), mtime: BASE_MTIME });
  }
}

function bccPlaceholder(tool: string): string {
  // Runs as a shell script in the simulated VM until a real simulation is registered.
  return (
    `#!/bin/bash\n# ${tool}: bcc tool (simulated VM placeholder)\n` +
    `echo "${tool}: eBPF tracing needs a running kernel; use the live-kernel lab" >&2\nexit 1\n`
  );
}

function formatMeminfoLine(name: string, kb: number): string {
  const label = `${name}:`.padEnd(16, " ");
  if (name.startsWith("HugePages_")) return `${label}${String(kb).padStart(8, " ")}\n`;
  return `${label}${String(kb).padStart(8, " ")} kB\n`;
}

function cpuinfo(): string {
  let out = "";
  for (let cpu = 0; cpu < MACHINE.cpus; cpu++) {
    out +=
      `processor\t: ${cpu}\n` +
      "vendor_id\t: GenuineIntel\n" +
      "cpu family\t: 6\n" +
      "model\t\t: 85\n" +
      "model name\t: Intel Xeon Processor (Skylake, IBRS)\n" +
      "stepping\t: 4\n" +
      "microcode\t: 0x1\n" +
      "cpu MHz\t\t: 2593.904\n" +
      "cache size\t: 16384 KB\n" +
      `physical id\t: ${cpu}\n` +
      "siblings\t: 1\n" +
      "core id\t\t: 0\n" +
      "cpu cores\t: 1\n" +
      `apicid\t\t: ${cpu}\n` +
      `initial apicid\t: ${cpu}\n` +
      "fpu\t\t: yes\n" +
      "fpu_exception\t: yes\n" +
      "cpuid level\t: 13\n" +
      "wp\t\t: yes\n" +
      "flags\t\t: fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush mmx fxsr sse sse2 ss syscall nx pdpe1gb rdtscp lm constant_tsc rep_good nopl xtopology eagerfpu pni pclmulqdq vmx ssse3 fma cx16 pcid sse4_1 sse4_2 x2apic movbe popcnt tsc_deadline_timer aes xsave avx f16c rdrand hypervisor lahf_lm abm 3dnowprefetch invpcid_single ssbd ibrs ibpb stibp tpr_shadow vnmi flexpriority ept vpid fsgsbase tsc_adjust bmi1 hle avx2 smep bmi2 erms invpcid rtm mpx avx512f avx512dq rdseed adx smap clflushopt clwb avx512cd avx512bw avx512vl xsaveopt xsavec xgetbv1 arat pku ospke md_clear spec_ctrl intel_stibp\n" +
      "bogomips\t: 5187.80\n" +
      "clflush size\t: 64\n" +
      "cache_alignment\t: 64\n" +
      "address sizes\t: 46 bits physical, 48 bits virtual\n" +
      "power management:\n\n";
  }
  return out;
}

const OS_RELEASE = `NAME="CentOS Linux"
VERSION="7 (Core)"
ID="centos"
ID_LIKE="rhel fedora"
VERSION_ID="7"
PRETTY_NAME="CentOS Linux 7 (Core)"
ANSI_COLOR="0;31"
CPE_NAME="cpe:/o:centos:centos:7"
HOME_URL="https://www.centos.org/"
BUG_REPORT_URL="https://bugs.centos.org/"

CENTOS_MANTISBT_PROJECT="CentOS-7"
CENTOS_MANTISBT_PROJECT_VERSION="7"
REDHAT_SUPPORT_PRODUCT="centos"
REDHAT_SUPPORT_PRODUCT_VERSION="7"

`;

const PASSWD = `root:x:0:0:root:/root:/bin/bash
bin:x:1:1:bin:/bin:/sbin/nologin
daemon:x:2:2:daemon:/sbin:/sbin/nologin
adm:x:3:4:adm:/var/adm:/sbin/nologin
nobody:x:99:99:Nobody:/:/sbin/nologin
systemd-network:x:192:192:systemd Network Management:/:/sbin/nologin
dbus:x:81:81:System message bus:/:/sbin/nologin
polkitd:x:999:998:User for polkitd:/:/sbin/nologin
sshd:x:74:74:Privilege-separated SSH:/var/empty/sshd:/sbin/nologin
postfix:x:89:89::/var/spool/postfix:/sbin/nologin
chrony:x:998:996::/var/lib/chrony:/sbin/nologin
`;

const BASHRC = `# .bashrc

# Source global definitions
if [ -f /etc/bashrc ]; then
\t. /etc/bashrc
fi
`;

const BASH_PROFILE = `# .bash_profile

# Get the aliases and functions
if [ -f ~/.bashrc ]; then
\t. ~/.bashrc
fi

# User specific environment and startup programs

PATH=$PATH:$HOME/bin

export PATH
`;
