/** Home page: "n/m tasks" badges from saved progress. */
import { progressStore } from "./progress-store";

progressStore.subscribe((progress) => {
  for (const card of document.querySelectorAll<HTMLElement>("[data-lab-card]")) {
    const keys: string[] = JSON.parse(card.dataset.taskKeys ?? "[]");
    const badge = card.querySelector<HTMLElement>("[data-badge]");
    if (!badge || keys.length === 0) continue;
    const solved = keys.filter((k) => progress.tasks[k]).length;
    badge.textContent = `${solved}/${keys.length} tasks`;
    badge.dataset.state = solved === keys.length ? "done" : solved > 0 ? "started" : "new";
  }
});
