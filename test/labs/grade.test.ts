import { describe, expect, it } from "vitest";
import type { GuestHistoryEntry, GuestInspect } from "../../emulator/guest/guest";
import { gradeTask } from "../../labs/grade";
import { defineLab, type GraderContext, type TaskInput } from "../../labs/schema";

/** A guest with a few files and a history, as GuestInspect shows them. */
function fakeGuest(files: Record<string, string>, history: GuestHistoryEntry[] = []): GuestInspect {
  return {
    readFile: async (path) => files[path] ?? null,
    history: async () => history,
    cwd: async () => "/root",
  };
}

function context(inspect: GuestInspect): GraderContext {
  return { labId: "t", inspect, program: () => Promise.reject(new Error("no scenario")) };
}

function task(check: TaskInput["check"]) {
  return defineLab({
    id: "t",
    title: "t",
    summary: "t",
    order: 0,
    guest: "simulated",
    cwd: "/root",
    tasks: [{ id: "x", title: "x", prompt: "x", check }],
  }).tasks[0];
}

const guest = fakeGuest({
  "/proc/sys/kernel/hostname": "vm0\n",
  "/root/notes.txt": "vm0\n",
  "/root/wrong.txt": "vm1\n",
});
const ctx = context(guest);

describe("answer checks", () => {
  it("exact: computed expected value, blanks ignored, case-sensitive by default", async () => {
    const t = task({
      kind: "exact",
      expected: async (c) => (await c.inspect.readFile("/proc/sys/kernel/hostname"))!.trim(),
    });
    expect((await gradeTask(t, ctx, " vm0 ")).correct).toBe(true);
    expect((await gradeTask(t, ctx, "VM0")).correct).toBe(false);
    expect((await gradeTask(t, ctx, "")).correct).toBe(false);
    const loose = task({ kind: "exact", caseSensitive: false, expected: () => "LBUG" });
    expect((await gradeTask(loose, ctx, "lbug")).correct).toBe(true);
  });

  it("number: any notation of the computed value", async () => {
    const t = task({ kind: "number", expected: () => 0x37 });
    for (const a of ["55", "0x37", "0o67"]) expect((await gradeTask(t, ctx, a)).correct, a).toBe(true);
    const wrong = await gradeTask(t, ctx, "56");
    expect(wrong.correct).toBe(false);
    expect(wrong.message).not.toContain("55");
    expect((await gradeTask(t, ctx, "lots")).message).toMatch(/not a number/);
  });

  it("regex, choice and nid", async () => {
    const re = task({ kind: "regex", expected: () => /^ll_put_grouplock(\.isra\.\d+)?$/ });
    expect((await gradeTask(re, ctx, "ll_put_grouplock.isra.46")).correct).toBe(true);
    expect((await gradeTask(re, ctx, "ll_file_ioctl")).correct).toBe(false);

    const choice = task({ kind: "choice", choices: ["4", "8", "16"], expected: () => "16" });
    expect((await gradeTask(choice, ctx, "16")).correct).toBe(true);
    expect((await gradeTask(choice, ctx, "8")).correct).toBe(false);
    const badGrader = task({ kind: "choice", choices: ["a", "b"], expected: () => "c" });
    expect((await gradeTask(badGrader, ctx, "a")).message).toMatch(/not one of the choices/);

    const nid = task({ kind: "nid", expected: () => 0x200000ac80002n });
    for (const a of ["10.200.0.2", "10.200.0.2@tcp", "0x200000ac80002"])
      expect((await gradeTask(nid, ctx, a)).correct, a).toBe(true);
    expect((await gradeTask(nid, ctx, "10.200.0.3@tcp")).correct).toBe(false);
    const nidString = task({ kind: "nid", expected: () => "10.200.0.2@tcp" });
    expect((await gradeTask(nidString, ctx, "0x200000ac80002")).correct).toBe(true);
  });

  it("a throwing grader gives an incorrect result, not an exception", async () => {
    const t = task({ kind: "number", expected: (c) => c.program().then(() => 1) });
    const result = await gradeTask(t, ctx, "1");
    expect(result.correct).toBe(false);
    expect(result.message).toMatch(/no scenario/);
  });
});

describe("state checks", () => {
  it("file: exists and holds the computed content (~ is /root)", async () => {
    const hostname = async (c: GraderContext) => (await c.inspect.readFile("/proc/sys/kernel/hostname"))!;
    expect(
      (await gradeTask(task({ kind: "file", path: "~/notes.txt", expected: hostname }), ctx)).correct,
    ).toBe(true);
    const wrong = await gradeTask(task({ kind: "file", path: "~/wrong.txt", expected: hostname }), ctx);
    expect(wrong).toEqual({
      correct: false,
      message: "~/wrong.txt exists but does not hold what was asked.",
    });
    const missing = await gradeTask(task({ kind: "file", path: "/tmp/none", expected: hostname }), ctx);
    expect(missing.message).toMatch(/does not exist/);
    const contains = task({ kind: "file", path: "/root/notes.txt", match: "contains", expected: () => "vm" });
    expect((await gradeTask(contains, ctx)).correct).toBe(true);
  });

  it("command: a matching line at the right prompt", async () => {
    const history: GuestHistoryEntry[] = [
      { program: "sh", line: "cd /var/crash/client_lbug" },
      { program: "crash", line: "bt -FF" },
    ];
    const c = context(fakeGuest({}, history));
    expect(
      (await gradeTask(task({ kind: "command", program: "crash", pattern: /^bt\b.*-FF/ }), c)).correct,
    ).toBe(true);
    expect((await gradeTask(task({ kind: "command", pattern: /^bt\b/ }), c)).correct).toBe(false);
    expect((await gradeTask(task({ kind: "command", pattern: /^cd \/var\/crash/ }), c)).correct).toBe(true);
  });
});

describe("defineLab", () => {
  const base = { id: "l", title: "l", summary: "l", order: 0, guest: "simulated" as const, cwd: "/" };
  it("rejects hand-typed expected values, duplicate ids and bad scenarios", () => {
    // biome-ignore lint/suspicious/noExplicitAny: deliberately wrong input
    const typed: any = { id: "x", title: "x", prompt: "x", check: { kind: "exact", expected: "3.10.0" } };
    expect(() => defineLab({ ...base, tasks: [typed] })).toThrow(/expected must be a function/);
    const t = { id: "x", title: "x", prompt: "x", check: { kind: "exact" as const, expected: () => "a" } };
    expect(() => defineLab({ ...base, tasks: [t, t] })).toThrow(/duplicate task id x/);
    // biome-ignore lint/suspicious/noExplicitAny: deliberately wrong input
    expect(() => defineLab({ ...base, scenario: "nope" as any })).toThrow(/invalid lab l/);
  });
  it("fills defaults", () => {
    const lab = defineLab(base);
    expect(lab.setup).toEqual([]);
    expect(lab.tasks).toEqual([]);
  });
});
