/**
 * Site features around the terminal: progressive hints, the splitter, the stacked phone
 * layout, and progress export / import on /progress/.
 */
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { answerTask, assert, openLesson, run } from "./helpers.mjs";

const LESSON = "labs/setup/";

export const tests = [
  {
    name: "hints are revealed one at a time and stay revealed after a reload",
    async run({ page, baseUrl }) {
      await openLesson(page, baseUrl + LESSON);
      const task = page.locator('[data-task-id="cpu-count"]');
      const visibleHints = () => task.locator(".task-hints > li:not([hidden])").count();
      assert((await visibleHints()) === 0, "hints visible before asking");
      await task.locator(".task-hint-btn").click();
      assert((await visibleHints()) === 1, "first click did not reveal exactly one hint");
      await task.locator(".task-hint-btn").click();
      assert((await visibleHints()) === 2, "second click did not reveal the second hint");
      assert(
        !(await task.locator(".task-hint-btn").isVisible()),
        "hint button still shown with no hints left",
      );
      await page.reload();
      await page.waitForFunction(
        () =>
          document.querySelectorAll('[data-task-id="cpu-count"] .task-hints > li:not([hidden])').length === 2,
      );
    },
  },
  {
    name: "the splitter resizes the terminal and the terminal refits",
    async run({ page, baseUrl }) {
      await page.setViewportSize({ width: 1400, height: 900 });
      await openLesson(page, baseUrl + LESSON);
      const cols = () => page.evaluate(() => window.__kdebugTerm.term.cols);
      const before = await cols();
      const handle = await page.locator(".splitter").boundingBox();
      await page.mouse.move(handle.x + handle.width / 2, handle.y + handle.height / 2);
      await page.mouse.down();
      await page.mouse.move(400, handle.y + handle.height / 2, { steps: 5 });
      await page.mouse.up();
      await page.waitForFunction((n) => window.__kdebugTerm.term.cols > n + 10, before);
      console.log(`        terminal ${before} → ${await cols()} columns`);
      const out = await run(page, "echo still-fine");
      assert(out.endsWith("still-fine"), "terminal unusable after resizing");
    },
  },
  {
    name: "phone layout stacks text above the terminal",
    async run({ page, baseUrl }) {
      await page.setViewportSize({ width: 390, height: 844 });
      await openLesson(page, baseUrl + LESSON);
      const text = await page.locator(".lesson-text").boundingBox();
      const term = await page.locator(".terminal-pane").boundingBox();
      assert(
        term.y >= text.y + text.height,
        `terminal (y=${term.y}) not below the text (ends ${text.y + text.height})`,
      );
      assert(Math.abs(term.width - 390) < 2, `terminal is ${term.width}px wide on a 390px screen`);
      const out = await run(page, "echo phone-ok");
      assert(out.endsWith("phone-ok"), "terminal not usable on a phone layout");
    },
  },
  {
    name: "progress page: export then import into a fresh browser",
    async run({ page, baseUrl, results, launch }) {
      await openLesson(page, baseUrl + LESSON);
      const release = await run(page, "uname -r");
      assert((await answerTask(page, "kernel-release", release)) === "correct", "could not solve a task");
      await page.goto(`${baseUrl}progress/`);
      const row = page.locator('[data-progress-task="setup/kernel-release"]');
      assert(
        (await row.getAttribute("data-state")) === "solved",
        "progress page does not show the solved task",
      );
      const [download] = await Promise.all([
        page.waitForEvent("download"),
        page.locator('[data-action="export"]').click(),
      ]);
      const file = join(results, "progress-export.json");
      await download.saveAs(file);
      const exported = JSON.parse(await readFile(file, "utf8"));
      assert(
        exported.version === 1 && exported.tasks["setup/kernel-release"],
        "export lacks the solved task",
      );

      const other = await launch();
      try {
        const fresh = await other.context.newPage();
        await fresh.goto(`${baseUrl}progress/`);
        assert(
          (await fresh.locator("[data-summary]").textContent())?.startsWith("0 of"),
          "fresh profile not empty",
        );
        await fresh.locator('[data-action="import"]').setInputFiles(file);
        await fresh.waitForFunction(
          () =>
            document.querySelector('[data-progress-task="setup/kernel-release"]')?.dataset.state === "solved",
        );
        const bad = join(results, "progress-bad.json");
        await writeFile(bad, '{"hello": "world"}');
        await fresh.locator('[data-action="import"]').setInputFiles(bad);
        await fresh.waitForFunction(() =>
          /Could not import/.test(document.querySelector("#notice")?.textContent ?? ""),
        );
      } finally {
        await other.close();
      }
    },
  },
];
