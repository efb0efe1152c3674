/**
 * perf list, as perf 3.10 prints it: every symbolic event (`  %-50s [type]`), the raw and
 * breakpoint syntaxes, then the tracepoints the simulated kernel exposes. Arguments select a
 * part: hw|hardware, sw|software, cache|hwcache, tracepoint, `subsys:event` globs (tracepoints
 * only), any other word is a glob over the symbolic events (with the header, no tracepoints).
 * The events come from events-table.ts, the table perf record -e resolves against.
 */

import { globMatcher } from "../../kernel/glob";
import type { ToolIO } from "../toolapi";
import {
  HARDWARE_EVENTS,
  HWCACHE_EVENTS,
  SOFTWARE_EVENTS,
  type SymbolicEvent,
  type Tracepoint,
  tracepoints,
} from "./events-table";

const line = (name: string, type: string) => `  ${name.padEnd(50)} [${type}]\n`;

function displayName(e: SymbolicEvent): string {
  return e.alias ? `${e.symbol} OR ${e.alias}` : e.symbol;
}

/** One block of symbolic events (matching `glob` if given), a blank line after a non-empty block. */
function symbolBlock(events: readonly SymbolicEvent[], glob: string | null, nameOnly: boolean): string {
  const match = glob === null ? null : globMatcher(glob);
  let out = "";
  let printed = 0;
  for (const e of events) {
    if (match && !(match(e.symbol) || (e.alias !== undefined && match(e.alias)))) continue;
    if (nameOnly) {
      out += `${e.symbol} `;
      continue;
    }
    out += line(displayName(e), e.type);
    printed++;
  }
  return printed ? `${out}\n` : out;
}

/** Hardware cache events: no blank line of their own (perf returns the count to its caller). */
function hwcacheBlock(glob: string | null, nameOnly: boolean): string {
  const match = glob === null ? null : globMatcher(glob);
  let out = "";
  for (const e of HWCACHE_EVENTS) {
    if (match && !match(e.symbol)) continue;
    out += nameOnly ? `${e.symbol} ` : line(e.symbol, e.type);
  }
  return out;
}

function tracepointBlock(
  all: readonly Tracepoint[],
  subsysGlob: string | null,
  eventGlob: string | null,
  nameOnly: boolean,
): string {
  const sm = subsysGlob === null ? null : globMatcher(subsysGlob);
  const em = eventGlob === null ? null : globMatcher(eventGlob);
  let out = "";
  for (const t of all) {
    if ((sm && !sm(t.subsys)) || (em && !em(t.event))) continue;
    const name = `${t.subsys}:${t.event}`;
    out += nameOnly ? `${name} ` : line(name, "Tracepoint event");
  }
  return out;
}

/** Everything, or (with a glob) the symbolic events matching it. */
function allEvents(all: readonly Tracepoint[], glob: string | null, nameOnly: boolean): string {
  let out = nameOnly ? "" : "\nList of pre-defined events (to be used in -e):\n";
  out += symbolBlock(HARDWARE_EVENTS, glob, nameOnly);
  out += symbolBlock(SOFTWARE_EVENTS, glob, nameOnly);
  out += hwcacheBlock(glob, nameOnly);
  if (glob !== null) return out;
  if (!nameOnly) {
    out += "\n";
    out += line("rNNN", "Raw hardware event descriptor");
    out += line("cpu/t1=v1[,t2=v2,t3 ...]/modifier", "Raw hardware event descriptor");
    out += "   (see 'man perf-list' on how to encode it)\n\n";
    out += line("mem:<addr>[:access]", "Hardware breakpoint");
    out += "\n";
  }
  return out + tracepointBlock(all, null, null, nameOnly);
}

/** `perf list hw` / `sw`: the whole table of that type, no header, no glob. */
function typeBlock(events: readonly SymbolicEvent[]): string {
  return events.map((e) => line(displayName(e), e.type)).join("");
}

export async function perfList(io: ToolIO, args: readonly string[]): Promise<number> {
  const all = await tracepoints(io.fs);
  if (!args.length) {
    io.stdout(allEvents(all, null, false));
    return 0;
  }
  let out = "";
  args.forEach((a, i) => {
    // perf 3.10 separates the third and later arguments' output by a blank line.
    if (i > 1) out += "\n";
    if (a.startsWith("tracepoint")) out += tracepointBlock(all, null, null, false);
    else if (a === "hw" || a === "hardware") out += typeBlock(HARDWARE_EVENTS);
    else if (a === "sw" || a === "software") out += typeBlock(SOFTWARE_EVENTS);
    else if (a === "cache" || a === "hwcache") out += hwcacheBlock(null, false);
    else if (a === "pmu") {
      // No PMU exposes event aliases in sysfs on this guest: nothing to print.
    } else if (a === "--raw-dump") out += allEvents(all, null, true);
    else {
      const colon = a.indexOf(":");
      if (colon < 0) out += allEvents(all, a, false);
      else out += tracepointBlock(all, a.slice(0, colon), a.slice(colon + 1), false);
    }
  });
  io.stdout(out);
  return 0;
}
