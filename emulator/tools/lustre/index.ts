/**
 * The Lustre administration commands of the live VM: modprobe (loading the Lustre modules),
 * shine (starting and mounting testfs0 locally, -L), lctl (debug mask and debug buffer).
 * Each changes the live state (emulator/live/state.ts); the kernel follows from it.
 */
import { dumpNamespacesHook } from "../../live/dump-hook";
import { openLive } from "../../live/guest";
import {
  applyDebugSpec,
  DEFAULT_DEBUG_MB,
  DEFAULT_DUMP_GRANTED_MAX,
  type LiveState,
  maskNames,
} from "../../live/state";
import { CLIENT_MODULES, SERVER_MODULES } from "../../live/system";
import type { ToolCommand, ToolIO } from "../toolapi";

const KNOWN = new Set(["lustre", ...CLIENT_MODULES.map((m) => m.name), ...SERVER_MODULES.map((m) => m.name)]);

export const modprobeTool: ToolCommand = {
  name: "modprobe",
  summary: "Add and remove modules from the Linux Kernel",
  async run(io: ToolIO): Promise<number> {
    const remove = io.args.includes("-r") || io.args.includes("--remove");
    const names = io.args.filter((a) => !a.startsWith("-"));
    if (!names.length) {
      io.stderr("modprobe: ERROR: missing parameters. See -h.\n");
      return 1;
    }
    const live = await openLive(io);
    for (const n of names) {
      if (!KNOWN.has(n)) {
        io.stderr(`modprobe: FATAL: Module ${n} not found.\n`);
        return 1;
      }
      if (remove) {
        if (live.state.lustre.started || live.state.lustre.mounted) {
          io.stderr(`modprobe: FATAL: Module ${n} is in use.\n`);
          return 1;
        }
        live.state.modules = live.state.modules.filter((m) => m !== "lustre");
      } else if (!live.state.modules.includes("lustre")) {
        // Any Lustre module pulls in the client stack: lustre depends on all of it.
        live.state.modules.push("lustre");
        live.advance(350000000n);
      }
    }
    await live.save();
    return 0;
  },
};

function status(fs: string, rows: [string, string, string][]): string {
  let out = `= FILESYSTEM STATUS (${fs}) =\n`;
  out += "TYPE # STATUS  NODES\n---- - ------  -----\n";
  for (const [t, n, s] of rows) out += `${t.padEnd(4)} ${n} ${s.padEnd(7)} vm0\n`;
  return out;
}

export const shineTool: ToolCommand = {
  name: "shine",
  summary: "Lustre file system administration (shine, local mode -L)",
  async run(io: ToolIO): Promise<number> {
    const args = io.args;
    const action = args.find((a) => !a.startsWith("-"));
    const local = args.includes("-L");
    if (!action) {
      io.stderr("Usage: shine <command> [options]\n  commands: start stop mount umount status\n");
      return 1;
    }
    if (!local) {
      io.stderr("shine: only local mode (-L) is available on this VM\n");
      return 1;
    }
    const live = await openLive(io);
    const st = live.state;
    switch (action) {
      case "start":
        if (!st.modules.includes("lustre")) st.modules.push("lustre");
        if (!st.lustre.started) {
          st.lustre.started = true;
          live.advance(8000000000n);
        }
        io.stdout(
          status("testfs0", [
            ["MGT", "1", "online"],
            ["MDT", "1", "online"],
            ["OST", "2", "online"],
          ]),
        );
        break;
      case "mount":
        if (!st.lustre.started) {
          io.stderr(
            "testfs0: mount failed on vm0: mount.lustre: mount vm0@tcp:/testfs0 at /mnt/lustre failed: Input/output error\n",
          );
          return 1;
        }
        if (!st.lustre.mounted) {
          st.lustre.mounted = true;
          live.advance(1500000000n);
        }
        io.stdout(status("testfs0", [["CLI", "1", "mounted"]]));
        break;
      case "umount":
        st.lustre.mounted = false;
        io.stdout(status("testfs0", [["CLI", "1", "offline"]]));
        break;
      case "stop":
        if (st.lustre.mounted) {
          io.stderr("shine: testfs0 is still mounted on vm0: run 'shine -L umount' first\n");
          return 1;
        }
        st.lustre.started = false;
        st.files = [];
        // The compute nodes lose their servers: the job dies with them.
        if (st.job) st.job.running = false;
        io.stdout(
          status("testfs0", [
            ["MGT", "1", "offline"],
            ["MDT", "1", "offline"],
            ["OST", "2", "offline"],
          ]),
        );
        break;
      case "status":
        io.stdout(
          status("testfs0", [
            ["MGT", "1", st.lustre.started ? "online" : "offline"],
            ["MDT", "1", st.lustre.started ? "online" : "offline"],
            ["OST", "2", st.lustre.started ? "online" : "offline"],
            ["CLI", "1", st.lustre.mounted ? "mounted" : "offline"],
          ]),
        );
        break;
      default:
        io.stderr(`shine: unknown command '${action}'\n`);
        return 1;
    }
    await live.save();
    return 0;
  },
};

/** The lctl parameters of the live VM: name, the file behind it, and how it reads and writes the state. */
interface LctlParam {
  readonly name: string;
  readonly path: string;
  get(st: LiveState): string;
  /** Apply a value; a message when the kernel refuses it (EINVAL). */
  set(st: LiveState, value: string): string | null;
}

const LCTL_PARAMS: readonly LctlParam[] = [
  {
    name: "debug",
    path: "/sys/kernel/debug/lnet/debug",
    get: (st) => maskNames(st.debugMask),
    set(st, value) {
      const r = applyDebugSpec(st.debugMask, value);
      if (typeof r === "string") return r;
      st.debugMask = r;
      return null;
    },
  },
  {
    name: "debug_mb",
    path: "/sys/kernel/debug/lnet/debug_mb",
    get: (st) => String(st.debugMb ?? DEFAULT_DEBUG_MB),
    set(st, value) {
      if (!/^\d+$/.test(value)) return "not a number";
      // libcfs rounds a too small or too large size into [one MiB per CPU, 80% of RAM].
      st.debugMb = Math.min(Math.max(Number(value), 16), 16384);
      return null;
    },
  },
  {
    name: "ldlm.dump_granted_max",
    path: "/sys/kernel/debug/lustre/ldlm/dump_granted_max",
    get: (st) => String(st.dumpGrantedMax ?? DEFAULT_DUMP_GRANTED_MAX),
    set(st, value) {
      if (!/^\d+$/.test(value) || Number(value) > 0xffffffff) return "not a number";
      st.dumpGrantedMax = Number(value);
      return null;
    },
  },
];

/**
 * lctl carries ldlm's special file: the shell runs the dump when a plain command line writes
 * dump_namespaces (ShellSession's file hooks; perf record runs it itself for its workload).
 */
export const lctlTool: ToolCommand & { readonly fileHooks: readonly (typeof dumpNamespacesHook)[] } = {
  name: "lctl",
  fileHooks: [dumpNamespacesHook],
  summary: "Lustre control utility (set_param/get_param debug, dk)",
  async run(io: ToolIO): Promise<number> {
    const [cmd, ...rest] = io.args;
    const live = await openLive(io);
    const st = live.state;
    if (!st.modules.includes("lustre")) {
      io.stderr("error: lctl: the Lustre modules are not loaded (modprobe lustre)\n");
      return 1;
    }
    switch (cmd) {
      case "set_param": {
        for (const a of rest.filter((x) => !x.startsWith("-"))) {
          const eq = a.indexOf("=");
          const param = LCTL_PARAMS.find((x) => x.name === (eq < 0 ? a : a.slice(0, eq)));
          if (!param || eq < 0) {
            io.stderr(
              eq < 0
                ? `error: set_param: setting ${a}: Invalid argument\n`
                : `error: set_param: param_path '${a.slice(0, eq)}': No such file or directory\n`,
            );
            return eq < 0 ? 22 : 2;
          }
          const err = param.set(st, a.slice(eq + 1));
          if (err) {
            io.stderr(`error: set_param: setting ${param.path}=${a.slice(eq + 1)}: Invalid argument\n`);
            return 22;
          }
        }
        break;
      }
      case "get_param": {
        const valueOnly = rest.includes("-n");
        for (const a of rest.filter((x) => !x.startsWith("-"))) {
          const param = LCTL_PARAMS.find((x) => x.name === a);
          if (!param) {
            io.stderr(`error: get_param: param_path '${a}': No such file or directory\n`);
            return 2;
          }
          io.stdout(valueOnly ? `${param.get(st)}\n` : `${param.name}=${param.get(st)}\n`);
        }
        break;
      }
      case "dk":
      case "debug_kernel": {
        const lines = st.debugLog;
        st.debugLog = [];
        if (rest[0]) {
          await io.fs.writeFile(rest[0], lines.map((l) => `${l}\n`).join(""));
          io.stdout(`Debug log: ${lines.length} lines, ${lines.length} kept, 0 dropped, 0 bad.\n`);
        } else io.stdout(lines.map((l) => `${l}\n`).join(""));
        break;
      }
      default:
        io.stderr(`lctl: unknown command '${cmd ?? ""}'\n`);
        return 1;
    }
    await live.save();
    return 0;
  },
};

export const lustreTools: readonly ToolCommand[] = [modprobeTool, shineTool, lctlTool];
