/**
 * `mod`: the loaded kernel modules, and loading their debuginfo (`mod -s name`, `mod -S`) so
 * that `bt -l`, `sym` and `dis -l` can show module source lines. crash 7.2.x's table has
 * no BASE column: `MODULE  NAME  SIZE  OBJECT FILE` (BASE arrived in crash 7.3).
 */
import type { LoadedModule } from "../../../kernel/linux/model";
import { sysInfo } from "../../../kernel/linux/sysinfo";
import { taintLetters } from "../../../kernel/linux/taint";
import type { Program } from "../../../kernel/program";
import { type CrashCommand, CrashError, CrashUsageError } from "../command";
import { centerLjust, getopt, hex, modules } from "./tasks-common";

/** Modules shipped by the lustre-client / kmod-lustre RPMs under extra/lustre/net. */
const LUSTRE_NET = new Set(["libcfs", "lnet", "ksocklnd", "ko2iblnd", "lnet_selftest", "kgnilnd"]);
/** The rest of Lustre (and its ldiskfs) lives under extra/lustre/fs. */
const LUSTRE_FS = new Set([
  "lustre",
  "lov",
  "osc",
  "mdc",
  "lmv",
  "fid",
  "fld",
  "mgc",
  "ptlrpc",
  "obdclass",
  "llite_lloop",
  "ldiskfs",
  "osd_ldiskfs",
  "mdt",
  "mdd",
  "lod",
  "ost",
  "ofd",
  "osp",
  "lfsck",
  "mgs",
  "lquota",
  "obdecho",
  "ptlrpc_gss",
  "osd_zfs",
]);
/** In-tree modules of the CentOS 7 kernel that the dumps load, by directory under kernel/. */
const KERNEL_DIRS: Record<string, string> = {
  ext4: "fs/ext4",
  jbd2: "fs/jbd2",
  mbcache: "fs",
  xfs: "fs/xfs",
  libcrc32c: "lib",
  crc_t10dif: "lib",
  crct10dif_common: "crypto",
  crct10dif_generic: "crypto",
  crct10dif_pclmul: "arch/x86/crypto",
  crc32_pclmul: "arch/x86/crypto",
  crc32c_intel: "arch/x86/crypto",
  ghash_clmulni_intel: "arch/x86/crypto",
  aesni_intel: "arch/x86/crypto",
  lrw: "crypto",
  gf128mul: "crypto",
  glue_helper: "arch/x86/crypto",
  ablk_helper: "crypto",
  cryptd: "crypto",
  dm_mod: "drivers/md",
  dm_mirror: "drivers/md",
  dm_region_hash: "drivers/md",
  dm_log: "drivers/md",
  sd_mod: "drivers/scsi",
  sr_mod: "drivers/scsi",
  cdrom: "drivers/cdrom",
  ata_generic: "drivers/ata",
  pata_acpi: "drivers/ata",
  ata_piix: "drivers/ata",
  libata: "drivers/ata",
  virtio_net: "drivers/net",
  virtio_blk: "drivers/block",
  virtio_pci: "drivers/virtio",
  virtio_ring: "drivers/virtio",
  virtio: "drivers/virtio",
  virtio_balloon: "drivers/virtio",
  virtio_console: "drivers/char",
  serio_raw: "drivers/input/serio",
  floppy: "drivers/block",
  i2c_piix4: "drivers/i2c/busses",
  i2c_core: "drivers/i2c",
  pcspkr: "drivers/input/misc",
  joydev: "drivers/input",
  parport_pc: "drivers/parport",
  parport: "drivers/parport",
  ppdev: "drivers/char",
  sunrpc: "net/sunrpc",
  ip_tables: "net/ipv4/netfilter",
  iptable_filter: "net/ipv4/netfilter",
  sg: "drivers/scsi",
  drm: "drivers/gpu/drm",
  drm_kms_helper: "drivers/gpu/drm",
  ttm: "drivers/gpu/drm/ttm",
  cirrus: "drivers/gpu/drm/cirrus",
  syscopyarea: "drivers/video/fbdev/core",
  sysfillrect: "drivers/video/fbdev/core",
  sysimgblt: "drivers/video/fbdev/core",
  fb_sys_fops: "drivers/video/fbdev/core",
  e1000: "drivers/net/ethernet/intel/e1000",
  igb: "drivers/net/ethernet/intel/igb",
  ixgbe: "drivers/net/ethernet/intel/ixgbe",
  mlx4_core: "drivers/net/ethernet/mellanox/mlx4",
  mlx5_core: "drivers/net/ethernet/mellanox/mlx5/core",
  raid1: "drivers/md",
  raid456: "drivers/md",
  md_mod: "drivers/md",
  nfsv4: "fs/nfs",
  nfs: "fs/nfs",
  lockd: "fs/lockd",
  grace: "fs/nfs_common",
  fscache: "fs/fscache",
  zfs: "extra",
  spl: "extra",
  ib_core: "drivers/infiniband/core",
  rdma_cm: "drivers/infiniband/core",
  ib_cm: "drivers/infiniband/core",
  iw_cm: "drivers/infiniband/core",
  ib_ipoib: "drivers/infiniband/ulp/ipoib",
  mlx4_ib: "drivers/infiniband/hw/mlx4",
  mlx5_ib: "drivers/infiniband/hw/mlx5",
};

/** Where `mod -s` finds a module's debuginfo: the debuginfo RPM's mirror of /lib/modules. */
export function moduleDebugPath(release: string, name: string): string {
  const base = `/usr/lib/debug/lib/modules/${release}`;
  if (LUSTRE_NET.has(name)) return `${base}/extra/lustre/net/${name}.ko.debug`;
  if (LUSTRE_FS.has(name)) return `${base}/extra/lustre/fs/${name}.ko.debug`;
  const dir = KERNEL_DIRS[name];
  if (dir === "extra") return `${base}/extra/${name}.ko.debug`;
  return `${base}/kernel/${dir ?? `drivers/${name}`}/${name}.ko.debug`;
}

function release(prog: Program): string {
  return sysInfo(prog).release;
}

/** The module table; `only` restricts the rows (after `mod -s`), the widths stay those of all modules. */
export function moduleTable(prog: Program, only?: LoadedModule): string {
  const mods = sortedModules(prog);
  const nameWidth = Math.max(...mods.map((m) => m.name.length), 0);
  const sizeWidth = Math.max(...mods.map((m) => String(m.size).length), 0);
  let out = `${centerLjust("MODULE", 16)}  ${"NAME".padEnd(nameWidth)}  ${"SIZE".padStart(sizeWidth)}  OBJECT FILE\n`;
  for (const m of mods) {
    if (only && m.address !== only.address) continue;
    out += `${hex(m.address).padStart(16)}  ${m.name.padEnd(nameWidth)}  ${String(m.size).padStart(sizeWidth)}  `;
    if (prog.symbols.loadedDebuginfo.has(m.name)) out += `${moduleDebugPath(release(prog), m.name)} `;
    else out += "(not loaded)  [CONFIG_KALLSYMS]";
    out += "\n";
  }
  return out;
}

function sortedModules(prog: Program): LoadedModule[] {
  return [...modules(prog)].sort((a, b) => (a.base < b.base ? -1 : a.base > b.base ? 1 : 0));
}

/** A module named, or given by its struct module / base address (16 hex digits). */
function findModule(prog: Program, ref: string): LoadedModule | undefined {
  const mods = modules(prog);
  if (/^[0-9a-fA-F]{16}$/.test(ref)) {
    const a = BigInt(`0x${ref}`);
    return mods.find((m) => m.address === a || (a >= m.base && a < m.base + BigInt(m.size)));
  }
  return mods.find((m) => m.name === ref);
}

function moduleTaints(prog: Program): string {
  const mod = prog.types.completeStruct("module");
  if (!mod?.members.some((m) => m.name === "taints"))
    throw new CrashError("-t option not supported or applicable on this architecture or kernel");
  const rows: [string, string][] = [];
  for (const m of sortedModules(prog)) {
    const taints = prog.readMember(m.address, "module", "taints");
    if (!taints) continue;
    rows.push([m.name, taintLetters(taints)]);
  }
  if (rows.length === 0) return "no tainted modules\n";
  const w = Math.max(...rows.map(([n]) => n.length));
  return `${"NAME".padEnd(w)}  TAINTS\n${rows.map(([n, t]) => `${n.padEnd(w)}  ${t}\n`).join("")}`;
}

export const mod: CrashCommand = {
  name: "mod",
  synopsis: "-s module [objfile] | -d module | -S [directory] [-D|-t|-r|-R|-o|-g]",
  summary: "module information and loading of symbols and debugging data",
  help: `  Without arguments, list the kernel modules loaded when the dump was taken:
  the address of each struct module, its name, its size, and the object file
  whose debugging data crash has loaded, or "(not loaded)".

  Module functions only get source file and line numbers, and their data
  types, once the module's debuginfo is loaded:

    -s module [objfile]  load one module's debuginfo (found under
                         /usr/lib/debug/lib/modules/<release>/).
    -S [directory]       load the debuginfo of every module.
    -d module            forget one module's debuginfo; -D forget them all.
    -t                   the taint flags of the tainted modules.

  EXAMPLES
    Make "bt -l" show the Lustre source lines:

      crash> mod -s libcfs
      crash> mod -s lustre
      crash> bt -l`,
  run(session, args) {
    const prog = session.prog;
    const parsed = getopt("mod", args, "Rd:Ds:Sotgr");
    type Action = "list" | "load" | "loadAll" | "delete" | "deleteAll" | "taints" | "reinit";
    let action = "list" as Action;
    let target: LoadedModule | undefined;
    const set = (a: Action) => {
      // crash takes a single action per command.
      if (action !== "list") throw new CrashUsageError();
      action = a;
    };
    for (const { opt, arg } of parsed.opts) {
      switch (opt) {
        case "s":
        case "d":
          set(opt === "s" ? "load" : "delete");
          target = findModule(prog, arg ?? "");
          if (!target) throw new CrashUsageError();
          break;
        case "S":
          set("loadAll");
          break;
        case "D":
          set("deleteAll");
          break;
        case "t":
          set("taints");
          break;
        case "R":
          set("reinit");
          break;
        case "o":
          return;
        default:
          // -g (section data) and -r (readnow) only change how gdb loads the object.
          break;
      }
    }
    if (modules(prog).length === 0) {
      session.out("no modules installed\n");
      return;
    }
    switch (action) {
      case "list":
        if (parsed.operands.length) throw new CrashUsageError();
        session.out(moduleTable(prog));
        return;
      case "load":
        if (parsed.operands.length > 1) throw new CrashUsageError();
        if (
          parsed.operands.length === 1 &&
          !parsed.operands[0].endsWith(".ko.debug") &&
          !parsed.operands[0].endsWith(".ko")
        )
          throw new CrashError(`${target!.name}: cannot find or load object file: ${parsed.operands[0]}`);
        prog.symbols.loadedDebuginfo.add(target!.name);
        session.out(moduleTable(prog, target));
        return;
      case "loadAll":
        if (parsed.operands.length > 1) throw new CrashUsageError();
        for (const m of modules(prog)) prog.symbols.loadedDebuginfo.add(m.name);
        session.out(moduleTable(prog));
        return;
      case "delete":
        prog.symbols.loadedDebuginfo.delete(target!.name);
        return;
      case "deleteAll":
        prog.symbols.loadedDebuginfo.clear();
        return;
      case "taints":
        session.out(moduleTaints(prog));
        return;
      case "reinit":
        session.out(moduleTable(prog));
        return;
    }
  },
};
