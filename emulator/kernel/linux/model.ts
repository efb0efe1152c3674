/**
 * The Linux 3.10 (CentOS 7) kernel objects the tools walk, as plain read-only views.
 * Every field here is read from the Program's memory by the functions in this folder
 * (tasks.ts, stack.ts, log.ts, sysinfo.ts, files.ts, modules.ts); scenario builders write
 * the same structures with the helpers in build.ts. Tools never see builder-side data.
 */

/** One task_struct, read from memory. */
export interface TaskStruct {
  readonly address: bigint;
  readonly pid: number;
  readonly tgid: number;
  /** real_parent->pid */
  readonly ppid: number;
  readonly comm: string;
  /** task_struct.state (TASK_RUNNING = 0, TASK_INTERRUPTIBLE = 1, TASK_UNINTERRUPTIBLE = 2, ...) */
  readonly state: number;
  /** task_struct.exit_state (EXIT_ZOMBIE 16, EXIT_DEAD 32) */
  readonly exitState: number;
  /** CPU the task last ran on (thread_info.cpu). */
  readonly cpu: number;
  /** sched_info.last_arrival, ns since boot (what `ps -l` sorts on). */
  readonly lastArrival: bigint;
  /** Kernel thread: no mm. */
  readonly isKernelThread: boolean;
  /** task_struct.stack: base of the THREAD_SIZE kernel stack. */
  readonly stack: bigint;
  readonly mm: bigint;
  readonly files: bigint;
  readonly fs: bigint;
  /** thread.sp: saved kernel stack pointer of a task that is not running. */
  readonly threadSp: bigint;
  /** Memory use for ps: total_vm and rss in pages (0 for kernel threads). */
  readonly vmPages: bigint;
  readonly rssPages: bigint;
}

/** One frame of a kernel backtrace, as crash's x86_64 unwinder finds it. */
export interface StackFrame {
  readonly level: number;
  /** Stack address shown in brackets: where the frame's return address was found (or rsp for frame #0). */
  readonly sp: bigint;
  /** The text address the frame is "at". */
  readonly pc: bigint;
  /** Registers at a kernel entry (syscall, interrupt): printed after the frame. */
  readonly exception?: PtRegs;
  /**
   * The unwinder left an exception stack after this frame (its exception block): crash prints
   * `--- <NMI exception stack> ---` (generally `--- <%s> ---` with this text) before the next frame.
   */
  readonly transition?: string;
}

/** struct pt_regs (x86_64), in memory order. */
export interface PtRegs {
  readonly address: bigint;
  readonly r15: bigint;
  readonly r14: bigint;
  readonly r13: bigint;
  readonly r12: bigint;
  readonly rbp: bigint;
  readonly rbx: bigint;
  readonly r11: bigint;
  readonly r10: bigint;
  readonly r9: bigint;
  readonly r8: bigint;
  readonly rax: bigint;
  readonly rcx: bigint;
  readonly rdx: bigint;
  readonly rsi: bigint;
  readonly rdi: bigint;
  readonly orig_rax: bigint;
  readonly rip: bigint;
  readonly cs: bigint;
  readonly eflags: bigint;
  readonly rsp: bigint;
  readonly ss: bigint;
}

/** One printk record of the log buffer (struct printk_log + text). */
export interface LogRecord {
  readonly tsNsec: bigint;
  readonly level: number;
  readonly facility: number;
  readonly text: string;
}

/** What `sys` prints, every field read from kernel memory. */
export interface SysInfo {
  readonly cpus: number;
  /** Seconds since the epoch at the time of the dump (timekeeper xtime). */
  readonly dateSeconds: bigint;
  readonly uptimeSeconds: bigint;
  /** avenrun[] fixed-point values (FSHIFT 11). */
  readonly avenrun: readonly [bigint, bigint, bigint];
  readonly tasks: number;
  readonly nodename: string;
  readonly release: string;
  readonly version: string;
  readonly machine: string;
  readonly mhz: number;
  readonly totalRamBytes: bigint;
  /** The panic message crash derives from the log ("Kernel panic - not syncing: LBUG"). */
  readonly panicMessage: string;
}

export interface OpenFile {
  readonly fd: number;
  readonly file: bigint;
  readonly dentry: bigint;
  readonly inode: bigint;
  /** REG, DIR, CHR, BLK, FIFO, SOCK, LNK, PIPE... from inode.i_mode. */
  readonly type: string;
  readonly path: string;
}

export interface LoadedModule {
  /** Address of struct module. */
  readonly address: bigint;
  readonly name: string;
  /** module_core */
  readonly base: bigint;
  /** core_size */
  readonly size: number;
}
