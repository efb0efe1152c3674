/**
 * `flameview <file>`: asks the web page around the terminal to open a folded-stack or SVG flame
 * graph of the guest in its interactive viewer. The guest cannot call the page, so the request
 * travels in the terminal output as an OSC escape sequence that the page's terminal swallows:
 *
 *     ESC ] 9999 ; flameview ; <absolute path, percent-encoded> BEL
 *
 * Any program can send it (`printf '\033]9999;flameview;%s\007' /root/out.folded` works in the
 * v86 guest too); terminals that do not know OSC 9999 ignore it, so on the CLI it is harmless.
 * The page then reads the file itself through GuestInspect.readFile.
 */
import type { ToolCommand } from "../toolapi";

/** OSC number of requests from the guest to the page (unassigned by xterm and other terminals). */
export const PAGE_REQUEST_OSC = 9999;

export interface PageRequest {
  readonly verb: string;
  readonly arg: string;
}

/** The escape sequence for one request; the argument is percent-encoded so ';', ESC or BEL stay inside. */
export function encodePageRequest(verb: string, arg: string): string {
  return `\x1b]${PAGE_REQUEST_OSC};${verb};${encodeURIComponent(arg)}\x07`;
}

/** Inverse of encodePageRequest for the OSC payload (what follows "9999;"); null if malformed. */
export function decodePageRequest(payload: string): PageRequest | null {
  const m = /^([a-z][a-z0-9-]*);(.*)$/.exec(payload);
  if (!m) return null;
  try {
    return { verb: m[1], arg: decodeURIComponent(m[2]) };
  } catch {
    return null;
  }
}

const USAGE =
  "Usage: flameview FILE   (FILE: folded stacks, e.g. out.folded, perf script output, or an SVG from flamegraph.pl)\n";

function resolvePath(cwd: string, path: string): string {
  const parts = (path.startsWith("/") ? path : `${cwd}/${path}`).split("/");
  const out: string[] = [];
  for (const p of parts) {
    if (p === "" || p === ".") continue;
    if (p === "..") out.pop();
    else out.push(p);
  }
  return `/${out.join("/")}`;
}

export const flameviewTool: ToolCommand = {
  name: "flameview",
  summary: "Open a folded-stack file or flame graph SVG in the page's interactive viewer",
  async run(io) {
    const files = io.args.filter((a) => !a.startsWith("-"));
    if (io.args.some((a) => a === "-h" || a === "--help")) {
      io.stdout(USAGE);
      return 0;
    }
    if (files.length !== 1 || files.length !== io.args.length) {
      io.stderr(USAGE);
      return 1;
    }
    const path = resolvePath(io.cwd, files[0]);
    if (!(await io.fs.exists(path))) {
      io.stderr(`flameview: ${files[0]}: No such file or directory\n`);
      return 2;
    }
    if (await io.fs.isDirectory(path)) {
      io.stderr(`flameview: ${files[0]}: Is a directory\n`);
      return 2;
    }
    io.stdout(`${encodePageRequest("flameview", path)}flameview: opening ${path} in the page viewer\n`);
    return 0;
  },
};
