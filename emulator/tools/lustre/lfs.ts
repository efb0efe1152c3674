/**
 * lfs (Lustre 2.12 client utility), the fid2path subcommand: a FID to the path(s) of its file,
 * asked of the MDT's FID → path map of the live VM (emulator/live/ldiskfs.ts fidPaths), through
 * the client mount /mnt/lustre (or the filesystem name testfs0).
 */
import { openLive } from "../../live/guest";
import { FS_NAME, fidPaths, fidString, parseFid } from "../../live/ldiskfs";
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

export const lfsTool: ToolCommand = {
  name: "lfs",
  summary: "Lustre client utility (fid2path)",
  async run(io: ToolIO): Promise<number> {
    const [cmd, ...rest] = io.args;
    if (cmd === "fid2path") return fid2path(io, rest);
    if (cmd === undefined) {
      io.stderr("usage: lfs <command> [args]\nTry 'lfs help' for more information.\n");
      return 0;
    }
    io.stderr(`lfs: unknown command '${cmd}'\nTry 'lfs help' for more information.\n`);
    return 1;
  },
};
