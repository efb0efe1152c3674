/** Crash commands about tasks, stacks, the log and the system (sys, log, bt, files, mod, ps, foreach, task, runq, waitq). */
import type { CrashCommand } from "../command";
import { bt } from "./bt";
import { files } from "./files";
import { foreach } from "./foreach";
import { log } from "./log";
import { mod } from "./mod";
import { ps } from "./ps";
import { runq } from "./runq";
import { sys } from "./sys";
import { task } from "./task";
import { waitq } from "./waitq";

export const taskCommands: CrashCommand[] = [bt, files, foreach, log, mod, ps, runq, sys, task, waitq];
