/**
 * Task lines shared by bt, foreach, files, ps -l, set: the task header in crash 7.2's widths
 * (before crash 8.0.2 widened them). State names come from the kernel model (taskStateName).
 */
import type { TaskStruct } from "../../../kernel/linux/model";
import { hex, ljust } from "./text";

/** `PID: %-5ld  TASK: %s  CPU: %-2s  COMMAND: "%s"` */
export function taskHeader(task: TaskStruct): string {
  return `PID: ${ljust(String(task.pid), 5)}  TASK: ${hex(task.address)}  CPU: ${ljust(String(task.cpu), 2)}  COMMAND: "${task.comm}"`;
}
