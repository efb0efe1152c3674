/**
 * `set`: show or change the context task (by pid, task address, -p for the panic task, -c for
 * a cpu's active task) and session settings: `radix`, `scroll`, and kdebug-lab's `explain`.
 */
import type { TaskStruct } from "../../../kernel/linux/model";
import { type CrashCommand, CrashError, type CrashSession, CrashUsageError } from "../command";
import { htol, isDecimal, isHex } from "../format/args";
import type { Session } from "../session";
import { formatContext } from "./sys";
import { taskTable } from "./tasks-common";

/** The task table and the context block belong to the task commands. */
async function taskHelpers() {
  return { taskTable, formatContext };
}

/**
 * crash's on/off variables that change nothing a dump session here can show (hash tables for
 * list loops, live-system refresh, core dumps on error, zero-filled excluded pages, slab
 * redzones): they are remembered and reported as crash does, with their default values.
 */
const SWITCHES: Readonly<Record<string, boolean>> = {
  hash: true,
  refresh: false,
  core: false,
  zero_excluded: false,
  redzone: true,
};
const switchState = new WeakMap<CrashSession, Map<string, boolean>>();

function switchValue(session: CrashSession, name: string): boolean {
  return switchState.get(session)?.get(name) ?? SWITCHES[name];
}

function switchLine(session: CrashSession, name: string): string {
  const on = switchValue(session, name);
  if (name === "core") return `core: ${on ? "on (drop core" : "off (do NOT drop core"} on error message)`;
  return `${name}: ${on ? "on" : "off"}`;
}

/** `set hash off`, `set redzone 0`...: on, off or a number (non-zero is on). */
function setSwitch(session: CrashSession, args: string[]): void {
  const [name, value] = args;
  if (value !== undefined) {
    let on: boolean;
    if (value === "on") on = true;
    else if (value === "off") on = false;
    else if (/^(0[xX][0-9a-fA-F]+|\d+)$/.test(value)) on = BigInt(value) !== 0n;
    else throw new CrashError(`invalid command: set ${args.join(" ")} `);
    let m = switchState.get(session);
    if (!m) {
      m = new Map();
      switchState.set(session, m);
    }
    m.set(name, on);
  }
  session.out(`${switchLine(session, name)}\n`);
}

function explainState(session: CrashSession): boolean {
  return (session as Session).explainMode ?? false;
}

export const setCommand: CrashCommand = {
  name: "set",
  synopsis: "[[-a] [pid | taskp] | [-c cpu] | -p] | [-v] | [variable value]",
  summary: "set a process context or internal crash variable",
  help: `  Show the current context (the task that task-related commands use by
  default), change it, or change a session setting.

    set              show the current context.
    set pid | taskp  make this task (a pid, or a task_struct address) the context.
    set -p           go back to the panic task.
    set -c cpu       the task that was running on this cpu.
    set -v           show the session settings.
    set radix 10|16  output radix for integers (aliases: dec, hex).
    set scroll on|off   accepted; output is never paged here (alias: sf, sn).
    set hash|refresh|core|zero_excluded|redzone on|off
                     accepted and remembered; they change nothing visible in
                     this lab's dumps.
    set explain on|off  kdebug-lab addition: after each command, show the memory
                     reads that produced its output (--explain does it once).

EXAMPLES
    crash> set radix 16
    output radix: 16 (hex)
    crash> set 5389
        PID: 5389
    COMMAND: "ll_ost00_003"
       TASK: ffff917cbba330c0  [THREAD_INFO: ffff917c9eb30000]
        CPU: 0
      STATE: TASK_RUNNING (ACTIVE)`,
  async run(session, args) {
    const s = session as Session;
    if (args.length === 0) {
      const { formatContext } = await taskHelpers();
      session.out(formatContext(session, session.context, { startup: false }));
      return;
    }
    const [first, second] = args;
    switch (first) {
      case "radix":
        if (second === undefined) {
          session.out(`output radix: ${session.radix} (${session.radix === 16 ? "hex" : "decimal"})\n`);
          return;
        }
        if (second !== "10" && second !== "16") throw new CrashError(`invalid radix: ${second}`);
        session.radix = second === "16" ? 16 : 10;
        session.out(`output radix: ${session.radix} (${session.radix === 16 ? "hex" : "decimal"})\n`);
        return;
      case "scroll":
        if (second === "on" || second === "off") s.scroll = second === "on";
        else if (second !== undefined) throw new CrashError(`invalid scroll value: ${second}`);
        session.out(`scroll: ${(s.scroll ?? true) ? "on" : "off"} (/usr/bin/less)\n`);
        return;
      case "explain":
        if (second === "on" || second === "off") s.explainMode = second === "on";
        else if (second !== undefined) throw new CrashError(`invalid explain value: ${second}`);
        session.out(`explain: ${explainState(session) ? "on" : "off"}\n`);
        return;
      case "-v":
        session.out(settings(s));
        return;
    }
    if (Object.hasOwn(SWITCHES, first)) {
      setSwitch(session, args);
      return;
    }
    const { taskTable, formatContext } = await taskHelpers();
    const table = taskTable(session.prog);
    let task: TaskStruct | undefined;
    if (first === "-p") task = session.panicTask;
    else if (first === "-c") {
      if (second === undefined || !isDecimal(second))
        throw new CrashError(`invalid cpu number: ${second ?? ""}`);
      task = table.active.get(Number(second));
      if (!task) throw new CrashError(`invalid cpu number: ${second}`);
    } else if (first === "-a") {
      throw new CrashError("-a option is only applicable to live systems");
    } else if (/^-[^\d]/.test(first)) {
      // getopt's complaint, then the usage (set's options are -p -c -a -v).
      throw new CrashUsageError(`set: invalid option -- '${first[1]}'`);
    } else if (isDecimal(first)) {
      const list = table.byPid.get(Number(first));
      task = list?.[0];
      if (!task) throw new CrashError(`invalid task or pid value: ${first}`);
    } else if (isHex(first)) {
      task = table.byAddress.get(htol(first));
      if (!task) throw new CrashError(`invalid task or pid value: ${first}`);
    } else throw new CrashError(`invalid task or pid value: ${first}`);
    session.context = task;
    session.out(formatContext(session, task, { startup: false }));
  },
};

function settings(s: Session): string {
  const rows: [string, string][] = [
    ["scroll", `${s.scroll ? "on" : "off"} (/usr/bin/less)`],
    ["radix", `${s.radix} (${s.radix === 16 ? "hex" : "decimal"})`],
    ["refresh", switchValue(s, "refresh") ? "on" : "off"],
    ["print_max", "256"],
    ["print_array", "off"],
    ["console", "(not assigned)"],
    ["debug", "0"],
    ["core", switchValue(s, "core") ? "on" : "off"],
    ["hash", switchValue(s, "hash") ? "on" : "off"],
    ["silent", s.silent ? "on" : "off"],
    ["edit", "emacs"],
    ["namelist", s.namelist],
    ["dumpfile", s.dumpfile],
    ["unwind", "off"],
    ["zero_excluded", switchValue(s, "zero_excluded") ? "on" : "off"],
    ["null-stop", "off"],
    ["gdb", "off"],
    ["scope", "0 (not set)"],
    ["offline", "show"],
    ["redzone", switchValue(s, "redzone") ? "on" : "off"],
    ["error", "default"],
    ["explain", `${s.explainMode ? "on" : "off"}  (kdebug-lab)`],
  ];
  return rows.map(([k, v]) => `${k.padStart(14)}: ${v}\n`).join("");
}
