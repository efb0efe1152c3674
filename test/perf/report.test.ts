/**
 * perf report --stdio against numbers computed here from the decoded perf.data samples: the
 * header (sample count, event count from the guest's clock), every row's Children and Self
 * percentages, the order of the rows, and every call-graph branch: its path and percentage are
 * recounted from the samples' call chains (prefix counts), and the branches shown at each fork
 * are exactly those over the 0.5% threshold. Then the variations (--no-children, -g none,
 * --sort, -n, -i) and perf's errors.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { decodePerfData, type PerfSample } from "../../emulator/tools/perf/data";
import { liveShell, type Out } from "./helpers";

type Shell = ReturnType<typeof liveShell>;

/** A frame as perf report names it: graph name, symbol column, dso. */
interface F {
  readonly name: string;
  readonly cell: string;
  readonly dso: string;
}

function frameOf(addr: string, sym: string, dso: string): F {
  const bare = sym.replace(/\+0x[0-9a-f]+$/, "");
  const level = dso.startsWith("/") ? "[.]" : "[k]";
  if (bare === "[unknown]") return { name: `0x${addr}`, cell: `${level} 0x${addr.padStart(16, "0")}`, dso };
  return { name: bare, cell: `${level} ${bare}`, dso };
}

interface Sample {
  readonly comm: string;
  /** Innermost first. */
  readonly chain: readonly F[];
}

function samplesOf(raw: readonly PerfSample[]): Sample[] {
  return raw.map((s) => ({
    comm: s.comm,
    chain: (s.callchain ?? []).map(([a, sym, dso]) => frameOf(a, sym, dso)),
  }));
}

interface Row {
  readonly children: string | null;
  readonly self: string;
  readonly comm: string;
  readonly dso: string;
  readonly cell: string;
  /** The call-graph lines printed under the row. */
  readonly graph: string[];
}

/** Rows of a comm,dso,sym report, with the lines that follow each (its graph). */
function parseRows(out: string, withChildren: boolean): Row[] {
  const rowRe = withChildren
    ? /^ +(\d+\.\d\d)% +(\d+\.\d\d)% {2}(\S+) +(\S+) +(\[[k.]\] \S+)$/
    : /^ +()(\d+\.\d\d)% {2}(\S+) +(\S+) +(\[[k.]\] \S+)$/;
  const rows: Row[] = [];
  for (const line of out.split("\n")) {
    const m = rowRe.exec(line);
    if (m)
      rows.push({
        children: withChildren ? m[1] : null,
        self: m[2],
        comm: m[3],
        dso: m[4],
        cell: m[5],
        graph: [],
      });
    else if (rows.length && !line.startsWith("#")) rows[rows.length - 1].graph.push(line);
  }
  return rows;
}

const pct = (n: number, total: number) => ((n * 100) / total).toFixed(2);
const keyOf = (comm: string, f: F) => `${comm}\0${f.dso}\0${f.cell}`;

/** The chains perf appends to an entry's call graph, per sample (caller order with children). */
function appendedChains(
  samples: readonly Sample[],
  comm: string,
  cell: string,
  dso: string,
  children: boolean,
) {
  const out: string[][] = [];
  for (const s of samples) {
    if (s.comm !== comm) continue;
    const leaf = s.chain[0];
    const isLeaf = leaf.cell === cell && leaf.dso === dso;
    if (!children) {
      if (isLeaf) out.push(s.chain.map((f) => f.name));
      continue;
    }
    const cursor = [...s.chain].reverse();
    if (isLeaf) out.push(cursor.map((f) => f.name));
    else {
      const at = cursor.findIndex((f) => f.cell === cell && f.dso === dso);
      if (at >= 0) out.push(cursor.slice(at).map((f) => f.name));
    }
  }
  return out;
}

interface GraphNode {
  readonly path: string[];
  readonly col: number;
  readonly children: string[];
  /** The branches' shares, in printed order. */
  readonly shares: number[];
}

/**
 * Checks one entry's graph against the samples: each branch `--P%--name` is the share of the
 * entry's chains that start with the path down to it, each fork shows exactly the next frames
 * over the threshold, and continuation lines are single-child, chain-free runs.
 */
function checkGraph(
  graph: readonly string[],
  chains: readonly string[][],
  total: number,
  minShare: number,
): number {
  const count = (path: readonly string[]) =>
    chains.filter((c) => c.length >= path.length && path.every((n, i) => c[i] === n)).length;
  const root: GraphNode = { path: [], col: -1, children: [], shares: [] };
  const stack: GraphNode[] = [root];
  const nodes: GraphNode[] = [root];
  let branches = 0;
  for (const line of graph) {
    if (/^[ |]*$/.test(line)) continue;
    const branch = /--(\d+\.\d\d)%--(\S+)$/.exec(line);
    const name = branch
      ? branch[2]
      : line
          .trim()
          .replace(/^[-| ]*---/, "")
          .replace(/^.*\s/, "");
    // A node's frames line up 11 columns right of its branch's `|` (or blank), whatever the
    // width of the percentage label; under `---` they line up with the first frame.
    const col = branch ? line.lastIndexOf(`--${branch[1]}%--`) - 1 + 11 : line.lastIndexOf(name);
    if (line.trim().startsWith("---")) {
      // The single root: all of the entry's chains go through it.
      const node: GraphNode = { path: [name], col, children: [], shares: [] };
      expect(count([name])).toBe(chains.length);
      root.children.push(name);
      stack.push(node);
      nodes.push(node);
    } else if (branch) {
      while (stack.length > 1 && stack[stack.length - 1].col >= col) stack.pop();
      const parent = stack[stack.length - 1];
      const node: GraphNode = { path: [...parent.path, name], col, children: [], shares: [] };
      expect(branch[1], node.path.join(" > ")).toBe(pct(count(node.path), total));
      expect(count(node.path)).toBeGreaterThanOrEqual(minShare * total - 1e-6);
      parent.children.push(name);
      parent.shares.push(count(node.path));
      stack.push(node);
      nodes.push(node);
      branches++;
    } else {
      const top = stack[stack.length - 1];
      expect(top.col, line).toBe(col);
      // A continuation: every chain through the run goes on to this frame, none stops before.
      expect(count([...top.path, name]), line).toBe(count(top.path));
      top.path.push(name);
    }
  }
  for (const n of nodes) {
    const next = new Map<string, number>();
    for (const c of chains)
      if (c.length > n.path.length && n.path.every((x, i) => c[i] === x))
        next.set(c[n.path.length], (next.get(c[n.path.length]) ?? 0) + 1);
    const over = [...next].filter(([, k]) => k >= minShare * total - 1e-6).map(([x]) => x);
    expect(new Set(n.children), n.path.join(" > ")).toEqual(new Set(over));
    // Branches of a fork come heaviest first.
    expect(n.shares, n.path.join(" > ")).toEqual([...n.shares].sort((a, b) => b - a));
  }
  return branches;
}

describe("perf report --stdio on a call-graph recording (perf record -F 99 -a -g -- tar)", () => {
  const sh = liveShell();
  let samples: Sample[];
  let total: number;
  let period: number;
  const out = new Map<string, Out>();
  const REPORTS = [
    "perf report --stdio",
    "perf report",
    "perf report --tui",
    "perf report --stdio --no-children",
    "perf report --stdio -g none",
    "perf report --stdio --sort comm,dso",
    "perf report --stdio --sort sym",
    "perf report --stdio --no-children -n -g none",
  ];

  beforeAll(async () => {
    expect((await sh("perf record -F 99 -a -g -- tar cf /tmp/x.tar /usr")).code).toBe(0);
    const data = decodePerfData((await sh("cat perf.data")).stdout);
    expect(data).not.toBeNull();
    samples = samplesOf(data!.samples);
    total = samples.length;
    // The event is cycles at 99 Hz: each sample stands for the core clock's cycles in 1/99 s.
    const mhz = /tsc: Detected ([\d.]+) MHz processor/.exec((await sh("dmesg")).stdout);
    expect(mhz).not.toBeNull();
    period = Math.round((Number(mhz![1]) * 1e6) / 99);
    for (const r of REPORTS) out.set(r, await sh(r));
  }, 60000);

  it("prints perf's header, computed from the samples", () => {
    const o = out.get("perf report --stdio")!;
    expect(o.code).toBe(0);
    expect(o.stderr).toBe("");
    expect(total).toBe(16 * 99 * 5); // 16 CPUs × 99 Hz × tar's 5 s
    const head = o.stdout.split("\n").slice(0, 11);
    expect(head.slice(0, 8)).toEqual([
      "# To display the perf.data header info, please use --header/--header-only options.",
      "#",
      "#",
      "# Total Lost Samples: 0",
      "#",
      `# Samples: ${Math.floor(total / 1000)}K of event 'cycles'`,
      `# Event count (approx.): ${total * period}`,
      "#",
    ]);
    expect(head[10]).toBe("#");
    const [cols, dots] = head.slice(8, 10);
    expect(cols).toMatch(/^# Children {6}Self {2}Command +Shared Object +Symbol +$/);
    // Each dotted run is as wide as its column: the header text or the widest value.
    const widest = (f: (s: Sample) => string[]) => Math.max(...samples.flatMap(f).map((x) => x.length));
    expect(dots.split("  ").map((d) => d.replace("# ", "").length)).toEqual([
      8,
      8,
      widest((s) => [s.comm, "Command"]),
      widest((s) => [...s.chain.map((f) => f.dso), "Shared Object"]),
      widest((s) => s.chain.map((f) => f.cell)),
    ]);
    expect(
      o.stdout.endsWith("\n\n\n#\n# (For a higher level overview, try: perf report --sort comm,dso)\n#\n"),
    ).toBe(true);
  });

  it("every row's Children and Self are the samples' shares; Self adds up to 100%", () => {
    const rows = parseRows(out.get("perf report --stdio")!.stdout, true);
    const self = new Map<string, number>();
    const children = new Map<string, number>();
    for (const s of samples) {
      const k = keyOf(s.comm, s.chain[0]);
      self.set(k, (self.get(k) ?? 0) + 1);
      for (const k2 of new Set(s.chain.map((f) => keyOf(s.comm, f))))
        children.set(k2, (children.get(k2) ?? 0) + 1);
    }
    expect(rows.map((r) => `${r.comm}\0${r.dso}\0${r.cell}`).sort()).toEqual([...children.keys()].sort());
    for (const r of rows) {
      const k = `${r.comm}\0${r.dso}\0${r.cell}`;
      expect(r.self, k).toBe(pct(self.get(k) ?? 0, total));
      expect(r.children, k).toBe(pct(children.get(k)!, total));
    }
    // Sorted by Children; at equal Children a caller comes above its callees (perf compares
    // the longest chain each entry's graph holds: from the entry down to the sampled function).
    const c = rows.map((r) => Number(r.children));
    expect(c).toEqual([...c].sort((a, b) => b - a));
    const depth = (r: Row) =>
      Math.max(...appendedChains(samples, r.comm, r.cell, r.dso, true).map((x) => x.length));
    let ties = 0;
    for (let i = 1; i < rows.length; i++)
      if (rows[i].children === rows[i - 1].children && rows[i].comm === rows[i - 1].comm) {
        expect(depth(rows[i - 1]), rows[i].cell).toBeGreaterThanOrEqual(depth(rows[i]));
        ties++;
      }
    expect(ties).toBeGreaterThan(5);
    const idle = rows.slice(0, 4).map((r) => r.cell);
    expect(idle).toEqual([
      "[k] native_safe_halt",
      "[k] cpu_startup_entry",
      "[k] arch_cpu_idle",
      "[k] default_idle",
    ]);
    const selfSum = rows.reduce((s, r) => s + Number(r.self), 0);
    expect(Math.abs(selfSum - 100)).toBeLessThanOrEqual(rows.length * 0.005);
    // The top Self symbol is the idle loop's halt, with its exact share.
    const top = [...self].sort((a, b) => b[1] - a[1])[0];
    expect(top[0]).toBe("swapper\0[kernel.kallsyms]\0[k] native_safe_halt");
    expect(rows[0]).toMatchObject({
      comm: "swapper",
      cell: "[k] native_safe_halt",
      self: pct(top[1], total),
    });
  });

  it("each entry's caller graph: paths and percentages recounted from the call chains", () => {
    const rows = parseRows(out.get("perf report --stdio")!.stdout, true);
    let branches = 0;
    for (const r of rows) {
      const chains = appendedChains(samples, r.comm, r.cell, r.dso, true);
      branches += checkGraph(r.graph, chains, total, 0.005);
    }
    expect(branches).toBeGreaterThan(20);
    // The idle entry forks at the root: secondary CPUs and the boot CPU.
    const idle = rows[0].graph.filter((l) => l.includes("%--"));
    const viaSecondary = samples.filter(
      (s) => s.comm === "swapper" && s.chain.at(-1)!.name === "start_secondary",
    );
    expect(idle[0]).toBe(`            |--${pct(viaSecondary.length, total)}%--start_secondary`);
    expect(idle[1]).toMatch(/^ {13}--\d+\.\d\d%--x86_64_start_kernel$/);
    // A caller's entry starts with itself: system_call_fastpath, then the system calls.
    const sys = rows.find((r) => r.comm === "tar" && r.cell === "[k] system_call_fastpath")!;
    expect(sys.graph.slice(0, 2)).toEqual(["            |", "            ---system_call_fastpath"]);
    expect(sys.graph.some((l) => /^ {15}\|--\d+\.\d\d%--SyS_read$/.test(l))).toBe(true);
  });

  it("perf report is --stdio here (no terminal): plain, --stdio and --tui print the same", () => {
    const a = out.get("perf report --stdio")!;
    expect(out.get("perf report")).toEqual(a);
    expect(out.get("perf report --tui")).toEqual(a);
  });

  it("--no-children: Overhead is Self, graphs go from the sampled function to its callers", () => {
    const o = out.get("perf report --stdio --no-children")!;
    expect(o.stdout).toMatch(/^# Overhead {2}Command +Shared Object +Symbol +$/m);
    expect(o.stdout).not.toContain("Children");
    const rows = parseRows(o.stdout, false);
    const self = new Map<string, number>();
    for (const s of samples)
      self.set(keyOf(s.comm, s.chain[0]), (self.get(keyOf(s.comm, s.chain[0])) ?? 0) + 1);
    expect(rows).toHaveLength(self.size);
    for (const r of rows) expect(r.self).toBe(pct(self.get(`${r.comm}\0${r.dso}\0${r.cell}`)!, total));
    expect(Math.abs(rows.reduce((s, r) => s + Number(r.self), 0) - 100)).toBeLessThanOrEqual(
      rows.length * 0.005,
    );
    for (const r of rows)
      checkGraph(r.graph, appendedChains(samples, r.comm, r.cell, r.dso, false), total, 0.005);
    expect(rows[0].graph.slice(0, 2)).toEqual(["            |", "            ---native_safe_halt"]);
  });

  it("-g none keeps Children and Self but prints no graph; -n adds the sample counts", () => {
    const o = out.get("perf report --stdio -g none")!;
    const rows = parseRows(o.stdout, true);
    expect(rows.every((r) => r.graph.every((l) => l === ""))).toBe(true);
    const full = parseRows(out.get("perf report --stdio")!.stdout, true);
    expect(new Set(rows.map((r) => `${r.comm} ${r.cell} ${r.children} ${r.self}`))).toEqual(
      new Set(full.map((r) => `${r.comm} ${r.cell} ${r.children} ${r.self}`)),
    );
    const n = out.get("perf report --stdio --no-children -n -g none")!.stdout;
    expect(n).toMatch(/^# Overhead {7}Samples {2}Command/m);
    let counted = 0;
    for (const m of n.matchAll(/^ +(\d+\.\d\d)% +(\d+) {2}\S+/gm)) {
      expect(m[1]).toBe(pct(Number(m[2]), total));
      counted += Number(m[2]);
    }
    expect(counted).toBe(total);
  });

  it("--sort comm,dso: shares per command and shared object", () => {
    const o = out.get("perf report --stdio --sort comm,dso")!;
    expect(o.stdout).toMatch(/^# Children {6}Self {2}Command +Shared Object +$/m);
    expect(o.stdout).not.toContain("For a higher level overview");
    const self = new Map<string, number>();
    const children = new Map<string, number>();
    for (const s of samples) {
      const k = `${s.comm} ${s.chain[0].dso}`;
      self.set(k, (self.get(k) ?? 0) + 1);
      for (const d of new Set(s.chain.map((f) => f.dso)))
        children.set(`${s.comm} ${d}`, (children.get(`${s.comm} ${d}`) ?? 0) + 1);
    }
    const rows = [...o.stdout.matchAll(/^ +(\d+\.\d\d)% +(\d+\.\d\d)% {2}(\S+) +(\S+)$/gm)];
    expect(rows.map((m) => `${m[3]} ${m[4]}`).sort()).toEqual([...children.keys()].sort());
    for (const m of rows) {
      expect(m[1]).toBe(pct(children.get(`${m[3]} ${m[4]}`)!, total));
      expect(m[2]).toBe(pct(self.get(`${m[3]} ${m[4]}`) ?? 0, total));
    }
    expect(rows.map((m) => `${m[3]} ${m[4]}`)).toContain("tar [xfs]");
  });

  it("--sort sym: one Symbol column; a graph does not repeat the entry's own symbol", () => {
    const o = out.get("perf report --stdio --sort sym")!.stdout;
    expect(o).toMatch(/^# Children {6}Self {2}Symbol +$/m);
    const lines = o.split("\n");
    const at = lines.findIndex((l) => /% {2}\[k\] system_call_fastpath$/.test(l));
    expect(at).toBeGreaterThan(0);
    expect(lines[at + 2]).not.toContain("---system_call_fastpath");
    expect(lines.slice(at + 1, at + 4).join("\n")).toMatch(/--\d+\.\d\d%--SyS_read/);
  });
});

describe("perf report: inputs and errors", () => {
  const sh: Shell = liveShell();

  it("-i reads another file; a probe recording gives the Overhead view of its samples", async () => {
    for (const l of [
      "hostname vm0",
      "shine -L start; shine -L mount; echo foo > /mnt/lustre/foo",
      "perf probe -q -m ptlrpc ldlm_res_hash_dump:8 res 'res->lr_refcount'",
      "lctl set_param debug=+dlmtrace",
    ])
      expect((await sh(l)).code, l).toBe(0);
    await sh(
      "perf record -q -o /tmp/probe.data -e probe:ldlm_res_hash_dump sh -c 'echo 1 > /sys/kernel/debug/lustre/ldlm/dump_namespaces'",
    );
    const n = decodePerfData((await sh("cat /tmp/probe.data")).stdout)!.samples.length;
    expect(n).toBeGreaterThan(0);
    const r = await sh("perf report -i /tmp/probe.data");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      `# Samples: ${n}  of event 'probe:ldlm_res_hash_dump'\n# Event count (approx.): ${n}\n`,
    );
    expect(r.stdout).toMatch(/^# Overhead {2}Command {2}Shared Object {2}Symbol +$/m);
    expect(r.stdout).toMatch(/^ {3}100\.00% {2}sh {7}\[ptlrpc\] {7}\[k\] ldlm_res_hash_dump$/m);
    // The same file asked for call graphs it does not have.
    expect(await sh("perf report -i /tmp/probe.data -g")).toEqual({
      stdout: "",
      stderr: "Error:\nSelected -g but no callchain data. Did you call 'perf record' without -g?\n",
      code: 255,
    });
  });

  it("missing, empty, foreign and sample-less files", async () => {
    await sh("rm -f perf.data");
    expect(await sh("perf report --stdio")).toEqual({
      stdout: "",
      stderr: "failed to open perf.data: No such file or directory  (try 'perf record' first)\n",
      code: 255,
    });
    expect((await sh("perf report -i /tmp/none.data")).stderr).toBe(
      "failed to open /tmp/none.data: No such file or directory\n",
    );
    await sh(": > /tmp/empty.data; echo hello > /tmp/text.data");
    expect((await sh("perf report -i /tmp/empty.data")).stderr).toBe(
      "zero-sized data (/tmp/empty.data), nothing to do!\n",
    );
    expect((await sh("perf report -i /tmp/text.data")).stderr).toBe(
      "incompatible file format (rerun with -v to learn more)\n",
    );
    await sh("perf record -q -e dummy -a -- sleep 0.1");
    expect(await sh("perf report")).toEqual({
      stdout: "# To display the perf.data header info, please use --header/--header-only options.\n#\n",
      stderr: "Error:\nThe perf.data file has no samples!\n",
      code: 0,
    });
  });

  it("bad options and sort keys", async () => {
    await sh("perf record -q -F 10 -a -g -- sleep 0.2");
    const bad = await sh("perf report --sort nope");
    expect(bad.code).toBe(129);
    expect(bad.stderr).toMatch(
      /^ {2}Error: Unknown --sort key: `nope'\n\n usage: perf report \[<options>\]\n\n {4}-s, --sort/,
    );
    const opt = await sh("perf report --frobnicate");
    expect(opt.code).toBe(129);
    expect(opt.stderr.split("\n")[0]).toBe("  Error: unknown option `frobnicate'");
    expect((await sh("perf report -Z")).stderr.split("\n")[0]).toBe("  Error: unknown switch `Z'");
    expect((await sh("perf report one two")).code).toBe(129);
    // A key is any prefix of perf's dimension names.
    expect((await sh("perf report --sort co,sy -g none")).stdout).toMatch(
      /^# Children {6}Self {2}Command {2}Symbol +$/m,
    );
  });
});
