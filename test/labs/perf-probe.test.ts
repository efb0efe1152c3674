/**
 * perf-probe lab: computed answers equal independent reads of the live model (the debuginfo
 * listing, struct offsets through the Program, the resources in memory), answer forms are
 * accepted or rejected, and every task's solution run through the CLI's `exec` prints (or
 * leaves in the guest) what the grader accepts.
 */
import { describe, expect, it } from "vitest";
import { main } from "../../emulator/cli/main";
import { LDLM_RES_HASH_DUMP } from "../../emulator/live/debuginfo";
import type { LiveState } from "../../emulator/live/state";
import { LiveSystem } from "../../emulator/live/system";
import { ShellSession } from "../../emulator/shell/session";
import { defaultTools } from "../../emulator/shell/tools-registry";
import { gradeTask } from "../../labs/grade";
import { getLab } from "../../labs/index";
import { REFCOUNT_THRESHOLD, refcountOffset, resourceDumpCallLine } from "../../labs/perf-probe/graders";
import type { GraderContext, Task } from "../../labs/schema";

const lab = getLab("perf-probe")!;
const task = (id: string): Task => {
  const t = lab.tasks.find((x) => x.id === id);
  if (!t) throw new Error(`no task ${id}`);
  return t;
};

/** The solution through the CLI (`kdebug-lab exec perf-probe -`): its output. */
async function cliOutput(solution: readonly string[]): Promise<string> {
  let out = "";
  const rc = await main(["exec", "perf-probe", "-"], {
    stdout: (t) => (out += t),
    stderr: (t) => (out += t),
    readStdin: async () => `${solution.join("\n")}\n`,
  });
  expect(rc).toBe(0);
  return out;
}

/** The same script in the same kind of session `exec` builds, kept to grade the guest's files. */
async function guestAfter(
  solution: readonly string[],
): Promise<{ ctx: GraderContext; session: ShellSession }> {
  const session = new ShellSession({ interactive: false, cwd: lab.cwd, tools: defaultTools() });
  await session.run(`${solution.join("\n")}\n`, { onOutput: () => {} });
  const ctx: GraderContext = {
    labId: lab.id,
    program: () => Promise.reject(new Error("no scenario")),
    inspect: {
      readFile: async (p) => ((await session.fs.exists(p)) ? session.fs.readFile(p) : null),
      history: async () => [],
      cwd: async () => session.cwd,
    },
  };
  return { ctx, session };
}

const emptyCtx: GraderContext = {
  labId: "perf-probe",
  program: () => Promise.reject(new Error("no scenario")),
  inspect: { readFile: async () => null, history: async () => [], cwd: async () => "/root" },
};

async function stateOf(session: ShellSession): Promise<LiveState> {
  return JSON.parse(await session.fs.readFile("/run/kdebug/live.json")) as LiveState;
}

describe("perf-probe lab: computed answers", () => {
  it("is registered with its tasks", () => {
    expect(lab.guest).toBe("simulated");
    expect(lab.scenario).toBeUndefined();
    expect(lab.tasks.length).toBeGreaterThanOrEqual(5);
  });

  it("the dump call line is the numbered line of the listing that calls ldlm_resource_dump", async () => {
    const out = await cliOutput(task("dump-call-line").solution);
    const numbered = [...out.matchAll(/^\s+(\d+)\s+ldlm_resource_dump\(level, res\);$/gm)];
    expect(numbered).toHaveLength(1);
    expect(resourceDumpCallLine()).toBe(Number(numbered[0][1]));
    expect(LDLM_RES_HASH_DUMP.source[resourceDumpCallLine()]).toContain("ldlm_resource_dump(");
    const t = task("dump-call-line");
    expect((await gradeTask(t, emptyCtx, numbered[0][1])).correct).toBe(true);
    expect((await gradeTask(t, emptyCtx, `0x${Number(numbered[0][1]).toString(16)}`)).correct).toBe(true);
    expect((await gradeTask(t, emptyCtx, "8")).correct).toBe(false);
  });

  it("the register of res is the one perf -v writes in the kprobe definition", async () => {
    const out = await cliOutput(task("res-register").solution);
    const reg = /Writing event: .* res=%(\w+):u64/.exec(out)?.[1];
    expect(reg).toBeDefined();
    const t = task("res-register");
    for (const form of [`%${reg}`, reg!, reg!.toUpperCase(), ` %${reg} `])
      expect((await gradeTask(t, emptyCtx, form)).correct, form).toBe(true);
    for (const form of ["%rbx", "r13", "res", "", "0x59"])
      expect((await gradeTask(t, emptyCtx, form)).correct, form).toBe(false);
  });

  it("the refcount offset equals the Program's offset of lr_refcount and perf -v's +N", async () => {
    const out = await cliOutput(task("refcount-offset").solution);
    const n = /lr_refcount=\+(\d+)\(%\w+\)/.exec(out)?.[1];
    const sys = new LiveSystem(
      (await guestAfter(["modprobe lustre"]).then((g) => stateOf(g.session))) as LiveState,
    );
    expect(refcountOffset()).toBe(sys.prog.offsetOf("ldlm_resource", "lr_refcount"));
    expect(Number(n)).toBe(refcountOffset());
    const t = task("refcount-offset");
    expect((await gradeTask(t, emptyCtx, n!)).correct).toBe(true);
    expect((await gradeTask(t, emptyCtx, `0x${Number(n).toString(16)}`)).correct).toBe(true);
    expect((await gradeTask(t, emptyCtx, "64")).correct).toBe(false);
  });
});

describe("perf-probe lab: state tasks", () => {
  it("probe-armed: accepted after the solution, refused before, after -d, and for a probe without lr_refcount", async () => {
    const t = task("probe-armed");
    expect((await gradeTask(t, emptyCtx)).correct).toBe(false);
    const sol = t.solution;
    const out = await cliOutput(sol);
    expect(out).toContain("probe:ldlm_res_hash_dump");
    const { ctx } = await guestAfter(sol);
    expect((await gradeTask(t, ctx)).correct).toBe(true);
    const deleted = await guestAfter([...sol, "perf probe -d 'probe:*'"]);
    expect((await gradeTask(t, deleted.ctx)).correct).toBe(false);
    const resOnly = await guestAfter(["modprobe lustre", "perf probe -m ptlrpc ldlm_res_hash_dump:8 res"]);
    expect((await gradeTask(t, resOnly.ctx)).correct).toBe(false);
  });

  it("hot-resources: the count of the recorded perf.data equals the live model's resources above the threshold", async () => {
    const t = task("hot-resources");
    const out = await cliOutput(t.solution);
    const fromOutput = [...out.matchAll(/^\s*(\d+) lr_refcount=(0x[0-9a-f]+)$/gm)]
      .filter((m) => Number(m[2]) > REFCOUNT_THRESHOLD)
      .reduce((n, m) => n + Number(m[1]), 0);
    const { ctx, session } = await guestAfter(t.solution);
    // Independently: every resource of every namespace in the model's memory.
    const sys = new LiveSystem(await stateOf(session));
    const off = BigInt(sys.prog.offsetOf("ldlm_resource", "lr_refcount"));
    const model = sys.namespaces
      .flatMap((n) => n.resources)
      .filter((r) => sys.prog.readU32(r + off) > REFCOUNT_THRESHOLD).length;
    expect(model).toBeGreaterThan(0);
    expect(fromOutput).toBe(model);
    expect((await gradeTask(t, ctx, String(model))).correct).toBe(true);
    expect((await gradeTask(t, ctx, `0x${model.toString(16)}`)).correct).toBe(true);
    expect((await gradeTask(t, ctx, String(model + 1))).correct).toBe(false);
    expect((await gradeTask(t, ctx, "many")).correct).toBe(false);
    // Without dlmtrace nothing is dumped: the grader says so rather than expecting 0.
    const quiet = await guestAfter(t.solution.filter((l) => !l.includes("+dlmtrace")));
    const r = await gradeTask(t, quiet.ctx, "0");
    expect(r.correct).toBe(false);
    expect(r.message).toMatch(/dlmtrace/);
  });

  it("hottest-fid: the FID of the OST object with the largest refcount in memory, as the recap prints it", async () => {
    const t = task("hottest-fid");
    const out = await cliOutput(t.solution);
    const recap = [...out.matchAll(/^(\[0x[0-9a-f]+:0x[0-9a-f]+:0x[0-9a-f]+\]) (\d+)$/gm)];
    expect(recap.length).toBeGreaterThanOrEqual(3);
    const { ctx, session } = await guestAfter(t.solution);
    // Independently: the OST namespaces' resources in memory, largest refcount first, then the
    // file the object belongs to (file n has OST object 0x42 + n and FID [0x2000013a1:n+1:0]).
    const state = await stateOf(session);
    const sys = new LiveSystem(state);
    const off = BigInt(sys.prog.offsetOf("ldlm_resource", "lr_refcount"));
    const ost = sys.namespaces
      .filter((n) => /^filter-/.test(n.name))
      .flatMap((n) => n.resources)
      .map((r) => ({
        refcount: sys.prog.readU32(r + off),
        oid: sys.prog.readMember(r, "ldlm_resource", "lr_name.name[0]"),
      }))
      .sort((a, b) => b.refcount - a.refcount);
    expect(ost[0].refcount).toBeGreaterThan(ost[1].refcount);
    expect(ost[0].refcount).toBeGreaterThanOrEqual(0x900);
    const n = Number(ost[0].oid - 0x42n);
    const fid = `[0x2000013a1:0x${(n + 1).toString(16)}:0x0]`;
    expect(recap[0][1]).toBe(fid);
    expect(Number(recap[0][2])).toBe(ost[0].refcount);
    expect(state.files[n].path).toBe("/mnt/lustre/job/params.nml");
    const r = await gradeTask(t, ctx, fid);
    expect(r.correct).toBe(true);
    expect(r.message).toContain("/mnt/lustre/job/params.nml");
    expect((await gradeTask(t, ctx, fid.slice(1, -1))).correct).toBe(true);
    expect((await gradeTask(t, ctx, recap[1][1])).correct).toBe(false);
    expect((await gradeTask(t, ctx, "params.nml")).correct).toBe(false);
    // Without the job every object has the same refcount: the grader asks for the job.
    const quiet = await guestAfter(t.solution.filter((l) => l !== "cluster-job start"));
    const q = await gradeTask(t, quiet.ctx, fid);
    expect(q.correct).toBe(false);
    expect(q.message).toMatch(/cluster-job start/);
    expect((await gradeTask(t, emptyCtx, fid)).correct).toBe(false);
  });

  it("widest-frame: the widest root child of the learner's folded file, as the awk of the solution prints", async () => {
    const t = task("widest-frame");
    const { ctx, session } = await guestAfter(t.solution);
    const folded = await session.fs.readFile("/root/out.folded");
    const perComm = new Map<string, number>();
    for (const line of folded.split("\n").filter(Boolean)) {
      const m = /^([^;]+)(?:;.*)? (\d+)$/.exec(line)!;
      perComm.set(m[1], (perComm.get(m[1]) ?? 0) + Number(m[2]));
    }
    const [widest] = [...perComm].sort((a, b) => b[1] - a[1])[0];
    expect((await gradeTask(t, ctx, widest)).correct).toBe(true);
    expect((await gradeTask(t, ctx, "tar")).correct).toBe(widest === "tar");
    expect((await gradeTask(t, ctx, "all")).correct).toBe(false);
    expect(await session.fs.exists("/root/out.svg")).toBe(true);
    // The CLI run of the same solution prints the same ranking's head.
    const out = await cliOutput(t.solution);
    const top = /^(\d+) (\S+)$/m.exec(out.slice(out.lastIndexOf("samples)")))?.[2];
    expect((await gradeTask(t, ctx, top!)).correct).toBe(true);
    expect((await gradeTask(t, emptyCtx, widest)).correct).toBe(false);
  });
});
