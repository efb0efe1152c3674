/** Crash commands about tasks, stacks, the log and the system (sys, log, bt, files, mod, ps, foreach, task, runq, waitq). */
import type { CrashCommand } from "../command";

export const taskCommands: CrashCommand[] = [];
