/**
 * The files of the hands-on VM: /etc identity, /proc and /sys, the vmcores of the three
 * crash scenarios, the debuginfo vmlinux, debug sources, bcc-tools. Written into
 * just-bash's in-memory filesystem with one fixed mtime so a snapshot can tell the
 * learner's changes from the base tree.
 */
import type { ByteString, FsStat, InMemoryFs } from "just-bash";
import { deviceFileContent, LDISKFS_DEVICES } from "../live/ldiskfs-devices";
import { KPROBE_EVENTS } from "../live/state";
import type { KprobeDef } from "../live/tracefs";
import type { TracefsNode, TracefsView } from "../live/tracepoints";
import { BOOT_LOG } from "./boot-log";
import { debugSourceFiles } from "./debug-sources";
import { normalizePath } from "./guest-fs";
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
  populateTracing(fs);
  setDirectoryModes(fs);
}

/** CentOS 7's modes of the directories that differ from 0755 (sticky /tmp, root's home...). */
const DIRECTORY_MODES: Readonly<Record<string, number>> = {
  "/": 0o555,
  "/root": 0o550,
  "/proc": 0o555,
  "/sys": 0o555,
  "/tmp": 0o1777,
  "/var/tmp": 0o1777,
  "/dev/shm": 0o1777,
};

/**
 * Directories get the install's date and CentOS's modes. InMemoryFs's chmod/utimes are async
 * in signature but change the entry at once, which is what a synchronous boot needs.
 */
function setDirectoryModes(fs: InMemoryFs): void {
  const dirs = new Set<string>(["/"]);
  for (const path of fs.getAllPaths())
    for (let i = path.indexOf("/", 1); i > 0; i = path.indexOf("/", i + 1)) dirs.add(path.slice(0, i));
  for (const d of BASE_DIRECTORIES) dirs.add(d);
  for (const dir of dirs) void fs.utimes(dir, BASE_MTIME, BASE_MTIME).catch(() => {});
  for (const [path, mode] of Object.entries(DIRECTORY_MODES)) void fs.chmod(path, mode).catch(() => {});
}

/** Write the base tree's /proc files again (just-bash's layout has its own /proc/version). */
export function restoreProcFiles(fs: InMemoryFs): void {
  for (const [path, body] of Object.entries(baseFiles())) {
    if (!path.startsWith("/proc/") || typeof body !== "string") continue;
    fs.writeFileSync(path, body, undefined, { mode: baseFileMode(path), mtime: BASE_MTIME });
  }
}

// ---------------------------------------------------------------- tracefs

const TRACING_DIR = "/sys/kernel/debug/tracing";
const EVENTS_DIR = `${TRACING_DIR}/events`;
const AVAILABLE_EVENTS = `${TRACING_DIR}/available_events`;
const TRACEFS_HOOK = Symbol("tracefs hook");

type DirentEntry = Awaited<ReturnType<InMemoryFs["readdirWithFileTypes"]>>[number];

/**
 * tracefs at boot: kprobe_events (empty), and events/ and available_events, which the kernel
 * renders on each access (installTracefsHook): the ~800 event directories of the static table
 * are never files of the in-memory tree, so the boot and every snapshot stay as cheap as before.
 */
function populateTracing(fs: InMemoryFs): void {
  fs.mkdirSync(EVENTS_DIR, { recursive: true });
  fs.writeFileSync(AVAILABLE_EVENTS, "", undefined, { mode: 0o444, mtime: BASE_MTIME });
  fs.writeFileSync(KPROBE_EVENTS, "", undefined, { mode: 0o644, mtime: BASE_MTIME });
  installTracefsHook(fs);
}

/** The path under tracefs's generated part that `path` names, or null (the ordinary tree). */
function tracefsPath(path: string): string | null {
  if (!path.includes("/tracing")) return null;
  const p = normalizePath(path);
  return p === EVENTS_DIR || p === AVAILABLE_EVENTS || p.startsWith(`${EVENTS_DIR}/`) ? p : null;
}

/**
 * Same, for the calls that only look at an entry (stat, exists...): events/ and available_events
 * themselves are real entries of the tree, so a snapshot's walk over the tree's paths never
 * loads the tracepoint table.
 */
function tracefsBelow(path: string): string | null {
  const p = tracefsPath(path);
  return p === EVENTS_DIR || p === AVAILABLE_EVENTS ? null : p;
}

/** Bytes as just-bash's byte strings carry them (one char per byte). */
function byteString(bytes: Uint8Array): ByteString {
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000)
    s += String.fromCharCode(...bytes.subarray(i, Math.min(bytes.length, i + 0x8000)));
  return s as unknown as ByteString;
}

/**
 * Route the filesystem calls on tracefs's events/ tree and available_events to the kernel's
 * rendering of them (live/tracepoints.ts TracefsView, loaded on first use), the way procfs and
 * tracefs files are produced by the kernel at each read: `ls`, `cat`, globbing, `find` and the
 * tools all see the same directories; writes reach the enable and filter files' handlers.
 * Everything else goes to the in-memory tree unchanged.
 */
export function installTracefsHook(fs: InMemoryFs): void {
  const hooked = fs as InMemoryFs & { [TRACEFS_HOOK]?: true };
  if (hooked[TRACEFS_HOOK]) return;
  hooked[TRACEFS_HOOK] = true;
  const orig = {
    readFile: fs.readFile.bind(fs),
    readFileBuffer: fs.readFileBuffer.bind(fs),
    readFileBytes: fs.readFileBytes.bind(fs),
    writeFile: fs.writeFile.bind(fs),
    appendFile: fs.appendFile.bind(fs),
    exists: fs.exists.bind(fs),
    stat: fs.stat.bind(fs),
    lstat: fs.lstat.bind(fs),
    readdir: fs.readdir.bind(fs),
    readdirWithFileTypes: fs.readdirWithFileTypes.bind(fs),
    mkdir: fs.mkdir.bind(fs),
    rm: fs.rm.bind(fs),
    cp: fs.cp.bind(fs),
    mv: fs.mv.bind(fs),
    chmod: fs.chmod.bind(fs),
    utimes: fs.utimes.bind(fs),
    readlink: fs.readlink.bind(fs),
    realpath: fs.realpath.bind(fs),
    link: fs.link.bind(fs),
    symlink: fs.symlink.bind(fs),
  };
  let kernel: Promise<{
    view: TracefsView;
    parse: (text: string) => KprobeDef[];
    available: (kprobes: readonly KprobeDef[]) => string;
  }> | null = null;
  const load = () =>
    (kernel ??= Promise.all([import("../live/tracepoints"), import("../live/tracefs")]).then(([tp, tf]) => ({
      view: new tp.TracefsView(),
      parse: tf.parseKprobeEvents,
      available: tp.renderAvailableEvents,
    })));
  const node = async (p: string): Promise<TracefsNode | null> => {
    const k = await load();
    const kprobes = k.parse(await orig.readFile(KPROBE_EVENTS).catch(() => ""));
    if (p === AVAILABLE_EVENTS) return { kind: "file", mode: 0o444, read: () => k.available(kprobes) };
    return k.view.node(p === EVENTS_DIR ? [] : p.slice(EVENTS_DIR.length + 1).split("/"), kprobes);
  };
  const fail = (code: string, what: string, op: string, path: string) =>
    new Error(`${code}: ${what}, ${op} '${path}'`);
  const noent = (op: string, path: string) => fail("ENOENT", "no such file or directory", op, path);
  // just-bash's coreutils print an error's message after the path, and only translate the
  // codes they know (ENOENT, EEXIST): EPERM carries strerror's text itself, its code and path
  // ride along for the shell's own messages (session.ts errnoMessage).
  const eperm = (_op: string, path: string) =>
    Object.assign(new Error("Operation not permitted"), { code: "EPERM", path });
  const text = async (path: string, p: string): Promise<string> => {
    const n = await node(p);
    if (!n) throw noent("open", path);
    if (n.kind === "dir") throw fail("EISDIR", "illegal operation on a directory", "read", path);
    return n.read();
  };
  const write = async (path: string, p: string, content: string | Uint8Array): Promise<void> => {
    const n = await node(p);
    if (n?.kind === "dir") throw fail("EISDIR", "illegal operation on a directory", "write", path);
    if (!n?.write) throw fail("EACCES", "permission denied", "open", path);
    const data = typeof content === "string" ? content : new TextDecoder().decode(content);
    // The shell opens a redirection's target first (an empty write): the data comes next.
    if (data !== "") n.write(data);
  };
  const stat = async (path: string, p: string, op: string): Promise<FsStat> => {
    const n = await node(p);
    if (!n) throw noent(op, path);
    // tracefs files report size 0: their text exists only when read.
    const mode = n.kind === "dir" ? 0o755 : n.mode;
    return {
      isFile: n.kind === "file",
      isDirectory: n.kind === "dir",
      isSymbolicLink: false,
      mode,
      size: 0,
      mtime: BASE_MTIME,
    };
  };
  const dirents = async (path: string, p: string): Promise<DirentEntry[]> => {
    const n = await node(p);
    if (!n) throw noent("scandir", path);
    if (n.kind !== "dir") throw fail("ENOTDIR", "not a directory", "scandir", path);
    return n.entries.map((e) => ({
      name: e.name,
      isFile: !e.dir,
      isDirectory: e.dir,
      isSymbolicLink: false,
    }));
  };
  /** cp from or into tracefs: read and write through the hooked calls (the kernel's handlers). */
  const copy = async (src: string, dest: string, recursive: boolean): Promise<void> => {
    const from = await fs.stat(src);
    let to = dest;
    if (await fs.exists(dest)) {
      if ((await fs.stat(dest)).isDirectory) to = `${dest}/${src.slice(src.lastIndexOf("/") + 1)}`;
    }
    if (from.isDirectory) {
      if (!recursive) throw fail("EISDIR", "is a directory", "cp", src);
      if (!(await fs.exists(to))) await fs.mkdir(to, { recursive: true });
      for (const name of await fs.readdir(src)) await copy(`${src}/${name}`, `${to}/${name}`, true);
      return;
    }
    await fs.writeFile(to, await fs.readFile(src));
  };

  fs.readFile = async (path, options) => {
    const p = tracefsPath(path);
    return p ? text(path, p) : orig.readFile(path, options);
  };
  fs.readFileBuffer = async (path) => {
    const p = tracefsPath(path);
    return p ? new TextEncoder().encode(await text(path, p)) : orig.readFileBuffer(path);
  };
  fs.readFileBytes = async (path) => {
    const p = tracefsPath(path);
    return p ? byteString(new TextEncoder().encode(await text(path, p))) : orig.readFileBytes(path);
  };
  fs.writeFile = async (path, content, options) => {
    const p = tracefsPath(path);
    return p ? write(path, p, content) : orig.writeFile(path, content, options);
  };
  fs.appendFile = async (path, content, options) => {
    const p = tracefsPath(path);
    return p ? write(path, p, content) : orig.appendFile(path, content, options);
  };
  fs.exists = async (path) => {
    const p = tracefsBelow(path);
    return p ? (await node(p)) !== null : orig.exists(path);
  };
  fs.stat = async (path) => {
    const p = tracefsBelow(path);
    return p ? stat(path, p, "stat") : orig.stat(path);
  };
  fs.lstat = async (path) => {
    const p = tracefsBelow(path);
    return p ? stat(path, p, "lstat") : orig.lstat(path);
  };
  fs.readdir = async (path) => {
    const p = tracefsPath(path);
    return p ? (await dirents(path, p)).map((e) => e.name) : orig.readdir(path);
  };
  fs.readdirWithFileTypes = async (path) => {
    const p = tracefsPath(path);
    return p ? dirents(path, p) : orig.readdirWithFileTypes(path);
  };
  fs.mkdir = async (path, options) => {
    const p = tracefsPath(path);
    if (!p) return orig.mkdir(path, options);
    const n = await node(p);
    if (n?.kind === "dir" && options?.recursive) return;
    throw n ? fail("EEXIST", "file already exists", "mkdir", path) : eperm("mkdir", path);
  };
  fs.rm = async (path, options) => {
    const p = tracefsPath(path);
    if (!p) return orig.rm(path, options);
    if (!(await node(p)) && options?.force) return;
    throw eperm("rm", path);
  };
  fs.cp = async (src, dest, options) => {
    if (!tracefsPath(src) && !tracefsPath(dest)) return orig.cp(src, dest, options);
    if (!(await fs.exists(src))) throw noent("cp", src);
    return copy(src, dest, options?.recursive ?? false);
  };
  fs.mv = async (src, dest) => {
    const p = tracefsPath(src) ?? tracefsPath(dest);
    if (p) throw eperm("mv", p === tracefsPath(src) ? src : dest);
    return orig.mv(src, dest);
  };
  fs.chmod = async (path, mode) => {
    const p = tracefsBelow(path);
    if (!p) return orig.chmod(path, mode);
    if (!(await node(p))) throw noent("chmod", path);
  };
  fs.utimes = async (path, atime, mtime) => {
    const p = tracefsBelow(path);
    if (!p) return orig.utimes(path, atime, mtime);
    if (!(await node(p))) throw noent("utimes", path);
  };
  fs.readlink = async (path) => {
    const p = tracefsBelow(path);
    if (!p) return orig.readlink(path);
    throw (await node(p)) ? fail("EINVAL", "invalid argument", "readlink", path) : noent("readlink", path);
  };
  fs.realpath = async (path) => {
    const p = tracefsBelow(path);
    if (!p) return orig.realpath(path);
    if (!(await node(p))) throw noent("realpath", path);
    return p;
  };
  fs.link = async (existing, target) => {
    if (tracefsPath(existing) || tracefsPath(target)) throw eperm("link", existing);
    return orig.link(existing, target);
  };
  fs.symlink = async (target, linkPath) => {
    if (tracefsPath(linkPath)) throw eperm("symlink", linkPath);
    return orig.symlink(target, linkPath);
  };
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
