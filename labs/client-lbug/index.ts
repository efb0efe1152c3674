/**
 * Lab "client-lbug": the dump of a Lustre client that stopped on a failed LASSERT in
 * ll_put_grouplock (LU-13257). Every expected answer is read from the scenario's memory: the
 * panic task, its syscall registers, its open files, the slab of its struct file, the log
 * record of the assertion and the line tables of the lustre module.
 */
import { openFiles } from "../../emulator/kernel/linux/files";
import { logRecords } from "../../emulator/kernel/linux/log";
import { panicTask } from "../../emulator/kernel/linux/tasks";
import type { Program } from "../../emulator/kernel/program";
import { memoize } from "../crash-basics/memory";
import { matchesTask } from "../crash-basics/parse";
import { baseFunctionName, functionAt, sourceLine } from "../crash-basics/symbols";
import { frames, openFile, syscallRegs, vmcore } from "../crash-basics/vmcore";
import { defineLab, type GraderContext } from "../schema";
import { decodeIoctl, flagSettingIoctl, ioctlNames, x86_64Syscalls } from "./ioctls";

const START_CRASH = ["cd /var/crash/client_lbug", "crash /usr/lib/debug/lib/modules/3.10.0*/vmlinux vmcore"];

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

// ---- computed facts ------------------------------------------------------------------------

export const crashedTask = async (ctx: GraderContext) => panicTask(await vmcore(ctx));

/** The panic task's system call registers: number in orig_rax, arguments in rdi, rsi, rdx... */
const ioctlRegs = async (ctx: GraderContext) => {
  const prog = await vmcore(ctx);
  return syscallRegs(prog, panicTask(prog));
};

export const syscallNumber = async (ctx: GraderContext) => Number((await ioctlRegs(ctx)).orig_rax);

export const syscallName = async (ctx: GraderContext) => {
  const nr = await syscallNumber(ctx);
  const name = x86_64Syscalls[nr];
  if (!name) throw new Error(`system call ${nr} is not in the lesson's table`);
  return name;
};

/** ioctl(fd, request, arg): the fd is the first argument, RDI. */
export const ioctlFd = async (ctx: GraderContext) => (await ioctlRegs(ctx)).rdi;

/** The request code, RSI, decoded against Lustre's file ioctls. */
export const ioctlRequestName = async (ctx: GraderContext) => {
  const rsi = (await ioctlRegs(ctx)).rsi;
  const def = decodeIoctl(rsi);
  if (!def) throw new Error(`request ${rsi.toString(16)} is not one of the lesson's ioctls`);
  return def.name;
};

const ioctlOpenFile = async (ctx: GraderContext) => {
  const prog = await vmcore(ctx);
  const task = panicTask(prog);
  const fd = Number(syscallRegs(prog, task).rdi);
  return openFile(openFiles(prog, task), fd);
};

export const ioctlPath = async (ctx: GraderContext) => (await ioctlOpenFile(ctx)).path;

/** The slab cache crash names next to the struct file address in `bt -FF`. */
export const fileCache = async (ctx: GraderContext) => {
  const prog = await vmcore(ctx);
  const file = (await ioctlOpenFile(ctx)).file;
  const hit = prog.slabs.find(file);
  if (!hit) throw new Error(`struct file ${file.toString(16)} is in no slab`);
  return hit.cache.name;
};

/** The LASSERT's record in the log: `LustreError: pid:0:(file.c:LINE:function()) ASSERTION(...)`. */
const assertion = memoize((prog: Program) => {
  const record = logRecords(prog).find((r) => r.text.includes("ASSERTION("));
  const m = record && /\(([^():]+):(\d+):([\w.]+)\(\)\)/.exec(record.text);
  if (!m) throw new Error("no LASSERT message in the log");
  return { file: m[1], line: Number(m[2]), fn: baseFunctionName(m[3]) };
});

export const assertFunction = async (ctx: GraderContext) => assertion(await vmcore(ctx)).fn;

/** The frame of the function that asserted, and the one that called it (next outer frame). */
const assertFrames = async (ctx: GraderContext) => {
  const prog = await vmcore(ctx);
  const list = frames(prog, panicTask(prog));
  const fn = assertion(prog).fn;
  const index = list.findIndex((f) => functionAt(prog, f.pc) === fn);
  if (index < 0 || index + 1 >= list.length) throw new Error(`no ${fn} frame with a caller`);
  return { prog, assert: list[index], caller: list[index + 1] };
};

/** bt -l's line for the asserting frame, as `file.c`, 2200. */
export const assertSource = async (ctx: GraderContext) => {
  const { prog, assert } = await assertFrames(ctx);
  return sourceLine(prog, assert.pc);
};

export const callerLine = async (ctx: GraderContext) => {
  const { prog, caller } = await assertFrames(ctx);
  return sourceLine(prog, caller.pc).line;
};

// ---- answer patterns -----------------------------------------------------------------------

/** `ll_put_grouplock`, `ll_put_grouplock()`, `ll_put_grouplock.isra.46`. */
export const assertFunctionPattern = async (ctx: GraderContext) =>
  new RegExp(`^${escapeRegExp(await assertFunction(ctx))}(?:\\.isra\\.\\d+)?(?:\\(\\))?$`);

/** `ioctl`, `sys_ioctl`, `SyS_ioctl`, `ioctl()`, or its number 16 / 0x10. */
export const syscallPattern = async (ctx: GraderContext) => {
  const name = escapeRegExp(await syscallName(ctx));
  const nr = await syscallNumber(ctx);
  return new RegExp(`^(?:(?:sys_)?${name}(?:\\(\\))?|${nr}|0x0*${nr.toString(16)})$`, "i");
};

/** `file.c:2200`, `file.c: 2200`, or the full path as bt -l prints it. */
export const assertSourcePattern = async (ctx: GraderContext) => {
  const { file, line } = await assertSource(ctx);
  const base = file.split("/").pop() ?? file;
  return new RegExp(`^(?:\\S*/)?${escapeRegExp(base)} ?: ?${line}$`);
};

export async function gradeCrashedTask(ctx: GraderContext, answer: string) {
  const task = await crashedTask(ctx);
  return matchesTask(answer, { comm: task.comm, pid: task.pid })
    ? { correct: true, message: "Correct!" }
    : { correct: false, message: "Not quite — look at the COMMAND line of the banner." };
}

export const clientLbugLab = defineLab({
  id: "client-lbug",
  title: "Crash: a Lustre client LBUG",
  summary:
    "A Lustre client panicked on a failed assertion. Read the log, the backtrace, the syscall registers and the source lines to find the bug.",
  order: 11,
  guest: "simulated",
  cwd: "/var/crash/client_lbug",
  scenario: "client_lbug",
  tasks: [
    {
      id: "panic-command",
      title: "Who was running?",
      prompt: "What is the command name of the task that was running on the CPU that panicked?",
      hints: [
        "crash prints it in its banner, after `PID:`.",
        "`sys` prints the banner again; the line is `COMMAND:`.",
      ],
      solution: [...START_CRASH, "sys"],
      check: { kind: "custom", input: true, grade: gradeCrashedTask },
    },
    {
      id: "panic-pid",
      title: "Its PID",
      prompt: "And what is that task's process id?",
      hints: ["It is on the banner's `PID:` line, and on the first line of `bt`."],
      solution: [...START_CRASH, "sys", "set"],
      check: { kind: "number", expected: async (ctx) => (await crashedTask(ctx)).pid },
    },
    {
      id: "assert-function",
      title: "Which function asserted?",
      prompt: "In the kernel log, which Lustre function's assertion failed?",
      hints: [
        "Look at the lines just before `LBUG` in `dmesg`.",
        "A LustreError line names `(file:line:function())`.",
      ],
      solution: [...START_CRASH, "dmesg | grep -B 1 LBUG"],
      check: { kind: "regex", expected: assertFunctionPattern },
    },
    {
      id: "syscall-name",
      title: "Which system call?",
      prompt: "Which system call was the task executing when the kernel panicked? Give its name.",
      hints: [
        "Read `RAX` (or `ORIG_RAX`) in the register block at the end of `bt`.",
        "The value is in hexadecimal: convert it, then look it up in the lesson's table of system call numbers.",
      ],
      solution: [...START_CRASH, "bt | grep ORIG_RAX", "p/d 0x10"],
      check: { kind: "regex", expected: syscallPattern },
    },
    {
      id: "ioctl-fd",
      title: "Which file descriptor?",
      prompt: "Which file descriptor did the task pass to `ioctl()`? Decimal or hexadecimal.",
      hints: [
        "The first argument of a system call is in `RDI`.",
        "`bt` prints `RDI:` in hexadecimal; `p/d` converts it.",
      ],
      solution: [...START_CRASH, "bt", "p/d 0x37"],
      check: { kind: "number", expected: ioctlFd },
    },
    {
      id: "ioctl-file",
      title: "Which file?",
      prompt: "What is the full path of the file behind that descriptor?",
      hints: [
        "`files` lists the open files of the current task.",
        "Find the row whose `FD` is the descriptor.",
      ],
      solution: [...START_CRASH, "files"],
      check: { kind: "exact", expected: ioctlPath },
    },
    {
      id: "ioctl-name",
      title: "Which request?",
      prompt: "Decode the ioctl's second argument (`RSI`). Which Lustre request did the fuzzer send?",
      hints: [
        "`RSI` is in the register block of `bt`.",
        "Split it into direction, size, type and number, then compare the number with the table.",
      ],
      solution: [
        ...START_CRASH,
        "bt | grep RSI",
        "!c=0x4008669f; echo dir $((c>>30)) size $(((c>>16)&0x3fff)) type $(((c>>8)&0xff)) nr $((c&0xff))",
      ],
      check: { kind: "choice", choices: [...ioctlNames], expected: ioctlRequestName },
    },
    {
      id: "file-slab",
      title: "Where does the struct file live?",
      prompt:
        "In `bt -FF`, crash tags the `struct file` address of the descriptor with a slab cache name. Which cache?",
      hints: [
        "Take the `FILE` address from `files`, then look for it in the frame of `do_vfs_ioctl`.",
        "The tag is written `[address:cache]`.",
      ],
      solution: [...START_CRASH, "files", "bt -FF | grep ffff9f956da1ff00"],
      check: { kind: "exact", expected: fileCache },
    },
    {
      id: "lassert-line",
      title: "Where is the assertion?",
      prompt:
        "After loading the Lustre modules' debug info, which source file and line does `bt -l` give for the frame of the asserting function? Write it as `file.c:123`.",
      hints: [
        "`mod -s libcfs` and `mod -s lustre` load the debug info.",
        "Then `bt -l` prints a path and a line under each frame.",
      ],
      solution: [...START_CRASH, "mod -s libcfs", "mod -s lustre", "bt -l"],
      check: { kind: "regex", expected: assertSourcePattern },
    },
    {
      id: "caller-line",
      title: "And the caller?",
      prompt:
        "At which line of its file is the call into the asserting function, in the frame just below it?",
      hints: ["It is the frame of `ll_file_ioctl` in `bt -l`.", "Only the line number is asked."],
      solution: [...START_CRASH, "mod -s libcfs", "mod -s lustre", "bt -l"],
      check: { kind: "number", expected: callerLine },
    },
    {
      id: "other-ioctl",
      title: "The accomplice",
      prompt:
        "Which ioctl lets a user set `LL_FILE_GROUP_LOCKED` in `fd_flags` without taking a group lock, making this assertion reachable?",
      hints: [
        "The group lock and unlock requests keep the flag and the lock pointer in step.",
        "Look for the request that copies a value chosen by the caller into the flags.",
      ],
      solution: [],
      check: { kind: "choice", choices: [...ioctlNames], expected: () => flagSettingIoctl().name },
    },
  ],
});
