/**
 * Printing a top-level gdb value the way `p` shows it after `$N = `: pointers with their type
 * `(struct ldlm_lock *) 0x...`, char pointers with their string, functions as
 * `{int (void)} 0x... <name>`, aggregates pretty-printed.
 */
import type { Program } from "../../../kernel/program";
import { sizeOf, stripTypedefs, type Type, typeName } from "../../../kernel/types";
import type { Radix } from "../command";
import type { ExprEvaluator, TypedValue } from "./expr";
import { GdbValuePrinter, isCharType } from "./gdbvalue";

/** gdb's `/x` `/d` `/u` `/o` `/t` `/c` print formats we support. */
export type PrintFormat = "x" | "d" | "u" | "o" | "t" | "c" | undefined;

function scalarBytes(v: bigint, size: number): DataView {
  const b = new DataView(new ArrayBuffer(8));
  b.setBigUint64(0, BigInt.asUintN(64, v), true);
  return new DataView(b.buffer, 0, Math.max(1, Math.min(8, size)));
}

function formatted(v: bigint, size: number, signed: boolean, fmt: Exclude<PrintFormat, undefined>): string {
  const u = BigInt.asUintN(size * 8, v);
  switch (fmt) {
    case "x":
      return `0x${u.toString(16)}`;
    case "d":
      return (signed ? BigInt.asIntN(size * 8, v) : BigInt.asIntN(size * 8, u)).toString(10);
    case "u":
      return u.toString(10);
    case "o":
      return u === 0n ? "0" : `0${u.toString(8)}`;
    case "t":
      return u.toString(2);
    case "c":
      return `${BigInt.asIntN(8, v)} '${String.fromCharCode(Number(BigInt.asUintN(8, v)))}'`;
  }
}

export function formatTopValue(
  prog: Program,
  ev: ExprEvaluator,
  v: TypedValue,
  radix: Radix,
  fmt?: PrintFormat,
): string {
  const printer = new GdbValuePrinter(prog, fmt === "x" ? 16 : fmt === "d" || fmt === "u" ? 10 : radix);
  const t = stripTypedefs(v.type);
  if (v.textSymbol || t.kind === "function") {
    const addr = v.textSymbol?.address ?? v.address ?? 0n;
    if (fmt) return formatted(addr, 8, false, fmt);
    const name = v.textSymbol ? ` <${v.textSymbol.name}>` : printer.symbolSuffix(addr);
    const ty = v.textSymbol && !v.textSymbol.type ? "<text variable, no debug info>" : typeName(v.type);
    return `{${ty}} 0x${addr.toString(16)}${name}`;
  }
  if (t.kind === "pointer") {
    const p = ev.scalar(v);
    if (fmt) return formatted(p, 8, false, fmt);
    if (isCharType(t.target)) return printer.charPointerText(p);
    return `(${typeName(v.type)}) 0x${p.toString(16)}${printer.symbolSuffix(p)}`;
  }
  if (fmt && (t.kind === "int" || t.kind === "enum" || t.kind === "bool")) {
    const val = ev.scalar(v);
    return formatted(val, sizeOf(t), t.kind === "int" && t.signed, fmt);
  }
  if (v.address !== undefined) return printer.valueAt(v.type, v.address, 0, v.bits);
  const val = v.value ?? 0n;
  return printer.format(v.type as Type, { view: scalarBytes(val, sizeOf(t)), offset: 0, address: 0n }, 0);
}
