/**
 * The "setup" lab in a real browser: boot, typing, Ctrl-C of a busy loop, command blocks,
 * graded tasks (right and wrong), progress across reloads, Reset, corrupt progress, sub-path
 * hosting, offline after the first visit, and screenshots at desktop and phone sizes.
 */
import { join } from "node:path";
import {
  answerTask,
  assert,
  lastLine,
  openLesson,
  PROMPT,
  run,
  termText,
  typeLine,
  waitFor,
  waitForPrompt,
} from "./helpers.mjs";

/** The kernel every slide of the talk shows (talk/facts.md §0) — independent of our code. */
const TALK_RELEASE = "3.10.0-957.21.3.el7.x86_64";
const LESSON = "labs/setup/";

export const tests = [
  {
    name: "lesson boots to a prompt",
    async run({ page, baseUrl }) {
      const t0 = Date.now();
      await openLesson(page, baseUrl + LESSON);
      assert(PROMPT.test(await lastLine(page)), `no prompt: ${await lastLine(page)}`);
      const status = await page.locator("[data-status]").getAttribute("data-state");
      assert(status === "ready", `status is ${status}`);
      console.log(`        first prompt after ${Date.now() - t0} ms`);
    },
  },
  {
    name: "uname -r prints the talk's kernel release",
    async run({ page, baseUrl }) {
      await openLesson(page, baseUrl + LESSON);
      const out = await run(page, "uname -r");
      assert(out === TALK_RELEASE, `uname -r printed ${JSON.stringify(out)}`);
    },
  },
  {
    name: "Ctrl-C stops a busy loop within a second",
    async run({ page, baseUrl }) {
      await openLesson(page, baseUrl + LESSON);
      await typeLine(page, "while true; do :; done");
      await new Promise((r) => setTimeout(r, 500));
      assert(!PROMPT.test(await lastLine(page)), "the loop returned to the prompt by itself");
      const t0 = Date.now();
      await page.keyboard.press("Control+C");
      await waitForPrompt(page, { timeout: 1000 });
      const ms = Date.now() - t0;
      console.log(`        prompt back ${ms} ms after Ctrl-C`);
      const out = await run(page, "echo still-alive");
      assert(out.endsWith("still-alive"), `shell not usable after Ctrl-C: ${JSON.stringify(out)}`);
    },
  },
  {
    name: "clicking a command block types it into the terminal",
    async run({ page, baseUrl }) {
      await openLesson(page, baseUrl + LESSON);
      const block = page.locator('.runnable[data-commands*="hello from"]');
      await block.scrollIntoViewIfNeeded();
      await block.click();
      const host = (await run(page, "hostname")).split("\n").at(-1);
      const text = await termText(page);
      assert(text.includes(`hello from ${host}`), `no "hello from ${host}" on screen:\n${text}`);
      assert(!text.includes("# # echo"), "the prompt of the block was typed too");
    },
  },
  {
    name: "a right answer is correct, a wrong one incorrect",
    async run({ page, baseUrl }) {
      await openLesson(page, baseUrl + LESSON);
      assert(
        (await answerTask(page, "kernel-release", "2.6.32-754.el6.x86_64")) === "incorrect",
        "wrong release accepted",
      );
      const release = await run(page, "uname -r");
      assert((await answerTask(page, "kernel-release", release)) === "correct", "right release rejected");
      assert((await answerTask(page, "cpu-count", "15")) === "incorrect", "15 CPUs accepted");
      assert((await answerTask(page, "cpu-count", "0x10")) === "correct", "0x10 CPUs rejected");
    },
  },
  {
    name: "progress survives a reload and shows on the home page",
    async run({ page, baseUrl }) {
      // Solved by the previous test in this browser profile.
      await openLesson(page, baseUrl + LESSON);
      await page.reload();
      await page.waitForFunction(() =>
        document.querySelector('[data-task-id="kernel-release"]')?.classList.contains("solved"),
      );
      await page.goto(baseUrl);
      const badge = await page.locator('[data-lab-card="setup"] [data-badge]').textContent();
      assert(badge === "2/3 tasks", `home badge says ${badge}`);
    },
  },
  {
    name: "file task: solution block, state check, Reset restores the initial state",
    async run({ page, baseUrl }) {
      await openLesson(page, baseUrl + LESSON);
      await run(page, "rm -f ~/notes.txt");
      assert((await answerTask(page, "notes-hostname")) === "incorrect", "missing file accepted");
      await run(page, "echo wrong-name > ~/notes.txt");
      assert((await answerTask(page, "notes-hostname")) === "incorrect", "wrong content accepted");
      const task = page.locator('[data-task-id="notes-hostname"]');
      await task.locator(".task-solution-btn").click();
      await task.locator(".task-solution .runnable").click();
      await waitFor(
        async () => (await termText(page)).includes("cat ~/notes.txt") && PROMPT.test(await lastLine(page)),
        {
          what: "the solution to run",
        },
      );
      assert((await answerTask(page, "notes-hostname")) === "correct", "hostname file rejected");
      await page.locator('[data-action="reset"]').click();
      await page.evaluate(() => window.__kdebugTerm.ready());
      await waitForPrompt(page);
      const out = await run(page, "cat ~/notes.txt");
      assert(/No such file/.test(out), `after Reset ~/notes.txt still exists: ${out}`);
    },
  },
  {
    name: "corrupt saved progress is reset with a notice",
    async run({ page, baseUrl }) {
      await page.goto(baseUrl);
      await page.evaluate(() => localStorage.setItem("kdebug-lab:progress:v1", "{not json"));
      await openLesson(page, baseUrl + LESSON);
      const notice = page.locator("#notice");
      assert(await notice.isVisible(), "no notice shown");
      const text = await notice.textContent();
      assert(/reset/i.test(text ?? ""), `notice says ${text}`);
      const kept = await page.evaluate(() => localStorage.getItem("kdebug-lab:progress:v1.corrupt"));
      assert(kept === "{not json", "corrupt data not kept aside");
    },
  },
  {
    name: "works under a sub-path (relative URLs)",
    async run({ page, subPathUrl }) {
      const failed = [];
      page.on("response", (r) => {
        if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
      });
      await openLesson(page, subPathUrl + LESSON);
      await page.locator(".topbar-links a", { hasText: "Progress" }).click();
      await page.waitForURL(/\/kdebug\/progress\/$/);
      assert(failed.length === 0, `failed requests: ${failed.join(", ")}`);
    },
  },
  {
    name: "works offline after the first visit (service worker)",
    async run({ page, baseUrl, context }) {
      await openLesson(page, baseUrl + LESSON);
      await page.evaluate(() => navigator.serviceWorker.ready);
      await context.setOffline(true);
      try {
        await openLesson(page, baseUrl + LESSON);
        const out = await run(page, "uname -r");
        assert(out === TALK_RELEASE, `offline uname -r printed ${out}`);
        await page.goto(`${baseUrl}progress/`);
        assert((await page.locator("h1").textContent()) === "Your progress", "progress page not cached");
      } finally {
        await context.setOffline(false);
      }
    },
  },
  {
    name: "screenshots: desktop 1400x900 and phone 390x844",
    async run({ page, baseUrl, results }) {
      await page.setViewportSize({ width: 1400, height: 900 });
      await openLesson(page, baseUrl + LESSON);
      await run(page, "uname -r");
      await page.locator('[data-task-id="kernel-release"]').scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(results, "lesson-desktop.png") });
      await page.goto(baseUrl);
      await page.screenshot({ path: join(results, "home-desktop.png") });
      await page.setViewportSize({ width: 390, height: 844 });
      await openLesson(page, baseUrl + LESSON);
      await run(page, "uname -r");
      await page.screenshot({ path: join(results, "lesson-phone.png") });
      await page.goto(`${baseUrl}progress/`);
      await page.screenshot({ path: join(results, "progress-phone.png"), fullPage: true });
    },
  },
];
