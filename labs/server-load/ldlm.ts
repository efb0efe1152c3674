/**
 * The server_load dump as the graders see it: the busy OST thread (the ll_ost* task on a CPU),
 * the threads that stopped making progress, and — from the busy thread's stack — the contended
 * ldlm_resource with its locks and clients. The Lustre walks themselves are in lustre.ts.
 */
import type { TaskStruct } from "../../emulator/kernel/linux/model";
import { isActive, taskStateCode } from "../../emulator/kernel/linux/tasks";
import type { Program } from "../../emulator/kernel/program";
import { memoize } from "../crash-basics/memory";
import { allTasks, newestArrival, stackFunctions, stackWords } from "../crash-basics/vmcore";
import {
  firstNidInMode,
  lockExport,
  locksOn,
  locksPerNid,
  namespacesOn,
  requestSelfNids,
  resourcesAmong,
  topNid,
} from "./lustre";

/**
 * The OST's request threads (ll_ost00_003): they handle lock enqueues among others, whereas the
 * ll_ost_io threads move data.
 */
const OST_THREAD = /^ll_ost\d/;

/** The ll_ost request thread that was on a CPU when the dump was taken (a `>` line of `ps`). */
export const activeOstThread = memoize((prog): TaskStruct => {
  const found = allTasks(prog).filter((t) => OST_THREAD.test(t.comm) && isActive(prog, t));
  if (found.length !== 1) throw new Error(`expected one active OST thread, found ${found.length}`);
  return found[0];
});

/** "Not run for half a second": the threshold the ps -l question names, in ns. */
export const STALE_NS = 500_000_000n;

/**
 * Threads that want to run or wait uninterruptibly (not IN; idle swappers excluded) and whose
 * last arrival on a CPU is more than STALE_NS before the newest one.
 */
export const staleThreads = memoize((prog): readonly TaskStruct[] => {
  const now = newestArrival(prog);
  return allTasks(prog).filter(
    (t) => t.pid !== 0 && taskStateCode(t) !== "IN" && now - t.lastArrival > STALE_NS,
  );
});

/** Their state codes, sorted: e.g. ["RU", "UN"]. */
export function staleStates(prog: Program): string[] {
  return [...new Set(staleThreads(prog).map((t) => taskStateCode(t)))].sort();
}

/** The CPU whose run queue holds most of the stale runnable threads. */
export function starvedCpu(prog: Program): number {
  const counts = new Map<number, number>();
  for (const t of staleThreads(prog))
    if (taskStateCode(t) === "RU") counts.set(t.cpu, (counts.get(t.cpu) ?? 0) + 1);
  const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1]);
  if (ranked.length === 0) throw new Error("no stale runnable thread");
  if (ranked.length > 1 && ranked[0][1] === ranked[1][1])
    throw new Error("two CPUs tie for the most stale threads");
  return ranked[0][0];
}

/** The innermost frame of a task that runs module code (a Lustre function, not the core kernel's). */
export function innermostModuleFunction(prog: Program, task: TaskStruct): string {
  for (const name of stackFunctions(prog, task)) {
    if (prog.symbols.lookup(name)?.module) return name;
  }
  throw new Error(`PID ${task.pid} runs no module code`);
}

/** The ldlm_resource on the busy thread's stack (exactly one, or the question is ambiguous). */
export const contendedResource = memoize((prog): bigint => {
  const thread = activeOstThread(prog);
  const found = resourcesAmong(prog, stackWords(prog, thread));
  if (found.length !== 1)
    throw new Error(`expected one ldlm_resource on PID ${thread.pid}'s stack, found ${found.length}`);
  return found[0];
});

export const grantedLocks = memoize((prog): bigint[] => locksOn(prog, contendedResource(prog), "lr_granted"));
export const waitingLocks = memoize((prog): bigint[] => locksOn(prog, contendedResource(prog), "lr_waiting"));

/** The server namespaces on ldlm_srv_namespace_list. */
export const serverNamespaces = memoize((prog): bigint[] =>
  namespacesOn(prog, prog.symbol("ldlm_srv_namespace_list").address),
);

/** The client of the first waiting lock requested in PW mode. */
export const waitingPwNid = (prog: Program) => firstNidInMode(prog, waitingLocks(prog), "LCK_PW");

/** The NID holding the most granted locks. */
export const topGrantedClient = memoize((prog): bigint => topNid(locksPerNid(prog, grantedLocks(prog))));

/** Locks per client over both lists: what the lesson's `rd | sort | uniq -c` pipeline counts. */
export const locksPerClient = memoize(
  (prog): Map<bigint, number> => locksPerNid(prog, [...grantedLocks(prog), ...waitingLocks(prog)]),
);

/** The `export` file of the mass-processing lesson: l_export of granted locks, then of waiting ones. */
export const exportAddresses = memoize((prog): bigint[] =>
  [...grantedLocks(prog), ...waitingLocks(prog)].map((l) => lockExport(prog, l)),
);

/** The server's own NID, from the request(s) on the busy thread's stack; they must agree. */
export const serverNid = memoize((prog): bigint => {
  const thread = activeOstThread(prog);
  const selves = requestSelfNids(prog, stackWords(prog, thread));
  if (selves.length !== 1)
    throw new Error(`expected one server NID among the requests on the stack, found ${selves.length}`);
  return selves[0];
});
