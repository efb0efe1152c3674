/**
 * The flame graph scripts of the guest (/usr/local/bin in the talk's VM): `stackcollapse-perf.pl`
 * folds `perf script` output, `flamegraph.pl` draws folded stacks as SVG. Our own TypeScript
 * implementations of the same command-line contract (stdin or file arguments, stdout).
 */
import type { ToolCommand, ToolIO } from "../toolapi";
import { type CollapseOptions, collapsePerf, formatFolded } from "./collapse";

const COLLAPSE_USAGE =
  "USAGE: stackcollapse-perf.pl [--pid|--tid] [--kernel] [--jit] [--all] [--addrs] [--event-filter=EVENT] [infile] > outfile\n";

import { parseFolded } from "./folded";
import { BACKGROUNDS, PALETTES, renderFlameGraph, type SvgOptions } from "./svg";

async function inputs(io: ToolIO, files: readonly string[]): Promise<string | null> {
  if (!files.length) return io.stdin ?? "";
  let text = "";
  for (const f of files) {
    if (!(await io.fs.exists(f))) {
      io.stderr(`Can't open ${f}: No such file or directory\n`);
      return null;
    }
    text += await io.fs.readFile(f);
  }
  return text;
}

export const stackcollapsePerfTool: ToolCommand = {
  name: "stackcollapse-perf.pl",
  summary: "Fold perf script callchains into one line per stack (flame graph input)",
  async run(io) {
    const files: string[] = [];
    const opts: { -readonly [K in keyof CollapseOptions]: CollapseOptions[K] } = {};
    for (const a of io.args) {
      if (a === "--pid") opts.pid = true;
      else if (a === "--tid") opts.tid = true;
      else if (a === "--kernel") opts.kernel = true;
      else if (a === "--jit") opts.jit = true;
      else if (a === "--all") {
        opts.kernel = true;
        opts.jit = true;
      } else if (a === "--addrs") opts.addrs = true;
      else if (a === "--inline" || a === "--context")
        continue; // no addr2line sources here: frames stay as perf resolved them
      else if (a.startsWith("--event-filter=")) opts.eventFilter = a.slice(15);
      else if (a === "-h" || a === "--help") {
        io.stderr(COLLAPSE_USAGE);
        return 1;
      } else if (a.startsWith("-") && a !== "-") {
        io.stderr(`Unknown option: ${a.replace(/^-+/, "").replace(/=.*$/, "")}\n${COLLAPSE_USAGE}`);
        return 1;
      } else files.push(a);
    }
    const text = await inputs(
      io,
      files.filter((f) => f !== "-"),
    );
    if (text === null) return 2;
    io.stdout(formatFolded(collapsePerf(text, opts)));
    return 0;
  },
};

const FLAMEGRAPH_USAGE =
  "USAGE: flamegraph.pl [--title TEXT] [--subtitle TEXT] [--width NUM] [--height NUM] [--fontsize NUM]\n" +
  "       [--minwidth NUM] [--countname TEXT] [--colors PALETTE] [--bgcolors COLOR] [--hash]\n" +
  "       [--inverted] [--reverse] infile > outfile.svg\n";

export const flamegraphTool: ToolCommand = {
  name: "flamegraph.pl",
  summary: "Render folded stacks as a flame graph SVG",
  async run(io) {
    const files: string[] = [];
    const o: {
      -readonly [K in keyof SvgOptions]: SvgOptions[K];
    } = {};
    let reverse = false;
    const args = io.args;
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      const eq = a.indexOf("=");
      const flag = a.startsWith("--") && eq > 0 ? a.slice(0, eq) : a;
      const val = () => (a.startsWith("--") && eq > 0 ? a.slice(eq + 1) : (args[++i] ?? ""));
      const num = (): number | null => {
        const v = Number(val());
        return Number.isFinite(v) && v >= 0 ? v : null;
      };
      switch (flag) {
        case "--title":
          o.title = val();
          break;
        case "--subtitle":
          o.subtitle = val();
          break;
        case "--countname":
          o.countName = val();
          break;
        case "--width":
        case "--height":
        case "--fontsize":
        case "--minwidth": {
          const v = num();
          if (v === null || (flag !== "--minwidth" && v === 0)) {
            io.stderr(
              `Value "${args[i]}" invalid for option ${flag.slice(2)} (number expected)\n${FLAMEGRAPH_USAGE}`,
            );
            return 1;
          }
          if (flag === "--width") o.width = v;
          else if (flag === "--height") o.frameHeight = v;
          else if (flag === "--fontsize") o.fontSize = v;
          else o.minWidth = v;
          break;
        }
        case "--colors":
        case "--color": {
          const v = val();
          // flamegraph.pl falls back to its default palette for a name it does not know.
          o.palette = PALETTES.includes(v) ? v : "hot";
          break;
        }
        case "--bgcolors": {
          const v = val();
          if (!(v in BACKGROUNDS) && !/^#[0-9a-fA-F]{6}$/.test(v)) {
            io.stderr(`Unrecognized bgcolor option "${v}"\n`);
            return 1;
          }
          o.background = v;
          break;
        }
        case "--hash":
          o.hashByName = true;
          break;
        case "--inverted":
          o.inverted = true;
          break;
        case "--reverse":
          reverse = true;
          break;
        case "-h":
        case "--help":
          io.stderr(FLAMEGRAPH_USAGE);
          return 1;
        default:
          if (a.startsWith("-") && a !== "-") {
            io.stderr(`Unknown option: ${flag.replace(/^-+/, "")}\n${FLAMEGRAPH_USAGE}`);
            return 1;
          }
          files.push(a);
      }
    }
    const text = await inputs(
      io,
      files.filter((f) => f !== "-"),
    );
    if (text === null) return 2;
    // --reverse: each stack read leaf first, so the graph merges from the leaves.
    const folded = reverse
      ? text
          .split("\n")
          .map((l) => {
            const m = /^(.*\S)\s+(\d+(?:\.\d+)?)$/.exec(l.trim());
            return m ? `${m[1].split(";").reverse().join(";")} ${m[2]}` : l;
          })
          .join("\n")
      : text;
    const root = parseFolded(folded);
    if (root.value === 0) io.stderr("ERROR: No stack counts found\n");
    io.stdout(renderFlameGraph(root, o));
    return root.value === 0 ? 2 : 0;
  },
};
