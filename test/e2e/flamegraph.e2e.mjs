/**
 * The page's flame graph viewer: `flameview FILE` in the guest (an OSC 9999 request the terminal
 * swallows) or the "Flame graph" button opens a dialog that draws folded stacks with
 * d3-flame-graph (zoom, search, hover counts) or shows a flamegraph.pl SVG as an image.
 */
import { join } from "node:path";
import { answerTask, assert, openLesson, run, termText, waitFor } from "./helpers.mjs";

const LESSON = "labs/setup/";
/** A lesson whose simulated VM samples with perf record -F (the live Lustre machine). */
const SAMPLING_LESSON = "labs/perf-probe/flame-graph/";
/** The real kernel in v86. */
const V86_LESSON = "labs/live-kernel/flame-graph/";

// 60 samples: main 60 = read 40 (vfs_read 30 + ext4_readpage 10) + write 20.
const FOLDED = "main;read;vfs_read 30\\nmain;read;ext4_readpage 10\\nmain;write 20\\n";

/** Width of each drawn frame by name (frames hidden by a zoom are removed from the SVG). */
async function frameWidths(page) {
  return page.evaluate(() => {
    const out = {};
    for (const g of document.querySelectorAll(".flameview-chart g.frame")) {
      out[g.getAttribute("name")] = Number(g.querySelector("rect").getAttribute("width"));
    }
    return out;
  });
}

/** Wait until the frame widths stop changing (d3 transitions) and satisfy check. */
async function settledWidths(page, check, what) {
  let prev = "";
  return waitFor(
    async () => {
      const w = await frameWidths(page);
      const now = JSON.stringify(w);
      const stable = now === prev;
      prev = now;
      return stable && check(w) ? w : null;
    },
    { interval: 150, what },
  );
}

const near = (a, b, tol = 0.01) => Math.abs(a - b) <= tol * Math.max(1, Math.abs(b));

export const tests = [
  {
    name: "flameview draws folded stacks: widths ∝ counts, search highlights, hover counts, click zooms",
    async run({ page, baseUrl, results }) {
      await openLesson(page, baseUrl + LESSON);
      await run(page, `printf '${FOLDED}' > /root/out.folded`);
      const out = await run(page, "flameview out.folded");
      assert(out.includes("flameview: opening /root/out.folded"), `flameview printed: ${out}`);
      assert(!(await termText(page)).includes("9999"), "the OSC request leaked into the terminal");

      await page.waitForSelector("dialog.flameview[open]");
      const w = await settledWidths(
        page,
        (w) => ["all", "main", "read", "write", "vfs_read", "ext4_readpage"].every((n) => w[n] > 0),
        "the six frames",
      );
      const main = w.main;
      assert(near(w.all, main), `all ${w.all} vs main ${main}`);
      for (const [name, count] of [
        ["read", 40],
        ["write", 20],
        ["vfs_read", 30],
        ["ext4_readpage", 10],
      ])
        assert(
          near(w[name] / main, count / 60),
          `${name}: width ${w[name]} of ${main}, expected ${count}/60`,
        );
      // Labels are the frame names (drawn once the entry transition ends).
      await page.waitForFunction(() =>
        [...document.querySelectorAll(".flameview-chart .d3-flame-graph-label")].some(
          (d) => d.textContent === "vfs_read",
        ),
      );

      // Hover: count, share of all, share of the parent.
      await page.locator('.flameview-chart g.frame[name="write"] rect').hover();
      const tip = await page.locator(".flameview-tip").textContent();
      assert(tip === "write: 20 samples, 33.33% of all, 33.33% of main", `tooltip: ${JSON.stringify(tip)}`);

      // Search: only vfs_read gets the highlight colour; the summary counts its samples.
      await page.locator(".flameview-tools input[type=search]").fill("VFS");
      const fills = await waitFor(
        async () => {
          const f = await page.evaluate(() =>
            Object.fromEntries(
              [...document.querySelectorAll(".flameview-chart g.frame")].map((g) => [
                g.getAttribute("name"),
                g.querySelector("rect").getAttribute("fill"),
              ]),
            ),
          );
          return f.vfs_read?.toLowerCase() === "#e600e6" ? f : null;
        },
        { what: "vfs_read highlighted" },
      );
      const highlighted = Object.keys(fills).filter((n) => fills[n].toLowerCase() === "#e600e6");
      assert(highlighted.join() === "vfs_read", `highlighted: ${highlighted}`);
      const details = await page.locator(".flameview-details").textContent();
      assert(details === "search: 1 frame, 30 of 60 samples (50.00%)", `search summary: ${details}`);

      await page.screenshot({ path: join(results, "flamegraph-viewer.png") });

      // Click read: it fills the width, write is gone, vfs_read is 30/40 of it.
      await page.locator('.flameview-chart g.frame[name="read"] rect').click();
      const z = await settledWidths(
        page,
        (w) => w.write === undefined && near(w.read, main),
        "the zoom on read",
      );
      assert(near(z.vfs_read / z.read, 30 / 40), `zoomed vfs_read ${z.vfs_read} of ${z.read}`);
      await page.screenshot({ path: join(results, "flamegraph-viewer-zoom.png") });

      await page.locator('[data-action="reset-zoom"]').click();
      const r = await settledWidths(page, (w) => w.write > 0 && near(w.read / w.main, 40 / 60), "reset zoom");
      assert(near(r.write / r.main, 20 / 60), "write frame not restored by Reset zoom");
    },
  },
  {
    name: "a flamegraph.pl SVG is shown as an image, with its folded source one click away",
    async run({ page, baseUrl, results }) {
      await openLesson(page, baseUrl + LESSON);
      await run(page, `printf '${FOLDED}' > out.folded; flamegraph.pl out.folded > out.svg`);
      await run(page, "flameview out.svg");
      const img = page.locator("dialog.flameview[open] .flameview-svg img");
      await img.waitFor();
      const src = await img.getAttribute("src");
      assert(src.startsWith("blob:"), `img src ${src}`);
      await page.waitForFunction(
        () => document.querySelector(".flameview-svg img")?.naturalWidth === 1200,
        null,
        { timeout: 5000 },
      );
      await page.screenshot({ path: join(results, "flamegraph-viewer-svg.png") });
      const open = page.locator('[data-action="open-interactive"]');
      assert((await open.textContent()) === "Open out.folded as interactive", "no link to the folded file");
      await open.click();
      const w = await settledWidths(page, (w) => w.write > 0 && w.main > 0, "frames of out.folded");
      assert(near(w.write / w.main, 20 / 60), `write ${w.write} of ${w.main}`);
      assert((await page.locator(".flameview-svg img").count()) === 0, "the SVG stayed on screen");
    },
  },
  {
    name: "perf script text is collapsed in the page (the real-kernel guest has no Perl)",
    async run({ page, baseUrl, results }) {
      await openLesson(page, baseUrl + SAMPLING_LESSON);
      const rec = await run(page, "perf record -F 99 -a -g -- sleep 1");
      const samples = Number(/\((\d+) samples\)/.exec(rec)?.[1]);
      assert(samples > 0, `perf record printed: ${rec}`);
      // The reference: the guest's own stackcollapse-perf.pl, run in the guest.
      await run(page, "perf script > out.perf; stackcollapse-perf.pl out.perf > out.folded");
      await run(page, "flameview out.folded");
      const ref = await settledWidths(page, (w) => w.all > 0, "frames of out.folded");
      await page.keyboard.press("Escape");
      await run(page, "flameview out.perf");
      await page.waitForFunction(
        (n) =>
          document.querySelector("dialog.flameview[open]")?.dataset.format === "perf-script" &&
          document
            .querySelector(".flameview-message")
            ?.textContent.startsWith(
              `/root/out.perf: ${n.toLocaleString("en-US")} samples from perf script output`,
            ),
        samples,
      );
      const w = await settledWidths(page, (w) => w.all > 0, "frames of out.perf");
      const names = Object.keys(ref).sort();
      assert(JSON.stringify(Object.keys(w).sort()) === JSON.stringify(names), "not the frames of out.folded");
      for (const name of names)
        assert(near(w[name], ref[name]), `${name}: ${w[name]} vs ${ref[name]} in out.folded`);
      await page.screenshot({ path: join(results, "flamegraph-viewer-perf-script.png") });
    },
  },
  {
    name: "the real kernel (v86): perf record -a -g, perf script, flameview, and the task graded from that file",
    timeoutMs: 180_000,
    async run({ page, baseUrl, results }) {
      await openLesson(page, baseUrl + V86_LESSON);
      // The emulated CPU is slow: perf record spends seconds around its 1 s of sampling.
      const slow = { timeout: 90_000 };
      await run(page, "dd if=/dev/zero of=/dev/null bs=64k &", slow);
      const rec = await run(page, "perf record -F 99 -a -g -- sleep 1", slow);
      const samples = Number(/\((\d+) samples\)/.exec(rec)?.[1]);
      assert(samples > 50, `perf record printed: ${rec}`);
      await run(page, "kill %1; perf script > out.perf", slow);
      const out = await run(page, "flameview out.perf", slow);
      assert(
        out.endsWith("flameview: opening /root/out.perf in the page viewer"),
        `flameview printed: ${out}`,
      );
      await page.waitForFunction(
        (n) =>
          document
            .querySelector("dialog.flameview[open] .flameview-message")
            ?.textContent.startsWith(`/root/out.perf: ${n} samples from perf script output`),
        samples,
      );
      const w = await settledWidths(page, (w) => w.dd > 0 && w.vfs_read > 0, "dd's frames");
      assert(w.__ia32_sys_read > 0 && w.__kernel_vsyscall > 0, `frames: ${Object.keys(w).join(" ")}`);
      await page.screenshot({ path: join(results, "flamegraph-viewer-v86.png") });
      // The share the learner reads on the dd frame is the answer the grader expects.
      await page.locator('.flameview-chart g.frame[name="dd"] rect').first().hover();
      const tip = await page.locator(".flameview-tip").textContent();
      const share = /^dd: [\d,]+ samples, ([\d.]+)% of all/.exec(tip)?.[1];
      assert(share, `tooltip: ${tip}`);
      await page.keyboard.press("Escape");
      assert((await answerTask(page, "flame-graph", "3.5")) === "incorrect", "a wrong share was accepted");
      assert((await answerTask(page, "flame-graph", share)) === "correct", `share ${share}% not accepted`);
    },
  },
  {
    name: "the Flame graph button suggests the last folded file of the history and opens a typed path",
    async run({ page, baseUrl }) {
      await openLesson(page, baseUrl + LESSON);
      await run(page, "printf 'x;y 3\\nx;z 1\\n' > /tmp/stacks.folded");
      await page.locator('[data-action="flamegraph"]').click();
      const input = page.locator("dialog.flameview[open] input[name=path]");
      await input.waitFor();
      assert((await input.inputValue()) === "/tmp/stacks.folded", `suggested ${await input.inputValue()}`);
      await page.locator("dialog.flameview button[type=submit]").click();
      const w = await settledWidths(page, (w) => w.y > 0 && w.z > 0, "frames y and z");
      assert(near(w.y / w.x, 3 / 4) && near(w.z / w.x, 1 / 4), `widths ${JSON.stringify(w)}`);
      await input.fill("/tmp/missing.folded");
      await input.press("Enter");
      await page.waitForFunction(() =>
        document.querySelector(".flameview-message")?.textContent.includes("no such file"),
      );
      assert((await frameWidths(page)).x === undefined, "old frames left after a failed open");
      // The viewer is a modal dialog: Escape gives the keyboard back to the terminal.
      await page.keyboard.press("Escape");
      await page.waitForFunction(() => !document.querySelector("dialog.flameview")?.open);
      const out = await run(page, "echo after-viewer");
      assert(out.endsWith("after-viewer"), "terminal unusable after closing the viewer");
    },
  },
];
