/**
 * `search`: look through kernel memory for a value (64-bit by default, -w 32-bit, -h 16-bit)
 * or a string (-c). Only memory the dump holds is searched, page by page in address order,
 * with Ctrl-C honoured between pages.
 */
import { FaultError, type Program } from "../../../kernel/program";
import { type CrashCommand, CrashError, CrashUsageError } from "../command";
import { addressArg, htol, isHex, stol } from "../format/args";
import { getopt } from "../format/getopt";
import { rjust } from "../format/text";
import { formatMemory, PartialRead } from "./rd";

const PAGE = 4096;

function residentPages(prog: Program, start: bigint, end: bigint): [bigint, Uint8Array][] {
  const out: [bigint, Uint8Array][] = [];
  for (const [key, bytes] of prog.mem.residentPagesInOrder()) {
    const base = BigInt(key) << 12n;
    if (base + BigInt(PAGE) <= start || base >= end) continue;
    out.push([base, bytes]);
  }
  return out;
}

/** `count` words at `start` laid out as rd shows them (hex and ASCII), as far as memory can be read. */
function contextLines(prog: Program, start: bigint, count: number, width: 16 | 32 | 64): string {
  const o = { width, mode: "hex", ascii: true, symbolic: 0, net: false } as const;
  try {
    return formatMemory(prog, start, count, o, 16);
  } catch (e) {
    if (e instanceof PartialRead) return e.output;
    if (e instanceof FaultError) return "";
    throw e;
  }
}

function printableChar(c: number): string {
  return c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : ".";
}

export const searchCommand: CrashCommand = {
  name: "search",
  synopsis:
    "[-s start] [ -[kKV] | -u | -p | -t | -T ] [-e end | -l length] [-m mask]\n         [-x count] -[cwh] [value | (expression) | symbol | string] ...",
  summary: "search memory",
  help: `  Search kernel memory for values or strings.  Each match is shown as
  "address: value".  Only memory present in the dump is searched.

    -s start   start here (an address or a symbol); default: all kernel memory.
    -e end     stop before this address.
    -l length  search this many bytes from the start.
    -m mask    ignore the bits set in mask when comparing.
    -w / -h    search 32-bit / 16-bit values (default 64-bit).
    -c         search for strings.
    -x count   also show "count" values before and after each match.
    -k         kernel virtual memory (the default).

EXAMPLES
    crash> search -s ffff917c9eb33b00 -l 0x200 ffff917c62522f40
    crash> search -c "filter-testfs0"`,
  async run(session, argv) {
    const prog = session.prog;
    const opts = getopt("search", argv, "s:e:l:m:x:kKVuptTchwH");
    for (const c of ["u", "p", "t", "T"])
      if (opts.has(c)) throw new CrashError(`-${c}: only kernel virtual memory can be searched in this lab`);
    if (opts.args.length === 0) throw new CrashUsageError();
    let start = 0xffff800000000000n;
    let end = 0xffffffffffffffffn;
    const s = opts.get("s");
    if (s !== undefined) start = addressArg(prog, s);
    const e = opts.get("e");
    const l = opts.get("l");
    if (e !== undefined && l !== undefined) throw new CrashError("-e and -l are mutually exclusive");
    if (e !== undefined) end = addressArg(prog, e);
    if (l !== undefined) end = start + stol(l);
    if (end <= start) throw new CrashError(`invalid ending address: ${end.toString(16)}`);
    const mask = opts.get("m") !== undefined ? htol(opts.get("m")!) : 0n;
    const ctx = opts.get("x") !== undefined ? Number(stol(opts.get("x")!)) : 0;
    const strings = opts.has("c");
    const width = opts.has("w") ? 4 : opts.has("h") || opts.has("H") ? 2 : 8;
    const pages = residentPages(prog, start, end);

    if (strings) {
      const targets = opts.args.map((a) => Array.from(a, (ch) => ch.charCodeAt(0) & 0xff));
      for (const [base, bytes] of pages) {
        await session.signal.checkpoint();
        for (let i = 0; i < PAGE; i++) {
          const a = base + BigInt(i);
          if (a < start || a >= end) continue;
          for (const t of targets) {
            let ok = true;
            for (let k = 0; k < t.length && ok; k++) {
              if (i + k >= PAGE) {
                try {
                  ok = prog.readU8(a + BigInt(k)) === t[k];
                } catch {
                  ok = false;
                }
              } else ok = bytes[i + k] === t[k];
            }
            if (!ok) continue;
            let text = "";
            for (let k = 0; k < 56; k++) {
              try {
                text += printableChar(prog.readU8(a + BigInt(k)));
              } catch {
                break;
              }
            }
            session.out(`${a.toString(16)}: ${text}\n`);
          }
        }
      }
      return;
    }

    const values = opts.args.map((a) => (isHex(a) ? htol(a) : addressArg(prog, a)));
    const bits = BigInt(width * 8);
    const full = (1n << bits) - 1n;
    const wanted = values.map((v) => (v | mask) & full);
    for (const [base, bytes] of pages) {
      await session.signal.checkpoint();
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      for (let i = 0; i < PAGE; i += width) {
        const a = base + BigInt(i);
        if (a < start || a >= end) continue;
        const v =
          width === 8
            ? view.getBigUint64(i, true)
            : BigInt(width === 4 ? view.getUint32(i, true) : view.getUint16(i, true));
        if (!wanted.includes((v | mask) & full)) continue;
        if (ctx > 0) {
          // crash's display_with_pre_and_post(): rd's lines before and after, the match between.
          const rdWidth = (width * 8) as 16 | 32 | 64;
          const span = BigInt(ctx * width);
          session.out(contextLines(prog, a - span, ctx, rdWidth));
          session.out(`${rjust(a.toString(16), 16)}:  ${v.toString(16)} \n`);
          session.out(contextLines(prog, a + BigInt(width), ctx, rdWidth));
          session.out("\n");
        } else session.out(`${a.toString(16)}: ${v.toString(16)} \n`);
      }
    }
  },
};
