/**
 * Scheduler and wait-queue state of the three dumps, read back through Program reads only: the
 * CFS red-black trees of the runqueues, rq.clock against last_arrival, kernel threads' init_fs /
 * init_files, tainted_mask and sys_call_table, and the ls_stuck threads on their locks' l_waitq.
 */
import { describe, expect, it } from "vitest";
import { activeTask, listTasks, nrCpus } from "../../emulator/kernel/linux/tasks";
import type { Program } from "../../emulator/kernel/program";
import { loadScenario, type ScenarioId, scenarioIds } from "../../emulator/scenarios/index";
import { LS_FACTS } from "../../emulator/scenarios/ls_stuck";
import { listEntries } from "./helpers";

const member = (prog: Program, addr: bigint, type: string, path: string) => prog.readMember(addr, type, path);

interface RbCheck {
  inOrder: bigint[];
  blackHeight: number;
}

/** Walk an rb subtree checking parent links and the red-black rules; nodes in key order. */
function checkRb(prog: Program, node: bigint, parent: bigint): RbCheck {
  if (node === 0n) return { inOrder: [], blackHeight: 1 };
  const pc = member(prog, node, "rb_node", "__rb_parent_color");
  expect(pc & ~3n).toBe(parent);
  const black = (pc & 1n) === 1n;
  const left = member(prog, node, "rb_node", "rb_left");
  const right = member(prog, node, "rb_node", "rb_right");
  if (!black)
    for (const child of [left, right])
      if (child !== 0n) expect(member(prog, child, "rb_node", "__rb_parent_color") & 1n).toBe(1n);
  const l = checkRb(prog, left, node);
  const r = checkRb(prog, right, node);
  expect(l.blackHeight).toBe(r.blackHeight);
  return { inOrder: [...l.inOrder, node, ...r.inOrder], blackHeight: l.blackHeight + (black ? 1 : 0) };
}

describe.each(scenarioIds.map((id) => [id]))("%s runqueues", (id: ScenarioId) => {
  const prog = loadScenario(id);
  const tasks = listTasks(prog);
  const rqOf = (cpu: number) => prog.perCpu(prog.symbol("runqueues"), cpu);
  const seOff = BigInt(prog.offsetOf("task_struct", "se"));
  const runNodeOff = seOff + BigInt(prog.offsetOf("sched_entity", "run_node"));

  it("keeps every runnable task but the running one in the CFS tree, by vruntime", () => {
    let queuedTotal = 0;
    for (let cpu = 0; cpu < nrCpus(prog); cpu++) {
      const rq = rqOf(cpu);
      const cfs = rq + BigInt(prog.offsetOf("rq", "cfs"));
      const curr = activeTask(prog, cpu);
      const root = member(prog, cfs, "cfs_rq", "tasks_timeline.rb_node");
      if (root !== 0n) expect(member(prog, root, "rb_node", "__rb_parent_color") & 1n).toBe(1n);
      const { inOrder } = checkRb(prog, root, 0n);
      const expected = tasks.filter(
        (t) => t.cpu === cpu && t.state === 0 && t.pid !== 0 && t.address !== curr,
      );
      expect(inOrder.map((n) => n - runNodeOff).sort()).toEqual(expected.map((t) => t.address).sort());
      const vr = inOrder.map((n) => member(prog, n - runNodeOff, "task_struct", "se.vruntime"));
      for (let i = 1; i < vr.length; i++) expect(vr[i] > vr[i - 1]).toBe(true);
      expect(member(prog, cfs, "cfs_rq", "rb_leftmost")).toBe(inOrder[0] ?? 0n);
      const minVr = member(prog, cfs, "cfs_rq", "min_vruntime");
      for (const v of vr) expect(v >= minVr).toBe(true);
      // nr_running counts the queued tasks and the running one (not the idle task).
      const running = tasks.find((t) => t.address === curr)!;
      expect(Number(member(prog, cfs, "cfs_rq", "nr_running"))).toBe(
        inOrder.length + (running.pid !== 0 ? 1 : 0),
      );
      // rq.cfs_tasks links every runnable task of the CPU through se.group_node.
      const groupOff = seOff + BigInt(prog.offsetOf("sched_entity", "group_node"));
      const linked = listEntries(prog, rq + BigInt(prog.offsetOf("rq", "cfs_tasks"))).map(
        (e) => e - groupOff,
      );
      expect(linked.length).toBe(inOrder.length + (running.pid !== 0 ? 1 : 0));
      queuedTotal += inOrder.length;
    }
    if (id === "server_load") expect(queuedTotal).toBeGreaterThan(30); // CPUs 2 and 3 are overloaded
  });

  it("has each CPU's rq.clock at or after the last arrival of all its tasks", () => {
    for (let cpu = 0; cpu < nrCpus(prog); cpu++) {
      const clock = member(prog, rqOf(cpu), "rq", "clock");
      for (const t of tasks.filter((x) => x.cpu === cpu)) expect(clock >= t.lastArrival).toBe(true);
    }
  });

  it("leaves the idle tasks' sched_info alone, as __sched_info_switch does", () => {
    // The kernel skips sched_info_arrive for rq->idle: swapper's last_arrival stays 0.
    for (const t of tasks.filter((x) => x.pid === 0)) expect(t.lastArrival).toBe(0n);
  });

  it("gives kernel threads init_fs and init_files", () => {
    const initFs = prog.symbol("init_fs").address;
    const initFiles = prog.symbol("init_files").address;
    const kthreads = tasks.filter((t) => t.isKernelThread);
    expect(kthreads.length).toBeGreaterThan(20);
    for (const t of kthreads) {
      expect(t.fs).toBe(initFs);
      expect(t.files).toBe(initFiles);
    }
    const fdt = member(prog, initFiles, "files_struct", "fdt");
    expect(Number(member(prog, fdt, "fdtable", "max_fds"))).toBe(64);
    const ns = member(prog, prog.symbol("init_nsproxy").address, "nsproxy", "mnt_ns");
    const rootMount = member(prog, ns, "mnt_namespace", "root");
    const rootDentry = member(prog, rootMount, "mount", "mnt.mnt_root");
    expect(member(prog, initFs, "fs_struct", "root.dentry")).toBe(rootDentry);
    expect(member(prog, initFs, "fs_struct", "pwd.dentry")).toBe(rootDentry);
  });

  it("has a sys_call_table of sys_* entries and the modules' taints", () => {
    const table = prog.symbol("sys_call_table").address;
    const at = (nr: number) => prog.symbols.at(prog.readU64(table + BigInt(nr * 8))).map((s) => s.name);
    expect(at(0)).toEqual(["SyS_read", "sys_read"]);
    expect(at(16)).toEqual(["SyS_ioctl", "sys_ioctl"]);
    expect(at(39)).toEqual(["sys_getpid"]);
    expect(at(56)).toEqual(["stub_clone"]);
    expect(at(174)).toEqual(["sys_ni_syscall"]);
    expect(at(202)).toEqual(["SyS_futex", "sys_futex"]);
    expect(at(257)).toEqual(["SyS_openat", "sys_openat"]);
    // Lustre modules are out-of-tree (O, bit 12) and unsigned (E, bit 13).
    expect(prog.readU64(prog.symbol("tainted_mask").address)).toBe(0x3000n);
  });
});

describe("ls_stuck wait queues", () => {
  const prog = loadScenario("ls_stuck");
  it("queues each thread stuck in ldlm_completion_ast on its waiting lock's l_waitq", () => {
    const tasks = listTasks(prog);
    const stuckPids = [...LS_FACTS.getattr, LS_FACTS.unlink];
    const waitq = BigInt(prog.offsetOf("ldlm_lock", "l_waitq"));
    const listOff = BigInt(prog.offsetOf("__wait_queue", "task_list"));
    const found = new Map<number, bigint>();
    const cache = prog.slabs.caches.get("kioctx")!;
    expect(cache).toBeDefined();
    for (const pid of stuckPids) {
      const t = tasks.find((x) => x.pid === pid)!;
      // The wait entry is on the task's own stack and names the task.
      const sp = t.threadSp;
      let entry = 0n;
      for (let a = sp; a < t.stack + 0x4000n; a += 8n) {
        const next = prog.readU64(a + listOff);
        if (
          prog.readU64(a + 8n) === t.address &&
          prog.symbols.resolve(prog.readU64(a + 16n))?.symbol.name === "default_wake_function" &&
          next !== 0n
        ) {
          entry = a;
          break;
        }
      }
      expect(entry, `wait entry of ${pid}`).not.toBe(0n);
      // Follow the ring to the list head inside an ldlm_lock: l_waitq.task_list of the lock
      // whose l_pid is this thread and that is not granted.
      const ring = listEntries(prog, entry + listOff);
      const head = ring.find((p) => prog.slabs.find(p)?.cache.name === "kioctx")!;
      const lock = head - waitq - 8n;
      expect(Number(member(prog, lock, "ldlm_lock", "l_pid"))).toBe(pid);
      expect(member(prog, lock, "ldlm_lock", "l_granted_mode")).not.toBe(
        member(prog, lock, "ldlm_lock", "l_req_mode"),
      );
      expect(listEntries(prog, head)).toEqual([entry + listOff]);
      found.set(pid, lock);
    }
    expect(new Set(found.values()).size).toBe(stuckPids.length);
  });
});
