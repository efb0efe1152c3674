/**
 * Readers of the texts the live-kernel graders look at: tracefs's kprobe_events, `perf script`,
 * `perf report --stdio` and function_graph traces, as the guest's 6.1 kernel and perf 6.1
 * print them. Pure functions, so tests can feed them real captured output.
 */
import { detectFlameFormat, flameStacks } from "../../emulator/tools/flamegraph/detect";

export interface ProbeEvent {
  /** "kprobes" for events written by hand, "probe" for perf probe's. */
  readonly group: string;
  readonly name: string;
  /** Where it is placed: `do_sys_openat2`, `do_sys_openat2+4`, or perf's `_text+1880144`. */
  readonly location: string;
  readonly args: readonly string[];
  /** Whether one argument reads a string behind %dx (the file name of do_sys_openat2). */
  readonly readsString: boolean;
}

/** Lines of kprobe_events: `p:GROUP/NAME LOCATION ARG...` (and `r:` for return probes). */
export function parseKprobeEvents(text: string): ProbeEvent[] {
  const events: ProbeEvent[] = [];
  for (const line of text.split("\n")) {
    const match = /^[pr]\d*:(\S+?)\/(\S+)\s+(\S+)\s*(.*)$/.exec(line.trim());
    if (!match) continue;
    const args = match[4].split(/\s+/).filter(Boolean);
    events.push({
      group: match[1],
      name: match[2],
      location: match[3],
      args,
      readsString: args.some((arg) => /\(%[re]?dx\):u?string$/.test(arg)),
    });
  }
  return events;
}

/** A hand-written entry probe on `func` (the kernel files those under group "kprobes"). */
export function findHandKprobe(kprobeEvents: string, func: string): ProbeEvent | undefined {
  return parseKprobeEvents(kprobeEvents).find(
    (e) => e.group === "kprobes" && (e.location === func || e.location.startsWith(`${func}+`)),
  );
}

/** perf probe's event for `func`: group "probe", named after the function (`func`, `func_1`...). */
export function findPerfProbe(kprobeEvents: string, func: string): ProbeEvent | undefined {
  return parseKprobeEvents(kprobeEvents).find(
    (e) => e.group === "probe" && (e.name === func || new RegExp(`^${func}_\\d+$`).test(e.name)),
  );
}

export interface Opener {
  readonly comm: string;
  readonly pid: number;
}

/** Tasks that `perf script` shows opening `file` (a `...="FILE"` string argument). */
export function openersOf(perfScript: string, file: string): Opener[] {
  const openers: Opener[] = [];
  for (const line of perfScript.split("\n")) {
    if (!line.includes(`="${file}"`)) continue;
    // perf script: "COMM PID [CPU] TIME: EVENT: ..."; COMM may contain blanks, the PID does not.
    const match = /^\s*(.*?)\s+(\d+)\s+\[\d+\]/.exec(line);
    if (match) openers.push({ comm: match[1], pid: Number(match[2]) });
  }
  return openers;
}

/** A `perf report --stdio` of data recorded with call graphs (-g) that shows `comm`. */
export function reportHasCallGraph(report: string, comm: string): boolean {
  return /^#\s*Children\s+Self\b/m.test(report) && new RegExp(`\\s${comm}\\s`).test(report);
}

/**
 * Which of `syscalls` the call graph gives the largest share (`--51.61%--__ia32_sys_read`).
 * Each branch may appear under several entries; the largest percentage is the branch's.
 */
export function dominantSyscall(report: string, syscalls: readonly string[]): string | undefined {
  let best: { name: string; percent: number } | undefined;
  for (const name of syscalls) {
    const pattern = new RegExp(`--(\\d+(?:\\.\\d+)?)%--__ia32_sys_${name}\\b`, "g");
    for (const match of report.matchAll(pattern)) {
      const percent = Number(match[1]);
      if (!best || percent > best.percent) best = { name, percent };
    }
  }
  return best?.name;
}

/** A function_graph trace (the tracer's header) in which `func` is entered: `func() {`. */
export function isFunctionGraphOf(trace: string, func: string): boolean {
  return /^# tracer: function_graph\s*$/m.test(trace) && new RegExp(`\\|\\s*${func}\\(\\) \\{`).test(trace);
}

export interface FlameProfile {
  /** Samples in the file (one per `perf script` sample header). */
  readonly samples: number;
  /** Samples that carry a call chain (recorded with -g). */
  readonly withCallchain: number;
  /** Call-chain lines that perf resolved in the kernel's symbols. */
  readonly kernelFrames: number;
  /** Samples per command: the flame graph's first row above "all". */
  readonly byComm: ReadonlyMap<string, number>;
}

/**
 * What the page's flame graph viewer draws from a `perf script` text (null if the text is not
 * perf script output): the same detection and collapse as the viewer, so the grader's numbers
 * are the ones the learner hovers over.
 */
export function flameProfileOf(perfScript: string): FlameProfile | null {
  if (detectFlameFormat(perfScript) !== "perf-script") return null;
  const stacks = flameStacks(perfScript, "perf-script");
  if (!stacks) return null;
  const byComm = new Map<string, number>();
  for (const node of stacks.root.children.values()) byComm.set(node.name, node.value);
  // Call-chain lines only: a sample header (no -g) also ends in "([kernel.kallsyms])", but it
  // carries the timestamp ("80.481708:") that a chain line never has.
  const kernelFrames = perfScript
    .split("\n")
    .filter(
      (line) => /^\s+[0-9a-f]+ .*\(\[kernel\.kallsyms\]\)\s*$/.test(line) && !/\s\d+\.\d+:\s/.test(line),
    ).length;
  return { samples: stacks.root.value, withCallchain: stacks.withCallchain, kernelFrames, byComm };
}
