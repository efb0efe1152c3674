/**
 * debugfs (e2fsprogs 1.42.13.wc6, the Lustre build) over the live VM's ldiskfs targets
 * (emulator/live/ldiskfs.ts): `-c` catastrophic mode, `-R "request"` one-shot, `-f cmd_file`,
 * or a REPL on the terminal (`debugfs:  ` prompt). Commands: stat, ls, open, close, quit.
 * Like the real one it opens only the first device argument and ignores the rest (so the
 * recap's `debugfs -c /dev/md[0-1]` reads /dev/md0), and reports errors on stderr while still
 * exiting 0 for a request that failed inside the filesystem.
 */
import { openLive } from "../../live/guest";
import {
  fidString,
  idifFid,
  type LdiskfsNode,
  lookup,
  type OstObject,
  ostTree,
  parseDeviceFile,
} from "../../live/ldiskfs";
import type { LiveState } from "../../live/state";
import type { ToolCommand, ToolIO } from "../toolapi";

export const DEBUGFS_BANNER = "debugfs 1.42.13.wc6 (05-Feb-2017)\n";
const USAGE =
  "debugfs: Usage: debugfs [-b blocksize] [-s superblock] [-f cmd_file] [-R request] [-d data_source_device] [-i] [-n] [-D] [-V] [[-w] [-z undo_file] [-c]] [device]\n";
const PROMPT = "debugfs:  ";

interface OpenFs {
  readonly device: string;
  readonly root: LdiskfsNode;
}

/** Options with an argument, then flags, as debugfs's getopt string has them. */
const WITH_ARG = new Set(["R", "f", "b", "s", "d", "z"]);
const FLAGS = new Set(["n", "i", "w", "c", "V", "D"]);

interface Parsed {
  flags: Set<string>;
  request?: string;
  cmdFile?: string;
  operands: string[];
}

/** glibc getopt with permutation: options may follow the device. */
function parseArgs(args: readonly string[]): Parsed | string {
  const p: Parsed = { flags: new Set(), operands: [] };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "--") {
      p.operands.push(...args.slice(i + 1));
      break;
    }
    if (!a.startsWith("-") || a === "-") {
      p.operands.push(a);
      continue;
    }
    for (let j = 1; j < a.length; j++) {
      const c = a[j];
      if (WITH_ARG.has(c)) {
        const v = j + 1 < a.length ? a.slice(j + 1) : args[++i];
        if (v === undefined) return `debugfs: option requires an argument -- '${c}'\n${USAGE}`;
        if (c === "R") p.request = v;
        if (c === "f") p.cmdFile = v;
        break;
      }
      if (!FLAGS.has(c)) return `debugfs: invalid option -- '${c}'\n${USAGE}`;
      p.flags.add(c);
    }
  }
  return p;
}

function hexBytes(bytes: readonly number[]): string {
  return bytes.map((b) => `${b.toString(16).padStart(2, "0")} `).join("");
}

function le(value: bigint, size: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < size; i++) out.push(Number((value >> BigInt(8 * i)) & 0xffn));
  return out;
}

/** `0x5e16f21c:00000000 -- Thu Jan  9 09:30:04 2020` (UTC: the VM runs in UTC). */
function stamp(secs: number): string {
  const d = new Date(secs * 1000);
  const days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
  const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  const two = (n: number) => String(n).padStart(2, "0");
  const text = `${days[d.getUTCDay()]} ${months[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2)} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} ${d.getUTCFullYear()}`;
  return `0x${secs.toString(16).padStart(8, "0")}:00000000 -- ${text}`;
}

/** The xattrs Lustre keeps on an OST object: trusted.lma (self FID) and trusted.fid (filter_fid). */
function objectXattrs(o: OstObject): string {
  const self = idifFid(o);
  // struct lustre_mdt_attrs: lma_compat, lma_incompat, lma_self_fid (seq u64, oid u32, ver u32).
  const lma = [...le(0n, 4), ...le(0n, 4), ...le(self[0], 8), ...le(self[1], 4), ...le(self[2], 4)];
  // struct filter_fid: ff_parent (the stripe index rides in f_ver), ff_layout (stripe size,
  // count, component start/end/id), ff_layout_version, ff_range.
  const ff = [
    ...le(o.parent[0], 8),
    ...le(o.parent[1], 4),
    ...le(0n, 4),
    ...le(1048576n, 4),
    ...le(1n, 4),
    ...le(0n, 8),
    ...le(0n, 8),
    ...le(0n, 4),
    ...le(0n, 4),
    ...le(0n, 4),
  ];
  return (
    "Extended attributes stored in inode body:\n" +
    `  lma = "${hexBytes(lma)}" (${lma.length})\n` +
    `  lma: fid=${fidString(self)} compat=0 incompat=0\n` +
    `  fid = "${hexBytes(ff)}" (${ff.length})\n` +
    `  fid: parent=${fidString(o.parent)} stripe=0 stripe_size=1048576 stripe_count=1\n`
  );
}

function statText(n: LdiskfsNode): string {
  const isDir = n.kind === "dir";
  const secs = n.object?.ctime ?? 1578470400;
  const blocks = Math.ceil(n.size / 4096) * 8;
  let out =
    `Inode: ${n.ino}   Type: ${isDir ? "directory" : "regular"}    Mode:  ${isDir ? "0755" : "0666"}   Flags: 0x80000\n` +
    `Generation: ${(n.ino * 2654435761) >>> 0}    Version: 0x00000000:00000000\n` +
    `User:     0   Group:     0   Size: ${n.size}\n` +
    "File ACL: 0    Directory ACL: 0\n" +
    `Links: ${isDir ? 2 + [...(n.children?.values() ?? [])].filter((c) => c.kind === "dir").length : 1}   Blockcount: ${blocks}\n` +
    "Fragment:  Address: 0    Number: 0    Size: 0\n" +
    ` ctime: ${stamp(secs)}\n` +
    ` atime: ${stamp(isDir ? secs : 0)}\n` +
    ` mtime: ${stamp(secs)}\n` +
    `crtime: ${stamp(secs)}\n` +
    "Size of extra inode fields: 28\n";
  if (n.object) out += objectXattrs(n.object);
  out += "EXTENTS:\n";
  if (blocks) {
    const first = 33024 + (n.ino - 2) * 256;
    const count = blocks / 8;
    out += `(0${count > 1 ? `-${count - 1}` : ""}):${first}${count > 1 ? `-${first + count - 1}` : ""}\n`;
  }
  return out;
}

/** Short `ls`: `ino  (rec_len) name` entries, wrapped at 80 columns. */
function lsText(n: LdiskfsNode, long: boolean): string {
  const kids = [...(n.children?.values() ?? [])];
  const entries: [number, string, LdiskfsNode | null][] = [
    [n.ino, ".", n],
    [2, "..", null],
    ...kids.map((k): [number, string, LdiskfsNode | null] => [k.ino, k.name, k]),
  ];
  const recLens = entries.map(([, name]) => 8 + Math.ceil(name.length / 4) * 4);
  recLens[recLens.length - 1] = 4096 - recLens.slice(0, -1).reduce((a, b) => a + b, 0);
  if (long) {
    return entries
      .map(([ino, name, k]) => {
        const mode = k && k.kind === "file" ? "100666" : "40755";
        const size = k ? k.size : 4096;
        return ` ${String(ino).padStart(6)}  ${mode.padStart(6)} (${k?.kind === "file" ? 1 : 2})      0      0   ${String(size).padStart(7)}  8-Jan-2020 08:00 ${name}\n`;
      })
      .join("");
  }
  let out = "";
  let line = "";
  entries.forEach(([ino, name], i) => {
    const item = ` ${ino}  (${recLens[i]}) ${name}   `;
    if (line.length + item.length > 80) {
      out += `${line}\n`;
      line = "";
    }
    line += item;
  });
  return `${out}${line}\n\n`;
}

/** Split a debugfs request line into words (ss library: double quotes group). */
function words(line: string): string[] {
  const out: string[] = [];
  const re = /"([^"]*)"|(\S+)/g;
  for (let m = re.exec(line); m; m = re.exec(line)) out.push(m[1] ?? m[2]);
  return out;
}

class Debugfs {
  fs: OpenFs | null = null;
  constructor(
    private readonly io: ToolIO,
    private readonly state: LiveState,
  ) {}

  async open(device: string, catastrophic: boolean): Promise<void> {
    const io = this.io;
    const path = io.fs.resolve(device);
    if (!(await io.fs.exists(path)) || (await io.fs.isDirectory(path))) {
      io.stderr(
        (await io.fs.isDirectory(path))
          ? `debugfs: Attempt to read block from filesystem resulted in short read while trying to open ${device}\n`
          : `debugfs: No such file or directory while trying to open ${device}\n`,
      );
      return;
    }
    const ost = parseDeviceFile((await io.fs.readFile(path)).slice(0, 200));
    if (ost === null) {
      io.stderr(`debugfs: Bad magic number in super-block while trying to open ${device}\n`);
      return;
    }
    this.fs = { device, root: ostTree(this.state, ost) };
    if (catastrophic) io.stderr(`${device}: catastrophic mode - not reading inode or group bitmaps\n`);
  }

  /** Run one request; false for `quit`. Returns "unknown" for a command debugfs does not have. */
  async execute(line: string): Promise<"ok" | "quit" | "unknown"> {
    const io = this.io;
    const w = words(line);
    if (!w.length) return "ok";
    const [cmd, ...args] = w;
    const needFs = (): OpenFs | null => {
      if (!this.fs) io.stderr(`${cmd}: Filesystem not open\n`);
      return this.fs;
    };
    switch (cmd) {
      case "q":
      case "quit":
        return "quit";
      case "stat":
      case "show_inode_info": {
        const files = args.filter((a) => a !== "-t");
        if (files.length !== 1) {
          io.stderr(`${cmd}: Usage: ${cmd} [-t] <file>\n`);
          return "ok";
        }
        const fs = needFs();
        if (!fs) return "ok";
        const node = this.resolve(fs, files[0]);
        if (node) io.stdout(statText(node));
        return "ok";
      }
      case "ls":
      case "list_directory": {
        const long = args.includes("-l");
        const paths = args.filter((a) => !a.startsWith("-"));
        const fs = needFs();
        if (!fs) return "ok";
        const node = this.resolve(fs, paths[0] ?? "/");
        if (!node) return "ok";
        if (node.kind !== "dir") {
          io.stderr(`${paths[0]}: Ext2 inode is not a directory \n`);
          return "ok";
        }
        io.stdout(lsText(node, long));
        return "ok";
      }
      case "open":
      case "open_filesys": {
        if (this.fs) {
          io.stderr(`${cmd}: Filesystem ${this.fs.device} is still open.  Close it first.\n`);
          return "ok";
        }
        const devs = args.filter((a) => !a.startsWith("-"));
        if (devs.length !== 1) {
          io.stderr(
            `${cmd}: Usage: open [-s superblock] [-b blocksize] [-d image_filename] [-c] [-i] [-f] [-e] [-D] [-w] <device>\n`,
          );
          return "ok";
        }
        await this.open(devs[0], args.includes("-c"));
        return "ok";
      }
      case "close":
      case "close_filesys":
        if (needFs()) this.fs = null;
        return "ok";
      default:
        return "unknown";
    }
  }

  /** `<ino>` or a path from the root; errors as ext2_lookup reports them. */
  private resolve(fs: OpenFs, spec: string): LdiskfsNode | null {
    const ino = /^<(\d+)>$/.exec(spec);
    if (ino) {
      const found = findIno(fs.root, Number(ino[1]));
      if (!found) this.io.stderr(`${spec}: Illegal inode number \n`);
      return found;
    }
    const node = lookup(fs.root, spec);
    if (!node) this.io.stderr(`${spec}: File not found by ext2_lookup \n`);
    return node;
  }
}

function findIno(n: LdiskfsNode, ino: number): LdiskfsNode | null {
  if (n.ino === ino) return n;
  for (const k of n.children?.values() ?? []) {
    const f = findIno(k, ino);
    if (f) return f;
  }
  return null;
}

export const debugfsTool: ToolCommand = {
  name: "debugfs",
  summary: "ext2/ext3/ext4 (ldiskfs) file system debugger",
  async run(io: ToolIO): Promise<number> {
    io.stderr(DEBUGFS_BANNER);
    const p = parseArgs(io.args);
    if (typeof p === "string") {
      io.stderr(p);
      return 1;
    }
    if (p.flags.has("V")) {
      io.stderr("\tUsing EXT2FS Library version 1.42.13.wc6\n");
      return 0;
    }
    const live = await openLive(io);
    const d = new Debugfs(io, live.state);
    if (p.operands.length) await d.open(p.operands[0], p.flags.has("c"));
    if (p.request !== undefined) {
      const r = await d.execute(p.request);
      if (r === "unknown") {
        io.stderr(`debugfs: Command not found ${words(p.request)[0]}\n`);
        return 1;
      }
      return 0;
    }
    if (p.cmdFile !== undefined) {
      const text =
        p.cmdFile === "-"
          ? (io.stdin ?? "")
          : (await io.fs.exists(p.cmdFile))
            ? await io.fs.readFile(p.cmdFile)
            : null;
      if (text === null) {
        io.stderr(`${p.cmdFile}: No such file or directory\n`);
        return 1;
      }
      let failures = 0;
      for (const line of text.split("\n").filter((l, i, a) => i < a.length - 1 || l !== "")) {
        io.stdout(`debugfs: ${line}\n`);
        const r = await d.execute(line);
        if (r === "unknown") {
          io.stderr(`debugfs: Command not found ${words(line)[0]}\n`);
          failures++;
        }
        if (r === "quit") break;
      }
      return failures;
    }
    // The request loop: the terminal's line editor, or lines piped in (prompt printed, not echoed).
    const piped = io.tty ? null : (io.stdin ?? "").split("\n");
    if (piped && piped[piped.length - 1] === "") piped.pop();
    for (;;) {
      let line: string | null;
      if (io.tty) line = await io.tty.readLine(PROMPT, { historyKey: "debugfs" });
      else {
        io.stdout(PROMPT);
        line = piped?.length ? (piped.shift() ?? null) : null;
      }
      if (line === null) {
        io.stdout("\n");
        return 0;
      }
      const r = await d.execute(line);
      if (r === "quit") return 0;
      if (r === "unknown") io.stderr(`debugfs: Command not found ${words(line)[0]}\n`);
      await io.signal.checkpoint();
    }
  },
};
