/** Kernel taint flags of 3.10 (kernel/panic.c): one letter per bit of tainted_mask / module.taints. */
const TAINT_LETTERS = [
  "P",
  "F",
  "S",
  "R",
  "M",
  "B",
  "U",
  "D",
  "A",
  "W",
  "C",
  "I",
  "O",
  "E",
  "L",
  "K",
  "X",
  "T",
];

/** The letters of the bits set in a taint mask, lowest bit first (`3000` → `OE`). */
export function taintLetters(mask: bigint): string {
  return TAINT_LETTERS.filter((_, bit) => (mask >> BigInt(bit)) & 1n).join("");
}
