/**
 * The debugger's view of one kernel image (a vmcore): memory, types, symbols, slabs.
 * Modelled on drgn's Program: tools ask it to read typed memory and resolve addresses,
 * and every answer comes from the bytes in the address space.
 */
import { AddressSpace, FaultError } from "./memory";
import { type PageBlockSource, SlabRegistry } from "./slab";
import { type KernelSymbol, SymbolTable } from "./symbols";
import {
  type ResolvedMember,
  resolveMemberPath,
  type StructType,
  sizeOf,
  stripTypedefs,
  type Type,
  TypeRegistry,
} from "./types";

export { FaultError };

export class Program {
  readonly mem = new AddressSpace();
  readonly types = new TypeRegistry();
  readonly symbols = new SymbolTable();
  readonly slabs: SlabRegistry;
  /** Facts about the dump file itself (not kernel memory): what crash learns from the ELF headers. */
  readonly dump: DumpInfo;

  constructor(pages: PageBlockSource, dump: DumpInfo) {
    this.slabs = new SlabRegistry(pages);
    this.dump = dump;
  }

  // --- raw reads -------------------------------------------------------------------------
  readU8(addr: bigint): number {
    return this.mem.readU8(addr);
  }
  readU16(addr: bigint): number {
    return this.mem.readU16(addr);
  }
  readU32(addr: bigint): number {
    return this.mem.readU32(addr);
  }
  readU64(addr: bigint): bigint {
    return this.mem.readU64(addr);
  }
  readS32(addr: bigint): number {
    return this.mem.readU32(addr) | 0;
  }
  readPointer(addr: bigint): bigint {
    return this.mem.readU64(addr);
  }
  readCString(addr: bigint, max?: number): string {
    return this.mem.readCString(addr, max);
  }

  /** Read an integer of `size` bytes, sign-extended when `signed`. */
  readInt(addr: bigint, size: number, signed: boolean): bigint {
    let v: bigint;
    switch (size) {
      case 1:
        v = BigInt(this.mem.readU8(addr));
        break;
      case 2:
        v = BigInt(this.mem.readU16(addr));
        break;
      case 4:
        v = BigInt(this.mem.readU32(addr));
        break;
      case 8:
        v = this.mem.readU64(addr);
        break;
      default:
        throw new Error(`bad integer size ${size}`);
    }
    return signed ? BigInt.asIntN(size * 8, v) : v;
  }

  // --- types -----------------------------------------------------------------------------
  /** A complete struct type by name; throws for unknown names. */
  struct(name: string): StructType {
    const s = this.types.completeStruct(name);
    if (!s) throw new Error(`unknown struct ${name}`);
    return s;
  }

  /** Offset and type of `member.path` in `struct name`. */
  member(structName: string, path: string): ResolvedMember {
    return resolveMemberPath(this.struct(structName), path);
  }

  offsetOf(structName: string, path: string): number {
    return this.member(structName, path).offset;
  }

  /** Read a scalar member (integer, enum, pointer, bool) of the struct at addr. */
  readMember(addr: bigint, structName: string, path: string): bigint {
    const m = this.member(structName, path);
    return this.readScalar(addr + BigInt(m.offset), m.type, m.bitOffset, m.bitSize);
  }

  readScalar(addr: bigint, type: Type, bitOffset?: number, bitSize?: number): bigint {
    const t = stripTypedefs(type);
    let v: bigint;
    switch (t.kind) {
      case "pointer":
        return this.readU64(addr);
      case "int":
        v = this.readInt(addr, t.size, t.signed && bitSize === undefined);
        break;
      case "bool":
        v = BigInt(this.readU8(addr));
        break;
      case "enum":
        v = this.readInt(addr, t.size, false);
        break;
      default:
        throw new Error(`not a scalar: ${t.kind}`);
    }
    if (bitSize !== undefined) {
      v = (v >> BigInt(bitOffset ?? 0)) & ((1n << BigInt(bitSize)) - 1n);
      if (t.kind === "int" && t.signed && v >> BigInt(bitSize - 1)) v -= 1n << BigInt(bitSize);
    }
    return v;
  }

  sizeOf(t: Type): number {
    return sizeOf(t);
  }

  // --- symbols ---------------------------------------------------------------------------
  symbol(name: string): KernelSymbol {
    const s = this.symbols.lookup(name);
    if (!s) throw new Error(`no symbol ${name}`);
    return s;
  }

  /** Per-CPU address of a per-cpu symbol on cpu (via __per_cpu_offset). */
  perCpu(sym: KernelSymbol, cpu: number): bigint {
    const offs = this.symbol("__per_cpu_offset");
    return BigInt.asUintN(64, sym.address + this.readU64(offs.address + BigInt(cpu * 8)));
  }
}

/** What crash learns from the dump's headers rather than from kernel memory. */
export interface DumpInfo {
  /** Scenario id, e.g. "client_lbug". */
  readonly scenario: string;
  /** The kernel release the dump was taken on (checked against vmlinux). */
  readonly release: string;
  /**
   * Registers saved by each CPU when the dump was taken (ELF NT_PRSTATUS notes), by CPU.
   * Tasks running on a CPU are unwound from these.
   */
  readonly cpuRegs: ReadonlyMap<number, SavedRegs>;
  /** The CPU that triggered the dump. */
  readonly panicCpu: number;
}

/** x86_64 registers as saved in a pt_regs / PRSTATUS note. */
export interface SavedRegs {
  readonly rip: bigint;
  readonly rsp: bigint;
  readonly rbp: bigint;
}
