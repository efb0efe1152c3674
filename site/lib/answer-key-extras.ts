/**
 * Answer key (site/pages/instructor/answers/): a model answer for the tasks whose check cannot
 * state its expected value — `custom` graders only say right or wrong, and a `regex` check holds
 * a pattern, not an answer. Each entry computes the answer with the same lab helpers the grader
 * calls, and the answer key then feeds it to the task's real grader: an entry that drifts from
 * its grader shows up as "rejected" on the page, never as a silently wrong key.
 *
 * Instructor-only: nothing in the learner UI imports this module.
 */
import type { Program } from "../../emulator/kernel/program";
import { assertFunction, assertSource, crashedTask, syscallName } from "../../labs/client-lbug/index";
import { dumpUptimeSeconds } from "../../labs/crash-basics/index";
import { vmcore } from "../../labs/crash-basics/vmcore";
import { lockHolder, stuckSeconds } from "../../labs/ls-stuck/index";
import type { GraderContext } from "../../labs/schema";
import { activeOstThread, exportAddresses, staleStates, waitingLocks } from "../../labs/server-load/ldlm";
import { requestedMode } from "../../labs/server-load/lustre";

export interface ModelAnswer {
  /** What to type (fed to the grader when the task takes an answer). */
  readonly answer: string;
  /** Extra context for the instructor: other accepted forms, the raw value. */
  readonly note?: string;
}

type Extra = (ctx: GraderContext) => Promise<ModelAnswer>;

/** "h:mm:ss" for a number of seconds (crash's UPTIME style, without days). */
function clock(seconds: number): string {
  const s = Math.round(seconds);
  const two = (n: number) => String(n).padStart(2, "0");
  return `${Math.floor(s / 3600)}:${two(Math.floor((s % 3600) / 60))}:${two(s % 60)}`;
}

function modeName(prog: Program, mode: bigint): string {
  const name = prog.types.enums.get("ldlm_mode")?.enumerators.find(([, v]) => v === mode)?.[0];
  return name ?? `0x${mode.toString(16)}`;
}

const byTask = (comm: string, pid: number): ModelAnswer => ({
  answer: comm,
  note: `or its PID, ${pid}`,
});

/** Keyed by "<lab>/<task>". */
export const modelAnswers: Readonly<Record<string, Extra>> = {
  "crash-basics/dump-uptime": async (ctx) => {
    const seconds = await dumpUptimeSeconds(ctx);
    return { answer: `${seconds} s`, note: `${clock(seconds)}; within 1% or 1.5 s` };
  },
  "client-lbug/panic-command": async (ctx) => {
    const task = await crashedTask(ctx);
    return byTask(task.comm, task.pid);
  },
  "client-lbug/assert-function": async (ctx) => ({
    answer: await assertFunction(ctx),
    note: "with or without () or a .isra.N suffix",
  }),
  "client-lbug/syscall-name": async (ctx) => ({
    answer: await syscallName(ctx),
    note: "or sys_<name>, or its number",
  }),
  "client-lbug/lassert-line": async (ctx) => {
    const { file, line } = await assertSource(ctx);
    return { answer: `${file.split("/").pop() ?? file}:${line}`, note: `full path: ${file}` };
  },
  "server-load/active-ost-thread": async (ctx) => {
    const task = activeOstThread(await vmcore(ctx));
    return byTask(task.comm, task.pid);
  },
  "server-load/stuck-states": async (ctx) => ({
    answer: staleStates(await vmcore(ctx)).join(", "),
    note: "all of them, any order",
  }),
  "server-load/waiting-modes": async (ctx) => {
    const prog = await vmcore(ctx);
    const modes = waitingLocks(prog).map((lock) => modeName(prog, requestedMode(prog, lock)));
    return { answer: modes.join(", "), note: "one per waiting lock, any order" };
  },
  "server-load/export-file": async (ctx) => {
    const lines = exportAddresses(await vmcore(ctx)).map((a) => a.toString(16));
    return { answer: lines.join("\n"), note: `${lines.length} lines: granted list, then waiting list` };
  },
  "ls-stuck/holder-thread": async (ctx) => {
    const { task } = lockHolder(await vmcore(ctx));
    return byTask(task.comm, task.pid);
  },
  "ls-stuck/stuck-duration": async (ctx) => {
    const seconds = stuckSeconds(await vmcore(ctx));
    return {
      answer: `${Math.round(seconds)} s`,
      note: `${(seconds / 60).toFixed(1)} min, ${(seconds / 3600).toFixed(2)} h; within 3%`,
    };
  },
};
