/**
 * The flame graph scripts of the guest (/usr/local/bin in the talk's VM): `stackcollapse-perf.pl`
 * folds `perf script` output, `flamegraph.pl` draws folded stacks as SVG. Our own TypeScript
 * implementations of the same command-line contract (stdin or file arguments, stdout).
 */
import type { ToolCommand, ToolIO } from "../toolapi";
import { collapsePerf, formatFolded } from "./collapse";
import { parseFolded } from "./folded";
import { renderFlameGraph } from "./svg";

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
    const opts = { pid: false, kernel: false };
    for (const a of io.args) {
      if (a === "--pid") opts.pid = true;
      else if (a === "--kernel") opts.kernel = true;
      else if (a === "-h" || a === "--help") {
        io.stdout("USAGE: stackcollapse-perf.pl [--pid] [--kernel] [infile] > outfile\n");
        return 0;
      } else if (a.startsWith("-")) {
        io.stderr(
          `Unknown option: ${a.replace(/^-+/, "")}\nUSAGE: stackcollapse-perf.pl [--pid] [--kernel] [infile] > outfile\n`,
        );
        return 1;
      } else files.push(a);
    }
    const text = await inputs(io, files);
    if (text === null) return 2;
    io.stdout(formatFolded(collapsePerf(text, opts)));
    return 0;
  },
};

export const flamegraphTool: ToolCommand = {
  name: "flamegraph.pl",
  summary: "Render folded stacks as a flame graph SVG",
  async run(io) {
    const files: string[] = [];
    let title: string | undefined;
    let width: number | undefined;
    let countName: string | undefined;
    let minWidth: number | undefined;
    const args = io.args;
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      const val = () => (a.includes("=") ? a.slice(a.indexOf("=") + 1) : (args[++i] ?? ""));
      if (a.startsWith("--title")) title = val();
      else if (a.startsWith("--width")) width = Number(val());
      else if (a.startsWith("--countname")) countName = val();
      else if (a.startsWith("--minwidth")) minWidth = Number(val());
      else if (a === "-h" || a === "--help") {
        io.stdout(
          "USAGE: flamegraph.pl [--title TEXT] [--width NUM] [--countname TEXT] [--minwidth NUM] infile > outfile.svg\n",
        );
        return 0;
      } else if (a.startsWith("-")) {
        io.stderr(`Unknown option: ${a.replace(/^-+/, "")}\n`);
        return 1;
      } else files.push(a);
    }
    if ((width !== undefined && !(width > 0)) || (minWidth !== undefined && !(minWidth >= 0))) {
      io.stderr("flamegraph.pl: invalid number\n");
      return 1;
    }
    const text = await inputs(io, files);
    if (text === null) return 2;
    const root = parseFolded(text);
    if (root.value === 0) io.stderr("ERROR: No stack counts found\n");
    io.stdout(renderFlameGraph(root, { title, width, countName, minWidth }));
    return root.value === 0 ? 2 : 0;
  },
};
