/**
 * Graders that compute answers from a vmcore need the scenario's kernel model in the page.
 * The scenario layer is loaded lazily (only when such a task is checked) and built once per
 * page. Seam: emulator/scenarios/index.ts exporting `buildScenario(name): Program` (or
 * `loadScenario`, sync or async).
 */
import type { ScenarioName, ScenarioProgram } from "../../labs/schema";

type Builder = (name: ScenarioName) => ScenarioProgram | Promise<ScenarioProgram>;

interface ScenarioModule {
  buildScenario?: Builder;
  loadScenario?: Builder;
}

const modules = import.meta.glob<ScenarioModule>("../../emulator/scenarios/index.ts");
const built = new Map<ScenarioName, Promise<ScenarioProgram>>();

export function loadScenario(name: ScenarioName): Promise<ScenarioProgram> {
  let program = built.get(name);
  if (!program) {
    const load = modules["../../emulator/scenarios/index.ts"];
    program = load
      ? load().then((mod) => {
          const build = mod.buildScenario ?? mod.loadScenario;
          if (!build) throw new Error("emulator/scenarios/index.ts exports no buildScenario");
          return build(name);
        })
      : Promise.reject(new Error("the scenario models are not part of this build"));
    built.set(name, program);
  }
  return program;
}
