/**
 * umount for the ldiskfs loop mounts of mount.ts: removes the tree it wrote and its
 * /proc/mounts line. The VM's own filesystems stay: they are busy, as on a running system.
 */
import type { ToolCommand, ToolIO } from "../toolapi";
import { quote, readMounts, writeMounts } from "./mount";

export const umountTool: ToolCommand = {
  name: "umount",
  summary: "unmount file systems",
  async run(io: ToolIO): Promise<number> {
    const targets = io.args.filter((a) => !a.startsWith("-"));
    if (!targets.length) {
      io.stderr(
        "\nUsage:\n umount [-hV]\n umount -a [options]\n umount [options] <source> | <directory>\n\nFor more details see umount(8).\n",
      );
      return 1;
    }
    let rc = 0;
    for (const t of targets) {
      const mounts = await readMounts(io);
      const path = io.fs.resolve(t);
      const i = mounts.map((m) => m.mountPoint).lastIndexOf(path);
      const j = i >= 0 ? i : mounts.findIndex((m) => m.device === t || m.device === path);
      if (j < 0) {
        io.stderr(
          (await io.fs.exists(path))
            ? `umount: ${t}: not mounted\n`
            : `umount: ${t}: mount point not found\n`,
        );
        rc = 32;
        continue;
      }
      const m = mounts[j];
      if (m.fsType !== "ldiskfs") {
        io.stderr(
          `umount: ${m.mountPoint}: target is busy.\n        (In some cases useful info about processes that use\n         the device is found by lsof(8) or fuser(1))\n`,
        );
        rc = 32;
        continue;
      }
      // The tree mount.ts wrote: everything under the mount point.
      await io.sh(`rm -rf ${quote(m.mountPoint)}/* ${quote(m.mountPoint)}/.[!.]*`);
      await writeMounts(
        io,
        mounts.filter((_, k) => k !== j),
      );
    }
    return rc;
  },
};
