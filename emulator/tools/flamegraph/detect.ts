/**
 * What kind of profile text a file holds, and its flame graph tree. The page viewer is handed
 * whatever file the learner names: folded stacks (stackcollapse-perf.pl output), a flamegraph.pl
 * SVG, raw `perf script` text (the real-kernel guest has no Perl, so the page collapses it with
 * collapse.ts), or — a common slip — the binary perf.data itself.
 */
import { collapsePerf } from "./collapse";
import { addStack, type FlameNode, newNode, parseFolded } from "./folded";

export type FlameFormat = "svg" | "folded" | "perf-script" | "perf-data" | "unknown";

/** perf.data starts with this magic (perf's on-disk header, version 2). */
const PERF_DATA_MAGIC = "PERFILE2";
/**
 * A sample header of `perf script`: `comm pid[/tid] [cpu] secs.usecs: [period] event:`, then,
 * for samples recorded without -g, the sampled address on the same line. perf pads the command
 * name on the left when there is no call chain, so the line may start with blanks.
 */
const SCRIPT_HEADER = /^\s*(\S.*?\s+\d+(?:\/\d+)?\s+(?:\[\d+\]\s+)?\d+\.\d+:\s+(?:\d+\s+)?\S+:)(?:\s+(.*))?$/;
/** The tail of a header without -g: `c1917b83 default_idle+0x13 ([kernel.kallsyms])`. */
const INLINE_FRAME = /^[0-9a-f]+\s+\S.*\(.*\)$/;
/** A callchain line under a header: indented address, symbol, (dso). */
const CHAIN_FRAME = /^\s+[0-9a-f]+\s+\S.*\(.*\)\s*$/;
/** A folded line: frames joined by ';', a blank, a sample count. */
const FOLDED_LINE = /^\S.*\s\d+(?:\.\d+)?$/;
/** How many meaningful lines decide the format (files can be large; the start is enough). */
const SNIFF_LINES = 200;

export function isSvgText(text: string): boolean {
  return /^\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*|<!DOCTYPE[^>]*>\s*)*<svg[\s>]/i.test(text);
}

export function detectFlameFormat(text: string): FlameFormat {
  if (text.startsWith(PERF_DATA_MAGIC)) return "perf-data";
  if (isSvgText(text)) return "svg";
  let headers = 0;
  let folded = 0;
  let seen = 0;
  for (const line of text.split("\n", 20 * SNIFF_LINES)) {
    if (line.trim() === "" || line.startsWith("#")) continue;
    if (SCRIPT_HEADER.test(line)) headers++;
    else if (FOLDED_LINE.test(line)) folded++;
    if (++seen >= SNIFF_LINES) break;
  }
  // A perf script header has a timestamp followed by ':' and never ends in a bare count; a
  // folded line does. Whichever kind is in the majority names the format.
  if (headers > 0 && headers >= folded) return "perf-script";
  if (folded > 0) return "folded";
  return "unknown";
}

export interface FlameStacks {
  readonly format: "folded" | "perf-script";
  readonly root: FlameNode;
  /** Samples that came with a call chain (perf record -g); for folded stacks, all of them. */
  readonly withCallchain: number;
}

/**
 * perf script text in the one shape collapsePerf reads: headers at the start of their line and
 * every sampled address on a line of its own below. Without -g, perf prints one line per sample
 * (the address after the event name): that address becomes a one-frame chain, so the graph
 * still shows which functions ran, one level above each command.
 */
function chainsOnTheirOwnLines(text: string): { text: string; withCallchain: number } {
  const out: string[] = [];
  let withCallchain = 0;
  let inSample = false;
  let chained = false;
  for (const line of text.split("\n")) {
    const header = SCRIPT_HEADER.exec(line);
    if (header) {
      out.push(header[1]);
      const tail = header[2]?.trim() ?? "";
      if (INLINE_FRAME.test(tail)) out.push(`\t${tail}`);
      inSample = true;
      chained = false;
      continue;
    }
    if (inSample && !chained && CHAIN_FRAME.test(line)) {
      chained = true;
      withCallchain++;
    }
    if (line.trim() === "") inSample = false;
    out.push(line);
  }
  return { text: out.join("\n"), withCallchain };
}

/**
 * The tree of a folded or `perf script` text (null for other formats). perf script samples
 * are collapsed as stackcollapse-perf.pl does: process name, then the callchain root first.
 */
export function flameStacks(text: string, format: FlameFormat = detectFlameFormat(text)): FlameStacks | null {
  if (format === "folded") {
    const root = parseFolded(text);
    return { format, root, withCallchain: root.value };
  }
  if (format !== "perf-script") return null;
  const normal = chainsOnTheirOwnLines(text);
  const root = newNode("all");
  for (const [stack, count] of collapsePerf(normal.text)) addStack(root, stack.split(";"), count);
  return { format, root, withCallchain: normal.withCallchain };
}

/**
 * The file a history line most likely made for a flame graph viewer: the last `*.folded` / `*.svg` /
 * `*.perf` it names (`stackcollapse-perf.pl ... > out.folded`), else where it sent `perf script`
 * (`perf script > samples.txt`, the real-kernel guest's way: the viewer collapses that text).
 */
export function viewableFileOf(line: string): string | null {
  const names = line.match(/[^\s<>|;&'"]+\.(?:folded|svg|perf)\b/g);
  if (names) return names[names.length - 1];
  const script = /\bperf\s+script\b[^|;&]*?>\s*([^\s<>|;&'"]+)/.exec(line);
  return script ? script[1] : null;
}
