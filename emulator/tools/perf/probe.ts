/**
 * perf probe: list a function's probe-able lines (-L), the variables at a point (-V), add a
 * kprobe event with fetch arguments compiled from debuginfo (variable locations + struct
 * offsets), list (-l) and delete (-d) events. Events are written to tracefs's kprobe_events.
 */

import { globMatcher } from "../../kernel/glob";
import { stripTypedefs, type Type } from "../../kernel/types";
import type { FunctionDebug, VarDebug } from "../../live/debuginfo";
import { LIVE_DEBUGINFO, locationAt } from "../../live/debuginfo";
import { isRegisterName } from "../../live/events";
import type { Live } from "../../live/guest";
import { KPROBE_EVENTS } from "../../live/state";
import {
  type FetchArg,
  type FetchExpr,
  formatKprobe,
  type KprobeDef,
  parseKprobeEvents,
} from "../../live/tracefs";
import { ensureWorkloadSymbols } from "../../live/workload-symbols";
import type { ToolIO } from "../toolapi";

const DEBUGINFO_DIR = "/usr/lib/debug/lib/modules/3.10.0-957.21.3.el7.x86_64/extra/lustre";

class ProbeError extends Error {}

interface ProbePoint {
  readonly fn: FunctionDebug;
  readonly line: number;
  readonly offset: number;
  readonly ret: boolean;
  readonly text: string;
}

interface ProbeOpts {
  module?: string;
  /** --filter: a glob on variable names (-V) or function names. */
  filter?: string;
  verbose: boolean;
  force: boolean;
  quiet: boolean;
}

export async function perfProbe(io: ToolIO, live: Live, args: readonly string[]): Promise<number> {
  const opts: ProbeOpts = { verbose: false, force: false, quiet: false };
  let mode: "add" | "L" | "V" | "l" | "d" | "F" = "add";
  let target = "";
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const val = () => {
      const v = args[++i];
      if (v === undefined)
        throw new ProbeError(`  Error: switch \`${a.replace(/^-+/, "")}' requires a value`);
      return v;
    };
    if (a === "-m" || a === "--module") opts.module = val();
    else if (a.startsWith("-m") && a.length > 2) opts.module = a.slice(2);
    else if (a === "-L" || a === "--line") {
      mode = "L";
      target = val();
    } else if (a === "-V" || a === "--vars") {
      mode = "V";
      target = val();
    } else if (a === "-l" || a === "--list") mode = "l";
    else if (a === "-F" || a === "--funcs") mode = "F";
    else if (a.startsWith("--funcs=")) {
      mode = "F";
      opts.filter = a.slice(8);
    } else if (a === "-d" || a === "--del") {
      mode = "d";
      rest.push(val());
    } else if (a === "-a" || a === "--add") rest.push(val());
    else if (a === "-v" || a === "--verbose") opts.verbose = true;
    else if (a === "-f" || a === "--force") opts.force = true;
    else if (a === "-q" || a === "--quiet") opts.quiet = true;
    else if (a === "--filter") opts.filter = val();
    else if (a.startsWith("--filter=")) opts.filter = a.slice(9);
    else if (a.startsWith("--module=")) opts.module = a.slice(9);
    else if (a.startsWith("--line=")) {
      mode = "L";
      target = a.slice(7);
    } else if (a.startsWith("--vars=")) {
      mode = "V";
      target = a.slice(7);
    } else if (a.startsWith("--add=")) rest.push(a.slice(6));
    else if (a.startsWith("--del=")) {
      mode = "d";
      rest.push(a.slice(6));
    } else if (a.startsWith("-") && a !== "-") {
      io.stderr(`  Error: unknown switch \`${a.replace(/^-+/, "")}'\n\n${USAGE}`);
      return 129;
    } else rest.push(a);
  }
  try {
    switch (mode) {
      case "L":
        return showLines(io, live, target, opts);
      case "V":
        return showVars(io, live, target, opts);
      case "l":
        return await listEvents(io, live, rest);
      case "F":
        return showFunctions(io, live, opts);
      case "d":
        return await deleteEvents(io, rest);
      default:
        if (!rest.length) {
          io.stderr(USAGE);
          return 129;
        }
        return await addEvent(io, live, rest, opts);
    }
  } catch (e) {
    if (e instanceof ProbeError) {
      io.stderr(`${e.message}\n`);
      return 255;
    }
    throw e;
  }
}

const USAGE = ` usage: perf probe [<options>] 'PROBEDEF' ['PROBEDEF' ...]
    or: perf probe [<options>] --add 'PROBEDEF' [--add 'PROBEDEF' ...]
    or: perf probe [<options>] --del '[GROUP:]EVENT' ...
    or: perf probe --list [GROUP:]EVENT ...
    or: perf probe [<options>] --line 'LINEDESC'
    or: perf probe [<options>] --vars 'PROBEPOINT'
    or: perf probe [<options>] --funcs
`;

/**
 * perf's strfilter, the forms learners type: `A|B` alternatives, a leading `!` negates, each a
 * glob. `-F` defaults to `!_*` (no internal underscore names).
 */
function strfilter(text: string): (name: string) => boolean {
  const alts = text.split("|").map((t) => {
    const neg = t.startsWith("!");
    const m = globMatcher(neg ? t.slice(1) : t);
    return (n: string) => m(n) !== neg;
  });
  return (n) => alts.some((f) => f(n));
}

/** `perf probe -F [-m MOD] [--filter F]`: the functions of vmlinux or of a loaded module, sorted. */
function showFunctions(io: ToolIO, live: Live, opts: ProbeOpts): number {
  const sys = live.system();
  if (opts.module && !sys.isLoaded(opts.module))
    throw new ProbeError(
      `Failed to find the path for ${opts.module}: No such file or directory\n  Error: Failed to show functions.`,
    );
  ensureWorkloadSymbols(sys.prog);
  const keep = strfilter(opts.filter ?? "!_*");
  const names = new Set<string>();
  for (const sym of sys.prog.symbols.all())
    if (
      (sym.kind === "T" || sym.kind === "t") &&
      (sym.module ?? null) === (opts.module ?? null) &&
      keep(sym.name)
    )
      names.add(sym.name);
  io.stdout(
    [...names]
      .sort()
      .map((n) => `${n}\n`)
      .join(""),
  );
  return 0;
}

/** The debuginfo perf would open: the module's .ko.debug when -m names a loaded module, else vmlinux. */
function findFunction(live: Live, name: string, opts: ProbeOpts, what: string): FunctionDebug | null {
  if (opts.module) {
    const sys = live.system();
    if (!sys.isLoaded(opts.module)) {
      throw new ProbeError(
        `Failed to find the path for ${opts.module}: No such file or directory\n  Error: ${what}`,
      );
    }
    const f = LIVE_DEBUGINFO.get(name);
    return f && f.module === opts.module ? f : null;
  }
  // vmlinux has no Lustre function.
  return null;
}

function parsePoint(live: Live, spec: string, opts: ProbeOpts, what: string): ProbePoint {
  const m = /^([A-Za-z_][A-Za-z0-9_.]*)(?:(%return)|:(\d+)|\+(\d+|0x[0-9a-f]+))?$/.exec(spec);
  if (!m)
    throw new ProbeError(
      `Semantic error :There is non-digit char in line number.\n  Error: Command Parse Error.`,
    );
  const fn = findFunction(live, m[1], opts, what);
  if (!fn) throw new ProbeError(`Probe point '${spec}' not found.\n  Error: ${what}`);
  if (m[2]) return { fn, line: 0, offset: 0, ret: true, text: spec };
  if (m[3] !== undefined) {
    const line = Number(m[3]);
    const offs = fn.lineAddrs.get(line);
    if (!offs) throw new ProbeError(`Probe point '${spec}' not found.\n  Error: ${what}`);
    return { fn, line, offset: offs[0], ret: false, text: spec };
  }
  const offset = m[4] ? Number(m[4]) : 0;
  let line = 0;
  for (const [l, offs] of fn.lineAddrs) if (offs.some((o) => o <= offset) && l > line) line = l;
  return { fn, line, offset, ret: false, text: spec };
}

function showLines(io: ToolIO, live: Live, spec: string, opts: ProbeOpts): number {
  const m = /^([A-Za-z_][A-Za-z0-9_.]*)(?::(\d+)(?:([-+])(\d+))?)?$/.exec(spec);
  if (!m)
    throw new ProbeError(
      `Semantic error :'${spec}' is not a valid line range.\n  Error: Command Parse Error.`,
    );
  const fn = findFunction(live, m[1], opts, "Failed to show lines.");
  if (!fn) throw new ProbeError(`Specified source line is not found.\n  Error: Failed to show lines.`);
  let start = m[2] ? Number(m[2]) : 0;
  // FUNC:SLN alone runs to the end of the function, like a bare FUNC (perf's end = INT_MAX).
  let end = fn.source.length - 1;
  if (m[3] === "+") end = start + Number(m[4]) - 1;
  else if (m[3] === "-") end = Number(m[4]);
  if (start > end)
    throw new ProbeError(
      "Semantic error :Start line must be smaller than end line.\n  Error: Command Parse Error.",
    );
  if (start >= fn.source.length)
    throw new ProbeError(`Specified source line is not found.\n  Error: Failed to show lines.`);
  end = Math.min(end, fn.source.length - 1);
  start = Math.max(0, start);
  let out = `<${fn.name}@${fn.file}:${start}>\n`;
  for (let l = start; l <= end; l++) {
    const prefix = fn.lineAddrs.has(l) ? `${String(l).padStart(7)}  ` : " ".repeat(9);
    out += `${prefix}${fn.source[l]}\n`;
  }
  io.stdout(out);
  return 0;
}

function varLine(v: VarDebug): string {
  return v.type === null ? ` (unknown_type\t${v.name}` : `${v.type}\t${v.name}`;
}

function showVars(io: ToolIO, live: Live, spec: string, opts: ProbeOpts): number {
  let p: ProbePoint;
  try {
    p = parsePoint(live, spec, opts, "Failed to show vars.");
  } catch (e) {
    if (e instanceof ProbeError && e.message.startsWith("Probe point"))
      throw new ProbeError(`Failed to find the address of ${spec}\n  Error: Failed to show vars.`);
    throw e;
  }
  const vars = p.fn.vars.filter((v) => locationAt(v, p.line) !== undefined).map(varLine);
  const sorted = [...new Set(vars)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const keep = opts.filter ? globMatcher(opts.filter) : () => true;
  const shown = sorted.filter((v) => keep(v.slice(v.indexOf("\t") + 1)));
  let out = `Available variables at ${spec}\n\t@<${p.fn.name}+${p.offset}>\n`;
  for (const v of shown) out += `\t\t${v}\n`;
  if (!shown.length) out += "\t\t(No matched variables)\n";
  io.stdout(out);
  return 0;
}

/** Compile one argument (`res`, `res->lr_refcount`, `name=res->lr_name.name[0]`) to a fetch arg. */
function compileArg(live: Live, p: ProbePoint, spec: string, index: number): FetchArg {
  const prog = live.system().prog;
  let name: string | null = null;
  let expr = spec;
  const eq = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(spec);
  if (eq) {
    name = eq[1];
    expr = eq[2];
  }
  // `VAR:TYPE` casts the fetched value (the kernel's fetch types of 3.10: u/s 8..64, string).
  let cast: string | null = null;
  const colon = expr.indexOf(":");
  if (colon >= 0) {
    cast = expr.slice(colon + 1);
    expr = expr.slice(0, colon);
    if (!/^(?:[us](?:8|16|32|64)|string)$/.test(cast))
      throw new ProbeError("Failed to write event: Invalid argument\n  Error: Failed to add events.");
  }
  // Registers and $retval pass through unchanged; the kernel names them argN.
  const special = specialArg(expr, p);
  if (special) return { name: name ?? `arg${index + 1}`, expr: special, type: cast };
  if (p.ret)
    throw new ProbeError(
      "Semantic error :You can't specify local variable for kretprobe.\n  Error: Command Parse Error.",
    );
  const compiled = compileVarArg(prog, p, expr);
  if (cast === "string" && compiled.type !== "u64")
    throw new ProbeError(
      `Semantic error :String type must be a pointer to char.\n  Error: Failed to add events.`,
    );
  return { name: name ?? compiled.name, expr: compiled.expr, type: cast ?? compiled.type };
}

function specialArg(expr: string, p: ProbePoint): FetchExpr | null {
  if (expr === "$retval") {
    // A kprobe (not a return probe) has no return value: the kernel refuses the definition.
    if (!p.ret)
      throw new ProbeError("Failed to write event: Invalid argument\n  Error: Failed to add events.");
    return { kind: "reg", reg: "ax", retval: true };
  }
  if (expr.startsWith("%")) {
    const reg = expr.slice(1);
    if (!isRegisterName(reg))
      throw new ProbeError("Failed to write event: Invalid argument\n  Error: Failed to add events.");
    return { kind: "reg", reg };
  }
  if (expr.startsWith("$") || expr.startsWith("@") || /^[+-]?\d/.test(expr))
    throw new ProbeError(`Failed to find '${expr}' in this function.\n  Error: Failed to add events.`);
  return null;
}

function compileVarArg(prog: ReturnType<Live["system"]>["prog"], p: ProbePoint, expr: string): FetchArg {
  const segs = expr.split("->");
  const varName = segs[0];
  const v = p.fn.vars.find((x) => x.name === varName && locationAt(x, p.line) !== undefined);
  if (!v)
    throw new ProbeError(`Failed to find '${varName}' in this function.\n  Error: Failed to add events.`);
  const loc = locationAt(v, p.line)!;
  let fetch: FetchExpr;
  if (loc.kind === "reg") fetch = { kind: "reg", reg: loc.reg };
  else if (loc.kind === "mem")
    fetch = { kind: "deref", offset: loc.offset, inner: { kind: "reg", reg: loc.reg } };
  else if (loc.kind === "value")
    throw new ProbeError(
      "Sorry, we don't support this variable location yet.\n  Error: Failed to add events.",
    );
  else
    throw new ProbeError(
      `Failed to find the location of the '${varName}' variable at this address.\n Perhaps it has been optimized out.\n Use -V with the --range option to show '${varName}' location range.\n  Error: Failed to add events.`,
    );
  let type: string | null = fetchTypeOfVar(v);
  let structName = v.pointee;
  let lastName = varName;
  for (let i = 1; i < segs.length; i++) {
    if (!structName)
      throw new ProbeError(
        `Semantic error :${segs[i - 1]} is not a data structure pointer.\n  Error: Failed to add events.`,
      );
    let member: ReturnType<typeof prog.member>;
    try {
      member = prog.member(structName, segs[i]);
    } catch {
      const field = segs[i].split(/[.[]/)[0];
      throw new ProbeError(
        `${structName}(type:${structName}) has no member ${field}.\n  Error: Failed to add events.`,
      );
    }
    // `+off(E)` reads at E+off, E being the pointer value so far: `a->b->c` nests.
    fetch = { kind: "deref", offset: member.offset, inner: fetch };
    const t = stripTypedefs(member.type);
    structName = t.kind === "pointer" ? structNameOf(t.target) : undefined;
    type = /\[\d+\]$/.test(segs[i]) ? null : fetchTypeOf(t);
    lastName = segs[i].slice(segs[i].lastIndexOf(".") + 1).replace(/\[.*$/, "");
  }
  return { name: lastName, expr: fetch, type };
}

function structNameOf(t: Type): string | undefined {
  const s = stripTypedefs(t);
  return (s.kind === "struct" || s.kind === "union") && s.name ? s.name : undefined;
}

function fetchTypeOfVar(v: VarDebug): string | null {
  if (!v.scalar) return null;
  return `${v.scalar.signed ? "s" : "u"}${v.scalar.size * 8}`;
}

function fetchTypeOf(t: Type): string | null {
  const s = stripTypedefs(t);
  switch (s.kind) {
    case "pointer":
      return "u64";
    case "int":
      return `${s.signed ? "s" : "u"}${s.size * 8}`;
    case "bool":
      return "u8";
    case "enum":
      return `u${s.size * 8}`;
    case "struct":
    case "union":
      return s.size > 0 && s.size <= 8 ? `u${s.size * 8}` : null;
    default:
      return null;
  }
}

async function readEvents(io: ToolIO): Promise<KprobeDef[]> {
  if (!(await io.fs.exists(KPROBE_EVENTS))) return [];
  return parseKprobeEvents(await io.fs.readFile(KPROBE_EVENTS));
}

async function writeEvents(io: ToolIO, defs: readonly KprobeDef[]): Promise<void> {
  await io.fs.writeFile(KPROBE_EVENTS, defs.map((d) => `${formatKprobe(d)}\n`).join(""));
}

async function addEvent(io: ToolIO, live: Live, words: readonly string[], opts: ProbeOpts): Promise<number> {
  // `perf probe func:8 a b` and `perf probe 'func:8 a b'` are the same definition.
  const all = words.join(" ").trim().split(/\s+/);
  let evName: string | undefined;
  let pointSpec = all[0];
  const named = /^(?:([A-Za-z0-9_]+):)?([A-Za-z0-9_]+)=(.*)$/.exec(pointSpec);
  if (named) {
    evName = named[2];
    pointSpec = named[3];
  }
  const argSpecs = all.slice(1);
  const v = (s: string) => {
    if (opts.verbose) io.stderr(`${s}\n`);
  };
  v(`probe-definition(0): ${all.join(" ")}`);
  const pm = /^([^:+%]+)(?::(\d+))?/.exec(pointSpec);
  v(
    `symbol:${pm?.[1] ?? pointSpec} file:(null) line:${pm?.[2] ?? 0} offset:0 return:${pointSpec.includes("%return") ? 1 : 0} lazy:(null)`,
  );
  for (const a of argSpecs) v(`parsing arg: ${a} into ${a}`);
  v(`${argSpecs.length} arguments`);
  if (opts.module) v(`Open Debuginfo file: ${DEBUGINFO_DIR}/fs/${opts.module}.ko.debug`);
  v("Try to find probe point from debuginfo.");
  const p = parsePoint(live, pointSpec, opts, "Failed to add events.");
  v(`Probe point found: ${p.fn.name}+${p.offset}`);
  const args = argSpecs.map((a, i) => compileArg(live, p, a, i));
  v("Found 1 probe_trace_events.");
  const existing = await readEvents(io);
  let event = evName ?? p.fn.name;
  if (existing.some((d) => d.group === "probe" && d.event === event)) {
    if (!opts.force)
      throw new ProbeError(
        `Error: event "${event}" already exists.\n Hint: Remove existing event by 'perf probe -d'\n       or force duplicates by 'perf probe -f'\n       or set 'force=yes' in BPF source.\n  Error: Failed to add events.`,
      );
    let n = 1;
    while (existing.some((d) => d.event === `${event}_${n}`)) n++;
    event = `${event}_${n}`;
  }
  const def: KprobeDef = {
    kind: p.ret ? "r" : "p",
    group: "probe",
    event,
    module: p.fn.module,
    symbol: p.fn.name,
    offset: p.offset,
    args,
  };
  v("Opening /sys/kernel/debug/tracing//kprobe_events write=1");
  v(`Writing event: ${formatKprobe(def)}`);
  await writeEvents(io, [...existing, def]);
  if (!opts.quiet) {
    const with_ = argSpecs.length ? ` with ${argSpecs.join(" ")}` : "";
    const full = `probe:${event}`;
    io.stderr(
      `Added new event:\n  ${full.padEnd(20)} (on ${pointSpec} in ${p.fn.module}${with_})\n\n` +
        `You can now use it in all perf tools, such as:\n\n\tperf record -e ${full} -aR sleep 1\n\n`,
    );
  }
  return 0;
}

/** `(on func:line@file in module with args)` re-synthesized from the trace event, as perf -l does. */
function describe(d: KprobeDef): string {
  const fn = LIVE_DEBUGINFO.get(d.symbol);
  let point = d.offset ? `${d.symbol}+${d.offset}` : d.symbol;
  if (fn) {
    for (const [l, offs] of fn.lineAddrs)
      if (offs.includes(d.offset)) {
        point = `${d.symbol}${l ? `:${l}` : ""}@${fn.file.replace(/^.*lustre-2\.12\.3\//, "")}`;
        break;
      }
  }
  if (d.kind === "r") point = `${d.symbol}%return`;
  const mod = d.module ? ` in ${d.module}` : "";
  const args = d.args.length ? ` with ${d.args.map((a) => a.name).join(" ")}` : "";
  return `(on ${point}${mod}${args})`;
}

async function listEvents(io: ToolIO, _live: Live, filters: readonly string[]): Promise<number> {
  // Several filters select the events any of them matches.
  const matchers = filters.map(eventMatcher);
  const wanted = (d: KprobeDef) => !matchers.length || matchers.some((m) => m(d));
  for (const d of (await readEvents(io)).filter(wanted))
    io.stdout(`  ${`${d.group}:${d.event}`.padEnd(20)} ${describe(d)}\n`);
  return 0;
}

/** perf's event filter: `[GROUP:]EVENT` with shell-style wildcards. */
export function eventMatcher(pattern: string): (d: KprobeDef) => boolean {
  const [g, e] = pattern.includes(":") ? pattern.split(":", 2) : ["*", pattern];
  const gr = globMatcher(g);
  const er = globMatcher(e);
  return (d) => gr(d.group) && er(d.event);
}

async function deleteEvents(io: ToolIO, patterns: readonly string[]): Promise<number> {
  let defs = await readEvents(io);
  let rc = 0;
  for (const pat of patterns) {
    const match = eventMatcher(pat);
    const gone = defs.filter(match);
    if (!gone.length) {
      io.stderr(`Info: Event "${pat}" does not exist.\n  Error: Failed to delete events.\n`);
      rc = 255;
      continue;
    }
    for (const d of gone) io.stderr(`Removed event: ${d.group}:${d.event}\n`);
    defs = defs.filter((d) => !match(d));
  }
  await writeEvents(io, defs);
  return rc;
}
