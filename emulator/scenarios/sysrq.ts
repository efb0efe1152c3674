/**
 * The admin's `echo c > /proc/sysrq-trigger`: sysrq_handle_crash writes to NULL, the page fault
 * ends in oops_end → crash_kexec. Used by the two servers that were crashed on purpose.
 */
import { type BuiltTask, type KernelBuilder, THREAD_SIZE } from "../kernel/linux/build";
import type { Stacks } from "../kernel/linux/machine";
import type { Program } from "../kernel/program";

export interface OopsState {
  readonly cpu: number;
  readonly pid: number;
  readonly comm: string;
  readonly modules: string;
  readonly regs: {
    ip: bigint;
    sp: bigint;
    bp: bigint;
    bx: bigint;
    si: bigint;
    r8: bigint;
    r9: bigint;
    r10: bigint;
    r11: bigint;
    r14: bigint;
  };
  readonly trace: bigint[];
  readonly task: bigint;
  readonly stack: bigint;
}

/** A task that wrote 'c' to /proc/sysrq-trigger: the oops path up to kdump, its CPU's registers. */
export function writeSysrqStack(
  b: KernelBuilder,
  st: Stacks,
  t: BuiltTask,
  cpu: number,
  userBp: bigint,
): OopsState {
  const junk = st.junk.forTask(t.address, t.stack);
  // The syscall part: write(1, "c\n", 2) on /proc/sysrq-trigger.
  const upper = b.writeChain(
    [
      { pc: b.text("__handle_sysrq", 0x10d) },
      { pc: b.text("write_sysrq_trigger", 0x28) },
      { pc: b.text("proc_reg_write", 0x3d) },
      { pc: b.text("vfs_write", 0xc0) },
      { pc: b.text("SyS_write", 0x7f) },
      { pc: b.text("system_call_fastpath", 0x22) },
    ],
    { top: t.stack + THREAD_SIZE - 176n, mode: "sleeping", lastSavedRbp: userBp, junk },
  );
  // sysrq_handle_crash pushed rbp and wrote to NULL: rsp = rbp = the word below __handle_sysrq's return.
  const faultBp = upper.slots[0] - 8n;
  const pfSlot = faultBp - 168n - 8n;
  const lower = b.writeChain(
    [
      { pc: b.text("machine_kexec", 0x184) },
      { pc: b.text("__crash_kexec", 0x72) },
      { pc: b.text("crash_kexec", 0x32) },
      { pc: b.text("oops_end", 0xc1) },
      { pc: b.text("no_context", 0x1b6) },
      { pc: b.text("__bad_area_nosemaphore", 0x74) },
      { pc: b.text("bad_area_nosemaphore", 0x14) },
      { pc: b.text("__do_page_fault", 0x2e4) },
      { pc: b.text("do_page_fault", 0x35) },
      { pc: b.text("page_fault", 0x28), slot: pfSlot },
    ],
    { top: pfSlot, mode: "registers", lastSavedRbp: faultBp, junk },
  );
  b.cpuRegs.set(cpu, lower.regs);
  const regs = {
    ip: b.text("sysrq_handle_crash", 0x16),
    sp: faultBp,
    bp: faultBp,
    bx: b.sym("sysrq_handle_crash") + 0x7c38e0n,
    si: b.percpuBase(cpu) + 0x13898n,
    r8: b.sym("__log_buf") + 0xfe3bcn,
    r9: b.sym("__log_buf") + 0xfe5cbn,
    r10: 0xba3n,
    r11: 0xba2n,
    r14: 0x7n,
  };
  b.writePtRegs(pfSlot + 8n, {
    r15: 0n,
    r14: regs.r14,
    r13: 0n,
    r12: 0x63n,
    bp: regs.bp,
    bx: regs.bx,
    r11: regs.r11,
    r10: regs.r10,
    r9: regs.r9,
    r8: regs.r8,
    ax: b.sym("sysrq_handle_crash"),
    cx: 0n,
    dx: 0n,
    si: regs.si,
    di: 0x63n,
    orig_ax: 0xffffffffffffffffn,
    ip: regs.ip,
    cs: 0x10n,
    flags: 0x10246n,
    sp: regs.sp,
    ss: 0x18n,
  });
  const u = {
    nr: 1n,
    ip: 0x00007f4b69a7f990n,
    sp: userBp - 0x78n,
    bp: userBp,
    di: 1n,
    si: 0x00007f4b6a3b4000n,
    dx: 2n,
  };
  st.userRegs(t, u, 1n);
  b.setThreadSp(t.address, lower.regs.rsp - 0x80n);
  // "Modules linked in:" lists the newest module first.
  const modules = [...b.moduleSpecs]
    .reverse()
    .map((m) => `${m.name}${m.taints ? "(OE)" : ""}`)
    .join(" ");
  return {
    cpu,
    pid: t.spec.pid,
    comm: t.spec.comm,
    modules,
    regs,
    trace: upper.slots.map((s) => b.prog.readU64(s)),
    task: t.address,
    stack: t.stack,
  };
}

function traceLine(prog: Program, addr: bigint): string {
  const r = prog.symbols.resolve(addr)!;
  const mod = r.symbol.module ? ` [${r.symbol.module}]` : "";
  return ` [<${addr.toString(16)}>] ${r.symbol.name}+0x${r.offset.toString(16)}/0x${r.symbol.size.toString(16)}${mod}`;
}

/** The SysRq line and the oops report, spread from `start` to `end` seconds (last line at `end`). */
export function oopsLog(
  b: KernelBuilder,
  oops: OopsState,
  log: (sec: number, text: string, level?: number) => void,
  start: number,
  end: number,
): void {
  const r = oops.regs;
  const hex16 = (v: bigint) => v.toString(16).padStart(16, "0");
  const ip = r.ip;
  const oopsLines: [number, string][] = [
    [0, "SysRq : Trigger a crash"],
    [0, "BUG: unable to handle kernel NULL pointer dereference at           (null)"],
    [0, `IP: [<${ip.toString(16)}>] sysrq_handle_crash+0x16/0x20`],
    [4, "PGD 80000005b2f81067 PUD 5b2f82067 PMD 0 "],
    [4, "Oops: 0002 [#1] SMP "],
    [4, `Modules linked in: ${oops.modules}`],
    [
      4,
      `CPU: ${oops.cpu} PID: ${oops.pid} Comm: ${oops.comm} Kdump: loaded Tainted: G           OE  ------------   3.10.0-957.21.3.el7.x86_64 #1`,
    ],
    [4, "Hardware name: Red Hat KVM, BIOS 1.11.0-2.el7 04/01/2014"],
    [4, `task: ${oops.task.toString(16)} ti: ${oops.stack.toString(16)} task.ti: ${oops.stack.toString(16)}`],
    [4, `RIP: 0010:[<${ip.toString(16)}>]  [<${ip.toString(16)}>] sysrq_handle_crash+0x16/0x20`],
    [4, `RSP: 0018:${r.sp.toString(16)}  EFLAGS: 00010246`],
    [4, `RAX: ${hex16(b.sym("sysrq_handle_crash"))} RBX: ${hex16(r.bx)} RCX: 0000000000000000`],
    [4, `RDX: 0000000000000000 RSI: ${hex16(r.si)} RDI: 0000000000000063`],
    [4, `RBP: ${hex16(r.bp)} R08: ${hex16(r.r8)} R09: ${hex16(r.r9)}`],
    [4, `R10: ${hex16(r.r10)} R11: ${hex16(r.r11)} R12: 0000000000000063`],
    [4, `R13: 0000000000000000 R14: ${hex16(r.r14)} R15: 0000000000000000`],
    [4, `FS:  00007f4b6a39c740(0000) GS:${b.percpuBase(oops.cpu).toString(16)}(0000) knlGS:0000000000000000`],
    [4, "CS:  0010 DS: 0000 ES: 0000 CR0: 0000000080050033"],
    [4, "CR2: 0000000000000000 CR3: 00000005b2c34000 CR4: 00000000000606e0"],
    [4, "Call Trace:"],
    ...oops.trace.map((a): [number, string] => [4, traceLine(b.prog, a)]),
    [
      4,
      "Code: eb 9b 45 01 f4 45 39 65 34 75 e5 4c 89 ef e8 e2 f7 ff ff eb db 0f 1f 44 00 00 55 48 89 e5 c7 05 91 31 7e 00 01 00 00 00 0f ae f8 <c6> 04 25 00 00 00 00 01 5d c3 0f 1f 44 00 00 55 31 c0 c7 05 0e ",
    ],
    [4, `RIP  [<${ip.toString(16)}>] sysrq_handle_crash+0x16/0x20`],
    [4, ` RSP <${r.sp.toString(16)}>`],
    [4, "CR2: 0000000000000000"],
  ];
  oopsLines.forEach(([lvl, text], i) => {
    const s = i === oopsLines.length - 1 ? end : start + ((end - start) * i) / (oopsLines.length - 1);
    log(Number(s.toFixed(6)), text, i === 0 ? 6 : lvl);
  });
}
