/**
 * lfs (Lustre 2.12 client utility): fid2path (a FID to the path(s) of its file, asked of the
 * MDT's FID → path map of the live VM, emulator/live/ldiskfs.ts fidPaths, through the client
 * mount /mnt/lustre or the filesystem name testfs0), path2fid (the other way) and getstripe
 * (a file's layout: its OST object), all computed from the same live state.
 */
import { openLive } from "../../live/guest";
import { FS_NAME, fidPaths, fidString, ostObjects, parseFid } from "../../live/ldiskfs";
import type { ToolCommand, ToolIO } from "../toolapi";

const MOUNT = "/mnt/lustre";
const FID2PATH_USAGE =
  "fid2path: Resolve the full path(s) for given FID(s). For a specific hardlink specify link number <linkno>.\n" +
  "usage: fid2path [-c] [--link <linkno>] <fsname|root> <fid> ...\n";

async function fid2path(io: ToolIO, args: readonly string[]): Promise<number> {
  const operands: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "-c" || a === "--cur") continue;
    if (a === "-l" || a === "--link") {
      i++;
      continue;
    }
    if (a.startsWith("--link=")) continue;
    if (a.startsWith("-") && a.length > 1) {
      io.stderr(`lfs fid2path: unrecognized option '${a}'\n${FID2PATH_USAGE}`);
      return 22;
    }
    operands.push(a);
  }
  if (operands.length < 2) {
    io.stderr(FID2PATH_USAGE);
    return 22;
  }
  const [root, ...fids] = operands;
  const live = await openLive(io);
  const byPath = root.startsWith("/");
  const mounted = live.state.lustre.mounted && (byPath ? io.fs.resolve(root) === MOUNT : root === FS_NAME);
  const paths = fidPaths(live.state);
  let rc = 0;
  for (const text of fids) {
    if (!mounted) {
      // llapi finds no Lustre mount for that root or fsname.
      io.stderr(`lfs fid2path: cannot find '${text}': No such device\n`);
      rc = 19;
      continue;
    }
    const fid = parseFid(text);
    if (!fid) {
      io.stderr(
        `lfs fid2path: bad FID format '${text}', should be [seq:oid:ver] (e.g. [0x200000400:0x1:0x0])\n` +
          `lfs fid2path: cannot find '${text}': Invalid argument\n`,
      );
      rc = 22;
      continue;
    }
    const path = paths.get(fidString(fid));
    if (!path) {
      io.stderr(`lfs fid2path: cannot find '${text}': No such file or directory\n`);
      rc = 2;
      continue;
    }
    // A mount point argument gets absolute paths; a filesystem name gets paths relative to its root.
    io.stdout(`${byPath ? path : path.slice(MOUNT.length + 1)}\n`);
  }
  return rc;
}

/** The Lustre files of the live VM by absolute path, when the client is mounted. */
async function mountedFiles(io: ToolIO) {
  const live = await openLive(io);
  if (!live.state.lustre.mounted) return null;
  const paths = fidPaths(live.state);
  const byPath = new Map<string, { fid: string }>();
  for (const [fid, path] of paths) byPath.set(path, { fid });
  return { byPath, objects: ostObjects(live.state) };
}

async function path2fid(io: ToolIO, args: readonly string[]): Promise<number> {
  const files = args.filter((a) => !a.startsWith("-"));
  if (!files.length) {
    io.stderr("path2fid: Display the fid(s) for a given path(s).\nusage: path2fid [--parents] <path> ...\n");
    return 22;
  }
  const known = await mountedFiles(io);
  let rc = 0;
  for (const f of files) {
    const abs = io.fs.resolve(f);
    const hit = known?.byPath.get(abs);
    if (!hit) {
      const exists = await io.fs.exists(abs);
      io.stderr(
        `lfs path2fid: cannot get fid for '${f}': ${exists ? "Inappropriate ioctl for device" : "No such file or directory"}\n`,
      );
      rc = exists ? 25 : 2;
      continue;
    }
    io.stdout(files.length > 1 ? `${f}: ${hit.fid}\n` : `${hit.fid}\n`);
  }
  return rc;
}

async function getstripe(io: ToolIO, args: readonly string[]): Promise<number> {
  const files = args.filter((a) => !a.startsWith("-"));
  if (!files.length) {
    io.stderr(
      "getstripe: List striping info for a given file or files in a directory.\nusage: getstripe <directory|filename> ...\n",
    );
    return 22;
  }
  const known = await mountedFiles(io);
  let rc = 0;
  for (const f of files) {
    const abs = io.fs.resolve(f);
    const obj = known?.objects.find((o) => o.path === abs);
    if (!obj) {
      const exists = await io.fs.exists(abs);
      if (exists && known && abs.startsWith(`${MOUNT}`) && (await io.fs.isDirectory(abs))) {
        io.stdout(`${f}\nstripe_count:  1 stripe_size:   1048576 pattern:       raid0 stripe_offset: -1\n\n`);
        continue;
      }
      io.stderr(
        `error opening ${f}: ${exists ? "Inappropriate ioctl for device" : "No such file or directory"} (${exists ? 25 : 2})\n` +
          `lfs getstripe: cannot open '${f}': ${exists ? "Inappropriate ioctl for device" : "No such file or directory"} (${exists ? 25 : 2})\n`,
      );
      rc = exists ? 25 : 2;
      continue;
    }
    const idx = String(obj.ostIndex);
    io.stdout(
      `${f}\nlmm_stripe_count:  1\nlmm_stripe_size:   1048576\nlmm_pattern:       raid0\nlmm_layout_gen:    0\n` +
        `lmm_stripe_offset: ${idx}\n\tobdidx\t\t objid\t\t objid\t\t group\n` +
        `\t${idx.padStart(6)}\t${String(obj.oid).padStart(14)}\t${`0x${obj.oid.toString(16)}`.padStart(13)}\t${"0".padStart(14)}\n\n`,
    );
  }
  return rc;
}

export const lfsTool: ToolCommand = {
  name: "lfs",
  summary: "Lustre client utility (fid2path, path2fid, getstripe)",
  async run(io: ToolIO): Promise<number> {
    const [cmd, ...rest] = io.args;
    if (cmd === "fid2path") return fid2path(io, rest);
    if (cmd === "path2fid") return path2fid(io, rest);
    if (cmd === "getstripe") return getstripe(io, rest);
    if (cmd === undefined) {
      io.stderr("usage: lfs <command> [args]\nTry 'lfs help' for more information.\n");
      return 0;
    }
    io.stderr(`lfs: unknown command '${cmd}'\nTry 'lfs help' for more information.\n`);
    return 1;
  },
};
