/** /progress/: task states, export to a JSON file, import (merged), reset. */
import { emptyProgress, exportProgress, mergeProgress, parseProgress } from "../lib/progress";
import { showNotice } from "./notice";
import { progressStore } from "./progress-store";

progressStore.subscribe((progress) => {
  let solved = 0;
  let total = 0;
  for (const item of document.querySelectorAll<HTMLElement>("[data-progress-task]")) {
    const entry = progress.tasks[item.dataset.progressTask ?? ""];
    total += 1;
    if (entry) solved += 1;
    item.dataset.state = entry ? "solved" : "open";
    const state = item.querySelector<HTMLElement>(".progress-state");
    if (state)
      state.textContent = entry ? `solved ${new Date(entry.solvedAt).toLocaleString()}` : "not solved";
  }
  for (const badge of document.querySelectorAll<HTMLElement>("[data-lab-badge]")) {
    const keys: string[] = JSON.parse(badge.dataset.taskKeys ?? "[]");
    const n = keys.filter((k) => progress.tasks[k]).length;
    badge.textContent = keys.length ? `${n}/${keys.length}` : "";
    badge.dataset.state = keys.length && n === keys.length ? "done" : n > 0 ? "started" : "new";
  }
  const summary = document.querySelector<HTMLElement>("[data-summary]");
  if (summary) summary.textContent = `${solved} of ${total} tasks solved.`;
});

document.querySelector('[data-action="export"]')?.addEventListener("click", () => {
  const blob = new Blob([exportProgress(progressStore.get())], { type: "application/json" });
  const link = document.createElement("a");
  link.href = URL.createObjectURL(blob);
  link.download = `kdebug-lab-progress-${new Date().toISOString().slice(0, 10)}.json`;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
});

document
  .querySelector<HTMLInputElement>('[data-action="import"]')
  ?.addEventListener("change", async (event) => {
    const input = event.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    input.value = "";
    if (!file) return;
    try {
      const incoming = parseProgress(await file.text());
      progressStore.replace(mergeProgress(progressStore.get(), incoming));
      showNotice(`Imported ${Object.keys(incoming.tasks).length} solved tasks from ${file.name}.`);
    } catch (error) {
      showNotice(
        `Could not import ${file.name}: ${error instanceof Error ? error.message : String(error)}`,
        "warn",
      );
    }
  });

document.querySelector('[data-action="reset"]')?.addEventListener("click", () => {
  if (!window.confirm("Forget all solved tasks and revealed hints in this browser?")) return;
  progressStore.replace(emptyProgress());
  showNotice("Progress reset.");
});
