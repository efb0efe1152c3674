/**
 * tracefs's dynamic kprobe events, the interface perf probe writes and perf record reads:
 * kprobe_events lines (`p:GROUP/EVENT [MOD:]SYM+OFF NAME=FETCHARG[:TYPE] ...`), their fetch
 * arguments evaluated against a probe hit's registers and memory, and the values printed the
 * way a 3.10 kernel's trace output formats them (unsigned types in hex, signed in decimal).
 */
import { FaultError } from "../kernel/program";
import { isRegisterName, type ProbeHit, type RegisterName } from "./events";

export type FetchExpr =
  /** A register; `retval` marks `$retval`, the return value (rax) at a kretprobe. */
  | { readonly kind: "reg"; readonly reg: RegisterName; readonly retval?: boolean }
  | { readonly kind: "deref"; readonly offset: number; readonly inner: FetchExpr };

export interface FetchArg {
  readonly name: string;
  readonly expr: FetchExpr;
  /** u8..u64, s8..s64, string; null = the default (unsigned long). */
  readonly type: string | null;
}

export interface KprobeDef {
  readonly kind: "p" | "r";
  readonly group: string;
  readonly event: string;
  readonly module?: string;
  readonly symbol: string;
  readonly offset: number;
  readonly args: readonly FetchArg[];
}

export function formatFetch(e: FetchExpr): string {
  if (e.kind === "reg" && e.retval) return "$retval";
  return e.kind === "reg" ? `%${e.reg}` : `${e.offset >= 0 ? "+" : ""}${e.offset}(${formatFetch(e.inner)})`;
}

export function formatKprobe(d: KprobeDef): string {
  const at = `${d.module ? `${d.module}:` : ""}${d.symbol}${d.offset ? `+${d.offset}` : ""}`;
  const args = d.args.map((a) => ` ${a.name}=${formatFetch(a.expr)}${a.type ? `:${a.type}` : ""}`).join("");
  return `${d.kind}:${d.group}/${d.event} ${at}${args}`;
}

function parseFetch(s: string): FetchExpr {
  if (s === "$retval") return { kind: "reg", reg: "ax", retval: true };
  const m = /^%([a-z0-9]+)$/.exec(s);
  if (m) {
    if (!isRegisterName(m[1])) throw new Error(`bad register ${m[1]}`);
    return { kind: "reg", reg: m[1] };
  }
  const d = /^([+-]\d+)\((.*)\)$/.exec(s);
  if (d) return { kind: "deref", offset: Number(d[1]), inner: parseFetch(d[2]) };
  throw new Error(`bad fetch argument ${s}`);
}

export function parseKprobe(line: string): KprobeDef {
  const parts = line.trim().split(/\s+/);
  const head = /^([pr]):([A-Za-z0-9_]+)\/([A-Za-z0-9_]+)$/.exec(parts[0] ?? "");
  if (!head) throw new Error(`bad kprobe event ${line}`);
  const at = /^(?:([A-Za-z0-9_]+):)?([A-Za-z0-9_.]+)(?:\+(\d+))?$/.exec(parts[1] ?? "");
  if (!at) throw new Error(`bad probe point ${parts[1]}`);
  const args = parts.slice(2).map((a) => {
    const eq = a.indexOf("=");
    const name = a.slice(0, eq);
    let rest = a.slice(eq + 1);
    let type: string | null = null;
    const colon = rest.lastIndexOf(":");
    if (colon > 0 && !rest.slice(colon).includes(")")) {
      type = rest.slice(colon + 1);
      rest = rest.slice(0, colon);
    }
    return { name, expr: parseFetch(rest), type };
  });
  return {
    kind: head[1] as "p" | "r",
    group: head[2],
    event: head[3],
    module: at[1],
    symbol: at[2],
    offset: Number(at[3] ?? 0),
    args,
  };
}

/** All definitions in a kprobe_events text (blank and malformed lines are skipped). */
export function parseKprobeEvents(text: string): KprobeDef[] {
  const out: KprobeDef[] = [];
  for (const l of text.split("\n")) {
    if (!l.trim()) continue;
    try {
      out.push(parseKprobe(l));
    } catch {
      // tracefs would have refused it; ignore
    }
  }
  return out;
}

/** The raw 64-bit value of a fetch expression at a hit (memory read through the Program). */
export function evalFetch(e: FetchExpr, hit: ProbeHit): bigint {
  if (e.kind === "reg") return hit.regs[e.reg] ?? 0n;
  const base = evalFetch(e.inner, hit);
  return hit.prog.readU64(BigInt.asUintN(64, base + BigInt(e.offset)));
}

function typeSize(type: string | null): { bits: number; signed: boolean } {
  if (!type) return { bits: 64, signed: false };
  const m = /^([us])(8|16|32|64)$/.exec(type);
  if (!m) throw new Error(`unknown fetch type ${type}`);
  return { bits: Number(m[2]), signed: m[1] === "s" };
}

/** A fetch argument's value as the trace output prints it: `0x2`, `-5`, `(fault)`. */
export function fetchValue(a: FetchArg, hit: ProbeHit): string {
  try {
    if (a.type === "string") {
      const addr = evalFetch(a.expr, hit);
      return `"${hit.prog.readCString(addr, 256)}"`;
    }
    const { bits, signed } = typeSize(a.type);
    let v: bigint;
    if (a.expr.kind === "reg") v = evalFetch(a.expr, hit);
    else {
      const addr = BigInt.asUintN(64, evalFetch(a.expr.inner, hit) + BigInt(a.expr.offset));
      v = hit.prog.readInt(addr, bits / 8, false);
    }
    v = BigInt.asUintN(bits, v);
    if (signed) return BigInt.asIntN(bits, v).toString();
    return `0x${v.toString(16)}`;
  } catch (e) {
    if (e instanceof FaultError) return "(fault)";
    throw e;
  }
}
