/**
 * clubak (ClusterShell): reads `node: line` input and prints each node's output under a
 * dshbak-style header; -b (or -c) gathers the nodes whose output is identical. The talk
 * pipes `foreach bt` through awk into `clubak -c` to group tasks with the same stack.
 *
 * Formats follow ClusterShell's CLI: the header is 15 dashes, the node set, 15 dashes; a
 * gathered node set is folded (node[1-3]) and followed by ` (N)` when it has more than one
 * node; groups come largest first, then by first node. Keys that are not valid node sets
 * are kept as raw strings.
 */
import { defineCommand } from "just-bash";
import { utf8Text } from "../bytes";

const SEP = "-".repeat(15);

const USAGE = `Usage: clubak [options]

Options:
  --version             show program's version number and exit
  -h, --help            show this help message and exit

  Output behaviour:
    -q, --quiet         be quiet, print essential output only
    -v, --verbose       be verbose, print informative messages
    -d, --debug         output more messages for debugging purpose
    -L                  disable header block and order output by nodes
    -N                  disable labeling of command line
    -b, -c, --dshbak    gather nodes with same output
    -B                  like -b but including standard error
    -S SEPARATOR, --separator=SEPARATOR
                        node / line content separator string (default: ':')
    -F, --fast          faster but memory hungry mode
    --interpret-keys=INTERPRET_KEYS
                        whether to interpret keys (never, always or auto)
    --color=WHENCOLOR   whether to use ANSI colors (never, always or auto)
`;

interface ParsedNode {
  /** Text with `%s` where each numeric index goes. */
  readonly pattern: string;
  /** The indexes as written (padding kept). */
  readonly indexes: readonly string[];
}

class NodeSetParseError extends Error {}

/** One node name into its pattern and indexes, as ClusterShell scans `(\D*)(\d*)`. */
function scanNode(name: string): ParsedNode {
  const re = /(\D*)(\d*)/g;
  let pattern = "";
  const indexes: string[] = [];
  for (let m = re.exec(name); m !== null && m[0] !== ""; m = re.exec(name)) {
    pattern += m[1].replace(/%/g, "%%");
    if (m[2]) {
      pattern += "%s";
      indexes.push(m[2]);
    }
  }
  return { pattern, indexes };
}

/** Expand a node set string (a,b, node[1-3,5], rack[1-2]n[01-02]) into node names. */
export function expandNodeSet(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let cur = "";
  for (const c of text) {
    if (c === "[") depth++;
    else if (c === "]") {
      depth--;
      if (depth < 0) throw new NodeSetParseError(`illegal closing bracket`);
    }
    if (c === "," && depth === 0) {
      parts.push(cur);
      cur = "";
    } else cur += c;
  }
  if (depth !== 0) throw new NodeSetParseError("missing bracket");
  parts.push(cur);
  const nodes: string[] = [];
  for (const raw of parts) {
    const part = raw.trim();
    if (part === "") continue;
    if (/[!&^@]/.test(part)) throw new NodeSetParseError("unsupported operator");
    nodes.push(...expandBrackets(part));
  }
  if (nodes.length === 0) throw new NodeSetParseError("empty node set");
  return nodes;
}

function expandBrackets(part: string): string[] {
  const open = part.indexOf("[");
  if (open < 0) return [part];
  const close = part.indexOf("]", open);
  if (close < 0) throw new NodeSetParseError("missing bracket");
  const prefix = part.slice(0, open);
  const rest = expandBrackets(part.slice(close + 1));
  const out: string[] = [];
  for (const range of part.slice(open + 1, close).split(",")) {
    const m = /^(\d+)(?:-(\d+)(?:\/(\d+))?)?$/.exec(range.trim());
    if (!m) throw new NodeSetParseError(`invalid range "${range}"`);
    const start = Number(m[1]);
    const end = m[2] === undefined ? start : Number(m[2]);
    const step = m[3] === undefined ? 1 : Number(m[3]);
    if (end < start || step < 1) throw new NodeSetParseError(`invalid range "${range}"`);
    const width = m[1].length > 1 && m[1].startsWith("0") ? m[1].length : 0;
    for (let i = start; i <= end; i += step) {
      const idx = width ? String(i).padStart(width, "0") : String(i);
      for (const r of rest) out.push(prefix + idx + r);
    }
  }
  return out;
}

function compareVectors(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const d = Number(a[i]) - Number(b[i]) || a[i].length - b[i].length;
    if (d) return d;
  }
  return a.length - b.length;
}

/** Python string ordering (code points). */
function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Nodes in NodeSet order: by pattern, then by index vector. */
export function sortNodes(nodes: readonly string[]): string[] {
  return [...nodes].sort((a, b) => {
    const pa = scanNode(a);
    const pb = scanNode(b);
    return cmp(pa.pattern, pb.pattern) || compareVectors(pa.indexes, pb.indexes);
  });
}

/** Fold one dimension's indexes: 1-3,5 (consecutive values with the same padding). */
function foldRange(indexes: readonly string[]): string {
  const uniq = [...new Set(indexes)].sort((a, b) => Number(a) - Number(b) || a.length - b.length);
  const out: string[] = [];
  let i = 0;
  while (i < uniq.length) {
    let j = i;
    const pad = (s: string) => (s.length > 1 && s.startsWith("0") ? s.length : 0);
    while (
      j + 1 < uniq.length &&
      Number(uniq[j + 1]) === Number(uniq[j]) + 1 &&
      pad(uniq[j + 1]) === pad(uniq[i])
    )
      j++;
    out.push(i === j ? uniq[i] : `${uniq[i]}-${uniq[j]}`);
    i = j + 1;
  }
  return out.join(",");
}

/** ClusterShell's string form of a node set: patterns sorted, indexes folded. */
export function foldNodeSet(nodes: readonly string[]): string {
  const byPattern = new Map<string, string[][]>();
  for (const node of new Set(nodes)) {
    const p = scanNode(node);
    const list = byPattern.get(p.pattern) ?? [];
    list.push([...p.indexes]);
    byPattern.set(p.pattern, list);
  }
  const results: string[] = [];
  for (const pattern of [...byPattern.keys()].sort(cmp)) {
    const vectors = byPattern.get(pattern) ?? [];
    const fill = (args: string[]) => {
      let k = 0;
      return pattern.replace(/%(%|s)/g, (_, c: string) => (c === "%" ? "%" : args[k++]));
    };
    const dims = vectors[0].length;
    if (dims === 0) {
      results.push(fill([]));
      continue;
    }
    // Merge vectors that differ in a single dimension until nothing merges (nD folding).
    let groups: string[][][] = vectors.sort(compareVectors).map((v) => v.map((x) => [x]));
    let merged = true;
    while (merged) {
      merged = false;
      outer: for (let a = 0; a < groups.length; a++) {
        for (let b = a + 1; b < groups.length; b++) {
          const diff = groups[a].map((set, d) => setKey(set) !== setKey(groups[b][d]));
          if (diff.filter(Boolean).length === 1) {
            const d = diff.indexOf(true);
            groups[a][d] = [...groups[a][d], ...groups[b][d]];
            groups = groups.filter((_, k) => k !== b);
            merged = true;
            break outer;
          }
        }
      }
    }
    for (const g of groups) {
      results.push(fill(g.map((set) => (new Set(set).size > 1 ? `[${foldRange(set)}]` : set[0]))));
    }
  }
  return results.join(",");
}

function setKey(set: readonly string[]): string {
  return [...new Set(set)].sort().join(",");
}

export const clubakCommand = defineCommand("clubak", async (args, ctx) => {
  let gather = false;
  let lineMode = false;
  let label = true;
  let separator = ":";
  let interpret: "never" | "always" | "auto" = "auto";
  let verbose = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const value = (name: string): string | null => {
      const eq = a.indexOf("=");
      if (eq >= 0) return a.slice(eq + 1);
      if (i + 1 < args.length) return args[++i];
      throw new Error(`${name} option requires an argument`);
    };
    try {
      if (a === "-h" || a === "--help") return { stdout: USAGE, stderr: "", exitCode: 0 };
      if (a === "--version") return { stdout: "clubak 1.8.3\n", stderr: "", exitCode: 0 };
      if (a === "--dshbak") gather = true;
      else if (a.startsWith("--separator")) separator = value("--separator") ?? ":";
      else if (a.startsWith("--interpret-keys")) {
        const v = value("--interpret-keys");
        if (v !== "never" && v !== "always" && v !== "auto") {
          return usageError(
            `option --interpret-keys: invalid choice: '${v}' (choose from 'never', 'always', 'auto')`,
          );
        }
        interpret = v;
      } else if (a.startsWith("--color")) {
        const v = value("--color");
        if (v !== "never" && v !== "always" && v !== "auto") {
          return usageError(`option --color: invalid choice: '${v}' (choose from 'never', 'always', 'auto')`);
        }
      } else if (
        a === "--quiet" ||
        a === "--verbose" ||
        a === "--debug" ||
        a === "--fast" ||
        a === "--tree" ||
        a === "--diff"
      ) {
        if (a === "--verbose" || a === "--debug") verbose = true;
      } else if (a.startsWith("--")) return usageError(`no such option: ${a.split("=")[0]}`);
      else if (a.startsWith("-") && a.length > 1) {
        for (let k = 1; k < a.length; k++) {
          const c = a[k];
          if (c === "b" || c === "c" || c === "B") gather = true;
          else if (c === "L") lineMode = true;
          else if (c === "N") label = false;
          else if (c === "q" || c === "F" || c === "T" || c === "G" || c === "r") {
            // accepted; no effect on this display
          } else if (c === "v" || c === "d") verbose = true;
          else if (c === "S") {
            const rest = a.slice(k + 1);
            if (rest) separator = rest;
            else if (i + 1 < args.length) separator = args[++i];
            else return usageError("-S option requires an argument");
            break;
          } else if (c === "h") return { stdout: USAGE, stderr: "", exitCode: 0 };
          else return usageError(`no such option: -${c}`);
        }
      } else return usageError(`no such option: ${a}`);
    } catch (e) {
      return usageError((e as Error).message);
    }
  }

  const input = utf8Text(ctx.stdin);
  const lines = input.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  let useNodeSets = interpret !== "never";
  const messages = new Map<string, string[]>();
  let verboseOut = "";
  for (const rawLine of lines) {
    const line = rawLine.replace(/\r$/, "");
    if (verbose) verboseOut += `INPUT ${line}\n`;
    const at = line.indexOf(separator);
    if (at < 0)
      return {
        stdout: verboseOut,
        stderr: `/usr/bin/clubak: need more than 1 value to unpack: "${line}"\n`,
        exitCode: 1,
      };
    const key = line.slice(0, at).trim();
    const content = line.slice(at + separator.length);
    if (!key)
      return { stdout: verboseOut, stderr: `/usr/bin/clubak: no node found: "${line}"\n`, exitCode: 1 };
    let nodes = [key];
    if (useNodeSets) {
      try {
        nodes = expandNodeSet(key);
      } catch (e) {
        if (interpret === "always") {
          return {
            stdout: verboseOut,
            stderr: `/usr/bin/clubak: ${(e as Error).message}: "${line}"\n`,
            exitCode: 1,
          };
        }
        useNodeSets = false;
      }
    }
    for (const node of nodes) {
      const list = messages.get(node) ?? [];
      list.push(content);
      messages.set(node, list);
    }
  }

  const header = (nodes: readonly string[]): string => {
    if (!label) return "";
    const text = useNodeSets ? foldNodeSet(nodes) : nodes.join(",");
    const count = nodes.length > 1 ? ` (${nodes.length})` : "";
    return `${SEP}\n${text}${count}\n${SEP}\n`;
  };
  const order = (nodes: readonly string[]) => (useNodeSets ? sortNodes(nodes) : [...nodes]);
  let out = verboseOut;
  if (gather) {
    const byContent = new Map<string, string[]>();
    for (const [node, msg] of messages) {
      const k = msg.join("\n");
      const list = byContent.get(k) ?? [];
      list.push(node);
      byContent.set(k, list);
    }
    const groups = [...byContent.entries()].map(([content, nodes]) => ({ content, nodes: order(nodes) }));
    groups.sort((a, b) => b.nodes.length - a.nodes.length || cmp(a.nodes[0], b.nodes[0]));
    for (const g of groups) {
      if (lineMode) {
        const name = useNodeSets ? foldNodeSet(g.nodes) : g.nodes.join(",");
        for (const l of g.content.split("\n")) out += label ? `${name}: ${l}\n` : `${l}\n`;
      } else out += `${header(g.nodes)}${g.content}\n`;
    }
  } else {
    for (const node of order([...messages.keys()])) {
      const msg = messages.get(node) ?? [];
      if (lineMode) for (const l of msg) out += label ? `${node}: ${l}\n` : `${l}\n`;
      else out += `${header([node])}${msg.join("\n")}\n`;
    }
  }
  return { stdout: out, stderr: "", exitCode: 0 };
});

function usageError(message: string) {
  return { stdout: "", stderr: `Usage: clubak [options]\n\nclubak: error: ${message}\n`, exitCode: 2 };
}
