/**
 * Task commands over the kernel-model additions: runq read from the CFS red-black tree, waitq on
 * an ldlm_lock's l_waitq, files of a kernel thread (init_fs), sys -t and sys -c.
 */
import { describe, expect, it } from "vitest";
import { tasksByPid } from "../../emulator/kernel/linux/tasks";
import { LS_FACTS } from "../../emulator/scenarios/ls_stuck";
import { crashSession } from "./tasks-harness";

describe("runq from the CFS tree", () => {
  it("lists CPU 2's queued tasks in tree (vruntime) order, leftmost first", async () => {
    const t = crashSession("server_load");
    const prog = t.session.prog;
    const lines = (await t.run("runq -c 2")).split("\n").filter((l) => l.startsWith("     [120]"));
    const pids = lines.map((l) => Number(/PID: (\d+)/.exec(l)![1]));
    expect(pids.length).toBe(19);
    // Independent check: vruntime read straight from each task_struct increases down the list,
    // and the first is the tree's cached leftmost node.
    const vr = pids.map((p) => prog.readMember(tasksByPid(prog, p)[0].address, "task_struct", "se.vruntime"));
    for (let i = 1; i < vr.length; i++) expect(vr[i] > vr[i - 1]).toBe(true);
    const rq = prog.perCpu(prog.symbol("runqueues"), 2);
    const leftmost = prog.readMember(rq + BigInt(prog.offsetOf("rq", "cfs")), "cfs_rq", "rb_leftmost");
    const off =
      BigInt(prog.offsetOf("task_struct", "se")) + BigInt(prog.offsetOf("sched_entity", "run_node"));
    expect(leftmost - off).toBe(tasksByPid(prog, pids[0])[0].address);
    // The running task is not queued.
    expect(pids).not.toContain(6121);
  });

  it("shows -m deltas from a clock that is never behind the current task", async () => {
    const t = crashSession("server_load");
    const out = await t.run("runq -m -c 2");
    expect(out).toMatch(
      /^ CPU 2: \[0 00:00:00\.0\d\d\] {2}PID: 6121 {3}TASK: [0-9a-f]{16} {2}COMMAND: "ll_ost_io01_042"\n$/,
    );
  });
});

describe("waitq on a Lustre lock", () => {
  it("shows the getattr thread sleeping on its PR lock's l_waitq", async () => {
    const t = crashSession("ls_stuck");
    const prog = t.session.prog;
    const task = tasksByPid(prog, LS_FACTS.getattr[0])[0];
    // The wait entry in ldlm_completion_ast's frame points back to the lock's queue head.
    const frames = (await t.run(`bt -f ${task.pid}`)).split("\n");
    expect(frames.some((l) => / ldlm_completion_ast at /.test(l))).toBe(true);
    const waitq = BigInt(prog.offsetOf("ldlm_lock", "l_waitq"));
    let lock = 0n;
    for (let a = task.threadSp; a < task.stack + 0x4000n && lock === 0n; a += 8n)
      if (
        prog.readU64(a + 8n) === task.address &&
        prog.symbols.resolve(prog.readU64(a + 16n))?.symbol.name === "default_wake_function"
      )
        lock = prog.readU64(a + 0x18n) - waitq - 8n;
    expect(lock).not.toBe(0n);
    const header = `PID: ${task.pid}  TASK: ${task.address.toString(16)}  CPU: ${String(task.cpu).padEnd(2)}  COMMAND: "${task.comm}"\n`;
    expect(await t.run(`waitq ldlm_lock.l_waitq ${lock.toString(16)}`)).toBe(header);
    expect(await t.run(`waitq ${(lock + waitq).toString(16)}`)).toBe(header);
    expect(await t.run(`struct __wait_queue.private ${(await findEntry()).toString(16)}`)).toContain(
      task.address.toString(16),
    );
    async function findEntry(): Promise<bigint> {
      return prog.readU64(lock + waitq + 8n) - BigInt(prog.offsetOf("__wait_queue", "task_list"));
    }
  });
});

describe("files of a kernel thread", () => {
  it("prints init_fs's root and cwd, then no open files", async () => {
    const t = crashSession("ls_stuck");
    expect(await t.run(`files ${LS_FACTS.unlink}`)).toBe(
      `PID: 25786  TASK: ffff947dadf61040  CPU: 12  COMMAND: "mdt01_033"\nROOT: /    CWD: /\nNo open files\n\n`,
    );
  });
});

describe("sys -t and sys -c", () => {
  it("prints the taint mask with its letters", async () => {
    const t = crashSession("client_lbug");
    expect(await t.run("sys -t")).toBe("TAINTED_MASK: 3000  OE\n");
  });

  it("names syscall slots after sys_x, not the SyS_x alias", async () => {
    const t = crashSession("client_lbug");
    const all = (await t.run("sys -c")).split("\n");
    expect(all[0]).toBe("NUM  SYSTEM CALL                FILE AND LINE NUMBER");
    expect(all[1]).toBe("  0  sys_read");
    expect(all.some((l) => l.includes("SyS_"))).toBe(false);
    expect(await t.run("sys -c 16")).toBe(
      "NUM  SYSTEM CALL                FILE AND LINE NUMBER\n 16  sys_ioctl\n",
    );
    expect(await t.run("sys -c futex")).toBe(
      "NUM  SYSTEM CALL                FILE AND LINE NUMBER\n202  sys_futex\n",
    );
  });
});
