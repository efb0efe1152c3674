/**
 * The talk's counting pipeline on an 85,000-line file in the simulated shell, against GNU
 * tools on the same file: `awk '{print $1}' f | sort | uniq -c | sort -h | tail`.
 * Prints the median of 5 runs of each, their ratio (goal: at most 10x), and the time of
 * each stage alone in the simulated shell to show where it goes.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { ShellSession } from "../emulator/shell/session";

const LINES = 85_000;
const RUNS = 5;
const PIPELINE = "awk '{print $1}' f | sort | uniq -c | sort -h | tail";

/** Connection NIDs as in the talk's server_load lab: ~80 clients, skewed counts. */
function makeFile(): string {
  let seed = 12345;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const out: string[] = [];
  for (let i = 0; i < LINES; i++) {
    const client = Math.floor(rand() * rand() * 80) + 2;
    out.push(
      `000200000ac800${client.toString(16).padStart(2, "0")} ffff917cdee0${(0xba98 + (i % 4096) * 8).toString(16)} ........`,
    );
  }
  return `${out.join("\n")}\n`;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function timeGuest(session: ShellSession, line: string): Promise<{ ms: number; out: string }> {
  let out = "";
  const t = performance.now();
  const r = await session.run(line, { onOutput: (o, e) => (out += o + e) });
  const ms = performance.now() - t;
  if (r.exitCode !== 0) throw new Error(`${line}: exit ${r.exitCode}: ${out}`);
  return { ms, out };
}

async function main(): Promise<void> {
  const content = makeFile();
  const dir = mkdtempSync(path.join(tmpdir(), "kdebug-bench-"));
  try {
    writeFileSync(path.join(dir, "f"), content);
    const session = new ShellSession({ interactive: false, cwd: "/root" });
    await session.fs.writeFile("/root/f", content);

    // Warm up: just-bash loads each command's module on first use.
    await timeGuest(session, PIPELINE);
    const guestTimes: number[] = [];
    let guestOut = "";
    for (let i = 0; i < RUNS; i++) {
      const r = await timeGuest(session, PIPELINE);
      guestTimes.push(r.ms);
      guestOut = r.out;
    }

    const gnuTimes: number[] = [];
    let gnuOut = "";
    for (let i = 0; i < RUNS + 1; i++) {
      const t = performance.now();
      const r = spawnSync("/bin/sh", ["-c", PIPELINE], {
        cwd: dir,
        encoding: "utf8",
        env: { PATH: "/usr/bin:/bin", LC_ALL: "C" },
      });
      const ms = performance.now() - t;
      if (i > 0) gnuTimes.push(ms);
      gnuOut = r.stdout;
    }

    const g = median(guestTimes);
    const n = median(gnuTimes);
    console.log(`pipeline: ${PIPELINE}  (${LINES} lines, ${(content.length / 1e6).toFixed(1)} MB)`);
    console.log(`simulated shell: ${g.toFixed(0)} ms (median of ${RUNS})`);
    console.log(`GNU tools:       ${n.toFixed(0)} ms (median of ${RUNS}, includes process start-up)`);
    console.log(`ratio:           ${(g / n).toFixed(1)}x (goal <= 10x)`);
    console.log(`same output:     ${guestOut === gnuOut ? "yes" : "NO"}`);

    await session.run("awk '{print $1}' f > s1; sort s1 > s2; uniq -c s2 > s3; sort -h s3 > s4");
    const stages = [
      ["cat f > /dev/null", "cat f > /dev/null"],
      ["awk '{print $1}'", "awk '{print $1}' f > /dev/null"],
      ["sort", "sort s1 > /dev/null"],
      ["uniq -c", "uniq -c s2 > /dev/null"],
      ["sort -h", "sort -h s3 > /dev/null"],
      ["tail", "tail s4 > /dev/null"],
    ];
    for (const [name, line] of stages) {
      const times: number[] = [];
      for (let i = 0; i < 3; i++) times.push((await timeGuest(session, line)).ms);
      console.log(`  stage ${name.padEnd(18)} ${median(times).toFixed(0).padStart(5)} ms`);
    }
    if (guestOut !== gnuOut) process.exitCode = 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
