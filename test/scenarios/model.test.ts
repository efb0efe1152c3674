/**
 * Walks the whole model of every scenario the way the tools will: task lists and their
 * list_heads, every stack unwinds to known text, slab objects map back to their cache, module
 * list, log records; and the build is deterministic (same digest twice).
 */
import { describe, expect, it } from "vitest";
import { logRecords } from "../../emulator/kernel/linux/log";
import { listModules } from "../../emulator/kernel/linux/modules";
import { unwindStack } from "../../emulator/kernel/linux/stack";
import { sysInfo } from "../../emulator/kernel/linux/sysinfo";
import { activeTask, listTasks, nrCpus, readTask, THREAD_SIZE } from "../../emulator/kernel/linux/tasks";
import {
  buildScenario,
  loadScenario,
  programDigest,
  scenarioIds,
  scenarioSummary,
} from "../../emulator/scenarios/index";
import { listEntries } from "./helpers";

describe.each(scenarioIds)("scenario %s", (id) => {
  const prog = loadScenario(id);

  it("links every task through init_task.tasks, thread groups and parents' children lists", () => {
    const init = prog.symbol("init_task").address;
    const oTasks = BigInt(prog.offsetOf("task_struct", "tasks"));
    const leaders = listEntries(prog, init + oTasks).map((p) => p - oTasks);
    const tasks = listTasks(prog);
    expect(tasks.length).toBeGreaterThan(250);
    const pids = new Set<number>();
    for (const t of tasks) {
      if (t.pid === 0) continue;
      expect(pids.has(t.pid), `pid ${t.pid} twice`).toBe(false);
      pids.add(t.pid);
      expect(prog.slabs.find(t.address)?.cache.name).toBe("task_struct");
      expect(prog.slabs.find(t.address)?.object).toBe(t.address);
      // thread_info at the stack base points back at the task
      expect(prog.readU64(t.stack)).toBe(t.address);
      expect(t.comm.length).toBeGreaterThan(0);
    }
    expect(leaders.length).toBe(tasks.filter((t) => t.pid !== 0 && t.tgid === t.pid).length);
    // children/sibling: every leader is on its real_parent's children list
    const oChildren = BigInt(prog.offsetOf("task_struct", "children"));
    const oSibling = BigInt(prog.offsetOf("task_struct", "sibling"));
    const oParent = BigInt(prog.offsetOf("task_struct", "real_parent"));
    for (const l of leaders.slice(0, 200)) {
      const parent = prog.readU64(l + oParent);
      const kids = listEntries(prog, parent + oChildren).map((p) => p - oSibling);
      expect(kids).toContain(l);
    }
    // one idle task per CPU, pid 0, in CPU order
    const idle = tasks.filter((t) => t.pid === 0);
    expect(idle.map((t) => t.cpu)).toEqual(Array.from({ length: nrCpus(prog) }, (_, i) => i));
    expect(idle.map((t) => t.comm)).toEqual(idle.map((t) => `swapper/${t.cpu}`));
  });

  it("unwinds every task to text symbols, ending at kthread, a syscall or the idle loop", () => {
    const ends = new Set([
      "kthread",
      "kthreadd",
      "system_call_fastpath",
      "start_secondary",
      "x86_64_start_kernel",
    ]);
    for (const t of listTasks(prog)) {
      const frames = unwindStack(prog, t);
      expect(frames.length, `${t.pid} ${t.comm}`).toBeGreaterThan(2);
      for (const f of frames) {
        const r = prog.symbols.resolve(f.pc);
        expect(r, `${t.comm} frame ${f.level} at ${f.pc.toString(16)}`).toBeDefined();
        expect(["T", "t"]).toContain(r!.symbol.kind);
      }
      const last = prog.symbols.resolve(frames[frames.length - 1].pc)!.symbol.name;
      expect(ends.has(last), `${t.comm} ends in ${last}`).toBe(true);
      // frames of a sleeping task stay inside its kernel stack
      if (activeTask(prog, t.cpu) !== t.address)
        for (const f of frames) expect(f.sp >= t.stack && f.sp < t.stack + THREAD_SIZE).toBe(true);
      if (last === "system_call_fastpath") {
        const regs = frames[frames.length - 1].exception!;
        expect(regs.cs).toBe(0x33n);
        expect(regs.address).toBe(t.stack + THREAD_SIZE - 168n);
      }
    }
  });

  it("gives every CPU saved registers and a task that unwinds from them", () => {
    for (let c = 0; c < nrCpus(prog); c++) {
      expect(prog.dump.cpuRegs.has(c)).toBe(true);
      const t = readTask(prog, activeTask(prog, c));
      expect(t.cpu).toBe(c);
      expect(unwindStack(prog, t)[0].pc).toBe(prog.dump.cpuRegs.get(c)!.rip);
    }
  });

  it("maps every address inside a slab object back to that object", () => {
    let checked = 0;
    for (const cache of prog.slabs.caches.values()) {
      for (const slab of cache.slabs.slice(0, 50)) {
        for (let i = 0; i < cache.objectsPerSlab; i += 7) {
          const obj = slab.objectAddress(i);
          const hit = prog.slabs.find(obj + BigInt(cache.objectSize - 1));
          expect(hit?.cache).toBe(cache);
          expect(hit?.object).toBe(obj);
          checked++;
        }
      }
      // struct kmem_cache is in memory and on slab_caches
      expect(prog.readCString(prog.readMember(cache.address, "kmem_cache", "name"))).toBe(cache.name);
      expect(Number(prog.readMember(cache.address, "kmem_cache", "size"))).toBe(cache.size);
    }
    const head = prog.symbol("slab_caches").address;
    expect(listEntries(prog, head).length).toBe(prog.slabs.caches.size);
    expect(checked).toBeGreaterThan(200);
  });

  it("lists modules whose symbols fall inside their core", () => {
    const mods = listModules(prog);
    expect(mods.length).toBeGreaterThan(30);
    for (const m of mods) {
      const syms = prog.symbols.all().filter((s) => s.module === m.name);
      expect(syms.length, m.name).toBeGreaterThan(0);
      for (const s of syms) expect(s.address >= m.base && s.address < m.base + BigInt(m.size)).toBe(true);
    }
    expect(mods.map((m) => m.name)).toEqual(expect.arrayContaining(["libcfs", "lnet", "ptlrpc", "obdclass"]));
  });

  it("has a log in time order and a consistent sys block", () => {
    const recs = logRecords(prog);
    expect(recs.length).toBeGreaterThan(60);
    for (let i = 1; i < recs.length; i++) expect(recs[i].tsNsec >= recs[i - 1].tsNsec).toBe(true);
    const s = sysInfo(prog);
    expect(s.release).toBe("3.10.0-957.21.3.el7.x86_64");
    expect(s.version).toBe("#1 SMP Tue Jun 18 16:35:19 UTC 2019");
    expect(s.machine).toBe("x86_64");
    expect(s.cpus).toBe(nrCpus(prog));
    expect(s.tasks).toBe(listTasks(prog).length);
    expect(Number(recs[recs.length - 1].tsNsec / 1_000_000_000n)).toBeLessThanOrEqual(
      Number(s.uptimeSeconds),
    );
  });

  it("summarises with a sha256 line", () => {
    const s = scenarioSummary(id);
    expect(s).toMatch(/\nsha256: [0-9a-f]{64}$/);
    expect(s).toContain(`tasks: ${listTasks(prog).length}`);
  });
});

describe("determinism", () => {
  it.each(["client_lbug", "ls_stuck", "server_load"] as const)(
    "%s builds byte for byte the same twice",
    (id) => {
      expect(programDigest(buildScenario(id))).toBe(programDigest(loadScenario(id)));
    },
  );
});
