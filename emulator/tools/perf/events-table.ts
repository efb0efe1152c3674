/**
 * The events this guest's perf knows, in one table: `perf list` prints it and `perf record -e`
 * resolves its arguments against it, so what is listed is what record accepts. Symbolic events
 * (hardware, software, hardware cache) follow perf 3.10's tables and order; tracepoints are what
 * the simulated kernel exposes: its static tracepoints (live/tracepoints.ts, shown under tracefs's
 * events/ directory) and the dynamic events defined in kprobe_events (`probe:*`, made by perf probe).
 *
 * Each symbolic event says how the simulation records it: `timer` events sample the CPUs with
 * the workload model (live/workload.ts); `never` events cannot occur on this x86_64 guest
 * (alignment and emulation faults, the dummy event), so a record of them is rightly empty;
 * `unmodelled` events happen on a real machine but the simulated kernel has no model of them:
 * record accepts them and says that it stores no samples.
 */
import { globMatcher } from "../../kernel/glob";
import { KPROBE_EVENTS } from "../../live/state";
import { parseKprobeEvents } from "../../live/tracefs";
import { traceEvents } from "../../live/tracepoints";
import type { GuestFs } from "../toolapi";

export type EventType = "Hardware event" | "Software event" | "Hardware cache event";
export type EventModel = "timer" | "never" | "unmodelled";

export interface SymbolicEvent {
  /** The name perf list prints first (`cpu-cycles`). */
  readonly symbol: string;
  /** The second name of `X OR Y` (`cycles`), if any. */
  readonly alias?: string;
  readonly type: EventType;
  /** The name perf gives the recorded event (perf_evsel__name: `cycles` for cpu-cycles). */
  readonly evsel: string;
  readonly model: EventModel;
}

const hw = (
  symbol: string,
  evsel: string,
  alias?: string,
  model: EventModel = "unmodelled",
): SymbolicEvent => ({
  symbol,
  alias,
  type: "Hardware event",
  evsel,
  model,
});
const sw = (symbol: string, model: EventModel, alias?: string): SymbolicEvent => ({
  symbol,
  alias,
  type: "Software event",
  evsel: symbol,
  model,
});

/** perf's PERF_COUNT_HW_* order. The guest's Skylake PMU counts cycles; only they are sampled here. */
export const HARDWARE_EVENTS: readonly SymbolicEvent[] = [
  hw("cpu-cycles", "cycles", "cycles", "timer"),
  hw("instructions", "instructions"),
  hw("cache-references", "cache-references"),
  hw("cache-misses", "cache-misses"),
  hw("branch-instructions", "branches", "branches"),
  hw("branch-misses", "branch-misses"),
  hw("bus-cycles", "bus-cycles"),
  hw("stalled-cycles-frontend", "stalled-cycles-frontend", "idle-cycles-frontend"),
  hw("stalled-cycles-backend", "stalled-cycles-backend", "idle-cycles-backend"),
  hw("ref-cycles", "ref-cycles"),
];

/** perf's PERF_COUNT_SW_* order. */
export const SOFTWARE_EVENTS: readonly SymbolicEvent[] = [
  sw("cpu-clock", "timer"),
  sw("task-clock", "timer"),
  sw("page-faults", "unmodelled", "faults"),
  sw("context-switches", "unmodelled", "cs"),
  sw("cpu-migrations", "unmodelled", "migrations"),
  sw("minor-faults", "unmodelled"),
  sw("major-faults", "unmodelled"),
  sw("alignment-faults", "never"),
  sw("emulation-faults", "never"),
  sw("dummy", "never"),
];

/**
 * Hardware cache events: cache × operation × result, for the operations each cache has (perf's
 * validity table). An access count is `<cache>-<ops>` (loads), a miss count `<cache>-<op>-misses`.
 */
function hwcacheEvents(): SymbolicEvent[] {
  const caches: readonly (readonly [string, string])[] = [
    ["L1-dcache", "lsp"],
    ["L1-icache", "lp"],
    ["LLC", "lsp"],
    ["dTLB", "lsp"],
    ["iTLB", "l"],
    ["branch", "l"],
    ["node", "lsp"],
  ];
  const ops: readonly (readonly [string, string, string])[] = [
    ["l", "load", "loads"],
    ["s", "store", "stores"],
    ["p", "prefetch", "prefetches"],
  ];
  const out: SymbolicEvent[] = [];
  for (const [cache, valid] of caches)
    for (const [key, op, ops_] of ops) {
      if (!valid.includes(key)) continue;
      for (const name of [`${cache}-${ops_}`, `${cache}-${op}-misses`])
        out.push({ symbol: name, type: "Hardware cache event", evsel: name, model: "unmodelled" });
    }
  return out;
}

export const HWCACHE_EVENTS: readonly SymbolicEvent[] = hwcacheEvents();

export const SYMBOLIC_EVENTS: readonly SymbolicEvent[] = [
  ...HARDWARE_EVENTS,
  ...SOFTWARE_EVENTS,
  ...HWCACHE_EVENTS,
];

/** The symbolic event `name` designates (its symbol or its alias), as perf record -e reads it. */
export function symbolicEvent(name: string): SymbolicEvent | undefined {
  return SYMBOLIC_EVENTS.find((e) => e.symbol === name || e.alias === name);
}

/** The symbolic event a recorded event name (evsel name) stands for. */
export function eventOfEvsel(evsel: string): SymbolicEvent | undefined {
  return SYMBOLIC_EVENTS.find((e) => e.evsel === evsel);
}

/** The guest's TSC/core clock (boot log: "tsc: Detected 2593.904 MHz processor"). */
export const CPU_HZ = 2_593_904_000;

/**
 * The period each sample of `evsel` stands for, as perf report sums it into "Event count": with
 * -F the clock events count nanoseconds (NSEC_PER_SEC / freq per tick), cycles count the core's
 * cycles in that time, a tracepoint hit counts 1.
 */
export function samplePeriod(evsel: string, freq: number | undefined): number {
  const ev = eventOfEvsel(evsel);
  if (ev?.model !== "timer" || !freq) return 1;
  return ev.evsel === "cycles" ? Math.round(CPU_HZ / freq) : Math.floor(1e9 / freq);
}

/** A tracepoint the simulated kernel exposes. `kprobe` marks a dynamic (perf probe) event. */
export interface Tracepoint {
  readonly subsys: string;
  readonly event: string;
  readonly kprobe: boolean;
}

export const TRACING_EVENTS_DIR = "/sys/kernel/debug/tracing/events";

/** The kernel's static tracepoints (one list: the table does not change while the guest runs). */
let staticTracepoints: readonly Tracepoint[] | null = null;

/**
 * Every tracepoint, subsystems and events sorted by name: the static events of the simulated
 * kernel (live/tracepoints.ts, what tracefs shows under events/<subsys>/<event>/) and the events
 * defined in kprobe_events (which a real tracefs shows there too, under their group). Read from
 * the table rather than by walking events/: the same answer without ~800 directory lookups.
 */
export async function tracepoints(fs: GuestFs): Promise<Tracepoint[]> {
  staticTracepoints ??= traceEvents().map((e) => ({ subsys: e.subsys, event: e.name, kprobe: false }));
  const seen = new Map<string, Tracepoint>();
  for (const t of staticTracepoints) seen.set(`${t.subsys}:${t.event}`, t);
  if (await fs.exists(KPROBE_EVENTS))
    for (const d of parseKprobeEvents(await fs.readFile(KPROBE_EVENTS)))
      seen.set(`${d.group}:${d.event}`, { subsys: d.group, event: d.event, kprobe: true });
  const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return [...seen.values()].sort((a, b) => byName(a.subsys, b.subsys) || byName(a.event, b.event));
}

export type ResolvedEvent =
  | { readonly kind: "symbolic"; readonly event: SymbolicEvent }
  | { readonly kind: "tracepoint"; readonly tracepoints: readonly Tracepoint[] };

/**
 * One `-e` word as perf record parses it: a symbolic name or alias, or `subsys:event` where both
 * parts may be globs (`probe:*`). Null: perf's "invalid or unsupported event".
 */
export function resolveEvent(word: string, available: readonly Tracepoint[]): ResolvedEvent | null {
  const sym = symbolicEvent(word);
  if (sym) return { kind: "symbolic", event: sym };
  const colon = word.indexOf(":");
  if (colon <= 0 || colon === word.length - 1) return null;
  const subsys = globMatcher(word.slice(0, colon));
  const event = globMatcher(word.slice(colon + 1));
  const found = available.filter((t) => subsys(t.subsys) && event(t.event));
  return found.length ? { kind: "tracepoint", tracepoints: found } : null;
}
