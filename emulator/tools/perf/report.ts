/**
 * perf report --stdio (the guest has no TUI: stdout is not a terminal, so --tui falls back to
 * stdio as perf does). Histogram entries by sort keys (default comm,dso,symbol) over the samples
 * of perf.data, each event in its own block. With callchains recorded, perf's default is the
 * Children/Self view with a caller-ordered call graph under each entry (`graph,0.5,caller`);
 * --no-children gives the Overhead (self) view with callee-ordered graphs; `-g none` drops the
 * graphs. Everything is computed from the samples; the layout is perf's (tool-formats §2.6 and
 * its stdio hist printer): percentage columns 8 wide after a two-space lead, graph branches
 * `|--NN.NN%--sym` with absolute percentages of the event's total period, compressed call paths,
 * branches under 0.5% dropped.
 */
import type { ToolIO } from "../toolapi";
import { decodePerfData, type PerfHeader, type PerfSample } from "./data";
import { samplePeriod } from "./events-table";

/** What `-g` alone means. */
const DEFAULT_GRAPH = "graph,0.5,caller";

type SortKey = "pid" | "comm" | "dso" | "sym" | "cpu";
type GraphMode = "graph" | "fractal" | "flat" | "folded" | "none";
type Order = "caller" | "callee";

/** perf's sort dimensions, in its table order: a key is any prefix of a name (`sym`). */
const DIMENSIONS: readonly (readonly [string, SortKey | null])[] = [
  ["pid", "pid"],
  ["comm", "comm"],
  ["dso", "dso"],
  ["symbol", "sym"],
  ["parent", null],
  ["cpu", "cpu"],
  ["srcline", null],
];

const HEADERS: Record<SortKey, string> = {
  pid: "Pid:Command",
  comm: "Command",
  dso: "Shared Object",
  sym: "Symbol",
  cpu: "CPU",
};

const OPTION_HELP: readonly (readonly [string, string])[] = [
  ["-i, --input <file>", "read this perf.data file"],
  ["-n, --show-nr-samples", "add a column with the number of samples"],
  ["    --tui", "interactive browser (falls back to stdio when stdout is not a terminal)"],
  ["    --gtk", "GTK browser"],
  ["    --stdio", "plain text output"],
  ["    --header", "print the data file's header before the report"],
  ["    --header-only", "print only the data file's header"],
  ["-s, --sort <key[,key2...]>", "histogram keys: pid, comm, dso, symbol, cpu"],
  [
    "-g, --call-graph <print_type,threshold[,print_limit],order>",
    "call graph style (graph, fractal, flat, folded or none), minimum percent, order (caller or callee)",
  ],
  ["    --children", "add each entry's callees' samples (Children column)"],
  ["-G, --inverted", "caller-ordered call graphs"],
  ["-d, --dsos <dso[,dso...]>", "only entries of these shared objects"],
  ["-c, --comms <comm[,comm...]>", "only entries of these commands"],
  ["-S, --symbols <symbol[,symbol...]>", "only entries of these symbols"],
  ["    --percent-limit <percent>", "hide entries under this percentage"],
  ["-f, --force", "do not complain about the file's owner"],
];

/** perf's usage text: all options, or only the one named (`-s` after a bad sort key). */
function usage(only?: string): string {
  let out = "\n usage: perf report [<options>]\n\n";
  for (const [opt, help] of OPTION_HELP) {
    if (only && !opt.startsWith(`-${only},`)) continue;
    const left = `    ${opt}`;
    out += left.length <= 24 ? `${left.padEnd(26)}${help}\n` : `${left}\n${" ".repeat(26)}${help}\n`;
  }
  return `${out}\n`;
}

interface Options {
  input: string;
  keys: SortKey[];
  sortOrder: string | null;
  children: boolean | null;
  mode: GraphMode;
  graphExplicit: boolean;
  minPercent: number;
  printLimit: number;
  order: Order | null;
  showSamples: boolean;
  percentLimit: number;
  header: "none" | "with" | "only";
  comms: string[] | null;
  dsos: string[] | null;
  symbols: string[] | null;
  symbolFilter: string | null;
}

type Parsed = { ok: true; opts: Options } | { ok: false; err: string; rc: number };

/** -g's argument: style, threshold, print limit, order, key, value (perf's report syntax). */
function parseCallGraph(arg: string, o: Options): boolean {
  let numbers = 0;
  for (const tok of arg.split(",")) {
    if (tok === "graph" || tok === "fractal" || tok === "flat" || tok === "folded" || tok === "none")
      o.mode = tok;
    else if (tok === "caller" || tok === "callee") o.order = tok;
    else if (tok === "function" || tok === "address" || tok === "percent") continue;
    else if (/^\d+(\.\d*)?$|^\.\d+$/.test(tok) && numbers < 2) {
      if (numbers++ === 0) o.minPercent = Number(tok);
      else o.printLimit = Number(tok);
    } else return false;
  }
  return true;
}

function parseSortKeys(value: string): SortKey[] | string {
  const keys: SortKey[] = [];
  for (const tok of value.split(/[, ]+/)) {
    if (!tok) continue;
    const dim = DIMENSIONS.find(([name]) => name.startsWith(tok.toLowerCase()));
    if (!dim) return `  Error: Unknown --sort key: \`${tok}'\n`;
    if (!dim[1]) return `perf report: this simulation has no --sort ${dim[0]}\n`;
    if (!keys.includes(dim[1])) keys.push(dim[1]);
  }
  return keys.length ? keys : "  Error: Unknown --sort key: `'\n";
}

function parseArgs(args: readonly string[]): Parsed {
  const o: Options = {
    input: "perf.data",
    keys: ["comm", "dso", "sym"],
    sortOrder: null,
    children: null,
    mode: "graph",
    graphExplicit: false,
    minPercent: 0.5,
    printLimit: 0,
    order: null,
    showSamples: false,
    percentLimit: 0,
    header: "none",
    comms: null,
    dsos: null,
    symbols: null,
    symbolFilter: null,
  };
  const positional: string[] = [];
  const bad = (err: string, only?: string): Parsed => ({ ok: false, err: err + usage(only), rc: 129 });
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "--") {
      positional.push(...args.slice(i + 1));
      break;
    }
    if (!a.startsWith("-") || a === "-") {
      positional.push(a);
      continue;
    }
    // Long options: --name or --name=value.
    if (a.startsWith("--")) {
      const eq = a.indexOf("=");
      const name = eq < 0 ? a.slice(2) : a.slice(2, eq);
      const inline = eq < 0 ? null : a.slice(eq + 1);
      const value = (): string | null => (inline !== null ? inline : i + 1 < args.length ? args[++i] : null);
      const flag = (): Parsed | null =>
        inline !== null ? bad(`  Error: option \`${name}' takes no value\n`) : null;
      switch (name) {
        case "input":
        case "sort":
        case "dsos":
        case "comms":
        case "symbols":
        case "percent-limit": {
          const v = value();
          if (v === null) return bad(`  Error: option \`${name}' requires a value\n`);
          if (name === "input") o.input = v;
          else if (name === "sort") {
            const keys = parseSortKeys(v);
            if (typeof keys === "string") return { ok: false, err: keys + usage("s"), rc: 129 };
            o.keys = keys;
            o.sortOrder = v;
          } else if (name === "percent-limit") o.percentLimit = Number.parseFloat(v) || 0;
          else o[name] = v.split(",");
          continue;
        }
        case "call-graph": {
          // Without an argument -g means perf's default, graph,0.5,caller. (perf would take a
          // following option as the argument; here it stays an option.)
          const v =
            inline ?? (i + 1 < args.length && !args[i + 1].startsWith("-") ? args[++i] : DEFAULT_GRAPH);
          if (!parseCallGraph(v, o)) return bad("", "g");
          o.graphExplicit = o.mode !== "none";
          continue;
        }
        case "stdio":
        case "tui":
        case "gtk":
        case "children":
        case "no-children":
        case "inverted":
        case "show-nr-samples":
        case "header":
        case "header-only":
        case "force": {
          const err = flag();
          if (err) return err;
          if (name === "children") o.children = true;
          else if (name === "no-children") o.children = false;
          else if (name === "inverted") o.order = "caller";
          else if (name === "show-nr-samples") o.showSamples = true;
          else if (name === "header") o.header = o.header === "only" ? "only" : "with";
          else if (name === "header-only") o.header = "only";
          continue;
        }
        default:
          return bad(`  Error: unknown option \`${name}'\n`);
      }
    }
    // Short options, possibly bundled (-nG) or with an attached value (-ifile, -gcaller).
    for (let k = 1; k < a.length; k++) {
      const c = a[k];
      const rest = a.slice(k + 1);
      if (c === "n") o.showSamples = true;
      else if (c === "G") o.order = "caller";
      else if (c === "f") continue;
      else if (c === "g") {
        const v = rest || (i + 1 < args.length && !args[i + 1].startsWith("-") ? args[++i] : DEFAULT_GRAPH);
        if (!parseCallGraph(v, o)) return bad("", "g");
        o.graphExplicit = o.mode !== "none";
        break;
      } else if (c === "i" || c === "s" || c === "d" || c === "c" || c === "S") {
        const v = rest || (i + 1 < args.length ? args[++i] : null);
        if (v === null) return bad(`  Error: switch \`${c}' requires a value\n`);
        if (c === "i") o.input = v;
        else if (c === "s") {
          const keys = parseSortKeys(v);
          if (typeof keys === "string") return { ok: false, err: keys + usage("s"), rc: 129 };
          o.keys = keys;
          o.sortOrder = v;
        } else if (c === "d") o.dsos = v.split(",");
        else if (c === "c") o.comms = v.split(",");
        else o.symbols = v.split(",");
        break;
      } else return bad(`  Error: unknown switch \`${c}'\n`);
    }
  }
  // A word left over is a symbol filter (substring of the symbol name); two are an error.
  if (positional.length > 1) return { ok: false, err: usage(), rc: 129 };
  o.symbolFilter = positional[0] ?? null;
  return { ok: true, opts: o };
}

/** One frame of a callchain (or the sampled ip), as perf resolves it. */
interface Frame {
  /** Identity for merging: the symbol, or the address when unresolved. */
  readonly key: string;
  readonly dso: string;
  /** Name in call graphs: the symbol, or `0x41a3f2` when unresolved. */
  readonly name: string;
  /** Symbol column: `[k] sym`, `[.] 0x000000000041a3f2`. */
  readonly cell: string;
  /** The bare symbol name (filters), empty when unresolved. */
  readonly sym: string;
}

function makeFrame(addrHex: string, rawSym: string, dso: string): Frame {
  const level = dso.startsWith("[") && dso !== "[vdso]" ? "[k]" : "[.]";
  const sym = rawSym.replace(/\+0x[0-9a-f]+$/, "");
  if (sym === "[unknown]" || sym === "") {
    const addr = addrHex.replace(/^0x/, "").replace(/^0+(?=.)/, "");
    return {
      key: `${dso}@${addr}`,
      dso,
      name: `0x${addr}`,
      cell: `${level} 0x${addr.padStart(16, "0")}`,
      sym: "",
    };
  }
  return { key: `${dso}:${sym}`, dso, name: sym, cell: `${level} ${sym}`, sym };
}

/** The sampled ip's frame (the Self entry). */
function sampleFrame(s: PerfSample): Frame {
  if (s.symbol) return makeFrame(s.ip, s.symbol[0], s.symbol[1]);
  const c = s.callchain?.[0];
  if (c) return makeFrame(c[0], c[1], c[2]);
  return makeFrame(s.ip, "[unknown]", "[kernel.kallsyms]");
}

/** Innermost first, as recorded. */
function chainOf(s: PerfSample): Frame[] {
  return s.callchain ? s.callchain.map(([addr, sym, dso]) => makeFrame(addr, sym, dso)) : [sampleFrame(s)];
}

/** A node of an entry's callchain trie: one frame, what passes through it and what ends in it. */
interface TrieNode {
  readonly frame: Frame | null;
  readonly children: Map<string, TrieNode>;
  /** Period of the chains ending here. */
  hit: number;
  /** Period of the chains through here (this node and below). */
  cumul: number;
}

const newNode = (frame: Frame | null): TrieNode => ({ frame, children: new Map(), hit: 0, cumul: 0 });

function insertChain(root: TrieNode, chain: readonly Frame[], period: number): void {
  let n = root;
  n.cumul += period;
  for (const f of chain) {
    let c = n.children.get(f.key);
    if (!c) {
      c = newNode(f);
      n.children.set(f.key, c);
    }
    c.cumul += period;
    n = c;
  }
  n.hit += period;
}

/**
 * perf's callchain_node: a run of frames up to a branch or to the end of some chain (perf
 * splits its radix tree exactly there), with the node's own hits and its children.
 */
interface ChainNode {
  readonly frames: readonly Frame[];
  readonly hit: number;
  readonly cumul: number;
  readonly children: readonly ChainNode[];
  readonly parent: ChainNode | null;
}

function compress(t: TrieNode, parent: ChainNode | null): ChainNode {
  const frames: Frame[] = [];
  let n = t;
  if (n.frame) frames.push(n.frame);
  while (n.frame && n.hit === 0 && n.children.size === 1) {
    n = [...n.children.values()][0];
    if (n.frame) frames.push(n.frame);
  }
  const node: {
    frames: Frame[];
    hit: number;
    cumul: number;
    children: ChainNode[];
    parent: ChainNode | null;
  } = {
    frames,
    hit: n.hit,
    cumul: t.cumul,
    children: [],
    parent,
  };
  for (const c of n.children.values()) node.children.push(compress(c, node));
  return node;
}

/** Children kept and ordered for printing: cumulated period descending, under a threshold dropped. */
function sortedChildren(n: ChainNode, minHit: number): ChainNode[] {
  return n.children
    .filter((c) => c.cumul >= minHit)
    .sort((a, b) => b.cumul - a.cumul || cmpStr(a.frames[0]?.name ?? "", b.frames[0]?.name ?? ""));
}

function cmpStr(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const pct = (v: number, total: number) => `${total ? ((v * 100) / total).toFixed(2) : "0.00"}%`;

interface GraphParams {
  readonly mode: GraphMode;
  readonly minPercent: number;
  readonly printLimit: number;
  /** The sort order starts with `sym`: the single root's first frame repeats the entry. */
  readonly skipFirst: boolean;
}

/** perf's graph printer (absolute `graph` or relative `fractal` percentages). */
function printGraph(root: ChainNode, total: number, parentSamples: number, p: GraphParams): string {
  const margin = (m: number) => " ".repeat(12 + m);
  const childHit = (n: ChainNode) => n.cumul - n.hit;
  const keep = (n: ChainNode) =>
    sortedChildren(
      n,
      p.mode === "fractal"
        ? Math.ceil(childHit(n) * (p.minPercent / 100))
        : Math.floor(total * (p.minPercent / 100)),
    );
  let out = "";
  let leftMargin = 0;
  let top = keep(root);
  let levelTotal = total;
  if (top.length === 1 && top[0].cumul === parentSamples) {
    // One root path holding all of the entry: print it plainly, without a percentage.
    const only = top[0];
    let printed = 0;
    only.frames.forEach((f, i) => {
      if (i === 0 && p.skipFirst) return;
      if (p.printLimit && printed >= p.printLimit) return;
      out +=
        printed === 0
          ? `${margin(leftMargin)}|\n${margin(leftMargin)}---${f.name}\n`
          : `${margin(leftMargin + 3)}${f.name}\n`;
      printed++;
    });
    if (printed) leftMargin += 3;
    top = keep(only);
  }
  if (p.mode === "fractal") levelTotal = parentSamples;
  const level = (children: ChainNode[], lvTotal: number, depth: number, mask: number): string => {
    let s = "";
    let remaining = lvTotal;
    let newMask = mask;
    let printedEntries = 0;
    for (let k = 0; k < children.length; k++) {
      const child = children[k];
      remaining -= child.cumul;
      const last = k === children.length - 1;
      if (last && (p.mode !== "fractal" || !remaining)) newMask &= ~(1 << (depth - 1));
      s += margin(leftMargin);
      for (let d = 0; d < depth; d++) s += mask & (1 << d) ? "|          " : "           ";
      s += "\n";
      child.frames.forEach((f, idx) => {
        s += margin(leftMargin);
        for (let d = 0; d < depth; d++) {
          s += newMask & (1 << d) ? "|" : " ";
          s += idx === 0 && d === depth - 1 ? `--${pct(child.cumul, lvTotal)}--` : "          ";
        }
        s += `${f.name}\n`;
      });
      const next = p.mode === "fractal" ? childHit(child) : lvTotal;
      s += level(keep(child), next, depth + 1, newMask | (1 << depth));
      if (p.printLimit && ++printedEntries === p.printLimit) break;
    }
    if (p.mode === "fractal" && remaining && remaining !== lvTotal) {
      newMask &= ~(1 << (depth - 1));
      s += margin(leftMargin);
      for (let d = 0; d < depth; d++) {
        s += newMask & (1 << d) ? "|" : " ";
        s += d === depth - 1 ? `--${pct(remaining, lvTotal)}--` : "          ";
      }
      s += "[...]\n";
    }
    return s;
  };
  out += level(top, levelTotal, 1, 1);
  return out ? `${out}\n` : "";
}

/** flat and folded: every node where chains end (at least the threshold), by its own hits. */
function printFlatOrFolded(root: ChainNode, total: number, p: GraphParams): string {
  const minHit = Math.floor(total * (p.minPercent / 100));
  const ends: ChainNode[] = [];
  const walk = (n: ChainNode) => {
    for (const c of n.children) walk(c);
    if (n.hit && n.hit >= minHit && n.frames.length) ends.push(n);
  };
  walk(root);
  ends.sort((a, b) => b.hit - a.hit);
  const path = (n: ChainNode | null): Frame[] => (n ? [...path(n.parent), ...n.frames] : []);
  let out = "";
  ends.forEach((n, i) => {
    if (p.printLimit && i >= p.printLimit) return;
    const frames = path(n);
    if (p.mode === "folded") out += `${pct(n.hit, total)} ${frames.map((f) => f.name).join(";")}\n`;
    else
      out += `           ${pct(n.cumul, total)}\n${frames.map((f) => `                ${f.name}\n`).join("")}\n`;
  });
  return out;
}

/** A histogram entry: the sort keys' cells and what the samples gave it. */
interface Entry {
  readonly cells: readonly string[];
  readonly frame: Frame;
  readonly comm: string;
  readonly pid: number;
  self: number;
  acc: number;
  samples: number;
  maxDepth: number;
  readonly trie: TrieNode;
}

function cell(key: SortKey, s: PerfSample, f: Frame): string {
  switch (key) {
    case "comm":
      return s.comm;
    case "pid":
      return `${String(s.tid).padStart(7)}:${s.comm}`;
    case "dso":
      return f.dso;
    case "sym":
      return f.cell;
    case "cpu":
      return String(s.cpu);
  }
}

/** perf's convert_unit: 1234 → 1K (the unit is a space below a thousand). */
function scaled(n: number): string {
  let v = n;
  let unit = " ";
  for (const u of ["K", "M", "G"]) {
    if (v > 1000) {
      v = Math.floor(v / 1000);
      unit = u;
    }
  }
  return `${v}${unit}`;
}

async function eventReport(
  io: ToolIO,
  event: string,
  samples: readonly PerfSample[],
  header: PerfHeader,
  o: Options,
  withChildren: boolean,
  useCallchain: boolean,
  order: Order,
): Promise<string> {
  const period = samplePeriod(event, header.freq);
  const total = samples.length * period;
  const entries = new Map<string, Entry>();
  const entryFor = (s: PerfSample, f: Frame): Entry => {
    const cells = o.keys.map((k) => cell(k, s, f));
    const key = cells.join("\0");
    let e = entries.get(key);
    if (!e) {
      e = {
        cells,
        frame: f,
        comm: s.comm,
        pid: s.pid,
        self: 0,
        acc: 0,
        samples: 0,
        maxDepth: 0,
        trie: newNode(null),
      };
      entries.set(key, e);
    }
    return e;
  };
  const append = (e: Entry, cursor: readonly Frame[]) => {
    if (!useCallchain) return;
    insertChain(e.trie, cursor, period);
    e.maxDepth = Math.max(e.maxDepth, cursor.length);
  };
  let n = 0;
  for (const s of samples) {
    const chain = chainOf(s);
    const cursor = order === "caller" ? [...chain].reverse() : chain;
    const self = entryFor(s, sampleFrame(s));
    self.self += period;
    self.samples++;
    append(self, cursor);
    if (withChildren) {
      // The sampled entry counts once; so does every other entry the chain passes through,
      // with the part of the chain from there on.
      self.acc += period;
      const done = new Set<Entry>([self]);
      cursor.forEach((f, j) => {
        const e = entryFor(s, f);
        if (done.has(e)) return;
        done.add(e);
        e.acc += period;
        append(e, cursor.slice(j));
      });
    }
    if (++n % 2048 === 0) await io.signal.checkpoint();
  }

  const matches = (list: string[] | null, v: string) => !list || list.includes(v);
  let rows = [...entries.values()].filter(
    (e) =>
      matches(o.comms, e.comm) &&
      matches(o.dsos, e.frame.dso) &&
      matches(o.symbols, e.frame.sym) &&
      (o.symbolFilter === null || (e.frame.sym !== "" && e.frame.sym.includes(o.symbolFilter))),
  );
  rows.sort((a, b) => {
    if (withChildren) {
      if (a.acc !== b.acc) return b.acc - a.acc;
      // perf puts a caller above its callee when both have the same total: the longer chain first.
      if (a.pid === b.pid && useCallchain && a.maxDepth !== b.maxDepth)
        return order === "caller" ? b.maxDepth - a.maxDepth : a.maxDepth - b.maxDepth;
    }
    if (a.self !== b.self) return b.self - a.self;
    for (let i = 0; i < o.keys.length; i++) {
      const c = cmpStr(a.cells[i], b.cells[i]);
      if (c) return o.keys[i] === "dso" ? -c : c;
    }
    return 0;
  });
  if (o.percentLimit > 0)
    rows = rows.filter((e) => ((withChildren ? e.acc : e.self) * 100) / total >= o.percentLimit);

  const widths = o.keys.map((k, i) => Math.max(HEADERS[k].length, ...rows.map((r) => r.cells[i].length)));
  const lead: [string, number][] = withChildren
    ? [
        ["Children", 8],
        ["Self", 8],
      ]
    : [["Overhead", 8]];
  if (o.showSamples) lead.push(["Samples", 12]);
  let out = `# Samples: ${scaled(samples.length)} of event '${event}'\n# Event count (approx.): ${total}\n#\n`;
  const heads = [
    ...lead.map(([h, w]) => h.padStart(w)),
    ...o.keys.map((k, i) => (k === "cpu" ? HEADERS[k].padStart(widths[i]) : HEADERS[k].padEnd(widths[i]))),
  ];
  out += `# ${heads.join("  ")}\n`;
  out += `# ${[...lead.map(([, w]) => w), ...widths].map((w) => ".".repeat(w)).join("  ")}\n#\n`;
  const params: GraphParams = {
    mode: o.mode,
    minPercent: o.minPercent,
    printLimit: o.printLimit,
    skipFirst: o.sortOrder?.startsWith("sym") ?? false,
  };
  for (const r of rows) {
    const nums = withChildren ? [pct(r.acc, total), pct(r.self, total)] : [pct(r.self, total)];
    const cols = nums.map((v) => v.padStart(8));
    if (o.showSamples) cols.push(String(r.samples).padStart(12));
    for (const [i, k] of o.keys.entries())
      cols.push(k === "cpu" ? r.cells[i].padStart(widths[i]) : r.cells[i].padEnd(widths[i]));
    out += `${cols.map((c) => `  ${c}`).join("")}`.trimEnd() + "\n";
    if (useCallchain && o.mode !== "none") {
      const tree = compress(r.trie, null);
      const parentSamples = withChildren ? r.acc : r.self;
      out +=
        o.mode === "flat" || o.mode === "folded"
          ? printFlatOrFolded(tree, total, params)
          : printGraph(tree, total, parentSamples, params);
    }
    await io.signal.checkpoint();
  }
  return `${out}\n\n`;
}

export function headerInfo(h: PerfHeader): string {
  let out = "# ========\n";
  out += `# cmdline : /usr/bin/${h.cmdline}\n`;
  for (const e of h.events) out += `# event : name = ${e}${h.freq ? `, sample_freq = ${h.freq}` : ""}\n`;
  return `${out}# ========\n#\n`;
}

export async function perfReport(io: ToolIO, args: readonly string[]): Promise<number> {
  const parsed = parseArgs(args);
  if (!parsed.ok) {
    io.stderr(parsed.err);
    return parsed.rc;
  }
  const o = parsed.opts;
  if (args.includes("--gtk")) io.stderr("GTK browser requested but could not find libperf-gtk.so\n");
  const path = io.fs.resolve(o.input);
  if (!(await io.fs.exists(path))) {
    const hint = o.input === "perf.data" ? "  (try 'perf record' first)" : "";
    io.stderr(`failed to open ${o.input}: No such file or directory${hint}\n`);
    return 255;
  }
  // A directory opens but its header cannot be read: perf calls that an incompatible format.
  const text = (await io.fs.isDirectory(path)) ? "-" : await io.fs.readFile(path);
  if (!text.length) {
    io.stderr(`zero-sized data (${o.input}), nothing to do!\n`);
    return 255;
  }
  const data = decodePerfData(text);
  if (!data) {
    io.stderr("incompatible file format (rerun with -v to learn more)\n");
    return 255;
  }
  const callchains = data.header.callchains && data.samples.some((s) => s.callchain);
  if (o.graphExplicit && !callchains) {
    io.stderr("Error:\nSelected -g but no callchain data. Did you call 'perf record' without -g?\n");
    return 255;
  }
  if (o.header !== "none") {
    io.stdout(headerInfo(data.header));
    if (o.header === "only") return 0;
  } else io.stdout("# To display the perf.data header info, please use --header/--header-only options.\n#\n");
  if (!data.samples.length) {
    io.stderr(`Error:\nThe ${o.input} file has no samples!\n`);
    return 0;
  }
  // Children need callchains (silently off without them); graphs need them and a style.
  const withChildren = (o.children ?? true) && callchains;
  const useCallchain = callchains && o.mode !== "none";
  const order: Order = o.order ?? (withChildren ? "caller" : "callee");
  const byEvent = new Map<string, PerfSample[]>();
  for (const e of data.header.events) byEvent.set(e, []);
  for (const s of data.samples) {
    const l = byEvent.get(s.event) ?? [];
    l.push(s);
    byEvent.set(s.event, l);
  }
  let out = "#\n# Total Lost Samples: 0\n#\n";
  for (const [event, samples] of byEvent) {
    out += await eventReport(io, event, samples, data.header, o, withChildren, useCallchain, order);
  }
  if (o.sortOrder === null)
    out += "#\n# (For a higher level overview, try: perf report --sort comm,dso)\n#\n";
  io.stdout(out);
  return 0;
}
