/**
 * What the live VM remembers between commands, kept in the guest filesystem
 * (/run/kdebug/live.json) so snapshots and worker restores carry it like any file. Armed
 * probes are not here: they live in tracefs's kprobe_events, as on a real machine.
 */
import type { GuestFs } from "../tools/toolapi";

export const STATE_PATH = "/run/kdebug/live.json";
export const KPROBE_EVENTS = "/sys/kernel/debug/tracing/kprobe_events";
export const DUMP_NAMESPACES = "/sys/kernel/debug/lustre/ldlm/dump_namespaces";

/** Lustre 2.12 debug mask bits (libcfs_debug), by the names lctl uses. */
export const DEBUG_FLAGS: readonly (readonly [string, number])[] = [
  ["trace", 0x1],
  ["inode", 0x2],
  ["super", 0x4],
  ["iotrace", 0x8],
  ["malloc", 0x10],
  ["cache", 0x20],
  ["info", 0x40],
  ["ioctl", 0x80],
  ["neterror", 0x100],
  ["net", 0x200],
  ["warning", 0x400],
  ["buffs", 0x800],
  ["other", 0x1000],
  ["dentry", 0x2000],
  ["nettrace", 0x4000],
  ["page", 0x8000],
  ["dlmtrace", 0x10000],
  ["error", 0x20000],
  ["emerg", 0x40000],
  ["ha", 0x80000],
  ["rpctrace", 0x100000],
  ["vfstrace", 0x200000],
  ["reada", 0x400000],
  ["mmap", 0x800000],
  ["config", 0x1000000],
  ["console", 0x2000000],
  ["quota", 0x4000000],
  ["sec", 0x8000000],
  ["lfsck", 0x10000000],
  ["hsm", 0x20000000],
  ["snapshot", 0x40000000],
  ["layout", 0x80000000],
];
export const D_DLMTRACE = 0x10000;
export const D_ERROR = 0x20000;
/** The 2.12 default: ioctl neterror warning error emerg ha config console lfsck. */
export const DEFAULT_DEBUG_MASK =
  0x80 | 0x100 | 0x400 | 0x20000 | 0x40000 | 0x80000 | 0x1000000 | 0x2000000 | 0x10000000;

export interface LiveFile {
  readonly path: string;
  readonly ostIndex: number;
  /**
   * Written by a remote client (the cluster job), not by vm0: vm0's client holds no lock on it
   * and has no resource for it in its mdc/osc namespaces.
   */
  readonly remote?: boolean;
  /** Locks remote clients hold on the file's MDT and OST resources (server side). */
  remoteLocks?: number;
  /** Bytes on the OST (files vm0 writes are tiny: 0). */
  readonly size?: number;
}

/** The simulated cluster's job on testfs0 (cluster-job start|stop). */
export interface LiveJob {
  readonly id: number;
  readonly clients: number;
  running: boolean;
}

export interface LiveState {
  readonly version: 1;
  hostname: string;
  /** Module names loaded by modprobe (the trigger, e.g. "lustre"). */
  modules: string[];
  lustre: { started: boolean; mounted: boolean };
  /** Files created in /mnt/lustre, in creation order. */
  files: LiveFile[];
  debugMask: number;
  /** Monotonic clock of the VM (ns since boot), as a decimal string. */
  clockNs: string;
  nextPid: number;
  /** The Lustre debug buffer (`lctl dk`), one line per entry. */
  debugLog: string[];
  /** libcfs debug_mb (total trace buffer, MiB); absent = the module default. */
  debugMb?: number;
  /** ptlrpc's ldlm_dump_granted_max (ldlm.dump_granted_max); absent = the default. */
  dumpGrantedMax?: number;
  job?: LiveJob;
}

/** libcfs's default trace buffer: 5 MiB per CPU (the VM has 16). */
export const DEFAULT_DEBUG_MB = 5 * 16;
/** Granted locks ldlm_resource_dump prints per resource before giving up (ldlm_dump_granted_max). */
export const DEFAULT_DUMP_GRANTED_MAX = 256;

export function initialState(): LiveState {
  return {
    version: 1,
    hostname: "kdebug",
    modules: [],
    lustre: { started: false, mounted: false },
    files: [],
    debugMask: DEFAULT_DEBUG_MASK,
    clockNs: String(1302n * 1000000000n + 551500000n),
    nextPid: 6846,
    debugLog: [],
  };
}

export async function loadState(fs: GuestFs): Promise<LiveState> {
  if (!(await fs.exists(STATE_PATH))) return initialState();
  try {
    const s = JSON.parse(await fs.readFile(STATE_PATH)) as LiveState;
    if (s.version === 1) return s;
  } catch {
    // A learner edited it: start over rather than fail every tool.
  }
  return initialState();
}

export async function saveState(fs: GuestFs, s: LiveState): Promise<void> {
  await fs.writeFile(STATE_PATH, `${JSON.stringify(s)}\n`);
}

export function maskNames(mask: number): string {
  return DEBUG_FLAGS.filter(([, bit]) => (mask & bit) !== 0)
    .map(([n]) => n)
    .join(" ");
}

/** Apply an lctl debug value: `+flag`, `-flag`, a list of names (replace), or a number. */
export function applyDebugSpec(mask: number, spec: string): number | string {
  const t = spec.trim();
  if (/^(0x[0-9a-f]+|\d+)$/i.test(t)) return Number(t) >>> 0;
  let m = mask;
  let replace = true;
  let out = 0;
  for (const word of t.split(/[\s,]+/).filter(Boolean)) {
    const sign = word[0] === "+" || word[0] === "-" ? word[0] : "";
    const name = sign ? word.slice(1) : word;
    const bit = name === "all" ? 0xffffffff : DEBUG_FLAGS.find(([n]) => n === name)?.[1];
    if (bit === undefined) return `unknown debug flag ${name}`;
    if (sign) {
      replace = false;
      m = sign === "+" ? (m | bit) >>> 0 : (m & ~bit) >>> 0;
    } else out = (out | bit) >>> 0;
  }
  return replace ? out : m;
}

/** Share of a CPU's trace buffer that process-context messages may fill (libcfs: 80%). */
const PROCESS_CONTEXT_SHARE = 0.8;
const VM_CPUS = 16;

/**
 * libcfs keeps one trace buffer per CPU, debug_mb / ncpus each, and recycles a buffer's oldest
 * pages when it is full. A dump runs on one CPU, so it only ever gets that CPU's share: the
 * oldest lines of each CPU past its share are lost silently (lctl dk cannot tell).
 */
export function trimDebugLog(state: LiveState): void {
  const perCpu = Math.floor((((state.debugMb ?? DEFAULT_DEBUG_MB) << 20) / VM_CPUS) * PROCESS_CONTEXT_SHARE);
  const used = new Map<string, number>();
  const keep: boolean[] = new Array(state.debugLog.length);
  let dropped = false;
  for (let i = state.debugLog.length - 1; i >= 0; i--) {
    const line = state.debugLog[i];
    const cpu = line.split(":", 3)[2] ?? "";
    const total = (used.get(cpu) ?? 0) + line.length + 1;
    used.set(cpu, total);
    keep[i] = total <= perCpu;
    if (!keep[i]) dropped = true;
  }
  if (dropped) state.debugLog = state.debugLog.filter((_, i) => keep[i]);
}
