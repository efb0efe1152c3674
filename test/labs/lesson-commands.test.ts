/**
 * Every clickable command of the Crash-part and perf lessons runs in its lab's guest without an error:
 * the lesson's blocks, in page order, as one script (shell lines, then the crash lines fed to
 * crash on stdin), through the same ShellSession and crash tool as the CLI's `exec`. Catches a
 * lesson that asks for a command, option or address the simulation does not know.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ShellSession } from "../../emulator/shell/session";
import { defaultTools } from "../../emulator/shell/tools-registry";
import { getLab } from "../../labs/index";
import { extractCommands } from "../../site/lib/runnable";

const CONTENT = join(__dirname, "..", "..", "content");
const LABS = ["crash-basics", "client-lbug", "server-load", "ls-stuck", "perf-probe"];

/** What crash, gdb and the shell print when a command is wrong. */
const ERROR =
  /^(?:\w+: (?:invalid|unknown|cannot|no such|not found|requires|gdb request failed|this crash command is not available)|Usage:|No symbol |symbol not found|crash: |bash: .*(?:command not found|No such file)|Error: |error: |invalid or unsupported event|.*: No such file or directory)/im;

function lessonCommands(file: string): string[] {
  const text = readFileSync(file, "utf8");
  return [...text.matchAll(/```(\w*)([^\n]*)\n([\s\S]*?)```/g)].flatMap((m) =>
    extractCommands(m[1], m[2].trim(), m[3]),
  );
}

function script(commands: readonly string[]): string {
  const start = commands.findIndex((c) => /^crash\s/.test(c));
  if (start < 0) return `${commands.join("\n")}\n`;
  // Later "start crash" lines and `q` belong to a page that restarts crash: skip them here.
  const inCrash = commands.slice(start + 1).filter((c) => !/^(?:crash\s|cd\s)/.test(c) && c !== "q");
  return `${commands.slice(0, start).join("\n")}\n${commands[start]} <<'KDEBUG_EOF'\n${inCrash.join("\n")}\nKDEBUG_EOF\n`;
}

for (const labId of LABS) {
  const lab = getLab(labId);
  const files = readdirSync(join(CONTENT, labId)).filter((f) => f.endsWith(".mdx"));
  describe(`${labId} lessons`, () => {
    for (const file of files.sort()) {
      it(`${file}: every command runs`, async () => {
        if (!lab) throw new Error(`lab ${labId} is not registered`);
        const commands = lessonCommands(join(CONTENT, labId, file));
        if (commands.length === 0) return; // an aside without runnable blocks
        const session = new ShellSession({ interactive: false, cwd: lab.cwd, tools: defaultTools() });
        let out = "";
        await session.run(script(commands), { onOutput: (stdout, stderr) => (out += stdout + stderr) });
        const bad = out.split("\n").filter((line) => ERROR.test(line));
        expect(bad, `errors running the commands of ${file}`).toEqual([]);
        // The crash lessons open a dump; the perf ones start from an empty live VM.
        if (labId !== "perf-probe") expect(out).toContain(labId === "crash-basics" ? "RELEASE:" : "PANIC:");
      }, 120_000);
    }
  });
}
