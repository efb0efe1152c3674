/**
 * What survives the replacement of a stuck worker (Ctrl-C on a busy loop): the files the
 * learner created or changed, the shell's state and the histories. Files of the base tree
 * that still carry their build mtime are left out: a fresh guest recreates them.
 */
import type { InMemoryFs } from "just-bash";
import type { ShellState } from "../shell/session";
import { BASE_MTIME } from "../shell/vm-tree";
import type { GuestHistoryEntry } from "./guest";

export const SNAPSHOT_VERSION = 1;

export type SnapshotEntry =
  | {
      readonly kind: "file";
      readonly path: string;
      readonly content: Uint8Array;
      readonly mode: number;
      readonly mtimeMs: number;
    }
  | { readonly kind: "directory"; readonly path: string; readonly mode: number; readonly mtimeMs: number }
  | { readonly kind: "symlink"; readonly path: string; readonly target: string };

export interface GuestSnapshot {
  readonly version: number;
  /** Changed and new paths, parents before children. */
  readonly entries: readonly SnapshotEntry[];
  /** Paths of the fresh guest that the learner removed. */
  readonly deleted: readonly string[];
  readonly shell: ShellState;
  /** Per-prompt histories ("sh", "crash", ...), oldest first. */
  readonly histories: Readonly<Record<string, readonly string[]>>;
  /** Lines typed at every prompt, for graders. */
  readonly entriesTyped: readonly GuestHistoryEntry[];
  readonly bootTimeMs: number;
  readonly hostname: string;
  readonly killedPids: readonly number[];
  readonly kernelLogCleared: boolean;
  /** Working directory a re-login starts in (the lab's). */
  readonly labCwd: string;
}

/** Entries of `fs` that differ from the fresh tree whose paths were `baseline`. */
export async function captureFiles(
  fs: InMemoryFs,
  baseline: ReadonlySet<string>,
): Promise<{ entries: SnapshotEntry[]; deleted: string[] }> {
  const entries: SnapshotEntry[] = [];
  const present = new Set(fs.getAllPaths());
  for (const path of [...present].sort()) {
    if (path === "/") continue;
    let st: Awaited<ReturnType<InMemoryFs["lstat"]>>;
    try {
      st = await fs.lstat(path);
    } catch {
      continue;
    }
    const unchanged = baseline.has(path) && st.mtime.getTime() === BASE_MTIME.getTime();
    if (unchanged) continue;
    // just-bash's own layout (/bin stubs, /dev, /proc/self) is recreated by a fresh guest.
    if (
      baseline.has(path) &&
      (st.isDirectory ||
        path.startsWith("/bin/") ||
        path.startsWith("/usr/bin/") ||
        path.startsWith("/dev/") ||
        path.startsWith("/proc/self"))
    ) {
      continue;
    }
    if (st.isSymbolicLink) entries.push({ kind: "symlink", path, target: await fs.readlink(path) });
    else if (st.isDirectory)
      entries.push({ kind: "directory", path, mode: st.mode, mtimeMs: st.mtime.getTime() });
    else
      entries.push({
        kind: "file",
        path,
        content: await fs.readFileBuffer(path),
        mode: st.mode,
        mtimeMs: st.mtime.getTime(),
      });
  }
  const deleted = [...baseline].filter((p) => !present.has(p)).sort();
  return { entries, deleted };
}

/** Put a snapshot's files into a fresh guest's filesystem. */
export async function applyFiles(
  fs: InMemoryFs,
  snapshot: Pick<GuestSnapshot, "entries" | "deleted">,
): Promise<void> {
  // Deepest first, so a removed directory's children go before it.
  for (const path of [...snapshot.deleted].sort((a, b) => b.length - a.length)) {
    await fs.rm(path, { recursive: true, force: true });
  }
  for (const e of snapshot.entries) {
    if (e.kind === "directory") {
      await fs.mkdir(e.path, { recursive: true });
      await fs.chmod(e.path, e.mode);
    } else if (e.kind === "symlink") {
      await fs.rm(e.path, { force: true });
      await fs.symlink(e.target, e.path);
    } else {
      const parent = e.path.slice(0, e.path.lastIndexOf("/")) || "/";
      await fs.mkdir(parent, { recursive: true });
      await fs.writeFile(e.path, e.content);
      await fs.chmod(e.path, e.mode);
      await fs.utimes(e.path, new Date(e.mtimeMs), new Date(e.mtimeMs));
    }
  }
}
