/**
 * Explain mode (`set explain on`, or `--explain` on one command) is a kdebug-lab addition:
 * after a command's output, show the memory reads that produced it, so a learner can see
 * that `files` is a walk task_struct.files -> files_struct.fdt -> fdtable.fd[55] -> file...
 * It is printed on the terminal only, never into a pipe or file.
 */
import type { ExplainStep } from "./command";
import { ljust } from "./format/text";

const MAX_STEPS = 40;

export function formatExplain(steps: readonly ExplainStep[]): string {
  if (steps.length === 0) return "";
  const shown = steps.slice(0, MAX_STEPS);
  const width = Math.min(36, Math.max(...shown.map((s) => s.what.length)));
  let out = "\n[explain] memory walk behind this output (kdebug-lab addition, not crash output):\n";
  shown.forEach((s, i) => {
    const where =
      s.offset !== undefined
        ? `${(s.address - BigInt(s.offset)).toString(16)} +0x${s.offset.toString(16)} = ${s.address.toString(16)}`
        : s.address.toString(16);
    out += `  ${String(i + 1).padStart(2)}. ${ljust(s.what, width)}  ${where}  ->  ${s.value}\n`;
  });
  if (steps.length > MAX_STEPS) out += `  ... ${steps.length - MAX_STEPS} more reads of the same kind\n`;
  return out;
}
