/**
 * The registry of labs. To add a lab: create labs/<id>/index.ts exporting `defineLab({...})`,
 * import it here, and write its lessons in content/<id>/*.mdx with `lab: <id>` in the
 * frontmatter. The site builds a page per lesson and finds tasks by id through this module.
 */

import { clientLbugLab } from "./client-lbug";
import { crashBasicsLab } from "./crash-basics";
import { liveKernelLab } from "./live-kernel";
import { lsStuckLab } from "./ls-stuck";
import { perfProbeLab } from "./perf-probe";
import type { Lab, Task } from "./schema";
import { serverLoadLab } from "./server-load";
import { setupLab } from "./setup";

function buildRegistry(list: readonly Lab[]): readonly Lab[] {
  const ids = new Set<string>();
  for (const lab of list) {
    if (ids.has(lab.id)) throw new Error(`duplicate lab id ${lab.id}`);
    ids.add(lab.id);
  }
  return [...list].sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
}

/** Every lab, in home-page order. */
export const labs: readonly Lab[] = buildRegistry([
  setupLab,
  crashBasicsLab,
  clientLbugLab,
  serverLoadLab,
  lsStuckLab,
  liveKernelLab,
  perfProbeLab,
]);

export function getLab(id: string): Lab | undefined {
  return labs.find((lab) => lab.id === id);
}

export function getTask(labId: string, taskId: string): Task | undefined {
  return getLab(labId)?.tasks.find((task) => task.id === taskId);
}

/** The key a task's progress is stored under: "<lab>/<task>". */
export function taskKey(labId: string, taskId: string): string {
  return `${labId}/${taskId}`;
}
