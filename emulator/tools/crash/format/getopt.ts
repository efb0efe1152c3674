/**
 * Option parsing as crash gets it from glibc's getopt(): clustered flags (`-px`), option
 * arguments attached or separate (`-o0x118`, `-o 0x118`), options anywhere on the line (GNU
 * permutation: `dis sys_read 10 -x`), `--` ends options. Errors read like glibc's and are
 * followed by the command's Usage, as crash's argerrs handling does.
 */
import { CrashUsageError } from "../command";

export interface ParsedOptions {
  /** Options in the order given, with their argument when the spec has `:`. */
  readonly list: readonly (readonly [opt: string, arg: string | undefined])[];
  /** Positional arguments in order. */
  readonly args: string[];
  has(opt: string): boolean;
  /** Last argument given for opt. */
  get(opt: string): string | undefined;
  all(opt: string): string[];
  count(opt: string): number;
}

/**
 * Parse args with a getopt spec such as "Hhrs:S:e:o:xdl:". Multi-character numeric options
 * crash's rd accepts (-8 -16 -32 -64) are spelled in the spec as "1:3:6:8" and come back as
 * "16", "32", "64" when their digit argument matches.
 */
/** The parsed getopt spec, cached: commands run once per input-file line (rd < export). */
const specs = new Map<string, Map<string, boolean>>();

function specOf(spec: string): Map<string, boolean> {
  let takesArg = specs.get(spec);
  if (!takesArg) {
    takesArg = new Map();
    for (let i = 0; i < spec.length; i++) {
      const c = spec[i];
      if (c === ":") continue;
      takesArg.set(c, spec[i + 1] === ":");
    }
    specs.set(spec, takesArg);
  }
  return takesArg;
}

class Parsed implements ParsedOptions {
  constructor(
    readonly list: [string, string | undefined][],
    readonly args: string[],
  ) {}
  has(o: string): boolean {
    for (const [k] of this.list) if (k === o) return true;
    return false;
  }
  get(o: string): string | undefined {
    for (let k = this.list.length - 1; k >= 0; k--) if (this.list[k][0] === o) return this.list[k][1];
    return undefined;
  }
  all(o: string): string[] {
    return this.list.filter(([k]) => k === o).map(([, v]) => v ?? "");
  }
  count(o: string): number {
    return this.list.filter(([k]) => k === o).length;
  }
}

export function getopt(cmd: string, argv: readonly string[], spec: string): ParsedOptions {
  const takesArg = specOf(spec);
  const list: [string, string | undefined][] = [];
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--") {
      args.push(...argv.slice(i + 1));
      break;
    }
    if (a.length < 2 || a[0] !== "-") {
      args.push(a);
      continue;
    }
    for (let j = 1; j < a.length; j++) {
      const c = a[j];
      const needs = takesArg.get(c);
      if (needs === undefined) throw new CrashUsageError(`${cmd}: invalid option -- '${c}'`);
      if (!needs) {
        list.push([c, undefined]);
        continue;
      }
      let arg = a.slice(j + 1);
      if (arg === "") {
        if (i + 1 >= argv.length) throw new CrashUsageError(`${cmd}: option requires an argument -- '${c}'`);
        arg = argv[++i];
      }
      list.push([c, arg]);
      break;
    }
  }
  return new Parsed(list, args);
}
