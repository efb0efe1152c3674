/**
 * Text helpers shared by every crash command: hex formatting the way crash's printf formats
 * write it (%lx, %016lx), and crash's mkstring() justification rules.
 */
import type { Radix } from "../command";

/** `%lx`: lowercase hex, no 0x. */
export function hex(v: bigint | number): string {
  return (typeof v === "bigint" ? BigInt.asUintN(64, v) : v).toString(16);
}

/** `0x%lx` */
export function hex0x(v: bigint | number): string {
  return `0x${hex(v)}`;
}

/** `%016lx`: a 64-bit word as crash's rd and bt print it. */
export function hex16(v: bigint): string {
  return BigInt.asUintN(64, v).toString(16).padStart(16, "0");
}

/** An integer in the output radix: `83415` or `0x145d7` (negative values stay signed in decimal). */
export function radixInt(v: bigint, radix: Radix, size = 8): string {
  if (radix === 16) return hex0x(BigInt.asUintN(size * 8, v));
  return v.toString(10);
}

/** A `+off` suffix as crash prints symbol offsets: decimal in radix 10, 0x-hex in radix 16. */
export function symOffset(off: number | bigint, radix: Radix): string {
  if (BigInt(off) === 0n) return "";
  return radix === 16 ? `+0x${off.toString(16)}` : `+${off.toString(10)}`;
}

export function spaces(n: number): string {
  return n > 0 ? " ".repeat(n) : "";
}

/** `%-Ns` */
export function ljust(s: string, width: number): string {
  return s.length >= width ? s : s + spaces(width - s.length);
}

/** `%Ns` */
export function rjust(s: string, width: number): string {
  return s.length >= width ? s : spaces(width - s.length) + s;
}

/**
 * crash's mkstring(CENTER|LJUST / CENTER|RJUST): the extra space is split evenly; when it is
 * odd, LJUST leaves the odd space on the right and RJUST on the left.
 */
export function center(s: string, width: number, side: "ljust" | "rjust" = "ljust"): string {
  const extra = width - s.length;
  if (extra <= 0) return s;
  const half = Math.floor(extra / 2);
  if (extra % 2 === 0) return spaces(half) + s + spaces(half);
  return side === "ljust" ? spaces(half) + s + spaces(half + 1) : spaces(half + 1) + s + spaces(half);
}

/** The width crash gives a kernel virtual address column on x86_64 (VADDR_PRLEN). */
export const VADDR_PRLEN = 16;
