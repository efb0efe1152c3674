/**
 * `search`: look through kernel memory for a value (64-bit by default, -w 32-bit, -h 16-bit)
 * or a string (-c). Only memory the dump holds is searched, page by page in address order,
 * with Ctrl-C honoured between pages.
 */
import type { Program } from "../../../kernel/program";
import { type CrashCommand, CrashError, CrashUsageError } from "../command";
import { addressArg, htol, isHex, stol } from "../format/args";
import { getopt } from "../format/getopt";

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
    const fmtWidth = width * 2;
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
          for (let k = -ctx; k <= ctx; k++) {
            const b = a + BigInt(k * width);
            let w: bigint;
            try {
              w = width === 8 ? prog.readU64(b) : BigInt(width === 4 ? prog.readU32(b) : prog.readU16(b));
            } catch {
              continue;
            }
            session.out(`${b.toString(16)}: ${w.toString(16).padStart(fmtWidth, "0")}\n`);
          }
          session.out("\n");
        } else session.out(`${a.toString(16)}: ${v.toString(16)} \n`);
      }
    }
  },
};
