/**
 * `struct` (and `union`, which shares this code): show a structure definition, with `-o`
 * member offsets, or the contents of one or more structures in memory, whole or by member
 * (`struct ldlm_resource.lr_refcount addr`, `task_struct.se.on_rq,pids[2] addr`).
 */
import { FaultError, type Program } from "../../../kernel/program";
import {
  type Member,
  MemberPathError,
  resolveMemberPath,
  type StructType,
  sizeOf,
  stripTypedefs,
  typeName,
} from "../../../kernel/types";
import { type CrashCommand, CrashError, type CrashSession, CrashUsageError, type Radix } from "../command";
import { lookupDatatype } from "../datatype";
import { htol, isKernelAddress, isNumber, SymbolNotFound, stol } from "../format/args";
import { GdbValuePrinter, isCharType, readValueBytes } from "../format/gdbvalue";
import { getopt } from "../format/getopt";
import { ptypeBody, ptypeStruct, sizeLine, withOffsets } from "../format/ptype";
import { rawDump } from "./rd";

type Kind = "struct" | "union";

interface Target {
  readonly kind: Kind;
  readonly name: string;
  readonly type: StructType;
}

function findTarget(prog: Program, cmd: Kind, name: string): Target {
  const dt = lookupDatatype(prog, name);
  if (!dt?.aggregate) throw new CrashError(`invalid data structure reference: ${name}`);
  if (dt.kind !== cmd) throw new CrashError(`data type mismatch: ${name} is not a ${cmd}`);
  return { kind: cmd, name, type: dt.aggregate };
}

/** A member path resolved once, for printing it at many addresses (list -s). */
export interface ResolvedMemberPrint {
  readonly path: string;
  readonly offset: number;
  readonly type: import("../../../kernel/types").Type;
  readonly size: number;
  readonly bits?: { bitOffset: number; bitSize: number };
  readonly comma: string;
}

export function resolveMemberPrint(t: StructType, path: string): ResolvedMemberPrint {
  const r = resolveMemberPath(t, path);
  const extended = /[.[]/.test(path);
  return {
    path,
    offset: r.offset,
    type: r.type,
    size: Math.max(1, sizeOf(r.type)),
    bits: r.bitSize !== undefined ? { bitOffset: r.bitOffset ?? 0, bitSize: r.bitSize } : undefined,
    comma: extended && hasNextSibling(t, path) ? "," : "",
  };
}

/** `  member = value` for an object at base, from a pre-resolved member. */
export function resolvedMemberText(printer: GdbValuePrinter, m: ResolvedMemberPrint, base: bigint): string {
  const t = stripTypedefs(m.type);
  if (t.kind === "pointer" && !m.bits && !isCharType(t.target)) {
    // The common case on long lists (l_export, next pointers): one 8-byte read.
    const p = printer.prog.readU64(base + BigInt(m.offset));
    return `  ${m.path} = 0x${p.toString(16)}${printer.symbolSuffix(p)}${m.comma}\n`;
  }
  const vb = readValueBytes(printer.prog, base + BigInt(m.offset), m.size);
  return `  ${m.path} = ${printer.format(m.type, vb, 1, m.bits)}${m.comma}\n`;
}

/**
 * Print a member the way crash extracts it from gdb's full print: a direct member without its
 * trailing comma; a nested one (a.b, a[i]) as crash's extended parser writes it, with the comma
 * when more members follow it.
 */
export function memberText(printer: GdbValuePrinter, t: StructType, base: bigint, path: string): string {
  return resolvedMemberText(printer, resolveMemberPrint(t, path), base);
}

/** Whether the last component of a member path is followed by another member in its container. */
function hasNextSibling(t: StructType, path: string): boolean {
  const parts = path.match(/[A-Za-z_]\w*|\[\d+\]/g) ?? [];
  let cur: StructType | undefined = t;
  let containerMembers: readonly Member[] | undefined;
  let lastName: string | undefined;
  let arrayInfo: { idx: number; len: number } | undefined;
  let curType = stripTypedefs(t);
  for (const p of parts) {
    if (p.startsWith("[")) {
      if (curType.kind !== "array") return false;
      arrayInfo = { idx: Number(p.slice(1, -1)), len: curType.length ?? 0 };
      curType = stripTypedefs(curType.element);
      continue;
    }
    if (curType.kind !== "struct" && curType.kind !== "union") return false;
    cur = curType;
    containerMembers = flattenAnonymous(cur);
    lastName = p;
    arrayInfo = undefined;
    const m = containerMembers.find((x) => x.name === p);
    if (!m) return false;
    curType = stripTypedefs(m.type);
  }
  if (arrayInfo) return arrayInfo.idx < arrayInfo.len - 1;
  if (!containerMembers || !lastName) return false;
  const i = containerMembers.findIndex((x) => x.name === lastName);
  return i >= 0 && i < containerMembers.length - 1;
}

function flattenAnonymous(t: StructType): Member[] {
  const out: Member[] = [];
  for (const m of t.members) {
    const s = stripTypedefs(m.type);
    if (m.name === null && (s.kind === "struct" || s.kind === "union")) out.push(...flattenAnonymous(s));
    else out.push(m);
  }
  return out;
}

function perCpuOffset(prog: Program, cpu: number): bigint {
  return prog.readU64(prog.symbol("__per_cpu_offset").address + BigInt(cpu * 8));
}

function cpuSpec(session: CrashSession, spec: string): number[] {
  const n = Math.max(1, session.prog.dump.cpuRegs.size);
  if (spec === "") return [session.context.cpu];
  if (spec === "a" || spec === "all") return Array.from({ length: n }, (_, i) => i);
  const out: number[] = [];
  for (const part of spec.split(",")) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!m) throw new CrashError(`invalid cpuspec: ${spec}`);
    for (let c = Number(m[1]); c <= Number(m[2] ?? m[1]); c++) out.push(c);
  }
  return out;
}

export async function runDatatype(cmd: Kind, session: CrashSession, argv: string[]): Promise<void> {
  const prog = session.prog;
  const opts = getopt(cmd, argv, "pxdhfuc:rvol:");
  let radix: Radix | undefined;
  let count: number | undefined;
  let listOffset = 0;
  for (const [o, a] of opts.list) {
    if (o === "d") {
      if (radix === 16) throw new CrashError("-d and -x are mutually exclusive");
      radix = 10;
    } else if (o === "x" || o === "h") {
      if (radix === 10) throw new CrashError("-d and -x are mutually exclusive");
      radix = 16;
    } else if (o === "c") count = Number(a);
    else if (o === "l") {
      if (isNumber(a!)) listOffset = Number(stol(a!));
      else {
        const dot = a!.indexOf(".");
        const dt = dot > 0 ? lookupDatatype(prog, a!.slice(0, dot)) : undefined;
        if (!dt?.aggregate) throw new CrashError(`invalid -l option: ${a}`);
        try {
          listOffset = resolveMemberPath(dt.aggregate, a!.slice(dot + 1)).offset;
        } catch {
          throw new CrashError(`invalid -l option: ${a}`);
        }
      }
    } else if (o === "f")
      throw new CrashError("-f option requires a dumpfile offset, not available in this lab");
    else if (o === "u") throw new CrashError("user virtual addresses are not available in this dump");
  }
  let showOffsets = opts.has("o");
  const raw = opts.has("r");
  if (opts.args.length === 0) throw new CrashUsageError();
  const spec = opts.args[0];
  if (spec.split(",").length > 1 && !spec.includes(".")) throw new CrashError(`invalid format: ${spec}`);
  if (spec.endsWith(",") || spec.endsWith(".")) throw new CrashError(`invalid format: ${spec}`);

  // Address (or symbol), then count.
  let addr: bigint | undefined;
  let cpus: number[] | undefined;
  for (const a of opts.args.slice(1)) {
    if (addr !== undefined && count !== undefined) throw new CrashError("too many arguments!");
    if (addr !== undefined) {
      count = Number(stol(a));
      continue;
    }
    let word = a;
    const colon = a.indexOf(":");
    if (colon >= 0) {
      cpus = cpuSpec(session, a.slice(colon + 1));
      word = a.slice(0, colon);
    }
    if (isNumber(word)) {
      addr = htol(word);
      if (!cpus && !isKernelAddress(addr)) throw new CrashError(`invalid kernel virtual address: ${word}`);
      continue;
    }
    const sym = prog.symbols.lookup(word);
    if (!sym) throw new SymbolNotFound(word);
    addr = sym.address;
  }
  if (count !== undefined && addr === undefined)
    throw new CrashError("no kernel virtual address argument entered");
  if (opts.has("p") && addr === undefined) throw new CrashError("-p option requires address argument");

  const dot = spec.indexOf(".");
  const structName = dot >= 0 ? spec.slice(0, dot) : spec;
  let members = dot >= 0 ? spec.slice(dot + 1).split(",") : [];
  const target = findTarget(prog, cmd, structName);
  const eff = radix ?? session.radix;

  if (members.length > 1 && addr === undefined) {
    session.out(
      `${cmd}: ${showOffsets ? "-o option not valid with multiple member format" : "multiple member format not supported in this syntax"}\n`,
    );
    // crash then falls back to the whole declaration, with its offsets.
    members = [];
    showOffsets = true;
  }
  if (members.length > 1 && addr !== undefined && showOffsets)
    throw new CrashError("-o option not valid with multiple member format");

  // No address: the declaration.
  if (addr === undefined) {
    if (members.length === 1) {
      const m = members[0];
      if (m.includes(".") || m.includes("["))
        throw new CrashError(`invalid data structure reference: ${structName}.${m}`);
      if (!memberExists(target.type, m))
        throw new CrashError(`invalid data structure reference: ${structName}.${m}`);
      const lines = withOffsets(
        target.type,
        ptypeBody(target.type),
        { radix: eff, size: target.type.size },
        m,
      );
      session.out(`${target.kind} ${structName} {\n${lines.map((l) => `${l}\n`).join("")}}\n`);
      return;
    }
    const col = showOffsets ? { radix: eff, size: target.type.size } : undefined;
    session.out(
      `${ptypeStruct(target.type, col)
        .join("\n")
        .replace(/^(struct|union) \S+ \{/, `${target.kind} ${structName} {`)}\n`,
    );
    session.out(`${sizeLine(target.type.size, eff)}\n`);
    return;
  }

  addr = BigInt.asUintN(64, addr - BigInt(listOffset));
  const n = count ?? 1;
  const len = BigInt(target.type.size);
  const bases = cpus
    ? cpus.map((c) => ({
        cpu: c as number | undefined,
        base: BigInt.asUintN(64, addr! + perCpuOffset(prog, c)),
      }))
    : [{ cpu: undefined, base: addr }];
  const printer = new GdbValuePrinter(prog, eff);
  for (const { cpu, base } of bases) {
    if (cpu !== undefined) session.out(`[${cpu}]: ${base.toString(16)}\n`);
    let start = base;
    if (n < 0) start = base - len * BigInt(Math.abs(n)) + len;
    for (let c = 0; c < Math.abs(n); c++) {
      await session.signal.checkpoint();
      const a = BigInt.asUintN(64, start + BigInt(c) * len);
      if (c) session.out("\n");
      if (showOffsets) {
        const lines = withOffsets(
          target.type,
          ptypeBody(target.type),
          { radix: eff, size: target.type.size, base: a },
          members[0],
        );
        session.out(`${target.kind} ${structName} {\n${lines.map((l) => `${l}\n`).join("")}}\n`);
        if (!members.length) session.out(`${sizeLine(target.type.size, eff)}\n`);
        continue;
      }
      if (raw) {
        if (members.length) throw new CrashError("member-specific output not allowed with -r");
        session.out(rawDump(prog, a, target.type.size));
        continue;
      }
      if (members.length === 0) {
        try {
          const text = printer.structAt(target.type, a);
          session.recordStep({
            what: `${target.kind} ${structName}`,
            address: a,
            value: `${target.type.size} bytes read`,
          });
          session.out(`${target.kind} ${structName} ${text}\n`);
        } catch (e) {
          if (!(e instanceof FaultError)) throw e;
          session.out(`${target.kind} ${structName} `);
          readFailure(session, cmd, e);
        }
        continue;
      }
      for (const m of members) {
        if (!memberPathExists(target.type, m))
          throw new CrashError(`invalid data structure reference: ${structName}.${m}`);
        try {
          const rm = resolveMemberPrint(target.type, m);
          const text = resolvedMemberText(printer, rm, a);
          if (session.explain) {
            const first = text.includes("{\n")
              ? `{...} (${typeName(rm.type)})`
              : text
                  .split("\n")[0]
                  .replace(/^\s*\S+ = /, "")
                  .replace(/,$/, "");
            session.recordStep({
              what: `${structName}.${m}`,
              address: a + BigInt(rm.offset),
              offset: rm.offset,
              value: first,
            });
          }
          session.out(text);
        } catch (e) {
          if (!(e instanceof FaultError)) throw e;
          readFailure(session, cmd, e);
        }
      }
    }
  }
}

/** crash's output when gdb cannot read the object: the readmem error, then gdb's own message. */
function readFailure(session: CrashSession, cmd: string, e: FaultError): void {
  const info = (session as unknown as { info?: (m: string, bare?: boolean) => void }).info;
  const line = `${cmd}: invalid kernel virtual address: ${e.address.toString(16)}  type: "gdb_readmem_callback"\n`;
  if (typeof info === "function") info.call(session, line, true);
  else session.out(line);
  session.out(`Cannot access memory at address 0x${e.address.toString(16)}\n`);
}

function memberExists(t: StructType, m: string): boolean {
  try {
    resolveMemberPath(t, m);
    return true;
  } catch (e) {
    if (e instanceof MemberPathError) return false;
    throw e;
  }
}

function memberPathExists(t: StructType, m: string): boolean {
  return memberExists(t, m);
}

const STRUCT_HELP = `  Show the definition of a structure, or the contents of a structure in
  kernel memory as gdb prints it.

    struct_name  the structure's name, with or without the "struct" keyword
                 when it does not collide with a crash command.
    .member      show only this member; several may be given, comma-separated
                 (member.submember and member[index] are accepted with an address).
    -o           show each member's offset; with an address, the member addresses.
    -l offset    the address points at the member at this offset (a number or
                 struct.member), e.g. an embedded list_head.
    -x / -d      print integers in hexadecimal / decimal for this command only.
    -r           dump the structure's memory as raw words.
    -c count / count
                 show "count" consecutive structures (negative: ending at address).
    address      a kernel virtual address (hexadecimal) or a symbol.
    :cpuspec     for a per-cpu symbol, the copy of each listed cpu (a = all).

  Without an address, the definition is shown, followed by SIZE.

EXAMPLES
    crash> struct list_head
    struct list_head {
        struct list_head *next;
        struct list_head *prev;
    }
    SIZE: 16

    crash> struct -o ldlm_resource
    crash> struct ldlm_resource ffff917c981c3b40
    crash> struct -d ldlm_resource.lr_refcount ffff917c981c3b40
      lr_refcount = {
        counter = 83415
      }
    crash> struct ptlrpc_connection.c_peer.nid ffff917cdee0ba80
    crash> struct obd_export.exp_connection < export`;

export const structCommand: CrashCommand = {
  name: "struct",
  synopsis:
    "struct_name[.member[,member]] [-o][-l offset][-rfuxdp] [address | symbol][:cpuspec] [count | -c count]",
  summary: "structure contents",
  help: STRUCT_HELP,
  run: (session, args) => runDatatype("struct", session, args),
};
