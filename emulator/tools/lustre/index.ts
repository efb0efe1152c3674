/**
 * The Lustre administration commands of the live VM: modprobe (loading the Lustre modules),
 * shine (starting and mounting testfs0 locally, -L), lctl (debug mask and debug buffer).
 * Each changes the live state (emulator/live/state.ts); the kernel follows from it.
 */
import { globMatcher } from "../../kernel/glob";
import { dumpNamespacesHook } from "../../live/dump-hook";
import { openLive } from "../../live/guest";
import {
  applyDebugSpec,
  DEFAULT_DEBUG_MB,
  DEFAULT_DUMP_GRANTED_MAX,
  type LiveState,
  maskNames,
} from "../../live/state";
import { CLIENT_INSTANCE, CLIENT_MODULES, SERVER_MODULES } from "../../live/system";
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
    name: "version",
    path: "/sys/fs/lustre/version",
    get: () => LUSTRE_VERSION,
    set: () => "read-only",
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

const LUSTRE_VERSION = "2.12.3";
/** vm0's only NID: its servers and client share it (the MGC namespace is named after it). */
const VM_NID = "10.0.2.15@tcp";

/**
 * `lctl dl`: the obd devices of vm0 for the state: the MGS, the MDT with its stack and its OSP
 * connections to the OSTs, the two OSTs, then the client's stack once /mnt/lustre is mounted.
 * Reference counts follow how many users each device has in this setup.
 */
function deviceList(st: LiveState): string {
  const rows: [type: string, name: string, uuid: string, refs: number][] = [];
  if (st.lustre.started) {
    rows.push(
      ["osd-ldiskfs", "MGS-osd", "MGS-osd_UUID", 4],
      ["mgs", "MGS", "MGS", 6],
      ["mgc", `MGC${VM_NID}`, "4a1f3c2e-7d0b-6c1e-9e3a-5b8f2d4c6a10", 4],
      ["osd-ldiskfs", "testfs0-MDT0000-osd", "testfs0-MDT0000-osd_UUID", 9],
      ["mds", "MDS", "MDS_uuid", 2],
      ["lod", "testfs0-MDT0000-mdtlov", "testfs0-MDT0000-mdtlov_UUID", 3],
      ["mdt", "testfs0-MDT0000", "testfs0-MDT0000_UUID", 10],
      ["mdd", "testfs0-MDD0000", "testfs0-MDD0000_UUID", 3],
      ["qmt", "testfs0-QMT0000", "testfs0-QMT0000_UUID", 3],
      ["osp", "testfs0-OST0000-osc-MDT0000", "testfs0-MDT0000-mdtlov_UUID", 4],
      ["osp", "testfs0-OST0001-osc-MDT0000", "testfs0-MDT0000-mdtlov_UUID", 4],
      ["lwp", "testfs0-MDT0000-lwp-MDT0000", "testfs0-MDT0000-lwp-MDT0000_UUID", 4],
      ["osd-ldiskfs", "testfs0-OST0000-osd", "testfs0-OST0000-osd_UUID", 4],
      ["ost", "OSS", "OSS_uuid", 2],
      ["obdfilter", "testfs0-OST0000", "testfs0-OST0000_UUID", 6],
      ["lwp", "testfs0-MDT0000-lwp-OST0000", "testfs0-MDT0000-lwp-OST0000_UUID", 4],
      ["osd-ldiskfs", "testfs0-OST0001-osd", "testfs0-OST0001-osd_UUID", 4],
      ["obdfilter", "testfs0-OST0001", "testfs0-OST0001_UUID", 6],
      ["lwp", "testfs0-MDT0000-lwp-OST0001", "testfs0-MDT0000-lwp-OST0001_UUID", 4],
    );
  }
  if (st.lustre.mounted) {
    const client = "b1a7e90c-3f52-4d1e-8c6a-2e9d7f0b5a34";
    rows.push(
      ["lov", `testfs0-clilov-${CLIENT_INSTANCE}`, client, 3],
      ["lmv", `testfs0-clilmv-${CLIENT_INSTANCE}`, client, 4],
      ["mdc", `testfs0-MDT0000-mdc-${CLIENT_INSTANCE}`, client, 4],
      ["osc", `testfs0-OST0000-osc-${CLIENT_INSTANCE}`, client, 4],
      ["osc", `testfs0-OST0001-osc-${CLIENT_INSTANCE}`, client, 4],
    );
  }
  return rows
    .map(([type, name, uuid, refs], i) => `${String(i).padStart(3)} UP ${type} ${name} ${uuid} ${refs}\n`)
    .join("");
}

/**
 * lctl carries ldlm's special file: the shell runs the dump when a plain command line writes
 * dump_namespaces (ShellSession's file hooks; perf record runs it itself for its workload).
 */
export const lctlTool: ToolCommand & { readonly fileHooks: readonly (typeof dumpNamespacesHook)[] } = {
  name: "lctl",
  fileHooks: [dumpNamespacesHook],
  summary: "Lustre control utility (set_param, get_param, list_param, dk, dl, list_nids)",
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
      case "get_param":
      case "list_param": {
        const valueOnly = rest.includes("-n");
        const patterns = rest.filter((x) => !x.startsWith("-"));
        if (!patterns.length && cmd === "get_param") {
          io.stderr(
            "get_param: Lustre tunable parameters missing\nusage: get_param [-F|n|N|R] <param_path1 param_path2 ...>\n",
          );
          return 22;
        }
        for (const a of patterns.length ? patterns : ["*"]) {
          const params = LCTL_PARAMS.filter((x) => globMatcher(a)(x.name));
          if (!params.length) {
            io.stderr(`error: ${cmd}: param_path '${a}': No such file or directory\n`);
            return 2;
          }
          for (const param of params)
            io.stdout(
              cmd === "list_param"
                ? `${param.name}\n`
                : valueOnly
                  ? `${param.get(st)}\n`
                  : `${param.name}=${param.get(st)}\n`,
            );
        }
        break;
      }
      case "dl":
      case "device_list":
        io.stdout(deviceList(st));
        break;
      case "list_nids":
        io.stdout(`${VM_NID}\n`);
        break;
      case "--version":
        io.stdout(`lctl ${LUSTRE_VERSION}\n`);
        break;
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
