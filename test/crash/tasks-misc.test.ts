/**
 * sys, log, files, mod, foreach, task, runq and waitq on the three dumps: formats, options and
 * the errors crash prints. Expected values come from the slides or the kernel model's views.
 */
import { describe, expect, it } from "vitest";
import { openFiles } from "../../emulator/kernel/linux/files";
import { logRecords } from "../../emulator/kernel/linux/log";
import { listModules } from "../../emulator/kernel/linux/modules";
import { sysInfo } from "../../emulator/kernel/linux/sysinfo";
import { listTasks, tasksByPid } from "../../emulator/kernel/linux/tasks";
import { loadAverage, memorySize, uptimeString } from "../../emulator/tools/crash/commands/sys";
import { crashSession } from "./tasks-harness";

/** C's ctime() in UTC, from JavaScript's own date formatting: `Mon Jan  6 16:21:44 2020`. */
function ctime(seconds: bigint): string {
  // toUTCString: "Mon, 06 Jan 2020 16:21:44 GMT"
  const [wd, dd, mon, yyyy, hms] = new Date(Number(seconds) * 1000).toUTCString().replace(",", "").split(" ");
  return `${wd} ${mon} ${String(Number(dd)).padStart(2)} ${hms} ${yyyy}`;
}

describe("sys", () => {
  it("prints the sys block with crash's label alignment", async () => {
    const t = crashSession("client_lbug");
    const s = sysInfo(t.session.prog);
    const out = (await t.run("sys")).split("\n");
    expect(out[0]).toBe("      KERNEL: /usr/lib/debug/lib/modules/3.10.0-957.21.3.el7.x86_64/vmlinux");
    expect(out[1]).toBe("    DUMPFILE: vmcore  [PARTIAL DUMP]");
    expect(out[2]).toBe(`        CPUS: ${s.cpus}`);
    expect(out[3]).toBe(`        DATE: ${ctime(s.dateSeconds)}`);
    expect(out[4]).toMatch(/^ {6}UPTIME: 00:05:\d\d$/); // the LBUG is at 319 s
    expect(out[5]).toMatch(/^LOAD AVERAGE: \d+\.\d\d, \d+\.\d\d, \d+\.\d\d$/);
    expect(out[6]).toBe(`       TASKS: ${listTasks(t.session.prog).length}`);
    expect(out[8]).toBe("     RELEASE: 3.10.0-957.21.3.el7.x86_64");
    expect(out[9]).toBe("     VERSION: #1 SMP Tue Jun 18 16:35:19 UTC 2019");
    expect(out[10]).toMatch(/^ {5}MACHINE: x86_64 {2}\(\d+ Mhz\)$/);
    expect(out[12]).toBe('       PANIC: "Kernel panic - not syncing: LBUG"');
    expect(out.length).toBe(14);
  });

  it("computes crash's rounded figures", () => {
    expect(uptimeString(319n)).toBe("00:05:19");
    expect(uptimeString(3621688n)).toBe("41 days, 22:01:28");
    expect(uptimeString(86400n)).toBe("1 days, 00:00:00");
    // avenrun is fixed point with 11 fractional bits: 2048 = 1.00
    expect(loadAverage([2048n, 1024n, 0n])).toBe("1.00, 0.50, 0.00");
    expect(loadAverage([2047n, 3000n, 20480n])).toBe("1.00, 1.46, 10.00");
    expect(memorySize(20n << 30n)).toBe("20 GB");
    expect(memorySize((20n << 30n) - (32n << 20n))).toBe("20 GB");
    expect(memorySize((19n << 30n) + (512n << 20n))).toBe("19.5 GB");
    expect(memorySize(512n << 20n)).toBe("512 MB");
  });

  it("rejects unknown words with the usage", async () => {
    const t = crashSession("client_lbug");
    expect((await t.run("sys foo")).startsWith("Usage:\n  sys [-c [name|number]] [-t] [-i] config\n")).toBe(
      true,
    );
    expect(await t.run("sys config")).toBe("sys: kernel_config_data does not exist in this kernel\n");
  });
});

describe("log", () => {
  it("prints every record with a 5.6 timestamp, -t without, -m with the level", async () => {
    const t = crashSession("client_lbug");
    const recs = logRecords(t.session.prog);
    const out = (await t.run("log")).split("\n");
    const first = recs[0];
    const secs = (first.tsNsec / 1_000_000_000n).toString().padStart(5);
    const usecs = ((first.tsNsec % 1_000_000_000n) / 1000n).toString().padStart(6, "0");
    expect(out[0]).toBe(`[${secs}.${usecs}] ${first.text.split("\n")[0]}`);
    const panic = out.findIndex((l) => l.endsWith("Kernel panic - not syncing: LBUG"));
    expect(out[panic]).toBe("[  319.511226] Kernel panic - not syncing: LBUG");
    const plain = (await t.run("log -t")).split("\n");
    expect(plain[panic]).toBe("Kernel panic - not syncing: LBUG");
    const lv = (await t.run("log -m")).split("\n");
    expect(lv[panic]).toBe(
      `[  319.511226] <${recs.find((r) => r.text.includes("Kernel panic"))!.level}>Kernel panic - not syncing: LBUG`,
    );
    expect(await t.run("dmesg -t")).toBe(await t.run("log -t"));
  });

  it("-T prints wall-clock times from the boot time", async () => {
    const t = crashSession("client_lbug");
    const out = (await t.run("log -T")).split("\n");
    const s = sysInfo(t.session.prog);
    const first = logRecords(t.session.prog)[0];
    const when = s.dateSeconds - s.uptimeSeconds + first.tsNsec / 1_000_000_000n;
    expect(out[0]).toBe(`[${ctime(when)}] ${first.text.split("\n")[0]}`);
  });

  it("server_load ends at 1834.107266 (the slide's dmesg | tail)", async () => {
    const t = crashSession("server_load");
    const lines = (await t.run("log")).trimEnd().split("\n");
    expect(lines[lines.length - 1].startsWith("[ 1834.107266] ")).toBe(true);
    expect((await t.run("log")).includes("SysRq : Trigger a crash")).toBe(true);
  });
});

describe("files", () => {
  it("shows root, cwd and every open descriptor of a task, a blank line after each pid", async () => {
    const t = crashSession("client_lbug");
    const task = tasksByPid(t.session.prog, 12295)[0];
    const fds = openFiles(t.session.prog, task);
    const out = await t.run("files 12295");
    const lines = out.split("\n");
    expect(lines[1]).toBe("ROOT: /    CWD: /tmp/trinity/tmp");
    expect(lines.filter((l) => /^ *\d+ [0-9a-f]{16} /.test(l)).length).toBe(fds.length);
    expect(out.endsWith("\n\n")).toBe(true);
    expect(await t.run("files")).toBe(out.slice(0, -1));
  });

  it("-R keeps the matching descriptors", async () => {
    const t = crashSession("client_lbug");
    const out = await t.run("files -R testfile");
    expect(out).toContain("ROOT: /    CWD: /tmp/trinity/tmp \n");
    const rows = out.split("\n").filter((l) => /^ *\d+ [0-9a-f]{16} /.test(l));
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((l) => l.includes("testfile"))).toBe(true);
    expect(await t.run("files -R no_such_name_anywhere")).toBe("");
  });

  it("-d describes a dentry", async () => {
    const t = crashSession("client_lbug");
    const out = (await t.run("files -d ffff9f94e6411cc0")).split("\n");
    expect(out[0]).toBe("     DENTRY           INODE           SUPERBLK     TYPE PATH");
    expect(out[1]).toMatch(
      /^ffff9f94e6411cc0 ffff9f920bdaad90 [ 0-9a-f]{16} REG {2}\/mnt\/lustre0\/testdir\/testfile$/,
    );
  });

  it("kernel threads have no open files; bad pids are reported", async () => {
    const t = crashSession("server_load");
    // Kernel threads share init_fs (ROOT: / CWD: /) and an empty init_files table.
    const k = tasksByPid(t.session.prog, 5389)[0];
    const root = k.fs ? "ROOT: /    CWD: /\n" : "";
    expect(await t.run("files 5389")).toBe(
      `PID: 5389   TASK: ffff917cbba330c0  CPU: 0   COMMAND: "ll_ost00_003"\n${root}No open files\n\n`,
    );
    expect(await t.run("files 99999")).toBe("files: invalid task or pid value: 99999\n");
  });
});

describe("mod", () => {
  it("lists the modules by base address with crash 7.2's columns", async () => {
    const t = crashSession("client_lbug");
    const mods = [...listModules(t.session.prog)].sort((a, b) => (a.base < b.base ? -1 : 1));
    const out = (await t.run("mod")).trimEnd().split("\n");
    const w = Math.max(...mods.map((m) => m.name.length));
    expect(out[0]).toBe(
      `     MODULE       ${"NAME".padEnd(w)}  ${"SIZE".padStart(Math.max(...mods.map((m) => String(m.size).length)))}  OBJECT FILE`,
    );
    expect(out.slice(1).map((l) => l.split(/\s+/)[1])).toEqual(mods.map((m) => m.name));
    expect(out.slice(1).every((l) => l.endsWith("(not loaded)  [CONFIG_KALLSYMS]"))).toBe(true);
  });

  it("-s loads one module's debuginfo, -d forgets it, -S loads them all", async () => {
    const t = crashSession("client_lbug");
    const s = await t.run("mod -s lustre");
    expect(s.split("\n")[1]).toMatch(
      /^[0-9a-f]{16} {2}lustre +\d+ {2}\/usr\/lib\/debug\/lib\/modules\/3\.10\.0-957\.21\.3\.el7\.x86_64\/extra\/lustre\/fs\/lustre\.ko\.debug $/,
    );
    expect(t.session.prog.symbols.loadedDebuginfo.has("lustre")).toBe(true);
    expect(await t.run("mod -d lustre")).toBe("");
    expect(t.session.prog.symbols.loadedDebuginfo.has("lustre")).toBe(false);
    const all = (await t.run("mod -S")).split("\n").filter(Boolean);
    expect(all.length).toBe(listModules(t.session.prog).length + 1);
    expect(all.slice(1).every((l) => l.endsWith(".ko.debug "))).toBe(true);
    await t.run("mod -D");
    expect(t.session.prog.symbols.loadedDebuginfo.size).toBe(0);
  });

  it("an unknown module is a usage error", async () => {
    const t = crashSession("client_lbug");
    expect(
      (await t.run("mod -s nosuchmod")).startsWith("Usage:\n  mod -s module [objfile] | -d module"),
    ).toBe(true);
  });
});

describe("foreach", () => {
  it("runs bt for every task with a header each and blank lines between", async () => {
    const t = crashSession("server_load");
    const out = await t.run("foreach bt");
    const headers = out.split("\n").filter((l) => l.startsWith("PID: "));
    expect(headers.length).toBe(listTasks(t.session.prog).length);
    expect(out.split("\n\nPID: ").length).toBe(headers.length);
  });

  it("selects by state, regex, pid, active, user and kernel", async () => {
    const t = crashSession("server_load");
    const tasks = listTasks(t.session.prog);
    const heads = async (line: string) =>
      (await t.run(line)).split("\n").filter((l) => l.startsWith("PID: "));
    expect((await heads("foreach UN ps")).length).toBe(0); // ps prints rows, not headers
    const un = (await t.run("foreach UN ps")).split("\n").filter((l) => / UN /.test(l));
    expect(un.length).toBe(tasks.filter((x) => x.state & 2).length);
    const mdt = await heads("foreach 'mdt0.*' bt");
    expect(mdt.length).toBe(tasks.filter((x) => /mdt0.*/.test(x.comm)).length);
    expect(await heads("foreach 5389 bt")).toEqual([
      'PID: 5389   TASK: ffff917cbba330c0  CPU: 0   COMMAND: "ll_ost00_003"',
    ]);
    expect((await heads("foreach active bt")).length).toBe(tasks.filter((x) => x.pid === 0).length);
    // set prints the context block under each task's header
    const userTasks = tasks.filter((x) => !x.isKernelThread).length;
    expect((await heads("foreach user set")).length).toBe(userTasks);
    expect(
      (await t.run("foreach user set")).split("\n").filter((l) => l.startsWith("    PID: ")).length,
    ).toBe(userTasks);
    expect(await t.run("foreach RU IN bt")).toBe("foreach: only one task state allowed\n");
    expect(await t.run("foreach kernel user bt")).toBe("foreach: user and kernel are mutually exclusive!\n");
    expect(await t.run("foreach SW bt")).toBe("foreach: invalid task state for this kernel: SW\n");
  });

  it("bt -R keeps the tasks whose trace mentions the symbol", async () => {
    const t = crashSession("server_load");
    const out = await t.run("foreach bt -R lock_res_and_lock");
    const headers = out.split("\n").filter((l) => l.startsWith("PID: "));
    expect(headers).toContain('PID: 5389   TASK: ffff917cbba330c0  CPU: 0   COMMAND: "ll_ost00_003"');
    for (const block of out.split("\n\n").filter(Boolean)) expect(block).toContain(" lock_res_and_lock at ");
  });

  it("reports unknown selectors and missing commands", async () => {
    const t = crashSession("server_load");
    expect(await t.run("foreach nosuchcommand")).toBe(
      'foreach: unknown argument: "nosuchcommand"\nforeach: no keywords specified\n',
    );
    expect((await t.run("foreach")).startsWith("Usage:")).toBe(true);
    expect(await t.run("foreach 5389 set -R x")).toBe("foreach: set command does not support -R option\n");
  });

  it("task -R prints selected members under each header", async () => {
    const t = crashSession("server_load");
    const out = await t.run("foreach 5389 task -R pid,comm");
    expect(out).toBe(
      'PID: 5389   TASK: ffff917cbba330c0  CPU: 0   COMMAND: "ll_ost00_003"\n  pid = 5389,\n  comm = "ll_ost00_003\\000\\000\\000",\n\n',
    );
  });
});

describe("task", () => {
  it("prints task_struct then thread_info as gdb does", async () => {
    const t = crashSession("client_lbug");
    const out = await t.run("task");
    const lines = out.split("\n");
    expect(lines[0]).toBe('PID: 12295  TASK: ffff9f955eae6180  CPU: 4   COMMAND: "trinity-c30"');
    expect(lines[1]).toBe("struct task_struct {");
    expect(lines[2]).toBe("  state = 0,");
    expect(out).toContain('  comm = "trinity-c30\\000\\000\\000\\000",\n');
    expect(out).toContain("\n}\n\nstruct thread_info {\n  task = 0xffff9f955eae6180,\n");
    expect(out.endsWith("}\n\n")).toBe(true);
  });

  it("-R selects members, -x prints in hex; bad names are reported", async () => {
    const t = crashSession("client_lbug");
    expect(await t.run("task -R pid")).toBe(
      'PID: 12295  TASK: ffff9f955eae6180  CPU: 4   COMMAND: "trinity-c30"\n  pid = 12295,\n\n',
    );
    expect(await t.run("task -x -R pid 12295")).toContain("  pid = 0x3007,\n");
    expect(await t.run("task -R se.on_rq")).toMatch(/\n {2}se\.on_rq = \d+,\n\n$/);
    expect(await t.run("task -R nosuchmember")).toContain(
      "task: nosuchmember: not a task_struct or thread_info member\n",
    );
    expect(await t.run("task 99999")).toBe("task: invalid task or pid value: 99999\n\n");
  });
});

describe("runq", () => {
  it("shows each CPU's runqueue with its current task", async () => {
    const t = crashSession("server_load");
    const out = await t.run("runq");
    const cpus = out.split("\n").filter((l) => /^CPU \d+ RUNQUEUE: [0-9a-f]{16}$/.test(l));
    expect(cpus.length).toBe(listTasks(t.session.prog).filter((x) => x.pid === 0).length);
    expect(out).toContain('  CURRENT: PID: 5389   TASK: ffff917cbba330c0  COMMAND: "ll_ost00_003"\n');
    expect(out).toMatch(/\n {2}RT PRIO_ARRAY: [0-9a-f]{16}\n/);
    expect(out).toMatch(/\n {2}CFS RB_ROOT: [0-9a-f]{16}\n/);
    // CPU 3 of server_load: the running ll_ost_io01 thread and the others waiting for the CPU
    const prog = t.session.prog;
    const rq3 = prog.perCpu(prog.symbol("runqueues"), 3);
    const nr = Number(prog.readMember(rq3, "rq", "cfs.nr_running"));
    const cpu3 = (await t.run("runq -c 3")).split("\n");
    const queued = cpu3
      .slice(cpu3.findIndex((l) => l.startsWith("  CFS RB_ROOT: ")) + 1)
      .filter((l) => l.startsWith("     ["));
    expect(queued.length).toBe(nr - 1);
    expect(queued).toContain('     [120] PID: 5532   TASK: ffff917c6a9b1040  COMMAND: "ll_ost_io01_006"');
    const one = await t.run("runq -c 0");
    expect(one.startsWith("CPU 0 RUNQUEUE: ")).toBe(true);
    expect(one.split("\n").filter((l) => l.startsWith("CPU ")).length).toBe(1);
  });
});

describe("waitq", () => {
  it("rejects a missing argument and reports an unknown symbol", async () => {
    const t = crashSession("server_load");
    expect((await t.run("waitq")).startsWith("Usage:")).toBe(true);
    expect(await t.run("waitq no_such_symbol_here")).toBe('waitq: cannot resolve "no_such_symbol_here"\n');
  });

  it("walks a wait_queue_head given by address or as struct.member", async () => {
    const t = crashSession("server_load");
    // the OST namespace's ns_waitq (ldlm_namespace at ffff917cdd6a2000) has nobody waiting
    const wq = (0xffff917cdd6a2000n + BigInt(t.session.prog.offsetOf("ldlm_namespace", "ns_waitq"))).toString(
      16,
    );
    expect(await t.run("waitq ldlm_namespace.ns_waitq ffff917cdd6a2000")).toBe(`wait queue ${wq} is empty\n`);
    expect(await t.run(`waitq ${wq}`)).toBe(`wait queue ${wq} is empty\n`);
    expect(await t.run("waitq ldlm_namespace.ns_waitq")).toBe("must supply an address for ldlm_namespace\n");
    expect(await t.run("waitq ldlm_namespace.nosuch ffff917cdd6a2000")).toBe(
      "nosuch is not a member of ldlm_namespace\n",
    );
  });
});
