/**
 * Every Crash-part task's "show solution" commands, run in a fresh simulated guest shell of its
 * lab (the CLI's `exec` path: ShellSession + the crash tool), print what the task asks for: the
 * grader accepts an answer read off that output the way a learner would read it. State tasks
 * are graded on the guest's files after the commands ran.
 */
import { describe, expect, it } from "vitest";
import { ShellSession } from "../../emulator/shell/session";
import { defaultTools } from "../../emulator/shell/tools-registry";
import { decodeIoctl, lustreFileIoctls } from "../../labs/client-lbug/ioctls";
import { kmallocCache } from "../../labs/crash-basics/memory";
import { gradeTask } from "../../labs/grade";
import { getLab } from "../../labs/index";
import type { GraderContext, Lab, Task } from "../../labs/schema";
import { scenarioProgram } from "./scenario-context";

/** The solution as one script: the shell lines, then the crash lines fed to crash on stdin. */
function script(solution: readonly string[]): string {
  const start = solution.findIndex((l) => /^crash\s/.test(l));
  if (start < 0) return `${solution.join("\n")}\n`;
  const shell = solution.slice(0, start + 1);
  const crash = solution.slice(start + 1);
  return `${shell.slice(0, -1).join("\n")}\n${shell.at(-1)} <<'KDEBUG_EOF'\n${crash.join("\n")}\nKDEBUG_EOF\n`;
}

async function runSolution(lab: Lab, task: Task) {
  const session = new ShellSession({ interactive: false, cwd: lab.cwd, tools: defaultTools() });
  let out = "";
  await session.run(script(task.solution), { onOutput: (stdout, stderr) => (out += stdout + stderr) });
  const scenario = lab.scenario;
  const ctx: GraderContext = {
    labId: lab.id,
    program: () => (scenario ? scenarioProgram(scenario) : Promise.reject(new Error("no scenario"))),
    inspect: {
      readFile: async (path) => ((await session.fs.exists(path)) ? session.fs.readFile(path) : null),
      history: async () => [],
      cwd: async () => session.cwd,
    },
  };
  return { out, ctx };
}

/** Lines and words of the output: what a learner could copy into the answer box. */
function candidates(out: string): string[] {
  const lines = out.split("\n").map((l) => l.trim());
  const words = out.split(/[\s"'[\](){},=:$]+/);
  return [...new Set([...lines, ...words])].filter((c) => c !== "");
}

const lastLine = (out: string) =>
  out
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "")
    .at(-1) ?? "";

/** ps -l lines: [timestamp] [ST] ... COMMAND: "name". */
const PS_L = /^\[\s*(\d+)\] \[(\w\w)\] .*COMMAND: "([^"]+)"/;

/**
 * How a learner turns the solution's output into an answer, when it is not a word of the output
 * as printed (a decoded number, a computed difference, the last line of a sorted list...).
 */
const reading: Record<string, (out: string) => string[]> = {
  // the ioctl number printed by the shell arithmetic, looked up in the lesson's table
  "ioctl-name": (out) =>
    lustreFileIoctls.filter((d) => new RegExp(`\\bnr ${d.nr}\\b`).test(out)).map((d) => d.name),
  // SIZE: 0x.. → the next kmalloc class
  "resource-cache": (out) => [...out.matchAll(/SIZE: (0x[0-9a-f]+)/g)].map((m) => kmallocCache(Number(m[1]))),
  // `uniq -c` of the states of the stale threads: every state counted
  "stuck-states": (out) => [[...out.matchAll(/^\s*\d+ ([A-Z]{2})$/gm)].map((m) => m[1]).join(" ")],
  // `uniq -c` of "CPU n": the CPU with the biggest count
  "starved-cpu": (out) => {
    const counts = [...out.matchAll(/^\s*(\d+) CPU (\d+)$/gm)].map((m) => [Number(m[1]), m[2]] as const);
    return counts
      .sort((a, b) => b[0] - a[0])
      .map(([, cpu]) => cpu)
      .slice(0, 1);
  },
  // crash's UPTIME line
  "dump-uptime": (out) => [...out.matchAll(/UPTIME: (\S+)/g)].map((m) => m[1]),
  // a count printed by wc -l: the last line only
  "granted-count": (out) => [lastLine(out)],
  "waiting-count": (out) => [lastLine(out)],
  "server-namespaces": (out) => [lastLine(out)],
  // every mode the list printed
  "waiting-modes": (out) => [[...out.matchAll(/l_req_mode = (\w+)/g)].map((m) => m[1]).join(" ")],
  // rd prints NIDs as bare 16-digit words; the answer box wants 0x
  "top-client": (out) => [`0x${lastLine(out).split(/\s+/).at(-1)}`],
  // clubak group headers end with the number of threads in parentheses
  "waiter-count": (out) => [...out.matchAll(/\((\d+)\)\s*$/gm)].map((m) => m[1]),
  // the operation in mdt_reint_<op>
  "holder-operation": (out) => [...out.matchAll(/mdt_reint_(\w+)/g)].map((m) => m[1]),
  // the lowest (oldest) of the mdt threads in ps -l
  "holder-thread": (out) => {
    const rows = out.split("\n").flatMap((l) => {
      const m = PS_L.exec(l.trim());
      return m ? [m[3]] : [];
    });
    return rows.slice(-1);
  },
  // first ps -l timestamp minus the thread's, in seconds
  "stuck-duration": (out) => {
    const stamps = [...out.matchAll(/^\[\s*(\d+)\]/gm)].map((m) => BigInt(m[1]));
    return stamps.length >= 2 ? [`${Number(stamps[0] - stamps[stamps.length - 1]) / 1e9} s`] : [];
  },
};

async function accepted(
  task: Task,
  ctx: GraderContext,
  answers: readonly string[],
): Promise<string | undefined> {
  for (const answer of answers) if ((await gradeTask(task, ctx, answer)).correct) return answer;
  return undefined;
}

for (const labId of ["crash-basics", "client-lbug", "server-load", "ls-stuck"]) {
  const lab = getLab(labId);
  describe(`${labId}: solutions print the answer`, () => {
    it("is registered", () => expect(lab?.scenario).toBeDefined());
    for (const task of lab?.tasks ?? []) {
      if (task.solution.length === 0) continue;
      it(task.id, async () => {
        if (!lab) return;
        const { out, ctx } = await runSolution(lab, task);
        expect(out, "crash printed an error").not.toMatch(/^crash: (?:command not found|invalid)/m);
        if (task.check.kind === "custom" && !task.check.input) {
          const result = await gradeTask(task, ctx);
          expect(result.correct, result.message).toBe(true);
          return;
        }
        const read = reading[task.id];
        const answers = read ? read(out) : candidates(out);
        const hit = await accepted(task, ctx, answers);
        expect(
          hit,
          `no accepted answer in the output of:\n${task.solution.join("\n")}\n---\n${out.slice(-3000)}`,
        ).toBeDefined();
      }, 120_000);
    }
  });
}

describe("reading helpers", () => {
  it("decode the ioctl number as the lesson does", () => {
    expect(reading["ioctl-name"]("dir 1 size 8 type 102 nr 159")).toEqual(["LL_IOC_GROUP_UNLOCK"]);
    expect(decodeIoctl(0x4008669fn)?.nr).toBe(159);
  });
});
