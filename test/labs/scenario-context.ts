/**
 * Grader contexts for the Crash-part labs in Node: the lab's scenario Program (built once per
 * test file, as the page builds it once) and a fake guest whose files a test sets.
 */

import * as scenarios from "../../emulator/scenarios/index";
import { gradeTask } from "../../labs/grade";
import { getLab } from "../../labs/index";
import type { GraderContext, ScenarioName } from "../../labs/schema";

/** The scenario layer's entry point; the site and the crash tests name it differently (see the report). */
type Builder = (name: ScenarioName) => object | Promise<object>;

function builder(): Builder {
  const mod = scenarios as unknown as Record<string, unknown>;
  const fn = mod.buildScenario ?? mod.loadScenario;
  if (typeof fn !== "function")
    throw new Error("emulator/scenarios/index.ts exports neither buildScenario nor loadScenario");
  return fn as Builder;
}

const built = new Map<ScenarioName, Promise<object>>();

export function scenarioProgram(name: ScenarioName): Promise<object> {
  let p = built.get(name);
  if (!p) {
    p = Promise.resolve(builder()(name));
    built.set(name, p);
  }
  return p;
}

export interface LabContext extends GraderContext {
  /** Files of the fake guest, by absolute path. */
  readonly files: Map<string, string>;
}

export function labContext(labId: string): LabContext {
  const lab = getLab(labId);
  if (!lab?.scenario) throw new Error(`lab ${labId} is not registered or has no scenario`);
  const scenario = lab.scenario;
  const files = new Map<string, string>();
  return {
    labId,
    files,
    program: () => scenarioProgram(scenario),
    inspect: {
      readFile: async (path) => files.get(path) ?? null,
      history: async () => [],
      cwd: async () => lab.cwd,
    },
  };
}

/** Grade an answer to a task of a lab and return whether it was accepted. */
export async function accepts(ctx: LabContext, taskId: string, answer = ""): Promise<boolean> {
  const task = getLab(ctx.labId)?.tasks.find((t) => t.id === taskId);
  if (!task) throw new Error(`no task ${ctx.labId}/${taskId}`);
  const result = await gradeTask(task, ctx, answer);
  if (result.message.startsWith("Could not check")) throw new Error(result.message);
  return result.correct;
}
