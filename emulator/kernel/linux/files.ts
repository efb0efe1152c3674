/**
 * Open files and paths: files_struct → fdtable → struct file → f_path {mnt, dentry} → f_inode,
 * and d_path's walk up d_parent, crossing mount points through struct mount (mnt_parent,
 * mnt_mountpoint) until the root mount.
 */
import type { Program } from "../program";
import type { OpenFile, TaskStruct } from "./model";

const S_IFMT = 0o170000;
const MODE_TYPES: [number, string][] = [
  [0o140000, "SOCK"],
  [0o120000, "LNK"],
  [0o100000, "REG"],
  [0o060000, "BLK"],
  [0o040000, "DIR"],
  [0o020000, "CHR"],
  [0o010000, "FIFO"],
];

function mem(prog: Program, addr: bigint, type: string, path: string): bigint {
  return prog.readMember(addr, type, path);
}

function dentryName(prog: Program, dentry: bigint): string {
  const len = Number(mem(prog, dentry, "dentry", "d_name.len"));
  const name = mem(prog, dentry, "dentry", "d_name.name");
  return prog.readCString(name, Math.min(len, 255));
}

/** The mount whose superblock holds the dentry, from the init mount namespace's list. */
function mountOfDentry(prog: Program, dentry: bigint): bigint | undefined {
  const sb = mem(prog, dentry, "dentry", "d_sb");
  const nsproxy = prog.symbol("init_nsproxy").address;
  const ns = mem(prog, nsproxy, "nsproxy", "mnt_ns");
  if (ns === 0n) return undefined;
  const head = ns + BigInt(prog.offsetOf("mnt_namespace", "list"));
  const oList = BigInt(prog.offsetOf("mount", "mnt_list"));
  const oMnt = BigInt(prog.offsetOf("mount", "mnt"));
  let guard = 0;
  for (let p = prog.readU64(head); p !== head && guard++ < 100000; p = prog.readU64(p)) {
    const m = p - oList;
    if (mem(prog, m + oMnt, "vfsmount", "mnt_sb") === sb) return m + oMnt;
  }
  return undefined;
}

/** Full path of a dentry; with its vfsmount, across mount points up to the namespace root. */
export function dentryPath(prog: Program, dentry: bigint, vfsmount?: bigint): string {
  let mnt = vfsmount ?? mountOfDentry(prog, dentry);
  const oMnt = BigInt(prog.offsetOf("mount", "mnt"));
  const parts: string[] = [];
  let d = dentry;
  for (let guard = 0; guard < 4096; guard++) {
    const parent = mem(prog, d, "dentry", "d_parent");
    const mntRoot = mnt !== undefined ? mem(prog, mnt, "vfsmount", "mnt_root") : undefined;
    if (d === mntRoot || parent === d) {
      if (mnt === undefined) break;
      const mount = mnt - oMnt;
      const up = mem(prog, mount, "mount", "mnt_parent");
      if (up === mount || up === 0n) break;
      d = mem(prog, mount, "mount", "mnt_mountpoint");
      mnt = up + oMnt;
      continue;
    }
    parts.push(dentryName(prog, d));
    d = parent;
  }
  return `/${parts.reverse().join("/")}`;
}

export function fileType(prog: Program, inode: bigint): string {
  const mode = Number(mem(prog, inode, "inode", "i_mode")) & S_IFMT;
  const t = MODE_TYPES.find(([m]) => m === mode)?.[1] ?? "UNKN";
  if (t === "FIFO") {
    const sb = mem(prog, inode, "inode", "i_sb");
    const type = sb ? mem(prog, sb, "super_block", "s_type") : 0n;
    const name = type ? prog.readCString(mem(prog, type, "file_system_type", "name")) : "";
    if (name === "pipefs") return "PIPE";
  }
  return t;
}

export function openFiles(prog: Program, task: TaskStruct): OpenFile[] {
  if (task.files === 0n) return [];
  const fdt = mem(prog, task.files, "files_struct", "fdt");
  const max = Number(mem(prog, fdt, "fdtable", "max_fds"));
  const fds = mem(prog, fdt, "fdtable", "fd");
  const out: OpenFile[] = [];
  for (let fd = 0; fd < max; fd++) {
    const file = prog.readU64(fds + BigInt(fd * 8));
    if (file === 0n) continue;
    const dentry = mem(prog, file, "file", "f_path.dentry");
    const vfsmnt = mem(prog, file, "file", "f_path.mnt");
    const inode = mem(prog, file, "file", "f_inode");
    const type = inode ? fileType(prog, inode) : "UNKN";
    const path = type === "SOCK" || type === "PIPE" ? "" : dentryPath(prog, dentry, vfsmnt || undefined);
    out.push({ fd, file, dentry, inode, type, path });
  }
  return out;
}

export function taskRootCwd(prog: Program, task: TaskStruct): { root: string; cwd: string } {
  const fs = task.fs;
  const rootMnt = mem(prog, fs, "fs_struct", "root.mnt");
  const rootDentry = mem(prog, fs, "fs_struct", "root.dentry");
  const pwdMnt = mem(prog, fs, "fs_struct", "pwd.mnt");
  const pwdDentry = mem(prog, fs, "fs_struct", "pwd.dentry");
  return { root: dentryPath(prog, rootDentry, rootMnt), cwd: dentryPath(prog, pwdDentry, pwdMnt) };
}
