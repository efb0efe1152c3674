/**
 * perf report --stdio: overhead by sort keys (comm, dso, sym; default comm,dso,sym) over the
 * samples of perf.data. With callchains recorded, perf's default is the Children/Self view:
 * here a flat one (`-g none`: no call graph under each entry); `--no-children` gives the
 * Overhead-only form. Layout after tool-formats §2.6.
 */
import type { ToolIO } from "../toolapi";
import { decodePerfData, type PerfSample } from "./data";

type SortKey = "comm" | "dso" | "sym" | "pid";
const HEADERS: Record<SortKey, string> = {
  comm: "Command",
  dso: "Shared Object",
  sym: "Symbol",
  pid: "Pid:Command",
};

interface Frame {
  readonly sym: string;
  readonly dso: string;
}

function topFrame(s: PerfSample): Frame {
  if (s.symbol) return { sym: s.symbol[0], dso: s.symbol[1] };
  const c = s.callchain?.[0];
  if (c) return { sym: c[1].replace(/\+0x[0-9a-f]+$/, ""), dso: c[2] };
  return { sym: `0x${s.ip.padStart(16, "0")}`, dso: "[kernel.kallsyms]" };
}

function chainFrames(s: PerfSample): Frame[] {
  if (!s.callchain) return [topFrame(s)];
  return s.callchain.map(([, sym, dso]) => ({ sym: sym.replace(/\+0x[0-9a-f]+$/, ""), dso }));
}

function cell(key: SortKey, s: PerfSample, f: Frame): string {
  switch (key) {
    case "comm":
      return s.comm;
    case "pid":
      return `${String(s.pid).padStart(7)}:${s.comm}`;
    case "dso":
      return f.dso;
    case "sym":
      return `${f.dso.startsWith("/") ? "[.]" : "[k]"} ${f.sym}`;
  }
}

/** perf's K/M/G scaling of the sample count in the header. */
function scaled(n: number): string {
  if (n > 1e9) return `${Math.floor(n / 1e9)}G`;
  if (n > 1e6) return `${Math.floor(n / 1e6)}M`;
  if (n > 1e3) return `${Math.floor(n / 1e3)}K`;
  return `${n} `;
}

export async function perfReport(io: ToolIO, args: readonly string[]): Promise<number> {
  let input = "perf.data";
  let keys: SortKey[] = ["comm", "dso", "sym"];
  let children: boolean | null = null;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "-i" || a === "--input") input = args[++i] ?? input;
    else if (a.startsWith("--input=")) input = a.slice(8);
    else if (a === "--stdio" || a === "--tui" || a === "--gtk") continue;
    else if (a === "--no-children") children = false;
    else if (a === "--children") children = true;
    else if (a === "-s" || a === "--sort" || a.startsWith("--sort=")) {
      const v = a.startsWith("--sort=") ? a.slice(7) : (args[++i] ?? "");
      const ks = v.split(",").map((k) => k.trim());
      const bad = ks.find((k) => !(k in HEADERS));
      if (bad !== undefined || !ks.length) {
        io.stderr(`Error:\nUnknown --sort key: \`${bad ?? ""}'\n`);
        return 255;
      }
      keys = ks as SortKey[];
    } else if (a === "-g" && (args[i + 1] === "none" || args[i + 1] === "caller" || args[i + 1] === "callee"))
      i++;
    else {
      io.stderr(`  Error: unknown switch \`${a.replace(/^-+/, "")}'\n`);
      return 129;
    }
  }
  if (!(await io.fs.exists(input))) {
    io.stderr(`  Error: failed to open ${input}: No such file or directory\n  (try 'perf record' first)\n`);
    return 255;
  }
  const data = decodePerfData(await io.fs.readFile(input));
  if (!data) {
    io.stderr("  Error: incompatible file format (rerun with -v to learn more)\n");
    return 255;
  }
  const withChildren = (children ?? true) && data.header.callchains;
  let out = "# To display the perf.data header info, please use --header/--header-only options.\n#\n";
  const byEvent = new Map<string, PerfSample[]>();
  for (const s of data.samples) {
    const l = byEvent.get(s.event) ?? [];
    l.push(s);
    byEvent.set(s.event, l);
  }
  if (!data.samples.length)
    out += "#\n# Total Lost Samples: 0\n#\n# Samples: 0  of event 'cycles'\n# Event count (approx.): 0\n#\n";
  for (const [event, samples] of byEvent) {
    const period = event === "cycles" && data.header.freq ? Math.round(2593904000 / data.header.freq) : 1;
    const self = new Map<string, { cells: string[]; n: number }>();
    const total = new Map<string, { cells: string[]; n: number }>();
    for (const s of samples) {
      const top = topFrame(s);
      const sc = keys.map((k) => cell(k, s, top));
      const sk = sc.join("\0");
      const e = self.get(sk) ?? { cells: sc, n: 0 };
      e.n++;
      self.set(sk, e);
      if (withChildren) {
        const seen = new Set<string>();
        for (const f of chainFrames(s)) {
          const cc = keys.map((k) => cell(k, s, f));
          const ck = cc.join("\0");
          if (seen.has(ck)) continue;
          seen.add(ck);
          const t = total.get(ck) ?? { cells: cc, n: 0 };
          t.n++;
          total.set(ck, t);
        }
      }
    }
    const n = samples.length;
    const rows = [...(withChildren ? total : self).entries()].map(([k, v]) => ({
      cells: v.cells,
      children: v.n,
      self: self.get(k)?.n ?? 0,
    }));
    rows.sort((a, b) =>
      withChildren
        ? b.children - a.children || b.self - a.self
        : b.self - a.self || (a.cells.join() < b.cells.join() ? -1 : 1),
    );
    const widths = keys.map((k, i) => Math.max(HEADERS[k].length, ...rows.map((r) => r.cells[i].length)));
    const pct = (x: number) => `${((x / n) * 100).toFixed(2)}%`;
    out += "#\n# Total Lost Samples: 0\n#\n";
    out += `# Samples: ${scaled(n)} of event '${event}'\n# Event count (approx.): ${n * period}\n#\n`;
    const lead = withChildren ? ["# Children", "    Self"] : ["# Overhead"];
    const cols = (c: string[]) => c.map((x, i) => (i === c.length - 1 ? x : x.padEnd(widths[i]))).join("  ");
    out += `${lead.join("  ")}  ${cols(keys.map((k) => HEADERS[k]))}\n`;
    out += `${lead.map((l) => (l.startsWith("#") ? `# ${".".repeat(8)}` : ".".repeat(8))).join("  ")}  ${keys.map((_, i) => ".".repeat(widths[i])).join("  ")}\n#\n`;
    for (const r of rows) {
      const nums = withChildren
        ? [pct(r.children).padStart(10), pct(r.self).padStart(8)]
        : [pct(r.self).padStart(10)];
      out += `${nums.join("  ")}  ${cols(r.cells)}\n`.replace(/\s+\n$/, "\n");
      await io.signal.checkpoint();
    }
    out += "\n\n";
  }
  out += "#\n# (For a higher level overview, try: perf report --sort comm,dso)\n#\n";
  io.stdout(out);
  return 0;
}
