/**
 * Two tiny tools that exercise the ToolCommand contract the way crash and bpftrace will:
 * a REPL with its own prompt and history, and a stream that runs until Ctrl-C and then
 * prints a summary (like bpftrace printing its maps on ^C).
 */
import type { ToolCommand } from "../../emulator/tools/toolapi";
import { Interrupted } from "../../emulator/tools/toolapi";

/** `demo`: prompt `demo> `, echoes each line, `q` (or Ctrl-D) quits. Without a terminal, echoes stdin lines. */
export const demoRepl: ToolCommand = {
  name: "demo",
  summary: "echo lines at a demo> prompt (test tool)",
  async run(io) {
    if (!io.tty) {
      for (const line of (io.stdin ?? "").split("\n")) {
        if (line === "q") break;
        if (line) io.stdout(`demo: ${line}\n`);
      }
      return 0;
    }
    for (;;) {
      const line = await io.tty.readLine("demo> ", {
        historyKey: "demo",
        complete: (before) =>
          ["alpha", "alpine", "beta"].filter((w) => w.startsWith(before.split(/\s+/).pop() ?? "")),
      });
      if (line === null || line.trim() === "q") return 0;
      if (line.startsWith("!")) {
        const r = await io.sh(line.slice(1));
        io.stdout(r.stdout + r.stderr);
        continue;
      }
      if (line.trim() === "spin") {
        // A long command that honours Ctrl-C and returns to the prompt.
        try {
          for (;;) await io.signal.checkpoint();
        } catch (e) {
          if (!(e instanceof Interrupted)) throw e;
          io.stdout("\ninterrupted\n");
          continue;
        }
      }
      if (line) io.stdout(`demo: ${line}\n`);
    }
  },
};

/** `demostream`: prints a tick every 10 ms until Ctrl-C, then `@ticks: N`. With an argument, stops after N ticks. */
export const demoStream: ToolCommand = {
  name: "demostream",
  summary: "print ticks until Ctrl-C, then a summary (test tool)",
  async run(io) {
    const limit = io.args[0] ? Number(io.args[0]) : Number.POSITIVE_INFINITY;
    let ticks = 0;
    io.stdout("Attaching 1 probe...\n");
    try {
      while (ticks < limit) {
        ticks++;
        io.stdout(`tick ${ticks}\n`);
        await new Promise((r) => setTimeout(r, 10));
        await io.signal.checkpoint();
      }
    } catch (e) {
      if (!(e instanceof Interrupted)) throw e;
    }
    io.stdout(`\n@ticks: ${ticks}\n`);
    return 0;
  },
};
