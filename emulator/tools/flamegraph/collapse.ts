/**
 * stackcollapse for `perf script` output: each sample (a header line, its callchain lines,
 * a blank line) becomes one stack, root first, with the process name as the first frame; equal
 * stacks are counted; output sorted by stack. Frames lose their `+0x..` offsets; unresolved
 * ones stay `[unknown]`. Written from perf's documented format, not from the Perl original.
 */

export interface CollapseOptions {
  /** Append -PID to the process name (--pid). */
  readonly pid?: boolean;
  /** Annotate kernel frames with _[k] (--kernel). */
  readonly kernel?: boolean;
  /** Keep offsets in symbol names. */
  readonly keepOffsets?: boolean;
  /** Append -PID/TID to the process name (--tid). */
  readonly tid?: boolean;
  /** Annotate JIT frames (perf-PID.map) with _[j] (--jit). */
  readonly jit?: boolean;
  /** Name unresolved frames by their address (--addrs). */
  readonly addrs?: boolean;
  /** Only samples of this event (--event-filter). */
  readonly eventFilter?: string;
}

/** Header: `comm pid[/tid] [cpu] time: [period] event:` — comm may contain spaces. */
const HEADER = /^(\S.*?)\s+(\d+)(?:\/(\d+))?\s+(?:\[\d+\]\s+)?\d+\.\d+:\s+(?:\d+\s+)?(\S+?):/;
/** Callchain line: address, symbol (may contain spaces), (dso). */
const FRAME = /^\s+([0-9a-f]+)\s+(.+?)\s+\((.*)\)\s*$/;

export function collapsePerf(text: string, opts: CollapseOptions = {}): Map<string, number> {
  const counts = new Map<string, number>();
  let head: string | null = null;
  let frames: string[] = [];
  const flush = () => {
    if (head !== null) {
      const stack = [head, ...frames.reverse()].join(";");
      counts.set(stack, (counts.get(stack) ?? 0) + 1);
    }
    head = null;
    frames = [];
  };
  for (const line of text.split("\n")) {
    if (line.trim() === "") {
      flush();
      continue;
    }
    if (!/^\s/.test(line)) {
      flush();
      const m = HEADER.exec(line);
      if (m && (!opts.eventFilter || m[4] === opts.eventFilter))
        head = opts.tid ? `${m[1]}-${m[2]}/${m[3] ?? m[2]}` : opts.pid ? `${m[1]}-${m[2]}` : m[1];
      continue;
    }
    if (head === null) continue;
    const f = FRAME.exec(line);
    if (!f) continue;
    let sym = f[2];
    if (!opts.keepOffsets && sym !== "[unknown]") sym = sym.replace(/\+0x[0-9a-f]+$/, "");
    const dso = f[3];
    // An unresolved frame is named after its binary; perf prints "([unknown])" when it has none.
    if (sym === "[unknown]" && opts.addrs) sym = `0x${f[1]}`;
    else if (sym === "[unknown]" && dso && dso !== "unknown" && dso !== "[unknown]")
      sym = `[${dso.replace(/^.*\//, "")}]`;
    if (opts.jit && /perf-\d+\.map$/.test(dso)) sym = `${sym}_[j]`;
    if (opts.kernel && (dso === "[kernel.kallsyms]" || /^\[[^/]+\]$/.test(dso))) sym = `${sym}_[k]`;
    frames.push(sym);
  }
  flush();
  return counts;
}

export function formatFolded(counts: ReadonlyMap<string, number>): string {
  return [...counts.keys()]
    .sort()
    .map((k) => `${k} ${counts.get(k)}\n`)
    .join("");
}
