/**
 * `files`: a task's root and working directories and its open file descriptors, as crash
 * prints them (FD, struct file, dentry, inode, type, path); `files -d` describes a dentry.
 * The file table walk and path building are the kernel model's (openFiles, taskRootCwd,
 * dentryPath); this file lays them out.
 */
import { dentryPath, fileType, openFiles, taskRootCwd } from "../../../kernel/linux/files";
import type { OpenFile, TaskStruct } from "../../../kernel/linux/model";
import type { Program } from "../../../kernel/program";
import { type CrashCommand, CrashError, type CrashSession, CrashUsageError } from "../command";
import {
  centerLjust,
  centerRjust,
  currentTask,
  getopt,
  hex,
  info,
  isDecimal,
  isNumber,
  strToContext,
  taskHeader,
  taskTable,
} from "./tasks-common";

export const FILES_HEADER = ` FD ${centerLjust("FILE", 16)} ${centerLjust("DENTRY", 16)} ${centerLjust("INODE", 16)} TYPE PATH\n`;

/** The 4-character TYPE column; pipes (and sockets at "/") have no path. */
function typeAndPath(f: OpenFile): [string, string] {
  const type = f.type.padEnd(4).slice(0, 4);
  if (type === "PIPE") return [type, ""];
  if (type === "SOCK" && f.path === "/") return [type, ""];
  return [type, f.path];
}

export function fileRow(f: OpenFile): string {
  const [type, path] = typeAndPath(f);
  const col = (v: bigint) => centerRjust(hex(v), 16);
  return `${String(f.fd).padStart(3)} ${col(f.file)} ${col(f.dentry)} ${col(f.inode)} ${type} ${path}\n`;
}

/** `files -c`: the inode's page-cache mapping and its page count instead of file and dentry. */
export const FILES_NRPAGES_HEADER = ` FD ${centerLjust("INODE", 16)} ${centerLjust("I_MAPPING", 16)} NRPAGES TYPE PATH\n`;

function nrpagesRow(prog: Program, f: OpenFile): string {
  const [type, path] = typeAndPath(f);
  const mapping = prog.readMember(f.inode, "inode", "i_mapping");
  const nrpages = prog.readMember(mapping, "address_space", "nrpages");
  const col = (v: bigint) => centerRjust(hex(v), 16);
  return `${String(f.fd).padStart(3)} ${col(f.inode)} ${col(mapping)} ${nrpages.toString().padStart(7)} ${type} ${path}\n`;
}

/** How a table row is laid out: the default columns, or -c's page-cache columns. */
interface RowFormat {
  readonly header: string;
  row(f: OpenFile): string;
}

function rowFormat(prog: Program, nrpages: boolean): RowFormat {
  return nrpages
    ? { header: FILES_NRPAGES_HEADER, row: (f) => nrpagesRow(prog, f) }
    : { header: FILES_HEADER, row: fileRow };
}

interface FilesReference {
  readonly str: string;
  readonly fd?: number;
  readonly value?: bigint;
}

function makeReference(str: string): FilesReference {
  if (isNumber(str)) {
    // crash: hex digits other than 0-9 make it an address; a small decimal is an fd number.
    if (!isDecimal(str)) return { str, value: BigInt(`0x${str.replace(/^0[xX]/, "")}`) };
    const n = Number(str);
    return n < 1024 ? { str, fd: n } : { str, value: BigInt(`0x${str}`) };
  }
  return { str };
}

/** FILENAME_COMPONENT: "/" only matches "/", otherwise a substring of the path. */
function pathMatches(path: string, ref: string): boolean {
  return (path === "/" && ref === "/") || (ref !== "/" && path.includes(ref));
}

function rowMatches(f: OpenFile, ref: FilesReference): boolean {
  if (ref.fd !== undefined && f.fd === ref.fd) return true;
  if (ref.value !== undefined && [f.file, f.dentry, f.inode].includes(ref.value)) return true;
  const [type, path] = typeAndPath(f);
  if (type.trim() === ref.str) return true;
  return path !== "" && pathMatches(path, ref.str);
}

/**
 * open_files_dump for one task. Without a reference: ROOT/CWD line, then the table or
 * `No open files`. With -R: only when something matches, header lines first, a blank line after.
 */
export function openFilesDump(
  session: CrashSession,
  task: TaskStruct,
  refStr?: string,
  nrpages = false,
): string {
  const prog = session.prog;
  const layout = rowFormat(prog, nrpages);
  const rc = task.fs !== 0n ? taskRootCwd(prog, task) : undefined;
  const files = task.files !== 0n ? openFiles(prog, task) : [];
  if (refStr === undefined) {
    let out = "";
    if (rc) out += `ROOT: ${rc.root}    CWD: ${rc.cwd}\n`;
    if (files.length === 0) return `${out}No open files\n`;
    return out + layout.header + files.map((f) => layout.row(f)).join("");
  }
  const ref = makeReference(refStr);
  let out = "";
  let found = false;
  let headerDone = false;
  if (rc && (pathMatches(rc.root, ref.str) || pathMatches(rc.cwd, ref.str))) {
    out += `${taskHeader(task)}ROOT: ${rc.root}    CWD: ${rc.cwd} \n`;
    found = headerDone = true;
  }
  let tableDone = false;
  for (const f of files) {
    if (!rowMatches(f, ref)) continue;
    if (!headerDone) {
      out += `${taskHeader(task)}ROOT: ${rc?.root ?? ""}    CWD: ${rc?.cwd ?? ""} \n`;
      headerDone = true;
    }
    if (!tableDone) {
      out += layout.header;
      tableDone = true;
    }
    out += layout.row(f);
    found = true;
  }
  return found ? `${out}\n` : "";
}

/**
 * Explain mode: the reads behind one row of the table (the highest fd, or the one asked with
 * -R), from task_struct.files down to the name and mode of the file.
 */
function explainFileWalk(session: CrashSession, task: TaskStruct, fd: number): void {
  const prog = session.prog;
  const step = (
    base: bigint,
    type: string,
    member: string,
    show: (v: bigint) => string = (v) => `0x${hex(v)}`,
  ) => {
    const m = prog.member(type, member);
    const v = prog.readScalar(base + BigInt(m.offset), m.type, m.bitOffset, m.bitSize);
    session.recordStep({
      what: `${type}.${member}`,
      address: base + BigInt(m.offset),
      offset: m.offset,
      value: show(v),
    });
    return v;
  };
  const files = step(task.address, "task_struct", "files");
  const fdt = step(files, "files_struct", "fdt");
  step(fdt, "fdtable", "max_fds", (v) => v.toString());
  const array = step(fdt, "fdtable", "fd");
  const slot = array + BigInt(fd * 8);
  const file = prog.readU64(slot);
  session.recordStep({
    what: `fd[${fd}]`,
    address: slot,
    offset: fd * 8,
    value: `0x${hex(file)} (struct file *)`,
  });
  if (file === 0n) return;
  const dentry = step(file, "file", "f_path.dentry");
  step(dentry, "dentry", "d_name.name", (v) => `0x${hex(v)} "${prog.readCString(v, 255)}"`);
  const inode = step(dentry, "dentry", "d_inode");
  step(inode, "inode", "i_mode", (v) => `0${v.toString(8)} (${fileType(prog, inode)})`);
  step(
    dentry,
    "dentry",
    "d_parent",
    (v) => `0x${hex(v)} (d_path climbs d_parent up to the mount root, then the mount's mountpoint)`,
  );
}

const S_IFMT = 0o170000n;
const MODE_TYPES: [bigint, string][] = [
  [0o100000n, "REG "],
  [0o120000n, "LNK "],
  [0o040000n, "DIR "],
  [0o020000n, "CHR "],
  [0o060000n, "BLK "],
  [0o010000n, "FIFO"],
  [0o140000n, "SOCK"],
];

function inodeType(prog: Program, inode: bigint): string {
  const mode = prog.readMember(inode, "inode", "i_mode") & S_IFMT;
  return MODE_TYPES.find(([m]) => m === mode)?.[1] ?? "UNKN";
}

/** files -d: one dentry, its inode, superblock, type and full path. */
function dentryInfo(prog: Program, dentry: bigint): string {
  let out = `${centerLjust("DENTRY", 16)} ${centerLjust("INODE", 16)} ${centerLjust("SUPERBLK", 16)} TYPE PATH\n`;
  let inode = 0n;
  let sb = 0n;
  let path = "";
  let type = "N/A";
  try {
    inode = prog.readMember(dentry, "dentry", "d_inode");
    if (inode) {
      sb = prog.readMember(inode, "inode", "i_sb");
      type = inodeType(prog, inode);
    }
    if (inode && sb) path = dentryPath(prog, dentry);
  } catch {
    throw new CrashError(`invalid kernel virtual address: ${hex(dentry)}  type: "dentry"`);
  }
  out += `${hex(dentry).padStart(16)} ${hex(inode).padStart(16)} ${centerLjust(hex(sb), 16)} ${type} ${path}\n`;
  return out;
}

/** files -p: an inode's page cache size. */
function inodePages(prog: Program, inode: bigint): string {
  let mapping: bigint;
  let nrpages: bigint;
  try {
    mapping = prog.readMember(inode, "inode", "i_mapping");
    nrpages = prog.readMember(mapping, "address_space", "nrpages");
  } catch {
    throw new CrashError("-p option not supported or applicable on this architecture or kernel");
  }
  return `${centerLjust("INODE", 16)}  NRPAGES\n${centerRjust(hex(inode), 16)}  ${nrpages.toString().padStart(7)}\n\n`;
}

function parseAddress(s: string): bigint {
  if (!/^(0[xX])?[0-9a-fA-F]+$/.test(s)) throw new CrashError(`invalid expression: ${s}`);
  return BigInt(`0x${s.replace(/^0[xX]/, "")}`);
}

export const files: CrashCommand = {
  name: "files",
  synopsis: "[-d dentry] | [-p inode] | [-c] [-R reference] [pid | taskp] ... ",
  summary: "open files",
  help: `  Show the open files of the current context task, or of the tasks given by
  pid or task_struct address: first the task's root and current directories,
  then one line per open file descriptor with the addresses of its struct
  file, dentry and inode, the file type and its full path.

    -d dentry     describe one dentry: its inode, superblock, type and path.
    -p inode      the number of page-cache pages of an inode.
    -c            each file's inode, its address_space (i_mapping) and the
                  number of pages it holds in the page cache, instead of the
                  file and dentry addresses.
    -R reference  only the files matching an fd number, an address, a type
                  or part of a path (also: foreach files -R ...).

  EXAMPLES
    Which file is descriptor 55 of the panic task?

      crash> files | grep '^ *55 '`,
  run(session, args) {
    const parsed = getopt("files", args, "d:R:p:c");
    let ref: string | undefined;
    let nrpages = false;
    for (const { opt, arg } of parsed.opts) {
      if (opt === "R") {
        if (ref !== undefined) {
          info(session, "files", "only one -R option allowed");
          throw new CrashUsageError();
        }
        ref = arg;
      } else if (opt === "d") {
        session.out(dentryInfo(session.prog, parseAddress(arg ?? "")));
        return;
      } else if (opt === "p") {
        session.out(inodePages(session.prog, parseAddress(arg ?? "")));
        return;
      } else if (opt === "c") nrpages = true;
    }
    if (parsed.operands.length === 0) {
      const task = currentTask(session);
      if (ref === undefined) session.out(taskHeader(task));
      session.out(openFilesDump(session, task, ref, nrpages));
      if (session.explain && task.files !== 0n) {
        const shown = openFiles(session.prog, task);
        const wanted = ref !== undefined && isDecimal(ref) ? Number(ref) : shown[shown.length - 1]?.fd;
        if (wanted !== undefined) explainFileWalk(session, task, wanted);
      }
      return;
    }
    const table = taskTable(session.prog);
    let subsequent = 0;
    for (const a of parsed.operands) {
      const c = strToContext(table, a);
      if (c.kind === "pid") {
        for (const t of c.tasks) {
          if (ref === undefined) session.out((subsequent ? "\n" : "") + taskHeader(t));
          session.out(`${openFilesDump(session, t, ref, nrpages)}\n`);
        }
      } else if (c.kind === "task") {
        if (ref === undefined) session.out((subsequent ? "\n" : "") + taskHeader(c.task));
        session.out(openFilesDump(session, c.task, ref, nrpages));
      } else info(session, "files", `invalid task or pid value: ${a}`);
      subsequent++;
    }
  },
};
