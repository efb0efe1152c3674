/**
 * mount, as the live VM needs it beyond the base tree's listing: a loop mount of an ldiskfs
 * target (`mount -o loop -t ldiskfs /tmp/ost0 /media/`) writes the OST's tree (from
 * emulator/live/ldiskfs.ts, as of the mount) under the mount point and adds the mount to
 * /proc/mounts. Every other form keeps the shell's behaviour: the listing read from
 * /proc/mounts, and util-linux 2.23's messages for devices that do not exist.
 */
import { openLive } from "../../live/guest";
import { type LdiskfsNode, ostTree, parseDeviceFile } from "../../live/ldiskfs";
import type { ToolCommand, ToolIO } from "../toolapi";

const USAGE =
  "\nUsage:\n mount [-lhV]\n mount -a [options]\n mount [options] [--source] <source> | [--target] <directory>\n mount [options] <source> <directory>\n\nFor more details see mount(8).\n";

export interface MountLine {
  readonly device: string;
  readonly mountPoint: string;
  readonly fsType: string;
  readonly options: string;
}

export async function readMounts(io: ToolIO): Promise<MountLine[]> {
  if (!(await io.fs.exists("/proc/mounts"))) return [];
  return (await io.fs.readFile("/proc/mounts"))
    .split("\n")
    .filter(Boolean)
    .map((l) => {
      const [device, mountPoint, fsType, options] = l.split(" ");
      return { device, mountPoint, fsType, options };
    });
}

export async function writeMounts(io: ToolIO, lines: readonly MountLine[]): Promise<void> {
  await io.fs.writeFile(
    "/proc/mounts",
    lines.map((m) => `${m.device} ${m.mountPoint} ${m.fsType} ${m.options} 0 0\n`).join(""),
  );
}

/** Shell-quote a path for the mkdir/rm lines. */
export function quote(p: string): string {
  return `'${p.replace(/'/g, `'\\''`)}'`;
}

async function populate(io: ToolIO, root: LdiskfsNode, target: string): Promise<void> {
  const dirs: string[] = [];
  const files: string[] = [];
  const walk = (n: LdiskfsNode, at: string) => {
    for (const k of n.children?.values() ?? []) {
      const p = `${at}/${k.name}`;
      if (k.kind === "dir") {
        dirs.push(p);
        walk(k, p);
      } else files.push(p);
    }
  };
  walk(root, target === "/" ? "" : target);
  if (dirs.length) await io.sh(`mkdir -p ${dirs.map(quote).join(" ")}`);
  for (const f of files) await io.fs.writeFile(f, "");
}

export const mountTool: ToolCommand = {
  name: "mount",
  summary: "mount a filesystem",
  async run(io: ToolIO): Promise<number> {
    let type: string | undefined;
    const opts: string[] = [];
    const operands: string[] = [];
    const args = io.args;
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (a === "-t" || a === "--types") type = args[++i];
      else if (a.startsWith("-t") && a.length > 2) type = a.slice(2);
      else if (a.startsWith("--types=")) type = a.slice(8);
      else if (a === "-o" || a === "--options") opts.push(...(args[++i] ?? "").split(","));
      else if (a.startsWith("-o") && a.length > 2) opts.push(...a.slice(2).split(","));
      else if (a === "-h" || a === "--help") {
        io.stdout(USAGE);
        return 0;
      } else if (a === "-V" || a === "--version") {
        io.stdout("mount from util-linux 2.23.2 (libmount 2.23.0: selinux, debug, assert)\n");
        return 0;
      } else if (a === "-a" || a === "--all") return 0;
      else if (/^-[lvnrw]+$/.test(a)) continue;
      else if (a.startsWith("-")) {
        io.stderr(`mount: invalid option -- '${a.slice(1, 2)}'\n${USAGE}`);
        return 1;
      } else operands.push(a);
    }
    const mounts = await readMounts(io);
    if (!operands.length) {
      const list = mounts.filter((m) => !type || type.split(",").includes(m.fsType));
      io.stdout(list.map((m) => `${m.device} on ${m.mountPoint} type ${m.fsType} (${m.options})\n`).join(""));
      return 0;
    }
    const [source, target] = operands;
    if (target === undefined) {
      const m = mounts.find((x) => x.mountPoint === io.fs.resolve(source) || x.device === source);
      if (m) {
        io.stderr(`mount: ${m.device} is already mounted or ${m.mountPoint} busy\n`);
        return 32;
      }
      io.stderr(`mount: can't find ${source} in /etc/fstab\n`);
      return 1;
    }
    const src = io.fs.resolve(source);
    if (!(await io.fs.exists(src)) || (await io.fs.isDirectory(src))) {
      io.stderr(`mount: special device ${source} does not exist\n`);
      return 32;
    }
    const ost = parseDeviceFile((await io.fs.readFile(src)).slice(0, 200));
    const dev = src.startsWith("/dev/")
      ? src
      : `/dev/loop${mounts.filter((m) => m.device.startsWith("/dev/loop")).length}`;
    const mp = io.fs.resolve(target);
    if (ost === null || (type !== undefined && !["ldiskfs", "auto"].includes(type))) {
      io.stderr(
        `mount: wrong fs type, bad option, bad superblock on ${dev},\n       missing codepage or helper program, or other error\n\n       In some cases useful info is found in syslog - try\n       dmesg | tail or so.\n`,
      );
      return 32;
    }
    if (!(await io.fs.isDirectory(mp))) {
      io.stderr(`mount: mount point ${target} does not exist\n`);
      return 32;
    }
    const live = await openLive(io);
    // A running OST holds its device; another mount of the same mount point is refused.
    const busy =
      (src.startsWith("/dev/md") && live.state.lustre.started) ||
      mounts.some((m) => m.mountPoint === mp || m.device === src);
    if (busy) {
      io.stderr(`mount: ${dev} is already mounted or ${mp} busy\n`);
      return 32;
    }
    await populate(io, ostTree(live.state, ost), mp);
    const ro = opts.includes("ro") ? "ro" : "rw";
    await writeMounts(io, [
      ...mounts,
      { device: dev, mountPoint: mp, fsType: "ldiskfs", options: `${ro},relatime,data=ordered` },
    ]);
    return 0;
  },
};
