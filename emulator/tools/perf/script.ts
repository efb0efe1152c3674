/**
 * perf script: print the samples of a perf.data, one line per sample in perf's field order
 * (comm, pid/tid, cpu, time, period, event, trace payload, ip/sym/dso), with the callchain
 * below when one was recorded. `-F` picks the fields, `--header` prints the file's header first.
 */
import type { ToolIO } from "../toolapi";
import { decodePerfData, type PerfSample } from "./data";
import { samplePeriod } from "./events-table";
import { headerInfo } from "./report";

const FIELDS = [
  "comm",
  "tid",
  "pid",
  "time",
  "cpu",
  "event",
  "trace",
  "ip",
  "sym",
  "symoff",
  "dso",
  "period",
] as const;
type Field = (typeof FIELDS)[number];

const USAGE = ` usage: perf script [<options>]
    or: perf script [<options>] record <script> [<record-options>] <command>
    or: perf script [<options>] report <script> [script-args]
    or: perf script [<options>] <script> [<record-options>] <command>
    or: perf script [<options>] <top-script> [script-args]

    -i, --input <file>    input file name
    -F, --fields <str>    comma separated output fields prepend with 'type:'. Fields: ${FIELDS.join(",")}
    -G, --hide-call-graph
                          When printing symbols do not display call chain
        --header          Show data header.
        --header-only     Show only data header.
        --ns              Use 9 decimal places when displaying time
`;

interface ScriptOpts {
  input: string;
  fields: Set<Field> | null;
  header: "none" | "with" | "only";
  ns: boolean;
  hideCallGraph: boolean;
}

/** `-F [type:]f1,f2`; the type prefix (trace, sw, hw) narrows nothing here: one field set for all. */
function parseFields(spec: string): Set<Field> | null {
  const m = /^(?:(trace|sw|hw|raw|break|synth):)?(.*)$/.exec(spec);
  const list = (m?.[2] ?? spec).split(",").filter(Boolean);
  if (!list.length) return null;
  const out = new Set<Field>();
  for (const f of list) {
    if (!(FIELDS as readonly string[]).includes(f)) return null;
    out.add(f as Field);
  }
  return out;
}

function parseArgs(io: ToolIO, args: readonly string[]): ScriptOpts | number {
  const o: ScriptOpts = { input: "perf.data", fields: null, header: "none", ns: false, hideCallGraph: false };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const value = (): string | null => {
      const v = args[++i];
      if (v === undefined) {
        io.stderr(
          `  Error: ${a.startsWith("--") ? `option \`${a.slice(2)}'` : `switch \`${a.slice(1)}'`} requires a value\n${USAGE}`,
        );
        return null;
      }
      return v;
    };
    if (a === "-i" || a === "--input") {
      const v = value();
      if (v === null) return 129;
      o.input = v;
    } else if (a.startsWith("--input=")) o.input = a.slice(8);
    else if (a.startsWith("-i") && a.length > 2 && !a.startsWith("--")) o.input = a.slice(2);
    else if (
      a === "-F" ||
      a === "--fields" ||
      a.startsWith("--fields=") ||
      (a.startsWith("-F") && !a.startsWith("--"))
    ) {
      const v = a.startsWith("--fields=")
        ? a.slice(9)
        : a.length > 2 && !a.startsWith("--")
          ? a.slice(2)
          : value();
      if (v === null) return 129;
      o.fields = parseFields(v);
      if (!o.fields) {
        io.stderr(`Invalid field requested.\n\n${USAGE}`);
        return 129;
      }
    } else if (a === "--header") o.header = o.header === "only" ? "only" : "with";
    else if (a === "--header-only") o.header = "only";
    else if (a === "--ns") o.ns = true;
    else if (a === "-G" || a === "--hide-call-graph") o.hideCallGraph = true;
    else if (a === "-h" || a === "--help") {
      io.stderr(`\n${USAGE}`);
      return 129;
    } else if (a.startsWith("--")) {
      io.stderr(`  Error: unknown option \`${a.slice(2)}'\n\n${USAGE}`);
      return 129;
    } else if (a.startsWith("-") && a.length > 1) {
      io.stderr(`  Error: unknown switch \`${a[1]}'\n\n${USAGE}`);
      return 129;
    } else {
      // perf script's non-option words name a script to run; none are installed here.
      io.stderr(`Couldn't find script \`${a}'\n\n See perf script -l for available scripts.\n`);
      return 255;
    }
  }
  return o;
}

/** The fields perf prints when -F is not given: tracepoints carry their payload, timer samples a symbol. */
function defaultFields(s: PerfSample, callchains: boolean): Set<Field> {
  const f = new Set<Field>(["comm", "tid", "cpu", "time", "event"]);
  if (s.sampled) for (const x of ["ip", "sym", "symoff", "dso"] as const) f.add(x);
  else {
    f.add("trace");
    if (callchains) for (const x of ["ip", "sym", "symoff", "dso"] as const) f.add(x);
  }
  return f;
}

function frameText(addr: string, sym: string, dso: string, f: ReadonlySet<Field>): string {
  let t = f.has("ip") ? addr.padStart(16) : "";
  if (f.has("sym")) {
    const name = f.has("symoff") ? sym : sym.replace(/\+0x[0-9a-f]+$/, "");
    t += `${t ? " " : ""}${name}`;
  }
  if (f.has("dso")) t += `${t ? " " : ""}(${dso})`;
  return t;
}

export async function perfScript(io: ToolIO, args: readonly string[]): Promise<number> {
  const o = parseArgs(io, args);
  if (typeof o === "number") return o;
  const path = io.fs.resolve(o.input);
  if (!(await io.fs.exists(path))) {
    const hint = o.input === "perf.data" ? "  (try 'perf record' first)" : "";
    io.stderr(`failed to open ${o.input}: No such file or directory${hint}\n`);
    return 255;
  }
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
  let out = "";
  if (o.header !== "none") {
    out += headerInfo(data.header);
    if (o.header === "only") {
      io.stdout(out);
      return 0;
    }
  }
  const width = Math.max(0, ...data.samples.map((s) => s.event.length));
  for (const s of data.samples) {
    const f = o.fields ?? defaultFields(s, !!s.callchain);
    const chain = s.callchain && f.has("ip") && !o.hideCallGraph ? s.callchain : null;
    let line = "";
    if (f.has("comm")) line += chain ? `${s.comm} ` : `${s.comm.padStart(16)} `;
    if (f.has("pid") && f.has("tid")) line += `${String(s.pid).padStart(5)}/${String(s.tid).padEnd(5)} `;
    else if (f.has("pid")) line += `${String(s.pid).padStart(5)} `;
    else if (f.has("tid")) line += `${String(s.tid).padStart(5)} `;
    if (f.has("cpu")) line += `[${String(s.cpu).padStart(3, "0")}] `;
    if (f.has("time")) {
      const t = BigInt(s.time);
      const frac = o.ns
        ? String(t % 1000000000n).padStart(9, "0")
        : String((t / 1000n) % 1000000n).padStart(6, "0");
      line += `${`${t / 1000000000n}.${frac}`.padStart(o.ns ? 15 : 12)}: `;
    }
    if (f.has("period"))
      line += `${String(s.sampled ? samplePeriod(s.event, data.header.freq) : 1).padStart(10)} `;
    if (f.has("event")) line += `${s.event.padStart(width)}: `;
    if (f.has("trace") && !s.sampled) {
      const payload = s.args.map(([n, v]) => ` ${n}=${v}`).join("");
      // A kretprobe's print format is (function <- return address).
      line += `(${s.ip}${s.retIp !== undefined ? ` <- ${s.retIp}` : ""})${payload}`;
    }
    if (chain) {
      out += `${line}\n`;
      for (const [addr, sym, dso] of chain) out += `\t${frameText(addr, sym, dso, f)}\n`;
      out += "\n";
    } else {
      if (f.has("ip") || f.has("sym") || f.has("dso")) {
        const top = s.callchain?.[0] ?? [s.ip, s.symbol?.[0] ?? "[unknown]", s.symbol?.[1] ?? "[unknown]"];
        line += ` ${frameText(top[0], top[1], top[2], f)}`;
      }
      out += `${line}\n`;
    }
    await io.signal.checkpoint();
  }
  io.stdout(out);
  return 0;
}
