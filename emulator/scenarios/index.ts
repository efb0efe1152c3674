/**
 * The three vmcores of the talk, built deterministically from their seeds and cached per
 * process: client_lbug (Lustre client LBUG), server_load (ldlm contention, SysRq crash) and
 * ls_stuck (MDS where `ls` hung behind an unlink).
 */

import { logRecords } from "../kernel/linux/log";
import { listModules } from "../kernel/linux/modules";
import { listTasks } from "../kernel/linux/tasks";
import type { Program } from "../kernel/program";
import { buildClientLbug } from "./client_lbug";
import { buildLsStuck } from "./ls_stuck";
import { buildServerLoad, SERVER_FACTS } from "./server_load";
import { Sha256 } from "./sha256";

export const scenarioIds = ["client_lbug", "server_load", "ls_stuck"] as const;
export type ScenarioId = (typeof scenarioIds)[number];

const builders: Record<ScenarioId, () => Program> = {
  client_lbug: buildClientLbug,
  server_load: buildServerLoad,
  ls_stuck: buildLsStuck,
};

const cache = new Map<string, Program>();

export function isScenarioId(id: string): id is ScenarioId {
  return (scenarioIds as readonly string[]).includes(id);
}

/** The Program of a scenario (built once per process). */
export function loadScenario(id: string): Program {
  if (!isScenarioId(id)) throw new Error(`unknown scenario ${id} (known: ${scenarioIds.join(", ")})`);
  let p = cache.get(id);
  if (!p) {
    p = builders[id]();
    cache.set(id, p);
  }
  return p;
}

/** Build a fresh Program, bypassing the cache (determinism checks, benchmarks). */
export function buildScenario(id: ScenarioId): Program {
  return builders[id]();
}

/** Digest of a Program: every resident page (address order) and the symbol table. */
export function programDigest(prog: Program): string {
  const h = new Sha256();
  const key = new Uint8Array(8);
  const kv = new DataView(key.buffer);
  for (const [pfn, page] of prog.mem.residentPagesInOrder()) {
    kv.setFloat64(0, pfn);
    h.update(key);
    h.update(page);
  }
  for (const s of prog.symbols.all())
    h.updateString(`${s.address.toString(16)} ${s.size} ${s.kind} ${s.name} ${s.module ?? ""}\n`);
  return h.digestHex();
}

function listLength(prog: Program, head: bigint): number {
  let n = 0;
  for (let p = prog.readU64(head); p !== head && n < 10_000_000; p = prog.readU64(p)) n++;
  return n;
}

/** `npx kdebug-lab scenario <id> --summary`: counts, then `sha256: <hex>`. */
export function scenarioSummary(id: string): string {
  const prog = loadScenario(id);
  const lines: string[] = [];
  lines.push(`scenario: ${id}`);
  lines.push(`release: ${prog.dump.release}`);
  const tasks = listTasks(prog);
  lines.push(`tasks: ${tasks.length} (${tasks.filter((t) => t.mm === 0n).length} kernel threads)`);
  lines.push(`cpus: ${prog.dump.cpuRegs.size} with saved registers, panic cpu ${prog.dump.panicCpu}`);
  lines.push(`modules: ${listModules(prog).length}`);
  lines.push(`log records: ${logRecords(prog).length}`);
  lines.push(`resident pages: ${prog.mem.residentPages}`);
  lines.push(`symbols: ${prog.symbols.all().length}`);
  if (id === "server_load") {
    const res = SERVER_FACTS.resource;
    lines.push(
      `ldlm_resource ${res.toString(16)}: granted ${listLength(prog, res + 0x20n)}, waiting ${listLength(prog, res + 0x30n)}`,
    );
  }
  const caches = [...prog.slabs.caches.values()].filter((c) => c.allocatedObjects > 0);
  caches.sort((a, b) => b.allocatedObjects - a.allocatedObjects || a.name.localeCompare(b.name));
  lines.push("slab objects:");
  for (const c of caches)
    lines.push(`  ${c.name.padEnd(20)} ${String(c.allocatedObjects).padStart(8)} in ${c.slabs.length} slabs`);
  lines.push(`sha256: ${programDigest(prog)}`);
  return lines.join("\n");
}
