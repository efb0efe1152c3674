/**
 * The workloads the live VM runs while perf samples it, and the sampler itself: a small
 * scheduler that, at every sampling tick of every CPU, says which task is on that CPU and where
 * it is in the kernel (and in user space). A workload is a table of weighted call paths taken
 * from how 3.10 executes that program (tar: read from the page cache through XFS, write the
 * archive, walk directories); each CPU not running a workload task runs the idle loop.
 * Everything is a function of a seed (the command line and the start time), so the same record
 * gives the same samples.
 */
import type { Program } from "../kernel/program";
import { Rng } from "../kernel/random";
import type { TaskRef } from "./events";
import type { ServiceThreads } from "./server-threads";
import { ensureWorkloadSymbols } from "./workload-symbols";

/** A user-space frame: the DSO and a symbol ("[unknown]" for a stripped binary). */
export interface UserFrame {
  readonly dso: string;
  readonly sym: string;
  /** Address of the frame in the process (fixed: the same call site each time). */
  readonly addr: bigint;
}

/** One weighted call path, root first: user frames (outermost first) then kernel functions. */
export interface PathSpec {
  readonly weight: number;
  readonly user: readonly UserFrame[];
  readonly kernel: readonly string[];
}

export interface WorkloadModel {
  readonly name: string;
  readonly comm: string;
  /** Simulated run time of the workload. */
  readonly durationNs: bigint;
  /** Fraction of its CPU's ticks the task is on-CPU (the rest it waits for I/O: idle). */
  readonly onCpu: number;
  readonly paths: readonly PathSpec[];
}

const LIBC = "/usr/lib64/libc-2.17.so";
const LIBC_BASE = 0x7f5c3a1e2000n;
const TAR = "/usr/bin/tar";
const libc = (sym: string, off: number): UserFrame => ({ dso: LIBC, sym, addr: LIBC_BASE + BigInt(off) });
const tarText = (off: number): UserFrame => ({ dso: TAR, sym: "[unknown]", addr: 0x400000n + BigInt(off) });

const SYSCALL = ["system_call_fastpath"];
const READ = [
  ...SYSCALL,
  "sys_read",
  "vfs_read",
  "do_sync_read",
  "xfs_file_aio_read",
  "generic_file_aio_read",
];
const GFR = [...READ, "do_generic_file_read"];
const READAHEAD = [...GFR, "page_cache_sync_readahead", "ondemand_readahead", "__do_page_cache_readahead"];
const ALLOC = [
  "__page_cache_alloc",
  "alloc_pages_current",
  "__alloc_pages_nodemask",
  "get_page_from_freelist",
];
const WRITE = [
  ...SYSCALL,
  "sys_write",
  "vfs_write",
  "do_sync_write",
  "xfs_file_aio_write",
  "xfs_file_buffered_aio_write",
  "generic_file_buffered_write",
  "generic_perform_write",
];
const STAT = [...SYSCALL, "sys_newfstatat", "vfs_fstatat"];
const LOOKUP = ["user_path_at", "user_path_at_empty", "filename_lookup", "path_lookupat", "link_path_walk"];

const rd = [tarText(0x1a3f2), libc("__read_nocancel", 0xef5c0)];
const wr = [tarText(0x1b0d7), libc("__write_nocancel", 0xefc20)];
const gd = [tarText(0x2a61e), libc("__getdents64", 0xc4a95)];
const st = [tarText(0x29c44), libc("__fxstatat64", 0xe5b31)];
const op = [tarText(0x2a03b), libc("__open_nocancel", 0xeefa0)];
const cl = [tarText(0x2a0d2), libc("__close_nocancel", 0xef7a0)];

/**
 * `tar cf /tmp/x.tar /usr` with /usr in the page cache (the second run of the talk's example):
 * most time copies file data to user space and back into the archive's page cache.
 */
export const TAR_WORKLOAD: WorkloadModel = {
  name: "tar",
  comm: "tar",
  durationNs: 5_000_000_000n,
  onCpu: 0.93,
  paths: [
    { weight: 24, user: rd, kernel: [...GFR, "file_read_actor", "copy_user_enhanced_fast_string"] },
    { weight: 3, user: rd, kernel: [...GFR, "find_get_page"] },
    { weight: 1, user: rd, kernel: [...READ.slice(0, 5), "xfs_ilock"] },
    {
      weight: 4,
      user: rd,
      kernel: [
        ...READAHEAD,
        "xfs_vm_readpages",
        "mpage_readpages",
        "do_mpage_readpage",
        "xfs_get_blocks",
        "__xfs_get_blocks",
        "xfs_bmapi_read",
      ],
    },
    { weight: 4, user: rd, kernel: [...READAHEAD, ...ALLOC] },
    {
      weight: 3,
      user: rd,
      kernel: [
        ...READAHEAD,
        "xfs_vm_readpages",
        "mpage_readpages",
        "add_to_page_cache_lru",
        "add_to_page_cache_locked",
      ],
    },
    {
      weight: 2,
      user: rd,
      kernel: [
        ...READAHEAD,
        "xfs_vm_readpages",
        "mpage_readpages",
        "mpage_bio_submit",
        "submit_bio",
        "generic_make_request",
        "blk_queue_bio",
      ],
    },
    {
      weight: 12,
      user: wr,
      kernel: [...WRITE, "iov_iter_copy_from_user_atomic", "copy_user_enhanced_fast_string"],
    },
    {
      weight: 3,
      user: wr,
      kernel: [
        ...WRITE,
        "xfs_vm_write_begin",
        "grab_cache_page_write_begin",
        "add_to_page_cache_lru",
        "add_to_page_cache_locked",
      ],
    },
    {
      weight: 3,
      user: wr,
      kernel: [...WRITE, "xfs_vm_write_begin", "grab_cache_page_write_begin", ...ALLOC],
    },
    {
      weight: 2,
      user: wr,
      kernel: [
        ...WRITE,
        "xfs_vm_write_begin",
        "__block_write_begin",
        "xfs_get_blocks",
        "__xfs_get_blocks",
        "xfs_iomap_write_delay",
      ],
    },
    {
      weight: 2,
      user: wr,
      kernel: [...WRITE, "xfs_vm_write_end", "generic_write_end", "block_write_end", "__block_commit_write"],
    },
    {
      weight: 3,
      user: gd,
      kernel: [
        ...SYSCALL,
        "sys_getdents",
        "vfs_readdir",
        "xfs_file_readdir",
        "xfs_readdir",
        "xfs_dir2_leaf_getdents",
        "filldir",
      ],
    },
    { weight: 3, user: st, kernel: [...STAT, ...LOOKUP, "lookup_fast", "__d_lookup_rcu"] },
    { weight: 1, user: st, kernel: [...STAT, "vfs_getattr", "xfs_vn_getattr"] },
    {
      weight: 1,
      user: op,
      kernel: [
        ...SYSCALL,
        "sys_openat",
        "do_sys_open",
        "do_filp_open",
        "path_openat",
        "do_last",
        "vfs_open",
        "do_dentry_open",
        "xfs_file_open",
      ],
    },
    {
      weight: 1,
      user: op,
      kernel: [...SYSCALL, "sys_openat", "do_sys_open", "do_filp_open", "path_openat", "link_path_walk"],
    },
    { weight: 1, user: cl, kernel: [...SYSCALL, "sys_close", "__close_fd", "filp_close", "fput"] },
    // tar's own code (stripped: [unknown]) and libc's memcpy into its record buffer
    { weight: 6, user: [tarText(0x1c5e9)], kernel: [] },
    { weight: 3, user: [tarText(0x1b2a0), libc("__memcpy_ssse3_back", 0x14f7b0)], kernel: [] },
  ],
};

/** The idle loop: the boot CPU came from start_kernel, the others from start_secondary. */
export function idlePath(cpu: number): readonly string[] {
  const loop = ["cpu_startup_entry", "arch_cpu_idle", "default_idle", "native_safe_halt"];
  return cpu === 0
    ? ["x86_64_start_kernel", "x86_64_start_reservations", "start_kernel", "rest_init", ...loop]
    : ["start_secondary", ...loop];
}

/** Kernel threads that wake now and then on an otherwise idle CPU: [comm, pid, path, ticks per 10000]. */
const KTHREADS: readonly (readonly [string, number, readonly string[], number])[] = [
  ["rcu_sched", 10, ["ret_from_fork_nospec_begin", "kthread", "rcu_gp_kthread"], 8],
  ["xfsaild/dm-0", 581, ["ret_from_fork_nospec_begin", "kthread", "xfsaild"], 5],
];

/** What a command line runs, as the sampler models it (null: no modelled CPU use, e.g. sleep). */
export function workloadFor(command: readonly string[]): WorkloadModel | null {
  const words = command.flatMap((w) => w.split(/\s+/));
  const i = words.findIndex((w) => w.replace(/^.*\//, "") === "tar");
  if (i >= 0 && /c/.test(words[i + 1] ?? "")) return TAR_WORKLOAD;
  return null;
}

/** `sleep N` (N seconds, suffixes s/m/h): how long it keeps perf recording. */
export function sleepDurationNs(command: readonly string[]): bigint | null {
  if (command[0]?.replace(/^.*\//, "") !== "sleep" || command.length !== 2) return null;
  const m = /^(\d+(?:\.\d+)?)([smh]?)$/.exec(command[1]);
  if (!m) return null;
  const mult = m[2] === "m" ? 60 : m[2] === "h" ? 3600 : 1;
  return BigInt(Math.round(Number(m[1]) * mult * 1e9));
}

export interface SampleFrame {
  readonly addr: bigint;
  readonly sym: string;
  readonly dso: string;
}

export interface CpuSample {
  readonly comm: string;
  readonly pid: number;
  readonly cpu: number;
  readonly timeNs: bigint;
  /** Innermost first, as perf stores callchains. */
  readonly chain: readonly SampleFrame[];
  /** The workload path index this sample came from (-1: idle, -2: kernel thread, -3: service thread). */
  readonly path: number;
}

export interface SamplingRun {
  readonly prog: Program;
  readonly cpus: number;
  readonly freq: number;
  readonly startNs: bigint;
  readonly durationNs: bigint;
  /** Seed text: the command line (the start time is mixed in). */
  readonly seedText: string;
  readonly workload: WorkloadModel | null;
  /** The workload's process, and its CPU. */
  readonly task: TaskRef;
  readonly taskCpu: number;
  /** Sample every CPU (-a) or only the workload's task. */
  readonly allCpus: boolean;
  /** Service threads busy on every CPU besides the kernel's own threads (server-threads.ts). */
  readonly services?: readonly ServiceThreads[];
}

/** FNV-1a of a string, for seeds. */
export function seedOf(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Deterministic call-site offset of `caller` calling `callee` (a return address inside caller). */
function callSite(size: number, caller: string, callee: string): number {
  const room = Math.max(1, size - 8);
  return 5 + (seedOf(`${caller}>${callee}`) % room);
}

/** Resolve a root-first kernel path to innermost-first frames: a leaf ip, then return addresses. */
function kernelFrames(prog: Program, path: readonly string[], rng: Rng): SampleFrame[] {
  const out: SampleFrame[] = [];
  for (let i = path.length - 1; i >= 0; i--) {
    const sym = prog.symbol(path[i]);
    const off =
      i === path.length - 1 ? rng.int(Math.max(1, sym.size)) : callSite(sym.size, path[i], path[i + 1]);
    const addr = sym.address + BigInt(off);
    // Print what the address resolves to: an alias listed first by kallsyms wins (SyS_read).
    const name = prog.symbols.resolve(addr)?.symbol.name ?? path[i];
    out.push({ addr, sym: name, dso: sym.module ? `[${sym.module}]` : "[kernel.kallsyms]" });
  }
  return out;
}

function pickPath(w: WorkloadModel, rng: Rng): number {
  const total = w.paths.reduce((s, p) => s + p.weight, 0);
  let r = rng.int(total);
  for (let i = 0; i < w.paths.length; i++) {
    r -= w.paths[i].weight;
    if (r < 0) return i;
  }
  return w.paths.length - 1;
}

/** The service whose share holds `roll` (ticks per 10000 past the kernel threads' shares). */
function pickService(services: readonly ServiceThreads[], roll: number): ServiceThreads | undefined {
  let acc = 0;
  for (const s of services) {
    acc += s.share;
    if (roll < acc) return s;
  }
  return undefined;
}

/**
 * Sample every CPU (or only the task's) at `freq` Hz over the run: perf's timer ticks, each CPU
 * with its own phase, a little jitter, sorted by time as perf script shows them.
 */
export function sampleCpus(run: SamplingRun): CpuSample[] {
  ensureWorkloadSymbols(run.prog);
  const rng = new Rng(seedOf(`${run.seedText}@${run.startNs}`));
  const periodNs = 1_000_000_000 / run.freq;
  const ticks = Math.floor((Number(run.durationNs) / 1e9) * run.freq);
  const out: CpuSample[] = [];
  const cpus = run.allCpus ? [...Array(run.cpus).keys()] : [run.taskCpu];
  const idleComm = "swapper";
  for (const cpu of cpus) {
    const phase = rng.int(Math.floor(periodNs));
    for (let k = 0; k < ticks; k++) {
      const timeNs = run.startNs + BigInt(Math.floor(phase + k * periodNs) + rng.int(2000));
      const w = run.workload;
      if (cpu === run.taskCpu && w && rng.u32() / 0x100000000 < w.onCpu) {
        const p = pickPath(w, rng);
        const spec = w.paths[p];
        const user = [...spec.user].reverse().map((f) => ({ addr: f.addr, sym: f.sym, dso: f.dso }));
        const chain = [...kernelFrames(run.prog, spec.kernel, rng), ...user];
        out.push({ comm: w.comm, pid: run.task.pid, cpu, timeNs, chain, path: p });
        continue;
      }
      if (!run.allCpus) continue; // only the task is followed: off-CPU ticks give nothing
      const roll = rng.int(10000);
      let acc = 0;
      let kt: (typeof KTHREADS)[number] | undefined;
      for (const t of KTHREADS) {
        acc += t[3];
        if (roll < acc) {
          kt = t;
          break;
        }
      }
      const svc = kt ? undefined : pickService(run.services ?? [], roll - acc);
      if (svc) {
        const p = pickPath({ paths: svc.paths } as WorkloadModel, rng);
        out.push({
          comm: svc.comm(cpu),
          pid: svc.pid(cpu),
          cpu,
          timeNs,
          chain: kernelFrames(run.prog, svc.paths[p].kernel, rng),
          path: -3,
        });
      } else if (kt)
        out.push({
          comm: kt[0],
          pid: kt[1],
          cpu,
          timeNs,
          chain: kernelFrames(run.prog, kt[2], rng),
          path: -2,
        });
      else
        out.push({
          comm: idleComm,
          pid: 0,
          cpu,
          timeNs,
          chain: kernelFrames(run.prog, idlePath(cpu), rng),
          path: -1,
        });
    }
  }
  out.sort((a, b) => (a.timeNs < b.timeNs ? -1 : a.timeNs > b.timeNs ? 1 : a.cpu - b.cpu));
  return out;
}
