/**
 * Task lines shared by bt, foreach, files, ps -l, set: the task header in crash 7.2's widths
 * (before crash 8.0.2 widened them) and the verbose state names of the context block.
 */
import type { TaskStruct } from "../../../kernel/linux/model";
import { hex, ljust } from "./text";

/** `PID: %-5ld  TASK: %s  CPU: %-2s  COMMAND: "%s"` */
export function taskHeader(task: TaskStruct): string {
  return `PID: ${ljust(String(task.pid), 5)}  TASK: ${hex(task.address)}  CPU: ${ljust(String(task.cpu), 2)}  COMMAND: "${task.comm}"`;
}

/** Linux 3.10 task state bits (include/linux/sched.h). */
const STATE_BITS: readonly [number, string][] = [
  [1, "TASK_INTERRUPTIBLE"],
  [2, "TASK_UNINTERRUPTIBLE"],
  [4, "TASK_STOPPED"],
  [8, "TASK_TRACED"],
  [64, "TASK_DEAD"],
  [128, "TASK_WAKEKILL"],
  [256, "TASK_WAKING"],
  [512, "TASK_PARKED"],
];

/** The verbose state crash's context block prints: `TASK_RUNNING`, `TASK_INTERRUPTIBLE`, `EXIT_ZOMBIE`... */
export function taskStateName(task: TaskStruct): string {
  if (task.exitState & 16) return "EXIT_ZOMBIE";
  if (task.exitState & 32) return "EXIT_DEAD";
  if (task.state === 0) return "TASK_RUNNING";
  const names = STATE_BITS.filter(([bit]) => task.state & bit).map(([, n]) => n);
  return names.length ? names.join("|") : `UNKNOWN (${task.state})`;
}
