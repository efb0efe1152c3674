/**
 * The x86_64 system call table of 3.10.0-957 (RHEL 7.6): entry N's function, in number order.
 * Syscalls defined with SYSCALL_DEFINEn (n >= 1) have a `SyS_x` wrapper alias at the same
 * address as `sys_x` (kallsyms lists SyS_ first); SYSCALL_DEFINE0 ones, the assembly stubs and
 * the retired numbers (sys_ni_syscall) have a single name. Functions that the vmlinux layout
 * does not already place get an address in a band of the text no other symbol uses.
 */
import type { LayoutSymbol } from "./vmlinux-symbols";

/** Numbers whose slot is sys_ni_syscall (retired or never implemented on x86_64). */
const NI = new Set([174, 177, 178, 180, 181, 182, 183, 184, 185, 205, 211, 214, 215, 236]);
/** SYSCALL_DEFINE0 syscalls and hand-written entry points: no SyS_ alias. */
const SINGLE = new Set([
  "sched_yield",
  "pause",
  "getpid",
  "getppid",
  "getuid",
  "geteuid",
  "getgid",
  "getegid",
  "getpgrp",
  "setsid",
  "vhangup",
  "sync",
  "gettid",
  "munlockall",
  "restart_syscall",
  "inotify_init",
  "arch_prctl",
  "modify_ldt",
]);

/** Entry names by number; `stub_` entries are the assembly wrappers of 3.10's entry_64.S. */
const NAMES = `read write open close newstat newfstat newlstat poll lseek mmap
mprotect munmap brk rt_sigaction rt_sigprocmask stub_rt_sigreturn ioctl pread64 pwrite64 readv
writev access pipe select sched_yield mremap msync mincore madvise shmget
shmat shmctl dup dup2 pause nanosleep getitimer alarm setitimer getpid
sendfile64 socket connect accept sendto recvfrom sendmsg recvmsg shutdown bind
listen getsockname getpeername socketpair setsockopt getsockopt stub_clone stub_fork stub_vfork stub_execve
exit wait4 kill newuname semget semop semctl shmdt msgget msgsnd
msgrcv msgctl fcntl flock fsync fdatasync truncate ftruncate getdents getcwd
chdir fchdir rename mkdir rmdir creat link unlink symlink readlink
chmod fchmod chown fchown lchown umask gettimeofday getrlimit getrusage sysinfo
times ptrace getuid syslog getgid setuid setgid geteuid getegid setpgid
getppid getpgrp setsid setreuid setregid getgroups setgroups setresuid getresuid setresgid
getresgid getpgid setfsuid setfsgid getsid capget capset rt_sigpending rt_sigtimedwait rt_sigqueueinfo
rt_sigsuspend sigaltstack utime mknod uselib personality ustat statfs fstatfs sysfs
getpriority setpriority sched_setparam sched_getparam sched_setscheduler sched_getscheduler sched_get_priority_max sched_get_priority_min sched_rr_get_interval mlock
munlock mlockall munlockall vhangup modify_ldt pivot_root sysctl prctl arch_prctl adjtimex
setrlimit chroot sync acct settimeofday mount umount swapon swapoff reboot
sethostname setdomainname stub_iopl ioperm - init_module delete_module - - quotactl
- - - - - - gettid readahead setxattr lsetxattr
fsetxattr getxattr lgetxattr fgetxattr listxattr llistxattr flistxattr removexattr lremovexattr fremovexattr
tkill time futex sched_setaffinity sched_getaffinity - io_setup io_destroy io_getevents io_submit
io_cancel - lookup_dcookie epoll_create - - remap_file_pages getdents64 set_tid_address restart_syscall
semtimedop fadvise64 timer_create timer_settime timer_gettime timer_getoverrun timer_delete clock_settime clock_gettime clock_getres
clock_nanosleep exit_group epoll_wait epoll_ctl tgkill utimes - mbind set_mempolicy get_mempolicy
mq_open mq_unlink mq_timedsend mq_timedreceive mq_notify mq_getsetattr kexec_load waitid add_key request_key
keyctl ioprio_set ioprio_get inotify_init inotify_add_watch inotify_rm_watch migrate_pages openat mkdirat mknodat
fchownat futimesat newfstatat unlinkat renameat linkat symlinkat readlinkat fchmodat faccessat
pselect6 ppoll unshare set_robust_list get_robust_list splice tee sync_file_range vmsplice move_pages
utimensat epoll_pwait signalfd timerfd_create eventfd fallocate timerfd_settime timerfd_gettime accept4 signalfd4
eventfd2 epoll_create1 dup3 pipe2 inotify_init1 preadv pwritev rt_tgsigqueueinfo perf_event_open recvmmsg
fanotify_init fanotify_mark prlimit64 name_to_handle_at open_by_handle_at clock_adjtime syncfs sendmmsg setns getcpu
process_vm_readv process_vm_writev kcmp finit_module sched_setattr sched_getattr renameat2 seccomp getrandom memfd_create
kexec_file_load bpf stub_execveat userfaultfd membarrier mlock2 copy_file_range preadv2 pwritev2`
  .split(/\s+/)
  .filter(Boolean);

export interface SyscallEntry {
  readonly nr: number;
  /** The function the slot points at (sys_x, stub_x, sys_ni_syscall). */
  readonly target: string;
  /** The SyS_x alias at the same address, when the syscall has one. */
  readonly alias?: string;
}

export const SYSCALLS: readonly SyscallEntry[] = NAMES.map((n, nr) => {
  if (n === "-" || NI.has(nr)) return { nr, target: "sys_ni_syscall" };
  if (n.startsWith("stub_")) return { nr, target: n };
  return SINGLE.has(n) ? { nr, target: `sys_${n}` } : { nr, target: `sys_${n}`, alias: `SyS_${n}` };
});

/** Start (offset from _text) of the band the layout gives syscall functions it lacks. */
const BAND = 0x4e0000n;
const STEP = 0x100n;

/** Layout rows for the syscall functions missing from `known` (names already placed). */
export function syscallLayout(known: ReadonlySet<string>): LayoutSymbol[] {
  const out: LayoutSymbol[] = [];
  const placed = new Set<string>();
  let at = BAND;
  const place = (e: { target: string; alias?: string }) => {
    if (known.has(e.target) || placed.has(e.target)) return;
    placed.add(e.target);
    if (e.alias) out.push({ offset: at, size: 0xc0, kind: "T", name: e.alias });
    out.push({ offset: at, size: 0xc0, kind: "T", name: e.target });
    at += STEP;
  };
  place({ target: "sys_ni_syscall" });
  for (const e of SYSCALLS) place(e);
  return out;
}
