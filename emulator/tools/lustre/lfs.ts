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

/** getstripe's field selectors: one selected prints the bare value, several print `name: value` lines. */
type StripeField = "count" | "size" | "index" | "pattern" | "gen";

const STRIPE_FLAGS: Readonly<Record<string, StripeField>> = {
  "-c": "count",
  "--stripe-count": "count",
  "-S": "size",
  "--stripe-size": "size",
  "-i": "index",
  "--stripe-index": "index",
  "-L": "pattern",
  "--layout": "pattern",
  "-g": "gen",
  "--generation": "gen",
};

interface StripeOpts {
  fields: StripeField[];
  quiet: boolean;
  directoryOnly: boolean;
  recursive: boolean;
}

const GETSTRIPE_USAGE =
  "getstripe: List striping info for a given file or files in a directory.\nusage: getstripe [-c|-S|-i|-L|-g|-q|-d|-r] <directory|filename> ...\n";

async function getstripe(io: ToolIO, args: readonly string[]): Promise<number> {
  const o: StripeOpts = { fields: [], quiet: false, directoryOnly: false, recursive: false };
  const files: string[] = [];
  for (const a of args) {
    if (STRIPE_FLAGS[a]) {
      if (!o.fields.includes(STRIPE_FLAGS[a])) o.fields.push(STRIPE_FLAGS[a]);
    } else if (a === "-q" || a === "--quiet") o.quiet = true;
    else if (a === "-d" || a === "--directory") o.directoryOnly = true;
    else if (a === "-r" || a === "--recursive") o.recursive = true;
    else if (a === "-v" || a === "--verbose") continue;
    else if (/^-[cSiLgqdrv]{2,}$/.test(a)) {
      // Bundled short options (-ci).
      for (const ch of a.slice(1)) {
        const f = STRIPE_FLAGS[`-${ch}`];
        if (f && !o.fields.includes(f)) o.fields.push(f);
        else if (ch === "q") o.quiet = true;
        else if (ch === "d") o.directoryOnly = true;
        else if (ch === "r") o.recursive = true;
      }
    } else if (a.startsWith("-") && a.length > 1) {
      io.stderr(`lfs getstripe: unrecognized option '${a}'\n${GETSTRIPE_USAGE}`);
      return 22;
    } else files.push(a);
  }
  if (!files.length) {
    io.stderr(GETSTRIPE_USAGE);
    return 22;
  }
  const known = await mountedFiles(io);
  let rc = 0;
  for (const f of files) {
    const abs = io.fs.resolve(f);
    const obj = known?.objects.find((x) => x.path === abs);
    if (obj) {
      io.stdout(fileLayout(f, obj, o));
      continue;
    }
    const exists = await io.fs.exists(abs);
    if (exists && known && (abs === MOUNT || abs.startsWith(`${MOUNT}/`)) && (await io.fs.isDirectory(abs))) {
      io.stdout(await dirLayout(io, f, abs, known.objects, o));
      continue;
    }
    const why = exists ? "Inappropriate ioctl for device" : "No such file or directory";
    const code = exists ? 25 : 2;
    io.stderr(`error opening ${f}: ${why} (${code})\nlfs getstripe: cannot open '${f}': ${why} (${code})\n`);
    rc = code;
  }
  return rc;
}

type Obj = ReturnType<typeof ostObjects>[number];

function fileLayout(name: string, obj: Obj, o: StripeOpts): string {
  const idx = String(obj.ostIndex);
  const values: Record<StripeField, [string, string]> = {
    count: ["lmm_stripe_count:  ", "1"],
    size: ["lmm_stripe_size:   ", "1048576"],
    pattern: ["lmm_pattern:       ", "raid0"],
    gen: ["lmm_layout_gen:    ", "0"],
    index: ["lmm_stripe_offset: ", idx],
  };
  const objects =
    `\tobdidx\t\t objid\t\t objid\t\t group\n` +
    `\t${idx.padStart(6)}\t${String(obj.oid).padStart(14)}\t${`0x${obj.oid.toString(16)}`.padStart(13)}\t${"0".padStart(14)}\n`;
  if (o.fields.length === 1) return `${values[o.fields[0]][1]}\n`;
  if (o.fields.length > 1) return o.fields.map((k) => `${values[k][0]}${values[k][1]}\n`).join("");
  if (o.quiet) return `${objects}\n`;
  const order: StripeField[] = ["count", "size", "pattern", "gen", "index"];
  return `${name}\n${order.map((k) => `${values[k][0]}${values[k][1]}\n`).join("")}${objects}\n`;
}

/** A directory: its default layout, then (unless -d) the layout of each entry, recursing with -r. */
async function dirLayout(
  io: ToolIO,
  name: string,
  abs: string,
  objects: readonly Obj[],
  o: StripeOpts,
): Promise<string> {
  const values: Record<StripeField, string> = {
    count: "1",
    size: "1048576",
    pattern: "raid0",
    gen: "0",
    index: "-1",
  };
  let out: string;
  if (o.fields.length === 1) out = `${values[o.fields[0]]}\n`;
  else if (o.fields.length > 1) {
    const label: Record<StripeField, string> = {
      count: "stripe_count:  ",
      size: "stripe_size:   ",
      pattern: "pattern:       ",
      gen: "layout_gen:    ",
      index: "stripe_offset: ",
    };
    out = `${o.fields.map((k) => `${label[k]}${values[k]}`).join(" ")}\n`;
  } else
    out = o.quiet
      ? ""
      : `${name}\nstripe_count:  1 stripe_size:   1048576 pattern:       raid0 stripe_offset: -1\n\n`;
  if (o.directoryOnly) return out;
  const entries = (await io.fs.glob(`${abs}/*`)).sort();
  const prefix = name.endsWith("/") ? name : `${name}/`;
  for (const e of entries) {
    const shown = `${prefix}${e.slice(abs.length + 1)}`;
    const obj = objects.find((x) => x.path === e);
    if (obj) out += fileLayout(shown, obj, o);
    else if (o.recursive && (await io.fs.isDirectory(e))) out += await dirLayout(io, shown, e, objects, o);
  }
  return out;
}

/** Sizes of the VM's targets (a small test filesystem), in KiB, and their inode tables. */
const TARGETS = [
  {
    uuid: "testfs0-MDT0000_UUID",
    type: "MDT",
    index: 0,
    kib: 2_210_560,
    baseUsed: 5_932,
    inodes: 1_638_400,
    baseInodes: 272,
  },
  {
    uuid: "testfs0-OST0000_UUID",
    type: "OST",
    index: 0,
    kib: 7_168_000,
    baseUsed: 11_388,
    inodes: 458_752,
    baseInodes: 302,
  },
  {
    uuid: "testfs0-OST0001_UUID",
    type: "OST",
    index: 1,
    kib: 7_168_000,
    baseUsed: 11_388,
    inodes: 458_752,
    baseInodes: 302,
  },
] as const;

function cooked(bytes: number): string {
  let v = bytes;
  let i = 0;
  while (v > 1024) {
    v /= 1024;
    i++;
  }
  return (i > 0 ? `${v.toFixed(1).padStart(8)}${"KMGTPEZY"[i - 1]}` : String(bytes)).padStart(11);
}

async function df(io: ToolIO, args: readonly string[]): Promise<number> {
  let human = false;
  let inodes = false;
  const paths: string[] = [];
  for (const a of args) {
    if (a === "-h" || a === "--human-readable") human = true;
    else if (a === "-i" || a === "--inodes") inodes = true;
    else if (a === "-l" || a === "--lazy" || a === "-v" || a === "--verbose") continue;
    else if (/^-[hilv]+$/.test(a)) {
      human ||= a.includes("h");
      inodes ||= a.includes("i");
    } else if (a.startsWith("-")) {
      io.stderr(`lfs df: unrecognized option '${a}'\n`);
      return 22;
    } else paths.push(a);
  }
  if (paths[0] && !(await io.fs.exists(io.fs.resolve(paths[0])))) {
    io.stderr(`error: invalid path '${paths[0]}': No such file or directory\n`);
    return 2;
  }
  const live = await openLive(io);
  // Only a mounted client has a mount point to report; a path outside it names no Lustre mount.
  if (!live.state.lustre.mounted || (paths[0] && !io.fs.resolve(paths[0]).startsWith(MOUNT))) return 0;
  const objects = ostObjects(live.state);
  const files = fidPaths(live.state).size;
  const row = (uuid: string, total: number, used: number, avail: number, at: string) => {
    const pct = used + avail > 0 ? Math.round((used / (used + avail)) * 100) : 0;
    // -h scales bytes (or inode counts with -i) by 1024s.
    const f = (k: number) => (human ? cooked(inodes ? k : k * 1024) : String(k).padStart(11));
    return `${uuid.padEnd(20)} ${f(total)} ${f(used)} ${f(avail)} ${`${pct}%`.padStart(4)} ${at}\n`;
  };
  let out = `${"UUID".padEnd(20)} ${(inodes ? "Inodes" : human ? "bytes" : "1K-blocks").padStart(11)} ${(inodes ? "IUsed" : "Used").padStart(11)} ${(inodes ? "IFree" : "Available").padStart(11)} ${(inodes ? "IUse%" : "Use%").padStart(4)} Mounted on\n`;
  let sumTotal = 0;
  let sumUsed = 0;
  let sumAvail = 0;
  let mdtFiles = 0;
  let mdtFree = 0;
  let ostFree = 0;
  for (const t of TARGETS) {
    const mine = objects.filter((x) => t.type === "OST" && x.ostIndex === t.index);
    let total: number;
    let used: number;
    if (inodes) {
      total = t.inodes;
      used = t.baseInodes + (t.type === "MDT" ? files : mine.length);
    } else {
      total = t.kib;
      used = t.baseUsed + mine.reduce((n, x) => n + Math.ceil(x.size / 4096) * 4, 0);
    }
    const avail = total - used;
    out += row(t.uuid, total, used, avail, `${MOUNT}[${t.type}:${t.index}]`);
    if (t.type === "MDT") {
      mdtFiles += total;
      mdtFree += avail;
    } else {
      sumTotal += total;
      sumUsed += used;
      sumAvail += avail;
      ostFree += avail;
    }
  }
  if (inodes) {
    // Fewer free OST objects than MDT inodes bound the files that can still be created.
    const free = Math.min(mdtFree, ostFree);
    const filesTotal = mdtFiles - mdtFree + free;
    out += `\n${row("filesystem_summary:", filesTotal, filesTotal - free, free, MOUNT)}\n`;
  } else out += `\n${row("filesystem_summary:", sumTotal, sumUsed, sumAvail, MOUNT)}\n`;
  io.stdout(out);
  return 0;
}

export const lfsTool: ToolCommand = {
  name: "lfs",
  summary: "Lustre client utility (fid2path, path2fid, getstripe, df)",
  async run(io: ToolIO): Promise<number> {
    const [cmd, ...rest] = io.args;
    if (cmd === "fid2path") return fid2path(io, rest);
    if (cmd === "path2fid") return path2fid(io, rest);
    if (cmd === "getstripe") return getstripe(io, rest);
    if (cmd === "df") return df(io, rest);
    if (cmd === undefined) {
      io.stderr("usage: lfs <command> [args]\nTry 'lfs help' for more information.\n");
      return 0;
    }
    io.stderr(`lfs: unknown command '${cmd}'\nTry 'lfs help' for more information.\n`);
    return 1;
  },
};
