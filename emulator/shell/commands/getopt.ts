/**
 * GNU getopt_long as the VM's coreutils/util-linux/procps tools use it, with their error
 * texts: `invalid option -- 'Z'`, `unrecognized option '--foo'`,
 * `option requires an argument -- 'n'`.
 */

export interface OptionSpec {
  /** Short options; a trailing ':' marks an option that takes an argument ("n:"). */
  readonly short?: string;
  /** Long option name → the short letter (or name) it stands for; `=` suffix takes an argument. */
  readonly long?: Readonly<Record<string, string>>;
}

export interface ParsedOptions {
  /** Options in the order given: [name, argument]. Long options map to their short letter. */
  readonly options: ReadonlyArray<readonly [string, string | null]>;
  readonly operands: readonly string[];
}

export class OptionError extends Error {}

export function getopt(args: readonly string[], spec: OptionSpec): ParsedOptions {
  const short = spec.short ?? "";
  const long = spec.long ?? {};
  const options: Array<[string, string | null]> = [];
  const operands: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "--") {
      operands.push(...args.slice(i + 1));
      break;
    }
    if (a.startsWith("--")) {
      const eq = a.indexOf("=");
      const name = a.slice(2, eq < 0 ? undefined : eq);
      const keys = Object.keys(long).map((k) => k.replace(/=$/, ""));
      const exact = keys.find((k) => k === name);
      const prefix = keys.filter((k) => k.startsWith(name));
      const match = exact ?? (prefix.length === 1 ? prefix[0] : undefined);
      if (!match) {
        if (prefix.length > 1) throw new OptionError(`option '${a}' is ambiguous`);
        throw new OptionError(`unrecognized option '${a}'`);
      }
      const takesArg = `${match}=` in long;
      const target = long[takesArg ? `${match}=` : match];
      if (takesArg) {
        if (eq >= 0) options.push([target, a.slice(eq + 1)]);
        else if (i + 1 < args.length) options.push([target, args[++i]]);
        else throw new OptionError(`option '--${match}' requires an argument`);
      } else {
        if (eq >= 0) throw new OptionError(`option '--${match}' doesn't allow an argument`);
        options.push([target, null]);
      }
      continue;
    }
    if (a.startsWith("-") && a.length > 1) {
      for (let k = 1; k < a.length; k++) {
        const c = a[k];
        const at = short.indexOf(c);
        if (at < 0 || c === ":") throw new OptionError(`invalid option -- '${c}'`);
        if (short[at + 1] === ":") {
          const rest = a.slice(k + 1);
          if (rest) options.push([c, rest]);
          else if (i + 1 < args.length) options.push([c, args[++i]]);
          else throw new OptionError(`option requires an argument -- '${c}'`);
          break;
        }
        options.push([c, null]);
      }
      continue;
    }
    operands.push(a);
  }
  return { options, operands };
}

export function has(parsed: ParsedOptions, name: string): boolean {
  return parsed.options.some(([n]) => n === name);
}

/** coreutils' quote() in a UTF-8 locale. */
export function quote(s: string): string {
  return `\u2018${s}\u2019`;
}

/** The coreutils way to report a usage error. */
export function tryHelp(
  command: string,
  message: string,
): { stdout: string; stderr: string; exitCode: number } {
  return {
    stdout: "",
    stderr: `${command}: ${message}\nTry '${command} --help' for more information.\n`,
    exitCode: 1,
  };
}
