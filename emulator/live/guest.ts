/**
 * The live system as the guest's tools see it: load the state from the guest filesystem, keep
 * the VM's files (/proc/modules, debugfs, /mnt/lustre) in step with it, and run a shell command
 * "on" the live kernel: when the command writes dump_namespaces the kernel side of that write
 * runs in the command's process, with whatever probes are armed.
 */
import type { GuestFs, ShellResult, ToolIO } from "../tools/toolapi";
import type { TaskRef } from "./events";
import { EARLIER_FILES } from "./ldiskfs";
import { writeDumpNamespaces } from "./ldlm-dump";
import { DUMP_NAMESPACES, KPROBE_EVENTS, type LiveState, loadState, saveState, trimDebugLog } from "./state";
import { CLIENT_MODULES, type LiveSystem, liveSystem, SERVER_MODULES } from "./system";

export interface Live {
  readonly state: LiveState;
  /** The kernel for the current state (rebuilt lazily after a state change). */
  system(): LiveSystem;
  /** Persist the state (and the files that mirror it). */
  save(): Promise<void>;
  /** A new process id. */
  newPid(): number;
  /** The VM's clock (ns since boot). */
  now(): bigint;
  advance(ns: bigint): void;
}

export async function openLive(io: ToolIO): Promise<Live> {
  const state = await loadState(io.fs);
  try {
    const h = await io.sh("hostname");
    if (h.exitCode === 0 && h.stdout.trim()) state.hostname = h.stdout.trim();
  } catch {
    // keep the recorded name
  }
  // New files get their OST (round-robin by creation order) once: keep that order on disk, or a
  // later look that finds more files would sort them together and move earlier ones.
  const before = state.files.length;
  await syncLustreFiles(io.fs, state);
  if (state.files.length !== before) await saveState(io.fs, state);
  let sys: LiveSystem | null = null;
  let key = "";
  const live: Live = {
    state,
    system() {
      const k = JSON.stringify([
        state.hostname,
        state.modules,
        state.lustre,
        state.files,
        state.debugMask,
        state.dumpGrantedMax,
      ]);
      if (!sys || k !== key) {
        sys = liveSystem(state);
        key = k;
      }
      return sys;
    },
    async save() {
      trimDebugLog(state);
      await saveState(io.fs, state);
      await mirrorFiles(io, state);
    },
    newPid() {
      return state.nextPid++;
    },
    now() {
      return BigInt(state.clockNs);
    },
    advance(ns: bigint) {
      state.clockNs = String(BigInt(state.clockNs) + ns);
    },
  };
  return live;
}

/** Files created in /mnt/lustre since the last look become Lustre objects (new resources and locks). */
export async function syncLustreFiles(fs: GuestFs, state: LiveState): Promise<void> {
  if (!state.lustre.mounted || !(await fs.isDirectory("/mnt/lustre"))) return;
  const known = new Set([...state.files.map((f) => f.path), ...EARLIER_FILES.map((f) => f.path)]);
  const names = (await fs.glob("/mnt/lustre/*")).filter((p) => !known.has(p)).sort();
  for (const path of names) {
    if (await fs.isDirectory(path)) continue;
    // The default layout (stripe_count 1) places objects round-robin over the OSTs; the one
    // object holds the file's bytes as written when the client first saw it.
    const size = (await fs.readFileBytes(path)).length;
    state.files.push({ path, ostIndex: state.files.length % 2, ...(size ? { size } : {}) });
  }
}

/** The files a real VM would show for this state. */
async function mirrorFiles(io: ToolIO, state: LiveState): Promise<void> {
  const fs = io.fs;
  const mods: string[] = [];
  if (state.modules.includes("lustre")) mods.push(...CLIENT_MODULES.map((m) => m.name));
  if (state.lustre.started) mods.push(...SERVER_MODULES.map((m) => m.name));
  const lines = mods
    .reverse()
    .map((m) => `${m} 262144 ${m === "libcfs" ? 14 : 1} - Live 0x0000000000000000 (OE)\n`)
    .join("");
  await fs.writeFile("/proc/modules", lines);
  const dirs = ["/sys/kernel/debug/tracing"];
  if (mods.includes("ptlrpc")) dirs.push("/sys/kernel/debug/lustre/ldlm");
  if (state.lustre.mounted) dirs.push("/mnt/lustre");
  await io.sh(`mkdir -p ${dirs.join(" ")}`);
  if (mods.includes("ptlrpc") && !(await fs.exists(DUMP_NAMESPACES))) await fs.writeFile(DUMP_NAMESPACES, "");
  // The filesystem was used before this session: its earlier files are there once mounted.
  if (state.lustre.mounted)
    for (const f of EARLIER_FILES) if (!(await fs.exists(f.path))) await fs.writeFile(f.path, "");
  if (!(await fs.exists(KPROBE_EVENTS))) await fs.writeFile(KPROBE_EVENTS, "");
}

/**
 * Run a guest command line as process `task` on `cpu` of the live kernel: kernel-side effects
 * of the files it writes happen in that process (probes fire for it).
 */
export async function runOnLive(
  io: ToolIO,
  live: Live,
  line: string,
  task: TaskRef,
  cpu: number,
): Promise<ShellResult> {
  const watch = live.state.modules.includes("lustre") && (await io.fs.exists(DUMP_NAMESPACES));
  if (watch) await io.fs.writeFile(DUMP_NAMESPACES, "");
  const r = await io.sh(line);
  if (watch && (await io.fs.readFile(DUMP_NAMESPACES)) !== "") {
    await io.fs.writeFile(DUMP_NAMESPACES, "");
    const sys = live.system();
    sys.engine.setTime(live.now() + 1000000n);
    writeDumpNamespaces(sys, { task, cpu, debugLog: live.state.debugLog });
    live.state.clockNs = String(sys.engine.timeNs);
  }
  await syncLustreFiles(io.fs, live.state);
  return r;
}

/** CPU a process runs on (deterministic, spread over the VM's 16 CPUs). */
export function cpuOf(pid: number): number {
  return (pid * 7) % 16;
}

export type { LiveSystem };
