/**
 * Symbols and source lines for graders: which function a text address is in (without GCC's
 * clone suffixes), and which file:line, with a module's debug information loaded the way
 * `mod -s` does. Depends only on the Program API.
 */
import type { Program } from "../../emulator/kernel/program";

/** The function a text address is in, with GCC's clone suffixes (.isra.N, .constprop.N) dropped. */
export function functionAt(prog: Program, pc: bigint): string | undefined {
  const name = prog.symbols.resolve(pc)?.symbol.name;
  return name === undefined ? undefined : baseFunctionName(name);
}

export function baseFunctionName(name: string): string {
  return name.replace(/\.(?:isra|constprop|part|cold)\.\d+$/, "");
}

/** Run fn with a module's debug information loaded (as after `mod -s`), then restore the state. */
export function withDebuginfo<T>(prog: Program, modules: readonly string[], fn: () => T): T {
  const loaded = prog.symbols.loadedDebuginfo;
  const added = modules.filter((m) => !loaded.has(m));
  for (const m of added) loaded.add(m);
  try {
    return fn();
  } finally {
    for (const m of added) loaded.delete(m);
  }
}

/** file:line of a text address with the owning module's debug info loaded. */
export function sourceLine(prog: Program, pc: bigint): { file: string; line: number } {
  const module = prog.symbols.resolve(pc)?.symbol.module;
  const where = withDebuginfo(prog, module ? [module] : [], () => prog.symbols.lineOf(pc));
  if (!where) throw new Error(`no line information for ${pc.toString(16)}`);
  return where;
}
