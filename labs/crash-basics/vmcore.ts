/**
 * Reading a scenario's vmcore for graders of the Crash-part labs (crash-basics, client-lbug,
 * server-load, ls-stuck). Everything is computed from the kernel model's memory through the
 * same views the crash tool uses (tasks, stacks, files), so a grader and `crash` can only
 * disagree if one of them misreads the dump.
 */
import type { OpenFile, PtRegs, StackFrame, TaskStruct } from "../../emulator/kernel/linux/model";
import { unwindStack } from "../../emulator/kernel/linux/stack";
import { listTasks, THREAD_SIZE } from "../../emulator/kernel/linux/tasks";
import type { Program } from "../../emulator/kernel/program";
import type { GraderContext } from "../schema";
import { memoize } from "./memory";
import { functionAt } from "./symbols";

/** The lab's kernel model with its Program API (ctx.program() is typed loosely in labs/schema.ts). */
export async function vmcore(ctx: GraderContext): Promise<Program> {
  const program = await ctx.program();
  const p = program as Partial<Program>;
  if (typeof p.readU64 !== "function" || p.symbols === undefined || p.slabs === undefined) {
    throw new Error(`lab ${ctx.labId}: the scenario is not a kernel model`);
  }
  return program as Program;
}

// ---- tasks ---------------------------------------------------------------------------------

export const allTasks = memoize((prog): readonly TaskStruct[] => [...listTasks(prog)]);

export function taskByPid(prog: Program, pid: number): TaskStruct {
  const task = allTasks(prog).find((t) => t.pid === pid);
  if (!task) throw new Error(`no task with PID ${pid} in the dump`);
  return task;
}

/** The most recent sched_info.last_arrival of any task: "now" for `ps -l` ages. */
export const newestArrival = memoize((prog): bigint => {
  let newest = 0n;
  for (const t of allTasks(prog)) if (t.lastArrival > newest) newest = t.lastArrival;
  return newest;
});

// ---- stacks --------------------------------------------------------------------------------

export function frames(prog: Program, task: TaskStruct): readonly StackFrame[] {
  return unwindStack(prog, task);
}

/** Function names of a task's frames, innermost first. */
export function stackFunctions(prog: Program, task: TaskStruct): string[] {
  return frames(prog, task).map((f) => functionAt(prog, f.pc) ?? "?");
}

/** The frame of a task running `fn` (the innermost one if several). */
export function frameOf(prog: Program, task: TaskStruct, fn: string): StackFrame {
  const frame = frames(prog, task).find((f) => functionAt(prog, f.pc) === fn);
  if (!frame) throw new Error(`PID ${task.pid} has no ${fn} frame`);
  return frame;
}

/** The user registers saved when the task entered the kernel with a system call (bt's last block). */
export function syscallRegs(prog: Program, task: TaskStruct): PtRegs {
  const withRegs = frames(prog, task).filter((f) => f.exception !== undefined);
  const last = withRegs[withRegs.length - 1];
  if (!last?.exception) throw new Error(`PID ${task.pid} has no exception frame`);
  return last.exception;
}

/**
 * Every 8-byte word of a task's kernel stack from its innermost frame to the top of the stack:
 * what `bt -FF` prints, frame by frame.
 */
export function stackWords(prog: Program, task: TaskStruct): bigint[] {
  const list = frames(prog, task);
  const top = task.stack + THREAD_SIZE;
  let addr = (list.length > 0 ? list[0].sp : task.threadSp) & ~7n;
  if (addr < task.stack || addr >= top) addr = task.stack;
  const words: bigint[] = [];
  for (; addr < top; addr += 8n) words.push(prog.readU64(addr));
  return words;
}

/** The open file behind a descriptor of a task. */
export function openFile(files: readonly OpenFile[], fd: number): OpenFile {
  const file = files.find((f) => f.fd === fd);
  if (!file) throw new Error(`no open file with descriptor ${fd}`);
  return file;
}
