/**
 * Task widgets (site/components/Task.astro) in the browser: grade on submit against the
 * running guest, reveal hints one by one and the solution, remember what was solved.
 * The labs registry and its graders (which pull in kernel-model code) are loaded only when
 * the learner starts working on a task, so they cost nothing before the first prompt.
 */
import type { GradeResult } from "../../labs/grade";
import type { GraderContext } from "../../labs/schema";
import { progressStore } from "./progress-store";

let grading: Promise<typeof import("./grading")> | undefined;
const loadGrading = () => {
  grading ??= import("./grading");
  return grading;
};

function answerOf(form: HTMLFormElement): string {
  const radio = form.querySelector<HTMLInputElement>('input[type="radio"]:checked');
  if (radio) return radio.value;
  return form.querySelector<HTMLInputElement>('input[name="answer"]')?.value ?? "";
}

function showHints(el: HTMLElement, shown: number): void {
  const items = el.querySelectorAll<HTMLLIElement>(".task-hints > li");
  items.forEach((li, i) => {
    li.hidden = i >= shown;
  });
  const button = el.querySelector<HTMLButtonElement>(".task-hint-btn");
  if (!button) return;
  if (shown >= items.length) {
    button.hidden = true;
  } else {
    button.textContent =
      shown === 0 ? `Hint (1/${items.length})` : `Next hint (${shown + 1}/${items.length})`;
  }
}

export function bindTasks(root: ParentNode, graderContext: () => Promise<GraderContext>): void {
  for (const el of root.querySelectorAll<HTMLElement>("[data-task-id]")) {
    const labId = el.dataset.labId ?? "";
    const taskId = el.dataset.taskId ?? "";
    const key = el.dataset.taskKey ?? "";
    const form = el.querySelector<HTMLFormElement>(".task-form");
    const feedback = el.querySelector<HTMLElement>(".task-feedback");
    const submit = el.querySelector<HTMLButtonElement>(".task-submit");

    // Progress: solved badge and hints already revealed.
    progressStore.subscribe((progress) => {
      el.classList.toggle("solved", Boolean(progress.tasks[key]));
      showHints(el, progress.hints[key] ?? 0);
    });

    form?.addEventListener("submit", async (event) => {
      event.preventDefault();
      if (!submit || !feedback) return;
      submit.disabled = true;
      el.dataset.state = "checking";
      feedback.textContent = "Checking…";
      const answer = answerOf(form);
      const result: GradeResult = await Promise.all([loadGrading(), graderContext()])
        .then(([{ grade }, ctx]) => grade(labId, taskId, ctx, answer))
        .catch((error: unknown) => ({
          correct: false,
          message: `The machine is not ready: ${error instanceof Error ? error.message : String(error)}`,
        }));
      el.dataset.state = result.correct ? "correct" : "incorrect";
      feedback.textContent = result.message;
      submit.disabled = false;
      if (result.correct) progressStore.solve(key, answer || undefined);
    });

    // Fetch the graders while the learner is still typing.
    el.addEventListener("focusin", () => void loadGrading(), { once: true });
    el.addEventListener("pointerenter", () => void loadGrading(), { once: true });

    el.querySelector<HTMLButtonElement>(".task-hint-btn")?.addEventListener("click", () => {
      progressStore.hints(key, (progressStore.get().hints[key] ?? 0) + 1);
    });

    el.querySelector<HTMLButtonElement>(".task-solution-btn")?.addEventListener("click", (event) => {
      const solution = el.querySelector<HTMLElement>(".task-solution");
      if (!solution) return;
      solution.hidden = !solution.hidden;
      (event.currentTarget as HTMLButtonElement).textContent = solution.hidden
        ? "Show solution"
        : "Hide solution";
    });
  }
}
