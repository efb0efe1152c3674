/** Helpers for the browser tests: drive the lesson terminal through window.__kdebugTerm. */

export class AssertionError extends Error {}

export function assert(condition, message) {
  if (!condition) throw new AssertionError(message);
}

export async function termText(page) {
  return page.evaluate(() => window.__kdebugTerm?.text() ?? "");
}

/** Last non-empty line of the terminal. */
export async function lastLine(page) {
  const lines = (await termText(page)).split("\n").filter((l) => l.trim() !== "");
  return lines.at(-1) ?? "";
}

/** A shell prompt ends the last line: "[root@vm0 ~]# ", "$ ". */
export const PROMPT = /[#$]\s*$/;

export async function waitFor(check, { timeout = 10_000, interval = 25, what = "condition" } = {}) {
  const t0 = Date.now();
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() - t0 > timeout)
      throw new AssertionError(`timed out after ${timeout} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, interval));
  }
}

export async function waitForPrompt(page, options = {}) {
  return waitFor(async () => PROMPT.test(await lastLine(page)), { what: "a shell prompt", ...options });
}

/** Open a lesson and wait until its guest printed the first prompt. */
export async function openLesson(page, url) {
  await page.goto(url);
  await page.waitForFunction(() => window.__kdebugTerm !== undefined);
  await page.evaluate(() => window.__kdebugTerm.ready());
  await waitForPrompt(page);
}

/** Type a command line into the terminal as keystrokes, then Enter. */
export async function typeLine(page, line) {
  await page.locator(".terminal-host .xterm").click();
  await page.keyboard.type(line, { delay: 5 });
  await page.keyboard.press("Enter");
}

/** Run a command and return the output between the command line and the next prompt. */
export async function run(page, line, options = {}) {
  const before = (await termText(page)).split("\n").length;
  await typeLine(page, line);
  await waitFor(
    async () => {
      const lines = (await termText(page)).split("\n");
      return lines.length > before && PROMPT.test(lines.filter((l) => l.trim() !== "").at(-1) ?? "");
    },
    { what: `the prompt after "${line}"`, ...options },
  );
  const lines = (await termText(page)).split("\n");
  const start = lines.findLastIndex((l) => l.includes(line));
  return lines
    .slice(start + 1, -1)
    .join("\n")
    .trim();
}

/** Submit a task's answer and return its data-state once checked. */
export async function answerTask(page, taskId, answer) {
  const task = page.locator(`[data-task-id="${taskId}"]`);
  if (answer !== undefined) await task.locator("input").first().fill(answer);
  await task.locator('button[type="submit"]').click();
  await page.waitForFunction(
    (id) =>
      ["correct", "incorrect"].includes(
        document.querySelector(`[data-task-id="${id}"]`)?.dataset.state ?? "",
      ),
    taskId,
  );
  return task.getAttribute("data-state");
}
