/**
 * Times the talk's mass-processing pipeline over the 82718 granted locks of the contended
 * resource: `list -H <lr_granted> ldlm_lock.l_res_link -S ldlm_lock.l_export | awk | sort |
 * uniq -c | sort -h`, the same list with -s (gdb-style printing; goal: within 3x of -S), and
 * `rd -o 0x118 < export` over every line of the export file.
 * Uses the server_load scenario when it is available, else the synthetic test program. The first
 * timings are crash's own work through the test harness (plain just-bash behind `|`); the last
 * one runs the pipeline in the guest's own shell, as the site does.
 *
 *   npx tsx bench/crash-list.ts
 */
import { performance } from "node:perf_hooks";
import { buildTestProgram, harness, RESOURCE, type TestProgram } from "../test/crash/harness";

async function program(): Promise<{ tp: TestProgram; head: string; source: string }> {
  try {
    const { loadScenario } = await import("../emulator/scenarios/index");
    const t0 = performance.now();
    const prog = loadScenario("server_load");
    const { taskTable } = await import("../emulator/tools/crash/commands/tasks-common");
    return {
      tp: { prog, panic: taskTable(prog).panic, granted: [], pages: undefined as never },
      head: "ffff917c981c3b60",
      source: `server_load scenario (built in ${(performance.now() - t0).toFixed(0)} ms)`,
    };
  } catch (e) {
    const t0 = performance.now();
    const tp = buildTestProgram(82718, 50);
    return {
      tp,
      head: (RESOURCE + 0x20n).toString(16),
      source: `synthetic program (scenario unavailable: ${(e as Error).message.split("\n")[0]}; built in ${(performance.now() - t0).toFixed(0)} ms)`,
    };
  }
}

/** Best of `runs` runs (the machine is shared: the minimum is the least disturbed). */
async function time(label: string, h: ReturnType<typeof harness>, line: string, runs = 3): Promise<number> {
  let best = Number.POSITIVE_INFINITY;
  let lines = 0;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const out = await h.run(line);
    best = Math.min(best, performance.now() - t0);
    lines = out.split("\n").length - 1;
  }
  console.log(`${label.padEnd(40)} ${best.toFixed(0).padStart(6)} ms   (${lines} output lines)`);
  return best;
}

async function main() {
  const { tp, head, source } = await program();
  console.log(`crash list benchmark on the ${source}`);
  const h = harness(tp);
  const listS = `list -H ${head} ldlm_lock.l_res_link -S ldlm_lock.l_export`;
  const lists = `list -H ${head} ldlm_lock.l_res_link -s ldlm_lock.l_export`;
  const pipeline = "| awk '/l_export/ { print $3 }' | sort | uniq -c | sort -h";
  await h.run(`${listS} > /dev/null`); // warm up
  // Output to the terminal is collected in memory: this is crash's own work.
  await time("list -H (to the terminal)", h, `list -H ${head}`);
  const rawS = await time("list -S (to the terminal)", h, listS);
  const rawLower = await time("list -s (to the terminal)", h, lists);
  const full = await time("list -S | awk | sort | uniq -c | sort -h", h, `${listS} ${pipeline}`, 1);
  const fullLower = await time("list -s | awk | sort | uniq -c | sort -h", h, `${lists} ${pipeline}`, 1);
  await h.run(`${listS} | awk '/l_export/ { print $3 }' > export`);
  await time("rd -o 0x118 < export (to the terminal)", h, "rd -o 0x118 < export");
  console.log(`ratio -s / -S, crash alone:         ${(rawLower / rawS).toFixed(2)}x (goal: within 3x)`);
  console.log(`ratio -s / -S, with the pipeline:   ${(fullLower / full).toFixed(2)}x`);
  console.log(`shell pipeline share of the -S run: ${(((full - rawS) / full) * 100).toFixed(0)}%`);
  if (source.startsWith("server_load")) await throughTheGuestShell(`${listS} ${pipeline}`);
}

/**
 * The harness above pipes crash's output through plain just-bash; the guest runs `| awk ...`
 * through the project's ShellSession (with its fast awk/sort paths). Time the same pipeline
 * there: crash started on the dump with a here-document, minus a run that only starts crash.
 */
async function throughTheGuestShell(line: string): Promise<void> {
  const { ShellSession } = await import("../emulator/shell/session");
  const { defaultTools } = await import("../emulator/shell/tools-registry");
  const session = new ShellSession({
    interactive: false,
    cwd: "/var/crash/server_load",
    tools: defaultTools(),
  });
  const crash = "crash -s /usr/lib/debug/lib/modules/3.10.0*/vmlinux vmcore";
  const best = async (body: string): Promise<{ ms: number; lines: number }> => {
    let ms = Number.POSITIVE_INFINITY;
    let out = "";
    for (let i = 0; i < 3; i++) {
      out = "";
      const t0 = performance.now();
      await session.run(`${crash} <<'EOF'\n${body}\nEOF\n`, { onOutput: (o) => (out += o) });
      ms = Math.min(ms, performance.now() - t0);
    }
    return { ms, lines: out.split("\n").length - 1 };
  };
  const start = await best("");
  const run = await best(line);
  console.log(
    `${"guest shell: list -S | awk | sort ...".padEnd(40)} ${(run.ms - start.ms).toFixed(0).padStart(6)} ms   (${run.lines} output lines; crash start-up ${start.ms.toFixed(0)} ms excluded)`,
  );
}

main();
