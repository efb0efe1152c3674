/**
 * `ps` views and filters on server_load (the slides' ps and ps -l dump) and ls_stuck.
 * Expected rows are computed from the kernel model's task list, not from ps itself.
 */
import { describe, expect, it } from "vitest";
import type { TaskStruct } from "../../emulator/kernel/linux/model";
import { activeTask, listTasks, taskStateCode } from "../../emulator/kernel/linux/tasks";
import { crashSession } from "./tasks-harness";

const HEADER = "   PID    PPID  CPU       TASK        ST  %MEM     VSZ    RSS  COMM";

function rows(out: string): string[] {
  return out.split("\n").filter((l) => /^[> ] +\d+ /.test(l));
}

function cpuCount(tasks: readonly TaskStruct[]): number {
  return tasks.filter((t) => t.pid === 0).length;
}

describe("ps table", () => {
  it("lists every task once, idle tasks by CPU, then by pid", async () => {
    const t = crashSession("server_load");
    const tasks = listTasks(t.session.prog);
    const out = await t.run("ps");
    expect(out.split("\n")[0]).toBe(HEADER);
    const r = rows(out);
    expect(r.length).toBe(tasks.length);
    const pids = r.map((l) => Number(l.slice(2, 7)));
    expect(pids).toEqual([...pids].sort((a, b) => a - b));
    const swappers = r
      .filter((l) => /\[swapper\/\d+\]$/.test(l))
      .map((l) => Number(/swapper\/(\d+)/.exec(l)![1]));
    expect(swappers).toEqual(swappers.map((_, i) => i));
  });

  it("marks exactly the task running on each CPU with '>'", async () => {
    const t = crashSession("server_load");
    const prog = t.session.prog;
    const tasks = listTasks(prog);
    const marked = rows(await t.run("ps")).filter((l) => l.startsWith(">"));
    const n = cpuCount(tasks);
    expect(marked.length).toBe(n);
    for (let cpu = 0; cpu < n; cpu++) {
      const a = activeTask(prog, cpu);
      expect(marked.some((l) => l.includes(` ${a.toString(16)} `))).toBe(true);
    }
  });

  it("shows user tasks' memory in KiB and brackets kernel threads", async () => {
    const t = crashSession("client_lbug");
    const tasks = listTasks(t.session.prog);
    const user = tasks.find((x) => !x.isKernelThread && x.rssPages > 0n)!;
    const row = rows(await t.run(`ps ${user.pid}`))[0];
    expect(row.slice(2).trim().split(/\s+/).slice(6, 8)).toEqual([
      String(user.vmPages * 4n),
      String(user.rssPages * 4n),
    ]);
    expect(row.endsWith(` ${user.comm}`)).toBe(true);
    const k = rows(await t.run("ps -k"));
    expect(k.every((l) => l.endsWith("]"))).toBe(true);
    expect(k.length).toBe(tasks.filter((x) => x.isKernelThread).length);
    const u = rows(await t.run("ps -u"));
    expect(u.some((l) => l.endsWith("]"))).toBe(false);
    expect(u.length + k.length).toBe(tasks.length);
    expect(await t.run("ps -k -u")).toBe("ps: -u and -k are mutually exclusive\n");
  });

  it("selects by pid, task address, command and 'regex', once per matching argument", async () => {
    const t = crashSession("server_load");
    const byPid = rows(await t.run("ps 5389"));
    expect(byPid).toEqual([">  5389      2   0  ffff917cbba330c0  RU   0.0       0      0  [ll_ost00_003]"]);
    expect(rows(await t.run("ps ffff917cbba330c0"))).toEqual(byPid);
    expect(rows(await t.run("ps ll_ost00_003"))).toEqual(byPid);
    expect(rows(await t.run("ps 5389 ll_ost00_003"))).toEqual([...byPid, ...byPid]);
    const tasks = listTasks(t.session.prog);
    const mdt = rows(await t.run("ps 'mdt0.*'"));
    expect(mdt.length).toBe(tasks.filter((x) => /mdt0.*/.test(x.comm)).length);
    expect(mdt.length).toBeGreaterThan(0);
    expect(await t.run("ps 99999")).toBe(`${HEADER}\nps: invalid task or pid value: 99999\n\n`);
  });

  it("-s shows the saved kernel stack pointer, -- for running tasks", async () => {
    const t = crashSession("server_load");
    const out = await t.run("ps -s 5389 5388");
    expect(out.split("\n")[0]).toBe("   PID    PPID  CPU      KSTACKP      ST  %MEM     VSZ    RSS  COMM");
    const [sleeping, running] = rows(out); // rows come in task-list order, not argument order
    expect(running.slice(20, 36)).toBe("       --       ");
    const t5388 = listTasks(t.session.prog).find((x) => x.pid === 5388)!;
    expect(sleeping.slice(20, 36)).toBe(t5388.threadSp.toString(16));
  });

  it("-S counts tasks per state; -A keeps the running ones", async () => {
    const t = crashSession("server_load");
    const tasks = listTasks(t.session.prog);
    const s = (await t.run("ps -S")).trimEnd().split("\n");
    const counts = new Map(s.map((l) => [l.trim().split(":")[0], Number(l.split(":")[1])]));
    for (const [st, n] of counts) expect(n).toBe(tasks.filter((x) => taskStateCode(x) === st).length);
    expect([...counts.values()].reduce((a, b) => a + b, 0)).toBe(tasks.length);
    const a = rows(await t.run("ps -A"));
    expect(a.every((l) => l.startsWith(">"))).toBe(true);
    expect(a.length).toBe(cpuCount(tasks));
    expect(await t.run("ps -S 1")).toBe("ps: -S option takes no arguments\n");
    expect(await t.run("ps -l -m")).toBe(
      "ps: -a, -t, -c, -p, -g, -l, -m, -S, -r and -A flags are all mutually-exclusive\n",
    );
  });
});

describe("ps thread groups", () => {
  it("-G shows a named thread through its group leader, once", async () => {
    const t = crashSession("client_lbug");
    const tasks = listTasks(t.session.prog);
    const thread = tasks.find((x) => x.pid !== x.tgid && !x.isKernelThread)!;
    const sibling = tasks.find((x) => x.tgid === thread.tgid && x !== thread && x.pid !== x.tgid) ?? thread;
    const out = rows(await t.run(`ps -G ${thread.pid} ${sibling.pid}`));
    expect(out.map((l) => Number(l.slice(2, 7)))).toEqual([thread.tgid]);
    const g = (await t.run(`ps -g ${thread.pid}`)).split("\n").filter(Boolean);
    expect(g[0].startsWith(`PID: ${String(thread.tgid).padEnd(5)}  `)).toBe(true);
    expect(g.length - 1).toBe(tasks.filter((x) => x.tgid === thread.tgid).length - 1);
  });
});

describe("ps family views", () => {
  it("-p shows the parent chain, one more space per generation", async () => {
    const t = crashSession("server_load");
    const out = (await t.run("ps -p 5389")).split("\n");
    expect(out[0]).toMatch(/^PID: 0 {6}TASK: [0-9a-f]{16} {2}CPU: 0 {3}COMMAND: "swapper\/0"$/);
    expect(out[1]).toMatch(/^ PID: 2 {6}TASK: [0-9a-f]{16} {2}CPU: \d+ +COMMAND: "kthreadd"$/);
    expect(out[2]).toBe('  PID: 5389   TASK: ffff917cbba330c0  CPU: 0   COMMAND: "ll_ost00_003"');
    expect(out[3]).toBe("");
  });

  it("-c lists children indented by two, or (no children)", async () => {
    const t = crashSession("server_load");
    const tasks = listTasks(t.session.prog);
    const kids = (await t.run("ps -c 2")).split("\n").filter((l) => l.startsWith("  PID: "));
    expect(kids.length).toBe(tasks.filter((x) => x.ppid === 2).length);
    expect(await t.run("ps -c 5389")).toBe(
      'PID: 5389   TASK: ffff917cbba330c0  CPU: 0   COMMAND: "ll_ost00_003"\n  (no children)\n\n',
    );
  });

  it("-t shows run and start times", async () => {
    const t = crashSession("server_load");
    const out = await t.run("ps -t 4715");
    expect(out).toMatch(
      /^PID: 4715 .*\n {4}RUN TIME: (\d+ days, )?\d\d:\d\d:\d\d\n {2}START TIME: \d+\n {7}UTIME: \d+\n {7}STIME: \d+\n\n$/,
    );
  });
});

describe("ps -l and -m", () => {
  it("-l sorts by last arrival, newest first, widths from the first", async () => {
    const t = crashSession("server_load");
    const tasks = listTasks(t.session.prog);
    const out = (await t.run("ps -l")).trimEnd().split("\n");
    expect(out.length).toBe(tasks.length);
    const stamps = out.map((l) => BigInt(/^\[ *(\d+)\]/.exec(l)![1]));
    for (let i = 1; i < stamps.length; i++) expect(stamps[i] <= stamps[i - 1]).toBe(true);
    expect(out[0]).toBe("[1834107714279] [IN]  PID: 4831   TASK: " + out[0].slice(40));
    const width = String(stamps[0]).length;
    expect(out.every((l) => l.indexOf("]") === width + 1)).toBe(true);
  });

  it("leaves the task list sorted by last run, as crash does", async () => {
    const t = crashSession("server_load");
    const before = rows(await t.run("ps"));
    await t.run("ps -l");
    const after = rows(await t.run("ps"));
    expect(after.length).toBe(before.length);
    expect(after[0]).toContain("[socknal_sd03_01]");
  });

  it("-l -C cpu groups by CPU", async () => {
    const t = crashSession("server_load");
    const out = (await t.run("ps -l -C 3")).trimEnd().split("\n");
    expect(out[0]).toBe("CPU: 3");
    expect(out.slice(1).every((l) => / CPU: 3 /.test(l))).toBe(true);
    expect(await t.run("ps -C 3")).toBe("ps: -C option is only applicable with -l and -m\n");
  });

  it("-m shows the time since each task last ran", async () => {
    const t = crashSession("server_load");
    const out = (await t.run("ps -m")).trimEnd().split("\n");
    expect(out[0]).toMatch(/^\[\d+ \d\d:\d\d:\d\d\.\d{3}\] \[IN\] {2}PID: 4831 /);
  });

  it("ls_stuck: the unlink thread ran 3.56 hours before the newest task", async () => {
    const t = crashSession("ls_stuck");
    const out = (await t.run("ps -l")).split("\n");
    const top = BigInt(/^\[(\d+)\]/.exec(out[0])![1]);
    const unlink = out.find((l) => l.includes('COMMAND: "mdt01_033"'))!;
    const ts = BigInt(/^\[(\d+)\]/.exec(unlink)![1]);
    expect(Number(top - ts) / 3.6e12).toBeCloseTo(3.56, 2);
  });
});
