/**
 * /instructor/answers/: fills in every task's expected answer by running its grader code in
 * the page (site/lib/answer-key.ts). Graders that read a vmcore get the lab's scenario model;
 * graders that read the machine's files get a fresh guest of that lab, booted headless on first
 * use (simulated labs only — a v86 lab's values exist only in a learner's running VM).
 */
import type { Guest, GuestInspect } from "../../emulator/guest/guest";
import { labs } from "../../labs/index";
import type { GraderContext, Lab, ScenarioName } from "../../labs/schema";
import { type KeyEntry, keyEntry } from "../lib/answer-key";
import { createGuest } from "../lib/guests";
import { loadScenario } from "../lib/scenarios";
import { siteRoot } from "./site-root";

/** The value lives in a learner's running machine; the key can only say where it comes from. */
class LiveOnly extends Error {}

/** GuestInspect over a guest booted the first time a grader asks. */
function lazyInspect(lab: Lab, guests: Guest[]): GuestInspect {
  let booted: Promise<Guest> | undefined;
  const guest = () => {
    if (lab.guest !== "simulated") {
      return Promise.reject(
        new LiveOnly("read from the learner's running VM when they check (differs between boots)"),
      );
    }
    booted ??= createGuest({
      id: lab.id,
      guest: lab.guest,
      cwd: lab.cwd,
      setup: lab.setup,
      ...(lab.scenario ? { scenario: lab.scenario } : {}),
      cols: 80,
      rows: 24,
      siteRoot: siteRoot(),
    }).then(async (g) => {
      guests.push(g);
      await g.start();
      return g;
    });
    return booted;
  };
  return {
    readFile: async (path) => (await guest()).inspect.readFile(path),
    history: async () => (await guest()).inspect.history(),
    cwd: async () => (await guest()).inspect.cwd(),
  };
}

function contextFor(lab: Lab, guests: Guest[]): GraderContext {
  return {
    labId: lab.id,
    inspect: lazyInspect(lab, guests),
    program: () =>
      lab.scenario
        ? loadScenario(lab.scenario as ScenarioName)
        : Promise.reject(new Error(`lab ${lab.id} has no vmcore scenario`)),
  };
}

function render(row: HTMLElement, entry: KeyEntry): void {
  const expected = row.querySelector<HTMLElement>("[data-expected]");
  const details = row.querySelector<HTMLElement>("[data-details]");
  const verdict = row.querySelector<HTMLElement>("[data-verdict]");
  if (expected) {
    expected.textContent = entry.expected || "no single value: the state of the machine";
    expected.classList.toggle("key-multiline", entry.expected.includes("\n"));
  }
  if (details) {
    details.replaceChildren(
      ...entry.details.map((line) => Object.assign(document.createElement("li"), { textContent: line })),
    );
  }
  if (verdict) {
    verdict.dataset.verdict =
      entry.accepted === undefined ? "none" : entry.accepted ? "accepted" : "rejected";
    verdict.textContent =
      entry.accepted === undefined
        ? ""
        : entry.accepted
          ? "✓ the grader accepts this"
          : `✗ the grader rejects this: ${entry.graderMessage ?? ""}`;
  }
  row.dataset.state = entry.accepted === false ? "rejected" : entry.expected === "" ? "state" : "computed";
}

function renderError(row: HTMLElement, error: unknown): void {
  const live = error instanceof LiveOnly;
  const expected = row.querySelector<HTMLElement>("[data-expected]");
  if (expected) expected.textContent = live ? "depends on the learner's VM" : "could not compute";
  const details = row.querySelector<HTMLElement>("[data-details]");
  const reason = error instanceof Error ? error.message : String(error);
  details?.replaceChildren(Object.assign(document.createElement("li"), { textContent: reason }));
  row.dataset.state = live ? "live" : "error";
  if (!live) console.error(error);
}

async function fill(root: HTMLElement): Promise<void> {
  const summary = root.querySelector<HTMLElement>("[data-key-summary]");
  const counts = { computed: 0, accepted: 0, rejected: 0, stateOnly: 0, live: 0, error: 0 };
  const guests: Guest[] = [];
  const t0 = performance.now();
  for (const lab of labs) {
    const ctx = contextFor(lab, guests);
    for (const task of lab.tasks) {
      const key = `${lab.id}/${task.id}`;
      const row = root.querySelector<HTMLElement>(`[data-key-task="${CSS.escape(key)}"]`);
      if (!row) continue;
      row.dataset.state = "computing";
      try {
        const entry = await keyEntry(key, task, ctx);
        render(row, entry);
        if (entry.expected === "") counts.stateOnly += 1;
        else counts.computed += 1;
        if (entry.accepted === true) counts.accepted += 1;
        if (entry.accepted === false) counts.rejected += 1;
      } catch (error) {
        renderError(row, error);
        counts[error instanceof LiveOnly ? "live" : "error"] += 1;
      }
      if (summary) summary.textContent = `Computing… ${lab.title}`;
    }
  }
  for (const guest of guests) guest.dispose();
  const seconds = ((performance.now() - t0) / 1000).toFixed(1);
  if (summary) {
    summary.textContent =
      `${counts.computed} answers computed by the graders in ${seconds} s; ` +
      `${counts.accepted} re-checked and accepted by their grader` +
      (counts.rejected ? `, ${counts.rejected} REJECTED` : "") +
      (counts.stateOnly
        ? `; ${counts.stateOnly} state checks with no single value (see their solutions)`
        : "") +
      (counts.live ? `; ${counts.live} only known in a running VM` : "") +
      (counts.error ? `; ${counts.error} failed` : "") +
      ".";
  }
  root.dataset.state = counts.rejected || counts.error ? "problems" : "done";
}

const root = document.querySelector<HTMLElement>("[data-answer-key]");
if (root) void fill(root);
