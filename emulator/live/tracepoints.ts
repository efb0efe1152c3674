/**
 * The static tracepoints of the simulated 3.10.0-957 (RHEL 7.6) kernel, as data: every event's
 * subsystem, name, id, record layout (the fields tracefs's `format` file prints, after the four
 * common fields) and print fmt, and for real tracepoints the TP_PROTO arguments (what SystemTap's
 * kernel.trace() probes see). The syscalls:* events are generated from the simulated syscall
 * table (kernel/linux/syscalls.ts) the way 3.10's SYSCALL_DEFINE metadata makes them.
 *
 * Also here: tracefs's events/ directory and available_events as the kernel renders them
 * (TracefsView), for the shell's tracefs hook (shell/vm-tree.ts) and the tracing tools.
 *
 * Fidelity notes (3.10 upstream behaviour, kept on purpose):
 * - the syscall number field of syscalls:* records is `int nr` (renamed `__syscall_nr` in 4.x);
 *   every argument slot is 8 bytes, `signed:0`, with the type as SYSCALL_DEFINE spells it;
 * - a syscall whose table slot is an assembly stub (stub_execve, stub_clone, ...) or a function
 *   not defined with SYSCALL_DEFINE (arch_prctl, modify_ldt) has no syscalls:* event: 3.10 maps
 *   event metadata to table slots by symbol name and disables the events it cannot map.
 */
import { globMatcher } from "../kernel/glob";
import { SYSCALLS } from "../kernel/linux/syscalls";
import type { KprobeDef } from "./tracefs";

export const TRACING_DIR = "/sys/kernel/debug/tracing";
export const EVENTS_DIR = `${TRACING_DIR}/events`;
export const AVAILABLE_EVENTS = `${TRACING_DIR}/available_events`;

/** One field of an event record, as a `format` file line describes it. */
export interface TraceField {
  /** C type as the format prints it (`char[16]` for arrays, `__data_loc char[]` for strings). */
  readonly type: string;
  readonly name: string;
  readonly offset: number;
  readonly size: number;
  readonly signed: boolean;
}

/** One argument of a tracepoint's prototype (TP_PROTO). */
export interface TraceArg {
  readonly type: string;
  readonly name: string;
}

export interface TraceEvent {
  readonly subsys: string;
  readonly name: string;
  readonly id: number;
  /** The event's own fields, after the common ones. */
  readonly fields: readonly TraceField[];
  /** What follows `print fmt: `. */
  readonly printFmt: string;
  /** TP_PROTO of a real tracepoint; null for the syscalls:* events (ftrace-only, no tracepoint). */
  readonly proto: readonly TraceArg[] | null;
  /** For syscalls:* events: the syscall number. */
  readonly syscallNr?: number;
}

/** The header every record starts with (struct trace_entry). */
export const COMMON_FIELDS: readonly TraceField[] = [
  { type: "unsigned short", name: "common_type", offset: 0, size: 2, signed: false },
  { type: "unsigned char", name: "common_flags", offset: 2, size: 1, signed: false },
  { type: "unsigned char", name: "common_preempt_count", offset: 3, size: 1, signed: false },
  { type: "int", name: "common_pid", offset: 4, size: 4, signed: true },
];

/** Name of the syscall number field of syscalls:* records in 3.10 (4.x calls it __syscall_nr). */
export const SYSCALL_NR_FIELD = "nr";

/**
 * The first id a trace event gets: ids below belong to ftrace's own record types (function,
 * print, ...), the rest are handed out in registration (link) order.
 */
const FIRST_EVENT_ID = 16;

// ---------------------------------------------------------------- C types

interface CType {
  readonly size: number;
  readonly signed: boolean;
}

/** Sizes and signedness of the x86_64 types the event records use. */
const C_TYPES: Readonly<Record<string, CType>> = (() => {
  const t: Record<string, CType> = {};
  const add = (size: number, signed: boolean, names: string) => {
    for (const n of names.split(",")) t[n.trim()] = { size, signed };
  };
  add(1, true, "char, signed char, s8, __s8");
  add(1, false, "unsigned char, u8, __u8, bool");
  add(2, true, "short, s16, __s16");
  add(2, false, "unsigned short, u16, __u16, umode_t");
  add(4, true, "int, s32, __s32, pid_t, clockid_t, key_t, mqd_t, timer_t, key_serial_t");
  add(4, false, "unsigned int, unsigned, u32, __u32, uid_t, gid_t, dev_t, gfp_t, qid_t");
  add(4, false, "enum hrtimer_mode");
  add(8, true, "long, long long, s64, __s64, ssize_t, loff_t, off_t, time_t, xfs_fsize_t, xfs_lsn_t");
  add(8, false, "unsigned long, unsigned long long, u64, __u64, size_t, sector_t, pgoff_t");
  add(8, false, "cputime_t, xfs_ino_t, aio_context_t, cap_user_header_t, cap_user_data_t");
  return t;
})();

function baseType(type: string): CType {
  if (type.endsWith("*")) return { size: 8, signed: false };
  const bare = type.replace(/\b(const|volatile)\s+/g, "").trim();
  const t = C_TYPES[bare];
  if (!t) throw new Error(`tracepoints: unknown C type '${type}'`);
  return t;
}

/** `char prev_comm[16]; pid_t prev_pid; __data_loc char[] name` → the record's fields, laid out. */
function layout(decl: string): TraceField[] {
  const out: TraceField[] = [];
  // The event's fields follow the 8-byte common header, each at its natural alignment.
  let offset = 8;
  for (const raw of decl.split(";")) {
    const d = raw.trim();
    if (!d) continue;
    let type: string;
    let name: string;
    let size: number;
    let align: number;
    let signed: boolean;
    if (d.startsWith("__data_loc ")) {
      // A dynamic array: a 32-bit (offset, length) word in the record, the bytes after it.
      const parts = d.split(/\s+/);
      name = parts[parts.length - 1];
      type = parts.slice(0, -1).join(" ");
      size = 4;
      align = 4;
      signed = baseType(type.slice("__data_loc ".length).replace("[]", "")).signed;
    } else {
      const m = /^(.*?)\s*\b([A-Za-z_]\w*)(?:\[(\d+)\])?$/.exec(d);
      if (!m) throw new Error(`tracepoints: bad field '${d}'`);
      const elem = baseType(m[1]);
      const count = m[3] ? Number(m[3]) : 1;
      type = m[3] ? `${m[1]}[${count}]` : m[1];
      name = m[2];
      size = elem.size * count;
      align = elem.size;
      signed = elem.signed;
    }
    offset = Math.ceil(offset / align) * align;
    out.push({ type, name, offset, size, signed });
    offset += size;
  }
  return out;
}

/** `struct task_struct * prev, int success` → the prototype's arguments. */
function parseArgs(text: string): TraceArg[] {
  if (!text.trim()) return [];
  return text.split(",").map((a) => {
    const m = /^(.*?)\s*\b([A-Za-z_]\w*)$/.exec(a.trim());
    if (!m) throw new Error(`tracepoints: bad argument '${a}'`);
    return { type: m[1], name: m[2] };
  });
}

// ---------------------------------------------------------------- the static events

/** [event names (a class: several names sharing the rest), TP_PROTO, fields, print fmt] */
type Def = readonly [names: string, proto: string, fields: string, fmt: string];

const MAJ = (f: string) => `((unsigned int) ((REC->${f}) >> 20))`;
const MIN = (f: string) => `((unsigned int) ((REC->${f}) & ((1U << 20) - 1)))`;
const PFN = "(unsigned long)((REC->page) - ((struct page *)vmemmap_base))";
const GFP =
  '(REC->gfp_flags) ? __print_flags(REC->gfp_flags, "|", {(unsigned long)0x200da, "GFP_HIGHUSER_MOVABLE"}, ' +
  '{(unsigned long)0x200d2, "GFP_HIGHUSER"}, {(unsigned long)0x200d0, "GFP_USER"}, ' +
  '{(unsigned long)0x800d0, "GFP_TEMPORARY"}, {(unsigned long)0xd0, "GFP_KERNEL"}, ' +
  '{(unsigned long)0x50, "GFP_NOFS"}, {(unsigned long)0x20, "GFP_ATOMIC"}, {(unsigned long)0x10, "GFP_NOIO"}, ' +
  '{(unsigned long)0x20, "GFP_HIGH"}, {(unsigned long)0x10, "GFP_WAIT"}, {(unsigned long)0x40, "GFP_IO"}, ' +
  '{(unsigned long)0x100, "GFP_COLD"}, {(unsigned long)0x200, "GFP_NOWARN"}, {(unsigned long)0x400, "GFP_REPEAT"}, ' +
  '{(unsigned long)0x800, "GFP_NOFAIL"}, {(unsigned long)0x1000, "GFP_NORETRY"}, {(unsigned long)0x4000, "GFP_COMP"}, ' +
  '{(unsigned long)0x8000, "GFP_ZERO"}, {(unsigned long)0x10000, "GFP_NOMEMALLOC"}, ' +
  '{(unsigned long)0x20000, "GFP_HARDWALL"}, {(unsigned long)0x40000, "GFP_THISNODE"}, ' +
  '{(unsigned long)0x80000, "GFP_RECLAIMABLE"}, {(unsigned long)0x08, "GFP_MOVABLE"}, ' +
  '{(unsigned long)0x200000, "GFP_NOTRACK"}, {(unsigned long)0x400000, "GFP_NO_KSWAPD"}, ' +
  '{(unsigned long)0x800000, "GFP_OTHER_NODE"}) : "GFP_NOWAIT"';

const TASK_STATES =
  '{ 1, "S"} , { 2, "D" }, { 4, "T" }, { 8, "t" }, { 16, "Z" }, { 32, "X" }, { 64, "x" }, ' +
  '{ 128, "K" }, { 256, "W" }, { 512, "P" }';

const SOFTIRQS =
  '{ 0, "HI" }, { 1, "TIMER" }, { 2, "NET_TX" }, { 3, "NET_RX" }, { 4, "BLOCK" }, ' +
  '{ 5, "BLOCK_IOPOLL" }, { 6, "TASKLET" }, { 7, "SCHED" }, { 8, "HRTIMER" }, { 9, "RCU" }';

const VSYSCALL: readonly Def[] = [["emulate_vsyscall", "int nr", "int nr", '"nr = %d", REC->nr']];

const RAW_SYSCALLS: readonly Def[] = [
  [
    "sys_enter",
    "struct pt_regs * regs, long id",
    "long id; unsigned long args[6]",
    '"NR %ld (%lx, %lx, %lx, %lx, %lx, %lx)", REC->id, REC->args[0], REC->args[1], REC->args[2], REC->args[3], REC->args[4], REC->args[5]',
  ],
  ["sys_exit", "struct pt_regs * regs, long ret", "long id; long ret", '"NR %ld = %ld", REC->id, REC->ret'],
];

const TASK: readonly Def[] = [
  [
    "task_newtask",
    "struct task_struct * task, unsigned long clone_flags",
    "pid_t pid; char comm[16]; unsigned long clone_flags; short oom_score_adj",
    '"pid=%d comm=%s clone_flags=%lx oom_score_adj=%hd", REC->pid, REC->comm, REC->clone_flags, REC->oom_score_adj',
  ],
  [
    "task_rename",
    "struct task_struct * task, const char * comm",
    "pid_t pid; char oldcomm[16]; char newcomm[16]; short oom_score_adj",
    '"pid=%d oldcomm=%s newcomm=%s oom_score_adj=%hd", REC->pid, REC->oldcomm, REC->newcomm, REC->oom_score_adj',
  ],
];

const SCHED: readonly Def[] = [
  [
    "sched_kthread_stop",
    "struct task_struct * t",
    "char comm[16]; pid_t pid",
    '"comm=%s pid=%d", REC->comm, REC->pid',
  ],
  ["sched_kthread_stop_ret", "int ret", "int ret", '"ret=%d", REC->ret'],
  [
    "sched_wakeup sched_wakeup_new",
    "struct task_struct * p, int success",
    "char comm[16]; pid_t pid; int prio; int success; int target_cpu",
    '"comm=%s pid=%d prio=%d success=%d target_cpu=%03d", REC->comm, REC->pid, REC->prio, REC->success, REC->target_cpu',
  ],
  [
    "sched_switch",
    "struct task_struct * prev, struct task_struct * next",
    "char prev_comm[16]; pid_t prev_pid; int prev_prio; long prev_state; char next_comm[16]; pid_t next_pid; int next_prio",
    '"prev_comm=%s prev_pid=%d prev_prio=%d prev_state=%s%s ==> next_comm=%s next_pid=%d next_prio=%d", ' +
      "REC->prev_comm, REC->prev_pid, REC->prev_prio, REC->prev_state & (1024-1) ? " +
      `__print_flags(REC->prev_state & (1024-1), "|", ${TASK_STATES}) : "R", ` +
      'REC->prev_state & 1024 ? "+" : "", REC->next_comm, REC->next_pid, REC->next_prio',
  ],
  [
    "sched_migrate_task",
    "struct task_struct * p, int dest_cpu",
    "char comm[16]; pid_t pid; int prio; int orig_cpu; int dest_cpu",
    '"comm=%s pid=%d prio=%d orig_cpu=%d dest_cpu=%d", REC->comm, REC->pid, REC->prio, REC->orig_cpu, REC->dest_cpu',
  ],
  [
    "sched_process_free sched_process_exit sched_wait_task",
    "struct task_struct * p",
    "char comm[16]; pid_t pid; int prio",
    '"comm=%s pid=%d prio=%d", REC->comm, REC->pid, REC->prio',
  ],
  [
    "sched_process_wait",
    "struct pid * pid",
    "char comm[16]; pid_t pid; int prio",
    '"comm=%s pid=%d prio=%d", REC->comm, REC->pid, REC->prio',
  ],
  [
    "sched_process_fork",
    "struct task_struct * parent, struct task_struct * child",
    "char parent_comm[16]; pid_t parent_pid; char child_comm[16]; pid_t child_pid",
    '"comm=%s pid=%d child_comm=%s child_pid=%d", REC->parent_comm, REC->parent_pid, REC->child_comm, REC->child_pid',
  ],
  [
    "sched_process_exec",
    "struct task_struct * p, pid_t old_pid, struct linux_binprm * bprm",
    "__data_loc char[] filename; pid_t pid; pid_t old_pid",
    '"filename=%s pid=%d old_pid=%d", __get_str(filename), REC->pid, REC->old_pid',
  ],
  [
    "sched_stat_wait sched_stat_sleep sched_stat_iowait sched_stat_blocked",
    "struct task_struct * tsk, u64 delay",
    "char comm[16]; pid_t pid; u64 delay",
    '"comm=%s pid=%d delay=%Lu [ns]", REC->comm, REC->pid, (unsigned long long)REC->delay',
  ],
  [
    "sched_stat_runtime",
    "struct task_struct * tsk, u64 runtime, u64 vruntime",
    "char comm[16]; pid_t pid; u64 runtime; u64 vruntime",
    '"comm=%s pid=%d runtime=%Lu [ns] vruntime=%Lu [ns]", REC->comm, REC->pid, (unsigned long long)REC->runtime, (unsigned long long)REC->vruntime',
  ],
  [
    "sched_pi_setprio",
    "struct task_struct * tsk, int newprio",
    "char comm[16]; pid_t pid; int oldprio; int newprio",
    '"comm=%s pid=%d oldprio=%d newprio=%d", REC->comm, REC->pid, REC->oldprio, REC->newprio',
  ],
  [
    "sched_move_numa",
    "struct task_struct * tsk, int src_cpu, int dst_cpu",
    "pid_t pid; pid_t tgid; pid_t ngid; int src_cpu; int src_nid; int dst_cpu; int dst_nid",
    '"pid=%d tgid=%d ngid=%d src_cpu=%d src_nid=%d dst_cpu=%d dst_nid=%d", REC->pid, REC->tgid, REC->ngid, REC->src_cpu, REC->src_nid, REC->dst_cpu, REC->dst_nid',
  ],
  [
    "sched_stick_numa sched_swap_numa",
    "struct task_struct * src_tsk, int src_cpu, struct task_struct * dst_tsk, int dst_cpu",
    "pid_t src_pid; pid_t src_tgid; pid_t src_ngid; int src_cpu; int src_nid; " +
      "pid_t dst_pid; pid_t dst_tgid; pid_t dst_ngid; int dst_cpu; int dst_nid",
    '"src_pid=%d src_tgid=%d src_ngid=%d src_cpu=%d src_nid=%d dst_pid=%d dst_tgid=%d dst_ngid=%d dst_cpu=%d dst_nid=%d", ' +
      "REC->src_pid, REC->src_tgid, REC->src_ngid, REC->src_cpu, REC->src_nid, " +
      "REC->dst_pid, REC->dst_tgid, REC->dst_ngid, REC->dst_cpu, REC->dst_nid",
  ],
];

const SIGNAL: readonly Def[] = [
  [
    "signal_generate",
    "int sig, struct siginfo * info, struct task_struct * task, int group, int result",
    "int sig; int errno; int code; char comm[16]; pid_t pid; int group; int result",
    '"sig=%d errno=%d code=%d comm=%s pid=%d grp=%d res=%d", REC->sig, REC->errno, REC->code, REC->comm, REC->pid, REC->group, REC->result',
  ],
  [
    "signal_deliver",
    "int sig, struct siginfo * info, struct k_sigaction * ka",
    "int sig; int errno; int code; unsigned long sa_handler; unsigned long sa_flags",
    '"sig=%d errno=%d code=%d sa_handler=%lx sa_flags=%lx", REC->sig, REC->errno, REC->code, REC->sa_handler, REC->sa_flags',
  ],
];

const TIMER: readonly Def[] = [
  ["timer_init", "struct timer_list * timer", "void * timer", '"timer=%p", REC->timer'],
  [
    "timer_start",
    "struct timer_list * timer, unsigned long expires",
    "void * timer; void * function; unsigned long expires; unsigned long now",
    '"timer=%p function=%pf expires=%lu [timeout=%ld]", REC->timer, REC->function, REC->expires, (long)REC->expires - REC->now',
  ],
  [
    "timer_expire_entry",
    "struct timer_list * timer",
    "void * timer; unsigned long now; void * function",
    '"timer=%p function=%pf now=%lu", REC->timer, REC->function, REC->now',
  ],
  ["timer_expire_exit timer_cancel", "struct timer_list * timer", "void * timer", '"timer=%p", REC->timer'],
  [
    "hrtimer_init",
    "struct hrtimer * hrtimer, clockid_t clockid, enum hrtimer_mode mode",
    "void * hrtimer; clockid_t clockid; enum hrtimer_mode mode",
    '"hrtimer=%p clockid=%s mode=%s", REC->hrtimer, REC->clockid == 0 ? "CLOCK_REALTIME" : "CLOCK_MONOTONIC", ' +
      'REC->mode == HRTIMER_MODE_ABS ? "HRTIMER_MODE_ABS" : "HRTIMER_MODE_REL"',
  ],
  [
    "hrtimer_start",
    "struct hrtimer * hrtimer",
    "void * hrtimer; void * function; s64 expires; s64 softexpires",
    '"hrtimer=%p function=%pf expires=%llu softexpires=%llu", REC->hrtimer, REC->function, (unsigned long long)REC->expires, (unsigned long long)REC->softexpires',
  ],
  [
    "hrtimer_expire_entry",
    "struct hrtimer * hrtimer, ktime_t * now",
    "void * hrtimer; s64 now; void * function",
    '"hrtimer=%p function=%pf now=%llu", REC->hrtimer, REC->function, (unsigned long long)REC->now',
  ],
  [
    "hrtimer_expire_exit hrtimer_cancel",
    "struct hrtimer * hrtimer",
    "void * hrtimer",
    '"hrtimer=%p", REC->hrtimer',
  ],
  [
    "itimer_state",
    "int which, const struct itimerval * value, cputime_t expires",
    "int which; cputime_t expires; long value_sec; long value_usec; long interval_sec; long interval_usec",
    '"which=%d expires=%llu it_value=%ld.%ld it_interval=%ld.%ld", REC->which, (unsigned long long)REC->expires, REC->value_sec, REC->value_usec, REC->interval_sec, REC->interval_usec',
  ],
  [
    "itimer_expire",
    "int which, struct pid * pid, cputime_t now",
    "int which; pid_t pid; cputime_t now",
    '"which=%d pid=%d now=%llu", REC->which, (int) REC->pid, (unsigned long long)REC->now',
  ],
  [
    "tick_stop",
    "int success, char * error_msg",
    "int success; char * msg",
    '"success=%s msg=%s", REC->success ? "yes" : "no", REC->msg',
  ],
];

const IRQ: readonly Def[] = [
  [
    "irq_handler_entry",
    "int irq, struct irqaction * action",
    "int irq; __data_loc char[] name",
    '"irq=%d name=%s", REC->irq, __get_str(name)',
  ],
  [
    "irq_handler_exit",
    "int irq, struct irqaction * action, int ret",
    "int irq; int ret",
    '"irq=%d ret=%s", REC->irq, REC->ret ? "handled" : "unhandled"',
  ],
  [
    "softirq_entry softirq_exit softirq_raise",
    "unsigned int vec_nr",
    "unsigned int vec",
    `"vec=%u [action=%s]", REC->vec, __print_symbolic(REC->vec, ${SOFTIRQS})`,
  ],
];

const WORKQUEUE: readonly Def[] = [
  [
    "workqueue_queue_work",
    "unsigned int req_cpu, struct pool_workqueue * pwq, struct work_struct * work",
    "void * work; void * function; void * workqueue; unsigned int req_cpu; unsigned int cpu",
    '"work struct=%p function=%pf workqueue=%p req_cpu=%u cpu=%u", REC->work, REC->function, REC->workqueue, REC->req_cpu, REC->cpu',
  ],
  ["workqueue_activate_work", "struct work_struct * work", "void * work", '"work struct %p", REC->work'],
  [
    "workqueue_execute_start",
    "struct work_struct * work",
    "void * work; void * function",
    '"work struct %p: function %pf", REC->work, REC->function',
  ],
  ["workqueue_execute_end", "struct work_struct * work", "void * work", '"work struct %p", REC->work'],
];

const POWER: readonly Def[] = [
  [
    "cpu_idle",
    "unsigned int state, unsigned int cpu_id",
    "u32 state; u32 cpu_id",
    '"state=%lu cpu_id=%lu", (unsigned long)REC->state, (unsigned long)REC->cpu_id',
  ],
  [
    "cpu_frequency",
    "unsigned int frequency, unsigned int cpu_id",
    "u32 state; u32 cpu_id",
    '"state=%lu cpu_id=%lu", (unsigned long)REC->state, (unsigned long)REC->cpu_id',
  ],
  ["machine_suspend", "unsigned int state", "u32 state", '"state=%lu", (unsigned long)REC->state'],
  [
    "clock_enable clock_disable clock_set_rate power_domain_target",
    "const char * name, unsigned int state, unsigned int cpu_id",
    "__data_loc char[] name; u64 state; u64 cpu_id",
    '"%s state=%lu cpu_id=%lu", __get_str(name), (unsigned long)REC->state, (unsigned long)REC->cpu_id',
  ],
];

const RCU: readonly Def[] = [["rcu_utilization", "const char * s", "const char * s", '"%s", REC->s']];

const PRINTK: readonly Def[] = [
  ["console", "const char * text, size_t len", "__data_loc char[] msg", '"%s", __get_str(msg)'],
];

const MODULE: readonly Def[] = [
  [
    "module_load",
    "struct module * mod",
    "unsigned int taints; __data_loc char[] name",
    '"%s %s", __get_str(name), __print_flags(REC->taints, "", { (1UL << 0), "P" }, { (1UL << 12), "O" }, ' +
      '{ (1UL << 1), "F" }, { (1UL << 10), "C" }, { (1UL << 13), "E" })',
  ],
  ["module_free", "struct module * mod", "__data_loc char[] name", '"%s", __get_str(name)'],
  [
    "module_get module_put",
    "struct module * mod, unsigned long ip",
    "unsigned long ip; int refcnt; __data_loc char[] name",
    '"%s call_site=%pf refcnt=%d", __get_str(name), (void *)REC->ip, REC->refcnt',
  ],
  [
    "module_request",
    "char * name, bool wait, unsigned long ip",
    "unsigned long ip; bool wait; __data_loc char[] name",
    '"%s wait=%d call_site=%pf", __get_str(name), (int)REC->wait, (void *)REC->ip',
  ],
];

const KMEM: readonly Def[] = [
  [
    "kmalloc kmem_cache_alloc",
    "unsigned long call_site, const void * ptr, size_t bytes_req, size_t bytes_alloc, gfp_t gfp_flags",
    "unsigned long call_site; const void * ptr; size_t bytes_req; size_t bytes_alloc; gfp_t gfp_flags",
    `"call_site=%lx ptr=%p bytes_req=%zu bytes_alloc=%zu gfp_flags=%s", REC->call_site, REC->ptr, REC->bytes_req, REC->bytes_alloc, ${GFP}`,
  ],
  [
    "kmalloc_node kmem_cache_alloc_node",
    "unsigned long call_site, const void * ptr, size_t bytes_req, size_t bytes_alloc, gfp_t gfp_flags, int node",
    "unsigned long call_site; const void * ptr; size_t bytes_req; size_t bytes_alloc; gfp_t gfp_flags; int node",
    `"call_site=%lx ptr=%p bytes_req=%zu bytes_alloc=%zu gfp_flags=%s node=%d", REC->call_site, REC->ptr, REC->bytes_req, REC->bytes_alloc, ${GFP}, REC->node`,
  ],
  [
    "kfree kmem_cache_free",
    "unsigned long call_site, const void * ptr",
    "unsigned long call_site; const void * ptr",
    '"call_site=%lx ptr=%p", REC->call_site, REC->ptr',
  ],
  [
    "mm_page_free",
    "struct page * page, unsigned int order",
    "struct page * page; unsigned int order",
    `"page=%p pfn=%lu order=%d", REC->page, ${PFN}, REC->order`,
  ],
  [
    "mm_page_free_batched",
    "struct page * page, int cold",
    "struct page * page; int cold",
    `"page=%p pfn=%lu order=0 cold=%d", REC->page, ${PFN}, REC->cold`,
  ],
  [
    "mm_page_alloc",
    "struct page * page, unsigned int order, gfp_t gfp_flags, int migratetype",
    "struct page * page; unsigned int order; gfp_t gfp_flags; int migratetype",
    `"page=%p pfn=%lu order=%d migratetype=%d gfp_flags=%s", REC->page, REC->page ? ${PFN} : 0, REC->order, REC->migratetype, ${GFP}`,
  ],
  [
    "mm_page_alloc_zone_locked",
    "struct page * page, unsigned int order, int migratetype",
    "struct page * page; unsigned int order; int migratetype",
    `"page=%p pfn=%lu order=%u migratetype=%d percpu_refill=%d", REC->page, REC->page ? ${PFN} : 0, REC->order, REC->migratetype, REC->order == 0`,
  ],
  [
    "mm_page_pcpu_drain",
    "struct page * page, unsigned int order, int migratetype",
    "struct page * page; unsigned int order; int migratetype",
    `"page=%p pfn=%lu order=%d migratetype=%d", REC->page, ${PFN}, REC->order, REC->migratetype`,
  ],
  [
    "mm_page_alloc_extfrag",
    "struct page * page, int alloc_order, int fallback_order, int alloc_migratetype, int fallback_migratetype",
    "struct page * page; int alloc_order; int fallback_order; int alloc_migratetype; int fallback_migratetype",
    `"page=%p pfn=%lu alloc_order=%d fallback_order=%d pageblock_order=%d alloc_migratetype=%d fallback_migratetype=%d fragmenting=%d change_ownership=%d", ` +
      `REC->page, ${PFN}, REC->alloc_order, REC->fallback_order, (11-1), REC->alloc_migratetype, REC->fallback_migratetype, ` +
      "REC->fallback_order < (11-1), REC->alloc_migratetype == REC->fallback_migratetype",
  ],
];

const VMSCAN: readonly Def[] = [
  ["mm_vmscan_kswapd_sleep", "int nid", "int nid", '"nid=%d", REC->nid'],
  [
    "mm_vmscan_kswapd_wake",
    "int nid, int order",
    "int nid; int order",
    '"nid=%d order=%d", REC->nid, REC->order',
  ],
  [
    "mm_vmscan_wakeup_kswapd",
    "int nid, int zid, int order",
    "int nid; int zid; int order",
    '"nid=%d zid=%d order=%d", REC->nid, REC->zid, REC->order',
  ],
  [
    "mm_vmscan_direct_reclaim_begin",
    "int order, int may_writepage, gfp_t gfp_flags",
    "int order; int may_writepage; gfp_t gfp_flags",
    `"order=%d may_writepage=%d gfp_flags=%s", REC->order, REC->may_writepage, ${GFP}`,
  ],
  [
    "mm_vmscan_direct_reclaim_end",
    "unsigned long nr_reclaimed",
    "unsigned long nr_reclaimed",
    '"nr_reclaimed=%lu", REC->nr_reclaimed',
  ],
];

const FILEMAP: readonly Def[] = [
  [
    "mm_filemap_delete_from_page_cache mm_filemap_add_to_page_cache",
    "struct page * page",
    "struct page * page; unsigned long i_ino; unsigned long index; dev_t s_dev",
    `"dev %d:%d ino %lx page=%p pfn=%lu ofs=%lu", ${MAJ("s_dev")}, ${MIN("s_dev")}, REC->i_ino, REC->page, ${PFN}, REC->index << 12`,
  ],
];

const OOM: readonly Def[] = [
  [
    "oom_score_adj_update",
    "struct task_struct * task",
    "pid_t pid; char comm[16]; short oom_score_adj",
    '"pid=%d comm=%s oom_score_adj=%hd", REC->pid, REC->comm, REC->oom_score_adj',
  ],
];

const WB_WORK_FMT =
  '"bdi %s: sb_dev %d:%d nr_pages=%ld sync_mode=%d kupdate=%d range_cyclic=%d background=%d reason=%s", ' +
  `REC->name, ${MAJ("sb_dev")}, ${MIN("sb_dev")}, REC->nr_pages, REC->sync_mode, REC->for_kupdate, ` +
  'REC->range_cyclic, REC->for_background, __print_symbolic(REC->reason, {0, "background"}, ' +
  '{1, "try_to_free_pages"}, {2, "sync"}, {3, "periodic"}, {4, "laptop_timer"}, {5, "free_more_memory"}, ' +
  '{6, "fs_free_space"}, {7, "forker_thread"})';

const WRITEBACK: readonly Def[] = [
  [
    "writeback_dirty_page",
    "struct page * page, struct address_space * mapping",
    "char name[32]; unsigned long ino; pgoff_t index",
    '"bdi %s: ino=%lu index=%lu", REC->name, REC->ino, REC->index',
  ],
  [
    "writeback_dirty_inode_start writeback_dirty_inode",
    "struct inode * inode, int flags",
    "char name[32]; unsigned long ino; unsigned long flags",
    '"bdi %s: ino=%lu flags=%s", REC->name, REC->ino, __print_flags(REC->flags, "|", {(1 << 0), "I_DIRTY_SYNC"}, ' +
      '{(1 << 1), "I_DIRTY_DATASYNC"}, {(1 << 2), "I_DIRTY_PAGES"}, {(1 << 3), "I_NEW"}, {(1 << 4), "I_WILL_FREE"}, ' +
      '{(1 << 5), "I_FREEING"}, {(1 << 6), "I_CLEAR"}, {(1 << 7), "I_SYNC"}, {(1 << 8), "I_REFERENCED"})',
  ],
  [
    "writeback_write_inode_start writeback_write_inode",
    "struct inode * inode, struct writeback_control * wbc",
    "char name[32]; unsigned long ino; int sync_mode",
    '"bdi %s: ino=%lu sync_mode=%d", REC->name, REC->ino, REC->sync_mode',
  ],
  [
    "writeback_queue writeback_exec writeback_start writeback_written writeback_wait",
    "struct backing_dev_info * bdi, struct wb_writeback_work * work",
    "char name[32]; long nr_pages; dev_t sb_dev; int sync_mode; int for_kupdate; int range_cyclic; int for_background; int reason",
    WB_WORK_FMT,
  ],
  ["writeback_pages_written", "long pages_written", "long pages", '"%ld", REC->pages'],
  [
    "global_dirty_state",
    "unsigned long background_thresh, unsigned long dirty_thresh",
    "unsigned long nr_dirty; unsigned long nr_writeback; unsigned long nr_unstable; unsigned long background_thresh; " +
      "unsigned long dirty_thresh; unsigned long dirty_limit; unsigned long nr_dirtied; unsigned long nr_written",
    '"dirty=%lu writeback=%lu unstable=%lu bg_thresh=%lu thresh=%lu limit=%lu dirtied=%lu written=%lu", ' +
      "REC->nr_dirty, REC->nr_writeback, REC->nr_unstable, REC->background_thresh, REC->dirty_thresh, " +
      "REC->dirty_limit, REC->nr_dirtied, REC->nr_written",
  ],
];

const XFS_DEV = `${MAJ("dev")}, ${MIN("dev")}`;
const XFS: readonly Def[] = [
  [
    "xfs_iget_hit xfs_iget_miss xfs_getattr xfs_setattr xfs_readdir xfs_dir_fsync xfs_file_fsync " +
      "xfs_destroy_inode xfs_evict_inode xfs_update_time",
    "struct xfs_inode * ip",
    "dev_t dev; xfs_ino_t ino",
    `"dev %d:%d ino 0x%llx", ${XFS_DEV}, REC->ino`,
  ],
  [
    "xfs_file_read xfs_file_buffered_write xfs_file_direct_write",
    "struct xfs_inode * ip, size_t count, loff_t offset, int flags",
    "dev_t dev; xfs_ino_t ino; xfs_fsize_t size; loff_t offset; size_t count; int flags",
    `"dev %d:%d ino 0x%llx size 0x%llx offset 0x%llx count 0x%zx ioflags %s", ${XFS_DEV}, REC->ino, REC->size, ` +
      'REC->offset, REC->count, __print_flags(REC->flags, "|", { 0x0001, "DIRECT" }, { 0x0002, "INVIS" })',
  ],
  [
    "xfs_ilock xfs_ilock_nowait xfs_ilock_demote xfs_iunlock",
    "struct xfs_inode * ip, unsigned lock_flags, unsigned long caller_ip",
    "dev_t dev; xfs_ino_t ino; int lock_flags; unsigned long caller_ip",
    `"dev %d:%d ino 0x%llx flags %s caller %pf", ${XFS_DEV}, REC->ino, __print_flags(REC->lock_flags, "|", ` +
      '{ 0x0001, "IOLOCK_EXCL" }, { 0x0002, "IOLOCK_SHARED" }, { 0x0004, "ILOCK_EXCL" }, { 0x0008, "ILOCK_SHARED" }), ' +
      "(void *)REC->caller_ip",
  ],
  [
    "xfs_log_force",
    "struct xfs_mount * mp, xfs_lsn_t lsn, unsigned long caller_ip",
    "dev_t dev; xfs_lsn_t lsn; unsigned long caller_ip",
    `"dev %d:%d lsn 0x%llx caller %pf", ${XFS_DEV}, REC->lsn, (void *)REC->caller_ip`,
  ],
  [
    "xfs_writepage xfs_releasepage xfs_invalidatepage",
    "struct inode * inode, struct page * page, unsigned long off",
    "dev_t dev; xfs_ino_t ino; pgoff_t pgoff; loff_t size; unsigned long offset; int delalloc; int unwritten",
    `"dev %d:%d ino 0x%llx pgoff 0x%lx size 0x%llx offset %lx delalloc %d unwritten %d", ${XFS_DEV}, REC->ino, ` +
      "REC->pgoff, REC->size, REC->offset, REC->delalloc, REC->unwritten",
  ],
];

const BLK_DEV = `${MAJ("dev")}, ${MIN("dev")}`;
const BLOCK: readonly Def[] = [
  [
    "block_touch_buffer block_dirty_buffer",
    "struct buffer_head * bh",
    "dev_t dev; sector_t sector; size_t size",
    `"%d,%d sector=%llu size=%zu", ${BLK_DEV}, (unsigned long long)REC->sector, REC->size`,
  ],
  [
    "block_rq_abort block_rq_requeue block_rq_complete",
    "struct request_queue * q, struct request * rq",
    "dev_t dev; sector_t sector; unsigned int nr_sector; int errors; char rwbs[8]; __data_loc char[] cmd",
    `"%d,%d %s (%s) %llu + %u [%d]", ${BLK_DEV}, REC->rwbs, __get_str(cmd), (unsigned long long)REC->sector, REC->nr_sector, REC->errors`,
  ],
  [
    "block_rq_insert block_rq_issue",
    "struct request_queue * q, struct request * rq",
    "dev_t dev; sector_t sector; unsigned int nr_sector; unsigned int bytes; char rwbs[8]; char comm[16]; __data_loc char[] cmd",
    `"%d,%d %s %u (%s) %llu + %u [%s]", ${BLK_DEV}, REC->rwbs, REC->bytes, __get_str(cmd), (unsigned long long)REC->sector, REC->nr_sector, REC->comm`,
  ],
  [
    "block_bio_bounce block_bio_queue",
    "struct request_queue * q, struct bio * bio",
    "dev_t dev; sector_t sector; unsigned int nr_sector; char rwbs[8]; char comm[16]",
    `"%d,%d %s %llu + %u [%s]", ${BLK_DEV}, REC->rwbs, (unsigned long long)REC->sector, REC->nr_sector, REC->comm`,
  ],
  [
    "block_bio_complete",
    "struct request_queue * q, struct bio * bio, int error",
    "dev_t dev; sector_t sector; unsigned nr_sector; int error; char rwbs[8]",
    `"%d,%d %s %llu + %u [%d]", ${BLK_DEV}, REC->rwbs, (unsigned long long)REC->sector, REC->nr_sector, REC->error`,
  ],
  [
    "block_bio_backmerge block_bio_frontmerge",
    "struct request_queue * q, struct request * rq, struct bio * bio",
    "dev_t dev; sector_t sector; unsigned int nr_sector; char rwbs[8]; char comm[16]",
    `"%d,%d %s %llu + %u [%s]", ${BLK_DEV}, REC->rwbs, (unsigned long long)REC->sector, REC->nr_sector, REC->comm`,
  ],
  [
    "block_getrq block_sleeprq",
    "struct request_queue * q, struct bio * bio, int rw",
    "dev_t dev; sector_t sector; unsigned int nr_sector; char rwbs[8]; char comm[16]",
    `"%d,%d %s %llu + %u [%s]", ${BLK_DEV}, REC->rwbs, (unsigned long long)REC->sector, REC->nr_sector, REC->comm`,
  ],
  ["block_plug", "struct request_queue * q", "char comm[16]", '"[%s]", REC->comm'],
  [
    "block_unplug",
    "struct request_queue * q, unsigned int depth, bool explicit",
    "int nr_rq; char comm[16]",
    '"[%s] %d", REC->comm, REC->nr_rq',
  ],
  [
    "block_split",
    "struct request_queue * q, struct bio * bio, unsigned int new_sector",
    "dev_t dev; sector_t sector; sector_t new_sector; char rwbs[8]; char comm[16]",
    `"%d,%d %s %llu / %llu [%s]", ${BLK_DEV}, REC->rwbs, (unsigned long long)REC->sector, (unsigned long long)REC->new_sector, REC->comm`,
  ],
  [
    "block_bio_remap",
    "struct request_queue * q, struct bio * bio, dev_t dev, sector_t from",
    "dev_t dev; sector_t sector; unsigned int nr_sector; dev_t old_dev; sector_t old_sector; char rwbs[8]",
    `"%d,%d %s %llu + %u <- (%d,%d) %llu", ${BLK_DEV}, REC->rwbs, (unsigned long long)REC->sector, REC->nr_sector, ` +
      `${MAJ("old_dev")}, ${MIN("old_dev")}, (unsigned long long)REC->old_sector`,
  ],
  [
    "block_rq_remap",
    "struct request_queue * q, struct request * rq, dev_t dev, sector_t from",
    "dev_t dev; sector_t sector; unsigned int nr_sector; dev_t old_dev; sector_t old_sector; char rwbs[8]",
    `"%d,%d %s %llu + %u <- (%d,%d) %llu", ${BLK_DEV}, REC->rwbs, (unsigned long long)REC->sector, REC->nr_sector, ` +
      `${MAJ("old_dev")}, ${MIN("old_dev")}, (unsigned long long)REC->old_sector`,
  ],
];

const SKB: readonly Def[] = [
  [
    "kfree_skb",
    "struct sk_buff * skb, void * location",
    "void * skbaddr; void * location; unsigned short protocol",
    '"skbaddr=%p protocol=%u location=%p", REC->skbaddr, REC->protocol, REC->location',
  ],
  ["consume_skb", "struct sk_buff * skb", "void * skbaddr", '"skbaddr=%p", REC->skbaddr'],
  [
    "skb_copy_datagram_iovec",
    "const struct sk_buff * skb, int len",
    "const void * skbaddr; int len",
    '"skbaddr=%p len=%d", REC->skbaddr, REC->len',
  ],
];

const NET: readonly Def[] = [
  [
    "net_dev_xmit",
    "struct sk_buff * skb, int rc, struct net_device * dev, unsigned int skb_len",
    "void * skbaddr; unsigned int len; int rc; __data_loc char[] name",
    '"dev=%s skbaddr=%p len=%u rc=%d", __get_str(name), REC->skbaddr, REC->len, REC->rc',
  ],
  [
    "net_dev_queue netif_receive_skb netif_rx",
    "struct sk_buff * skb",
    "void * skbaddr; unsigned int len; __data_loc char[] name",
    '"dev=%s skbaddr=%p len=%u", __get_str(name), REC->skbaddr, REC->len',
  ],
];

const NAPI: readonly Def[] = [
  [
    "napi_poll",
    "struct napi_struct * napi",
    "struct napi_struct * napi; __data_loc char[] dev_name",
    '"napi poll on napi struct %p for device %s", REC->napi, __get_str(dev_name)',
  ],
];

const SOCK: readonly Def[] = [
  [
    "sock_rcvqueue_full",
    "struct sock * sk, struct sk_buff * skb",
    "int rmem_alloc; unsigned int truesize; int sk_rcvbuf",
    '"rmem_alloc=%d truesize=%u sk_rcvbuf=%d", REC->rmem_alloc, REC->truesize, REC->sk_rcvbuf',
  ],
  [
    "sock_exceed_buf_limit",
    "struct sock * sk, struct proto * prot, long allocated",
    "char name[32]; long * sysctl_mem; long allocated; int sysctl_rmem; int rmem_alloc",
    '"proto:%s sysctl_mem=%ld,%ld,%ld allocated=%ld sysctl_rmem=%d rmem_alloc=%d", REC->name, REC->sysctl_mem[0], ' +
      "REC->sysctl_mem[1], REC->sysctl_mem[2], REC->allocated, REC->sysctl_rmem, REC->rmem_alloc",
  ],
];

const UDP: readonly Def[] = [
  [
    "udp_fail_queue_rcv_skb",
    "int rc, struct sock * sk",
    "int rc; __u16 lport",
    '"rc=%d port=%hu", REC->rc, REC->lport',
  ],
];

/**
 * Registration order of the subsystems (roughly vmlinux's link order: arch/x86, kernel/, then
 * mm/, fs/, block/, net/); "syscalls" stands for the generated syscall events.
 */
const GROUPS: readonly (readonly [string, readonly Def[] | "syscalls"])[] = [
  ["vsyscall", VSYSCALL],
  ["raw_syscalls", RAW_SYSCALLS],
  ["task", TASK],
  ["sched", SCHED],
  ["signal", SIGNAL],
  ["timer", TIMER],
  ["irq", IRQ],
  ["workqueue", WORKQUEUE],
  ["power", POWER],
  ["rcu", RCU],
  ["printk", PRINTK],
  ["module", MODULE],
  ["syscalls", "syscalls"],
  ["kmem", KMEM],
  ["vmscan", VMSCAN],
  ["filemap", FILEMAP],
  ["oom", OOM],
  ["writeback", WRITEBACK],
  ["xfs", XFS],
  ["block", BLOCK],
  ["skb", SKB],
  ["net", NET],
  ["napi", NAPI],
  ["sock", SOCK],
  ["udp", UDP],
];

// ---------------------------------------------------------------- syscalls

/**
 * Arguments of each SYSCALL_DEFINEn of 3.10.0-957 on x86_64, by the name the syscall table
 * uses (newstat, sendfile64...): `type name` as the macro's arguments spell them, with
 * `__user` gone (it expands to nothing before the types are turned into strings).
 * SYSCALL_DEFINE0 syscalls have an empty list.
 */
const SYSCALL_ARGS = `
read: unsigned int fd, char * buf, size_t count
write: unsigned int fd, const char * buf, size_t count
open: const char * filename, int flags, umode_t mode
close: unsigned int fd
newstat: const char * filename, struct stat * statbuf
newfstat: unsigned int fd, struct stat * statbuf
newlstat: const char * filename, struct stat * statbuf
poll: struct pollfd * ufds, unsigned int nfds, int timeout_msecs
lseek: unsigned int fd, off_t offset, unsigned int whence
mmap: unsigned long addr, unsigned long len, unsigned long prot, unsigned long flags, unsigned long fd, unsigned long off
mprotect: unsigned long start, size_t len, unsigned long prot
munmap: unsigned long addr, size_t len
brk: unsigned long brk
rt_sigaction: int sig, const struct sigaction * act, struct sigaction * oact, size_t sigsetsize
rt_sigprocmask: int how, sigset_t * nset, sigset_t * oset, size_t sigsetsize
ioctl: unsigned int fd, unsigned int cmd, unsigned long arg
pread64: unsigned int fd, char * buf, size_t count, loff_t pos
pwrite64: unsigned int fd, const char * buf, size_t count, loff_t pos
readv: unsigned long fd, const struct iovec * vec, unsigned long vlen
writev: unsigned long fd, const struct iovec * vec, unsigned long vlen
access: const char * filename, int mode
pipe: int * fildes
select: int n, fd_set * inp, fd_set * outp, fd_set * exp, struct timeval * tvp
sched_yield:
mremap: unsigned long addr, unsigned long old_len, unsigned long new_len, unsigned long flags, unsigned long new_addr
msync: unsigned long start, size_t len, int flags
mincore: unsigned long start, size_t len, unsigned char * vec
madvise: unsigned long start, size_t len_in, int behavior
shmget: key_t key, size_t size, int shmflg
shmat: int shmid, char * shmaddr, int shmflg
shmctl: int shmid, int cmd, struct shmid_ds * buf
dup: unsigned int fildes
dup2: unsigned int oldfd, unsigned int newfd
pause:
nanosleep: struct timespec * rqtp, struct timespec * rmtp
getitimer: int which, struct itimerval * value
alarm: unsigned int seconds
setitimer: int which, struct itimerval * value, struct itimerval * ovalue
getpid:
sendfile64: int out_fd, int in_fd, loff_t * offset, size_t count
socket: int family, int type, int protocol
connect: int fd, struct sockaddr * uservaddr, int addrlen
accept: int fd, struct sockaddr * upeer_sockaddr, int * upeer_addrlen
sendto: int fd, void * buff, size_t len, unsigned int flags, struct sockaddr * addr, int addr_len
recvfrom: int fd, void * ubuf, size_t size, unsigned int flags, struct sockaddr * addr, int * addr_len
sendmsg: int fd, struct msghdr * msg, unsigned int flags
recvmsg: int fd, struct msghdr * msg, unsigned int flags
shutdown: int fd, int how
bind: int fd, struct sockaddr * umyaddr, int addrlen
listen: int fd, int backlog
getsockname: int fd, struct sockaddr * usockaddr, int * usockaddr_len
getpeername: int fd, struct sockaddr * usockaddr, int * usockaddr_len
socketpair: int family, int type, int protocol, int * usockvec
setsockopt: int fd, int level, int optname, char * optval, int optlen
getsockopt: int fd, int level, int optname, char * optval, int * optlen
exit: int error_code
wait4: pid_t upid, int * stat_addr, int options, struct rusage * ru
kill: pid_t pid, int sig
newuname: struct new_utsname * name
semget: key_t key, int nsems, int semflg
semop: int semid, struct sembuf * tsops, unsigned nsops
semctl: int semid, int semnum, int cmd, unsigned long arg
shmdt: char * shmaddr
msgget: key_t key, int msgflg
msgsnd: int msqid, struct msgbuf * msgp, size_t msgsz, int msgflg
msgrcv: int msqid, struct msgbuf * msgp, size_t msgsz, long msgtyp, int msgflg
msgctl: int msqid, int cmd, struct msqid_ds * buf
fcntl: unsigned int fd, unsigned int cmd, unsigned long arg
flock: unsigned int fd, unsigned int cmd
fsync: unsigned int fd
fdatasync: unsigned int fd
truncate: const char * path, long length
ftruncate: unsigned int fd, unsigned long length
getdents: unsigned int fd, struct linux_dirent * dirent, unsigned int count
getcwd: char * buf, unsigned long size
chdir: const char * filename
fchdir: unsigned int fd
rename: const char * oldname, const char * newname
mkdir: const char * pathname, umode_t mode
rmdir: const char * pathname
creat: const char * pathname, umode_t mode
link: const char * oldname, const char * newname
unlink: const char * pathname
symlink: const char * oldname, const char * newname
readlink: const char * path, char * buf, int bufsiz
chmod: const char * filename, umode_t mode
fchmod: unsigned int fd, umode_t mode
chown: const char * filename, uid_t user, gid_t group
fchown: unsigned int fd, uid_t user, gid_t group
lchown: const char * filename, uid_t user, gid_t group
umask: int mask
gettimeofday: struct timeval * tv, struct timezone * tz
getrlimit: unsigned int resource, struct rlimit * rlim
getrusage: int who, struct rusage * ru
sysinfo: struct sysinfo * info
times: struct tms * tbuf
ptrace: long request, long pid, unsigned long addr, unsigned long data
getuid:
syslog: int type, char * buf, int len
getgid:
setuid: uid_t uid
setgid: gid_t gid
geteuid:
getegid:
setpgid: pid_t pid, pid_t pgid
getppid:
getpgrp:
setsid:
setreuid: uid_t ruid, uid_t euid
setregid: gid_t rgid, gid_t egid
getgroups: int gidsetsize, gid_t * grouplist
setgroups: int gidsetsize, gid_t * grouplist
setresuid: uid_t ruid, uid_t euid, uid_t suid
getresuid: uid_t * ruidp, uid_t * euidp, uid_t * suidp
setresgid: gid_t rgid, gid_t egid, gid_t sgid
getresgid: gid_t * rgidp, gid_t * egidp, gid_t * sgidp
getpgid: pid_t pid
setfsuid: uid_t uid
setfsgid: gid_t gid
getsid: pid_t pid
capget: cap_user_header_t header, cap_user_data_t dataptr
capset: cap_user_header_t header, const cap_user_data_t data
rt_sigpending: sigset_t * uset, size_t sigsetsize
rt_sigtimedwait: const sigset_t * uthese, siginfo_t * uinfo, const struct timespec * uts, size_t sigsetsize
rt_sigqueueinfo: pid_t pid, int sig, siginfo_t * uinfo
rt_sigsuspend: sigset_t * unewset, size_t sigsetsize
sigaltstack: const stack_t * uss, stack_t * uoss
utime: char * filename, struct utimbuf * times
mknod: const char * filename, umode_t mode, unsigned dev
uselib: const char * library
personality: unsigned int personality
ustat: unsigned dev, struct ustat * ubuf
statfs: const char * pathname, struct statfs * buf
fstatfs: unsigned int fd, struct statfs * buf
sysfs: int option, unsigned long arg1, unsigned long arg2
getpriority: int which, int who
setpriority: int which, int who, int niceval
sched_setparam: pid_t pid, struct sched_param * param
sched_getparam: pid_t pid, struct sched_param * param
sched_setscheduler: pid_t pid, int policy, struct sched_param * param
sched_getscheduler: pid_t pid
sched_get_priority_max: int policy
sched_get_priority_min: int policy
sched_rr_get_interval: pid_t pid, struct timespec * interval
mlock: unsigned long start, size_t len
munlock: unsigned long start, size_t len
mlockall: int flags
munlockall:
vhangup:
pivot_root: const char * new_root, const char * put_old
sysctl: struct __sysctl_args * args
prctl: int option, unsigned long arg2, unsigned long arg3, unsigned long arg4, unsigned long arg5
adjtimex: struct timex * txc_p
setrlimit: unsigned int resource, struct rlimit * rlim
chroot: const char * filename
sync:
acct: const char * name
settimeofday: struct timeval * tv, struct timezone * tz
mount: char * dev_name, char * dir_name, char * type, unsigned long flags, void * data
umount: char * name, int flags
swapon: const char * specialfile, int swap_flags
swapoff: const char * specialfile
reboot: int magic1, int magic2, unsigned int cmd, void * arg
sethostname: char * name, int len
setdomainname: char * name, int len
ioperm: unsigned long from, unsigned long num, int turn_on
init_module: void * umod, unsigned long len, const char * uargs
delete_module: const char * name_user, unsigned int flags
quotactl: unsigned int cmd, const char * special, qid_t id, void * addr
gettid:
readahead: int fd, loff_t offset, size_t count
setxattr: const char * pathname, const char * name, const void * value, size_t size, int flags
lsetxattr: const char * pathname, const char * name, const void * value, size_t size, int flags
fsetxattr: int fd, const char * name, const void * value, size_t size, int flags
getxattr: const char * pathname, const char * name, void * value, size_t size
lgetxattr: const char * pathname, const char * name, void * value, size_t size
fgetxattr: int fd, const char * name, void * value, size_t size
listxattr: const char * pathname, char * list, size_t size
llistxattr: const char * pathname, char * list, size_t size
flistxattr: int fd, char * list, size_t size
removexattr: const char * pathname, const char * name
lremovexattr: const char * pathname, const char * name
fremovexattr: int fd, const char * name
tkill: pid_t pid, int sig
time: time_t * tloc
futex: u32 * uaddr, int op, u32 val, struct timespec * utime, u32 * uaddr2, u32 val3
sched_setaffinity: pid_t pid, unsigned int len, unsigned long * user_mask_ptr
sched_getaffinity: pid_t pid, unsigned int len, unsigned long * user_mask_ptr
io_setup: unsigned nr_events, aio_context_t * ctxp
io_destroy: aio_context_t ctx
io_getevents: aio_context_t ctx_id, long min_nr, long nr, struct io_event * events, struct timespec * timeout
io_submit: aio_context_t ctx_id, long nr, struct iocb * * iocbpp
io_cancel: aio_context_t ctx_id, struct iocb * iocb, struct io_event * result
lookup_dcookie: u64 cookie64, char * buf, size_t len
epoll_create: int size
remap_file_pages: unsigned long start, unsigned long size, unsigned long prot, unsigned long pgoff, unsigned long flags
getdents64: unsigned int fd, struct linux_dirent64 * dirent, unsigned int count
set_tid_address: int * tidptr
restart_syscall:
semtimedop: int semid, struct sembuf * tsops, unsigned nsops, const struct timespec * timeout
fadvise64: int fd, loff_t offset, size_t len, int advice
timer_create: const clockid_t which_clock, struct sigevent * timer_event_spec, timer_t * created_timer_id
timer_settime: timer_t timer_id, int flags, const struct itimerspec * new_setting, struct itimerspec * old_setting
timer_gettime: timer_t timer_id, struct itimerspec * setting
timer_getoverrun: timer_t timer_id
timer_delete: timer_t timer_id
clock_settime: const clockid_t which_clock, const struct timespec * tp
clock_gettime: const clockid_t which_clock, struct timespec * tp
clock_getres: const clockid_t which_clock, struct timespec * tp
clock_nanosleep: const clockid_t which_clock, int flags, const struct timespec * rqtp, struct timespec * rmtp
exit_group: int error_code
epoll_wait: int epfd, struct epoll_event * events, int maxevents, int timeout
epoll_ctl: int epfd, int op, int fd, struct epoll_event * event
tgkill: pid_t tgid, pid_t pid, int sig
utimes: char * filename, struct timeval * utimes
mbind: unsigned long start, unsigned long len, unsigned long mode, unsigned long * nmask, unsigned long maxnode, unsigned flags
set_mempolicy: int mode, unsigned long * nmask, unsigned long maxnode
get_mempolicy: int * policy, unsigned long * nmask, unsigned long maxnode, unsigned long addr, unsigned long flags
mq_open: const char * u_name, int oflag, umode_t mode, struct mq_attr * u_attr
mq_unlink: const char * u_name
mq_timedsend: mqd_t mqdes, const char * u_msg_ptr, size_t msg_len, unsigned int msg_prio, const struct timespec * u_abs_timeout
mq_timedreceive: mqd_t mqdes, char * u_msg_ptr, size_t msg_len, unsigned int * u_msg_prio, const struct timespec * u_abs_timeout
mq_notify: mqd_t mqdes, const struct sigevent * u_notification
mq_getsetattr: mqd_t mqdes, const struct mq_attr * u_mqstat, struct mq_attr * u_omqstat
kexec_load: unsigned long entry, unsigned long nr_segments, struct kexec_segment * segments, unsigned long flags
waitid: int which, pid_t upid, struct siginfo * infop, int options, struct rusage * ru
add_key: const char * _type, const char * _description, const void * _payload, size_t plen, key_serial_t ringid
request_key: const char * _type, const char * _description, const char * _callout_info, key_serial_t destringid
keyctl: int option, unsigned long arg2, unsigned long arg3, unsigned long arg4, unsigned long arg5
ioprio_set: int which, int who, int ioprio
ioprio_get: int which, int who
inotify_init:
inotify_add_watch: int fd, const char * pathname, u32 mask
inotify_rm_watch: int fd, __s32 wd
migrate_pages: pid_t pid, unsigned long maxnode, const unsigned long * old_nodes, const unsigned long * new_nodes
openat: int dfd, const char * filename, int flags, umode_t mode
mkdirat: int dfd, const char * pathname, umode_t mode
mknodat: int dfd, const char * filename, umode_t mode, unsigned dev
fchownat: int dfd, const char * filename, uid_t user, gid_t group, int flag
futimesat: int dfd, const char * filename, struct timeval * utimes
newfstatat: int dfd, const char * filename, struct stat * statbuf, int flag
unlinkat: int dfd, const char * pathname, int flag
renameat: int olddfd, const char * oldname, int newdfd, const char * newname
linkat: int olddfd, const char * oldname, int newdfd, const char * newname, int flags
symlinkat: const char * oldname, int newdfd, const char * newname
readlinkat: int dfd, const char * pathname, char * buf, int bufsiz
fchmodat: int dfd, const char * filename, umode_t mode
faccessat: int dfd, const char * filename, int mode
pselect6: int n, fd_set * inp, fd_set * outp, fd_set * exp, struct timespec * tsp, void * sig
ppoll: struct pollfd * ufds, unsigned int nfds, struct timespec * tsp, const sigset_t * sigmask, size_t sigsetsize
unshare: unsigned long unshare_flags
set_robust_list: struct robust_list_head * head, size_t len
get_robust_list: int pid, struct robust_list_head * * head_ptr, size_t * len_ptr
splice: int fd_in, loff_t * off_in, int fd_out, loff_t * off_out, size_t len, unsigned int flags
tee: int fdin, int fdout, size_t len, unsigned int flags
sync_file_range: int fd, loff_t offset, loff_t nbytes, unsigned int flags
vmsplice: int fd, const struct iovec * iov, unsigned long nr_segs, unsigned int flags
move_pages: pid_t pid, unsigned long nr_pages, const void * * pages, const int * nodes, int * status, int flags
utimensat: int dfd, const char * filename, struct timespec * utimes, int flags
epoll_pwait: int epfd, struct epoll_event * events, int maxevents, int timeout, const sigset_t * sigmask, size_t sigsetsize
signalfd: int ufd, sigset_t * user_mask, size_t sizemask
timerfd_create: int clockid, int flags
eventfd: unsigned int count
fallocate: int fd, int mode, loff_t offset, loff_t len
timerfd_settime: int ufd, int flags, const struct itimerspec * utmr, struct itimerspec * otmr
timerfd_gettime: int ufd, struct itimerspec * otmr
accept4: int fd, struct sockaddr * upeer_sockaddr, int * upeer_addrlen, int flags
signalfd4: int ufd, sigset_t * user_mask, size_t sizemask, int flags
eventfd2: unsigned int count, int flags
epoll_create1: int flags
dup3: unsigned int oldfd, unsigned int newfd, int flags
pipe2: int * fildes, int flags
inotify_init1: int flags
preadv: unsigned long fd, const struct iovec * vec, unsigned long vlen, unsigned long pos_l, unsigned long pos_h
pwritev: unsigned long fd, const struct iovec * vec, unsigned long vlen, unsigned long pos_l, unsigned long pos_h
rt_tgsigqueueinfo: pid_t tgid, pid_t pid, int sig, siginfo_t * uinfo
perf_event_open: struct perf_event_attr * attr_uptr, pid_t pid, int cpu, int group_fd, unsigned long flags
recvmmsg: int fd, struct mmsghdr * mmsg, unsigned int vlen, unsigned int flags, struct timespec * timeout
fanotify_init: unsigned int flags, unsigned int event_f_flags
fanotify_mark: int fanotify_fd, unsigned int flags, __u64 mask, int dfd, const char * pathname
prlimit64: pid_t pid, unsigned int resource, const struct rlimit64 * new_rlim, struct rlimit64 * old_rlim
name_to_handle_at: int dfd, const char * name, struct file_handle * handle, int * mnt_id, int flag
open_by_handle_at: int mountdirfd, struct file_handle * handle, int flags
clock_adjtime: const clockid_t which_clock, struct timex * utx
syncfs: int fd
sendmmsg: int fd, struct mmsghdr * mmsg, unsigned int vlen, unsigned int flags
setns: int fd, int nstype
getcpu: unsigned * cpup, unsigned * nodep, struct getcpu_cache * unused
process_vm_readv: pid_t pid, const struct iovec * lvec, unsigned long liovcnt, const struct iovec * rvec, unsigned long riovcnt, unsigned long flags
process_vm_writev: pid_t pid, const struct iovec * lvec, unsigned long liovcnt, const struct iovec * rvec, unsigned long riovcnt, unsigned long flags
kcmp: pid_t pid1, pid_t pid2, int type, unsigned long idx1, unsigned long idx2
finit_module: int fd, const char * uargs, int flags
sched_setattr: pid_t pid, struct sched_attr * uattr, unsigned int flags
sched_getattr: pid_t pid, struct sched_attr * uattr, unsigned int size, unsigned int flags
renameat2: int olddfd, const char * oldname, int newdfd, const char * newname, unsigned int flags
seccomp: unsigned int op, unsigned int flags, const char * uargs
getrandom: char * buf, size_t count, unsigned int flags
memfd_create: const char * uname, unsigned int flags
kexec_file_load: int kernel_fd, int initrd_fd, unsigned long cmdline_len, const char * cmdline_ptr, unsigned long flags
bpf: int cmd, union bpf_attr * uattr, unsigned int size
userfaultfd: int flags
membarrier: int cmd, int flags
mlock2: unsigned long start, size_t len, int flags
copy_file_range: int fd_in, loff_t * off_in, int fd_out, loff_t * off_out, size_t len, unsigned int flags
preadv2: unsigned long fd, const struct iovec * vec, unsigned long vlen, unsigned long pos_l, unsigned long pos_h, int flags
pwritev2: unsigned long fd, const struct iovec * vec, unsigned long vlen, unsigned long pos_l, unsigned long pos_h, int flags
`;

/**
 * Table entries that point at a sys_* function written without SYSCALL_DEFINE in 3.10's x86
 * code: no metadata, no syscalls:* event.
 */
export const SYSCALLS_WITHOUT_EVENTS: ReadonlySet<string> = new Set(["arch_prctl", "modify_ldt"]);

/** The syscalls that get syscalls:sys_enter_X/sys_exit_X events: [name, nr], in number order. */
export function tracedSyscalls(): readonly (readonly [string, number])[] {
  const out: [string, number][] = [];
  for (const e of SYSCALLS) {
    if (!e.target.startsWith("sys_") || e.target === "sys_ni_syscall") continue;
    const name = e.target.slice(4);
    if (!SYSCALLS_WITHOUT_EVENTS.has(name)) out.push([name, e.nr]);
  }
  return out;
}

/** syscalls:sys_enter_X and sys_exit_X of one syscall, as 3.10's syscall metadata describes them. */
function syscallEvents(name: string, nr: number, args: readonly TraceArg[], id: number): TraceEvent[] {
  const enterFields: TraceField[] = [
    { type: "int", name: SYSCALL_NR_FIELD, offset: 8, size: 4, signed: true },
    // struct syscall_trace_enter: the arguments follow as an array of unsigned long.
    ...args.map((a, i) => ({ type: a.type, name: a.name, offset: 16 + 8 * i, size: 8, signed: false })),
  ];
  const enterFmt = args.length
    ? `"${args.map((a) => `${a.name}: 0x%08lx`).join(", ")}", ${args
        .map((a) => `((unsigned long)(REC->${a.name}))`)
        .join(", ")}`
    : '""';
  return [
    {
      subsys: "syscalls",
      name: `sys_enter_${name}`,
      id,
      fields: enterFields,
      printFmt: enterFmt,
      proto: null,
      syscallNr: nr,
    },
    {
      subsys: "syscalls",
      name: `sys_exit_${name}`,
      id: id + 1,
      fields: [
        { type: "int", name: SYSCALL_NR_FIELD, offset: 8, size: 4, signed: true },
        { type: "long", name: "ret", offset: 16, size: 8, signed: true },
      ],
      printFmt: '"0x%lx", REC->ret',
      proto: null,
      syscallNr: nr,
    },
  ];
}

function syscallArgTable(): Map<string, TraceArg[]> {
  const table = new Map<string, TraceArg[]>();
  for (const line of SYSCALL_ARGS.split("\n")) {
    const colon = line.indexOf(":");
    if (colon < 0) continue;
    table.set(line.slice(0, colon).trim(), parseArgs(line.slice(colon + 1)));
  }
  return table;
}

// ---------------------------------------------------------------- the table

interface Table {
  readonly events: readonly TraceEvent[];
  readonly byKey: ReadonlyMap<string, TraceEvent>;
  readonly subsystems: readonly string[];
}

let table: Table | null = null;

/** Built on first use: the guest's boot never pays for it. */
function build(): Table {
  const events: TraceEvent[] = [];
  let id = FIRST_EVENT_ID;
  for (const [subsys, defs] of GROUPS) {
    if (defs === "syscalls") {
      const argTable = syscallArgTable();
      for (const [name, nr] of tracedSyscalls()) {
        const args = argTable.get(name);
        if (!args) throw new Error(`tracepoints: no SYSCALL_DEFINE arguments for ${name}`);
        events.push(...syscallEvents(name, nr, args, id));
        id += 2;
      }
      continue;
    }
    for (const [names, proto, decl, fmt] of defs) {
      const fields = layout(decl);
      const args = parseArgs(proto);
      for (const name of names.split(/\s+/))
        events.push({ subsys, name, id: id++, fields, printFmt: fmt, proto: args });
    }
  }
  const byKey = new Map(events.map((e) => [`${e.subsys}:${e.name}`, e] as const));
  if (byKey.size !== events.length) throw new Error("tracepoints: duplicate event");
  const subsystems = [...new Set(events.map((e) => e.subsys))].sort();
  return { events, byKey, subsystems };
}

function theTable(): Table {
  table ??= build();
  return table;
}

/** Every static trace event, in id order. */
export function traceEvents(): readonly TraceEvent[] {
  return theTable().events;
}

/** The event `subsys:name`, if the kernel has it. */
export function traceEvent(subsys: string, name: string): TraceEvent | undefined {
  return theTable().byKey.get(`${subsys}:${name}`);
}

/** The subsystems (events/ directories of the static events), sorted. */
export function traceSubsystems(): readonly string[] {
  return theTable().subsystems;
}

/** Id the next registered event gets: kprobe events created later are numbered from here. */
export function nextEventId(): number {
  const ev = theTable().events;
  return ev[ev.length - 1].id + 1;
}

/** The static events whose subsystem and name match the wildcards, in id order. */
export function findTraceEvents(subsysGlob: string, eventGlob: string): TraceEvent[] {
  const sm = globMatcher(subsysGlob);
  const em = globMatcher(eventGlob);
  return theTable().events.filter((e) => sm(e.subsys) && em(e.name));
}

// ---------------------------------------------------------------- rendering

function fieldLine(f: TraceField): string {
  // Arrays print their bound after the name: `char prev_comm[16]`.
  const bracket = f.type.startsWith("__data_loc") ? -1 : f.type.indexOf("[");
  const decl =
    bracket < 0 ? `${f.type} ${f.name}` : `${f.type.slice(0, bracket)} ${f.name}${f.type.slice(bracket)}`;
  return `\tfield:${decl};\toffset:${f.offset};\tsize:${f.size};\tsigned:${f.signed ? 1 : 0};\n`;
}

function renderFormatOf(name: string, id: number, fields: readonly TraceField[], printFmt: string): string {
  return (
    `name: ${name}\nID: ${id}\nformat:\n` +
    COMMON_FIELDS.map(fieldLine).join("") +
    "\n" +
    fields.map(fieldLine).join("") +
    `\nprint fmt: ${printFmt}\n`
  );
}

/** The text of events/<subsys>/<event>/format. */
export function renderFormat(e: TraceEvent): string {
  return renderFormatOf(e.name, e.id, e.fields, e.printFmt);
}

/** Fetch types of kprobe arguments: size, signedness, printf format. */
const KPROBE_TYPES: Readonly<Record<string, { size: number; signed: boolean; fmt: string }>> = {
  u8: { size: 1, signed: false, fmt: "0x%x" },
  u16: { size: 2, signed: false, fmt: "0x%x" },
  u32: { size: 4, signed: false, fmt: "0x%x" },
  u64: { size: 8, signed: false, fmt: "0x%Lx" },
  s8: { size: 1, signed: true, fmt: "%d" },
  s16: { size: 2, signed: true, fmt: "%d" },
  s32: { size: 4, signed: true, fmt: "%d" },
  s64: { size: 8, signed: true, fmt: "%Ld" },
};

/**
 * The record layout of a kprobe event: the probe address (a kretprobe: the function and the
 * return address), then the fetch arguments packed one after the other.
 */
export function kprobeFields(d: KprobeDef): TraceField[] {
  const head: TraceField[] =
    d.kind === "r"
      ? [
          { type: "unsigned long", name: "__probe_func", offset: 8, size: 8, signed: false },
          { type: "unsigned long", name: "__probe_ret_ip", offset: 16, size: 8, signed: false },
        ]
      : [{ type: "unsigned long", name: "__probe_ip", offset: 8, size: 8, signed: false }];
  let offset = d.kind === "r" ? 24 : 16;
  const args = d.args.map((a): TraceField => {
    if (a.type === "string") {
      const f = { type: "__data_loc char[]", name: a.name, offset, size: 4, signed: true };
      offset += 4;
      return f;
    }
    const t = KPROBE_TYPES[a.type ?? "u64"] ?? KPROBE_TYPES.u64;
    const f = { type: a.type ?? "u64", name: a.name, offset, size: t.size, signed: t.signed };
    offset += t.size;
    return f;
  });
  return [...head, ...args];
}

/** The text of events/<group>/<event>/format of a kprobe event with id `id`. */
export function renderKprobeFormat(d: KprobeDef, id: number): string {
  const fmts = d.args.map(
    (a) =>
      `${a.name}=${a.type === "string" ? '\\"%s\\"' : (KPROBE_TYPES[a.type ?? "u64"] ?? KPROBE_TYPES.u64).fmt}`,
  );
  const vals = d.args.map((a) => (a.type === "string" ? `__get_str(${a.name})` : `REC->${a.name}`));
  const head = d.kind === "r" ? "(%lx <- %lx)" : "(%lx)";
  const headVals = d.kind === "r" ? ["REC->__probe_func", "REC->__probe_ret_ip"] : ["REC->__probe_ip"];
  const printFmt = `"${[head, ...fmts].join(" ")}", ${[...headVals, ...vals].join(", ")}`;
  return renderFormatOf(d.event, id, kprobeFields(d), printFmt);
}

/**
 * available_events: one `subsys:event` line per event, in the order of the kernel's event list.
 * Registration adds an event at the head of that list, so the latest come first: the kprobe
 * events (newest first), then the static events from the last registered to the first.
 */
export function renderAvailableEvents(kprobes: readonly KprobeDef[]): string {
  let out = "";
  for (let i = kprobes.length - 1; i >= 0; i--) out += `${kprobes[i].group}:${kprobes[i].event}\n`;
  const ev = theTable().events;
  for (let i = ev.length - 1; i >= 0; i--) out += `${ev[i].subsys}:${ev[i].name}\n`;
  return out;
}

/** events/header_page: the layout of a ring-buffer page header. */
const HEADER_PAGE =
  "\tfield: u64 timestamp;\toffset:0;\tsize:8;\tsigned:0;\n" +
  "\tfield: local_t commit;\toffset:8;\tsize:8;\tsigned:1;\n" +
  "\tfield: int overwrite;\toffset:8;\tsize:1;\tsigned:1;\n" +
  "\tfield: char data;\toffset:16;\tsize:4080;\tsigned:1;\n";

/** events/header_event: how a ring-buffer entry header packs its type and time delta. */
const HEADER_EVENT =
  "# compressed entry header\n" +
  "\ttype_len    :    5 bits\n" +
  "\ttime_delta  :   27 bits\n" +
  "\tarray       :   32 bits\n" +
  "\n" +
  "\tpadding     : type == 29\n" +
  "\ttime_extend : type == 30\n" +
  "\tdata max type_len  == 28\n";

// ---------------------------------------------------------------- tracefs's events/ directory

export interface TracefsDirent {
  readonly name: string;
  readonly dir: boolean;
}

export type TracefsNode =
  | { readonly kind: "dir"; readonly entries: readonly TracefsDirent[] }
  | {
      readonly kind: "file";
      /** Permission bits (format and id are read-only, enable and filter writable). */
      readonly mode: number;
      read(): string;
      /** Absent: the file refuses writes. Throws an Error whose message is errno-style. */
      write?(data: string): void;
    };

interface EventRef {
  readonly key: string;
  readonly name: string;
  readonly id: number;
  format(): string;
}

/**
 * tracefs's events/ tree and available_events as the kernel renders them: the static table
 * plus the kprobe events currently defined. Keeps what was written to the enable and filter
 * files (per guest: the kernel's state, not files on a disk).
 */
export class TracefsView {
  private readonly enabled = new Set<string>();
  private readonly filters = new Map<string, string>();
  private staticGroups: ReadonlyMap<string, readonly EventRef[]> | null = null;

  /** Subsystem → its events: the static ones (listed once), then the kprobe groups. */
  private groups(kprobes: readonly KprobeDef[]): ReadonlyMap<string, readonly EventRef[]> {
    if (!this.staticGroups) {
      const groups = new Map<string, EventRef[]>();
      for (const e of traceEvents()) {
        const list = groups.get(e.subsys) ?? [];
        list.push({ key: `${e.subsys}:${e.name}`, name: e.name, id: e.id, format: () => renderFormat(e) });
        groups.set(e.subsys, list);
      }
      this.staticGroups = groups;
    }
    if (!kprobes.length) return this.staticGroups;
    const groups = new Map(this.staticGroups);
    const first = nextEventId();
    kprobes.forEach((d, i) => {
      groups.set(d.group, [
        ...(groups.get(d.group) ?? []),
        {
          key: `${d.group}:${d.event}`,
          name: d.event,
          id: first + i,
          format: () => renderKprobeFormat(d, first + i),
        },
      ]);
    });
    return groups;
  }

  private enableFile(keys: () => readonly string[]): TracefsNode {
    return {
      kind: "file",
      mode: 0o644,
      read: () => {
        const k = keys();
        const on = k.filter((x) => this.enabled.has(x)).length;
        // A directory's enable shows X when its events disagree.
        return on === 0 ? "0\n" : on === k.length ? "1\n" : "X\n";
      },
      write: (data) => {
        const v = data.trim();
        if (v !== "0" && v !== "1") throw new Error("EINVAL: invalid argument, write");
        for (const x of keys()) {
          if (v === "1") this.enabled.add(x);
          else this.enabled.delete(x);
        }
      },
    };
  }

  private filterFile(keys: () => readonly string[], own: string): TracefsNode {
    return {
      kind: "file",
      mode: 0o644,
      read: () => `${this.filters.get(own) ?? "none"}\n`,
      write: (data) => {
        const v = data.trim();
        for (const x of [own, ...keys()]) {
          if (v === "" || v === "0") this.filters.delete(x);
          else this.filters.set(x, v);
        }
      },
    };
  }

  /**
   * The node at `rel` (path components below events/, [] for events/ itself), or null when
   * the path does not exist. `kprobes`: the definitions of kprobe_events.
   */
  node(rel: readonly string[], kprobes: readonly KprobeDef[]): TracefsNode | null {
    const groups = this.groups(kprobes);
    const allKeys = () => [...groups.values()].flatMap((l) => l.map((e) => e.key));
    if (rel.length === 0) {
      return {
        kind: "dir",
        entries: [
          { name: "enable", dir: false },
          { name: "header_event", dir: false },
          { name: "header_page", dir: false },
          ...[...groups.keys()].sort().map((name) => ({ name, dir: true })),
        ],
      };
    }
    if (rel.length === 1) {
      if (rel[0] === "enable") return this.enableFile(allKeys);
      if (rel[0] === "header_event") return { kind: "file", mode: 0o444, read: () => HEADER_EVENT };
      if (rel[0] === "header_page") return { kind: "file", mode: 0o444, read: () => HEADER_PAGE };
    }
    const events = groups.get(rel[0]);
    if (!events) return null;
    const subsysKeys = () => events.map((e) => e.key);
    if (rel.length === 1) {
      return {
        kind: "dir",
        entries: [
          { name: "enable", dir: false },
          { name: "filter", dir: false },
          ...events.map((e) => ({ name: e.name, dir: true })),
        ],
      };
    }
    if (rel.length === 2 && rel[1] === "enable") return this.enableFile(subsysKeys);
    if (rel.length === 2 && rel[1] === "filter") return this.filterFile(subsysKeys, `${rel[0]}/`);
    const ev = events.find((e) => e.name === rel[1]);
    if (!ev) return null;
    if (rel.length === 2) {
      return {
        kind: "dir",
        entries: ["enable", "filter", "format", "id"].map((name) => ({ name, dir: false })),
      };
    }
    if (rel.length > 3) return null;
    switch (rel[2]) {
      case "enable":
        return this.enableFile(() => [ev.key]);
      case "filter":
        return this.filterFile(() => [], ev.key);
      case "format":
        return { kind: "file", mode: 0o444, read: ev.format };
      case "id":
        return { kind: "file", mode: 0o444, read: () => `${ev.id}\n` };
      default:
        return null;
    }
  }
}
