/**
 * Builder side of the Linux 3.10 model: scenario files describe a machine (tasks, stacks, slab
 * objects, log, modules) and this writes the real kernel structures into a Program's memory,
 * through the type registry (member offsets come from the types, never written twice). The view
 * functions (tasks.ts, stack.ts, ...) then read everything back from memory only.
 */
import { defineTypes } from "../ctypes";
import { PAGE_SIZE } from "../memory";
import { DirectMapPages } from "../pagealloc";
import { type DumpInfo, Program, type SavedRegs } from "../program";
import { Rng } from "../random";
import type { ObjectAddresses, PageBlockSource } from "../slab";
import type { KernelSymbol, SymbolKind } from "../symbols";
import { type EnumType, resolveMemberPath, stripTypedefs, type Type } from "../types";
import { writeCfsRunqueue } from "./cfs";
import { SYSCALLS } from "./syscalls";
import { CORE_TYPES } from "./types-core";
import { LUSTRE_TYPES } from "./types-lustre";
import {
  DEFAULT_TEXT_BASE,
  PERCPU_AREA_SIZE,
  VMLINUX_DATA,
  VMLINUX_PERCPU,
  VMLINUX_TEXT,
} from "./vmlinux-symbols";

export const THREAD_SIZE = 0x4000n;
export const PT_REGS_SIZE = 168n;
export const HZ = 1000n;
/** INITIAL_JIFFIES on 64-bit: (unsigned long)(unsigned int)(-300 * HZ). */
export const INITIAL_JIFFIES = 0xfffb6c20n;

export const TASK_RUNNING = 0;
export const TASK_INTERRUPTIBLE = 1;
export const TASK_UNINTERRUPTIBLE = 2;
export const PF_KTHREAD = 0x00200000;
export const PF_FORKNOEXEC = 0x00000040;
export const PF_SUPERPRIV = 0x00000100;
export const PF_NOFREEZE = 0x00008000;

/** Values written into a struct member: integers, enumerator names, char-array strings. */
export type FieldValue = bigint | number | string | boolean;

export interface KernelConfig {
  readonly scenario: string;
  readonly seed: number;
  /** _text after the KASLR slide. */
  readonly textBase: bigint;
  readonly pageOffsetBase: bigint;
  readonly vmemmapBase: bigint;
  /** Extent of the direct map (physical address space, holes included). */
  readonly physBytes: bigint;
  /** RAM the kernel manages (totalram_pages). */
  readonly totalRamBytes: bigint;
  readonly cpus: number;
  readonly panicCpu: number;
  readonly nodename: string;
  readonly cpuKhz: number;
}

export const UTS = {
  sysname: "Linux",
  release: "3.10.0-957.21.3.el7.x86_64",
  version: "#1 SMP Tue Jun 18 16:35:19 UTC 2019",
  machine: "x86_64",
  domainname: "(none)",
};

/** The kernel's version banner (/proc/version), a const char array sized to the string. */
export const LINUX_BANNER = `Linux version ${UTS.release} (mockbuild@kbuilder.bsys.centos.org) (gcc version 4.8.5 20150623 (Red Hat 4.8.5-36) (GCC) ) ${UTS.version}\n`;

/** Page source that refuses to pin a block over one already handed out (scenario addresses collide). */
class TrackedPages implements PageBlockSource {
  private readonly used = new Set<number>();
  constructor(readonly inner: DirectMapPages) {}
  private mark(base: bigint, order: number, pinned: boolean): void {
    const pfn = this.inner.pfnOf(base);
    for (let i = 0; i < 1 << order; i++) {
      if (pinned && this.used.has(pfn + i))
        throw new Error(`pinned block ${base.toString(16)} overlaps memory already in use`);
      this.used.add(pfn + i);
    }
  }
  allocBlock(order: number): bigint {
    const b = this.inner.allocBlock(order);
    this.mark(b, order, false);
    return b;
  }
  pageOf(addr: bigint): bigint {
    return this.inner.pageOf(addr);
  }
  reserveBlock(base: bigint, order: number): void {
    this.mark(base, order, true);
    this.inner.reserveBlock(base, order);
  }
  isUsed(addr: bigint): boolean {
    return this.used.has(this.inner.pfnOf(addr));
  }
}

interface MemberWriter {
  readonly offset: number;
  readonly kind: "int" | "enum" | "bool" | "chars" | "bits";
  readonly size: number;
  readonly bitOffset: number;
  readonly bitSize: number;
  readonly length: number;
  readonly enumType?: EnumType;
}

export interface TaskSpec {
  readonly pid: number;
  /** Thread group leader's pid (default: pid). */
  readonly tgid?: number;
  readonly comm: string;
  readonly state: number;
  readonly exitState?: number;
  readonly cpu: number;
  /** sched_info.last_arrival, ns since boot. */
  readonly lastArrival: bigint;
  /** Parent task address (kthreadd for kernel threads). */
  readonly parent: bigint;
  readonly kernelThread: boolean;
  /** Fixed task_struct address (slides show it); allocated from the task_struct cache otherwise. */
  readonly address?: bigint;
  /** Fixed kernel stack base (THREAD_SIZE aligned). */
  readonly stack?: bigint;
  readonly mm?: bigint;
  readonly files?: bigint;
  readonly fs?: bigint;
  readonly prio?: number;
  /** Boot-relative start time (ns). */
  readonly startTime?: bigint;
  /** Leader address when this is a thread of another task. */
  readonly groupLeader?: bigint;
}

export interface BuiltTask {
  readonly address: bigint;
  readonly stack: bigint;
  readonly spec: TaskSpec;
}

export interface FrameSpec {
  /** The text address the frame is at: a return address (or the register pc of frame #0). */
  readonly pc: bigint;
  /** Stack slot holding the return address (rsp for a register frame); computed when absent. */
  readonly slot?: bigint;
  /** Words bt -FF prints under this frame before the next frame's saved rbp. Random when absent. */
  readonly locals?: readonly bigint[];
  /** How many (junk) words of locals, when `locals` is absent; a random count when both are. */
  readonly localWords?: number;
}

export interface ChainOptions {
  /** Slot of the outermost frame when it has no fixed slot. */
  readonly top: bigint;
  /** "sleeping": frame #0's return address is stored (thread.sp + 8); "registers": frame #0 is pc/rsp. */
  readonly mode: "sleeping" | "registers";
  /** Word above the outermost frame's return address (its caller's rbp): 0 ends the chain. */
  readonly lastSavedRbp?: bigint;
  /** Frame #0 is a leaf that only pushed rbp: rsp sits right below the first return address. */
  readonly leaf?: boolean;
  readonly junk: () => bigint;
}

export interface ChainResult {
  readonly slots: bigint[];
  /** thread.sp for a sleeping task. */
  readonly sp: bigint;
  readonly regs: SavedRegs;
}

export interface ModuleSymbolDef {
  readonly name: string;
  readonly offset: number;
  readonly size: number;
  readonly kind: SymbolKind;
}

export interface ModuleSpec {
  readonly name: string;
  readonly base: bigint;
  /** core_size: text + data. */
  readonly coreSize: number;
  readonly textSize: number;
  readonly symbols: readonly ModuleSymbolDef[];
  /** Offset of struct module (.gnu.linkonce.this_module) inside the core. */
  readonly structOffset: number;
  readonly taints?: number;
}

export interface PtRegsValues {
  readonly r15?: bigint;
  readonly r14?: bigint;
  readonly r13?: bigint;
  readonly r12?: bigint;
  readonly bp?: bigint;
  readonly bx?: bigint;
  readonly r11?: bigint;
  readonly r10?: bigint;
  readonly r9?: bigint;
  readonly r8?: bigint;
  readonly ax?: bigint;
  readonly cx?: bigint;
  readonly dx?: bigint;
  readonly si?: bigint;
  readonly di?: bigint;
  readonly orig_ax?: bigint;
  readonly ip: bigint;
  readonly cs: bigint;
  readonly flags: bigint;
  readonly sp: bigint;
  readonly ss: bigint;
}

export class KernelBuilder {
  readonly prog: Program;
  readonly rng: Rng;
  readonly pages: TrackedPages;
  readonly cpuRegs = new Map<number, SavedRegs>();
  readonly slide: bigint;
  readonly tasks: BuiltTask[] = [];
  readonly idle: bigint[] = [];
  private readonly memberCache = new Map<string, Map<string, MemberWriter>>();
  private readonly modules: bigint[] = [];
  /** Loaded modules in load order (for "Modules linked in:" lines). */
  readonly moduleSpecs: ModuleSpec[] = [];
  private logCursor = 0;
  private logCount = 0;
  private readonly cacheStructs: bigint[] = [];

  constructor(readonly cfg: KernelConfig) {
    this.rng = new Rng(cfg.seed);
    this.slide = cfg.textBase - DEFAULT_TEXT_BASE;
    if (this.slide % 0x200000n !== 0n) throw new Error("KASLR slide must be a 2 MiB multiple");
    const direct = new DirectMapPages(
      cfg.pageOffsetBase,
      cfg.vmemmapBase,
      cfg.physBytes,
      new Rng(cfg.seed ^ 0x5a5a),
    );
    this.pages = new TrackedPages(direct);
    const dump: DumpInfo = {
      scenario: cfg.scenario,
      release: UTS.release,
      cpuRegs: this.cpuRegs,
      panicCpu: cfg.panicCpu,
    };
    this.prog = new Program(this.pages, dump);
    defineTypes(this.prog.types, CORE_TYPES);
    defineTypes(this.prog.types, LUSTRE_TYPES);
    const mem = this.prog.mem;
    mem.map(cfg.pageOffsetBase, cfg.physBytes, "direct map");
    mem.map(cfg.textBase, 0x1600000n, "kernel image");
    this.installVmlinuxSymbols();
    this.writeSyscallTable();
    this.writeInitFiles();
  }

  /** sys_call_table: each slot holds its function's address (rodata, the same on every dump). */
  private writeSyscallTable(): void {
    const table = this.sym("sys_call_table");
    for (const e of SYSCALLS) this.u64(table + BigInt(e.nr * 8), this.sym(e.target));
  }

  /**
   * init_files, the files_struct kernel threads share (kthreadd forks them with CLONE_FILES):
   * the embedded fdtable, 64 slots, nothing open.
   */
  private writeInitFiles(): void {
    const f = this.sym("init_files");
    const fdt = f + this.off("files_struct", "fdtab");
    this.writeStruct(fdt, "fdtable", {
      max_fds: 64,
      fd: f + this.off("files_struct", "fd_array"),
      close_on_exec: f + this.off("files_struct", "close_on_exec_init"),
      open_fds: f + this.off("files_struct", "open_fds_init"),
    });
    this.writeStruct(f, "files_struct", { count: 1, fdt, next_fd: 0 });
  }

  /** init_fs, the fs_struct of the idle tasks and kernel threads: root and cwd at "/". */
  writeInitFs(rootMount: bigint, rootDentry: bigint): void {
    this.writeStruct(this.sym("init_fs"), "fs_struct", {
      users: 1,
      umask: 0o22,
      "root.mnt": rootMount,
      "root.dentry": rootDentry,
      "pwd.mnt": rootMount,
      "pwd.dentry": rootDentry,
    });
  }

  // --- symbols -------------------------------------------------------------------------------
  private installVmlinuxSymbols(): void {
    const t = this.prog.types;
    const ptr = (target: Type): Type => ({ kind: "pointer", target });
    const arr = (element: Type, length: number): Type => ({ kind: "array", element, length });
    const ul = t.base("unsigned long");
    const dataTypes: Record<string, Type | undefined> = {
      init_thread_union: t.lookup("union thread_union"),
      init_task: t.lookup("struct task_struct"),
      init_mm: t.lookup("struct mm_struct"),
      init_fs: t.lookup("struct fs_struct"),
      init_files: t.lookup("struct files_struct"),
      init_nsproxy: t.lookup("struct nsproxy"),
      init_uts_ns: t.lookup("struct uts_namespace"),
      modules: t.lookup("struct list_head"),
      slab_caches: t.lookup("struct list_head"),
      log_buf: ptr(t.base("char")),
      log_buf_len: t.base("unsigned int"),
      log_first_idx: t.lookup("u32"),
      log_next_idx: t.lookup("u32"),
      log_first_seq: t.lookup("u64"),
      log_next_seq: t.lookup("u64"),
      nr_cpu_ids: t.base("int"),
      cpu_khz: t.base("unsigned int"),
      nr_threads: t.base("int"),
      max_pfn: ul,
      jiffies_64: t.lookup("u64"),
      jiffies: ul,
      timekeeper: t.lookup("struct timekeeper"),
      avenrun: arr(ul, 3),
      totalram_pages: ul,
      __per_cpu_offset: arr(ul, 5120),
      cpu_online_mask: ptr(t.lookup("struct cpumask")!),
      cpu_possible_mask: ptr(t.lookup("struct cpumask")!),
      cpu_online_bits: arr(ul, 80),
      cpu_possible_bits: arr(ul, 80),
      __log_buf: arr(t.base("char"), 1 << 20),
      linux_banner: arr(t.base("char"), LINUX_BANNER.length + 1),
      panic_on_oops: t.base("int"),
      tainted_mask: ul,
      total_swap_pages: ul,
      nr_swap_pages: ul,
      vm_committed_as: t.lookup("struct percpu_counter"),
      vm_stat: arr(ul, 39),
      sys_call_table: arr(ul, SYSCALLS.length),
      runqueues: t.lookup("struct rq"),
      current_task: ptr(t.lookup("struct task_struct")!),
      kernel_stack: ul,
      this_cpu_off: ul,
      cpu_number: t.base("int"),
    };
    for (const s of VMLINUX_TEXT)
      this.prog.symbols.add({
        name: s.name,
        address: DEFAULT_TEXT_BASE + this.slide + s.offset,
        size: s.size,
        kind: s.kind as SymbolKind,
      });
    for (const s of VMLINUX_DATA)
      this.prog.symbols.add({
        name: s.name,
        address: DEFAULT_TEXT_BASE + this.slide + s.offset,
        size: s.size,
        kind: s.kind as SymbolKind,
        type: dataTypes[s.name],
      });
    for (const s of VMLINUX_PERCPU)
      this.prog.symbols.add({
        name: s.name,
        address: s.offset,
        size: s.size,
        kind: "D",
        percpu: true,
        type: dataTypes[s.name],
      });
  }

  /** Address of a symbol; throws for unknown names. */
  sym(name: string): bigint {
    return this.prog.symbol(name).address;
  }

  /** A text address `name+off`, checked to fall inside the function. */
  text(name: string, off: number): bigint {
    const s = this.prog.symbol(name);
    if (off < 0 || (s.size > 0 && off >= s.size))
      throw new Error(`${name}+0x${off.toString(16)} is outside ${name}`);
    return s.address + BigInt(off);
  }

  addSymbol(sym: KernelSymbol): KernelSymbol {
    return this.prog.symbols.add(sym);
  }

  // --- memory and slabs ---------------------------------------------------------------------
  /** Reserve a naturally aligned block of the direct map at a fixed address (stack, page...). */
  pin(addr: bigint, order: number): bigint {
    const bytes = BigInt(PAGE_SIZE << order);
    const base = addr & ~(bytes - 1n);
    this.pages.reserveBlock(base, order);
    return base;
  }

  /** A fresh block of 2^order pages somewhere in the direct map. */
  allocPages(order: number): bigint {
    return this.pages.allocBlock(order);
  }

  isPinned(addr: bigint): boolean {
    return this.pages.isUsed(addr);
  }

  /** Map a range outside the direct map (vmalloc area, per-module core). */
  mapRange(start: bigint, size: bigint | number, name: string): void {
    this.prog.mem.map(start, size, name);
  }

  /**
   * Create a SLUB cache and its struct kmem_cache (linked on slab_caches), so `kmem -s` and
   * `[addr:cache]` annotations find it.
   */
  createCache(name: string, objectSize: number, order: number, stride?: number): void {
    let address: bigint;
    if (name === "kmem_cache") address = this.allocPages(3);
    else address = this.prog.slabs.alloc("kmem_cache");
    this.prog.slabs.createCache({ name, objectSize, size: stride ?? objectSize, order, address });
    const nameAddr = this.kmallocString(name, name === "kmem_cache");
    const size = stride ?? objectSize;
    const perSlab = Math.floor((PAGE_SIZE << order) / size);
    this.writeStruct(address, "kmem_cache", {
      flags: 0x40000000n,
      min_partial: 5n,
      size,
      object_size: objectSize,
      offset: 0,
      cpu_partial: size >= 1024 ? 6 : 30,
      "oo.x": BigInt((order << 16) | perSlab),
      "max.x": BigInt((order << 16) | perSlab),
      "min.x": BigInt(Math.max(1, Math.floor(PAGE_SIZE / size))),
      allocflags: order ? 0x4000 : 0,
      refcount: 1,
      inuse: objectSize,
      align: 8,
      name: nameAddr,
    });
    this.cacheStructs.push(address);
  }

  /** Allocate a slab object: at a fixed address when given, else the cache's next free object. */
  alloc(cache: string, at?: bigint): bigint {
    return at !== undefined ? this.prog.slabs.allocAt(cache, at) : this.prog.slabs.alloc(cache);
  }

  /** `count` objects of a cache, as alloc(cache) `count` times would place them (32-bit halves). */
  allocMany(cache: string, count: number): ObjectAddresses {
    return this.prog.slabs.allocMany(cache, count);
  }

  /** A NUL-terminated string in the smallest kmalloc cache that fits (kstrdup). */
  kmallocString(s: string, early = false): bigint {
    const n = s.length + 1;
    const sizes = [8, 16, 32, 64, 96, 128, 192, 256];
    const fit = sizes.find((x) => x >= n) ?? 512;
    const cache = `kmalloc-${fit}`;
    let addr: bigint;
    if (early || !this.prog.slabs.caches.has(cache)) {
      // Before the kmalloc caches exist (bootstrapping kmem_cache names): static strings in rodata.
      addr = this.rodataString(s);
    } else addr = this.prog.slabs.alloc(cache);
    this.prog.mem.writeCString(addr, s);
    return addr;
  }

  private rodataCursor = 0xa10000n;
  /** A string constant in the kernel's .rodata. */
  rodataString(s: string): bigint {
    const addr = DEFAULT_TEXT_BASE + this.slide + this.rodataCursor;
    this.rodataCursor += BigInt((s.length + 8) & ~7);
    this.prog.mem.writeCString(addr, s);
    return addr;
  }

  // --- typed writes -------------------------------------------------------------------------
  private writer(type: string, path: string): MemberWriter {
    let byType = this.memberCache.get(type);
    if (!byType) {
      byType = new Map();
      this.memberCache.set(type, byType);
    }
    let w = byType.get(path);
    if (w) return w;
    const r = resolveMemberPath(this.prog.struct(type), path);
    const t = stripTypedefs(r.type);
    if (r.bitSize !== undefined) {
      w = {
        offset: r.offset,
        kind: "bits",
        size: this.prog.sizeOf(t),
        bitOffset: r.bitOffset ?? 0,
        bitSize: r.bitSize,
        length: 0,
      };
    } else if (t.kind === "array") {
      const el = stripTypedefs(t.element);
      if (el.kind !== "int" || el.size !== 1)
        throw new Error(`${type}.${path}: only char arrays take a value`);
      w = {
        offset: r.offset,
        kind: "chars",
        size: t.length ?? 0,
        bitOffset: 0,
        bitSize: 0,
        length: t.length ?? 0,
      };
    } else if (t.kind === "int" || t.kind === "pointer") {
      w = { offset: r.offset, kind: "int", size: this.prog.sizeOf(t), bitOffset: 0, bitSize: 0, length: 0 };
    } else if (t.kind === "enum") {
      w = { offset: r.offset, kind: "enum", size: t.size, bitOffset: 0, bitSize: 0, length: 0, enumType: t };
    } else if (t.kind === "bool") {
      w = { offset: r.offset, kind: "bool", size: 1, bitOffset: 0, bitSize: 0, length: 0 };
    } else if ((t.kind === "struct" || t.kind === "union") && t.size <= 8 && t.size > 0) {
      // atomic_t, spinlock_t, kuid_t...: the value goes into the whole small aggregate.
      w = { offset: r.offset, kind: "int", size: t.size, bitOffset: 0, bitSize: 0, length: 0 };
    } else throw new Error(`${type}.${path}: cannot write a ${t.kind}`);
    byType.set(path, w);
    return w;
  }

  private readonly offsetCache = new Map<string, bigint>();
  /** Byte offset of a member path (cached). */
  off(type: string, path: string): bigint {
    const key = `${type}.${path}`;
    let v = this.offsetCache.get(key);
    if (v === undefined) {
      v = BigInt(resolveMemberPath(this.prog.struct(type), path).offset);
      this.offsetCache.set(key, v);
    }
    return v;
  }

  /** Write members of `struct type` at addr, by name (`a.b`, `c[2]` paths accepted). */
  writeStruct(addr: bigint, type: string, fields: Record<string, FieldValue>): void {
    // Integers, pointers and booleans inside one page go straight into the page as plain
    // numbers: the struct's page is located once, not per member with BigInt arithmetic.
    // Everything else (enumerator names, char arrays, bit fields, page-straddling members)
    // takes writeField. Members are written in the order given either way.
    const mem = this.prog.mem;
    const firstPage = Number(addr >> 12n);
    const start = Number(addr & 0xfffn);
    let pageKey = -1;
    let page: DataView | undefined;
    for (const path in fields) {
      const value = fields[path];
      const w = this.writer(type, path);
      const off = start + w.offset;
      const at = off & (PAGE_SIZE - 1);
      if (
        (w.kind === "int" || w.kind === "enum" || w.kind === "bool") &&
        at + w.size <= PAGE_SIZE &&
        (typeof value === "bigint" || typeof value === "boolean" || Number.isInteger(value))
      ) {
        const key = firstPage + Math.floor(off / PAGE_SIZE);
        if (key !== pageKey) {
          page = mem.writablePage(key);
          pageKey = key;
        }
        storeInt(page!, at, w.size, typeof value === "boolean" ? Number(value) : (value as number | bigint));
      } else this.writeField(addr, type, path, value);
    }
  }

  writeField(addr: bigint, type: string, path: string, value: FieldValue): void {
    const w = this.writer(type, path);
    const mem = this.prog.mem;
    const a = addr + BigInt(w.offset);
    if (w.kind === "chars") {
      const s = String(value);
      const bytes = new Uint8Array(w.length);
      for (let i = 0; i < s.length && i < w.length - 1; i++) bytes[i] = s.charCodeAt(i) & 0xff;
      mem.writeBytes(a, bytes);
      return;
    }
    let v: bigint;
    if (typeof value === "string") {
      const e = this.prog.types.enumerators.get(value);
      if (!e) throw new Error(`${type}.${path}: unknown enumerator ${value}`);
      v = e[0];
    } else if (typeof value === "boolean") v = value ? 1n : 0n;
    else v = BigInt(value);
    if (w.kind === "bits") {
      const mask = ((1n << BigInt(w.bitSize)) - 1n) << BigInt(w.bitOffset);
      const old = this.readInt(a, w.size);
      v = (old & ~mask) | ((v << BigInt(w.bitOffset)) & mask);
    }
    this.writeInt(a, w.size, v);
  }

  writeInt(addr: bigint, size: number, v: bigint): void {
    const mem = this.prog.mem;
    switch (size) {
      case 1:
        mem.writeU8(addr, Number(BigInt.asUintN(8, v)));
        break;
      case 2:
        mem.writeU16(addr, Number(BigInt.asUintN(16, v)));
        break;
      case 4:
        mem.writeU32(addr, Number(BigInt.asUintN(32, v)));
        break;
      case 8:
        mem.writeU64(addr, v);
        break;
      default:
        throw new Error(`bad integer size ${size}`);
    }
  }

  private readInt(addr: bigint, size: number): bigint {
    try {
      return this.prog.readInt(addr, size, false);
    } catch {
      return 0n;
    }
  }

  u64(addr: bigint, v: bigint): void {
    this.prog.mem.writeU64(addr, v);
  }

  /** Initialise an empty list_head (next = prev = itself). */
  listInit(head: bigint): void {
    this.prog.mem.writeU64(head, head);
    this.prog.mem.writeU64(head + 8n, head);
  }

  /** Link list_heads `nodes` (embedded member addresses) after `head`, circularly, in order. */
  linkList(head: bigint, nodes: readonly bigint[]): void {
    const mem = this.prog.mem;
    if (nodes.length === 0) {
      this.listInit(head);
      return;
    }
    mem.writeU64(head, nodes[0]);
    mem.writeU64(head + 8n, nodes[nodes.length - 1]);
    for (let i = 0; i < nodes.length; i++) {
      mem.writeU64(nodes[i], i + 1 < nodes.length ? nodes[i + 1] : head);
      mem.writeU64(nodes[i] + 8n, i > 0 ? nodes[i - 1] : head);
    }
  }

  // --- tasks --------------------------------------------------------------------------------
  /**
   * Write a task_struct, its thread_info (at the stack base) and the per-task pieces the view
   * functions read. Lists (tasks, children, thread_group) are linked in finish().
   */
  addTask(spec: TaskSpec, stackFixed?: bigint): BuiltTask {
    const address = spec.address ?? this.alloc("task_struct");
    if (
      spec.address !== undefined &&
      this.prog.slabs.find(spec.address)?.cache.name !== "task_struct" &&
      spec.pid !== 0
    )
      this.alloc("task_struct", spec.address);
    const stack = spec.stack ?? stackFixed ?? this.allocPages(2);
    if (spec.stack !== undefined && !this.isPinned(spec.stack)) this.pin(spec.stack, 2);
    this.writeTask(address, stack, spec);
    const t = { address, stack, spec };
    if (spec.pid === 0) this.idle[spec.cpu] = address;
    else this.tasks.push(t);
    return t;
  }

  private writeTask(address: bigint, stack: bigint, spec: TaskSpec): void {
    const prio = spec.prio ?? 120;
    const flags = spec.kernelThread ? PF_KTHREAD : PF_SUPERPRIV;
    this.writeStruct(address, "task_struct", {
      state: BigInt(spec.state),
      stack,
      usage: 2,
      flags: spec.pid === 0 ? 0x00200102 : flags,
      on_cpu: 0,
      on_rq: spec.state === TASK_RUNNING ? 1 : 0,
      prio,
      static_prio: prio,
      normal_prio: prio,
      "se.load.weight": 1024n,
      "se.load.inv_weight": 4194304n,
      "se.on_rq": spec.state === TASK_RUNNING ? 1 : 0,
      "se.exec_start": spec.lastArrival,
      "se.sum_exec_runtime": spec.lastArrival / 97n,
      policy: 0,
      nr_cpus_allowed: this.cfg.cpus,
      "sched_info.pcount": BigInt(1 + this.rng.int(5000)),
      "sched_info.run_delay": BigInt(this.rng.int(50000000)),
      "sched_info.last_arrival": spec.lastArrival,
      "sched_info.last_queued": 0n,
      mm: spec.mm ?? 0n,
      active_mm: spec.mm ?? 0n,
      exit_state: spec.exitState ?? 0,
      exit_signal: spec.kernelThread ? -1 : 17,
      pid: spec.pid,
      tgid: spec.tgid ?? spec.pid,
      real_parent: spec.parent,
      parent: spec.parent,
      group_leader: spec.groupLeader ?? address,
      comm: spec.comm,
      // Kernel threads share init_fs and init_files (CLONE_FS | CLONE_FILES from kthreadd).
      fs: spec.fs || (spec.kernelThread ? this.sym("init_fs") : 0n),
      files: spec.files || (spec.kernelThread ? this.sym("init_files") : 0n),
      nsproxy: this.prog.symbols.lookup("init_nsproxy")?.address ?? 0n,
      "start_time.tv_sec": (spec.startTime ?? 0n) / 1000000000n,
      "start_time.tv_nsec": (spec.startTime ?? 0n) % 1000000000n,
      "real_start_time.tv_sec": (spec.startTime ?? 0n) / 1000000000n,
      "real_start_time.tv_nsec": (spec.startTime ?? 0n) % 1000000000n,
      "thread.sp0": stack + THREAD_SIZE,
      "thread.sp": 0n,
    });
    // cpus_allowed: all CPUs (per-cpu kthreads are pinned by the scenario if it cares).
    const mask = (1n << BigInt(this.cfg.cpus)) - 1n;
    this.u64(address + this.off("task_struct", "cpus_allowed"), mask);
    this.writeStruct(stack, "thread_info", {
      task: address,
      flags: 0,
      status: 0,
      cpu: spec.cpu,
      saved_preempt_count: 0,
      "addr_limit.seg": spec.kernelThread ? 0xffffffffffffffffn : 0x7ffffffff000n,
    });
    // STACK_END_MAGIC right above thread_info, as the kernel writes it.
    this.prog.mem.writeU64(stack + 0x68n, 0x57ac6e9dn);
  }

  setThreadSp(task: bigint, sp: bigint): void {
    this.writeField(task, "task_struct", "thread.sp", sp);
  }

  /**
   * Lay out and write a frame-pointer chain (innermost frame first). Each frame's saved rbp sits
   * just below its return-address slot and points at the next frame's saved-rbp word.
   */
  writeChain(frames: readonly FrameSpec[], opts: ChainOptions): ChainResult {
    const n = frames.length;
    const slots: bigint[] = new Array(n);
    const locals: (readonly bigint[])[] = new Array(n);
    slots[n - 1] = frames[n - 1].slot ?? opts.top;
    for (let i = n - 2; i >= 0; i--) {
      const f = frames[i];
      if (i === 0 && opts.leaf) {
        slots[0] = slots[1] - 8n;
        locals[0] = [];
        continue;
      }
      if (f.slot !== undefined) {
        slots[i] = f.slot;
        const count = Number((slots[i + 1] - slots[i] - 16n) / 8n);
        if (count < 0) throw new Error(`frame ${i}: slot ${f.slot.toString(16)} too close to the next frame`);
        if (f.locals && f.locals.length !== count)
          throw new Error(`frame ${i}: ${f.locals.length} locals given, ${count} fit between the slots`);
        locals[i] = f.locals ?? junkWords(count, opts.junk);
      } else {
        const count = 1 + this.rng.int(9);
        locals[i] = f.locals ?? junkWords(f.localWords ?? count, opts.junk);
        slots[i] = slots[i + 1] - 16n - 8n * BigInt(locals[i].length);
      }
    }
    const mem = this.prog.mem;
    for (let i = 0; i < n; i++) {
      if (i > 0 || opts.mode === "sleeping") mem.writeU64(slots[i], frames[i].pc);
      if (i < n - 1) mem.writeU64s(slots[i] + 8n, locals[i]);
      // The saved rbp right below each return address points at the next frame's saved rbp.
      if (i > 0 || opts.mode === "sleeping")
        mem.writeU64(slots[i] - 8n, i + 1 < n ? slots[i + 1] - 8n : (opts.lastSavedRbp ?? 0n));
    }
    const regs: SavedRegs = {
      rip: frames[0].pc,
      rsp: slots[0],
      rbp: n > 1 ? slots[1] - 8n : (opts.lastSavedRbp ?? 0n),
    };
    return { slots, sp: slots[0] - 8n, regs };
  }

  /** struct pt_regs at addr. */
  writePtRegs(addr: bigint, r: PtRegsValues): void {
    const fields: Record<string, FieldValue> = {};
    for (const [k, v] of Object.entries(r)) if (v !== undefined) fields[k] = v;
    this.writeStruct(addr, "pt_regs", fields);
  }

  // --- modules ------------------------------------------------------------------------------
  /** Map a module's core, add its symbols (module set) and write its struct module. */
  loadModule(m: ModuleSpec): bigint {
    this.mapRange(m.base, m.coreSize, `module ${m.name}`);
    for (const s of m.symbols)
      this.addSymbol({
        name: s.name,
        address: m.base + BigInt(s.offset),
        size: s.size,
        kind: s.kind,
        module: m.name,
      });
    const mod = m.base + BigInt(m.structOffset);
    this.addSymbol({ name: "__this_module", address: mod, size: 0x380, kind: "d", module: m.name });
    this.writeStruct(mod, "module", {
      state: "MODULE_STATE_LIVE",
      name: m.name,
      module_core: m.base,
      core_size: m.coreSize,
      core_text_size: m.textSize,
      core_ro_size: m.textSize + ((m.coreSize - m.textSize) >> 2),
      taints: m.taints ?? 0,
      refcnt: 1,
    });
    this.listInit(mod + this.off("module", "source_list"));
    this.listInit(mod + this.off("module", "target_list"));
    this.modules.push(mod);
    this.moduleSpecs.push(m);
    return mod;
  }

  // --- printk -------------------------------------------------------------------------------
  /** Append one record to the structured log buffer (3.10 struct printk_log + text). */
  log(tsNsec: bigint, text: string, level = 6, facility = 0): void {
    const buf = this.sym("__log_buf");
    const hdr = 16;
    const len = (hdr + text.length + 7) & ~7;
    const at = buf + BigInt(this.logCursor);
    this.writeStruct(at, "printk_log", {
      ts_nsec: tsNsec,
      len,
      text_len: text.length,
      dict_len: 0,
      facility,
      flags: 0,
      level,
    });
    const bytes = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i) & 0xff;
    this.prog.mem.writeBytes(at + 16n, bytes);
    this.logCursor += len;
    this.logCount++;
  }

  // --- finishing ----------------------------------------------------------------------------
  /** Per-cpu area base of a CPU (what __per_cpu_offset[cpu] points at). */
  percpuBase(cpu: number): bigint {
    return this.percpuArea + BigInt(cpu) * PERCPU_AREA_SIZE;
  }
  private percpuArea = 0n;

  /** Reserve the per-cpu areas near the top of RAM and write __per_cpu_offset. */
  setupPerCpu(area: bigint): void {
    this.percpuArea = area;
    const order = 6; // 256 KiB per CPU
    for (let c = 0; c < this.cfg.cpus; c++) {
      this.pin(this.percpuBase(c), order);
      this.u64(this.sym("__per_cpu_offset") + BigInt(c * 8), this.percpuBase(c));
      this.prog.mem.writeU32(this.percpuBase(c) + this.sym("cpu_number"), c);
      this.u64(this.percpuBase(c) + this.sym("this_cpu_off"), this.percpuBase(c));
    }
  }

  /** The per-cpu copy of a per-cpu symbol on cpu. */
  perCpuAddr(name: string, cpu: number): bigint {
    return this.percpuBase(cpu) + this.prog.symbol(name).address;
  }

  /** Top of a CPU's NMI exception stack (exception_stacks[NMI_STACK - 1]). */
  nmiStackTop(cpu: number): bigint {
    return this.perCpuAddr("exception_stacks", cpu) + 0x2000n;
  }

  /**
   * Link the task lists, write runqueues, the log indexes, the module list and slab_caches.
   * `current` gives the task running on each CPU (idle when absent).
   */
  finish(opts: { current: ReadonlyMap<number, bigint>; rqClock: (cpu: number) => bigint }): void {
    const mem = this.prog.mem;
    // Every task copy_process made (the idle tasks of pid 0 were not forked).
    mem.writeU32(this.sym("nr_threads"), this.tasks.filter((t) => t.spec.pid !== 0).length);
    const T = "task_struct";
    const init = this.sym("init_task");
    const oTasks = this.off(T, "tasks");
    const oChildren = this.off(T, "children");
    const oSibling = this.off(T, "sibling");
    const oThreads = this.off(T, "thread_group");
    const oNode = this.off(T, "thread_node");
    const leaders = this.tasks.filter(
      (t) => t.spec.groupLeader === undefined || t.spec.groupLeader === t.address,
    );
    leaders.sort((a, b) => a.spec.pid - b.spec.pid);
    this.linkList(
      init + oTasks,
      leaders.map((t) => t.address + oTasks),
    );
    // Threads of a group hang on the leader's thread_group list.
    const byLeader = new Map<bigint, bigint[]>();
    for (const t of this.tasks) {
      const leader = t.spec.groupLeader ?? t.address;
      const arr = byLeader.get(leader) ?? [];
      if (leader !== t.address) arr.push(t.address);
      byLeader.set(leader, arr);
    }
    for (const t of [...this.tasks, ...this.idle.map((a) => ({ address: a }))]) {
      mem.writeU64(t.address + oThreads, t.address + oThreads);
      mem.writeU64(t.address + oThreads + 8n, t.address + oThreads);
      this.listInit(t.address + oChildren);
      this.listInit(t.address + oSibling);
      this.listInit(t.address + oNode);
      this.listInit(t.address + this.off(T, "ptraced"));
      this.listInit(t.address + this.off(T, "ptrace_entry"));
    }
    for (const [leader, threads] of byLeader)
      if (threads.length)
        this.linkList(
          leader + oThreads,
          threads.map((a) => a + oThreads),
        );
    const children = new Map<bigint, bigint[]>();
    for (const t of leaders) {
      const arr = children.get(t.spec.parent) ?? [];
      arr.push(t.address + oSibling);
      children.set(t.spec.parent, arr);
    }
    for (const [parent, sibs] of children) this.linkList(parent + oChildren, sibs);

    // Runqueues: curr, idle, clock, counts.
    for (let c = 0; c < this.cfg.cpus; c++) {
      const rq = this.perCpuAddr("runqueues", c);
      const idle = this.idle[c];
      const curr = opts.current.get(c) ?? idle;
      const onCpu = this.tasks.filter((t) => t.spec.cpu === c && t.spec.state === TASK_RUNNING);
      const nr = onCpu.length;
      // The clock was read when the last task on this CPU was switched in, so it is never older
      // than any task's sched_info.last_arrival there.
      let clock = opts.rqClock(c);
      let lastArrival = 0n;
      for (const t of this.tasks)
        if (t.spec.cpu === c && t.spec.lastArrival > lastArrival) lastArrival = t.spec.lastArrival;
      if (clock < lastArrival) clock = lastArrival + 20000n + BigInt(c * 1187);
      this.writeStruct(rq, "rq", {
        nr_running: nr,
        curr,
        idle,
        clock,
        clock_task: clock - BigInt(this.rng.int(1000000)),
        cpu: c,
        online: 1,
        "cfs.nr_running": nr,
        "cfs.h_nr_running": nr,
        nr_switches: BigInt(100000 + this.rng.int(9000000)),
      });
      writeCfsRunqueue(this, rq, curr === idle ? undefined : curr, onCpu, clock);
      this.u64(this.perCpuAddr("current_task", c), curr);
      this.u64(
        this.perCpuAddr("kernel_stack", c),
        this.readPtr(curr + this.off(T, "stack")) + THREAD_SIZE - 0xd8n,
      );
      this.writeField(curr, T, "on_cpu", 1);
    }
    // Taints: the OR of the loaded modules' (out-of-tree, unsigned Lustre modules: O and E).
    this.u64(
      this.sym("tainted_mask"),
      this.moduleSpecs.reduce((m, s) => m | BigInt(s.taints ?? 0), 0n),
    );
    // Log buffer indexes.
    this.u64(this.sym("log_buf"), this.sym("__log_buf"));
    mem.writeU32(this.sym("log_buf_len"), 1 << 20);
    mem.writeU32(this.sym("log_first_idx"), 0);
    mem.writeU32(this.sym("log_next_idx"), this.logCursor);
    this.u64(this.sym("log_first_seq"), 0n);
    this.u64(this.sym("log_next_seq"), BigInt(this.logCount));
    // Modules: newest first, as list_add_rcu(&mod->list, &modules) leaves them.
    const oList = this.off("module", "list");
    this.linkList(
      this.sym("modules"),
      [...this.modules].reverse().map((m) => m + oList),
    );
    this.linkList(
      this.sym("slab_caches"),
      this.cacheStructs.map((c) => c + this.off("kmem_cache", "list")),
    );
    this.writeMemoryStats();
  }

  /**
   * The page counters of a busy machine (vm_stat, swap, committed memory) and, so that `kmem -s`
   * totals agree with vm_stat's slab pages, the slabs of each cache that are not modelled object
   * by object (they count in the summaries but have no address).
   */
  private writeMemoryStats(): void {
    const total = Number(this.cfg.totalRamBytes / 4096n);
    const share = (lo: number, hi: number) =>
      Math.round((total * (lo + (this.rng.int(1000) / 1000) * (hi - lo))) / 100);
    const free = share(15, 30);
    const file = share(25, 40);
    const shmem = share(0.3, 1);
    const slabReclaimable = share(2, 4);
    const slabUnreclaimable = share(1.5, 3);
    const vmStat = this.sym("vm_stat");
    // enum zone_stat_item (3.10): NR_FREE_PAGES 0, NR_FILE_PAGES 10, NR_SLAB_RECLAIMABLE 13,
    // NR_SLAB_UNRECLAIMABLE 14, NR_SHMEM 24.
    for (const [item, pages] of [
      [0, free],
      [10, file],
      [13, slabReclaimable],
      [14, slabUnreclaimable],
      [24, shmem],
    ] as const)
      this.u64(vmStat + BigInt(item * 8), BigInt(pages));
    const swapPages = (2n * 1024n * 1024n * 1024n) / 4096n;
    this.u64(this.sym("total_swap_pages"), swapPages);
    this.u64(this.sym("nr_swap_pages"), swapPages - BigInt(this.rng.int(2000)));
    this.writeStruct(this.sym("vm_committed_as"), "percpu_counter", { count: BigInt(share(30, 60)) });
    // Unmodelled slabs, shared out by weight among the caches.
    const caches = [...this.prog.slabs.caches.values()];
    const modelled = caches.reduce((n, c) => n + (c.slabs.length << c.order), 0);
    let remaining = Math.max(0, slabReclaimable + slabUnreclaimable - modelled);
    const weight = (name: string) =>
      /^(dentry|inode_cache|ldiskfs_inode_cache|xfs_inode|buffer_head|radix_tree_node)$/.test(name)
        ? 8
        : name.startsWith("kmalloc-")
          ? 4
          : 1;
    const weights = caches.map((c) => weight(c.name) * (1 + this.rng.int(4)));
    const sum = weights.reduce((a, b) => a + b, 0);
    caches.forEach((c, i) => {
      const pages = Math.min(
        remaining,
        Math.floor((weights[i] / sum) * (slabReclaimable + slabUnreclaimable - modelled)),
      );
      const slabs = Math.floor(pages / (1 << c.order));
      c.unmodelledSlabs = slabs;
      c.unmodelledObjects = Math.floor(slabs * c.objectsPerSlab * (0.8 + this.rng.int(200) / 1000));
      remaining -= slabs << c.order;
    });
  }

  private readPtr(addr: bigint): bigint {
    return this.prog.mem.readU64(addr);
  }

  /** Write the machine identity and clocks every `sys` line comes from. */
  writeSysInfo(o: {
    uptimeNs: bigint;
    epochSeconds: bigint;
    avenrun: readonly [number, number, number];
  }): void {
    const uts = this.sym("init_uts_ns");
    this.writeStruct(uts, "uts_namespace", {
      "kref.refcount": 3,
      "name.sysname": UTS.sysname,
      "name.nodename": this.cfg.nodename,
      "name.release": UTS.release,
      "name.version": UTS.version,
      "name.machine": UTS.machine,
      "name.domainname": UTS.domainname,
      proc_inum: 0xeffffffen,
    });
    this.writeStruct(this.sym("init_nsproxy"), "nsproxy", { count: 200, uts_ns: uts });
    const jiffies = INITIAL_JIFFIES + (this.cfg.seed >= 0 ? this.uptimeJiffies(o.uptimeNs) : 0n);
    this.u64(this.sym("jiffies_64"), jiffies);
    const tk = this.sym("timekeeper");
    const nsec = BigInt(this.rng.int(1000000000));
    this.writeStruct(tk, "timekeeper", {
      mult: 4194304,
      shift: 22,
      xtime_sec: o.epochSeconds,
      xtime_nsec: nsec << 22n,
      "wall_to_monotonic.tv_sec": -(o.epochSeconds - o.uptimeNs / 1000000000n),
      "wall_to_monotonic.tv_nsec": 0,
      "offs_real.tv64": (o.epochSeconds * 1000000000n - o.uptimeNs) & 0xffffffffffffffffn,
    });
    const av = this.sym("avenrun");
    o.avenrun.forEach((v, i) => {
      this.u64(av + BigInt(i * 8), BigInt(Math.round(v * 2048)));
    });
    this.u64(this.sym("totalram_pages"), this.cfg.totalRamBytes / 4096n);
    this.prog.mem.writeU32(this.sym("nr_cpu_ids"), this.cfg.cpus);
    this.prog.mem.writeU32(this.sym("cpu_khz"), this.cfg.cpuKhz);
    const mask = (1n << BigInt(this.cfg.cpus)) - 1n;
    this.u64(this.sym("cpu_online_bits"), mask);
    this.u64(this.sym("cpu_possible_bits"), mask);
    this.u64(this.sym("cpu_online_mask"), this.sym("cpu_online_bits"));
    this.u64(this.sym("cpu_possible_mask"), this.sym("cpu_possible_bits"));
    this.prog.mem.writeU32(this.sym("panic_on_oops"), 1);
    this.prog.mem.writeCString(this.sym("linux_banner"), LINUX_BANNER);
    this.u64(this.sym("max_pfn"), this.cfg.physBytes / 4096n);
  }

  private uptimeJiffies(ns: bigint): bigint {
    return (ns * HZ) / 1000000000n;
  }
}

/** `count` words from `junk`, in order (a plain loop: Array.from with a length object is slow). */
function junkWords(count: number, junk: () => bigint): bigint[] {
  const words = new Array<bigint>(count);
  for (let i = 0; i < count; i++) words[i] = junk();
  return words;
}

/**
 * Store an integer of `size` bytes at `at` (little-endian), modulo 2^(8*size) as writeInt does;
 * `v` is a whole number when it is a number.
 */
function storeInt(page: DataView, at: number, size: number, v: number | bigint): void {
  if (typeof v === "bigint") {
    if (size === 8) page.setBigUint64(at, v, true);
    else storeInt(page, at, size, Number(BigInt.asUintN(size * 8, v)));
    return;
  }
  switch (size) {
    case 1:
      page.setUint8(at, v & 0xff);
      break;
    case 2:
      page.setUint16(at, v & 0xffff, true);
      break;
    case 4:
      page.setUint32(at, v >>> 0, true);
      break;
    case 8:
      page.setUint32(at, v >>> 0, true);
      page.setUint32(at + 4, Math.floor(v / 0x100000000) >>> 0, true);
      break;
    default:
      throw new Error(`bad integer size ${size}`);
  }
}

/** Hex without 0x, as crash prints addresses. */
export function hex(v: bigint): string {
  return v.toString(16);
}
