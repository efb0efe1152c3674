/** Copy on selection and paste with Ctrl-Shift-V in the lesson terminal. */
import { assert, openLesson, run, termText, waitFor } from "./helpers.mjs";

export const tests = [
  {
    name: "selecting terminal text copies it; Ctrl-Shift-V pastes into the shell",
    async run({ page, baseUrl, context }) {
      await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseUrl });
      await openLesson(page, `${baseUrl}labs/setup/`);
      await run(page, "echo copy-me-please");
      // Double-click selects the word under the pointer (xterm), which copies it.
      const text = await termText(page);
      const row = text.split("\n").findIndex((l) => l === "copy-me-please");
      assert(row >= 0, "output line not found");
      const box = await page.locator(".terminal-host .xterm-screen").boundingBox();
      const cell = await page.evaluate(() => {
        const t = window.__kdebugTerm.term;
        const screen = document.querySelector(".terminal-host .xterm-screen");
        return {
          w: screen.clientWidth / t.cols,
          h: screen.clientHeight / t.rows,
          top: t.buffer.active.viewportY,
        };
      });
      await page.mouse.dblclick(box.x + cell.w * 3, box.y + cell.h * (row - cell.top + 0.5));
      const copied = await waitFor(
        async () => {
          const clip = await page.evaluate(() => navigator.clipboard.readText());
          return clip.length > 0 ? clip : null;
        },
        { what: "the selection on the clipboard" },
      );
      assert(copied === "copy-me-please", `clipboard holds ${JSON.stringify(copied)}`);

      await page.evaluate(() => navigator.clipboard.writeText("echo pasted-$((6*7))"));
      await page.locator(".terminal-host .xterm").click({ position: { x: 5, y: 5 } });
      await page.keyboard.press("Control+Shift+V");
      await page.keyboard.press("Enter");
      await waitFor(async () => (await termText(page)).includes("pasted-42"), {
        what: "the pasted command's output",
      });
    },
  },
];
