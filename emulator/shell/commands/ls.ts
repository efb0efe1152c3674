/**
 * `ls` as CentOS 7's GNU coreutils 8.22 prints it for root on the VM: owner root, directories
 * of 4096 bytes with 2 + subdirectories links, `total` in 1K blocks of a 4K-block file system,
 * dates relative to the VM's clock (UTC), names sorted as the en_US.UTF-8 locale does (or by
 * bytes under LC_ALL=C), columns only when stdout is the terminal, no colours, no SELinux dot
 * (the VM boots with SELinux disabled). just-bash's own ls prints its sandbox's view instead.
 */
import { type Command, type CommandContext, defineCommand, type ExecResult, type FsStat } from "just-bash";
import type { ShellSession } from "../session";
import { MOUNTS } from "../system-info";
import { getopt, has, type OptionError, type ParsedOptions, tryHelp } from "./getopt";

/** What ls needs from the shell around it. */
export interface LsHost {
  /** The VM's wall clock, ms since the epoch (dates within six months of it show the time). */
  now(): number;
  /** When the VM booted: the time of every /proc, /sys and /dev entry. */
  readonly bootTimeMs: number;
  /** Width of the terminal when ls writes to it, null when its stdout is a pipe or a file. */
  terminalColumns(): number | null;
}

/** The host of a shell session: its clock, boot time, and the terminal's width when stdout is the terminal. */
export function lsHostOf(s: ShellSession): LsHost {
  return {
    now: () => s.now(),
    bootTimeMs: s.bootTimeMs,
    terminalColumns: () => (s.stdoutIsTerminal("ls") ? s.terminalSize().columns : null),
  };
}

export function createLsCommand(host: LsHost): Command {
  return defineCommand("ls", async (args, ctx) => ls(args, ctx, host));
}

// ---------------------------------------------------------------- options

type Sort = "name" | "time" | "size" | "none";
type Format = "long" | "columns" | "single";
type Indicator = "none" | "slash" | "classify";

interface LsOptions {
  all: boolean;
  almostAll: boolean;
  directory: boolean;
  human: boolean;
  format: Format;
  indicator: Indicator;
  recursive: boolean;
  reverse: boolean;
  sort: Sort;
  inode: boolean;
  numeric: boolean;
  size: boolean;
  showOwner: boolean;
  showGroup: boolean;
  dereference: boolean;
  width: number;
  /** The terminal is stdout: control characters of names print as `?`. */
  tty: boolean;
  collate: (a: string, b: string) => number;
}

const LS_HELP = `Usage: ls [OPTION]... [FILE]...
List information about the FILEs (the current directory by default).
Sort entries alphabetically if none of -cftuvSUX nor --sort is specified.

Mandatory arguments to long options are mandatory for short options too.
  -a, --all                  do not ignore entries starting with .
  -A, --almost-all           do not list implied . and ..
      --color[=WHEN]         colorize the output; WHEN can be 'never', 'auto',
                               or 'always' (the default); more info below
  -C                         list entries by columns
  -d, --directory            list directories themselves, not their contents
  -F, --classify             append indicator (one of */=>@|) to entries
  -g                         like -l, but do not list owner
  -G, --no-group             in a long listing, don't print group names
  -h, --human-readable       with -l, print sizes in human readable format
                               (e.g., 1K 234M 2G)
  -i, --inode                print the index number of each file
  -l                         use a long listing format
  -L, --dereference          when showing file information for a symbolic
                               link, show information for the file the link
                               references rather than for the link itself
  -n, --numeric-uid-gid      like -l, but list numeric user and group IDs
  -o                         like -l, but do not list group information
  -p, --indicator-style=slash
                             append / indicator to directories
  -r, --reverse              reverse order while sorting
  -R, --recursive            list subdirectories recursively
  -s, --size                 print the allocated size of each file, in blocks
  -S                         sort by file size
  -t                         sort by modification time, newest first
  -U                         do not sort; list entries in directory order
  -w, --width=COLS           assume screen width instead of current value
  -1                         list one file per line
      --help     display this help and exit
      --version  output version information and exit

Exit status:
 0  if OK,
 1  if minor problems (e.g., cannot access subdirectory),
 2  if serious trouble (e.g., cannot access command-line argument).
`;

const LS_VERSION = `ls (GNU coreutils) 8.22
Copyright (C) 2013 Free Software Foundation, Inc.
License GPLv3+: GNU GPL version 3 or later <http://gnu.org/licenses/gpl.html>.
This is free software: you are free to change and redistribute it.
There is NO WARRANTY, to the extent permitted by law.

Written by Richard M. Stallman and David MacKenzie.
`;

const COLOR_WHEN = ["always", "yes", "force", "never", "no", "none", "auto", "tty", "if-tty"];

/** ls exits 2 on a usage error (coreutils' tryHelp texts, LS_FAILURE status). */
function usageError(message: string): ExecResult {
  return { ...tryHelp("ls", message), exitCode: 2 };
}

function parseOptions(
  args: readonly string[],
  ctx: CommandContext,
  host: LsHost,
): { options: LsOptions; operands: readonly string[] } | ExecResult {
  // --color takes an optional argument, which getopt's table cannot say: handled here.
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "--") {
      rest.push(...args.slice(i));
      break;
    }
    const m = /^--colou?r(?:=(.*))?$/.exec(a);
    if (!m) {
      rest.push(a);
      continue;
    }
    if (m[1] !== undefined && !COLOR_WHEN.includes(m[1]))
      return usageError(
        `invalid argument \u2018${m[1]}\u2019 for \u2018--color\u2019\nValid arguments are:\n  - \u2018always\u2019, \u2018yes\u2019, \u2018force\u2019\n  - \u2018never\u2019, \u2018no\u2019, \u2018none\u2019\n  - \u2018auto\u2019, \u2018tty\u2019, \u2018if-tty\u2019`,
      );
  }
  let parsed: ParsedOptions;
  try {
    parsed = getopt(rest, {
      short: "aAdhl1CFpRrtSinsUgGoLw:",
      long: {
        all: "a",
        "almost-all": "A",
        directory: "d",
        "human-readable": "h",
        classify: "F",
        recursive: "R",
        reverse: "r",
        inode: "i",
        "numeric-uid-gid": "n",
        size: "s",
        "no-group": "G",
        dereference: "L",
        "width=": "w",
        "indicator-style=": "indicator-style",
        help: "help",
        version: "version",
      },
    });
  } catch (e) {
    return usageError((e as OptionError).message);
  }
  if (has(parsed, "help")) return { stdout: LS_HELP, stderr: "", exitCode: 0 };
  if (has(parsed, "version")) return { stdout: LS_VERSION, stderr: "", exitCode: 0 };

  const columns = host.terminalColumns();
  const envWidth = Number(ctx.env.get("COLUMNS"));
  const o: LsOptions = {
    all: false,
    almostAll: false,
    directory: false,
    human: false,
    format: columns !== null ? "columns" : "single",
    indicator: "none",
    recursive: false,
    reverse: false,
    sort: "name",
    inode: false,
    numeric: false,
    size: false,
    showOwner: true,
    showGroup: true,
    dereference: false,
    width: columns ?? (Number.isInteger(envWidth) && envWidth > 0 ? envWidth : 80),
    tty: columns !== null,
    collate: collatorFor(ctx.env),
  };
  // Later options override earlier ones, as GNU ls reads them in order.
  for (const [name, value] of parsed.options) {
    switch (name) {
      case "a":
        o.all = true;
        o.almostAll = false;
        break;
      case "A":
        o.almostAll = !o.all;
        break;
      case "d":
        o.directory = true;
        break;
      case "h":
        o.human = true;
        break;
      case "l":
        o.format = "long";
        break;
      case "n":
        o.format = "long";
        o.numeric = true;
        break;
      case "g":
        o.format = "long";
        o.showOwner = false;
        break;
      case "o":
        o.format = "long";
        o.showGroup = false;
        break;
      case "G":
        o.showGroup = false;
        break;
      case "1":
        o.format = "single";
        break;
      case "C":
        o.format = "columns";
        break;
      case "F":
        o.indicator = "classify";
        break;
      case "p":
        o.indicator = "slash";
        break;
      case "indicator-style": {
        const style = value ?? "";
        if (style === "none" || style === "slash" || style === "classify") o.indicator = style;
        else if (style !== "file-type")
          return usageError(`invalid argument \u2018${style}\u2019 for \u2018--indicator-style\u2019`);
        break;
      }
      case "R":
        o.recursive = true;
        break;
      case "r":
        o.reverse = true;
        break;
      case "t":
        o.sort = "time";
        break;
      case "S":
        o.sort = "size";
        break;
      case "U":
        o.sort = "none";
        break;
      case "i":
        o.inode = true;
        break;
      case "s":
        o.size = true;
        break;
      case "L":
        o.dereference = true;
        break;
      case "w": {
        const w = Number(value);
        if (!/^\d+$/.test(value ?? "") || w < 1)
          return { stdout: "", stderr: `ls: invalid line width: ${value}\n`, exitCode: 2 };
        o.width = w;
        break;
      }
    }
  }
  return { options: o, operands: parsed.operands };
}

// ---------------------------------------------------------------- collation

/**
 * Name order. In C/POSIX it is byte order. In en_US.UTF-8 (the VM's LANG) glibc compares
 * letters and digits first, ignoring case and punctuation (`anaconda-ks.cfg` before
 * `.bash_logout`, `deadlock_detector` before `deadlock_detector.c`), then lower case before
 * upper case, then the whole name.
 */
function collatorFor(env: Map<string, string>): (a: string, b: string) => number {
  const locale = env.get("LC_ALL") || env.get("LC_COLLATE") || env.get("LANG") || "C";
  if (locale === "C" || locale === "POSIX" || locale.startsWith("C.")) return byteOrder;
  return localeOrder;
}

function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const alnum = (s: string) => s.replace(/[^0-9A-Za-z\u00c0-\uffff]/g, "");

function localeOrder(a: string, b: string): number {
  const ka = alnum(a);
  const kb = alnum(b);
  const la = ka.toLowerCase();
  const lb = kb.toLowerCase();
  if (la !== lb) return byteOrder(la, lb);
  // Same letters: lower case sorts first at the first difference in case.
  for (let i = 0; i < ka.length; i++) {
    if (ka[i] === kb[i]) continue;
    return ka[i] === la[i] ? -1 : 1;
  }
  return byteOrder(a, b);
}

// ---------------------------------------------------------------- files

/** One file as ls shows it. */
interface Entry {
  /** Name as printed (the operand for command-line files). */
  readonly name: string;
  /** Absolute path. */
  readonly path: string;
  st: Stat | null;
  /** A symbolic link's target text and what it points at (null: dangling). */
  target?: string;
  targetSt?: Stat | null;
}

/** The part of a stat ls prints, after the VM's file system conventions are applied. */
interface Stat {
  readonly type: "-" | "d" | "l" | "c" | "b" | "p" | "s";
  readonly mode: number;
  readonly nlink: number;
  readonly group: string;
  readonly gid: number;
  readonly size: number;
  /** Major and minor numbers of a device. */
  readonly rdev: readonly [number, number] | null;
  /** Allocated size in 1K blocks. */
  readonly blocks: number;
  readonly mtimeMs: number;
  readonly ino: number;
}

/** The VM's device nodes (devtmpfs): the in-memory tree holds them as plain files. */
const DEVICES: Readonly<
  Record<string, { type: "c" | "b"; rdev: [number, number]; mode: number; group?: string; gid?: number }>
> = {
  "/dev/null": { type: "c", rdev: [1, 3], mode: 0o666 },
  "/dev/zero": { type: "c", rdev: [1, 5], mode: 0o666 },
  "/dev/random": { type: "c", rdev: [1, 8], mode: 0o666 },
  "/dev/urandom": { type: "c", rdev: [1, 9], mode: 0o666 },
  "/dev/tty": { type: "c", rdev: [5, 0], mode: 0o666, group: "tty", gid: 5 },
  "/dev/console": { type: "c", rdev: [5, 1], mode: 0o600 },
  "/dev/ttyS0": { type: "c", rdev: [4, 64], mode: 0o620, group: "tty", gid: 5 },
  "/dev/kmsg": { type: "c", rdev: [1, 11], mode: 0o644 },
  "/dev/md0": { type: "b", rdev: [9, 0], mode: 0o660, group: "disk", gid: 6 },
  "/dev/md1": { type: "b", rdev: [9, 1], mode: 0o660, group: "disk", gid: 6 },
  "/dev/md2": { type: "b", rdev: [9, 2], mode: 0o660, group: "disk", gid: 6 },
  "/dev/md3": { type: "b", rdev: [9, 3], mode: 0o660, group: "disk", gid: 6 },
};

/** /dev/stdin and friends are symbolic links into /proc on Linux. */
const DEV_LINKS: Readonly<Record<string, string>> = {
  "/dev/fd": "/proc/self/fd",
  "/dev/stdin": "/proc/self/fd/0",
  "/dev/stdout": "/proc/self/fd/1",
  "/dev/stderr": "/proc/self/fd/2",
};

/** The file system type a path lives on (the longest mount point containing it). */
function fsTypeOf(path: string): string {
  let best = "";
  let type = "xfs";
  for (const m of MOUNTS) {
    const p = m.mountPoint;
    const inside = p === "/" || path === p || path.startsWith(`${p}/`);
    if (inside && p.length > best.length) {
      best = p;
      type = m.fsType;
    }
  }
  return type;
}

const PSEUDO_FS = new Set(["proc", "sysfs", "debugfs", "tracefs", "securityfs", "cgroup", "configfs"]);

/** A stable inode number for a path (the in-memory tree has none). */
function inodeOf(path: string): number {
  if (path === "/") return 64;
  let h = 2166136261;
  for (let i = 0; i < path.length; i++) h = Math.imul(h ^ path.charCodeAt(i), 16777619);
  return 100_000 + ((h >>> 0) % 99_000_000);
}

const blocksOf = (size: number) => Math.ceil(size / 4096) * 4;

async function subdirCount(ctx: CommandContext, path: string): Promise<number> {
  const fs = ctx.fs;
  try {
    if (fs.readdirWithFileTypes)
      return (await fs.readdirWithFileTypes(path)).filter((e) => e.isDirectory).length;
    let n = 0;
    for (const name of await fs.readdir(path)) if ((await fs.lstat(joinPath(path, name))).isDirectory) n++;
    return n;
  } catch {
    return 0;
  }
}

/** stat (follow) or lstat the file at `path` the way the VM's kernel would report it. */
async function statPath(
  ctx: CommandContext,
  host: LsHost,
  path: string,
  follow: boolean,
  detail: boolean,
): Promise<{ st: Stat; target?: string }> {
  const link = DEV_LINKS[path];
  if (link !== undefined && !follow) {
    return {
      st: plainStat("l", 0o777, 1, link.length, 0, host.bootTimeMs, path),
      target: link,
    };
  }
  const raw: FsStat = follow ? await ctx.fs.stat(path) : await ctx.fs.lstat(path);
  const fsType = fsTypeOf(path);
  const pseudo = PSEUDO_FS.has(fsType);
  const onDevFs =
    fsType === "devtmpfs" || fsType === "tmpfs" || fsType === "mqueue" || fsType === "hugetlbfs";
  const mtimeMs =
    pseudo || path === "/dev" || path.startsWith("/dev/") ? host.bootTimeMs : raw.mtime.getTime();
  const mode = raw.mode & 0o7777;
  if (raw.isSymbolicLink) {
    const target = await ctx.fs.readlink(path);
    return { st: plainStat("l", 0o777, 1, target.length, 0, mtimeMs, path), target };
  }
  if (raw.isDirectory) {
    // Link counts and tmpfs sizes need the directory's entries: only for long listings.
    const subdirs = detail ? await subdirCount(ctx, path) : 0;
    let size = 4096;
    if (pseudo) size = 0;
    else if (onDevFs) size = detail ? 40 + 20 * (await ctx.fs.readdir(path).catch(() => [])).length : 40;
    return { st: plainStat("d", mode, 2 + subdirs, size, pseudo || onDevFs ? 0 : 4, mtimeMs, path) };
  }
  const device = DEVICES[path];
  if (device) {
    return {
      st: {
        type: device.type,
        mode: device.mode,
        nlink: 1,
        group: device.group ?? "root",
        gid: device.gid ?? 0,
        size: 0,
        rdev: device.rdev,
        blocks: 0,
        mtimeMs,
        ino: inodeOf(path),
      },
    };
  }
  // procfs files report size 0, sysfs attributes one page; neither allocates blocks.
  const size = fsType === "proc" ? 0 : fsType === "sysfs" ? 4096 : pseudo ? 0 : raw.size;
  return { st: plainStat("-", mode, 1, size, pseudo ? 0 : blocksOf(size), mtimeMs, path) };
}

function plainStat(
  type: Stat["type"],
  mode: number,
  nlink: number,
  size: number,
  blocks: number,
  mtimeMs: number,
  path: string,
): Stat {
  return { type, mode, nlink, group: "root", gid: 0, size, rdev: null, blocks, mtimeMs, ino: inodeOf(path) };
}

function joinPath(dir: string, name: string): string {
  return dir.endsWith("/") ? `${dir}${name}` : `${dir}/${name}`;
}

function resolvePath(cwd: string, p: string): string {
  const abs = p.startsWith("/") ? p : `${cwd}/${p}`;
  const out: string[] = [];
  for (const part of abs.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") out.pop();
    else out.push(part);
  }
  return `/${out.join("/")}`;
}

/** Node's "ENOENT: no such file or directory, lstat '/x'" as the C library's strerror. */
function strerror(e: unknown): string {
  const m = /^(E[A-Z]+)\b/.exec(e instanceof Error ? e.message : String(e));
  switch (m?.[1]) {
    case "ENOENT":
      return "No such file or directory";
    case "ENOTDIR":
      return "Not a directory";
    case "EACCES":
      return "Permission denied";
    case "ELOOP":
      return "Too many levels of symbolic links";
    case "EPERM":
      return "Operation not permitted";
    default:
      return "Input/output error";
  }
}

/** The kernel says ENOTDIR when a parent on the way is a file; the in-memory tree says ENOENT. */
async function accessError(ctx: CommandContext, path: string, e: unknown): Promise<string> {
  const text = strerror(e);
  if (text !== "No such file or directory") return text;
  for (let p = path.slice(0, path.lastIndexOf("/")); p; p = p.slice(0, p.lastIndexOf("/"))) {
    const st = await ctx.fs.stat(p).catch(() => null);
    if (st) return st.isDirectory ? text : "Not a directory";
  }
  return text;
}

// ---------------------------------------------------------------- the command

interface Run {
  readonly ctx: CommandContext;
  readonly host: LsHost;
  readonly o: LsOptions;
  out: string;
  err: string;
  status: number;
  /** Something was printed to stdout already: a directory header needs a blank line first. */
  printed: boolean;
}

async function ls(args: string[], ctx: CommandContext, host: LsHost): Promise<ExecResult> {
  const parsed = parseOptions(args, ctx, host);
  if ("exitCode" in parsed) return parsed;
  const { options: o } = parsed;
  const operands = parsed.operands.length ? parsed.operands : ["."];
  const run: Run = { ctx, host, o, out: "", err: "", status: 0, printed: false };
  const long = o.format === "long";
  // Without -l, -d or -F, a command-line symbolic link to a directory lists the directory.
  const followArgs = o.dereference || !(long || o.directory || o.indicator === "classify");

  const files: Entry[] = [];
  const dirs: Entry[] = [];
  for (const name of operands) {
    const path = resolvePath(ctx.cwd, name);
    let entry: Entry;
    try {
      entry = await makeEntry(run, name, path, o.dereference);
      if (followArgs && entry.st?.type === "l" && !o.directory) {
        const followed = await statPath(ctx, host, path, true, needsDetail(o)).catch(() => null);
        if (followed?.st.type === "d") entry = { name, path, st: followed.st };
      }
    } catch (e) {
      run.err += `ls: cannot access ${name}: ${await accessError(ctx, path, e)}\n`;
      run.status = 2;
      continue;
    }
    if (entry.st?.type === "d" && !o.directory) dirs.push(entry);
    else files.push(entry);
  }

  if (files.length) {
    run.out += formatEntries(run, sortEntries(o, files), false);
    run.printed = true;
  }
  const showHeaders = operands.length > 1 || o.recursive;
  for (const d of sortEntries(o, dirs)) await listDirectory(run, d.name, d.path, showHeaders, true);
  return { stdout: run.out, stderr: run.err, exitCode: run.status };
}

/** -l, -i, -s, -t, -S, -F, -p and -R need each file's stat; a plain name listing does not. */
function needsDetail(o: LsOptions): boolean {
  return o.format === "long" || o.size;
}

function needsStat(o: LsOptions): boolean {
  return (
    needsDetail(o) ||
    o.inode ||
    o.sort === "time" ||
    o.sort === "size" ||
    o.indicator !== "none" ||
    o.recursive
  );
}

async function makeEntry(run: Run, name: string, path: string, follow: boolean): Promise<Entry> {
  const { st, target } = await statPath(run.ctx, run.host, path, follow, needsDetail(run.o));
  const entry: Entry = { name, path, st };
  if (st.type === "l" && target !== undefined) {
    entry.target = target;
    if (run.o.format === "long" || run.o.indicator === "classify") {
      const dest = target.startsWith("/")
        ? target
        : joinPath(path.slice(0, path.lastIndexOf("/")) || "/", target);
      entry.targetSt = await statPath(run.ctx, run.host, resolvePath("/", dest), true, false)
        .then((r) => r.st)
        .catch(() => null);
    }
  }
  return entry;
}

async function listDirectory(
  run: Run,
  name: string,
  path: string,
  header: boolean,
  commandLine: boolean,
): Promise<void> {
  const { ctx, o } = run;
  let names: string[];
  try {
    names = await ctx.fs.readdir(path);
  } catch (e) {
    run.err += `ls: cannot open directory ${name}: ${strerror(e)}\n`;
    run.status = commandLine ? 2 : Math.max(run.status, 1);
    return;
  }
  if (header) {
    if (run.printed) run.out += "\n";
    run.out += `${name}:\n`;
  }
  run.printed = true;
  const shown = names.filter((n) => o.all || o.almostAll || !n.startsWith("."));
  const entries: Entry[] = [];
  if (o.all) {
    entries.push({ name: ".", path, st: null }, { name: "..", path: resolvePath(path, ".."), st: null });
  }
  for (const n of shown) entries.push({ name: n, path: joinPath(path, n), st: null });
  if (needsStat(o)) {
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i];
      try {
        entries[i] = { ...(await makeEntry(run, e.name, e.path, o.dereference)), name: e.name };
      } catch (err) {
        // A dangling -L target: GNU reports it and lists the name with question marks.
        run.err += `ls: cannot access ${joinPath(name, e.name)}: ${strerror(err)}\n`;
        run.status = Math.max(run.status, 1);
      }
    }
  }
  const sorted = sortEntries(o, entries);
  run.out += formatEntries(run, sorted, true);
  if (!o.recursive) return;
  for (const e of sorted) {
    if (e.st?.type !== "d" || e.name === "." || e.name === "..") continue;
    await listDirectory(run, joinPath(name, e.name), e.path, true, false);
  }
}

function sortEntries(o: LsOptions, entries: Entry[]): Entry[] {
  if (o.sort === "none") return entries;
  const byName = (a: Entry, b: Entry) => o.collate(a.name, b.name);
  const cmp =
    o.sort === "time"
      ? (a: Entry, b: Entry) => (b.st?.mtimeMs ?? 0) - (a.st?.mtimeMs ?? 0) || byName(a, b)
      : o.sort === "size"
        ? (a: Entry, b: Entry) => (b.st?.size ?? 0) - (a.st?.size ?? 0) || byName(a, b)
        : byName;
  const sorted = [...entries].sort(cmp);
  return o.reverse ? sorted.reverse() : sorted;
}

// ---------------------------------------------------------------- output

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
/** Half of the Gregorian year's average length, as coreutils counts six months. */
const SIX_MONTHS_MS = (31_556_952 / 2) * 1000;

/** `Mon DD HH:MM` within the last six months of the VM's clock, `Mon DD  YYYY` otherwise (UTC). */
export function formatLsTime(ms: number, nowMs: number): string {
  const d = new Date(ms);
  const head = `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, " ")}`;
  const recent = ms > nowMs - SIX_MONTHS_MS && ms <= nowMs;
  if (recent)
    return `${head} ${String(d.getUTCHours()).padStart(2, "0")}:${String(d.getUTCMinutes()).padStart(2, "0")}`;
  return `${head}  ${d.getUTCFullYear()}`;
}

/** coreutils' -h: powers of 1024, rounded up, one decimal below 10. */
export function humanSize(bytes: number): string {
  if (bytes < 1024) return String(bytes);
  const units = "KMGTPE";
  let v = bytes;
  let u = -1;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  if (v < 10) {
    const tenth = Math.ceil(v * 10 - 1e-9) / 10;
    if (tenth < 10) return `${tenth.toFixed(1)}${units[u]}`;
    v = tenth;
  }
  const whole = Math.ceil(v - 1e-9);
  if (whole >= 1024 && u < units.length - 1) return `1.0${units[u + 1]}`;
  return `${whole}${units[u]}`;
}

function modeString(st: Stat): string {
  const m = st.mode;
  const bit = (b: number, c: string) => (m & b ? c : "-");
  const special = (x: boolean, s: boolean, on: string, off: string) => (s ? (x ? on : off) : x ? "x" : "-");
  return (
    st.type +
    bit(0o400, "r") +
    bit(0o200, "w") +
    special(!!(m & 0o100), !!(m & 0o4000), "s", "S") +
    bit(0o040, "r") +
    bit(0o020, "w") +
    special(!!(m & 0o010), !!(m & 0o2000), "s", "S") +
    bit(0o004, "r") +
    bit(0o002, "w") +
    special(!!(m & 0o001), !!(m & 0o1000), "t", "T")
  );
}

function indicatorOf(st: Stat | null | undefined, style: Indicator): string {
  if (!st || style === "none") return "";
  if (st.type === "d") return "/";
  if (style === "slash") return "";
  if (st.type === "l") return "@";
  if (st.type === "p") return "|";
  if (st.type === "s") return "=";
  if (st.type === "-" && st.mode & 0o111) return "*";
  return "";
}

function displayName(run: Run, name: string): string {
  // On a terminal GNU ls shows control characters as '?' (-q is the default there).
  return run.o.tty ? name.replace(/[\x00-\x1f\x7f]/g, "?") : name;
}

/** The name column: name, indicator, and with -l a link's ` -> target`. */
function nameField(run: Run, e: Entry): string {
  const o = run.o;
  let s = displayName(run, e.name);
  if (o.format === "long" && e.st?.type === "l" && e.target !== undefined) {
    s += ` -> ${displayName(run, e.target)}`;
    if (o.indicator === "classify") s += indicatorOf(e.targetSt, o.indicator);
    return s;
  }
  return s + indicatorOf(e.st, o.indicator);
}

function blocksField(run: Run, st: Stat | null): string {
  if (!st) return "?";
  return run.o.human ? (st.blocks === 0 ? "0" : humanSize(st.blocks * 1024)) : String(st.blocks);
}

function formatEntries(run: Run, entries: readonly Entry[], directory: boolean): string {
  const o = run.o;
  let out = "";
  if (directory && (o.format === "long" || o.size)) {
    const total = entries.reduce((t, e) => t + (e.st?.blocks ?? 0), 0);
    out += `total ${o.human && total > 0 ? humanSize(total * 1024) : total}\n`;
  }
  if (entries.length === 0) return out;
  const inodeW = o.inode ? Math.max(...entries.map((e) => String(e.st?.ino ?? "?").length)) : 0;
  const blockW = o.size ? Math.max(...entries.map((e) => blocksField(run, e.st).length)) : 0;
  const prefix = (e: Entry) =>
    (o.inode ? `${String(e.st?.ino ?? "?").padStart(inodeW)} ` : "") +
    (o.size ? `${blocksField(run, e.st).padStart(blockW)} ` : "");
  if (o.format === "long") return out + longLines(run, entries, prefix);
  const cells = entries.map((e) => prefix(e) + nameField(run, e));
  if (o.format === "single") return out + cells.map((c) => `${c}\n`).join("");
  return out + columns(cells, o.width);
}

function longLines(run: Run, entries: readonly Entry[], prefix: (e: Entry) => string): string {
  const o = run.o;
  const now = run.host.now();
  // A device's size column is `major, minor`, each part aligned with the other devices'.
  const devices = entries.flatMap((e) => (e.st?.rdev ? [e.st.rdev] : []));
  const majorW = Math.max(0, ...devices.map(([major]) => String(major).length));
  const minorW = Math.max(0, ...devices.map(([, minor]) => String(minor).length));
  const rows = entries.map((e) => {
    const st = e.st;
    if (!st) return { e, cols: ["l?????????", "?", "?", "?", "?", "           ?"] };
    const size = st.rdev
      ? `${String(st.rdev[0]).padStart(majorW)}, ${String(st.rdev[1]).padStart(minorW)}`
      : o.human
        ? humanSize(st.size)
        : String(st.size);
    return {
      e,
      cols: [
        modeString(st),
        String(st.nlink),
        o.numeric ? "0" : "root",
        o.numeric ? String(st.gid) : st.group,
        size,
        formatLsTime(st.mtimeMs, now),
      ],
    };
  });
  const width = (i: number) => Math.max(...rows.map((r) => r.cols[i].length));
  const [linkW, ownerW, groupW, sizeW] = [width(1), width(2), width(3), width(4)];
  return rows
    .map(({ e, cols }) => {
      let line = `${prefix(e)}${cols[0]} ${cols[1].padStart(linkW)} `;
      // Names are left-aligned, numeric IDs (-n) right-aligned.
      const align = (text: string, w: number) => (o.numeric ? text.padStart(w) : text.padEnd(w));
      if (o.showOwner) line += `${align(cols[2], ownerW)} `;
      if (o.showGroup) line += `${align(cols[3], groupW)} `;
      line += `${cols[4].padStart(sizeW)} ${cols[5]} ${nameField(run, e)}`;
      return `${line}\n`;
    })
    .join("");
}

/**
 * Names down the columns, as many columns as fit in `width` (two spaces between columns, the
 * whole line shorter than the width), the way `ls -C` lays them out.
 */
export function columns(cells: readonly string[], width: number): string {
  const n = cells.length;
  if (n === 0) return "";
  const lengths = cells.map((c) => c.length);
  let best = 1;
  let bestWidths = [Math.max(...lengths)];
  // Every column takes at least three characters (a name and the gap after it).
  const maxCols = Math.min(n, Math.max(1, Math.floor(width / 3)));
  for (let cols = 2; cols <= maxCols; cols++) {
    const rows = Math.ceil(n / cols);
    // A layout whose last columns would be empty is the same as one with fewer columns.
    if (Math.ceil(n / rows) !== cols) continue;
    const widths: number[] = [];
    for (let c = 0; c < cols; c++) {
      let w = 0;
      for (let r = 0; r < rows; r++) {
        const i = c * rows + r;
        if (i < n && lengths[i] > w) w = lengths[i];
      }
      widths.push(w);
    }
    const total = widths.reduce((t, w) => t + w, 0) + 2 * (cols - 1);
    if (total < width) {
      best = cols;
      bestWidths = widths;
    }
  }
  const rows = Math.ceil(n / best);
  let out = "";
  for (let r = 0; r < rows; r++) {
    let line = "";
    for (let c = 0; c < best; c++) {
      const i = c * rows + r;
      if (i >= n) break;
      const last = c === best - 1 || (c + 1) * rows + r >= n;
      line += last ? cells[i] : cells[i].padEnd(bestWidths[c] + 2);
    }
    out += `${line}\n`;
  }
  return out;
}
