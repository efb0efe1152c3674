/**
 * `list`: walk a linked list and print each entry's address, optionally with the entry's
 * structure (-s, as gdb prints it) or some of its members read directly (-S, crash's fast
 * path: `  name = value` from 1/2/4/8 bytes of memory). -H starts from a standalone list_head,
 * -h from an entry; the walk stops at NULL, back at the start or head, or at -e; a repeated
 * entry is reported the way crash reports a loop.
 *
 * Built for long lists: 82718 ldlm locks must list in well under a second, so the per-entry
 * work is one or two reads and precomputed member offsets, and output is batched.
 */
import { FaultError, type Program } from "../../../kernel/program";
import {
  MemberPathError,
  resolveMemberPath,
  type StructType,
  sizeOf,
  stripTypedefs,
  type Type,
} from "../../../kernel/types";
import { type CrashCommand, CrashError, type CrashSession, CrashUsageError, type Radix } from "../command";
import { lookupDatatype } from "../datatype";
import { evalExpression, htol, isKernelAddress, isNumber, stol } from "../format/args";
import { GdbValuePrinter, isCharType } from "../format/gdbvalue";
import { getopt } from "../format/getopt";
import { type ResolvedMemberPrint, resolvedMemberText, resolveMemberPrint } from "./struct";

/** `-s`/`-S` argument: a whole struct, or members of it. */
interface StructRequest {
  readonly name: string;
  readonly type: StructType;
  readonly members: readonly FastMember[];
  readonly whole: boolean;
}

/** What crash's fill_member_offsets() precomputes for the -S fast path. */
interface FastMember {
  readonly path: string;
  readonly offset: number;
  readonly width: number;
  readonly isPtr: boolean;
  readonly isStr: boolean;
  readonly type: Type;
  /** For the gdb-style path (-s, and -S members wider than 8 bytes). */
  readonly print: ResolvedMemberPrint;
}

function memberInfo(t: StructType, structName: string, path: string): FastMember {
  let r: ReturnType<typeof resolveMemberPath>;
  try {
    r = resolveMemberPath(t, path);
  } catch (e) {
    if (e instanceof MemberPathError) throw new CrashError(`Can't get offset of '${structName}.${path}'`);
    throw e;
  }
  const s = stripTypedefs(r.type);
  const isPtr = s.kind === "pointer";
  const isStr = (isPtr && isCharType(s.target)) || (s.kind === "array" && isCharType(s.element));
  return {
    path,
    offset: r.offset,
    width: r.bitSize !== undefined ? 0 : sizeOf(r.type),
    isPtr,
    isStr,
    type: r.type,
    print: resolveMemberPrint(t, path),
  };
}

function structRequest(prog: Program, arg: string): StructRequest {
  const dot = arg.indexOf(".");
  const name = dot >= 0 ? arg.slice(0, dot) : arg;
  const dt = lookupDatatype(prog, name);
  if (!dt?.aggregate) throw new CrashError(`invalid structure name: ${name}`);
  if (dot < 0) return { name, type: dt.aggregate, members: [], whole: true };
  const members = arg
    .slice(dot + 1)
    .split(",")
    .filter((m) => m)
    .map((m) => memberInfo(dt.aggregate!, name, m));
  return { name, type: dt.aggregate, members, whole: false };
}

/** A string of at most max bytes at addr, as crash's read_string() returns it. */
function readString(prog: Program, addr: bigint, max: number): string {
  let s = "";
  try {
    for (let i = 0; i < max; i++) {
      const c = prog.readU8(addr + BigInt(i));
      if (c === 0) break;
      s += String.fromCharCode(c);
    }
  } catch {
    /* read_string stops at an unreadable byte */
  }
  return s;
}

/** crash's print_value(): one -S member line. */
function fastMemberLine(
  prog: Program,
  printer: GdbValuePrinter,
  _req: StructRequest,
  m: FastMember,
  base: bigint,
  radix: Radix,
): string {
  if (!(m.width > 0 && (m.width <= 8 || m.isStr))) {
    // Wide members go through gdb, as dump_struct_member() does.
    return resolvedMemberText(printer, m.print, base);
  }
  const addr = base + BigInt(m.offset);
  let v = 0n;
  if (m.width <= 8) {
    try {
      switch (m.width) {
        case 1:
          v = BigInt(prog.readU8(addr));
          break;
        case 2:
          v = BigInt(prog.readU16(addr));
          break;
        case 4:
          v = BigInt(prog.readU32(addr));
          break;
        case 8:
          v = prog.readU64(addr);
          break;
        default:
          v = BigInt.asUintN(m.width * 8, prog.readU64(addr));
      }
    } catch (e) {
      if (e instanceof FaultError) throw new MemberFault(m.path, addr);
      throw e;
    }
  }
  const r = m.isPtr ? 16 : radix;
  let line = "";
  if (m.width === 1 || m.width === 2 || m.width === 4 || m.width === 8)
    line = `  ${m.path} = ${r === 16 ? `0x${v.toString(16)}` : v.toString(10)}`;
  if (m.isStr) {
    if (m.isPtr) line += `  "${readString(prog, v, 1500)}"`;
    else line += `  ${m.path} = "${readString(prog, addr, m.width)}"`;
  } else if (v !== 0n) {
    const hit = v >= 0xffffffff80000000n ? prog.symbols.resolve(v) : undefined;
    if (hit && (hit.symbol.kind === "T" || hit.symbol.kind === "t" || hit.symbol.kind === "W"))
      line += ` <${hit.symbol.name}>`;
  }
  return `${line}\n`;
}

class MemberFault extends Error {
  constructor(
    readonly member: string,
    readonly address: bigint,
  ) {
    super(`cannot access member: ${member} at ${address.toString(16)}`);
  }
}

const BATCH = 4096;

export const listCommand: CrashCommand = {
  name: "list",
  synopsis: "[[-o] offset][-e end][-[s|S] struct[.member[,member] [-l offset]] -[x|d]] [-r|-h|-H] start",
  summary: "linked list",
  help: `  Walk a linked list and show the address of each entry.

    start     where the walk begins: a hexadecimal address or a symbol.
    -o offset / offset
              the offset of the "next" pointer inside each entry, as a number or
              as struct.member (e.g. ldlm_lock.l_res_link); with -h/-H, the
              offset of the embedded list_head, so that entry addresses are shown.
    -H        start is a standalone list_head (a list head in another structure
              or a global such as ldlm_srv_namespace_list); it is not shown itself.
    -h        start is an entry containing the embedded list_head (shown first).
    -r        follow the "prev" pointers of list_heads instead of "next".
    -e end    stop when this address is reached.
    -s struct[.member[,member]]
              after each address, show the structure (or these members) the way
              the struct command does; may be repeated.
    -S struct.member[,member]
              like -s, but members of 1, 2, 4 or 8 bytes are read straight from
              memory and shown as "  name = value": much faster on long lists;
              values are numbers (no enum names), pointers are hexadecimal.
    -l offset with -s/-S, start points at the member at this offset.
    -x / -d   radix of the -s/-S output.

  The walk ends at a NULL pointer, when it comes back to its start (or to the
  -H head), or at -e.  An entry seen twice is reported as a duplicate.

EXAMPLES
  Count the tasks on the task list, starting from init_task (an embedded list_head):

    crash> list -h init_task task_struct.tasks | wc -l

  Walk the modules list from its standalone head and print each module's name:

    crash> list -H modules module.list -s module.name

  The same, reading the member directly from memory (fast, numbers and plain strings only):

    crash> list -H modules module.list -S module.core_size

  Follow the list backwards, from the last entry:

    crash> list -r -H modules module.list`,

  async run(session: CrashSession, argv: string[]) {
    const prog = session.prog;
    const opts = getopt("list", argv, "Hhrs:S:e:o:xdl:");
    let headFormat = false;
    let headPointer = false;
    let reverse = false;
    let mode: "s" | "S" | undefined;
    const structArgs: string[] = [];
    let structListOffset = 0;
    let memberOffset = 0;
    let offsetEntered = false;
    let end: bigint | undefined;
    let radix: Radix | undefined;
    for (const [c, a] of opts.list) {
      switch (c) {
        case "H":
          headFormat = true;
          headPointer = true;
          break;
        case "h":
          headFormat = true;
          break;
        case "r":
          reverse = true;
          break;
        case "s":
        case "S":
          if (mode && mode !== c) throw new CrashError("-S and -s options are mutually exclusive");
          mode = c;
          structArgs.push(a!);
          break;
        case "l":
          structListOffset = offsetArg(prog, a!, "-l option");
          break;
        case "o":
          if (offsetEntered)
            throw new CrashError(
              `offset value ${memberOffset} (0x${memberOffset.toString(16)}) already entered`,
            );
          memberOffset = offsetArg(prog, a!, "-o argument");
          offsetEntered = true;
          break;
        case "e":
          end = htol(a!);
          break;
        case "x":
          if (radix === 10) throw new CrashError("-d and -x are mutually exclusive");
          radix = 16;
          break;
        case "d":
          if (radix === 16) throw new CrashError("-d and -x are mutually exclusive");
          radix = 10;
          break;
      }
    }
    const args = opts.args;
    if (args.length > 2) {
      session.out("list: too many arguments\n");
      throw new CrashUsageError();
    }
    if (structListOffset && !mode) {
      session.out("list: -l option can only be used with -s or -S option\n");
      throw new CrashUsageError();
    }
    let start: bigint | undefined;
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (a.includes(".") && memberOffsetOf(prog, a) !== undefined) {
        if (offsetEntered)
          throw new CrashError(
            `offset value ${memberOffset} (0x${memberOffset.toString(16)}) already entered`,
          );
        memberOffset = memberOffsetOf(prog, a)!;
        offsetEntered = true;
        continue;
      }
      const sym = prog.symbols.lookup(a);
      if (sym) {
        if (start !== undefined) throw new CrashError("list start already entered");
        start = sym.address;
        continue;
      }
      if (!isNumber(a)) {
        let v: bigint | undefined;
        try {
          v = evalExpression(prog, a.startsWith("(") ? a : `(${a})`);
        } catch {
          v = undefined;
        }
        if (v !== undefined && isKernelAddress(v)) {
          if (start !== undefined) throw new CrashError("list start already entered");
          start = v;
          continue;
        }
        throw new CrashError(`invalid argument: ${a}`);
      }
      if (start !== undefined) {
        memberOffset = Number(stol(a));
        offsetEntered = true;
        break;
      }
      if (offsetEntered || i + 1 >= args.length) {
        const v = htol(a);
        if (!isKernelAddress(v)) throw new CrashError(`invalid kernel virtual address: ${a}`);
        start = v;
        break;
      }
      const next = args[i + 1];
      if (prog.symbols.lookup(next)) {
        memberOffset = Number(stol(a));
        offsetEntered = true;
        continue;
      }
      const hv = /^(0x)?[0-9a-fA-F]+$/.test(a) && /[a-fA-Fx]/.test(a) ? htol(a) : undefined;
      if (hv !== undefined && isKernelAddress(hv)) {
        start = hv;
        continue;
      }
      memberOffset = Number(stol(a));
      offsetEntered = true;
    }
    if (start === undefined) {
      session.out("list: starting address required\n");
      throw new CrashUsageError();
    }
    if (offsetEntered && structListOffset) {
      session.out("list: -l and -o are mutually exclusive\n");
      throw new CrashUsageError();
    }

    let listHeadOffset = 0;
    if (headFormat) {
      listHeadOffset = memberOffset;
      memberOffset = reverse ? 8 : 0;
      if (headPointer) {
        if (end === undefined) end = start;
        try {
          start = prog.readU64(start + BigInt(memberOffset));
        } catch (e) {
          if (e instanceof FaultError)
            throw new CrashError(
              `invalid kernel virtual address: ${e.address.toString(16)}  type: "LIST_HEAD contents"`,
            );
          throw e;
        }
        if (start === end) {
          session.out("(empty)\n");
          return;
        }
      } else start += BigInt(listHeadOffset);
    } else if (reverse) {
      // Without -h/-H crash ignores -r.
    }

    const requests = structArgs.map((a) => structRequest(prog, a));
    await walk(session, {
      start,
      end,
      memberOffset: BigInt(memberOffset),
      listHeadOffset: BigInt(listHeadOffset),
      structOffset: BigInt(listHeadOffset + structListOffset),
      headFormat,
      requests,
      fast: mode === "S",
      radix: radix ?? session.radix,
    });
  },
};

function offsetArg(prog: Program, a: string, what: string): number {
  if (isNumber(a)) return Number(stol(a));
  const off = memberOffsetOf(prog, a);
  if (off === undefined) throw new CrashError(`invalid ${what}: ${a}`);
  return off;
}

/** The byte offset named by `struct.member[.sub]`, or undefined. */
function memberOffsetOf(prog: Program, a: string): number | undefined {
  const dot = a.indexOf(".");
  if (dot <= 0) return undefined;
  const dt = lookupDatatype(prog, a.slice(0, dot));
  if (!dt?.aggregate) return undefined;
  try {
    return resolveMemberPath(dt.aggregate, a.slice(dot + 1)).offset;
  } catch {
    return undefined;
  }
}

interface WalkPlan {
  start: bigint;
  end: bigint | undefined;
  memberOffset: bigint;
  listHeadOffset: bigint;
  structOffset: bigint;
  headFormat: boolean;
  requests: readonly StructRequest[];
  fast: boolean;
  radix: Radix;
}

async function walk(session: CrashSession, p: WalkPlan): Promise<void> {
  const prog = session.prog;
  const printer = new GdbValuePrinter(prog, p.radix);
  // Loop detection, as crash's hash queue: kernel addresses keyed by their low 48 bits (a
  // number, much cheaper to hash than a bigint), anything else by value.
  const seenKernel = new Set<number>();
  const seenOther = new Set<bigint>();
  const firstVisit = (a: bigint): boolean => {
    if (a >= 0xffff800000000000n) {
      const k = Number(a & 0xffffffffffffn);
      if (seenKernel.has(k)) return false;
      seenKernel.add(k);
      return true;
    }
    if (seenOther.has(a)) return false;
    seenOther.add(a);
    return true;
  };
  const out: string[] = [];
  const flush = () => {
    if (out.length) {
      session.out(out.join(""));
      out.length = 0;
    }
  };
  const readNext = (at: bigint): bigint => {
    try {
      return prog.readU64(at + p.memberOffset);
    } catch (e) {
      if (e instanceof FaultError) {
        flush();
        throw new CrashError(`\nlist: invalid list entry: ${at.toString(16)}`, true);
      }
      throw e;
    }
  };
  readNext(p.start);
  const explain = session.explain;
  let next = p.start;
  let count = 0;
  try {
    for (;;) {
      const entry = next - p.listHeadOffset;
      out.push(`${entry.toString(16)}\n`);
      for (const req of p.requests) {
        const base = next - p.structOffset;
        if (req.whole) {
          try {
            out.push(`struct ${req.name} ${printer.structAt(req.type, base)}\n`);
          } catch (e) {
            if (!(e instanceof FaultError)) throw e;
            out.push(`struct ${req.name} `);
            flush();
            session.out(
              `list: invalid kernel virtual address: ${e.address.toString(16)}  type: "gdb_readmem_callback"\nCannot access memory at address 0x${e.address.toString(16)}\n`,
            );
          }
          continue;
        }
        for (const m of req.members) {
          try {
            if (p.fast) out.push(fastMemberLine(prog, printer, req, m, base, p.radix));
            else out.push(resolvedMemberText(printer, m.print, base));
          } catch (e) {
            if (e instanceof MemberFault || e instanceof FaultError) {
              const addr = e instanceof MemberFault ? e.address : base + BigInt(m.offset);
              flush();
              session.out(`list: cannot access member: ${m.path} at ${addr.toString(16)}\n`);
              continue;
            }
            throw e;
          }
        }
      }
      if (next !== 0n) {
        if (!firstVisit(entry)) {
          flush();
          throw new CrashError(`\nlist: duplicate list entry: ${next.toString(16)}`, true);
        }
      }
      const last = next;
      next = readNext(next);
      if (explain && count < 8)
        session.recordStep({
          what: `entry ${count + 1}: list_head.${p.memberOffset === 8n ? "prev" : "next"}`,
          address: last + p.memberOffset,
          offset: Number(p.listHeadOffset + p.memberOffset),
          value: `0x${next.toString(16)}`,
        });
      count++;
      if (next === 0n) {
        if (p.headFormat) {
          flush();
          throw new CrashError("\nlist: invalid list entry: 0", true);
        }
        break;
      }
      if (next === p.end || next === p.start || next === last) break;
      if ((count & (BATCH - 1)) === 0) {
        flush();
        await session.signal.checkpoint();
      }
    }
  } finally {
    flush();
  }
}
