/**
 * Workshop features: the presenter view of a lesson (slides, keys, the terminal panel on the
 * same guest, runnable blocks on slides) and the instructors' answer key, whose answers are
 * computed in the page by the graders. Screenshots of the presenter view at 1400x900 go to
 * test-results/workshop-*.png.
 */
import { join } from "node:path";
import { assert, lastLine, openLesson, PROMPT, run, termText, waitFor } from "./helpers.mjs";

const SETUP = "labs/setup/";
const NID_LESSON = "labs/server-load/find-a-nid/";
/** talk/facts.md §2: the waiting PW lock's client, and the fd the fuzzer passed to ioctl (RDI 0x37). */
const TALK_NID = "10.200.0.2@tcp";
const TALK_IOCTL_FD = "55";

const counter = (page) => page.locator(".present-count").textContent();
const presenting = (page) => page.evaluate(() => document.body.classList.contains("presenting"));
const terminalShown = (page) => page.locator(".terminal-pane").isVisible();

/** The lesson's slide count as the DOM defines it: the title slide plus one per h2 section. */
async function expectedSlides(page) {
  const h2 = await page.locator(".prose > h2").count();
  return 1 + h2;
}

async function waitForCounter(page, text) {
  await waitFor(async () => (await counter(page)) === text, { what: `slide counter "${text}"` });
}

export const tests = [
  {
    name: "presenter view: Present link, arrows and PageUp/PageDown move, Escape returns",
    async run({ page, baseUrl }) {
      await page.setViewportSize({ width: 1400, height: 900 });
      await openLesson(page, baseUrl + SETUP);
      // Mark this guest, to show the view keeps the same machine (no reload).
      await run(page, "export MARK=kept-across-views");
      const n = await expectedSlides(page);
      assert(n >= 3, `the setup lesson should have several sections, found ${n - 1}`);
      const headings = await page.locator(".prose > h2").allTextContents();

      await page.locator("[data-present-link]").click();
      assert(await presenting(page), "Present link did not open the presenter view");
      await waitForCounter(page, `1 / ${n}`);
      assert(new URL(page.url()).searchParams.has("present"), `URL is ${page.url()}`);
      assert(await page.locator(".lesson-head h1").isVisible(), "title slide does not show the title");
      assert(!(await page.locator(".topbar").isVisible()), "top bar still shown in the presenter view");
      await waitFor(async () => !(await terminalShown(page)), { what: "the terminal to hide (slides only)" });
      const visibleH2 = () => page.locator(".prose > h2:visible").allTextContents();
      assert((await visibleH2()).length === 0, "a section heading is visible on the title slide");

      await page.keyboard.press("ArrowRight");
      await waitForCounter(page, `2 / ${n}`);
      assert(
        JSON.stringify(await visibleH2()) === JSON.stringify([headings[0]]),
        `slide 2 shows ${await visibleH2()}`,
      );
      assert(!(await page.locator(".lesson-head h1").isVisible()), "title still visible on slide 2");
      await page.keyboard.press("PageDown");
      await waitForCounter(page, `3 / ${n}`);
      assert((await visibleH2())[0] === headings[1], "PageDown did not show the second section");
      await page.keyboard.press("ArrowLeft");
      await waitForCounter(page, `2 / ${n}`);
      await page.keyboard.press("Space");
      await waitForCounter(page, `3 / ${n}`);
      await page.keyboard.press("PageUp");
      await waitForCounter(page, `2 / ${n}`);
      assert(new URL(page.url()).searchParams.get("present") === "2", `URL is ${page.url()}`);
      await page.keyboard.press("End");
      await waitForCounter(page, `${n} / ${n}`);
      await page.keyboard.press("ArrowRight");
      await waitForCounter(page, `${n} / ${n}`); // stays on the last slide
      await page.keyboard.press("Home");
      await waitForCounter(page, `1 / ${n}`);

      await page.keyboard.press("Escape");
      await waitFor(async () => !(await presenting(page)), { what: "the lesson view after Escape" });
      assert(!new URL(page.url()).searchParams.has("present"), `URL still presenting: ${page.url()}`);
      assert((await visibleH2()).length === headings.length, "not every section is back in the lesson");
      assert(await page.locator(".topbar").isVisible(), "top bar missing after Escape");
      assert(await terminalShown(page), "lesson terminal hidden after Escape");
      const out = await run(page, "echo $MARK");
      assert(out.endsWith("kept-across-views"), `the guest was restarted: ${out}`);
    },
  },
  {
    name: "presenter view: t toggles a terminal on the lab guest, runnable blocks type into it",
    async run({ page, baseUrl, results }) {
      await page.setViewportSize({ width: 1400, height: 900 });
      await openLesson(page, `${baseUrl}${SETUP}?present=2`);
      assert(await presenting(page), "?present=2 did not open the presenter view");
      await waitForCounter(page, `2 / ${await expectedSlides(page)}`);
      await page.screenshot({ path: join(results, "workshop-present-slide.png") });

      await page.keyboard.press("t");
      await waitFor(() => terminalShown(page), { what: "the terminal panel" });
      assert(
        (await page.locator('[data-present-action="terminal"]').getAttribute("aria-pressed")) === "true",
        "terminal button not pressed",
      );
      // The terminal has the focus: what we type goes to the guest, not to the slides.
      const before = await counter(page);
      await page.keyboard.type("echo present-$((6*7))", { delay: 5 });
      await page.keyboard.press("Enter");
      await waitFor(async () => (await termText(page)).includes("present-42"), {
        what: "the command output",
      });
      await waitFor(async () => PROMPT.test(await lastLine(page)), { what: "the prompt" });
      assert((await counter(page)) === before, "typing in the terminal moved the slides");
      const box = await page.locator(".terminal-pane").boundingBox();
      assert(box.width > 600 && box.x >= 650, `terminal panel at x=${box.x}, ${box.width} wide`);
      const cols = await page.evaluate(() => window.__kdebugTerm.term.cols);
      assert(cols >= 70, `terminal panel only ${cols} columns`);
      await page.screenshot({ path: join(results, "workshop-present-terminal.png") });

      // Escape in the terminal closes it and gives the keys back to the slides.
      await page.keyboard.press("Escape");
      await waitFor(async () => !(await terminalShown(page)), { what: "the terminal to hide" });
      assert(await presenting(page), "Escape in the terminal left the presenter view");
      await page.keyboard.press("ArrowLeft");
      await waitForCounter(page, `1 / ${await expectedSlides(page)}`);
      await page.keyboard.press("ArrowRight");

      // A runnable block on a slide opens the terminal and types its command.
      const block = page.locator(".runnable[data-commands]:visible").first();
      const commands = JSON.parse(await block.getAttribute("data-commands"));
      assert(commands[0].startsWith("echo"), `unexpected first block on slide 2: ${commands}`);
      await block.click();
      await waitFor(() => terminalShown(page), { what: "the terminal after clicking a block" });
      await waitFor(async () => (await termText(page)).includes("hello from"), {
        what: "the block's output",
      });
      await page.keyboard.press("Escape");
      await page.keyboard.press("Escape");
      await waitFor(async () => !(await presenting(page)), { what: "the lesson view" });
    },
  },
  {
    name: "presenter view of a crash lesson from a sub-path host",
    async run({ page, subPathUrl, results }) {
      await page.setViewportSize({ width: 1400, height: 900 });
      await openLesson(page, `${subPathUrl}${NID_LESSON}?present`);
      const n = await expectedSlides(page);
      await waitForCounter(page, `1 / ${n}`);
      await page.screenshot({ path: join(results, "workshop-present-title.png") });
      await page.keyboard.press("ArrowRight");
      await waitForCounter(page, `2 / ${n}`);
      assert(
        (await page.locator(".prose > h2:visible").textContent()) === "Decoding a NID",
        "slide 2 is not the NID section",
      );
      await page.screenshot({ path: join(results, "workshop-present-nid.png") });
      // Highlighting survives: the shell blocks keep shiki's coloured spans.
      const colored = await page.locator(".runnable:visible .astro-code span[style]").count();
      assert(colored > 0, "code blocks on the slide lost their highlighting");
    },
  },
  {
    name: "answer key: every answer computed by the graders in the page",
    async run({ page, baseUrl, results }) {
      await page.setViewportSize({ width: 1400, height: 900 });
      await page.goto(`${baseUrl}instructor/answers/`);
      const robots = await page.locator('meta[name="robots"]').getAttribute("content");
      assert(/noindex/.test(robots ?? ""), `robots meta is ${robots}`);
      await page.waitForFunction(
        () => ["done", "problems"].includes(document.querySelector("[data-answer-key]")?.dataset.state ?? ""),
        undefined,
        { timeout: 50_000 },
      );
      const summary = await page.locator("[data-key-summary]").textContent();
      console.log(`        ${summary}`);
      const state = await page.locator("[data-answer-key]").getAttribute("data-state");
      const bad = await page.locator(
        '[data-key-task][data-state="rejected"], [data-key-task][data-state="error"]',
      );
      assert(state === "done", `answer key has problems: ${await bad.allTextContents()}`);

      const expected = (key) => page.locator(`[data-key-task="${key}"] [data-expected]`).textContent();
      const verdict = (key) =>
        page.locator(`[data-key-task="${key}"] [data-verdict]`).getAttribute("data-verdict");
      assert((await expected("server-load/waiting-pw-nid")) === TALK_NID, "wrong NID in the key");
      assert((await verdict("server-load/waiting-pw-nid")) === "accepted", "grader did not accept the NID");
      assert((await expected("client-lbug/ioctl-fd")) === TALK_IOCTL_FD, "wrong fd in the key");
      assert((await verdict("client-lbug/ioctl-fd")) === "accepted", "grader did not accept the fd");
      // A state check (setup's notes file) computed from a fresh lab machine: the VM's host name.
      const notes = await expected("setup/notes-hostname");
      assert(/^[a-z][\w.-]*$/.test(notes), `notes-hostname expects "${notes}"`);
      // Every task of every lab has a row, with its solution commands.
      const rows = await page.locator("[data-key-task]").count();
      const solutions = await page.locator("[data-key-task] .key-solution .astro-code").count();
      assert(rows >= 40 && solutions >= rows - 5, `${rows} task rows, ${solutions} with solutions`);
      await page.screenshot({ path: join(results, "workshop-answer-key.png") });

      // Not linked from the learner pages.
      for (const path of ["", "progress/", SETUP]) {
        await page.goto(baseUrl + path);
        const links = await page.locator('a[href*="instructor"]').count();
        assert(links === 0, `${path || "home"} links to the answer key`);
      }
      // The key's host name is the one the lab machine prints.
      await openLesson(page, baseUrl + SETUP);
      const hostname = await run(page, "hostname");
      assert(hostname === notes, `the key expects "${notes}", the VM says "${hostname}"`);
    },
  },
];
