/**
 * Test helpers for the crash tool: a synthetic server_load-like Program built with the kernel
 * model's own builders (types, direct map, slabs, symbols), a guest file system and shell backed
 * by just-bash, a fake ToolIO, and a way to run crash command lines and collect the output.
 */
import { Bash } from "just-bash";
import { defineTypes } from "../../emulator/kernel/ctypes";
import type { TaskStruct } from "../../emulator/kernel/linux/model";
import { DirectMapPages } from "../../emulator/kernel/pagealloc";
import { Program } from "../../emulator/kernel/program";
import { Rng } from "../../emulator/kernel/random";
import { SESSION_LIMITS } from "../../emulator/shell/session";
import type { CrashCommand } from "../../emulator/tools/crash/command";
import { executeLine } from "../../emulator/tools/crash/repl";
import { Session } from "../../emulator/tools/crash/session";
import type { GuestFs, InterruptSignal, ShellResult, ToolIO, Tty } from "../../emulator/tools/toolapi";
import { Interrupted } from "../../emulator/tools/toolapi";
import { memoryCommandsOnly } from "./memory-commands";

export const DIRECT_MAP = 0xffff917700000000n;
export const VMEMMAP = 0xffffd8a6c0000000n;
export const RESOURCE = 0xffff917c981c3b40n;
export const WAITING_LOCKS = [0xffff917c62522f40n, 0xffff917c641e5e80n, 0xffff917c867b0000n];
export const EXPORT = 0xffff917c96f59000n;
export const CONNECTION = 0xffff917cdee0ba80n;
export const NAMESPACE = 0xffff917cdd6a2000n;
export const NS_NAME = 0xffff917ce5b5ae60n;
export const TEXT_BASE = 0xffffffff9d000000n;
export const MODULE_TEXT = 0xffffffffc0fc0000n;

export const TYPES = `
typedef unsigned long long __u64;
typedef unsigned int __u32;
typedef long long time64_t;
typedef long time_t;
typedef __u64 lnet_nid_t;
typedef int pid_t;
typedef struct { int counter; } atomic_t;
typedef struct { unsigned int val; } spinlock_t;
struct list_head { struct list_head *next; struct list_head *prev; };
struct hlist_node { struct hlist_node *next; struct hlist_node **pprev; };
struct mutex { atomic_t count; spinlock_t wait_lock; struct list_head wait_list; void *owner; } SIZE 0x28;
struct lu_ref { } SIZE 0;
enum ldlm_mode { LCK_MINMODE = 0, LCK_EX = 1, LCK_PW = 2, LCK_PR = 4, LCK_CW = 8, LCK_CR = 16, LCK_NL = 32, LCK_GROUP = 64, LCK_COS = 128 };
enum ldlm_type { LDLM_PLAIN = 10, LDLM_EXTENT = 11, LDLM_FLOCK = 12, LDLM_IBITS = 13 };
enum ldlm_side { LDLM_NAMESPACE_SERVER = 1, LDLM_NAMESPACE_CLIENT = 2 };
struct ldlm_res_id { __u64 name[4]; };
struct lnet_process_id { lnet_nid_t nid; __u32 pid; };
struct ldlm_ns_bucket { struct ldlm_namespace *nsb_namespace; atomic_t nsb_count; };
struct ldlm_namespace {
  [0x0] struct obd_device *ns_obd;
  [0x8] enum ldlm_side ns_client;
  [0x10] char *ns_name;
  [0x18] struct cfs_hash *ns_rs_hash;
  [0x20] struct list_head ns_list_chain;
  [0x30] char ns_tag[16];
} SIZE 0x400;
struct ldlm_resource {
  [0x0] struct ldlm_ns_bucket *lr_ns_bucket;
  [0x8] struct hlist_node lr_hash;
  [0x18] atomic_t lr_refcount;
  [0x1c] spinlock_t lr_lock;
  [0x20] struct list_head lr_granted;
  [0x30] struct list_head lr_waiting;
  [0x40] struct ldlm_res_id lr_name;
  union {
    [0x60] struct interval_node *lr_itree;
    [0x60] void *lr_ibits_queues;
  };
  union {
    [0x68] time64_t lr_contention_time;
    [0x68] struct inode *lr_lvb_inode;
  };
  [0x70] enum ldlm_type lr_type;
  [0x74] int lr_lvb_len;
  [0x78] struct mutex lr_lvb_mutex;
  [0xa0] void *lr_lvb_data;
  [0xa8] _Bool lr_lvb_initialized;
  [0xa9] struct lu_ref lr_reference;
} SIZE 0xb0;
struct ldlm_lock {
  [0x0] atomic_t l_refc;
  [0x48] struct ldlm_resource *l_resource;
  [0x60] struct list_head l_res_link;
  [0x98] enum ldlm_mode l_req_mode;
  [0x9c] enum ldlm_mode l_granted_mode;
  [0xa0] void (*l_completion_ast)(struct ldlm_lock *, __u64, void *);
  [0xb8] struct obd_export *l_export;
  [0x100] __u64 l_flags;
  union {
    [0x160] time64_t l_activity;
    [0x160] time64_t l_blast_sent;
  };
  [0x1c0] __u32 l_pid;
  [0x1c4] unsigned int l_ast_sent : 1, l_destroyed : 1, l_bl_ast_run : 1;
  [0x1f8] struct ldlm_lock *l_blocking_lock;
} SIZE 0x230;
struct ptlrpc_connection {
  [0x0] struct hlist_node c_hash;
  [0x10] lnet_nid_t c_self;
  [0x18] struct lnet_process_id c_peer;
  [0x28] char c_remote_uuid[40];
  [0x50] atomic_t c_refcount;
} SIZE 0x58;
struct obd_export {
  [0x0] char exp_client_uuid[40];
  [0x118] struct ptlrpc_connection *exp_connection;
  [0x120] __u32 exp_conn_cnt;
} SIZE 0x400;
struct task_struct {
  [0x0] long state;
  [0x8] void *stack;
  [0x2a4] pid_t pid;
  [0x2a8] pid_t tgid;
  [0x4b0] char comm[16];
} SIZE 0x1200;
`;

export interface TestProgram {
  readonly prog: Program;
  readonly panic: TaskStruct;
  readonly granted: bigint[];
  readonly pages: DirectMapPages;
}

/**
 * A Program with one contended ldlm resource: `grantedCount` granted locks (PR, every 7th PW)
 * whose exports cycle over `clients` connections (10.200.0.<n>@tcp), plus 3 waiting locks.
 */
export function buildTestProgram(grantedCount = 6, clients = 4): TestProgram {
  const pages = new DirectMapPages(DIRECT_MAP, VMEMMAP, 32n << 30n, new Rng(42));
  const prog = new Program(pages, {
    scenario: "test_load",
    release: "3.10.0-957.21.3.el7.x86_64",
    cpuRegs: new Map([
      [0, { rip: 0n, rsp: 0n, rbp: 0n }],
      [1, { rip: 0n, rsp: 0n, rbp: 0n }],
    ]),
    panicCpu: 1,
  });
  prog.mem.map(DIRECT_MAP, 32n << 30n, "direct map");
  prog.mem.map(TEXT_BASE, 0x2000000, "kernel text");
  prog.mem.map(MODULE_TEXT, 0x100000, "module text");
  defineTypes(prog.types, TYPES);
  const w64 = (a: bigint, v: bigint) => prog.mem.writeU64(a, v);
  const w32 = (a: bigint, v: number) => prog.mem.writeU32(a, v);
  const slabs = prog.slabs;
  slabs.createCache({ name: "kmalloc-192", objectSize: 192, order: 0, address: 0xffff917cff810000n });
  slabs.createCache({ name: "kioctx", objectSize: 576, order: 3, address: 0xffff917cff800000n });
  slabs.createCache({ name: "kmalloc-1024", objectSize: 1024, order: 3, address: 0xffff917cff820000n });
  slabs.createCache({ name: "kmalloc-64", objectSize: 64, order: 0, address: 0xffff917cff830000n });
  slabs.createCache({ name: "kmalloc-128", objectSize: 128, order: 0, address: 0xffff917cff840000n });
  slabs.allocAt("kmalloc-192", RESOURCE);
  slabs.allocAt("kmalloc-1024", NAMESPACE);
  slabs.allocAt("kmalloc-1024", EXPORT);
  slabs.allocAt("kmalloc-128", CONNECTION);
  for (const l of WAITING_LOCKS) slabs.allocAt("kioctx", l);

  // symbols
  const sym = (
    name: string,
    address: bigint,
    size: number,
    kind: "T" | "t" | "D" | "d" | "B",
    module?: string,
    type?: import("../../emulator/kernel/types").Type,
  ) => prog.symbols.add({ name, address, size, kind, module, type });
  sym("_text", TEXT_BASE + 0x1000000n, 0, "T");
  sym("machine_kexec", TEXT_BASE + 0x1063900n, 0x200, "T");
  sym("_raw_spin_lock", TEXT_BASE + 0x156b740n, 0x30, "T");
  sym("jiffies", TEXT_BASE + 0x1a0b000n, 8, "D", undefined, prog.types.base("unsigned long"));
  sym("linux_banner", TEXT_BASE + 0x1a0c000n, 0x100, "R" as "D");
  prog.mem.writeU64(TEXT_BASE + 0x1a0b000n, 4295012345n);
  prog.mem.writeCString(
    TEXT_BASE + 0x1a0c000n,
    "Linux version 3.10.0-957.21.3.el7.x86_64 (mockbuild@kbuilder.bsys.centos.org)\n",
  );
  const nsList = sym(
    "ldlm_srv_namespace_list",
    MODULE_TEXT + 0x80000n,
    16,
    "D",
    "ptlrpc",
    prog.types.completeStruct("list_head"),
  );
  const runAst = sym("ldlm_run_ast_work", 0xffffffffc0fd2ff0n, 0x200, "T", "ptlrpc");
  sym("ldlm_completion_ast", 0xffffffffc0fd5000n, 0x300, "T", "ptlrpc");
  sym("ptlrpc_set_wait", 0xffffffffc1015a00n, 0x400, "T", "ptlrpc");
  prog.symbols.setLines(runAst, {
    file: "/usr/src/debug/lustre-2.12.3/lustre/ldlm/ldlm_lock.c",
    entries: [
      [0, 2040],
      [90, 2061],
      [101, 2062],
    ],
  });
  prog.symbols.loadedDebuginfo.add("ptlrpc");

  // namespace list with one namespace
  const chain = NAMESPACE + 0x20n;
  w64(nsList.address, chain);
  w64(nsList.address + 8n, chain);
  w64(chain, nsList.address);
  w64(chain + 8n, nsList.address);
  w64(NAMESPACE, 0xffff917ca0d620f0n);
  w32(NAMESPACE + 8n, 1);
  w64(NAMESPACE + 0x10n, NS_NAME);
  w64(NAMESPACE + 0x18n, 0xffff917ce0680000n);
  prog.mem.writeCString(NS_NAME, "filter-testfs0-OST0000_UUID");
  prog.mem.writeCString(NAMESPACE + 0x30n, "srv");

  // connections and exports, one per client; the first is the talk's 10.200.0.2
  const exports: bigint[] = [EXPORT];
  const conns: bigint[] = [CONNECTION];
  for (let i = 1; i < clients; i++) {
    exports.push(slabs.alloc("kmalloc-1024"));
    conns.push(slabs.alloc("kmalloc-128"));
  }
  exports.forEach((e, i) => {
    w64(e + 0x118n, conns[i]);
    prog.mem.writeCString(e, `client-${i}-uuid`);
    const nid = 0x000200000ac80000n | BigInt(2 + i);
    w64(conns[i] + 0x18n, nid);
    w32(conns[i] + 0x20n, 12345);
    w64(conns[i] + 0x10n, 0x200000ac80001n);
  });

  // resource
  w64(RESOURCE, 0xffffb40a6ea1d018n);
  w32(RESOURCE + 0x18n, 83415);
  w64(RESOURCE + 0x40n, 0x28n);
  w32(RESOURCE + 0x70n, 11);
  w32(RESOURCE + 0x74n, 0x38);

  const link = (head: bigint, items: bigint[]) => {
    const nodes = [head, ...items.map((l) => l + 0x60n)];
    for (let i = 0; i < nodes.length; i++) {
      w64(nodes[i], nodes[(i + 1) % nodes.length]);
      w64(nodes[i] + 8n, nodes[(i - 1 + nodes.length) % nodes.length]);
    }
  };
  const granted: bigint[] = [];
  for (let i = 0; i < grantedCount; i++) granted.push(slabs.alloc("kioctx"));
  const initLock = (l: bigint, mode: number, exp: bigint, pid: number) => {
    w64(l + 0x48n, RESOURCE);
    w32(l + 0x98n, mode);
    w32(l + 0x9cn, mode);
    w64(l + 0xa0n, 0xffffffffc0fd5000n);
    w64(l + 0xb8n, exp);
    w32(l + 0x1c0n, pid);
    w32(l + 0x1c4n, 0b101);
  };
  granted.forEach((l, i) => {
    initLock(l, i % 7 === 0 ? 2 : 4, exports[i % exports.length], 1000 + i);
  });
  WAITING_LOCKS.forEach((l, i) => {
    initLock(l, i === 1 ? 4 : 2, EXPORT, 5389);
  });
  link(RESOURCE + 0x20n, granted);
  link(RESOURCE + 0x30n, WAITING_LOCKS);

  // the panic task
  const taskAddr =
    slabs.createCache({ name: "task_struct", objectSize: 0x1200, order: 3, address: 0xffff917cff850000n }) &&
    slabs.alloc("task_struct");
  prog.mem.writeCString(taskAddr + 0x4b0n, "bash");
  w32(taskAddr + 0x2a4n, 4715);
  const panic: TaskStruct = {
    address: taskAddr,
    pid: 4715,
    tgid: 4715,
    ppid: 4700,
    comm: "bash",
    state: 0,
    exitState: 0,
    cpu: 1,
    lastArrival: 0n,
    isKernelThread: false,
    stack: 0xffff917c9eb30000n,
    mm: 0n,
    files: 0n,
    fs: 0n,
    threadSp: 0n,
    vmPages: 0n,
    rssPages: 0n,
  };
  return { prog, panic, granted, pages };
}

// --- guest file system and shell ------------------------------------------------------------

/** A GuestFs over a just-bash file system, so crash and `!cmd`/`| cmd` see the same files. */
export class BashFs implements GuestFs {
  constructor(
    readonly bash: Bash,
    readonly cwd = "/root",
  ) {}
  resolve(p: string): string {
    return this.bash.fs.resolvePath(this.cwd, p);
  }
  readFile(p: string): Promise<string> {
    return this.bash.fs.readFile(this.resolve(p));
  }
  async readFileBytes(p: string): Promise<Uint8Array> {
    return this.bash.fs.readFileBuffer(this.resolve(p));
  }
  writeFile(p: string, c: string): Promise<void> {
    return this.bash.fs.writeFile(this.resolve(p), c);
  }
  appendFile(p: string, c: string): Promise<void> {
    return this.bash.fs.appendFile(this.resolve(p), c);
  }
  exists(p: string): Promise<boolean> {
    return this.bash.fs.exists(this.resolve(p));
  }
  async isDirectory(p: string): Promise<boolean> {
    try {
      return (await this.bash.fs.stat(this.resolve(p))).isDirectory;
    } catch {
      return false;
    }
  }
  async glob(): Promise<string[]> {
    return [];
  }
}

export function newBash(files: Record<string, string> = {}): Bash {
  return new Bash({ cwd: "/root", files: { "/root/.keep": "", ...files }, executionLimits: SESSION_LIMITS });
}

export function shFor(
  bash: Bash,
  cwd = "/root",
): (line: string, o?: { stdin?: string }) => Promise<ShellResult> {
  return async (line, o) => {
    const r = await bash.exec(line, { cwd, stdin: o?.stdin });
    return { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode };
  };
}

/** A Ctrl-C source tests can trigger. */
export class TestSignal implements InterruptSignal {
  interrupted = false;
  private listeners: (() => void)[] = [];
  async checkpoint(): Promise<void> {
    if (this.interrupted) throw new Interrupted();
  }
  onInterrupt(l: () => void): () => void {
    this.listeners.push(l);
    return () => {
      this.listeners = this.listeners.filter((x) => x !== l);
    };
  }
  press(): void {
    this.interrupted = true;
    for (const l of this.listeners) l();
  }
}

export interface Harness {
  readonly session: Session;
  readonly bash: Bash;
  readonly fs: BashFs;
  readonly signal: TestSignal;
  /** Run lines; return everything written to the terminal meanwhile. */
  run(...lines: string[]): Promise<string>;
}

export function harness(
  tp: TestProgram = buildTestProgram(),
  commands: readonly CrashCommand[] = memoryCommandsOnly(),
): Harness {
  const bash = newBash();
  const fs = new BashFs(bash);
  const signal = new TestSignal();
  let out = "";
  const session = new Session({
    prog: tp.prog,
    panicTask: tp.panic,
    fs,
    signal,
    sh: shFor(bash),
    stdout: (t) => {
      out += t;
    },
    commands,
  });
  return {
    session,
    bash,
    fs,
    signal,
    async run(...lines: string[]) {
      out = "";
      for (const l of lines) await executeLine(session, l);
      session.terminal.flush();
      return out;
    },
  };
}

/** A ToolIO for running the whole crash tool. */
export function fakeToolIO(
  args: string[],
  options: { stdin?: string | null; tty?: Tty | null; bash?: Bash; signal?: InterruptSignal } = {},
): {
  io: ToolIO;
  output: () => string;
} {
  const bash = options.bash ?? newBash();
  const fs = new BashFs(bash);
  let out = "";
  const io: ToolIO = {
    args,
    stdin: options.stdin === undefined ? null : options.stdin,
    cwd: "/root",
    env: {},
    fs,
    stdout: (t) => {
      out += t;
    },
    stderr: (t) => {
      out += t;
    },
    tty: options.tty ?? null,
    signal: options.signal ?? new TestSignal(),
    sh: shFor(bash),
  };
  return { io, output: () => out };
}

/** A terminal that types the given lines, then Ctrl-D. */
export function scriptedTty(
  lines: string[],
  onPrompt?: (prompt: string) => void,
): Tty & { prompts: string[] } {
  const queue = [...lines];
  const prompts: string[] = [];
  let eofs = 0;
  return {
    columns: 80,
    rows: 24,
    prompts,
    async readLine(prompt: string) {
      prompts.push(prompt);
      onPrompt?.(prompt);
      const l = queue.shift();
      if (l === undefined) {
        // crash ignores EOF; quit after a second one so tests end.
        if (++eofs > 1) return "q";
        return null;
      }
      return l;
    },
  };
}
