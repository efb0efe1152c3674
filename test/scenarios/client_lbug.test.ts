/** facts.md §1 (client_lbug), read back through the view functions: transcripts 01-06. */
import { describe, expect, it } from "vitest";
import { dentryPath, openFiles, taskRootCwd } from "../../emulator/kernel/linux/files";
import { logRecords } from "../../emulator/kernel/linux/log";
import { listModules } from "../../emulator/kernel/linux/modules";
import { unwindStack } from "../../emulator/kernel/linux/stack";
import { sysInfo } from "../../emulator/kernel/linux/sysinfo";
import { panicTask, taskStateName, tasksByPid } from "../../emulator/kernel/linux/tasks";
import { loadScenario } from "../../emulator/scenarios/index";
import { frameWords, symName } from "./helpers";

const prog = loadScenario("client_lbug");

describe("client_lbug", () => {
  it("panics in trinity-c30 (transcript 01)", () => {
    const t = panicTask(prog);
    expect([t.pid, t.comm, t.cpu, t.address]).toEqual([12295, "trinity-c30", 4, 0xffff9f955eae6180n]);
    expect(taskStateName(t)).toBe("TASK_RUNNING");
    expect(sysInfo(prog).panicMessage).toBe("Kernel panic - not syncing: LBUG");
    expect(sysInfo(prog).cpus).toBe(16);
    expect(tasksByPid(prog, 12295)).toHaveLength(1);
  });

  it("prints the dmesg lines of transcript 02 at their place in the log", () => {
    const recs = logRecords(prog);
    const tail = recs.slice(-31, -18);
    const ts = (r: { tsNsec: bigint }) => (Number(r.tsNsec / 1000n) / 1e6).toFixed(6);
    const noAddr = (s: string) => s.replace(/^ \[<[0-9a-f]+>\] /, "[<addr>] ");
    expect(tail.map((r) => `[ ${ts(r)}] ${noAddr(r.text).trimEnd()}`)).toEqual([
      "[ 319.474274] LustreError: 12295:0:(file.c:2200:ll_put_grouplock()) ASSERTION( fd->fd_grouplock.lg_lock != ((void *)0) ) failed:",
      "[ 319.478957] LustreError: 12295:0:(file.c:2200:ll_put_grouplock()) LBUG",
      "[ 319.481942] Pid: 12295, comm: trinity-c30 3.10.0-957.21.3.el7.x86_64 #1 SMP Tue Jun 18 16:35:19 UTC 2019",
      "[ 319.485441] Call Trace:",
      "[ 319.487361] [<addr>] libcfs_call_trace+0x8c/0xc0 [libcfs]",
      "[ 319.490289] [<addr>] lbug_with_loc+0x4c/0xa0 [libcfs]",
      "[ 319.493359] [<addr>] ll_put_grouplock.isra.46+0x37c/0x380 [lustre]",
      "[ 319.496729] [<addr>] ll_file_ioctl+0xb76/0x4a20 [lustre]",
      "[ 319.500151] [<addr>] do_vfs_ioctl+0x3a0/0x5a0",
      "[ 319.502573] [<addr>] SyS_ioctl+0xa1/0xc0",
      "[ 319.505419] [<addr>] system_call_fastpath+0x22/0x27",
      "[ 319.508395] [<addr>] 0xffffffffffffffff",
      "[ 319.511226] Kernel panic - not syncing: LBUG",
    ]);
    // the stripped addresses are the bt return addresses
    expect(recs.at(-26)!.text).toContain("[<ffffffffc08228cb>]");
    expect(recs.at(-21)!.text).toContain("[<ffffffffa5375ddb>]");
  });

  it("unwinds the 9 frames and the syscall registers of transcript 03", () => {
    const frames = unwindStack(prog, panicTask(prog));
    const shown = frames.map(
      (f) =>
        `[${f.sp.toString(16)}] ${symName(prog, f.pc).replace(/\.isra\.\d+$/, "")} at ${f.pc.toString(16)}`,
    );
    expect(shown).toEqual([
      "[ffff9f94f45dfb80] machine_kexec at ffffffffa4c63934",
      "[ffff9f94f45dfbe0] __crash_kexec at ffffffffa4d1d162",
      "[ffff9f94f45dfcb0] panic at ffffffffa535c81b",
      "[ffff9f94f45dfd30] lbug_with_loc at ffffffffc08228cb",
      "[ffff9f94f45dfd50] ll_put_grouplock at ffffffffc0fcb92c",
      "[ffff9f94f45dfda0] ll_file_ioctl at ffffffffc0fde8d6",
      "[ffff9f94f45dfe80] do_vfs_ioctl at ffffffffa4e569d0",
      "[ffff9f94f45dff00] SyS_ioctl at ffffffffa4e56c71",
      "[ffff9f94f45dff50] system_call_fastpath at ffffffffa5375ddb",
    ]);
    // bt prints the sys_ alias of the syscall (kallsyms lists SyS_ first)
    expect(prog.symbols.at(0xffffffffa4e56bd0n).map((s) => s.name)).toEqual(["SyS_ioctl", "sys_ioctl"]);
    expect(prog.symbols.resolve(0xffffffffc0fcb92cn)?.symbol.module).toBe("lustre");
    const r = frames[8].exception!;
    expect(r.address).toBe(0xffff9f94f45dff58n);
    expect(r).toMatchObject({
      rip: 0x00007f7a30a931c9n,
      rsp: 0x00007fff2314c668n,
      eflags: 0x10216n,
      rax: 0x10n,
      rbx: 0x10n,
      rcx: 0xffffffffa5375d21n,
      rdx: 0x7ffff000n,
      rsi: 0x4008669fn,
      rdi: 0x37n,
      rbp: 0x00007f7a310ad000n,
      r8: 0x00000064200a4f56n,
      r9: 0xffffffffbbbbbbbcn,
      r10: 0x0000000110c10320n,
      r11: 0x246n,
      r12: 0x00007f7a310ad058n,
      r13: 0x00007f7a311866b0n,
      r14: 0n,
      r15: 0x00007f7a310ad000n,
      orig_rax: 0x10n,
      cs: 0x33n,
      ss: 0x2bn,
    });
  });

  it("shows fd 55 and the root/cwd of transcript 04", () => {
    const t = panicTask(prog);
    expect(taskRootCwd(prog, t)).toEqual({ root: "/", cwd: "/tmp/trinity/tmp" });
    const files = openFiles(prog, t);
    expect(files.map((f) => f.fd)).toEqual(Array.from({ length: 56 }, (_, i) => i));
    expect(files[55]).toEqual({
      fd: 55,
      file: 0xffff9f956da1ff00n,
      dentry: 0xffff9f94e6411cc0n,
      inode: 0xffff9f920bdaad90n,
      type: "REG",
      path: "/mnt/lustre0/testdir/testfile",
    });
    expect(dentryPath(prog, 0xffff9f94e6411cc0n)).toBe("/mnt/lustre0/testdir/testfile");
    // ll_file_data: the flag set by LL_IOC_SETFLAGS, no group lock
    const fd = prog.readMember(0xffff9f956da1ff00n, "file", "private_data");
    expect(prog.readMember(fd, "ll_file_data", "fd_flags") & 2n).toBe(2n);
    expect(prog.readMember(fd, "ll_file_data", "fd_grouplock.lg_lock")).toBe(0n);
  });

  it("reproduces frame #6's words of transcript 05", () => {
    expect(frameWords(prog, 0xffff9f94f45dfe88n, 0xffff9f94f45dff00n)).toEqual([
      "ffff9f94f45dfe88: [ffff9f94e6411cc0:dentry] [ffff9f94f45d669f:mm_struct]",
      "ffff9f94f45dfe98: ffff9f958ed1590b ffff9f94f45dfe80",
      "ffff9f94f45dfea8: do_setitimer+476 0000000000000000",
      "ffff9f94f45dfeb8: 00000000ece1f068 [ffff9f956da1ff00:kmalloc-256]",
      "ffff9f94f45dfec8: 0000000000000037 00000000ece1f068",
      "ffff9f94f45dfed8: [ffff9f956da1ff00:kmalloc-256] 0000000000000037",
      "ffff9f94f45dfee8: 000000004008669f 000000007ffff000",
      "ffff9f94f45dfef8: ffff9f94f45dff48 sys_ioctl+161",
    ]);
    expect(prog.readMember(0xffff9f955eae6180n, "task_struct", "mm")).toBe(0xffff9f94f45d6400n);
  });

  it("gives the bt -l lines of transcript 06 once the module debuginfo is loaded", () => {
    expect(prog.symbols.lineOf(0xffffffffc0fcb92cn)).toBeUndefined();
    prog.symbols.loadedDebuginfo.add("libcfs");
    prog.symbols.loadedDebuginfo.add("lustre");
    try {
      expect(prog.symbols.lineOf(0xffffffffc0fcb92cn)).toEqual({
        file: "/usr/src/debug/lustre-2.12.3/lustre/llite/file.c",
        line: 2200,
      });
      expect(prog.symbols.lineOf(0xffffffffc0fde8d6n)).toEqual({
        file: "/usr/src/debug/lustre-2.12.3/lustre/llite/file.c",
        line: 3388,
      });
    } finally {
      prog.symbols.loadedDebuginfo.clear();
    }
    expect(prog.symbols.lineOf(0xffffffffa4e569d0n)).toEqual({
      file: "/usr/src/debug/kernel-3.10.0-957.21.3.el7/linux-3.10.0-957.21.3.el7.x86_64/fs/ioctl.c",
      line: 44,
    });
  });

  it("loads the Lustre client modules with the fixed function starts", () => {
    const names = listModules(prog).map((m) => m.name);
    for (const n of [
      "libcfs",
      "lnet",
      "ksocklnd",
      "ptlrpc",
      "obdclass",
      "lustre",
      "lov",
      "mdc",
      "osc",
      "fid",
      "fld",
      "lmv",
      "mgc",
      "xfs",
      "virtio_net",
    ])
      expect(names).toContain(n);
    const at = (n: string) => prog.symbol(n);
    expect([at("lbug_with_loc").address, at("lbug_with_loc").size]).toEqual([0xffffffffc082287fn, 0xa0]);
    expect([at("ll_put_grouplock.isra.46").address, at("ll_put_grouplock.isra.46").size]).toEqual([
      0xffffffffc0fcb5b0n,
      0x380,
    ]);
    expect([at("ll_file_ioctl").address, at("ll_file_ioctl").size]).toEqual([0xffffffffc0fddd60n, 0x4a20]);
    expect([at("do_vfs_ioctl").address, at("sys_ioctl").address, at("system_call_fastpath").address]).toEqual(
      [0xffffffffa4e56630n, 0xffffffffa4e56bd0n, 0xffffffffa5375db9n],
    );
    expect(at("_text").address).toBe(0xffffffffa4a00000n);
  });
});
