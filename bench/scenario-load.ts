/**
 * Build time and memory of each scenario in Node, each in a fresh process (a cold build is what a
 * page or a CLI call pays). Goals: server_load < 300 ms and < 100 MB.
 *   npx tsx bench/scenario-load.ts            all scenarios
 *   npx tsx bench/scenario-load.ts <id>       one, in this process
 */
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const GOALS: Record<string, { ms: number; mb: number }> = {
  client_lbug: { ms: 300, mb: 100 },
  server_load: { ms: 300, mb: 100 },
  ls_stuck: { ms: 300, mb: 100 },
};

async function measure(id: string): Promise<void> {
  const { buildScenario } = await import("../emulator/scenarios/index");
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const before = process.memoryUsage();
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const prog = buildScenario(id as "client_lbug");
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(c0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  gc?.();
  const after = process.memoryUsage();
  const heap = (after.heapUsed - before.heapUsed) / 1e6;
  const buffers = (after.arrayBuffers - before.arrayBuffers) / 1e6;
  const t1 = performance.now();
  buildScenario(id as "client_lbug");
  const warm = performance.now() - t1;
  console.log(
    JSON.stringify({
      id,
      ms: Math.round(ms),
      cpuMs: Math.round(cpuMs),
      warmMs: Math.round(warm),
      heapMB: +heap.toFixed(1),
      arrayBuffersMB: +buffers.toFixed(1),
      pages: prog.mem.residentPages,
    }),
  );
}

const id = process.argv[2];
if (id) await measure(id);
else {
  const here = dirname(fileURLToPath(import.meta.url));
  const tsx = join(here, "..", "node_modules", ".bin", "tsx");
  // CPU time is shown next to wall time: the shared 2-core machine is often loaded by other jobs.
  console.log(
    "scenario       cold ms  cpu ms  warm ms  heap MB  buffers MB  total MB  pages   goal (cold wall time)",
  );
  for (const s of Object.keys(GOALS)) {
    const r = spawnSync(tsx, ["--expose-gc", fileURLToPath(import.meta.url), s], { encoding: "utf8" });
    const line = r.stdout.trim().split("\n").pop() ?? "";
    if (r.status !== 0 || !line.startsWith("{")) {
      console.log(`${s}: failed\n${r.stderr}`);
      process.exitCode = 1;
      continue;
    }
    const m = JSON.parse(line) as {
      ms: number;
      cpuMs: number;
      warmMs: number;
      heapMB: number;
      arrayBuffersMB: number;
      pages: number;
    };
    const total = m.heapMB + m.arrayBuffersMB;
    const g = GOALS[s];
    console.log(
      `${s.padEnd(14)} ${String(m.ms).padStart(7)}  ${String(m.cpuMs).padStart(6)}  ${String(m.warmMs).padStart(7)}  ${m.heapMB.toFixed(1).padStart(7)}  ${m.arrayBuffersMB.toFixed(1).padStart(10)}  ${total.toFixed(1).padStart(8)}  ${String(m.pages).padStart(5)}   ${(m.ms / g.ms).toFixed(2)}x of ${g.ms} ms, ${(total / g.mb).toFixed(2)}x of ${g.mb} MB`,
    );
  }
}
