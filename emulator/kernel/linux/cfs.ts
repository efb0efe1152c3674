/**
 * The CFS side of a runqueue as 3.10 leaves it: the runnable tasks other than the running one sit
 * in rq.cfs.tasks_timeline, a red-black tree of sched_entity.run_node ordered by vruntime (the
 * leftmost, cached in rb_leftmost, runs next); every runnable task, the running one included, is
 * on rq.cfs_tasks through se.group_node. Written through the type registry like every structure.
 */
import type { BuiltTask, KernelBuilder } from "./build";

const RB_RED = 0n;
const RB_BLACK = 1n;

/**
 * Write the cfs_rq of the runqueue at rq: `curr` is the running task (undefined when the CPU runs
 * its idle task), `runnable` every TASK_RUNNING task of the CPU (curr included).
 */
export function writeCfsRunqueue(
  b: KernelBuilder,
  rq: bigint,
  curr: bigint | undefined,
  runnable: readonly BuiltTask[],
  clock: bigint,
): void {
  const cfs = rq + b.off("rq", "cfs");
  const se = b.off("task_struct", "se");
  const runNode = se + b.off("sched_entity", "run_node");
  // The task that waited longest has used the least virtual time: it is leftmost.
  const queued = runnable
    .filter((t) => t.address !== curr)
    .sort((x, y) =>
      x.spec.lastArrival !== y.spec.lastArrival
        ? x.spec.lastArrival < y.spec.lastArrival
          ? -1
          : 1
        : x.spec.pid - y.spec.pid,
    );
  // min_vruntime grows with the CPU's busy time; a plausible figure below the clock.
  const minVruntime = (clock * 3n) / 17n;
  const running = runnable.find((t) => t.address === curr);
  if (running) b.writeField(running.address, "task_struct", "se.vruntime", minVruntime);
  queued.forEach((t, i) => {
    b.writeField(
      t.address,
      "task_struct",
      "se.vruntime",
      minVruntime + BigInt(i + 1) * 750000n + BigInt(t.spec.pid % 977) * 131n,
    );
  });
  for (const t of runnable) b.writeField(t.address, "task_struct", "se.cfs_rq", cfs);

  const nodes = queued.map((t) => t.address + runNode);
  const deepest = nodes.length ? Math.floor(Math.log2(nodes.length)) : 0;
  const build = (lo: number, hi: number, depth: number, parent: bigint): bigint => {
    if (lo > hi) return 0n;
    const mid = (lo + hi) >> 1;
    const n = nodes[mid];
    // Levels above the deepest are full (the halves differ by one node at most): black there and
    // red on the deepest level keeps every path's black count equal; a lone root is black.
    const color = depth === deepest && depth > 0 ? RB_RED : RB_BLACK;
    b.writeStruct(n, "rb_node", {
      __rb_parent_color: parent | color,
      rb_left: build(lo, mid - 1, depth + 1, n),
      rb_right: build(mid + 1, hi, depth + 1, n),
    });
    return n;
  };
  const root = build(0, nodes.length - 1, 0, 0n);
  b.writeStruct(cfs, "cfs_rq", {
    min_vruntime: minVruntime,
    "tasks_timeline.rb_node": root,
    rb_leftmost: nodes[0] ?? 0n,
    curr: running ? running.address + se : 0n,
    rq,
  });
  b.linkList(
    rq + b.off("rq", "cfs_tasks"),
    runnable.map((t) => t.address + se + b.off("sched_entity", "group_node")),
  );
}
