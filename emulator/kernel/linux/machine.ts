/**
 * Pieces every CentOS 7 machine has, built on KernelBuilder: the SLUB caches, per-cpu areas and
 * idle tasks, a mount namespace with dentries and inodes, user processes (mm, files, fs), and
 * the kernel stacks of tasks blocked in the usual places. Scenarios add what is special to them.
 */
import {
  type BuiltTask,
  type FieldValue,
  type FrameSpec,
  type KernelBuilder,
  PT_REGS_SIZE,
  type PtRegsValues,
  TASK_RUNNING,
  THREAD_SIZE,
} from "./build";

/**
 * A call site: function name, the return-address offset inside it and, when the scenario later
 * puts something in that frame (a wait-queue entry...), how many words of locals the frame has.
 */
export type Site = readonly [fn: string, off: number, localWords?: number];

// ----------------------------------------------------------------------------------------------
// caches

/** [name, object size, stride, order] of the caches every scenario creates. */
const STANDARD_CACHES: [string, number, number, number][] = [
  ["kmalloc-8", 8, 8, 0],
  ["kmalloc-16", 16, 16, 0],
  ["kmalloc-32", 32, 32, 0],
  ["kmalloc-64", 64, 64, 0],
  ["kmalloc-96", 96, 96, 0],
  ["kmalloc-128", 128, 128, 0],
  ["kmalloc-192", 192, 192, 0],
  ["kmalloc-256", 256, 256, 0],
  ["kmalloc-512", 512, 512, 1],
  ["kmalloc-1024", 1024, 1024, 3],
  ["kmalloc-2048", 2048, 2048, 3],
  ["kmalloc-4096", 4096, 4096, 3],
  ["kmalloc-8192", 8192, 8192, 3],
  ["task_struct", 0x1040, 0x1040, 3],
  ["mm_struct", 0x630, 1600, 3],
  ["files_cache", 0x280, 0x2c0, 3],
  ["fs_cache", 0x38, 64, 0],
  ["dentry", 192, 192, 0],
  ["inode_cache", 0x230, 0x238, 3],
  ["sigqueue", 160, 160, 0],
  ["kioctx", 576, 576, 2],
  ["mnt_cache", 0x100, 0x100, 1],
  ["sock_inode_cache", 0x280, 0x280, 3],
  ["xfs_inode", 0x3c0, 0x3c0, 3],
  ["proc_inode_cache", 0x2a8, 0x2a8, 3],
  ["shmem_inode_cache", 0x2a0, 0x2a0, 3],
];

export function createStandardCaches(b: KernelBuilder, extra: [string, number, number, number][] = []): void {
  b.createCache("kmem_cache", 0x20d0, 3, 0x2100);
  for (const [name, obj, stride, order] of [...STANDARD_CACHES, ...extra])
    b.createCache(name, obj, order, stride);
}

// ----------------------------------------------------------------------------------------------
// junk: the stale words a real stack holds between frames

export class Junk {
  private readonly texts: bigint[] = [];
  constructor(
    private readonly b: KernelBuilder,
    names: readonly string[] = COMMON_STALE_TEXT,
  ) {
    for (const n of names) {
      const s = b.prog.symbols.lookup(n);
      if (s && s.size > 8) this.texts.push(s.address + BigInt(5 + b.rng.int(s.size - 6)));
    }
  }

  /** A generator of plausible stale words for one task's stack. */
  forTask(task: bigint, stack: bigint, objects: readonly bigint[] = []): () => bigint {
    const rng = this.b.rng;
    return () => {
      const r = rng.int(100);
      if (r < 30) return 0n;
      if (r < 42) return BigInt(rng.int(0x200));
      if (r < 52) return task;
      if (r < 67) return stack + BigInt(0x3000 + rng.int(0x1000) * 8) - BigInt(rng.int(0x200) * 8);
      if (r < 77 && this.texts.length) return rng.pick(this.texts);
      if (r < 87 && objects.length) return rng.pick(objects);
      if (r < 92) return 0x246n;
      return BigInt(rng.u32()) | (BigInt(rng.int(16)) << 32n);
    };
  }
}

const COMMON_STALE_TEXT = [
  "__switch_to",
  "do_wait",
  "hrtimer_nanosleep",
  "__schedule",
  "_raw_spin_lock_irqsave",
  "_raw_spin_unlock_irqrestore",
  "vfs_read",
  "do_setitimer",
  "worker_thread",
  "kthread",
  "schedule_timeout",
];

// ----------------------------------------------------------------------------------------------
// stacks

export interface SyscallRegs {
  readonly nr: bigint;
  readonly ip: bigint;
  readonly sp: bigint;
  readonly bp: bigint;
  readonly di?: bigint;
  readonly si?: bigint;
  readonly dx?: bigint;
  readonly r10?: bigint;
  readonly r8?: bigint;
  readonly r9?: bigint;
  readonly bx?: bigint;
  readonly r12?: bigint;
  readonly r13?: bigint;
  readonly r14?: bigint;
  readonly r15?: bigint;
  readonly cx?: bigint;
  readonly flags?: bigint;
}

export class Stacks {
  readonly junk: Junk;
  constructor(private readonly b: KernelBuilder) {
    this.junk = new Junk(b);
  }

  pcs(sites: readonly Site[]): FrameSpec[] {
    return sites.map(([fn, off, localWords]) => ({ pc: this.b.text(fn, off), localWords }));
  }

  /**
   * A sleeping kernel thread: frames from __schedule up to kthread (or the given outermost
   * function), the chain ending with a zero saved rbp, thread.sp set.
   */
  sleepingKthread(t: BuiltTask, sites: readonly Site[], objects: readonly bigint[] = []): bigint[] {
    const top = t.stack + THREAD_SIZE - PT_REGS_SIZE - 16n - 8n * BigInt(this.b.rng.int(4));
    const r = this.b.writeChain(this.pcs(sites), {
      top,
      mode: "sleeping",
      lastSavedRbp: 0n,
      junk: this.junk.forTask(t.address, t.stack, objects),
    });
    this.b.setThreadSp(t.address, r.sp);
    return r.slots;
  }

  /**
   * A task blocked in a system call: frames from __schedule up to system_call_fastpath, the
   * user registers in the pt_regs at the top of the stack.
   */
  sleepingSyscall(
    t: BuiltTask,
    sites: readonly Site[],
    user: SyscallRegs,
    objects: readonly bigint[] = [],
  ): bigint[] {
    const frames = [...this.pcs(sites), { pc: this.b.text("system_call_fastpath", 0x22) }];
    const r = this.b.writeChain(frames, {
      top: t.stack + THREAD_SIZE - PT_REGS_SIZE - 8n,
      mode: "sleeping",
      lastSavedRbp: user.bp,
      junk: this.junk.forTask(t.address, t.stack, objects),
    });
    this.b.setThreadSp(t.address, r.sp);
    this.userRegs(t, user);
    return r.slots;
  }

  userRegs(t: BuiltTask, u: SyscallRegs, ax?: bigint): void {
    const regs: PtRegsValues = {
      r15: u.r15 ?? 0n,
      r14: u.r14 ?? 0n,
      r13: u.r13 ?? 0n,
      r12: u.r12 ?? 0n,
      bp: u.bp,
      bx: u.bx ?? 0n,
      r11: u.flags ?? 0x246n,
      r10: u.r10 ?? 0n,
      r9: u.r9 ?? 0n,
      r8: u.r8 ?? 0n,
      ax: ax ?? u.nr,
      cx: u.cx ?? u.ip,
      dx: u.dx ?? 0n,
      si: u.si ?? 0n,
      di: u.di ?? 0n,
      orig_ax: u.nr,
      ip: u.ip,
      cs: 0x33n,
      flags: u.flags ?? 0x246n,
      sp: u.sp,
      ss: 0x2bn,
    };
    this.b.writePtRegs(t.stack + THREAD_SIZE - PT_REGS_SIZE, regs);
    this.b.writeField(t.address, "task_struct", "thread.usersp", u.sp);
  }

  /**
   * A CPU stopped by the crashing CPU's NMI while running `interrupted` (innermost first, frame
   * #0 a leaf that only pushed rbp): the NMI frames on the per-cpu NMI stack, the kernel-mode
   * pt_regs of the interruption, and the CPU's saved registers.
   */
  nmiStopped(
    cpu: number,
    t: BuiltTask,
    interrupted: readonly FrameSpec[],
    opts: { top?: bigint; lastSavedRbp?: bigint; objects?: readonly bigint[] } = {},
  ): bigint[] {
    const b = this.b;
    const junk = this.junk.forTask(t.address, t.stack, opts.objects ?? []);
    const inner = b.writeChain(interrupted, {
      top: opts.top ?? t.stack + THREAD_SIZE - PT_REGS_SIZE - 16n,
      mode: "registers",
      leaf: true,
      lastSavedRbp: opts.lastSavedRbp ?? 0n,
      junk,
    });
    const nmiTop = b.nmiStackTop(cpu);
    const s3 = nmiTop - 0x110n;
    const nmi = b.writeChain(
      [
        { pc: b.text("crash_nmi_callback", 0x33), slot: s3 - 0x40n - 0x58n - 0x10n },
        { pc: b.text("nmi_handle", 0x94), slot: s3 - 0x40n - 0x58n },
        { pc: b.text("do_nmi", 0x9d), slot: s3 - 0x40n },
        { pc: b.text("end_repeat_nmi", 0x59), slot: s3 },
      ],
      { top: s3, mode: "registers", lastSavedRbp: inner.regs.rbp, junk },
    );
    b.writePtRegs(s3 + 8n, {
      r15: 0n,
      r14: junk(),
      r13: junk(),
      r12: junk(),
      bp: inner.regs.rbp,
      bx: junk(),
      r11: 0n,
      r10: junk(),
      r9: 0n,
      r8: junk(),
      ax: 0n,
      cx: 0n,
      dx: 0n,
      si: 0n,
      di: 0n,
      orig_ax: 0xffffffffffffffffn,
      ip: inner.regs.rip,
      cs: 0x10n,
      flags: 0x246n,
      sp: inner.regs.rsp,
      ss: 0x18n,
    });
    b.cpuRegs.set(cpu, nmi.regs);
    b.setThreadSp(t.address, inner.regs.rsp - 0x40n);
    return inner.slots;
  }
}

// ----------------------------------------------------------------------------------------------
// filesystems

export interface Mount {
  readonly mount: bigint;
  readonly vfsmount: bigint;
  readonly sb: bigint;
  readonly root: bigint;
  readonly path: string;
}

const S_IFDIR = 0o040000;
const S_IFREG = 0o100000;
const S_IFCHR = 0o020000;
const S_IFLNK = 0o120000;
const S_IFIFO = 0o010000;
const S_IFSOCK = 0o140000;
export const MODE = { S_IFDIR, S_IFREG, S_IFCHR, S_IFLNK, S_IFIFO, S_IFSOCK };

interface FsType {
  readonly address: bigint;
  readonly inodeCache: string;
  /** Offset of the VFS inode inside the filesystem's inode object. */
  readonly inodeOffset: bigint;
  readonly magic: bigint;
  readonly fops: string;
}

/** A mount namespace with its dentry trees, created on demand by path. */
export class FsTree {
  readonly ns: bigint;
  readonly mounts: Mount[] = [];
  readonly internal: Mount[] = [];
  private readonly children = new Map<bigint, Map<string, bigint>>();
  private readonly types = new Map<string, FsType>();
  private nextIno = 100n;

  constructor(private readonly b: KernelBuilder) {
    this.ns = b.alloc("kmalloc-128");
    b.writeStruct(this.ns, "mnt_namespace", { count: 1, proc_inum: 0xeffffff0n, seq: 1n, event: 7 });
    b.writeField(b.sym("init_nsproxy"), "nsproxy", "mnt_ns", this.ns);
  }

  /** Register a filesystem type: struct file_system_type in the kernel or its module. */
  fsType(
    name: string,
    opts: { address?: bigint; inodeCache?: string; inodeOffset?: bigint; magic?: bigint; fops?: string } = {},
  ): void {
    const b = this.b;
    const address = opts.address ?? b.rodataString(`${name}\0`.padEnd(0x80 + name.length + 1, "\0"));
    b.writeStruct(address, "file_system_type", { name: b.rodataString(name), fs_flags: 1 });
    this.types.set(name, {
      address,
      inodeCache: opts.inodeCache ?? "inode_cache",
      inodeOffset: opts.inodeOffset ?? 0n,
      magic: opts.magic ?? 0x58465342n,
      fops: opts.fops ?? "",
    });
  }

  /** Mount a new superblock of `type` at `path` (the first mount is the namespace root). */
  mount(
    type: string,
    path: string,
    devname: string,
    opts: { dev?: number; sbId?: string; internal?: boolean } = {},
  ): Mount {
    const b = this.b;
    const ft = this.types.get(type);
    if (!ft) throw new Error(`unknown fs type ${type}`);
    const sb = b.alloc("kmalloc-1024");
    b.writeStruct(sb, "super_block", {
      s_dev: opts.dev ?? 0,
      s_blocksize_bits: 12,
      s_blocksize: 4096n,
      s_type: ft.address,
      s_magic: ft.magic,
      s_count: 1,
      s_active: 1,
      s_id: opts.sbId ?? devname.replace(/^\/dev\//, ""),
    });
    const rootInode = this.inode(type, sb, S_IFDIR | 0o755);
    const root = this.dentryRaw(sb, 0n, "/", rootInode);
    b.writeField(sb, "super_block", "s_root", root);
    const mount = b.alloc("mnt_cache");
    const vfsmount = mount + b.off("mount", "mnt");
    // Kernel-internal mounts (pipefs, sockfs) are their own parent and belong to no namespace.
    const parent = this.mounts.length && !opts.internal ? this.mountFor(path) : undefined;
    const mountpoint = parent ? this.lookup(path, true) : root;
    b.writeStruct(mount, "mount", {
      mnt_parent: parent ? parent.mount : mount,
      mnt_mountpoint: mountpoint,
      "mnt.mnt_root": root,
      "mnt.mnt_sb": sb,
      "mnt.mnt_flags": 0x1020,
      mnt_devname: b.kmallocString(devname),
      mnt_ns: opts.internal ? 0n : this.ns,
      mnt_id: 20 + this.mounts.length,
      mnt_group_id: 0,
    });
    if (mountpoint !== root) b.writeField(mountpoint, "dentry", "d_flags", 0x10000); // DCACHE_MOUNTED
    const m: Mount = { mount, vfsmount, sb, root, path };
    if (opts.internal) {
      this.internal.push(m);
      return m;
    }
    this.mounts.push(m);
    if (this.mounts.length === 1) {
      b.writeField(this.ns, "mnt_namespace", "root", mount);
      b.writeInitFs(vfsmount, root);
    }
    return m;
  }

  /** Link the namespace's mount list (call once all mounts exist). */
  finish(): void {
    const b = this.b;
    b.linkList(
      this.ns + b.off("mnt_namespace", "list"),
      this.mounts.map((m) => m.mount + b.off("mount", "mnt_list")),
    );
    for (const m of this.internal) {
      b.listInit(m.mount + b.off("mount", "mnt_mounts"));
      b.listInit(m.mount + b.off("mount", "mnt_child"));
      b.listInit(m.mount + b.off("mount", "mnt_list"));
    }
    for (const m of this.mounts) {
      const kids = this.mounts.filter((c) => c !== m && this.parentMount(c) === m);
      b.linkList(
        m.mount + b.off("mount", "mnt_mounts"),
        kids.map((c) => c.mount + b.off("mount", "mnt_child")),
      );
      if (this.parentMount(m) === undefined) b.listInit(m.mount + b.off("mount", "mnt_child"));
      b.listInit(m.mount + b.off("mount", "mnt_instance"));
    }
    // Every directory's d_subdirs lists its children through d_u.d_child.
    for (const [dir, kids] of this.children)
      b.linkList(
        dir + b.off("dentry", "d_subdirs"),
        [...kids.values()].map((d) => d + b.off("dentry", "d_u.d_child")),
      );
  }

  private parentMount(m: Mount): Mount | undefined {
    const p = this.b.prog.readU64(m.mount + this.b.off("mount", "mnt_parent"));
    return p === m.mount ? undefined : this.mounts.find((x) => x.mount === p);
  }

  /** The mount a path lives on (longest mount-point prefix). */
  mountFor(path: string): Mount {
    let best = this.mounts[0];
    for (const m of this.mounts) {
      const p = m.path === "/" ? "/" : `${m.path}/`;
      if ((path === m.path || path.startsWith(p)) && m.path.length >= best.path.length) best = m;
    }
    return best;
  }

  fsTypeOfMount(m: Mount): FsType {
    if (!this.mounts.includes(m) && !this.internal.includes(m)) throw new Error("unknown mount");
    const t = this.b.prog.readU64(m.sb + this.b.off("super_block", "s_type"));
    for (const ft of this.types.values()) if (ft.address === t) return ft;
    throw new Error("mount of unknown type");
  }

  /** An inode of the filesystem: a slab object of its inode cache (VFS inode at inodeOffset). */
  inode(
    type: string,
    sb: bigint,
    mode: number,
    opts: { size?: bigint; at?: bigint; rdev?: number } = {},
  ): bigint {
    const b = this.b;
    const ft = this.types.get(type)!;
    const obj = opts.at !== undefined ? opts.at - ft.inodeOffset : undefined;
    const inode = b.alloc(ft.inodeCache, obj) + ft.inodeOffset;
    const now = 1578000000n + BigInt(b.rng.int(300000));
    b.writeStruct(inode, "inode", {
      i_mode: mode,
      i_sb: sb,
      i_ino: this.nextIno++,
      __i_nlink: (mode & 0o170000) === S_IFDIR ? 2 : 1,
      i_rdev: opts.rdev ?? 0,
      i_size: opts.size ?? ((mode & 0o170000) === S_IFDIR ? 4096n : 0n),
      "i_atime.tv_sec": now,
      "i_mtime.tv_sec": now,
      "i_ctime.tv_sec": now,
      i_blkbits: 12,
      i_count: 1,
      i_mapping: inode + b.off("inode", "i_data"),
      "i_data.host": inode,
    });
    return inode;
  }

  /** A dentry named `name` under `parent` (0 for a root), for inode. */
  dentryRaw(sb: bigint, parent: bigint, name: string, inode: bigint, at?: bigint): bigint {
    const b = this.b;
    const d = b.alloc("dentry", at);
    const short = name.length < 32;
    const nameAddr = short ? d + b.off("dentry", "d_iname") : b.kmallocString(name);
    b.prog.mem.writeCString(nameAddr, name);
    let hash = 0;
    for (let i = 0; i < name.length; i++) hash = (Math.imul(hash, 31) + name.charCodeAt(i)) >>> 0;
    b.writeStruct(d, "dentry", {
      d_flags: 0x00080000,
      d_parent: parent || d,
      "d_name.hash": hash,
      "d_name.len": name.length,
      "d_name.name": nameAddr,
      d_inode: inode,
      "d_lockref.count": 1,
      d_sb: sb,
    });
    b.listInit(d + b.off("dentry", "d_subdirs"));
    b.listInit(d + b.off("dentry", "d_lru"));
    if (parent) {
      let kids = this.children.get(parent);
      if (!kids) {
        kids = new Map();
        this.children.set(parent, kids);
      }
      kids.set(name, d);
    }
    return d;
  }

  /**
   * The dentry of an absolute path, creating missing directories and the final entry (a regular
   * file unless `mode` says otherwise). Fixed addresses may be given for the last dentry/inode.
   */
  lookup(
    path: string,
    dir = false,
    opts: { mode?: number; dentryAt?: bigint; inodeAt?: bigint; size?: bigint; rdev?: number } = {},
  ): bigint {
    const m = this.mountFor(path);
    const rel = m.path === "/" ? path : path.slice(m.path.length);
    const parts = rel.split("/").filter(Boolean);
    let d = m.root;
    const type = this.typeName(m);
    for (let i = 0; i < parts.length; i++) {
      const last = i === parts.length - 1;
      const existing = this.children.get(d)?.get(parts[i]);
      if (existing) {
        d = existing;
        continue;
      }
      const mode = last ? (opts.mode ?? (dir ? S_IFDIR | 0o755 : S_IFREG | 0o644)) : S_IFDIR | 0o755;
      const inode = this.inode(
        type,
        m.sb,
        mode,
        last ? { at: opts.inodeAt, size: opts.size, rdev: opts.rdev } : {},
      );
      d = this.dentryRaw(m.sb, d, parts[i], inode, last ? opts.dentryAt : undefined);
    }
    return d;
  }

  private typeName(m: Mount): string {
    const ft = this.fsTypeOfMount(m);
    for (const [n, t] of this.types) if (t === ft) return n;
    throw new Error("unreachable");
  }

  /** An anonymous pipe or socket inode/dentry on a pseudo filesystem mount. */
  pseudo(m: Mount, mode: number): bigint {
    const inode = this.inode(this.typeName(m), m.sb, mode);
    return this.dentryRaw(m.sb, m.root, "", inode);
  }
}

// ----------------------------------------------------------------------------------------------
// processes

export interface OpenSpec {
  readonly fd: number;
  /** dentry + its mount. */
  readonly dentry: bigint;
  readonly mount: Mount;
  readonly flags?: number;
  readonly fops?: bigint;
  readonly privateData?: bigint;
  /** Fixed struct file address. */
  readonly at?: bigint;
  readonly pos?: bigint;
}

export class Processes {
  constructor(
    private readonly b: KernelBuilder,
    private readonly fs: FsTree,
  ) {}

  /** An mm_struct with VSZ/RSS in pages. */
  mm(totalVm: number, rss: number, opts: { at?: bigint; users?: number } = {}): bigint {
    const b = this.b;
    const mm = b.alloc("mm_struct", opts.at);
    // Below TASK_SIZE (0x7ffffffff000): the stack sits in the top 16 GiB of user space.
    const stackTop = 0x7ffc00000000n + BigInt(b.rng.int(0x3ff00000)) * 0x10n;
    b.writeStruct(mm, "mm_struct", {
      mmap_base: 0x7f0000000000n + BigInt(b.rng.int(0xfffffff)) * 0x1000n,
      task_size: 0x7ffffffff000n,
      pgd: b.allocPages(0),
      mm_users: opts.users ?? 1,
      mm_count: 1,
      "nr_ptes.counter": BigInt(Math.max(4, rss >> 8)),
      map_count: 20 + b.rng.int(200),
      hiwater_rss: BigInt(rss),
      hiwater_vm: BigInt(totalVm),
      total_vm: BigInt(totalVm),
      stack_vm: 33n,
      exec_vm: BigInt(Math.min(totalVm, 500 + b.rng.int(3000))),
      start_code: 0x400000n,
      end_code: 0x400000n + 0x1000n * BigInt(20 + b.rng.int(300)),
      start_stack: stackTop,
      arg_start: stackTop + 0x2a0n,
      "rss_stat.count[0].counter": BigInt(Math.floor(rss * 0.6)),
      "rss_stat.count[1].counter": BigInt(rss - Math.floor(rss * 0.6)),
      flags: 0xcdn,
    });
    b.listInit(mm + b.off("mm_struct", "mmlist"));
    return mm;
  }

  /** fs_struct with root and cwd. */
  fsStruct(root: string, cwd: string): bigint {
    const b = this.b;
    const f = b.alloc("fs_cache");
    const rm = this.fs.mountFor(root);
    const cm = this.fs.mountFor(cwd);
    b.writeStruct(f, "fs_struct", {
      users: 1,
      umask: 0o22,
      "root.mnt": rm.vfsmount,
      "root.dentry": root === rm.path ? rm.root : this.fs.lookup(root, true),
      "pwd.mnt": cm.vfsmount,
      "pwd.dentry": cwd === cm.path ? cm.root : this.fs.lookup(cwd, true),
    });
    return f;
  }

  /** A struct file for an open dentry (the filp cache is merged into kmalloc-256). */
  file(o: OpenSpec): bigint {
    const b = this.b;
    const f = b.alloc("kmalloc-256", o.at);
    const inode = b.prog.readU64(o.dentry + b.off("dentry", "d_inode"));
    const fields: Record<string, FieldValue> = {
      "f_path.mnt": o.mount.vfsmount,
      "f_path.dentry": o.dentry,
      f_inode: inode,
      f_op: o.fops ?? 0n,
      "f_count.counter": 1n,
      f_flags: o.flags ?? 0o100002,
      f_mode: 0x4801f,
      f_pos: o.pos ?? 0n,
      "f_ra.ra_pages": 32,
      f_mapping: inode + b.off("inode", "i_data"),
      private_data: o.privateData ?? 0n,
    };
    b.writeStruct(f, "file", fields);
    b.listInit(f + b.off("file", "f_ep_links"));
    b.listInit(f + b.off("file", "f_tfile_llink"));
    return f;
  }

  /** files_struct with the embedded fdtable (up to 64 fds) or an expanded one. */
  files(open: readonly OpenSpec[]): bigint {
    const b = this.b;
    const files = b.alloc("files_cache");
    const maxFd = open.reduce((m, o) => Math.max(m, o.fd), -1);
    let fdt = files + b.off("files_struct", "fdtab");
    let fdArray = files + b.off("files_struct", "fd_array");
    let maxFds = 64;
    let openFds = files + b.off("files_struct", "open_fds_init");
    let closeOnExec = files + b.off("files_struct", "close_on_exec_init");
    if (maxFd >= 64) {
      maxFds = 256;
      fdt = b.alloc("kmalloc-64");
      fdArray = b.alloc("kmalloc-2048");
      openFds = b.alloc("kmalloc-64");
      closeOnExec = openFds + 32n;
    }
    b.writeStruct(fdt, "fdtable", {
      max_fds: maxFds,
      fd: fdArray,
      close_on_exec: closeOnExec,
      open_fds: openFds,
    });
    b.writeStruct(files, "files_struct", { count: 1, fdt, next_fd: maxFd + 1 });
    let bits = 0n;
    for (const o of open) {
      b.u64(fdArray + BigInt(o.fd * 8), this.file(o));
      if (o.fd < 64) bits |= 1n << BigInt(o.fd);
    }
    b.u64(openFds, bits);
    return files;
  }
}

/** Idle tasks of every CPU: swapper/0 is init_task (static), the others are slab task_structs. */
export function createIdleTasks(
  b: KernelBuilder,
  addresses: ReadonlyMap<number, bigint> = new Map(),
): BuiltTask[] {
  const out: BuiltTask[] = [];
  for (let c = 0; c < b.cfg.cpus; c++) {
    const fixed = c === 0 ? b.sym("init_task") : addresses.get(c);
    if (c !== 0 && fixed !== undefined) b.alloc("task_struct", fixed);
    const stack = c === 0 ? b.sym("init_thread_union") : undefined;
    out.push(
      b.addTask(
        {
          pid: 0,
          comm: `swapper/${c}`,
          state: TASK_RUNNING,
          cpu: c,
          lastArrival: 0n,
          parent: b.sym("init_task"),
          kernelThread: true,
          address: fixed ?? b.alloc("task_struct"),
          prio: 120,
        },
        stack,
      ),
    );
  }
  return out;
}

/** Frames of an idle task: sleeping (not current) or interrupted by the NMI in native_safe_halt. */
export function idleSites(cpu: number): Site[] {
  const tail: Site[] =
    cpu === 0
      ? [
          ["cpu_startup_entry", 0x14a],
          ["rest_init", 0x77],
          ["start_kernel", 0x43f],
          ["x86_64_start_reservations", 0x24],
          ["x86_64_start_kernel", 0x114],
        ]
      : [
          ["cpu_startup_entry", 0x14a],
          ["start_secondary", 0x1f9],
        ];
  return [["native_safe_halt", 0xb], ["default_idle", 0x1e], ["arch_cpu_idle", 0x15], ...tail];
}

/** Write the stacks of all idle tasks: active ones stopped by the NMI, others asleep in schedule. */
export function idleStacks(
  _b: KernelBuilder,
  st: Stacks,
  idle: readonly BuiltTask[],
  active: ReadonlySet<number>,
): void {
  for (const t of idle) {
    const cpu = t.spec.cpu;
    const sites = idleSites(cpu);
    if (active.has(cpu)) st.nmiStopped(cpu, t, st.pcs(sites));
    else
      st.sleepingKthread(t, [["__schedule", 0x3f2], ["schedule_preempt_disabled", 0xe], ...sites.slice(3)]);
  }
}

export function tsNs(seconds: number): bigint {
  return BigInt(Math.round(seconds * 1e6)) * 1000n;
}
