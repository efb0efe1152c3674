/**
 * The VM's system commands just-bash lacks (or gets wrong for this VM): uname, hostname,
 * id, whoami, ps, kill, dmesg, uptime, free, df, mount, tty, stty, logout, history, help,
 * man, env/printenv. Output formats follow CentOS 7's coreutils 8.22, procps-ng 3.3.10,
 * util-linux 2.23 and bash 4.2; the data comes from system-info.ts and machine.ts.
 */
import { type Command, type CommandContext, defineCommand, type ExecResult } from "just-bash";
import { BOOT_LOG, formatLogTime } from "../boot-log";
import { latin1 } from "../bytes";
import { MACHINE } from "../machine";
import type { ShellSession } from "../session";
import { loginShell, MOUNTS, meminfo, type ProcessEntry, processTable } from "../system-info";
import { awkCommand } from "./awk-fast";
import { clubakCommand } from "./clubak";
import { getopt, has, type OptionError, type OptionSpec, type ParsedOptions, quote, tryHelp } from "./getopt";
import { grepCommand } from "./grep-patterns";
import { createLsCommand, lsHostOf } from "./ls";
import { sortCommand } from "./sort-fast";
import { uniqCommand } from "./uniq";

export interface SystemContext {
  readonly session: ShellSession;
  commandNames(): string[];
  toolSummaries(): Array<{ name: string; summary: string }>;
}

type Result = ExecResult;

const ok = (stdout: string): Result => ({ stdout, stderr: "", exitCode: 0 });
const fail = (stderr: string, exitCode = 1): Result => ({ stdout: "", stderr, exitCode });

export function createSystemCommands(sys: SystemContext): Command[] {
  const s = sys.session;
  return [
    defineCommand("uname", async (args) => uname(args, s)),
    defineCommand("hostname", async (args) => hostname(args, s)),
    defineCommand("id", async (args) => id(args)),
    defineCommand("whoami", async (args) => whoami(args)),
    defineCommand("nproc", async (args) => nproc(args)),
    defineCommand("ps", async (args) => ps(args, s)),
    defineCommand("kill", async (args) => kill(args, s)),
    defineCommand("dmesg", async (args) => dmesg(args, s)),
    defineCommand("uptime", async (args) => uptime(args, s)),
    defineCommand("free", async (args) => free(args)),
    defineCommand("df", async (args, ctx) => df(args, ctx)),
    defineCommand("mount", async (args) => mount(args)),
    defineCommand("tty", async (args, ctx) => tty(args, ctx, s)),
    defineCommand("stty", async (args) => stty(args, s)),
    defineCommand("logout", async () => {
      s.requestExit();
      return ok("");
    }),
    defineCommand("history", async (args) => history(args, s)),
    // The session renames `help` in command position to this name (see session.ts).
    defineCommand(".kdebug_help", async (args, ctx) => help(args, ctx, sys)),
    defineCommand("man", async (args) => man(args, sys)),
    defineCommand("env", async (args, ctx) => {
      if (args.length === 0) return ok(formatEnv(ctx));
      return ctx.origCommand ? ctx.origCommand(args) : fail("env: not available\n");
    }),
    defineCommand("printenv", async (args, ctx) => {
      const exported = ctx.exportedEnv ?? {};
      if (args.length === 0) return ok(formatEnv(ctx));
      if (args.some((a) => a.startsWith("-"))) return ctx.origCommand ? ctx.origCommand(args) : fail("");
      const found = args.filter((a) => a in exported);
      return {
        stdout: found.map((a) => `${exported[a]}\n`).join(""),
        stderr: "",
        exitCode: found.length === args.length ? 0 : 1,
      };
    }),
    clubakCommand,
    uniqCommand,
    grepCommand,
    awkCommand,
    sortCommand,
    createLsCommand(lsHostOf(s)),
  ];
}

function formatEnv(ctx: CommandContext): string {
  const exported = ctx.exportedEnv ?? Object.fromEntries(ctx.env);
  return Object.entries(exported)
    .map(([k, v]) => `${k}=${v}\n`)
    .join("");
}

const COREUTILS_VERSION = (name: string) =>
  `${name} (GNU coreutils) 8.22\nCopyright (C) 2013 Free Software Foundation, Inc.\nLicense GPLv3+: GNU GPL version 3 or later <http://gnu.org/licenses/gpl.html>.\nThis is free software: you are free to change and redistribute it.\nThere is NO WARRANTY, to the extent permitted by law.\n`;

/**
 * Options the coreutils way: a bad option, --help and --version are answered here (the caller
 * returns that ExecResult), anything else comes back parsed.
 */
function coreutilsOptions(
  name: string,
  args: string[],
  spec: OptionSpec,
  usage: string,
): ParsedOptions | Result {
  let parsed: ParsedOptions;
  try {
    parsed = getopt(args, { ...spec, long: { ...spec.long, help: "help", version: "version" } });
  } catch (e) {
    return tryHelp(name, (e as OptionError).message);
  }
  if (has(parsed, "help")) return ok(usage);
  if (has(parsed, "version")) return ok(COREUTILS_VERSION(name));
  return parsed;
}

// ---------------------------------------------------------------- uname

const UNAME_HELP = `Usage: uname [OPTION]...
Print certain system information.  With no OPTION, same as -s.

  -a, --all                print all information, in the following order,
                             except omit -p and -i if unknown:
  -s, --kernel-name        print the kernel name
  -n, --nodename           print the network node hostname
  -r, --kernel-release     print the kernel release
  -v, --kernel-version     print the kernel version
  -m, --machine            print the machine hardware name
  -p, --processor          print the processor type or "unknown"
  -i, --hardware-platform  print the hardware platform or "unknown"
  -o, --operating-system   print the operating system
      --help     display this help and exit
      --version  output version information and exit
`;

function uname(args: string[], s: ShellSession): Result {
  const parsed = coreutilsOptions(
    "uname",
    args,
    {
      short: "asnrvmpio",
      long: {
        all: "a",
        "kernel-name": "s",
        nodename: "n",
        "kernel-release": "r",
        "kernel-version": "v",
        machine: "m",
        processor: "p",
        "hardware-platform": "i",
        "operating-system": "o",
      },
    },
    UNAME_HELP,
  );
  if ("exitCode" in parsed) return parsed;
  if (parsed.operands.length) return tryHelp("uname", `extra operand ${quote(parsed.operands[0])}`);
  const want = new Set(parsed.options.map(([n]) => n));
  if (want.has("a")) for (const c of "snrvmpio") want.add(c);
  if (want.size === 0) want.add("s");
  const fields: Record<string, string> = {
    s: "Linux",
    n: s.hostname,
    r: MACHINE.kernelRelease,
    v: MACHINE.kernelVersion,
    m: MACHINE.arch,
    p: MACHINE.arch,
    i: MACHINE.arch,
    o: "GNU/Linux",
  };
  return ok(
    `${[..."snrvmpio"]
      .filter((c) => want.has(c))
      .map((c) => fields[c])
      .join(" ")}\n`,
  );
}

// ---------------------------------------------------------------- hostname

const GUEST_IP = "10.0.2.15";

function hostname(args: string[], s: ShellSession): Result {
  let parsed: ReturnType<typeof getopt>;
  try {
    parsed = getopt(args, {
      short: "sfdiIaAVh",
      long: {
        short: "s",
        fqdn: "f",
        long: "f",
        domain: "d",
        "ip-address": "i",
        "all-ip-addresses": "I",
        alias: "a",
        help: "h",
        version: "V",
      },
    });
  } catch (e) {
    return fail(`hostname: ${(e as OptionError).message}\n${HOSTNAME_USAGE}`);
  }
  if (has(parsed, "h")) return ok(HOSTNAME_USAGE);
  if (has(parsed, "V")) return fail("hostname 3.13\n", 0);
  if (parsed.operands.length) {
    const name = parsed.operands[0];
    if (!/^[A-Za-z0-9][A-Za-z0-9.-]{0,63}$/.test(name))
      return fail("hostname: the specified hostname is invalid\n");
    s.hostname = name;
    return ok("");
  }
  if (has(parsed, "d")) return ok("\n");
  if (has(parsed, "i")) return ok(`${GUEST_IP}\n`);
  if (has(parsed, "I")) return ok(`${GUEST_IP} \n`);
  if (has(parsed, "a")) return ok("\n");
  return ok(`${s.hostname}\n`);
}

const HOSTNAME_USAGE = `Usage: hostname [-b] {hostname|-F file}         set host name (from file)
       hostname [-a|-A|-d|-f|-i|-I|-s|-y]       display formatted name
       hostname                                 display host name
`;

// ---------------------------------------------------------------- id, whoami

function id(args: string[]): Result {
  const parsed = coreutilsOptions(
    "id",
    args,
    {
      short: "agGnruz",
      long: {
        group: "g",
        groups: "G",
        name: "n",
        real: "r",
        user: "u",
        zero: "z",
      },
    },
    "Usage: id [OPTION]... [USER]\nPrint user and group information for the specified USER,\nor (when USER omitted) for the current user.\n",
  );
  if ("exitCode" in parsed) return parsed;
  if (parsed.operands.length > 1) return tryHelp("id", `extra operand ${quote(parsed.operands[1])}`);
  const user = parsed.operands[0];
  if (user !== undefined && user !== "root" && user !== "0") return fail(`id: ${user}: no such user\n`);
  const name = has(parsed, "n");
  const selectors = ["u", "g", "G"].filter((c) => has(parsed, c));
  if (selectors.length > 1) return fail('id: cannot print "only" of more than one choice\n');
  if (selectors.length === 1) return ok(name ? "root\n" : "0\n");
  if (name || has(parsed, "r")) return fail("id: cannot print only names or real IDs in default format\n");
  return ok("uid=0(root) gid=0(root) groups=0(root)\n");
}

function whoami(args: string[]): Result {
  const parsed = coreutilsOptions(
    "whoami",
    args,
    {},
    "Usage: whoami [OPTION]...\nPrint the user name associated with the current effective user ID.\nSame as id -un.\n",
  );
  if ("exitCode" in parsed) return parsed;
  if (parsed.operands.length) return tryHelp("whoami", `extra operand ${quote(parsed.operands[0])}`);
  return ok("root\n");
}

// ---------------------------------------------------------------- nproc

function nproc(args: string[]): Result {
  const parsed = coreutilsOptions(
    "nproc",
    args,
    { long: { all: "all", "ignore=": "ignore" } },
    "Usage: nproc [OPTION]...\nPrint the number of processing units available to the current process,\nwhich may be less than the number of online processors\n\n      --all      print the number of installed processors\n      --ignore=N  if possible, exclude N processing units\n",
  );
  if ("exitCode" in parsed) return parsed;
  if (parsed.operands.length) return tryHelp("nproc", `extra operand ${quote(parsed.operands[0])}`);
  let ignore = 0;
  const raw = parsed.options.find(([k]) => k === "ignore")?.[1];
  if (raw !== undefined && raw !== null) {
    if (!/^\d+$/.test(raw)) return fail(`nproc: invalid number: ${quote(raw)}\n`);
    ignore = Number(raw);
  }
  return ok(`${Math.max(1, MACHINE.cpus - ignore)}\n`);
}

// ---------------------------------------------------------------- ps

interface PsRow extends ProcessEntry {
  readonly startMs: number;
}

function processes(s: ShellSession): PsRow[] {
  const rows: PsRow[] = [];
  for (const p of [...processTable(), loginShell()]) {
    if (s.killedPids.has(p.pid)) continue;
    rows.push({ ...p, startMs: s.bootTimeMs + p.startAfterBoot * 1000 });
  }
  rows.push({
    pid: s.allocatePid(),
    ppid: loginShell().pid,
    user: "root",
    comm: "ps",
    args: "",
    tty: "ttyS0",
    stat: "R+",
    vsz: 155372,
    rss: 1868,
    cpuSeconds: 0,
    startAfterBoot: 0,
    startMs: s.now(),
  });
  return rows;
}

function hhmm(ms: number, nowMs: number): string {
  const d = new Date(ms);
  const now = new Date(nowMs);
  const p2 = (n: number) => String(n).padStart(2, "0");
  if (
    d.getUTCFullYear() === now.getUTCFullYear() &&
    d.getUTCMonth() === now.getUTCMonth() &&
    d.getUTCDate() === now.getUTCDate()
  ) {
    return `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}`;
  }
  return `${MONTHS[d.getUTCMonth()]}${p2(d.getUTCDate())}`;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

function cputime(seconds: number): string {
  const p2 = (n: number) => String(n).padStart(2, "0");
  return `${p2(Math.floor(seconds / 3600))}:${p2(Math.floor(seconds / 60) % 60)}:${p2(seconds % 60)}`;
}

function bsdTime(seconds: number): string {
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
}

function command(p: ProcessEntry, full: boolean): string {
  if (!full) return p.comm;
  if (p.comm === "ps") return p.args || "ps";
  return p.args || `[${p.comm}]`;
}

const PS_USAGE = `
Usage:
 ps [options]

 Try 'ps --help <simple|list|output|threads|misc|all>'
  or 'ps --help <s|l|o|t|m|a>'
 for additional help text.

For more details see ps(1).
`;

/** procps' output fields: header, width (negative: left aligned), value. */
const PS_FIELDS: Record<
  string,
  { header: string; width: number; value: (p: PsRow, s: ShellSession) => string }
> = {
  pid: { header: "PID", width: 5, value: (p) => String(p.pid) },
  ppid: { header: "PPID", width: 5, value: (p) => String(p.ppid) },
  user: { header: "USER", width: -8, value: (p) => p.user },
  uid: { header: "UID", width: 5, value: (p) => (p.user === "root" ? "0" : "999") },
  comm: { header: "COMMAND", width: -15, value: (p) => p.comm },
  ucmd: { header: "CMD", width: -15, value: (p) => p.comm },
  args: { header: "COMMAND", width: -27, value: (p) => command(p, true) },
  cmd: { header: "CMD", width: -27, value: (p) => command(p, true) },
  command: { header: "COMMAND", width: -27, value: (p) => command(p, true) },
  stat: { header: "STAT", width: -4, value: (p) => p.stat },
  state: { header: "S", width: -1, value: (p) => p.stat[0] },
  tty: { header: "TT", width: -8, value: (p) => p.tty },
  rss: { header: "RSS", width: 5, value: (p) => String(p.rss) },
  vsz: { header: "VSZ", width: 6, value: (p) => String(p.vsz) },
  time: { header: "TIME", width: 8, value: (p) => cputime(p.cpuSeconds) },
  etime: { header: "ELAPSED", width: 11, value: (p, s) => elapsed(Math.floor((s.now() - p.startMs) / 1000)) },
  pcpu: { header: "%CPU", width: 4, value: () => "0.0" },
  pmem: { header: "%MEM", width: 4, value: (p) => ((p.rss * 100) / MACHINE.memTotalKb).toFixed(1) },
  psr: { header: "PSR", width: 3, value: (p) => String(p.pid % MACHINE.cpus) },
  nlwp: { header: "NLWP", width: 4, value: () => "1" },
};
const PS_ALIASES: Record<string, string> = {
  "%cpu": "pcpu",
  "%mem": "pmem",
  cputime: "time",
  s: "state",
  tt: "tty",
  tname: "tty",
  rssize: "rss",
  vsize: "vsz",
  pcmd: "comm",
  fname: "comm",
};

function elapsed(sec: number): string {
  const p2 = (n: number) => String(n).padStart(2, "0");
  const days = Math.floor(sec / 86400);
  const h = Math.floor(sec / 3600) % 24;
  const m = Math.floor(sec / 60) % 60;
  const secs = sec % 60;
  if (days) return `${days}-${p2(h)}:${p2(m)}:${p2(secs)}`;
  if (h) return `${p2(h)}:${p2(m)}:${p2(secs)}`;
  return `${p2(m)}:${p2(secs)}`;
}

function ps(args: string[], s: ShellSession): Result {
  // BSD syntax (ps aux): a word without a dash.
  if (args.length === 1 && /^[a-zA-Z]+$/.test(args[0])) {
    const f = args[0];
    if (/[^auxwfe]/.test(f)) return fail(`error: unsupported option (BSD syntax)\n${PS_USAGE}`);
    const all = f.includes("a") || f.includes("x");
    let rows = processes(s);
    if (!f.includes("x")) rows = rows.filter((p) => p.tty !== "?");
    if (!all) rows = rows.filter((p) => p.tty === "ttyS0");
    if (f.includes("u")) {
      const out = [["USER", "PID", "%CPU", "%MEM", "VSZ", "RSS", "TTY", "STAT", "START", "TIME", "COMMAND"]];
      for (const p of rows) {
        out.push([
          p.user.length > 8 ? `${p.user.slice(0, 7)}+` : p.user,
          String(p.pid),
          "0.0",
          ((p.rss * 100) / MACHINE.memTotalKb).toFixed(1),
          String(p.vsz),
          String(p.rss),
          p.tty,
          p.stat,
          hhmm(p.startMs, s.now()),
          bsdTime(p.cpuSeconds),
          command(p, true),
        ]);
      }
      return ok(fixedColumns(out, [-8, 5, 4, 4, 6, 5, -8, -4, 5, 6, 0]));
    }
    const out = [["PID", "TTY", "STAT", "TIME", "COMMAND"]];
    for (const p of rows) out.push([String(p.pid), p.tty, p.stat, bsdTime(p.cpuSeconds), command(p, true)]);
    return ok(fixedColumns(out, [5, -8, -6, 6, 0]));
  }
  let everyone = false;
  let full = false;
  let pids: number[] | null = null;
  let names: string[] | null = null;
  let format: string[] | null = null;
  let noHeader = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "--help") return ok(PS_USAGE.slice(1));
    if (a === "--version" || a === "-V") return ok("procps-ng version 3.3.10\n");
    if (a === "--no-headers" || a === "--no-heading") {
      noHeader = true;
      continue;
    }
    const next = (): string | null => (i + 1 < args.length ? args[++i] : null);
    if (!a.startsWith("-") || a === "-") return fail(`error: garbage option\n${PS_USAGE}`);
    if (a.startsWith("--")) return fail(`error: unknown gnu long option\n${PS_USAGE}`);
    for (let k = 1; k < a.length; k++) {
      const c = a[k];
      if (c === "e" || c === "A") everyone = true;
      else if (c === "f") full = true;
      else if (c === "p" || c === "C" || c === "o") {
        const rest = a.slice(k + 1) || next();
        if (rest === null)
          return fail(
            `error: list of ${c === "o" ? "format specifiers" : c === "p" ? "process IDs" : "command names"} must follow -${c}\n${PS_USAGE}`,
          );
        const list = rest.split(/[,\s]+/).filter(Boolean);
        if (c === "p") {
          if (list.some((x) => !/^\d+$/.test(x)))
            return fail(`error: process ID list syntax error\n${PS_USAGE}`);
          pids = [...(pids ?? []), ...list.map(Number)];
        } else if (c === "C") names = [...(names ?? []), ...list];
        else format = [...(format ?? []), ...list];
        break;
      } else if (c === "a" || c === "x" || c === "l" || c === "w" || c === "H") {
        // accepted, no effect on this simple process table
      } else return fail(`error: unsupported SysV option\n${PS_USAGE}`);
    }
  }
  let rows = processes(s);
  if (pids) rows = rows.filter((p) => pids?.includes(p.pid));
  else if (names) rows = rows.filter((p) => names?.includes(p.comm));
  else if (!everyone) rows = rows.filter((p) => p.tty === "ttyS0" && p.comm !== "login");
  if (format) {
    const fields = [];
    for (const spec of format) {
      const [rawName, header] = spec.split("=");
      const key = PS_ALIASES[rawName.toLowerCase()] ?? rawName.toLowerCase();
      const field = PS_FIELDS[key];
      if (!field) return fail(`error: unknown user-defined format specifier "${rawName}"\n${PS_USAGE}`);
      fields.push({ ...field, header: header ?? field.header });
    }
    const out = [fields.map((f) => f.header)];
    for (const p of rows) out.push(fields.map((f) => f.value(p, s)));
    const widths = fields.map((f, i) => (i === fields.length - 1 && f.width < 0 ? 0 : f.width));
    let text = fixedColumns(out, widths).replace(/ +$/gm, "");
    // procps prints no header line when every header was set empty (pid=,args=).
    if (fields.every((f) => f.header === "")) text = text.slice(text.indexOf("\n") + 1);
    return {
      stdout: noHeader ? text.slice(text.indexOf("\n") + 1) : text,
      stderr: "",
      exitCode: rows.length ? 0 : 1,
    };
  }
  let text: string;
  if (full) {
    const out = [["UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD"]];
    for (const p of rows) {
      out.push([
        p.user,
        String(p.pid),
        String(p.ppid),
        "0",
        hhmm(p.startMs, s.now()),
        p.tty,
        cputime(p.cpuSeconds),
        command(p, true),
      ]);
    }
    text = fixedColumns(out, [-8, 5, 5, 2, 5, -8, 8, 0]);
  } else {
    const out = [["PID", "TTY", "TIME", "CMD"]];
    for (const p of rows) out.push([String(p.pid), p.tty, cputime(p.cpuSeconds), command(p, false)]);
    text = fixedColumns(out, [5, -8, 8, 0]);
  }
  if (noHeader) text = text.slice(text.indexOf("\n") + 1);
  return { stdout: text, stderr: "", exitCode: rows.length ? 0 : 1 };
}

/** procps' fixed-width columns: negative width = left aligned; 0 = last column, unpadded. */
function fixedColumns(rows: string[][], widths: number[]): string {
  return rows
    .map((r) =>
      r
        .map((cell, c) => {
          const w = widths[c];
          if (w === 0) return cell;
          return w < 0 ? cell.padEnd(-w) : cell.padStart(w);
        })
        .join(" "),
    )
    .map((l) => `${l}\n`)
    .join("");
}

// ---------------------------------------------------------------- kill

const SIGNALS = [
  "HUP",
  "INT",
  "QUIT",
  "ILL",
  "TRAP",
  "ABRT",
  "BUS",
  "FPE",
  "KILL",
  "USR1",
  "SEGV",
  "USR2",
  "PIPE",
  "ALRM",
  "TERM",
  "STKFLT",
  "CHLD",
  "CONT",
  "STOP",
  "TSTP",
  "TTIN",
  "TTOU",
  "URG",
  "XCPU",
  "XFSZ",
  "VTALRM",
  "PROF",
  "WINCH",
  "IO",
  "PWR",
  "SYS",
];

/** `kill -l` as bash prints it: five per line, each followed by a tab or the line end. */
function signalListing(): string {
  const names: string[] = SIGNALS.map((n, i) => `${String(i + 1).padStart(2)}) SIG${n}`);
  names.push("34) SIGRTMIN");
  for (let k = 1; k <= 15; k++) names.push(`${34 + k}) SIGRTMIN+${k}`);
  for (let k = 14; k >= 1; k--) names.push(`${64 - k}) SIGRTMAX-${k}`);
  names.push("64) SIGRTMAX");
  let out = "";
  names.forEach((n, i) => {
    out += n + (i % 5 === 4 ? "\n" : "\t");
  });
  return names.length % 5 === 0 ? out : `${out}\n`;
}

function signalNumber(spec: string): number | null {
  if (/^\d+$/.test(spec)) {
    const n = Number(spec);
    return n >= 0 && n <= 64 ? n : null;
  }
  const name = spec.toUpperCase().replace(/^SIG/, "");
  const i = SIGNALS.indexOf(name);
  return i < 0 ? null : i + 1;
}

function kill(args: string[], s: ShellSession): Result {
  const usage =
    "kill: usage: kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... or kill -l [sigspec]\n";
  if (args.length === 0) return fail(`bash: ${usage}`, 2);
  if (args[0] === "-l" || args[0] === "-L") {
    if (args.length === 1) return ok(signalListing());
    let out = "";
    for (const a of args.slice(1)) {
      const n = signalNumber(a);
      if (n === null || n === 0) return fail(`bash: kill: ${a}: invalid signal specification\n`);
      out += /^\d+$/.test(a) ? `${SIGNALS[n - 1] ?? `RTMIN+${n - 34}`}\n` : `${n}\n`;
    }
    return ok(out);
  }
  let signal = 15;
  let rest = args;
  if (rest[0] === "-s" || rest[0] === "-n") {
    const n = rest[1] === undefined ? null : signalNumber(rest[1]);
    if (n === null) return fail(`bash: kill: ${rest[1] ?? ""}: invalid signal specification\n`);
    signal = n;
    rest = rest.slice(2);
  } else if (rest[0].startsWith("-") && rest[0] !== "--" && rest[0].length > 1) {
    const n = signalNumber(rest[0].slice(1));
    if (n === null) return fail(`bash: kill: ${rest[0].slice(1)}: invalid signal specification\n`);
    signal = n;
    rest = rest.slice(1);
  }
  if (rest[0] === "--") rest = rest.slice(1);
  if (rest.length === 0) return fail(`bash: ${usage}`, 2);
  const known = new Map(processes(s).map((p) => [p.pid, p]));
  let stderr = "";
  let status = 0;
  for (const target of rest) {
    if (target.startsWith("%")) {
      stderr += `bash: kill: ${target}: no such job\n`;
      status = 1;
      continue;
    }
    if (!/^-?\d+$/.test(target)) {
      stderr += `bash: kill: ${target}: arguments must be process or job IDs\n`;
      status = 1;
      continue;
    }
    const pid = Number(target);
    const p = known.get(pid);
    if (!p || p.comm === "ps") {
      stderr += `bash: kill: (${pid}) - No such process\n`;
      status = 1;
      continue;
    }
    if (signal === 0) continue;
    if (pid === loginShell().pid) {
      // An interactive bash ignores SIGTERM and SIGINT; the others end the login session.
      if (signal !== 15 && signal !== 2 && signal !== 18 && signal !== 28) s.requestExit();
      continue;
    }
    // Kernel threads and init ignore signals; other processes die from the usual ones.
    const kernelThread = p.args === "";
    if (!kernelThread && pid !== 1 && [1, 2, 3, 6, 9, 15].includes(signal)) s.killedPids.add(pid);
  }
  return { stdout: "", stderr, exitCode: status };
}

// ---------------------------------------------------------------- dmesg

const DMESG_USAGE = `
Usage:
 dmesg [options]

Options:
 -C, --clear                 clear the kernel ring buffer
 -c, --read-clear            read and clear all messages
 -k, --kernel                display kernel messages
 -r, --raw                   print the raw message buffer
 -T, --ctime                 show human readable timestamp
 -t, --notime                don't print messages timestamp
 -x, --decode                decode facility and level to readable string
 -h, --help     display this help and exit
 -V, --version  output version information and exit

For more details see dmesg(1).
`;

const LEVELS = ["emerg", "alert", "crit", "err", "warn", "notice", "info", "debug"];
const FACILITIES = ["kern", "user", "mail", "daemon"];

function dmesg(args: string[], s: ShellSession): Result {
  let parsed: ReturnType<typeof getopt>;
  try {
    parsed = getopt(args, {
      short: "CckrTtxhVHLuw",
      long: {
        clear: "C",
        "read-clear": "c",
        kernel: "k",
        raw: "r",
        ctime: "T",
        notime: "t",
        decode: "x",
        help: "h",
        version: "V",
        human: "H",
        color: "L",
        userspace: "u",
        follow: "w",
      },
    });
  } catch (e) {
    return fail(`dmesg: ${(e as OptionError).message}\n${DMESG_USAGE}`);
  }
  if (has(parsed, "h")) return ok(DMESG_USAGE.slice(1));
  if (has(parsed, "V")) return ok("dmesg from util-linux 2.23.2\n");
  if (parsed.operands.length) return fail(`dmesg: bad usage\n${DMESG_USAGE}`);
  if (has(parsed, "C")) {
    s.kernelLogCleared = true;
    return ok("");
  }
  let records = s.kernelLogCleared ? [] : BOOT_LOG;
  if (has(parsed, "k")) records = records.filter((r) => r.facility === 0);
  if (has(parsed, "u")) records = records.filter((r) => r.facility !== 0);
  let out = "";
  for (const r of records) {
    let prefix = "";
    if (has(parsed, "r")) prefix = `<${r.facility * 8 + r.level}>`;
    else if (has(parsed, "x")) prefix = `${FACILITIES[r.facility].padEnd(6)}:${LEVELS[r.level].padEnd(6)}: `;
    let time = `${formatLogTime(r.time)} `;
    if (has(parsed, "t")) time = "";
    else if (has(parsed, "T")) time = `[${ctime(s.bootTimeMs + Math.floor(r.time) * 1000)}] `;
    out += `${prefix}${time}${r.text}\n`;
  }
  if (has(parsed, "c")) s.kernelLogCleared = true;
  return ok(out);
}

const DAY_NAMES = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

/** C's ctime() without the newline, in UTC: `Thu Jan  9 09:11:36 2020`. */
function ctime(ms: number): string {
  const d = new Date(ms);
  const p2 = (n: number) => String(n).padStart(2, "0");
  return `${DAY_NAMES[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2)} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} ${d.getUTCFullYear()}`;
}

// ---------------------------------------------------------------- uptime

function uptime(args: string[], s: ShellSession): Result {
  let parsed: ReturnType<typeof getopt>;
  try {
    parsed = getopt(args, { short: "psVh", long: { pretty: "p", since: "s", version: "V", help: "h" } });
  } catch (e) {
    return fail(
      `uptime: ${(e as OptionError).message}\n\nUsage:\n uptime [options]\n\nOptions:\n -p, --pretty   show uptime in pretty format\n -h, --help     display this help and exit\n -s, --since    system up since\n -V, --version  output version information and exit\n\nFor more details see uptime(1).\n`,
    );
  }
  if (has(parsed, "h"))
    return ok(
      "\nUsage:\n uptime [options]\n\nOptions:\n -p, --pretty   show uptime in pretty format\n -h, --help     display this help and exit\n -s, --since    system up since\n -V, --version  output version information and exit\n\nFor more details see uptime(1).\n",
    );
  if (has(parsed, "V")) return ok("uptime from procps-ng 3.3.10\n");
  const now = s.now();
  const up = Math.max(0, Math.floor((now - s.bootTimeMs) / 1000));
  const p2 = (n: number) => String(n).padStart(2, "0");
  if (has(parsed, "s")) {
    const b = new Date(s.bootTimeMs);
    return ok(
      `${b.getUTCFullYear()}-${p2(b.getUTCMonth() + 1)}-${p2(b.getUTCDate())} ${p2(b.getUTCHours())}:${p2(b.getUTCMinutes())}:${p2(b.getUTCSeconds())}\n`,
    );
  }
  const days = Math.floor(up / 86400);
  const hours = Math.floor(up / 3600) % 24;
  const mins = Math.floor(up / 60) % 60;
  if (has(parsed, "p")) {
    const parts = [];
    if (days) parts.push(`${days} day${days > 1 ? "s" : ""}`);
    if (hours) parts.push(`${hours} hour${hours > 1 ? "s" : ""}`);
    parts.push(`${mins} minute${mins !== 1 ? "s" : ""}`);
    return ok(`up ${parts.join(", ")}\n`);
  }
  const t = new Date(now);
  let line = ` ${p2(t.getUTCHours())}:${p2(t.getUTCMinutes())}:${p2(t.getUTCSeconds())} up `;
  if (days) line += `${days} day${days > 1 ? "s" : ""}, `;
  line += hours ? `${String(hours).padStart(2)}:${p2(mins)}, ` : `${mins} min, `;
  line += " 1 user,  load average: 0.00, 0.01, 0.05\n";
  return ok(line);
}

// ---------------------------------------------------------------- free

function free(args: string[]): Result {
  let parsed: ReturnType<typeof getopt>;
  try {
    parsed = getopt(args, {
      short: "bkmghltwoVs:c:",
      long: {
        bytes: "b",
        kilo: "k",
        mega: "m",
        giga: "g",
        human: "h",
        lohi: "l",
        total: "t",
        wide: "w",
        si: "si",
        help: "help",
        version: "V",
        "seconds=": "s",
        "count=": "c",
      },
    });
  } catch (e) {
    return fail(
      `free: ${(e as OptionError).message}\n\nUsage:\n free [options]\n\nFor more details see free(1).\n`,
    );
  }
  if (has(parsed, "help"))
    return ok(
      "\nUsage:\n free [options]\n\nOptions:\n -b, --bytes         show output in bytes\n -k, --kilo          show output in kilobytes\n -m, --mega          show output in megabytes\n -g, --giga          show output in gigabytes\n -h, --human         show human-readable output\n -t, --total         show total for RAM + swap\n -w, --wide          wide output\n\nFor more details see free(1).\n",
    );
  if (has(parsed, "V")) return ok("free from procps-ng 3.3.10\n");
  if (parsed.operands.length)
    return fail(
      `free: extra operand ${parsed.operands[0]}\n\nUsage:\n free [options]\n\nFor more details see free(1).\n`,
    );
  const unit = ["b", "k", "m", "g", "h"].filter((u) => has(parsed, u)).pop() ?? "k";
  const scale = (kb: number): string => {
    switch (unit) {
      case "b":
        return String(kb * 1024);
      case "m":
        return String(Math.floor(kb / 1024));
      case "g":
        return String(Math.floor(kb / 1024 / 1024));
      case "h":
        return humanFree(kb);
      default:
        return String(kb);
    }
  };
  const total = meminfo("MemTotal");
  const mfree = meminfo("MemFree");
  const buffers = meminfo("Buffers");
  const cache = meminfo("Cached") + meminfo("SReclaimable");
  const used = total - mfree - buffers - cache;
  const swapTotal = meminfo("SwapTotal");
  const swapFree = meminfo("SwapFree");
  const wide = has(parsed, "w");
  const col = (v: string) => ` ${v.padStart(11)}`;
  let out = wide
    ? "              total        used        free      shared     buffers       cache   available\n"
    : "              total        used        free      shared  buff/cache   available\n";
  out += `${"Mem:".padEnd(7)}${col(scale(total))}${col(scale(used))}${col(scale(mfree))}${col(scale(meminfo("Shmem")))}`;
  out += wide ? `${col(scale(buffers))}${col(scale(cache))}` : col(scale(buffers + cache));
  out += `${col(scale(meminfo("MemAvailable")))}\n`;
  if (has(parsed, "l")) {
    out += `${"Low:".padEnd(7)}${col(scale(total))}${col(scale(used + buffers + cache))}${col(scale(mfree))}\n`;
    out += `${"High:".padEnd(7)}${col(scale(0))}${col(scale(0))}${col(scale(0))}\n`;
  }
  out += `${"Swap:".padEnd(7)}${col(scale(swapTotal))}${col(scale(swapTotal - swapFree))}${col(scale(swapFree))}\n`;
  if (has(parsed, "t")) {
    out += `${"Total:".padEnd(7)}${col(scale(total + swapTotal))}${col(scale(used + swapTotal - swapFree))}${col(scale(mfree + swapFree))}\n`;
  }
  return ok(out);
}

/** procps 3.3.10 `free -h`: the shortest of "%.1f%c" / "%d%c" that fits in 4 characters. */
export function humanFree(kb: number): string {
  const units = "BKMGTPE";
  const bytes = kb * 1024;
  if (`${bytes}B`.length <= 4) return `${bytes}B`;
  for (let i = 1; i < units.length; i++) {
    const v = bytes / 1024 ** i;
    const a = `${v.toFixed(1)}${units[i]}`;
    if (a.length <= 4) return a;
    const b = `${Math.trunc(v)}${units[i]}`;
    if (b.length <= 4) return b;
  }
  return `${bytes}B`;
}

// ---------------------------------------------------------------- df

/** coreutils human_readable with -h: powers of 1024, rounded up, one decimal below 10. */
export function humanDf(kb: number, si = false): string {
  const base = si ? 1000 : 1024;
  let v = si ? kb * 1.024 : kb;
  if (v < base && !si) return v === 0 ? "0" : `${Math.ceil(v)}K`;
  const units = "KMGTPE";
  let i = 0;
  while (v >= base && i < units.length - 1) {
    v /= base;
    i++;
  }
  if (v < 10) {
    const r = Math.ceil(v * 10) / 10;
    if (r >= 10) return `${Math.ceil(r)}${units[i]}`;
    return `${r.toFixed(1)}${units[i]}`;
  }
  return `${Math.ceil(v)}${units[i]}`;
}

async function df(args: string[], ctx: CommandContext): Promise<Result> {
  const parsed = coreutilsOptions(
    "df",
    args,
    {
      short: "ahHklmPTt:x:",
      long: {
        all: "a",
        "human-readable": "h",
        si: "H",
        local: "l",
        portability: "P",
        "print-type": "T",
        "type=": "t",
        "exclude-type=": "x",
        total: "total",
      },
    },
    "Usage: df [OPTION]... [FILE]...\nShow information about the file system on which each FILE resides,\nor all file systems by default.\n",
  );
  if ("exitCode" in parsed) return parsed;
  const human = has(parsed, "h") ? "h" : has(parsed, "H") ? "H" : null;
  const mega = has(parsed, "m");
  const showType = has(parsed, "T");
  const types = parsed.options.filter(([n]) => n === "t").map(([, v]) => v as string);
  const excluded = parsed.options.filter(([n]) => n === "x").map(([, v]) => v as string);
  let mounts = MOUNTS.filter((m) => m.df !== null || has(parsed, "a"));
  mounts = [...mounts.filter((m) => m.mountPoint === "/"), ...mounts.filter((m) => m.mountPoint !== "/")];
  let stderr = "";
  let status = 0;
  if (parsed.operands.length) {
    const chosen = [];
    for (const operand of parsed.operands) {
      const path = ctx.fs.resolvePath(ctx.cwd, operand);
      if (!(await ctx.fs.exists(path))) {
        stderr += `df: ${quote(operand)}: No such file or directory\n`;
        status = 1;
        continue;
      }
      const best = MOUNTS.filter(
        (m) => path === m.mountPoint || path.startsWith(m.mountPoint === "/" ? "/" : `${m.mountPoint}/`),
      ).sort((a, b) => b.mountPoint.length - a.mountPoint.length)[0];
      if (best) chosen.push(best);
    }
    mounts = chosen;
  }
  if (types.length) mounts = mounts.filter((m) => types.includes(m.fsType));
  if (excluded.length) mounts = mounts.filter((m) => !excluded.includes(m.fsType));
  const header = [
    "Filesystem",
    ...(showType ? ["Type"] : []),
    human ? "Size" : mega ? "1M-blocks" : "1K-blocks",
    "Used",
    human || has(parsed, "P") ? "Avail" : "Available",
    has(parsed, "P") ? "Capacity" : "Use%",
    "Mounted on",
  ];
  const num = (kb: number) =>
    human ? humanDf(kb, human === "H") : mega ? String(Math.ceil(kb / 1024)) : String(kb);
  const rows = [header];
  for (const m of mounts) {
    const d = m.df ?? { size: 0, used: 0, avail: 0 };
    const pct = d.size === 0 ? "-" : `${Math.ceil((d.used * 100) / (d.used + d.avail))}%`;
    rows.push([
      m.device,
      ...(showType ? [m.fsType] : []),
      num(d.size),
      num(d.used),
      num(d.avail),
      pct,
      m.mountPoint,
    ]);
  }
  // coreutils 8.22 minimum widths: Filesystem 14, Type 4, sizes 5, Use% 4.
  const min = [14, ...(showType ? [4] : []), 5, 5, 5, 4, 0];
  const left = [true, ...(showType ? [true] : []), false, false, false, false, true];
  const widths = header.map((_, c) => Math.max(min[c], ...rows.map((r) => r[c].length)));
  const stdout = rows
    .map((r) =>
      r
        .map((cell, c) =>
          c === r.length - 1 ? cell : left[c] ? cell.padEnd(widths[c]) : cell.padStart(widths[c]),
        )
        .join(" "),
    )
    .map((l) => `${l}\n`)
    .join("");
  return { stdout: rows.length > 1 || status === 0 ? stdout : "", stderr, exitCode: status };
}

// ---------------------------------------------------------------- mount

function mount(args: string[]): Result {
  let parsed: ReturnType<typeof getopt>;
  try {
    parsed = getopt(args, {
      short: "lhVvnrwat:o:",
      long: {
        help: "h",
        version: "V",
        "types=": "t",
        "options=": "o",
        all: "a",
        "read-only": "r",
        "read-write": "w",
      },
    });
  } catch (e) {
    return fail(
      `mount: ${(e as OptionError).message}\n\nUsage:\n mount [-lhV]\n mount -a [options]\n mount [options] [--source] <source> | [--target] <directory>\n mount [options] <source> <directory>\n\nFor more details see mount(8).\n`,
    );
  }
  if (has(parsed, "h"))
    return ok(
      "\nUsage:\n mount [-lhV]\n mount -a [options]\n mount [options] [--source] <source> | [--target] <directory>\n mount [options] <source> <directory>\n\nFor more details see mount(8).\n",
    );
  if (has(parsed, "V")) return ok("mount from util-linux 2.23.2 (libmount 2.23.0: selinux, debug, assert)\n");
  if (has(parsed, "a")) return ok("");
  if (parsed.operands.length === 0) {
    const type = parsed.options.find(([n]) => n === "t")?.[1];
    const list = MOUNTS.filter((m) => !type || type.split(",").includes(m.fsType));
    return ok(list.map((m) => `${m.device} on ${m.mountPoint} type ${m.fsType} (${m.options})\n`).join(""));
  }
  const source = parsed.operands[0];
  if (parsed.operands.length === 1) {
    const m = MOUNTS.find((x) => x.mountPoint === source || x.device === source);
    if (m) return fail(`mount: ${m.device} is already mounted or ${m.mountPoint} busy\n`, 32);
    return fail(`mount: can't find ${source} in /etc/fstab\n`, 1);
  }
  return fail(`mount: special device ${source} does not exist\n`, 32);
}

// ---------------------------------------------------------------- tty, stty

function tty(args: string[], ctx: CommandContext, s: ShellSession): Result {
  if (args[0] === "--help")
    return ok("Usage: tty [OPTION]...\nPrint the file name of the terminal connected to standard input.\n");
  const silent = args[0] === "-s" || args[0] === "--silent" || args[0] === "--quiet";
  if (args.length && !silent)
    return tryHelp(
      "tty",
      args[0].startsWith("-")
        ? `invalid option -- '${args[0].slice(1, 2)}'`
        : `extra operand ${quote(args[0])}`,
    );
  const attached = s.interactive && latin1(ctx.stdin).length === 0;
  if (silent) return { stdout: "", stderr: "", exitCode: attached ? 0 : 1 };
  return attached ? ok("/dev/ttyS0\n") : { stdout: "not a tty\n", stderr: "", exitCode: 1 };
}

function stty(args: string[], s: ShellSession): Result {
  const { columns, rows } = s.terminalSize();
  if (args[0] === "size") return ok(`${rows} ${columns}\n`);
  if (args[0] === "-a" || args[0] === "--all") {
    return ok(
      `speed 115200 baud; rows ${rows}; columns ${columns}; line = 0;\nintr = ^C; quit = ^\\; erase = ^?; kill = ^U; eof = ^D; eol = <undef>;\neol2 = <undef>; swtch = <undef>; start = ^Q; stop = ^S; susp = ^Z; rprnt = ^R;\nwerase = ^W; lnext = ^V; flush = ^O; min = 1; time = 0;\n-parenb -parodd -cmspar cs8 hupcl -cstopb cread clocal -crtscts\n-ignbrk -brkint -ignpar -parmrk -inpck -istrip -inlcr -igncr icrnl ixon -ixoff\n-iuclc -ixany -imaxbel -iutf8\nopost -olcuc -ocrnl onlcr -onocr -onlret -ofill -ofdel nl0 cr0 tab0 bs0 vt0 ff0\nisig icanon iexten echo echoe echok -echonl -noflsh -xcase -tostop -echoprt\nechoctl echoke\n`,
    );
  }
  if (args.length === 0) return ok("speed 115200 baud; line = 0;\n-brkint -imaxbel\n");
  return ok("");
}

// ---------------------------------------------------------------- history, help, man

function history(args: string[], s: ShellSession): Result {
  if (args[0] === "-c") {
    s.history.length = 0;
    return ok("");
  }
  if (args[0]?.startsWith("-") && args[0] !== "--") {
    const bad = args[0];
    if (bad === "-d" || bad === "-a" || bad === "-w" || bad === "-r" || bad === "-n") return ok("");
    return fail(
      `bash: history: ${bad}: invalid option\nhistory: usage: history [-c] [-d offset] [n] or history -anrw [filename] or history -ps arg [arg...]\n`,
      2,
    );
  }
  let lines = s.history.map((line, i) => ({ n: i + 1, line }));
  if (args.length) {
    if (!/^\d+$/.test(args[0])) return fail(`bash: history: ${args[0]}: numeric argument required\n`);
    const n = Number(args[0]);
    lines = n === 0 ? [] : lines.slice(-n);
  }
  return ok(lines.map(({ n, line }) => `${String(n).padStart(5)}  ${line}\n`).join(""));
}

async function help(args: string[], ctx: CommandContext, sys: SystemContext): Promise<Result> {
  if (args.length && !args[0].startsWith("-")) {
    const tool = sys.toolSummaries().find((t) => t.name === args[0]);
    if (tool)
      return ok(
        `${tool.name}: ${tool.summary}\n    Run \`${tool.name} --help\` or \`man ${tool.name}\` for more.\n`,
      );
    if (MAN_PAGES[args[0]]) return ok(`${args[0]}: ${MAN_PAGES[args[0]]}\n`);
    // Builtins: just-bash's own help text (its `help` builtin, outside our rename).
    if (ctx.exec)
      return ctx.exec(`help ${args.map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(" ")}`, { cwd: ctx.cwd });
    return fail(
      `bash: help: no help topics match \`${args[0]}'.  Try \`help help' or \`man -k ${args[0]}' or \`info ${args[0]}'.\n`,
    );
  }
  let out = `GNU bash, version 4.2.46(2)-release (x86_64-redhat-linux-gnu) on the kdebug-lab simulated VM.
This shell runs in your browser: a CentOS 7.6 VM (${MACHINE.kernelRelease}) with the
vmcores of the labs in /var/crash and the debugging tools of the talk.

Type \`help name' for a builtin, \`man name' for a command, \`<tool> --help' for a tool.
Line editing: arrows, Home/End, Ctrl-A/E/U/K/W, Tab completion, Up/Down history,
Ctrl-C interrupts, Ctrl-D logs out, Ctrl-L clears the screen.
`;
  const tools = sys.toolSummaries();
  if (tools.length) {
    out += "\nDebugging tools:\n";
    for (const t of tools) out += `  ${t.name.padEnd(12)} ${t.summary}\n`;
  }
  out += "\nSystem commands of this VM:\n";
  for (const name of Object.keys(MAN_PAGES)) out += `  ${name.padEnd(12)} ${MAN_PAGES[name]}\n`;
  return ok(out);
}

/** One-line descriptions of the VM's own commands (man pages here are short, and ours). */
const MAN_PAGES: Record<string, string> = {
  uname: "print system information (-a -s -n -r -v -m)",
  hostname: "show the system's host name",
  id: "print user and group IDs",
  whoami: "print the effective user name",
  ps: "report a snapshot of the current processes (ps, ps -ef, ps aux, ps -eo pid,comm)",
  kill: "send a signal to a process (kill -l lists signals)",
  dmesg: "print the kernel ring buffer (-T human timestamps)",
  uptime: "tell how long the system has been running",
  free: "display amount of free and used memory (-m -g -h)",
  df: "report file system disk space usage (-h)",
  mount: "list mounted file systems",
  clubak: "format output from clush/pdsh-like output and gather nodes with the same output (-b/-c)",
  history: "display the command history",
};

function man(args: string[], sys: SystemContext): Result {
  const names = args.filter((a) => !a.startsWith("-"));
  if (names.length === 0) return fail("What manual page do you want?\n");
  let out = "";
  let stderr = "";
  for (const name of names) {
    const tool = sys.toolSummaries().find((t) => t.name === name);
    const summary = tool?.summary ?? MAN_PAGES[name];
    if (summary) {
      out += `${name.toUpperCase()}(1)\n\nNAME\n       ${name} - ${summary}\n\nDESCRIPTION\n       This simulated VM keeps manual pages short. Try \`${name} --help\`.\n\n`;
    } else if (sys.commandNames().includes(name)) {
      out += `${name.toUpperCase()}(1)\n\nNAME\n       ${name}\n\nDESCRIPTION\n       Try \`${name} --help\` for the options this VM supports.\n\n`;
    } else stderr += `No manual entry for ${name}\n`;
  }
  return { stdout: out, stderr, exitCode: stderr ? 16 : 0 };
}
