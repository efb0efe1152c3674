/**
 * `sys`: the system summary crash prints at startup and on demand, plus the context block
 * (PID/COMMAND/TASK/CPU/STATE) shown at startup and by `set`. Every value is read from the
 * dump through the kernel model (sysInfo, the task table, the log for the SysRq case).
 */
import { logRecords } from "../../../kernel/linux/log";
import type { TaskStruct } from "../../../kernel/linux/model";
import { sysInfo } from "../../../kernel/linux/sysinfo";
import { taintLetters } from "../../../kernel/linux/taint";
import { taskStateName } from "../../../kernel/linux/tasks";
import type { Program } from "../../../kernel/program";
import { type CrashCommand, CrashError, type CrashSession, CrashUsageError } from "../command";
import { extras, getopt, hex, isActive, isNumber, resolveSymbol, taskTable } from "./tasks-common";

const GiB = 1024n * 1024n * 1024n;
const MiB = 1024n * 1024n;

/**
 * The DATE line: crash 7.2.3 (CentOS 7.6) formats it with ctime(), `Mon Jan  6 16:21:44 2020`
 * (crash 7.2.9 added the time zone). The guest runs in UTC.
 */
export function ctimeUtc(seconds: bigint): string {
  const d = new Date(Number(seconds) * 1000);
  const days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
  const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  const p2 = (n: number) => String(n).padStart(2, "0");
  const time = `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`;
  return `${days[d.getUTCDay()]} ${months[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2)} ${time} ${d.getUTCFullYear()}`;
}

/** convert_time: `[N days, ]HH:MM:SS` ("days" even for one). */
export function uptimeString(seconds: bigint): string {
  const days = seconds / 86400n;
  let rest = seconds % 86400n;
  const h = rest / 3600n;
  rest %= 3600n;
  const m = rest / 60n;
  const s = rest % 60n;
  const p2 = (n: bigint) => n.toString().padStart(2, "0");
  return `${days > 0n ? `${days} days, ` : ""}${p2(h)}:${p2(m)}:${p2(s)}`;
}

/** get_loadavg: avenrun fixed point (FSHIFT 11), rounded at the second decimal. */
export function loadAverage(avenrun: readonly [bigint, bigint, bigint]): string {
  const FSHIFT = 11n;
  const FIXED_1 = 1n << FSHIFT;
  return avenrun
    .map((raw) => {
      const a = raw + FIXED_1 / 200n;
      const int = a >> FSHIFT;
      const frac = ((a & (FIXED_1 - 1n)) * 100n) >> FSHIFT;
      return `${int}.${frac.toString().padStart(2, "0")}`;
    })
    .join(", ");
}

/** get_memory_size + pages_to_size: round up to a GiB when within 64 MiB of it; drop a `.0`. */
export function memorySize(bytes: bigint): string {
  let total = bytes;
  const nextGig = ((total + GiB - 1n) / GiB) * GiB;
  if (nextGig - total <= 64n * MiB) total = nextGig;
  if (total === 0n) return "0";
  const t = Number(total);
  let s: string;
  if (total >= GiB) s = `${(t / Number(GiB)).toFixed(1)} GB`;
  else if (total >= MiB) s = `${(t / Number(MiB)).toFixed(1)} MB`;
  else s = `${Math.floor(t / 1024)} KB`;
  return s.replace(".0 ", " ");
}

/** crash sets its SYSRQ flag when the log shows a SysRq-triggered crash. */
export function isSysrqDump(prog: Program): boolean {
  return logRecords(prog).some(
    (r) => r.text.includes("SysRq : Crash") || r.text.includes("SysRq : Trigger a crash"),
  );
}

function namelist(session: CrashSession, release: string): string {
  return extras(session).namelist ?? `/usr/lib/debug/lib/modules/${release}/vmlinux`;
}

/** The `sys` block; with startup, followed by the context block indented to line up with it. */
export function formatSysBlock(session: CrashSession, options: { startup: boolean }): string {
  const prog = session.prog;
  const s = sysInfo(prog);
  const table = taskTable(prog);
  let out = "";
  out += `      KERNEL: ${namelist(session, s.release)}\n`;
  // kdump's makedumpfile -d 31 (CentOS 7 default) writes a compressed, filtered dump.
  out += `    DUMPFILE: ${extras(session).dumpfile ?? "vmcore"}  [PARTIAL DUMP]\n`;
  out += `        CPUS: ${s.cpus}\n`;
  out += `        DATE: ${ctimeUtc(s.dateSeconds)}\n`;
  out += `      UPTIME: ${uptimeString(s.uptimeSeconds)}\n`;
  out += `LOAD AVERAGE: ${loadAverage(s.avenrun)}\n`;
  out += `       TASKS: ${table.byPidOrder.length}\n`;
  out += `    NODENAME: ${s.nodename}\n`;
  out += `     RELEASE: ${s.release}\n`;
  out += `     VERSION: ${s.version}\n`;
  out += `     MACHINE: ${s.machine}  ${s.mhz ? `(${s.mhz} Mhz)` : "(unknown Mhz)"}\n`;
  out += `      MEMORY: ${memorySize(s.totalRamBytes)}\n`;
  const panic = s.panicMessage.replace(/\n/g, "");
  out += `       PANIC: "${panic}"${panic.includes("Oops: ") ? " (check log for details)" : ""}\n`;
  if (options.startup) out += formatContext(session, session.context, { startup: true });
  return out;
}

/**
 * show_context: the PID/COMMAND/TASK/CPU/STATE lines. At startup they are indented by 5 more
 * spaces to line up with the sys block; `set` prints them unindented.
 */
export function formatContext(
  session: CrashSession,
  task: TaskStruct,
  options: { startup: boolean },
): string {
  const prog = session.prog;
  const table = taskTable(prog);
  const t = table.byAddress.get(task.address) ?? task;
  const ind = options.startup ? "     " : "";
  const sharing = table.byPid.get(t.pid)?.length ?? 1;
  let out = "";
  out += `${ind}    PID: ${t.pid}\n`;
  out += `${ind}COMMAND: "${t.comm}"\n`;
  // 3.10 keeps thread_info at the base of the kernel stack (task_struct.stack).
  out += `${ind}   TASK: ${hex(t.address)}  ${sharing > 1 ? `(1 of ${sharing})  ` : ""}[THREAD_INFO: ${hex(t.stack)}]\n`;
  out += `${ind}    CPU: ${t.cpu}\n`;
  let state = `${ind}  STATE: ${taskStateName(t)} `;
  if (isActive(table, t)) {
    if (t.address === table.panic.address) state += isSysrqDump(prog) ? "(SYSRQ)" : "(PANIC)";
    else state += "(ACTIVE)";
  }
  out += `${state}\n`;
  return out;
}

// --- sys -c: the system call table -------------------------------------------------------------

function syscallTable(session: CrashSession, spec: string | undefined, index: number): string {
  const prog = session.prog;
  const table = prog.symbols.lookup("sys_call_table");
  if (!table) throw new CrashError("cannot determine sys_call_table");
  const count = Math.max(1, Math.floor(table.size / 8));
  const ni = prog.symbols.lookup("sys_ni_syscall")?.address;
  const radix = session.radix;
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    const addr = prog.readU64(table.address + BigInt(i * 8));
    // crash names the slot after sys_x, not its SyS_x wrapper alias at the same address.
    const r = resolveSymbol(prog, addr);
    if (r === undefined || r.offset !== 0) continue;
    const name = ni !== undefined && addr === ni ? "sys_ni_syscall" : r.symbol.name;
    const num = (radix === 16 ? i.toString(16) : String(i)).padStart(3);
    const line = prog.symbols.lineOf(addr);
    const where = line ? `..${line.file.replace(/^.*?\/linux-[^/]+/, "")}: ${line.line}` : "";
    lines.push(`${num}  ${name.padEnd(26)} ${where}`.trimEnd());
  }
  const header = "NUM  SYSTEM CALL                FILE AND LINE NUMBER\n";
  if (spec === undefined) return header + lines.map((l) => `${l}\n`).join("");
  const wantNumber = isNumber(spec)
    ? radix === 16
      ? BigInt(spec.startsWith("0x") ? spec : `0x${spec}`)
      : BigInt(spec)
    : undefined;
  const picked = lines.filter((l) => {
    const [n, name] = l.trim().split(/\s+/);
    if (wantNumber !== undefined)
      return n === (radix === 16 ? wantNumber.toString(16) : wantNumber.toString(10));
    return name?.includes(spec);
  });
  return (index === 0 ? header : "") + picked.map((l) => `${l}\n`).join("");
}

// --- sys -t: taint flags ---------------------------------------------------------------------

function taints(session: CrashSession): string {
  const prog = session.prog;
  const sym = prog.symbols.lookup("tainted_mask");
  if (!sym) throw new CrashError("-t option not supported or applicable on this architecture or kernel");
  const mask = prog.readU64(sym.address);
  return `TAINTED_MASK: ${hex(mask)}  ${taintLetters(mask)}\n`;
}

export const sys: CrashCommand = {
  name: "sys",
  synopsis: "[-c [name|number]] [-t] [-i] config",
  summary: "system data",
  help: `  Without arguments, show the summary of the system the dump was taken on:
  the kernel and dump files, CPU count, the date of the dump and the uptime,
  load average, task count, host name, kernel release and version, machine,
  memory size and the panic message (the same block crash prints at startup).

    -c [name|number]  the system call table, or the entries matching a name
                      or a number.
    -t                the kernel taint flags.
    -i                the DMI (SMBIOS) identification strings.
    config            the kernel configuration, when built in (IKCONFIG).

  EXAMPLES
    Show the panic message again:

      crash> sys | grep PANIC`,
  run(session, args) {
    let syscalls = false;
    const parsed = getopt("sys", args, "ctip:");
    for (const { opt, arg } of parsed.opts) {
      if (opt === "c") syscalls = true;
      else if (opt === "t") {
        session.out(taints(session));
        return;
      } else if (opt === "i") {
        if (!session.prog.symbols.lookup("dmi_ident"))
          throw new CrashError("dmi_ident does not exist in this kernel");
        return;
      } else if (opt === "p") {
        // `sys -panic` would crash a live system; this is a dump.
        if (arg !== "anic") throw new CrashUsageError();
        throw new CrashError("cannot panic a dumpfile");
      }
    }
    if (parsed.operands.length === 0) {
      session.out(
        syscalls ? syscallTable(session, undefined, 0) : formatSysBlock(session, { startup: false }),
      );
      return;
    }
    parsed.operands.forEach((op, i) => {
      if (syscalls) session.out(syscallTable(session, op, i));
      else if (op === "config") {
        if (!session.prog.symbols.lookup("kernel_config_data"))
          throw new CrashError("kernel_config_data does not exist in this kernel");
      } else throw new CrashUsageError();
    });
  },
};
