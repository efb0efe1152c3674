/**
 * Graders of the perf-probe lab. Every expected value is computed at check time from the live
 * VM's debuginfo tables (emulator/live/debuginfo.ts), its kernel model (struct offsets), or the
 * files the learner produced in the guest (kprobe_events, perf.data, folded stacks): nothing
 * here is a copy of what the talk's slides print.
 */
import { LDLM_RES_HASH_DUMP, locationAt, type VarDebug } from "../../emulator/live/debuginfo";
import { fidString, ostObjects, parseFid } from "../../emulator/live/ldiskfs";
import { initialState, KPROBE_EVENTS, type LiveState, STATE_PATH } from "../../emulator/live/state";
import { liveSystem } from "../../emulator/live/system";
import { type FetchExpr, type KprobeDef, parseKprobeEvents } from "../../emulator/live/tracefs";
import { type FlameNode, parseFolded } from "../../emulator/tools/flamegraph/folded";
import { decodePerfData } from "../../emulator/tools/perf/data";
import { parseInteger } from "../answers";
import type { CustomResult, GraderContext } from "../schema";

/** Where the recap writes its recording, and where the flame-graph lesson folds its stacks. */
export const PERF_DATA = "/tmp/perf.data";
export const FOLDED = "/root/out.folded";
/** "Hot" resources for the counting task: strictly more references than this. */
export const REFCOUNT_THRESHOLD = 4;

const ok = (message = "Correct!"): CustomResult => ({ correct: true, message });
const no = (message: string): CustomResult => ({ correct: false, message });

/** The relative line of ldlm_res_hash_dump that calls ldlm_resource_dump and has code (probe-able). */
export function resourceDumpCallLine(): number {
  const fn = LDLM_RES_HASH_DUMP;
  const line = fn.source.findIndex(
    (text, l) => /\bldlm_resource_dump\s*\(/.test(text) && fn.lineAddrs.has(l),
  );
  if (line < 0) throw new Error("ldlm_res_hash_dump has no probe-able call to ldlm_resource_dump");
  return line;
}

function resVar(): VarDebug {
  const v = LDLM_RES_HASH_DUMP.vars.find((x) => x.name === "res");
  if (!v) throw new Error("ldlm_res_hash_dump's debuginfo has no `res`");
  return v;
}

/** The register holding `res` at a line of ldlm_res_hash_dump (x86 name without %: "r12"). */
export function resRegisterAt(line: number): string {
  const loc = locationAt(resVar(), line);
  if (loc?.kind !== "reg") throw new Error(`res is not in a register at line ${line}`);
  return loc.reg;
}

/** perf's (and kprobe_events') register names: %r12, %bx...; learners also write rbx, %rbx, R12. */
function normalizeRegister(answer: string): string | null {
  const t = answer.trim().toLowerCase().replace(/^%/, "");
  const m = /^r?(ax|bx|cx|dx|si|di|bp|sp|ip)$|^(r(?:[89]|1[0-5]))$/.exec(t);
  if (!m) return null;
  return m[1] ?? m[2];
}

export function gradeResRegister(_ctx: GraderContext, answer: string): CustomResult {
  const given = normalizeRegister(answer);
  if (given === null) return no("Write a register name, e.g. `%rbx` or `r9`.");
  const expected = resRegisterAt(resourceDumpCallLine());
  if (given === expected) return ok();
  return no("Not that one — add the probe with `-v` and read the fetch argument perf wrote for `res`.");
}

/** Offset of a member in the live kernel's types (the same layouts crash's `struct -o` prints). */
export function liveOffsetOf(struct: string, member: string): number {
  return liveSystem(initialState()).prog.offsetOf(struct, member);
}

export const refcountOffset = () => liveOffsetOf("ldlm_resource", "lr_refcount");

const sameExpr = (a: FetchExpr, b: FetchExpr): boolean =>
  a.kind === "reg"
    ? b.kind === "reg" && a.reg === b.reg
    : b.kind === "deref" && a.offset === b.offset && sameExpr(a.inner, b.inner);

/** A probe in ldlm_res_hash_dump at a line where res lives in a register, fetching res and res->lr_refcount. */
export function isRefcountProbe(d: KprobeDef): boolean {
  const fn = LDLM_RES_HASH_DUMP;
  if (d.kind !== "p" || d.symbol !== fn.name) return false;
  const line = [...fn.lineAddrs].find(([, offs]) => offs.includes(d.offset))?.[0];
  if (line === undefined) return false;
  const loc = locationAt(resVar(), line);
  if (loc?.kind !== "reg") return false;
  const res: FetchExpr = { kind: "reg", reg: loc.reg };
  const refcount: FetchExpr = { kind: "deref", offset: refcountOffset(), inner: res };
  return d.args.some((a) => sameExpr(a.expr, res)) && d.args.some((a) => sameExpr(a.expr, refcount));
}

export async function gradeProbeAdded(ctx: GraderContext): Promise<CustomResult> {
  const text = await ctx.inspect.readFile(KPROBE_EVENTS);
  let defs: KprobeDef[] = [];
  try {
    defs = text === null ? [] : parseKprobeEvents(text);
  } catch {
    return no("kprobe_events does not parse: add the probe with `perf probe`, not by hand.");
  }
  if (defs.some(isRefcountProbe)) return ok("The probe is armed in kprobe_events.");
  if (defs.some((d) => d.symbol === LDLM_RES_HASH_DUMP.name))
    return no(
      "There is a probe in ldlm_res_hash_dump, but it does not fetch both `res` and `res->lr_refcount`.",
    );
  return no("No probe in ldlm_res_hash_dump yet: `perf probe -l` lists the probes that exist.");
}

/** The lr_refcount values of the probe hits in a perf.data text, or a reason it has none. */
export function recordedRefcounts(text: string | null): bigint[] | string {
  if (text === null) return `There is no ${PERF_DATA} yet: record with \`perf record -o ${PERF_DATA}\`.`;
  const data = decodePerfData(text);
  if (!data) return `${PERF_DATA} is not a perf.data file.`;
  const values: bigint[] = [];
  for (const s of data.samples) {
    const v = s.args.find(([name]) => name === "lr_refcount")?.[1];
    if (v !== undefined) values.push(BigInt(v));
  }
  if (!values.length)
    return `${PERF_DATA} holds no lr_refcount values: was dlmtrace enabled, and does the probe fetch res->lr_refcount?`;
  return values;
}

export async function hotResourceCount(ctx: GraderContext): Promise<number | string> {
  const r = recordedRefcounts(await ctx.inspect.readFile(PERF_DATA));
  return typeof r === "string" ? r : r.filter((v) => v > BigInt(REFCOUNT_THRESHOLD)).length;
}

export async function gradeHotResources(ctx: GraderContext, answer: string): Promise<CustomResult> {
  const expected = await hotResourceCount(ctx);
  if (typeof expected === "string") return no(expected);
  const given = parseInteger(answer);
  if (given === null) return no("Write a number.");
  if (given === BigInt(expected)) return ok();
  return no(
    `Not quite — count the samples whose lr_refcount is above ${REFCOUNT_THRESHOLD} (perf prints it in hex).`,
  );
}

/** The widest child of a flame-graph node (ties: the first name in sort order, as flamegraph.pl draws them). */
export function widestChild(node: FlameNode): FlameNode | null {
  let best: FlameNode | null = null;
  for (const c of [...node.children.values()].sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  ))
    if (!best || c.value > best.value) best = c;
  return best;
}

export async function widestRootFrame(ctx: GraderContext): Promise<string | null> {
  const text = await ctx.inspect.readFile(FOLDED);
  if (text === null || !text.trim()) return null;
  return widestChild(parseFolded(text))?.name ?? null;
}

export async function gradeWidestFrame(ctx: GraderContext, answer: string): Promise<CustomResult> {
  const expected = await widestRootFrame(ctx);
  if (expected === null)
    return no(
      `Fold your recording into ${FOLDED} first: \`perf script | stackcollapse-perf.pl > ${FOLDED}\`.`,
    );
  if (answer.trim() === expected) return ok();
  return no("Not that one — look at the frames sitting directly on the bottom bar, `all`.");
}

/** The recording's hottest OST object: its refcount, and the file (FID, path) it is a stripe of. */
export interface HottestObject {
  readonly refcount: bigint;
  readonly fid: string;
  readonly path: string;
}

/**
 * From the learner's perf.data (refcount and name[0] of each dumped resource) and the OST
 * objects of the filesystem: the object with the most references, or why there is none.
 */
export async function hottestObject(ctx: GraderContext): Promise<HottestObject | string> {
  const text = await ctx.inspect.readFile(PERF_DATA);
  if (text === null)
    return `There is no ${PERF_DATA} yet: record a dump with \`perf record -o ${PERF_DATA}\`.`;
  const data = decodePerfData(text);
  if (!data) return `${PERF_DATA} is not a perf.data file.`;
  const stateText = await ctx.inspect.readFile(STATE_PATH);
  const state = stateText === null ? null : (JSON.parse(stateText) as LiveState);
  if (!state) return "The Lustre VM has not been started: `modprobe lustre; shine -L start; shine -L mount`.";
  if (!state.job) return "The cluster's job has not run: `cluster-job start`, then record the dump again.";
  const objects = new Map(ostObjects(state).map((o) => [o.oid, o]));
  let best: HottestObject[] = [];
  let sawName = false;
  for (const s of data.samples) {
    const refcount = s.args.find(([n]) => n === "lr_refcount")?.[1];
    const name = s.args.find(([n]) => n === "name")?.[1];
    if (refcount === undefined || name === undefined) continue;
    sawName = true;
    const obj = objects.get(BigInt(name));
    if (!obj) continue;
    const hit = { refcount: BigInt(refcount), fid: fidString(obj.parent), path: obj.path };
    if (!best.length || hit.refcount > best[0].refcount) best = [hit];
    else if (hit.refcount === best[0].refcount && !best.some((b) => b.fid === hit.fid)) best.push(hit);
  }
  if (!sawName)
    return `${PERF_DATA} has no \`lr_refcount\` and \`name\` values: the probe must fetch 'res->lr_refcount' and 'res->lr_name.name[0]'.`;
  if (!best.length) return `${PERF_DATA} holds no OST object: were the servers started when you recorded?`;
  if (best.length > 1)
    return `In ${PERF_DATA}, ${best.length} objects share the top refcount (${best[0].refcount}): start the cluster's job (\`cluster-job start\`) and record again.`;
  return best[0];
}

export async function gradeHottestFid(ctx: GraderContext, answer: string): Promise<CustomResult> {
  const hot = await hottestObject(ctx);
  if (typeof hot === "string") return no(hot);
  const fid = parseFid(answer);
  if (!fid) return no("Write a FID such as `[0x200000401:0x4d:0x0]`.");
  if (fidString(fid) === hot.fid)
    return ok(`Correct: ${hot.fid} is ${hot.path}, with ${hot.refcount} references.`);
  return no(
    "Not that one — did debugfs look at both OSTs? `debugfs -c /dev/md[0-1]` opens only the first device it is given.",
  );
}
