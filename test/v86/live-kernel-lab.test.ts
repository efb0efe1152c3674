/**
 * The live-kernel lab on the real guest: each task's "show solution" lines, typed into the
 * terminal, must make its grader pass — and the graders must fail before that. The expected
 * PID is cross-checked against what the learner sees in trace_pipe.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { V86Guest } from "../../emulator/v86/guest";
import { createV86NodeGuest } from "../../emulator/v86/node";
import { liveKernelLab as lab } from "../../labs/live-kernel/index";
import type { CustomResult, GraderContext, Task } from "../../labs/schema";
import { Console } from "./console";

let guest: V86Guest;
let term: Console;
let ctx: GraderContext;

beforeAll(async () => {
  guest = await createV86NodeGuest();
  term = new Console(guest);
  guest.resize(200, 50);
  await guest.start();
  ctx = {
    labId: lab.id,
    program: () => Promise.reject(new Error("the live-kernel lab has no vmcore")),
    inspect: guest.inspect,
  };
}, 120_000);

afterAll(() => guest?.dispose());

function task(id: string): Task {
  const found = lab.tasks.find((t) => t.id === id);
  if (!found) throw new Error(`no task ${id}`);
  return found;
}

async function grade(id: string, answer = ""): Promise<CustomResult> {
  const check = task(id).check;
  if (check.kind !== "custom") throw new Error(`${id} is not a custom check`);
  return check.grade(ctx, answer);
}

async function runSolution(id: string): Promise<void> {
  for (const line of task(id).solution) await term.run(line, 120_000);
}

describe("live-kernel lab", () => {
  it("is a v86 lab starting in /root", () => {
    expect(lab.guest).toBe("v86");
    expect(lab.cwd).toBe("/root");
  });

  it("kprobe-by-hand", async () => {
    expect((await grade("kprobe-by-hand")).correct).toBe(false);
    await term.run("echo 'p:myopen do_sys_openat2 dfd=%ax' > /sys/kernel/tracing/kprobe_events");
    const noString = await grade("kprobe-by-hand");
    expect(noString.correct).toBe(false);
    expect(noString.message).toContain("no string");
    await runSolution("kprobe-by-hand");
    expect(await grade("kprobe-by-hand")).toEqual({
      correct: true,
      message: "kprobes/myopen is registered.",
    });
  });

  it("who-opens: the grader's PID is the one trace_pipe shows", async () => {
    const [enable, readPipe, disable] = task("who-opens").solution;
    await term.run(enable);
    const from = term.length;
    guest.input(`${readPipe}\r`);
    // confwatch re-reads its file every 3 s.
    const seen = await term.waitFor((t) => /lab\.conf"/.test(t), from, 30_000);
    guest.interrupt();
    await term.waitFor((t) => /\]# $/.test(t), from, 20_000);
    await term.run(disable);
    const pid = Number(/(\d+)\s+\[000\][^\n]*path="\/etc\/kdebug\/lab\.conf"/.exec(seen)?.[1]);
    const check = task("who-opens").check;
    if (check.kind !== "number") throw new Error("who-opens should be a number check");
    expect(await check.expected(ctx)).toBe(pid);
    expect(pid).toBeGreaterThan(1);
  }, 60_000);

  it("perf-probe, perf-record, perf-probe-delete", async () => {
    expect((await grade("perf-probe")).correct).toBe(false);
    await runSolution("perf-probe");
    expect((await grade("perf-probe")).correct).toBe(true);
    expect((await grade("perf-probe-delete")).correct).toBe(false);
    expect((await grade("perf-record")).correct).toBe(false);
    await runSolution("perf-record");
    const recorded = await grade("perf-record");
    expect(recorded.correct).toBe(true);
    expect(recorded.message).toMatch(/^Recorded \d+ opens of \/etc\/kdebug\/lab\.conf\.$/);
    // Unregistering by hand is not what the task asks.
    await runSolution("perf-probe-delete");
    expect((await grade("perf-probe-delete")).correct).toBe(true);
  }, 120_000);

  it("perf-report: the answer comes from the learner's own report", async () => {
    expect((await grade("perf-report", "read")).correct).toBe(false);
    await runSolution("perf-report");
    const report = (await guest.inspect.readFile("/root/report.txt")) ?? "";
    const share = (name: string) =>
      Math.max(
        0,
        ...[...report.matchAll(new RegExp(`--([\\d.]+)%--__ia32_sys_${name}\\b`, "g"))].map((m) =>
          Number(m[1]),
        ),
      );
    const expected = share("read") > share("write") ? "read" : "write";
    const other = expected === "read" ? "write" : "read";
    expect((await grade("perf-report", expected)).correct).toBe(true);
    expect((await grade("perf-report", `sys_${expected}`)).correct).toBe(true);
    expect((await grade("perf-report", other)).correct).toBe(false);
  }, 120_000);

  it("function-graph", async () => {
    expect((await grade("function-graph")).correct).toBe(false);
    await runSolution("function-graph");
    expect(await grade("function-graph")).toEqual({ correct: true });
    expect((await guest.inspect.readFile("/sys/kernel/tracing/tracing_on"))?.trim()).toBe("1");
  }, 60_000);

  it("flame-graph: the share of dd comes from the learner's own perf script file", async () => {
    expect((await grade("flame-graph", "50")).correct).toBe(false);
    await runSolution("flame-graph");
    const script = (await guest.inspect.readFile("/root/out.perf")) ?? "";
    // Samples per command, from the header lines alone (not the viewer's code).
    const comms = script
      .split("\n")
      .filter((line) => /^\S/.test(line))
      .map((line) => line.split(/\s+/)[0]);
    const dd = comms.filter((comm) => comm === "dd").length;
    expect(dd).toBeGreaterThan(0);
    const share = (100 * dd) / comms.length;
    const right = await grade("flame-graph", share.toFixed(1));
    expect(right.correct).toBe(true);
    expect(right.message).toBe(`Yes: ${dd} of ${comms.length} samples, ${share.toFixed(2)}%.`);
    expect((await grade("flame-graph", `${Math.round(share)} %`)).correct).toBe(true);
    expect((await grade("flame-graph", (share - 5).toFixed(1))).correct).toBe(false);
    expect((await grade("flame-graph", "")).correct).toBe(false);
    // dd was stopped: no background job left to slow the machine down.
    expect(await term.run("jobs")).toBe("");
  }, 180_000);

  it("history shows what the learner typed", async () => {
    const lines = (await guest.inspect.history()).map((h) => h.line);
    expect(lines).toContain("perf probe -d 'probe:*'");
    expect(lines).toContain(task("perf-record").solution[0]);
  });
});
