/**
 * Command argument conversion with crash's rules: `htol` reads hex with or without 0x, `stol`
 * reads decimal when every character is a digit and hex otherwise, and address arguments accept
 * a number, a symbol, `symbol+off` or a parenthesized expression.
 */
import type { Program } from "../../../kernel/program";
import type { KernelSymbol } from "../../../kernel/symbols";
import { CrashError } from "../command";
import { ExprEvaluator, GdbError } from "./expr";

export function isDecimal(s: string): boolean {
  return /^\d+$/.test(s);
}

/** crash's hexadecimal(): hex digits with an optional 0x. */
export function isHex(s: string): boolean {
  return /^(0[xX])?[0-9a-fA-F]+$/.test(s);
}

/** IS_A_NUMBER */
export function isNumber(s: string): boolean {
  return isDecimal(s) || isHex(s);
}

/** htol: hexadecimal, 0x optional. */
export function htol(s: string): bigint {
  if (!isHex(s)) throw new CrashError(`invalid input: "${s.replace(/^0[xX]/, "")}"`);
  return BigInt.asUintN(64, BigInt(s.startsWith("0x") || s.startsWith("0X") ? s : `0x${s}`));
}

/** stol: decimal when all digits, else hex. */
export function stol(s: string): bigint {
  if (isDecimal(s)) return BigInt(s);
  if (s.startsWith("-") && isDecimal(s.slice(1))) return -BigInt(s.slice(1));
  return htol(s);
}

/** A kernel virtual address as crash's IS_KVADDR sees it on x86_64 (the upper half). */
export function isKernelAddress(a: bigint): boolean {
  return a >= 0xffff800000000000n;
}

/** `symbol not found: x` plus crash's alternatives list (symbols whose names contain x). */
export function symbolNotFoundText(prog: Program, name: string): string {
  let out = `symbol not found: ${name}\npossible alternatives:\n`;
  const hits: KernelSymbol[] = [];
  for (const n of prog.symbols.names()) {
    if (n.includes(name)) {
      const s = prog.symbols.lookup(n);
      if (s) hits.push(s);
      if (hits.length >= 50) break;
    }
  }
  if (hits.length === 0) return `${out}  (none found)\n`;
  for (const s of hits)
    out += `  ${s.address.toString(16)} (${s.kind}) ${s.name}${s.module ? ` [${s.module}]` : ""}\n`;
  return out;
}

/** The address a `symbol+off`/`symbol-off` string names, or undefined. */
export function symbolPlusOffset(prog: Program, s: string): bigint | undefined {
  const m = /^([A-Za-z_][\w.]*)\s*([+-])\s*((?:0x)?[0-9a-fA-F]+)$/.exec(s);
  const sym = prog.symbols.lookup(m ? m[1] : s);
  if (!sym) return undefined;
  if (!m) return sym.address;
  const off = isDecimal(m[3]) ? BigInt(m[3]) : htol(m[3]);
  return BigInt.asUintN(64, m[2] === "+" ? sym.address + off : sym.address - off);
}

/** Evaluate `(expr)` with symbols as addresses, as crash's eval() does for command arguments. */
export function evalExpression(prog: Program, s: string): bigint {
  const ev = new ExprEvaluator({
    prog,
    history: () => undefined,
    historyCount: () => 0,
    symbolsAsAddresses: true,
  });
  try {
    return BigInt.asUintN(64, ev.scalar(ev.evaluate(s)));
  } catch (e) {
    if (e instanceof GdbError) throw new CrashError(`invalid expression: ${s}`);
    throw e;
  }
}

/**
 * An address argument: hex number, symbol, `symbol+off`, or `(expression)`.
 * Unknown words raise crash's "symbol not found" text.
 */
export function addressArg(prog: Program, s: string, hexFirst = true): bigint {
  if (s.startsWith("(")) return evalExpression(prog, s);
  if (hexFirst && isHex(s)) return htol(s);
  const a = symbolPlusOffset(prog, s);
  if (a !== undefined) return a;
  if (isHex(s)) return htol(s);
  if (/[-+*/&|^<>]/.test(s.slice(1))) return evalExpression(prog, `(${s})`);
  throw new SymbolNotFound(s);
}

/** Raised for an unknown symbol; commands print crash's alternatives text. */
export class SymbolNotFound extends CrashError {
  constructor(readonly symbol: string) {
    super(`symbol not found: ${symbol}`, true);
    this.name = "SymbolNotFound";
  }
}
