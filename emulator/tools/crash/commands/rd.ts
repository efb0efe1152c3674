/**
 * `rd`: read memory and show it as 8/16/32/64-bit words (hex with an ASCII column, signed or
 * unsigned decimal), as symbols and slab objects (-s, -S, -SS), or as a string (-a). The line
 * layout follows crash's display_memory(): `%16lx:  ` then the entries, and the ASCII text
 * padded to a fixed column on the last line.
 */
import { FaultError, type Program } from "../../../kernel/program";
import { type CrashCommand, CrashError, type CrashSession, CrashUsageError } from "../command";
import { evalExpression, htol, isHex, isKernelAddress, SymbolNotFound, stol } from "../format/args";
import { getopt } from "../format/getopt";
import { rjust } from "../format/text";

type Width = 8 | 16 | 32 | 64;

const PER_LINE: Record<Width, number> = { 64: 2, 32: 4, 16: 8, 8: 16 };
/** ASCII_START_n (37/39/43/51 + VADDR_PRLEN). */
const ASCII_START: Record<Width, number> = { 64: 53, 32: 55, 16: 59, 8: 67 };
const HEX_DIGITS: Record<Width, number> = { 64: 16, 32: 8, 16: 4, 8: 2 };

function printable(c: number): string {
  return c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : ".";
}

export interface RdOptions {
  width: Width;
  mode: "hex" | "dec" | "udec";
  ascii: boolean;
  symbolic: 0 | 1 | 2 | 3;
  net: boolean;
}

function readWord(prog: Program, addr: bigint, width: Width): bigint {
  switch (width) {
    case 8:
      return BigInt(prog.readU8(addr));
    case 16:
      return BigInt(prog.readU16(addr));
    case 32:
      return BigInt(prog.readU32(addr));
    case 64:
      return prog.readU64(addr);
  }
}

function swapBytes(v: bigint, width: Width): bigint {
  if (width === 16) return ((v & 0xffn) << 8n) | (v >> 8n);
  if (width === 32) return ((v & 0xffn) << 24n) | ((v & 0xff00n) << 8n) | ((v >> 8n) & 0xff00n) | (v >> 24n);
  return v;
}

/** `sym+off` as crash's value_to_symstr() writes it (offset in the output radix), or "". */
export function symbolString(prog: Program, v: bigint, radix: 10 | 16): string {
  if (v < 0xffffffff80000000n) return "";
  const r = prog.symbols.resolve(v);
  if (!r) return "";
  if (!r.offset) return r.symbol.name;
  return radix === 16 ? `${r.symbol.name}+0x${r.offset.toString(16)}` : `${r.symbol.name}+${r.offset}`;
}

/** The words of memory starting at addr, formatted as rd does (count entries of `width` bits). */
export function formatMemory(
  prog: Program,
  start: bigint,
  count: number,
  o: RdOptions,
  radix: 10 | 16,
): string {
  const bytesPer = o.width / 8;
  const per = PER_LINE[o.width];
  const digits = HEX_DIGITS[o.width];
  const lines: string[] = [];
  let line = "";
  let ascii = "";
  let addr = start;
  for (let i = 0; i < count; i++, addr += BigInt(bytesPer)) {
    let v: bigint;
    try {
      v = readWord(prog, addr, o.width);
    } catch (e) {
      if (e instanceof FaultError && i > 0) {
        if (line) lines.push(o.ascii ? `${line}  ${ascii}` : line);
        throw new PartialRead(lines.join("\n") + (lines.length ? "\n" : ""), e);
      }
      throw e;
    }
    if (i % per === 0) {
      if (i) lines.push(o.ascii ? `${line}  ${ascii}` : line);
      line = `${rjust(addr.toString(16), 16)}:  `;
      ascii = "";
    }
    let cell: string | undefined;
    if (o.symbolic && o.width === 64 && o.mode === "hex") {
      const s = symbolString(prog, v, radix);
      if (s) cell = s;
      else if (o.symbolic >= 2) {
        const hit = prog.slabs.find(v);
        if (hit) cell = o.symbolic === 3 ? `[${v.toString(16)}:${hit.cache.name}]` : `[${hit.cache.name}]`;
      }
      if (cell !== undefined) cell = `${cell.padEnd(16)} `;
    }
    if (cell === undefined) {
      if (o.net) v = swapBytes(v, o.width);
      if (o.mode === "hex") cell = `${v.toString(16).padStart(digits, "0")} `;
      else if (o.mode === "dec") {
        const s = BigInt.asIntN(o.width, v).toString(10);
        cell = `${s.padStart(o.width === 64 ? 15 : o.width === 32 ? 12 : o.width === 16 ? 5 : 3)} `;
      } else
        cell = `${v.toString(10).padStart(o.width === 64 ? 20 : o.width === 32 ? 12 : o.width === 16 ? 5 : 3)} `;
    }
    line += cell;
    if (o.ascii) {
      for (let b = 0; b < bytesPer; b++) ascii += printable(Number((v >> BigInt(8 * b)) & 0xffn));
    }
  }
  if (line) {
    if (o.ascii) line = `${line.padEnd(ASCII_START[o.width])}  ${ascii}`;
    lines.push(line);
  }
  return lines.length ? `${lines.join("\n")}\n` : "";
}

/** Output already produced when a read failed part-way. */
export class PartialRead extends Error {
  constructor(
    readonly output: string,
    readonly fault: FaultError,
  ) {
    super("partial read");
  }
}

/** `rd -a`: printable characters, 60 per line; without a count, up to the first unprintable byte. */
function formatAscii(prog: Program, start: bigint, count: number | undefined): string {
  let out = "";
  let col = 0;
  const limit = count ?? Number.MAX_SAFE_INTEGER;
  for (let i = 0; i < limit; i++) {
    const a = start + BigInt(i);
    const c = prog.readU8(a);
    if (c >= 0x20 && c < 0x7f) {
      if (col % 60 === 0) {
        if (out) out += "\n";
        out += `${rjust(a.toString(16), 16)}:  `;
      }
      out += String.fromCharCode(c);
      col++;
    } else {
      if (count === undefined) break;
      col = 0;
    }
  }
  return out ? `${out}\n` : "";
}

/** `struct -r`: the structure's bytes as 64-bit words with ASCII. */
export function rawDump(prog: Program, addr: bigint, size: number): string {
  return formatMemory(
    prog,
    addr,
    Math.ceil(size / 8),
    { width: 64, mode: "hex", ascii: true, symbolic: 0, net: false },
    16,
  );
}

function kvaddrError(addr: bigint, width: Width | "ascii"): CrashError {
  const type = width === "ascii" ? "ascii" : `${width}-bit KVADDR`;
  return new CrashError(`invalid kernel virtual address: ${addr.toString(16)}  type: "${type}"`);
}

export const rdCommand: CrashCommand = {
  name: "rd",
  synopsis: "[-adDsSupxmfN][-8|-16|-32|-64][-o offs][-e addr][-r file] [address|symbol] [count]",
  summary: "read memory",
  help: `  Display the contents of memory, by default one 64-bit word in hexadecimal
  followed by its bytes as ASCII text.

    -8 -16 -32 -64  size of each entry (default 64).
    -x        no ASCII column.
    -d / -D   signed / unsigned decimal.
    -s        show words that are kernel symbol addresses as symbol+offset.
    -S        as -s, and show slab object addresses as [cache-name];
    -SS       as [address:cache-name].  (-s and -S need 64-bit entries.)
    -a        show memory as a string: 60 characters per line, stopping at the
              first unprintable byte unless a count is given.
    -N        network byte order (16 and 32-bit entries).
    -o offs   add offs (decimal, or hexadecimal if not all digits) to the address.
    -e addr   read up to this ending address instead of using a count.
    -r file   copy count bytes of raw memory to a file.
    address   a hexadecimal kernel address, a symbol, or an (expression).
    count     number of entries to show (default 1).

EXAMPLES
    crash> rd -o 0x118 0xffff917c96f59000
    ffff917c96f59118:  ffff917cdee0ba80                    ....|...

  Read one pointer for each address listed in a file, and keep column 2:

    crash> rd -o 0x118 < export | awk '{ print $2 }' > conn

    crash> rd -s ffff917c9eb33b40 8
    crash> rd -a linux_banner`,
  async run(session: CrashSession, argv: string[]) {
    const prog = session.prog;
    const opts = getopt("rd", argv, "axme:r:pfudDusSNo:81:3:6:");
    const o: RdOptions = { width: 64, mode: "hex", ascii: true, symbolic: 0, net: false };
    let asciiMode = false;
    let end: bigint | undefined;
    let offset = 0n;
    let rawFile: string | undefined;
    let noAscii = false;
    const errs: string[] = [];
    for (const [c, a] of opts.list) {
      switch (c) {
        case "a":
          asciiMode = true;
          break;
        case "8":
          o.width = 8;
          break;
        case "1":
        case "3":
        case "6":
          if (`${c}${a}` === "16") o.width = 16;
          else if (`${c}${a}` === "32") o.width = 32;
          else if (`${c}${a}` === "64") o.width = 64;
          else errs.push(`rd: invalid option: ${c}${a}`);
          break;
        case "e":
          end = htol(a!);
          break;
        case "r":
          rawFile = a;
          break;
        case "s":
        case "S":
          if (o.width !== 64) {
            errs.push(`rd: -${c} option is only allowed with 64-bit display`);
            break;
          }
          if (c === "s") o.symbolic = Math.max(o.symbolic, 1) as RdOptions["symbolic"];
          else o.symbolic = o.symbolic >= 2 ? 3 : 2;
          break;
        case "o":
          offset = stol(a!);
          break;
        case "p":
          throw new CrashError("physical addresses are not available in this lab");
        case "u":
          throw new CrashError("user virtual addresses are not available in this dump");
        case "f":
          throw new CrashError("dumpfile offsets are not available in this lab");
        case "m":
          throw new CrashError("-m option only applies to xen architecture");
        case "d":
          o.mode = "dec";
          break;
        case "D":
          o.mode = "udec";
          break;
        case "x":
          noAscii = true;
          break;
        case "N":
          o.net = true;
          break;
      }
    }
    if (errs.length || opts.args.length === 0) throw new CrashUsageError(errs.join("\n") || undefined);
    const arg = opts.args[0];
    let addr: bigint;
    if (arg.startsWith("(")) addr = evalExpression(prog, arg);
    else if (isHex(arg)) addr = htol(arg);
    else {
      const sym = prog.symbols.lookup(arg);
      if (!sym) throw new SymbolNotFound(arg);
      addr = sym.address;
    }
    addr = BigInt.asUintN(64, addr + offset);
    let count: number | undefined = opts.args[1] !== undefined ? Number(stol(opts.args[1])) : undefined;
    const bytesPer = asciiMode || rawFile ? 1 : o.width / 8;
    if (count === undefined) {
      if (end !== undefined) {
        if (end <= addr) throw new CrashError(`invalid ending address: ${end.toString(16)}`);
        count = Math.max(1, Number((end - addr) / BigInt(bytesPer)));
      } else if (rawFile) throw new CrashError("-r option requires either a count argument or the -e option");
      else if (!asciiMode) count = 1;
    } else if (end !== undefined)
      session.out("rd: WARNING: ending address ignored when count is specified\n");
    if (count !== undefined && count <= 0) throw new CrashError(`invalid count request: ${count}`);
    o.ascii = o.mode === "hex" && !o.symbolic && !noAscii;
    if (!isKernelAddress(addr)) {
      const w = asciiMode ? "ascii" : `${o.width}-bit`;
      throw new CrashError(
        `invalid user virtual address: ${addr.toString(16)}  type: "${w}${asciiMode ? "" : " UVADDR"}"`,
      );
    }
    if (session.explain) {
      let first = "(unreadable)";
      try {
        first = `0x${readWord(prog, addr, asciiMode ? 8 : o.width).toString(16)}`;
      } catch {
        /* the read below reports it */
      }
      const many = (count ?? 2) > 1;
      const what = `${asciiMode ? "bytes" : `${o.width}-bit word`}${many ? `s (${count ?? "up to a NUL"})` : ""}`;
      session.recordStep({
        what,
        address: addr,
        offset: offset ? Number(offset) : undefined,
        value: `${first}${many ? " ..." : ""}`,
      });
    }
    try {
      if (rawFile) {
        const bytes = prog.mem.readBytes(addr, count!);
        await session.fs.writeFile(rawFile, String.fromCharCode(...bytes));
        session.out(`${count} bytes copied from 0x${addr.toString(16)} to ${rawFile}\n`);
        return;
      }
      if (asciiMode) {
        session.out(formatAscii(prog, addr, count));
        return;
      }
      session.out(formatMemory(prog, addr, count!, o, session.radix));
    } catch (e) {
      if (e instanceof PartialRead) {
        session.out(e.output);
        throw kvaddrError(e.fault.address, o.width);
      }
      if (e instanceof FaultError) throw kvaddrError(e.address, asciiMode ? "ascii" : o.width);
      throw e;
    }
  },
};
