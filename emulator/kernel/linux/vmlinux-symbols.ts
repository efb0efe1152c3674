/**
 * The one vmlinux symbol layout of 3.10.0-957.21.3.el7.x86_64 shared by every scenario: offsets
 * from _text, so a scenario's KASLR slide (a 2 MiB multiple) shifts them all at once. The slides
 * fix some of them (panic, do_vfs_ioctl, SyS_ioctl, system_call_fastpath, machine_kexec,
 * __crash_kexec, __schedule, schedule, _raw_spin_lock, queued_spin_lock_slowpath, kthread,
 * init_task); the rest follow the CentOS 7 link order (arch/x86, kernel, mm, fs, drivers, net,
 * then .text.unlikely, .sched.text, .spinlock.text, .kprobes.text and .entry.text at the end).
 *
 * Columns: offset size type name. Aliases at one address (SyS_ioctl / sys_ioctl) keep the order
 * kallsyms lists them in: the first one is what an address resolves to.
 * Per-cpu symbols (type P here) are offsets into each CPU's per-cpu area.
 */
import { syscallLayout } from "./syscalls";

const TEXT = `
000000 0001a0 T startup_64
000000 000000 T _text
0001a0 000060 T secondary_startup_64
002010 0001c0 T do_one_initcall
0177c0 000290 T __switch_to
02f300 0000e0 T oops_end
02f3e0 000150 T die
036e50 0000c0 T default_idle
036f10 000020 T arch_cpu_idle
057a10 0002a0 T start_secondary
05b9f0 000060 T native_machine_crash_shutdown
25f6a0 000050 t crash_nmi_callback
263790 000200 T machine_kexec
2713b0 000080 t kvm_wait
27b6a0 000210 t no_context
27b8b0 000090 t __bad_area_nosemaphore
27b940 000020 t bad_area_nosemaphore
29e7c0 000250 T do_wait
29ea40 000120 T SyS_wait4
29ea40 000120 T sys_wait4
2a4e90 000240 T do_setitimer
2a50d0 0000e0 T SyS_setitimer
2a50d0 0000e0 T sys_setitimer
2b9ef0 0003c0 t worker_thread
2ba2b0 0003a0 t rescuer_thread
2c1cd0 0000e0 T kthread
2c2590 000310 T kthreadd
2c3a80 000040 T autoremove_wake_function
2c8e70 000110 T hrtimer_nanosleep
2c8f80 000090 T SyS_nanosleep
2c8f80 000090 T sys_nanosleep
2cb6c0 0001a0 t smpboot_thread_fn
2d6f50 000020 T default_wake_function
2f9b40 0005a0 T vprintk_emit
2fc0e0 0001e0 T cpu_startup_entry
3146c0 0000a0 t futex_wait_queue_me
315540 000200 t futex_wait
3171e0 0005a0 T do_futex
317780 000180 T SyS_futex
317780 000180 T sys_futex
31a0a0 000160 t watchdog
31d0f0 000100 T __crash_kexec
31d1f0 000040 T crash_kexec
33c3e0 000190 t kauditd_thread
34a1a0 0007f0 t rcu_gp_kthread
3c4d60 0003a0 t kswapd
41e380 000270 t ksm_scan_thread
42c2b0 000460 t khugepaged
441ef0 000110 T vfs_read
442c90 0001f0 T vfs_write
443b10 0000f0 T SyS_read
443b10 0000f0 T sys_read
443c10 0000f0 T SyS_write
443c10 0000f0 T sys_write
44c6b0 000090 T pipe_wait
44cbd0 000220 t pipe_read
456630 0005a0 T do_vfs_ioctl
456bd0 0000c0 T SyS_ioctl
456bd0 0000c0 T sys_ioctl
458c70 000050 T poll_schedule_timeout
4591e0 0006d0 T do_select
459a80 0002b0 T core_sys_select
459ea0 0000e0 T SyS_select
459ea0 0000e0 T sys_select
45a4a0 0004a0 T do_sys_poll
45a970 0000c0 T SyS_poll
45a970 0000c0 T sys_poll
4a2f80 000360 t ep_poll
4a4220 000120 T SyS_epoll_wait
4a4220 000120 T sys_epoll_wait
4d8bd0 000080 t proc_reg_write
5c2e40 000290 t kjournald2
688490 0000c0 T tty_read
6b1a60 0000d0 t devtmpfsd
68e9d0 000830 t n_tty_read
6a6e40 000020 t sysrq_handle_crash
6a7610 000170 T __handle_sysrq
6a7ae0 000040 t write_sysrq_trigger
6e2f10 0003f0 T scsi_error_handler
7f2c20 000190 T sk_wait_data
846bb0 000260 T inet_csk_accept
8f5d30 0002e0 t unix_stream_recvmsg
94e6d0 000080 T rest_init
95c667 00021f T panic
95cc90 000077 T printk
9630ee 00001b T dump_stack
968640 000860 T __schedule
968eb0 000070 T schedule
968f20 000020 T schedule_user
968f40 000020 T schedule_preempt_disabled
968fa0 000050 T _cond_resched
969000 000140 T wait_for_completion
969200 0000b0 T io_schedule_timeout
9692c0 000020 T io_schedule
969b80 0002d0 T schedule_timeout
96a0a0 000150 T schedule_hrtimeout_range_clock
96a1f0 000010 T schedule_hrtimeout_range
96a200 0000f0 T do_nanosleep
96a9f0 000020 T native_safe_halt
96b640 000040 T _raw_spin_lock_irqsave
96b6c0 000020 T _raw_spin_unlock_irqrestore
96b740 000030 T _raw_spin_lock
96b770 000030 T _raw_spin_lock_bh
96b960 000030 T page_fault
96bb40 0001d0 T nmi
96bd10 000060 t end_repeat_nmi
96c870 000140 t nmi_handle
96ca80 0001c0 T do_nmi
96f2b0 0004f0 t __do_page_fault
96f7a0 000090 T do_page_fault
95d280 00000f T queued_spin_lock_slowpath
95d290 000200 T __pv_queued_spin_lock_slowpath
975c00 000040 T ret_from_fork_nospec_begin
975cf0 000010 T system_call
975d00 0000b9 T system_call_after_swapgs
975db9 000027 T system_call_fastpath
975de0 000090 t sysret_check
1254a8a 000530 T start_kernel
12545ee 000100 T x86_64_start_reservations
12546ee 000120 T x86_64_start_kernel
`;

/** Data symbols: D/d initialised data, B/b bss, R read-only; P per-cpu offsets. */
const DATA = `
a000a0 0000aa R linux_banner
a002c0 000a48 R sys_call_table
a01380 000008 R cpu_online_mask
a01388 000008 R cpu_possible_mask
a01390 000008 R cpu_present_mask
a01398 000008 R cpu_active_mask
e00000 004000 D init_thread_union
e0a000 00a000 D __per_cpu_offset
e18480 001040 D init_task
e1a000 000630 D init_mm
e1a680 000038 D init_fs
e1a6c0 000280 D init_files
e1a940 000030 D init_nsproxy
e1a980 0001a0 D init_uts_ns
e1ab40 000010 D modules
e1ab60 000010 D slab_caches
e1ab80 000008 D log_buf
e1ab88 000004 D log_buf_len
e1ab90 000004 D nr_cpu_ids
e1ab94 000004 D cpu_khz
e1ab98 000004 D nr_threads
e1ac00 000008 D jiffies_64
e1ac00 000008 D jiffies
e40000 100000 b __log_buf
f40000 000004 b log_first_idx
f40004 000004 b log_next_idx
f40008 000008 b log_first_seq
f40010 000008 b log_next_seq
f40040 0000a8 b timekeeper
f40100 000018 B avenrun
f40118 000008 B totalram_pages
f40140 000280 B cpu_online_bits
f403c0 000280 B cpu_possible_bits
f40640 000004 B panic_on_oops
f40648 000008 B tainted_mask
f40650 000008 B total_swap_pages
f40658 000008 B nr_swap_pages
f40660 000008 B max_pfn
f40680 000028 B vm_committed_as
f40700 000138 B vm_stat
`;

const PERCPU = `
000000 004000 P irq_stack_union
004000 001000 P gdt_page
005000 006000 P exception_stacks
00b000 000004 P cpu_number
00b008 000008 P this_cpu_off
00bd80 000008 P current_task
00bd88 000008 P kernel_stack
01a1c0 000a40 P runqueues
`;

export interface LayoutSymbol {
  readonly offset: bigint;
  readonly size: number;
  readonly kind: string;
  readonly name: string;
}

function parseLayout(text: string): LayoutSymbol[] {
  const out: LayoutSymbol[] = [];
  for (const line of text.split("\n")) {
    const t = line.trim();
    if (!t) continue;
    const [off, size, kind, name] = t.split(/\s+/);
    out.push({ offset: BigInt(`0x${off}`), size: Number.parseInt(size, 16), kind, name });
  }
  return out;
}

const BASE_TEXT = parseLayout(TEXT);
export const VMLINUX_TEXT = [...BASE_TEXT, ...syscallLayout(new Set(BASE_TEXT.map((s) => s.name)))];
export const VMLINUX_DATA = parseLayout(DATA);
export const VMLINUX_PERCPU = parseLayout(PERCPU);

/** _text without KASLR (CONFIG_PHYSICAL_START 16 MiB): slides are relative to it. */
export const DEFAULT_TEXT_BASE = 0xffffffff81000000n;
/** Size of the per-cpu area each CPU gets (__per_cpu_offset stride in these scenarios). */
export const PERCPU_AREA_SIZE = 0x40000n;
