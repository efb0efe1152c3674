/**
 * `bt` options and errors on the client_lbug and server_load dumps. Expected values come from
 * the slides (facts.md) or from the kernel model's own view of the tasks and stacks.
 */
import { describe, expect, it } from "vitest";
import { unwindStack } from "../../emulator/kernel/linux/stack";
import { listTasks, tasksByPid } from "../../emulator/kernel/linux/tasks";
import { crashSession } from "./tasks-harness";

const PANIC_HEADER = 'PID: 12295  TASK: ffff9f955eae6180  CPU: 4   COMMAND: "trinity-c30"';

describe("bt task selection", () => {
  it("defaults to the context task, and -p to the panic task whatever the context", async () => {
    const t = crashSession("client_lbug");
    const other = listTasks(t.session.prog).find((x) => x.pid === 1)!;
    t.session.context = other;
    expect((await t.run("bt")).split("\n")[0]).toMatch(
      /^PID: 1 {6}TASK: [0-9a-f]{16} {2}CPU: \d+ +COMMAND: "/,
    );
    expect((await t.run("bt -p")).split("\n")[0]).toBe(PANIC_HEADER);
  });

  it("takes several pids and task addresses, a blank line between traces", async () => {
    const t = crashSession("client_lbug");
    const out = await t.run("bt 12295 ffff9f955eae6180");
    const headers = out.split("\n").filter((l) => l.startsWith("PID: "));
    expect(headers).toEqual([PANIC_HEADER, PANIC_HEADER]);
    expect(out).toContain(`system_call_fastpath at ffffffffa5375ddb\n    RIP:`);
    expect(out).toContain(`SS: 002b\n\n${PANIC_HEADER}\n`);
  });

  it("reports an unknown pid the way crash does and goes on", async () => {
    const t = crashSession("client_lbug");
    expect(await t.run("bt 99999")).toBe("bt: invalid task or pid value: 99999\n");
    const out = await t.run("bt 12295 99999");
    expect(out).toContain("\nbt: invalid task or pid value: 99999\n");
    expect(out.startsWith(PANIC_HEADER)).toBe(true);
  });

  it("-a shows the task running on every CPU", async () => {
    const t = crashSession("server_load");
    const out = await t.run("bt -a");
    const headers = out.split("\n").filter((l) => l.startsWith("PID: "));
    const cpus = headers.map((h) => Number(/CPU: (\d+)/.exec(h)![1]));
    expect(cpus).toEqual([...cpus].sort((a, b) => a - b));
    expect(new Set(cpus).size).toBe(cpus.length);
    expect(
      headers.filter((h) => /^PID: 4715 {3}TASK: [0-9a-f]{16} {2}CPU: \d+ +COMMAND: "bash"$/.test(h)).length,
    ).toBe(1);
    expect(headers.some((h) => h.includes('COMMAND: "ll_ost00_003"'))).toBe(true);
    expect(headers.some((h) => h.includes('COMMAND: "swapper/1"'))).toBe(true);
  });

  it("-c cpu picks the active task of that CPU; a bad CPU is an error", async () => {
    const t = crashSession("client_lbug");
    expect(await t.run("bt -c 4")).toBe(await t.run("bt"));
    expect(await t.run("bt -c 4096")).toBe("bt: invalid cpu specification: 4096\n");
  });

  it("-g on a kernel thread shows just that thread", async () => {
    const t = crashSession("server_load");
    expect(await t.run("bt -g 5389")).toBe(await t.run("bt 5389"));
  });
});

describe("bt output options", () => {
  it("-s shows function+offset, decimal by default and hexadecimal with -x", async () => {
    const t = crashSession("client_lbug");
    const dec = await t.run("bt -s");
    // offsets from the dmesg call trace: lbug_with_loc+0x4c, ll_put_grouplock.isra.46+0x37c, SyS_ioctl+0xa1
    expect(dec).toContain(" #3 [ffff9f94f45dfd30] lbug_with_loc+76 at ffffffffc08228cb [libcfs]\n");
    expect(dec).toContain(" #4 [ffff9f94f45dfd50] ll_put_grouplock+892 at ffffffffc0fcb92c [lustre]\n");
    expect(dec).toContain(" #7 [ffff9f94f45dff00] sys_ioctl+161 at ffffffffa4e56c71\n");
    const hexa = await t.run("bt -sx");
    expect(hexa).toContain(" #4 [ffff9f94f45dfd50] ll_put_grouplock+0x37c at ffffffffc0fcb92c [lustre]\n");
    expect(await t.run("bt -x -d")).toBe("bt: -d and -x are mutually exclusive\n");
  });

  it("-f dumps each frame's words under the frame they belong to", async () => {
    const t = crashSession("client_lbug");
    const prog = t.session.prog;
    const out = (await t.run("bt -f")).split("\n");
    const i = out.findIndex((l) => l.startsWith(" #6 "));
    const j = out.findIndex((l) => l.startsWith(" #7 "));
    const words = out
      .slice(i + 1, j)
      .join(" ")
      .split(/\s+/)
      .filter((w) => /^[0-9a-f]{16}$/.test(w));
    // from #6's slot + 8 up to and including #7's slot (ffff9f94f45dff00)
    expect(words.length).toBe((0xff00 - 0xfe88) / 8 + 1);
    expect(words[0]).toBe(prog.readU64(0xffff9f94f45dfe88n).toString(16).padStart(16, "0"));
    expect(out[i + 1].startsWith("    ffff9f94f45dfe88: ")).toBe(true);
  });

  it("-F names slab caches without addresses; -FF adds them", async () => {
    const t = crashSession("client_lbug");
    const f = await t.run("bt -F");
    expect(f).toContain("    ffff9f94f45dfe88: [dentry]         [mm_struct]      \n");
    const ff = await t.run("bt -FF");
    expect(ff).toContain("    ffff9f94f45dfe88: [ffff9f94e6411cc0:dentry] [ffff9f94f45d669f:mm_struct] \n");
    expect(ff).toContain("    ffff9f94f45dfea8: do_setitimer+476 0000000000000000 \n");
  });

  it("-FF in radix 16 shows symbol offsets in hex", async () => {
    const t = crashSession("client_lbug");
    t.session.radix = 16;
    expect(await t.run("bt -FF")).toContain("    ffff9f94f45dfef8: ffff9f94f45dff48 sys_ioctl+0xa1   \n");
  });

  it("-R shows only the traces that mention a symbol or a value", async () => {
    const t = crashSession("client_lbug");
    const hit = await t.run("bt -R do_vfs_ioctl");
    expect(hit.startsWith(`${PANIC_HEADER}\n #0 `)).toBe(true);
    expect(hit.endsWith("SS: 002b\n\n")).toBe(true);
    expect(await t.run("bt -R ffffffffc0fde8d6")).toBe(hit);
    expect(await t.run("bt -R schedule")).toBe("");
  });

  it("-t lists the text addresses on the stack from the current frame", async () => {
    const t = crashSession("client_lbug");
    const out = (await t.run("bt -t")).split("\n");
    expect(out[1]).toBe("              START: machine_kexec at ffffffffa4c63934");
    expect(out).toContain("  [ffff9f94f45dff00] sys_ioctl at ffffffffa4e56c71");
    for (const l of out.slice(2).filter(Boolean))
      expect(l).toMatch(/^ {2}\[[0-9a-f]{16}\] \S+ at [0-9a-f]+( \[\w+\])?$/);
  });

  it("-e finds the user-mode exception frame", async () => {
    const t = crashSession("client_lbug");
    const out = await t.run("bt -e");
    expect(out).toMatch(/\n\n {2}USER-MODE EXCEPTION FRAME AT: [0-9a-f]{16}\n {4}RIP: 00007f7a30a931c9/);
  });

  it("-r dumps the whole kernel stack", async () => {
    const t = crashSession("client_lbug");
    const task = tasksByPid(t.session.prog, 12295)[0];
    const out = (await t.run("bt -r")).split("\n");
    expect(out[1].startsWith(`${task.stack.toString(16)}:  `)).toBe(true);
    expect(out.length - 2).toBe(16384 / 16);
  });

  it("-v finds no overflow on a healthy dump", async () => {
    const t = crashSession("client_lbug");
    expect(await t.run("bt -v")).toBe("No stack overflows detected\n");
  });

  it("bad options print getopt's message and the usage", async () => {
    const t = crashSession("client_lbug");
    expect(await t.run("bt -Z")).toBe(
      "bt: invalid option -- 'Z'\nUsage:\n  bt [-a|-c cpu(s)|-g|-r|-t|-T|-l|-e|-E|-f|-F|-o|-O|-v|-p] [-R ref] [-s [-x|d]]\n     [-I ip] [-S sp] [pid | task]\nEnter \"help bt\" for details.\n",
    );
    expect((await t.run("bt -R")).split("\n")[0]).toBe("bt: option requires an argument -- 'R'");
  });

  it("frame numbers of 10 and more lose the leading space", async () => {
    const t = crashSession("server_load");
    const out = await t.run("bt 5389");
    expect(out).toContain(" #9 [");
    expect(out).toContain("\n#14 [ffff917c9eb33b40] ldlm_run_ast_work at ffffffffc0fd3055 [ptlrpc]\n");
    const frames = unwindStack(t.session.prog, tasksByPid(t.session.prog, 5389)[0]);
    expect(out.split("\n").filter((l) => /^ ?#\d+ /.test(l)).length).toBe(frames.length);
  });

  it("a task address resolves like its pid", async () => {
    const t = crashSession("server_load");
    expect(await t.run("bt ffff917cbba330c0")).toBe(await t.run("bt 5389"));
  });
});
