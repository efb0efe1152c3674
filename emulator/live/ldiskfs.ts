/**
 * The ldiskfs side of the live VM's OSTs: which block device or image holds which target,
 * the objects each OST holds (O/0/d<oid%32>/<oid>, each with the filter_fid xattr naming its
 * Lustre file), and the MDT's FID → path map that `lfs fid2path` asks. Objects follow from the
 * LiveState exactly as the ldlm resources of system.ts do (file n ↔ FID
 * [CLIENT_FID_SEQ:n+1:0x0] ↔ OST object FIRST_OST_OID+n), plus the files the filesystem held
 * before the learner's session (it is "already used": the next OST object id is 0x42).
 *
 * Image files and devices carry a one-line marker naming their target; debugfs and mount read
 * the marker and build the tree from the state, so the disk always agrees with the kernel.
 */

import { FS_NAME, LDISKFS_MARKER } from "./ldiskfs-devices";
import type { LiveState } from "./state";
import { CLIENT_FID_SEQ, FIRST_OST_OID } from "./system";

export { deviceFileContent, FS_NAME, LDISKFS_DEVICES, LDISKFS_MARKER } from "./ldiskfs-devices";

/** The OST index an image file holds, or null when it is no ldiskfs image of ours. */
export function parseDeviceFile(content: string): number | null {
  const m = new RegExp(`^${LDISKFS_MARKER} ${FS_NAME}-OST([0-9a-f]{4})\\n`).exec(content);
  return m ? Number.parseInt(m[1], 16) : null;
}

export type Fid = readonly [seq: bigint, oid: bigint, ver: bigint];

export function fidString(f: Fid): string {
  return `[0x${f[0].toString(16)}:0x${f[1].toString(16)}:0x${f[2].toString(16)}]`;
}

/** `0x200000401:0x4d:0x0` or `[0x200000401:0x4d:0x0]` → FID; null when malformed. */
export function parseFid(text: string): Fid | null {
  const m = /^\[?(0x[0-9a-f]+|\d+):(0x[0-9a-f]+|\d+):(0x[0-9a-f]+|\d+)\]?$/i.exec(text.trim());
  if (!m) return null;
  return [BigInt(m[1]), BigInt(m[2]), BigInt(m[3])];
}

export interface OstObject {
  readonly ostIndex: number;
  readonly oid: bigint;
  /** The Lustre file the object is a stripe of (filter_fid's parent). */
  readonly parent: Fid;
  readonly path: string;
  readonly size: number;
  /** Inode number in the OST's ldiskfs. */
  readonly ino: number;
  /** Seconds since the epoch of the object's creation. */
  readonly ctime: number;
}

/**
 * Files created before the session, from an earlier client (its FID sequence 0x200000401).
 * /mnt/lustre/test is the file of the ldiskfs reminder (transcript 15): object 40 = 0x28 on
 * OST0000, the same id as the server_load vmcore's hot resource (a teaching link only).
 */
export const EARLIER_FILES: readonly {
  readonly path: string;
  readonly fid: Fid;
  readonly ostIndex: number;
  readonly oid: bigint;
  readonly size: number;
}[] = [{ path: "/mnt/lustre/test", fid: [0x200000401n, 0x4dn, 0n], ostIndex: 0, oid: 40n, size: 1048576 }];

/** When the earlier files were written (before the VM's boot of the perf slides). */
const EARLIER_CTIME = 1578470400;
const LIVE_CTIME = 1578557000;
/** Inode numbers: objects follow the O/0/d0..d31 directories and LAST_ID. */
const FIRST_OBJECT_INO = 200;

/** The FID of the n-th file the learner created (as system.ts numbers them). */
export function liveFileFid(n: number): Fid {
  return [CLIENT_FID_SEQ, BigInt(n + 1), 0n];
}

/** Every OST object of the filesystem for a state, in creation order. */
export function ostObjects(state: LiveState): OstObject[] {
  const out: OstObject[] = EARLIER_FILES.map((f, i) => ({
    ostIndex: f.ostIndex,
    oid: f.oid,
    parent: f.fid,
    path: f.path,
    size: f.size,
    ino: FIRST_OBJECT_INO + i,
    ctime: EARLIER_CTIME,
  }));
  state.files.forEach((f, n) => {
    out.push({
      ostIndex: f.ostIndex,
      oid: FIRST_OST_OID + BigInt(n),
      parent: liveFileFid(n),
      path: f.path,
      size: f.size ?? 0,
      ino: FIRST_OBJECT_INO + EARLIER_FILES.length + n,
      // The state keeps no creation time: the VM's wall clock of the perf slides.
      ctime: LIVE_CTIME,
    });
  });
  return out;
}

/** The MDT's FID → path map (the files of /mnt/lustre the MDT knows). */
export function fidPaths(state: LiveState): Map<string, string> {
  const m = new Map<string, string>();
  for (const f of EARLIER_FILES) m.set(fidString(f.fid), f.path);
  state.files.forEach((f, n) => {
    m.set(fidString(liveFileFid(n)), f.path);
  });
  return m;
}

// --- the directory tree of one OST ----------------------------------------------------------

export interface LdiskfsNode {
  readonly name: string;
  readonly ino: number;
  readonly kind: "dir" | "file";
  /** Children by name, for directories. */
  readonly children?: Map<string, LdiskfsNode>;
  readonly object?: OstObject;
  readonly size: number;
}

function dir(name: string, ino: number, kids: LdiskfsNode[]): LdiskfsNode {
  return { name, ino, kind: "dir", children: new Map(kids.map((k) => [k.name, k])), size: 4096 };
}

function file(name: string, ino: number, size: number, object?: OstObject): LdiskfsNode {
  return { name, ino, kind: "file", size, object };
}

/** The root directory of OST `ostIndex`'s ldiskfs for a state. */
export function ostTree(state: LiveState, ostIndex: number): LdiskfsNode {
  const objects = ostObjects(state).filter((o) => o.ostIndex === ostIndex);
  const dirs: LdiskfsNode[] = [];
  for (let d = 0; d < 32; d++) {
    const kids = objects
      .filter((o) => Number(o.oid % 32n) === d)
      .map((o) => file(String(o.oid), o.ino, o.size, o));
    dirs.push(dir(`d${d}`, 100 + d, kids));
  }
  const group0 = dir("0", 98, [...dirs, file("LAST_ID", 99, 8)]);
  return dir("/", 2, [
    dir("lost+found", 11, []),
    dir("CONFIGS", 12, [file(`${FS_NAME}-client`, 13, 9216)]),
    dir("O", 97, [group0]),
    file("health_check", 14, 4096),
    file("last_rcvd", 15, 8448),
    dir("quota_slave", 16, []),
    dir("REMOTE_PARENT_DIR", 17, []),
  ]);
}

/** Resolve an absolute or root-relative path in a tree; null when a component is missing. */
export function lookup(root: LdiskfsNode, path: string): LdiskfsNode | null {
  let node: LdiskfsNode = root;
  for (const part of path.split("/").filter((p) => p && p !== ".")) {
    const next = node.children?.get(part);
    if (!next) return null;
    node = next;
  }
  return node;
}

/** The trusted.lma self FID of an OST object: IDIF sequence 0x1<ost index>0000. */
export function idifFid(o: OstObject): Fid {
  return [0x100000000n | (BigInt(o.ostIndex) << 16n), o.oid, 0n];
}
