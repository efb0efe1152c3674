/** Loaded on demand by tasks.ts: the labs registry and the grader, behind one function. */
import { type GradeResult, gradeTask } from "../../labs/grade";
import { getTask } from "../../labs/index";
import type { GraderContext } from "../../labs/schema";

export async function grade(
  labId: string,
  taskId: string,
  ctx: GraderContext,
  answer: string,
): Promise<GradeResult> {
  const task = getTask(labId, taskId);
  if (!task) return { correct: false, message: `Unknown task ${labId}/${taskId}.` };
  return gradeTask(task, ctx, answer);
}
