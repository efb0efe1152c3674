/**
 * Lab "ls-stuck": the MDS where `ls` hung on a directory. Graders find the threads blocked in
 * ldlm_completion_ast (a server thread waiting for its own local lock), the oldest of them —
 * the unlink that held the directory lock — and how long it had been stuck, from the tasks'
 * sched_info.last_arrival as `ps -l` prints it.
 */
import type { TaskStruct } from "../../emulator/kernel/linux/model";
import type { Program } from "../../emulator/kernel/program";
import { memoize } from "../crash-basics/memory";
import { closeDuration, matchesTask, parseDuration } from "../crash-basics/parse";
import { allTasks, newestArrival, stackFunctions, vmcore } from "../crash-basics/vmcore";
import { defineLab, type GraderContext } from "../schema";

const START_CRASH = ["cd /var/crash/ls_stuck", "crash /usr/lib/debug/lib/modules/3.10.0*/vmlinux vmcore"];

/** Where a server thread sleeps until a lock it enqueued on its own namespace is granted. */
const LOCK_WAIT = "ldlm_completion_ast";

/** Threads asleep waiting for a lock, with their stacks (innermost first). */
export const lockWaiters = memoize((prog: Program): readonly { task: TaskStruct; stack: string[] }[] =>
  allTasks(prog)
    .map((task) => ({ task, stack: stackFunctions(prog, task) }))
    .filter(({ stack }) => stack.includes(LOCK_WAIT)),
);

/** The waiter that has not run for the longest time: it got stuck first, holding what the others need. */
export const lockHolder = memoize((prog: Program) => {
  const waiters = lockWaiters(prog);
  if (waiters.length === 0) throw new Error(`no thread waits in ${LOCK_WAIT}`);
  const sorted = [...waiters].sort((a, b) => (a.task.lastArrival < b.task.lastArrival ? -1 : 1));
  if (sorted.length > 1 && sorted[0].task.lastArrival === sorted[1].task.lastArrival) {
    throw new Error("two lock waiters stopped at the same time");
  }
  return sorted[0];
});

/** The metadata change the holder was making: mdt_reint_<op>, below mdt_reint_rec. */
export function holderOperation(prog: Program): string {
  const generic = new Set(["rec", "internal", "object_lock"]);
  for (const fn of lockHolder(prog).stack) {
    const m = /^mdt_reint_(\w+)$/.exec(fn);
    if (m && !generic.has(m[1])) return m[1];
  }
  throw new Error("the holder is not in a reint operation");
}

/** Threads waiting behind the holder: the other lock waiters. */
export function waiterCount(prog: Program): number {
  return lockWaiters(prog).length - 1;
}

/** Seconds between the holder's last run and the most recent task's: how long it had been stuck. */
export function stuckSeconds(prog: Program): number {
  return Number(newestArrival(prog) - lockHolder(prog).task.lastArrival) / 1e9;
}

export const operationChoices = ["getattr", "create", "unlink", "rename", "setattr"] as const;

export async function gradeHolder(ctx: GraderContext, answer: string) {
  const { task } = lockHolder(await vmcore(ctx));
  return matchesTask(answer, task)
    ? { correct: true, message: "Correct!" }
    : {
        correct: false,
        message: "Not quite — which of the waiting threads has not run for the longest time?",
      };
}

/** ps -l timestamps give the age to the nanosecond; people round to a minute or to 0.01 h. */
export async function gradeStuckDuration(ctx: GraderContext, answer: string) {
  const given = parseDuration(answer);
  if (given === null) return { correct: false, message: "Write a duration: 5400 s, 90 min, 1.5 h, 1h30m..." };
  return closeDuration(given, stuckSeconds(await vmcore(ctx)), 0.03)
    ? { correct: true, message: "Correct!" }
    : {
        correct: false,
        message: "Not quite — subtract the thread's timestamp from the first one of `ps -l` (nanoseconds).",
      };
}

export const lsStuckLab = defineLab({
  id: "ls-stuck",
  title: "Crash: ls stuck on a metadata server",
  summary:
    "ls hung on a directory of a production file system. With foreach bt, clubak and ps -l, find the thread that held everyone up.",
  order: 13,
  guest: "simulated",
  cwd: "/var/crash/ls_stuck",
  scenario: "ls_stuck",
  tasks: [
    {
      id: "holder-operation",
      title: "Two groups",
      prompt:
        "One of the two groups of waiting `mdt` threads is changing the directory. Which operation is it doing?",
      hints: [
        "Fold the stacks with `foreach bt` and `clubak -c`.",
        "In the group that came in through `mdt_reint`, read the frame above `mdt_reint_rec`.",
      ],
      solution: [
        ...START_CRASH,
        "foreach bt > foreach_bt",
        '! awk \'/PID:/ {PID=$2;PNAME=$8} /^ ?#/ {print PNAME": "$1" "$3" "$5}\' foreach_bt | clubak -c',
      ],
      check: {
        kind: "choice",
        choices: [...operationChoices],
        expected: async (ctx) => holderOperation(await vmcore(ctx)),
      },
    },
    {
      id: "waiter-count",
      title: "Queued behind it",
      prompt: "How many threads wait in the other group, the one serving getattr requests?",
      hints: ["clubak prints the number of nodes of a group in parentheses after their names."],
      solution: [
        ...START_CRASH,
        "foreach bt > foreach_bt",
        '! awk \'/PID:/ {PID=$2;PNAME=$8} /^ ?#/ {print PNAME": "$1" "$3" "$5}\' foreach_bt | clubak -c',
      ],
      check: { kind: "number", expected: async (ctx) => waiterCount(await vmcore(ctx)) },
    },
    {
      id: "holder-thread",
      title: "Who held the directory lock?",
      prompt: "Which thread held the directory lock everyone else waited for? Its name or its PID.",
      hints: [
        "It is one of the waiting `mdt` threads: the one that has waited the longest.",
        "In `ps -l`, the older a task's last run, the lower it is.",
      ],
      solution: [...START_CRASH, "ps -l | grep -E 'mdt0[01]_'"],
      check: { kind: "custom", input: true, grade: gradeHolder },
    },
    {
      id: "stuck-duration",
      title: "For how long?",
      prompt:
        "How long had that thread been stuck when the dump was taken, counting from the most recent task of `ps -l`? Seconds, minutes or hours (within a few percent).",
      hints: [
        "`ps -l` timestamps are nanoseconds since boot.",
        "Subtract its timestamp from the first line's, then divide by 10^9.",
      ],
      solution: [...START_CRASH, "ps -l | head -n 1", "ps -l | grep mdt01_033"],
      check: { kind: "custom", input: true, grade: gradeStuckDuration },
    },
  ],
});
