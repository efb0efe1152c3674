/**
 * What the browser benchmarks share: the built site in dist/ kept fresh (rebuilt when a source
 * is newer, never beside another contributor's `astro build`), and the page terminal's last line.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";

export const root = join(dirname(fileURLToPath(import.meta.url)), "..");
export const dist = join(root, "dist");

/** Newest modification time under the folders the site is built from. */
function newestSource(): { path: string; mtime: number } {
  let newest = { path: "", mtime: 0 };
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === "node_modules" || entry.name.startsWith(".")) continue;
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else {
        const mtime = statSync(full).mtimeMs;
        if (mtime > newest.mtime) newest = { path: full, mtime };
      }
    }
  };
  for (const dir of ["emulator", "site", "labs", "content", "public"])
    if (existsSync(join(root, dir))) walk(join(root, dir));
  for (const file of ["astro.config.mjs", "package.json"]) {
    const full = join(root, file);
    if (existsSync(full) && statSync(full).mtimeMs > newest.mtime)
      newest = { path: full, mtime: statSync(full).mtimeMs };
  }
  return newest;
}

/** Another contributor's `astro build` empties dist/ while it runs: wait for it, never build beside it. */
function waitForOtherBuild(): void {
  for (let waited = 0; waited < 300; waited += 2) {
    if (spawnSync("pgrep", ["-f", "astro build"]).status !== 0) return;
    if (waited === 0) console.log("an astro build is running: waiting for it");
    spawnSync("sleep", ["2"]);
  }
}

export function ensureBuilt(): void {
  waitForOtherBuild();
  const index = join(dist, "index.html");
  const built = existsSync(index) ? statSync(index).mtimeMs : 0;
  const newest = newestSource();
  if (built && newest.mtime <= built) return;
  const why = built ? `older than ${newest.path.slice(root.length + 1)}` : "missing";
  if (built && process.env.BENCH_NO_BUILD) {
    console.log(`dist/ is ${why}; BENCH_NO_BUILD set: measuring it as it is`);
    return;
  }
  console.log(`dist/ is ${why}: building the site first`);
  const build = spawnSync("npm", ["run", "build"], { cwd: root, stdio: "inherit" });
  if (build.status !== 0) throw new Error("npm run build failed");
}

/** Last non-empty terminal line. */
export async function lastLine(page: Page): Promise<string> {
  return page.evaluate(() => {
    const lines = (window.__kdebugTerm?.text() ?? "").split("\n").filter((l) => l.trim() !== "");
    return lines.at(-1) ?? "";
  });
}

export interface PromptTiming {
  ms: number;
  /** xterm write batches parsed between Enter and the prompt (output chunks from the worker). */
  writes: number;
  /** The command's output as the screen shows it (up to 20 rows before the prompt). */
  output: string;
}

/**
 * Type `line`, then time Enter → the cursor sitting right after a fresh prompt matching
 * `prompt` (tested on the trimmed cursor row), in the page: xterm's onWriteParsed, so the prompt
 * is on screen, not merely sent by the worker.
 */
export async function timeToPrompt(
  page: Page,
  line: string,
  prompt: RegExp,
  timeoutMs: number,
): Promise<PromptTiming> {
  await page.keyboard.type(line, { delay: 0 });
  await page.evaluate(
    ({ timeout, source }) => {
      const w = window as unknown as { __benchDone?: Promise<PromptTiming> };
      const term = window.__kdebugTerm!.term;
      const re = new RegExp(source);
      w.__benchDone = new Promise((resolve, reject) => {
        let t0 = 0;
        let startRow = -1;
        let writes = 0;
        // A line feed after Enter: the prompt line being edited is not the prompt we wait for.
        let fed = false;
        const onKey = (e: KeyboardEvent) => {
          if (e.key === "Enter" && !t0) {
            t0 = performance.now();
            const b = term.buffer.active;
            startRow = b.baseY + b.cursorY;
          }
        };
        document.addEventListener("keydown", onKey, true);
        const lf = term.onLineFeed(() => {
          if (t0) fed = true;
        });
        const done = () => {
          sub.dispose();
          lf.dispose();
          clearTimeout(timer);
          document.removeEventListener("keydown", onKey, true);
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`no prompt matching ${source}`));
        }, timeout);
        const sub = term.onWriteParsed(() => {
          if (!t0) return;
          writes++;
          if (!fed) return;
          const b = term.buffer.active;
          const row = b.baseY + b.cursorY;
          const text = (b.getLine(row)?.translateToString(true) ?? "").trimEnd();
          if (re.test(text) && b.cursorX === text.length + 1) {
            const ms = performance.now() - t0;
            done();
            const out: string[] = [];
            for (let r = Math.max(startRow + 1, row - 20); r < row; r++)
              out.push(b.getLine(r)?.translateToString(true) ?? "");
            resolve({ ms, writes, output: out.join("\n") });
          }
        });
      });
    },
    { timeout: timeoutMs, source: prompt.source },
  );
  await page.keyboard.press("Enter");
  return page.evaluate(() => (window as unknown as { __benchDone: Promise<PromptTiming> }).__benchDone);
}
