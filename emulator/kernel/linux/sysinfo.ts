/**
 * What crash's `sys` prints, every field read from kernel memory: init_uts_ns, jiffies_64 (with
 * INITIAL_JIFFIES), the timekeeper's xtime_sec, avenrun, totalram_pages, the online CPU mask,
 * cpu_khz, the task count, and the panic message found in the log the way crash finds it.
 */
import type { Program } from "../program";
import { logRecords } from "./log";
import type { SysInfo } from "./model";
import { listTasks } from "./tasks";

const HZ = 1000n;
const INITIAL_JIFFIES = 0xfffb6c20n;

/** crash's panic-message search order: explicit panics, then SysRq crashes, then oopses. */
const PANIC_PATTERNS: [string, boolean][] = [
  ["Kernel panic - not syncing: ", true],
  ["SysRq : Crash", true],
  ["SysRq : Trigger a crash", true],
  ["SysRq : Netdump", true],
  ["Oops: ", true],
  ["BUG: unable to handle kernel ", true],
  ["kernel BUG at", true],
];

export function panicMessageOf(texts: readonly string[]): string {
  for (const [pat] of PANIC_PATTERNS) {
    const line = texts.find((t) => t.includes(pat));
    if (line !== undefined) return line.slice(line.indexOf(pat)).replace(/\n/g, "");
  }
  return "";
}

function utsField(prog: Program, field: string): string {
  const base = prog.symbol("init_uts_ns").address + BigInt(prog.offsetOf("uts_namespace", `name.${field}`));
  return prog.readCString(base, 65);
}

function popcount(v: bigint): number {
  let n = 0;
  while (v) {
    n += Number(v & 1n);
    v >>= 1n;
  }
  return n;
}

export function sysInfo(prog: Program): SysInfo {
  const jiffies = prog.readU64(prog.symbol("jiffies_64").address);
  const uptimeSeconds = (jiffies - INITIAL_JIFFIES) / HZ;
  const tk = prog.symbol("timekeeper").address;
  const dateSeconds = prog.readMember(tk, "timekeeper", "xtime_sec");
  const av = prog.symbol("avenrun").address;
  const avenrun: [bigint, bigint, bigint] = [prog.readU64(av), prog.readU64(av + 8n), prog.readU64(av + 16n)];
  const maskPtr = prog.readU64(prog.symbol("cpu_online_mask").address);
  const nr = prog.readS32(prog.symbol("nr_cpu_ids").address);
  let cpus = 0;
  for (let w = 0; w * 64 < nr; w++) cpus += popcount(prog.readU64(maskPtr + BigInt(w * 8)));
  const totalRamBytes = prog.readU64(prog.symbol("totalram_pages").address) * 4096n;
  const khz = prog.readU32(prog.symbol("cpu_khz").address);
  return {
    cpus,
    dateSeconds,
    uptimeSeconds,
    avenrun,
    tasks: listTasks(prog).length,
    nodename: utsField(prog, "nodename"),
    release: utsField(prog, "release"),
    version: utsField(prog, "version"),
    machine: utsField(prog, "machine"),
    mhz: Math.floor(khz / 1000),
    totalRamBytes,
    panicMessage: panicMessageOf(logRecords(prog).map((r) => r.text)),
  };
}
