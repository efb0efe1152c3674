/**
 * `task`: a task's task_struct (and, on this 3.10 kernel, its thread_info) printed as gdb
 * prints structures inside crash, or only selected members with -R.
 */
import type { TaskStruct } from "../../../kernel/linux/model";
import type { Program } from "../../../kernel/program";
import { resolveMemberPath, type StructType } from "../../../kernel/types";
import { type CrashCommand, CrashError, type CrashSession, type Radix } from "../command";
import { GdbValuePrinter, readValueBytes } from "../format/gdbvalue";
import { currentTask, getopt, info, isNumber, strToContext, taskHeader, taskTable } from "./tasks-common";

/** The full dump: `struct task_struct {...}`, a blank line, `struct thread_info {...}`. */
export function taskStructDump(prog: Program, task: TaskStruct, radix: Radix): string {
  const printer = new GdbValuePrinter(prog, radix);
  const ts = prog.types.completeStruct("task_struct");
  if (!ts) throw new CrashError("task_struct type is not available in this dump");
  let out = `struct task_struct ${printer.structAt(ts, task.address)}\n`;
  const ti = prog.types.completeStruct("thread_info");
  if (ti && task.stack !== 0n) out += `\nstruct thread_info ${printer.structAt(ti, task.stack)}\n`;
  return out;
}

/**
 * -R member[,member]: the selected members as lines of the full dump (struct order, each with
 * its trailing comma), or `a.b` paths printed as `a.b = value`.
 */
export function taskMembers(
  session: CrashSession,
  task: TaskStruct,
  refs: readonly string[],
  radix: Radix,
): string {
  const prog = session.prog;
  const printer = new GdbValuePrinter(prog, radix);
  const ts = prog.types.completeStruct("task_struct");
  if (!ts) throw new CrashError("task_struct type is not available in this dump");
  const ti = prog.types.completeStruct("thread_info");
  const plain = refs.filter((r) => !r.includes(".") && !r.includes("["));
  const paths = refs.filter((r) => r.includes(".") || r.includes("["));
  let out = "";
  for (const r of plain) {
    if (!hasMember(ts, r) && !(ti && hasMember(ti, r)))
      info(session, "task", `${r}: not a task_struct or thread_info member`);
  }
  const select = (t: StructType, addr: bigint) => {
    const vb = readValueBytes(prog, addr, t.size);
    t.members.forEach((m, i) => {
      if (m.name === null || !plain.includes(m.name)) return;
      const last = i === t.members.length - 1;
      out += `  ${m.name} = ${printer.memberValue(m, vb, 1)}${last ? "" : ","}\n`;
    });
  };
  select(ts, task.address);
  if (ti && task.stack !== 0n) select(ti, task.stack);
  for (const p of paths) {
    let rm: ReturnType<typeof resolveMemberPath>;
    try {
      rm = resolveMemberPath(ts, p);
    } catch {
      info(session, "task", `invalid data structure member reference: ${p}`);
      continue;
    }
    const bits = rm.bitSize !== undefined ? { bitOffset: rm.bitOffset ?? 0, bitSize: rm.bitSize } : undefined;
    const value = printer.valueAt(rm.type, task.address + BigInt(rm.offset), 1, bits);
    out += `  ${p} = ${value},\n`;
  }
  return out;
}

function hasMember(t: StructType, name: string): boolean {
  try {
    resolveMemberPath(t, name);
    return true;
  } catch {
    return false;
  }
}

/** do_task: header (unless foreach printed it), the dump or the members, then a blank line. */
export function doTask(
  session: CrashSession,
  task: TaskStruct,
  opts: { refs?: readonly string[]; radix?: Radix; fromForeach?: boolean },
): string {
  const radix = opts.radix ?? session.radix;
  if (opts.refs?.length) return `${taskHeader(task)}${taskMembers(session, task, opts.refs, radix)}\n`;
  return `${opts.fromForeach ? "" : taskHeader(task)}${taskStructDump(session.prog, task, radix)}\n`;
}

export const task: CrashCommand = {
  name: "task",
  synopsis: "[-R member[,member]] [-dx] [pid | taskp] ...",
  summary: "task_struct and thread_info contents",
  help: `  Print the task_struct of the current context task, or of the tasks given by
  pid or task_struct address, member by member as gdb prints a structure,
  followed by its thread_info.

    -R member[,member]  only these members; a member of an embedded
                        structure can be named with a dot (se.on_rq), an
                        array element with an index (pids[0]).
    -x / -d             print integers in hexadecimal / decimal.

  A member name can also be given without -R, after the pids.

  EXAMPLES
    How long has the task slept, and on which CPU did it run last?

      crash> task -R se.exec_start,sched_info 25786`,
  run(session, args) {
    const parsed = getopt("task", args, "xdhR:");
    let radix: Radix | undefined;
    const refs: string[] = [];
    for (const { opt, arg } of parsed.opts) {
      if (opt === "x" || opt === "h") {
        if (radix === 10) throw new CrashError("-d and -x are mutually exclusive");
        radix = 16;
      } else if (opt === "d") {
        if (radix === 16) throw new CrashError("-d and -x are mutually exclusive");
        radix = 10;
      } else if (opt === "R" && arg) refs.push(...arg.split(",").filter(Boolean));
    }
    const table = taskTable(session.prog);
    const ts = session.prog.types.completeStruct("task_struct");
    const tasks: TaskStruct[] = [];
    let bogus = 0;
    for (const a of parsed.operands) {
      if (isNumber(a)) {
        const c = strToContext(table, a);
        if (c.kind === "pid") tasks.push(...c.tasks);
        else if (c.kind === "task") tasks.push(c.task);
        else {
          bogus++;
          info(session, "task", `invalid task or pid value: ${a}\n`);
        }
      } else if (a.includes(",") || (ts && hasMember(ts, a)) || a.includes(".") || a.includes("[")) {
        refs.push(...a.split(",").filter(Boolean));
      } else info(session, "task", `invalid task, pid, or task_struct member: ${a}\n`);
    }
    if (tasks.length === 0 && bogus === 0) tasks.push(currentTask(session));
    for (const t of tasks) session.out(doTask(session, t, { refs, radix }));
  },
};
