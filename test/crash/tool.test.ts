import { describe, expect, it } from "vitest";
import { GDB_BANNER, SHORT_USAGE, VERSION_BANNER } from "../../emulator/tools/crash/banner";
import type { CrashSession } from "../../emulator/tools/crash/command";
import { type CrashDeps, runCrash } from "../../emulator/tools/crash/index";
import { buildTestProgram, fakeToolIO, newBash, scriptedTty } from "./harness";
import { memoryCommandsOnly } from "./memory-commands";

const VMLINUX = "/usr/lib/debug/lib/modules/3.10.0-957.21.3.el7.x86_64/vmlinux";
const tp = buildTestProgram(4, 2);

function deps(extra: Partial<CrashDeps> = {}): CrashDeps {
  return {
    loadScenario: (id) => {
      if (id !== "test_load") throw new Error(`no scenario ${id}`);
      return tp.prog;
    },
    commands: memoryCommandsOnly(),
    panicTask: () => tp.panic,
    sysBlock: (s: CrashSession) =>
      `      KERNEL: ${(s as unknown as { namelist: string }).namelist}\n       PANIC: "SysRq : Trigger a crash"\n         PID: ${s.panicTask.pid}\n`,
    ...extra,
  };
}

function guest(files: Record<string, string> = {}) {
  return newBash({
    [VMLINUX]: "KDEBUG-VMLINUX 3.10.0-957.21.3.el7.x86_64\n",
    "/var/crash/test_load/vmcore": "KDEBUG-VMCORE test_load\n",
    "/var/crash/other/vmcore": "KDEBUG-VMCORE other\n",
    "/boot/vmlinux-stripped": "KDEBUG-VMLINUX 3.10.0-957.21.3.el7.x86_64 stripped\n",
    "/boot/vmlinux-1062": "KDEBUG-VMLINUX 3.10.0-1062.el7.x86_64\n",
    "/root/notes.txt": "hello\n",
    ...files,
  });
}

describe("crash command line", () => {
  it("reports missing files and unsupported formats after the banner", async () => {
    const bash = guest();
    let r = fakeToolIO([VMLINUX, "/var/crash/nope/vmcore"], { bash, stdin: "" });
    expect(await runCrash(r.io, deps())).toBe(1);
    expect(r.output()).toBe(
      `${VERSION_BANNER}crash: /var/crash/nope/vmcore: No such file or directory\n${SHORT_USAGE}`,
    );
    r = fakeToolIO([VMLINUX, "/root/notes.txt"], { bash, stdin: "" });
    expect(await runCrash(r.io, deps())).toBe(1);
    expect(r.output()).toContain("crash: /root/notes.txt: not a supported file format\n\nUsage:\n");
    r = fakeToolIO([VMLINUX, "/var/crash"], { bash, stdin: "" });
    await runCrash(r.io, deps());
    expect(r.output()).toContain("crash: /var/crash: not a supported file format\n");
  });
  it("needs a namelist with a dump, rejects two of a kind and mismatched pairs", async () => {
    const bash = guest();
    let r = fakeToolIO(["/var/crash/test_load/vmcore"], { bash, stdin: "" });
    expect(await runCrash(r.io, deps())).toBe(1);
    expect(r.output()).toContain("crash: namelist argument required\n");
    r = fakeToolIO(["/var/crash/test_load/vmcore", "/var/crash/other/vmcore"], { bash, stdin: "" });
    await runCrash(r.io, deps());
    expect(r.output()).toContain("crash: too many dumpfile arguments\n");
    r = fakeToolIO(["/boot/vmlinux-1062", "/var/crash/test_load/vmcore"], { bash, stdin: "" });
    expect(await runCrash(r.io, deps())).toBe(1);
    expect(r.output()).toContain("crash: /boot/vmlinux-1062 and /var/crash/test_load/vmcore do not match!\n");
    r = fakeToolIO(["/boot/vmlinux-stripped", "/var/crash/test_load/vmcore"], { bash, stdin: "" });
    expect(await runCrash(r.io, deps())).toBe(1);
    expect(r.output()).toContain(
      `${GDB_BANNER}\ncrash: /boot/vmlinux-stripped: no debugging data available\n`,
    );
  });
  it("rejects unknown options and prints usage and help", async () => {
    let r = fakeToolIO(["-Z", VMLINUX]);
    expect(await runCrash(r.io, deps())).toBe(1);
    expect(r.output()).toBe(`crash: invalid option -- 'Z'\ncrash: invalid option: -Z\n${SHORT_USAGE}`);
    r = fakeToolIO(["-h"]);
    expect(await runCrash(r.io, deps())).toBe(0);
    expect(r.output()).toContain("USAGE:");
    r = fakeToolIO(["-h", "rd"]);
    await runCrash(r.io, deps());
    expect(r.output()).toContain("\nNAME\n  rd - read memory\n");
  });
});

describe("crash sessions", () => {
  it("starts like crash 7.2.3 and runs commands from a pipe until its end", async () => {
    const bash = guest();
    const r = fakeToolIO(["/var/crash/test_load/vmcore", VMLINUX], {
      bash,
      stdin: "net -N 33605642\np jiffies\n",
    });
    expect(await runCrash(r.io, deps())).toBe(1); // crash exits 1 at the end of its input
    const out = r.output();
    expect(out.startsWith(`${VERSION_BANNER}NOTE: stdin: not a tty\n\n${GDB_BANNER}`)).toBe(true);
    expect(out).toContain("WARNING: kernel relocated [464MB]: patching 5 gdb minimal_symbol values\n\n");
    expect(out).toContain(
      `      KERNEL: ${VMLINUX}\n       PANIC: "SysRq : Trigger a crash"\n         PID: 4715\n\n10.200.0.2\njiffies = $1 = 4295012345\n`,
    );
    expect(out).not.toContain("crash> ");
    expect(out).not.toContain("please wait");
  });
  it("exits 0 on q, and -s keeps only the command output", async () => {
    const r = fakeToolIO(["-s", VMLINUX, "/var/crash/test_load/vmcore"], {
      bash: guest(),
      stdin: "p jiffies\nq\np jiffies\n",
    });
    expect(await runCrash(r.io, deps())).toBe(0);
    expect(r.output()).toBe("jiffies = $1 = 4295012345\n");
  });
  it("runs an -i file first, echoing its commands unless silent", async () => {
    const bash = guest({ "/root/cmds": "net -N 33605642\n" });
    let r = fakeToolIO(["-s", "-i", "/root/cmds", VMLINUX, "/var/crash/test_load/vmcore"], {
      bash,
      stdin: "p jiffies\n",
    });
    await runCrash(r.io, deps());
    expect(r.output()).toBe("10.200.0.2\njiffies = $1 = 4295012345\n");
    r = fakeToolIO(["-i", "/root/cmds", VMLINUX, "/var/crash/test_load/vmcore"], {
      bash,
      stdin: "p jiffies\n",
    });
    await runCrash(r.io, deps());
    expect(r.output()).toContain(
      "         PID: 4715\n\ncrash> net -N 33605642\n10.200.0.2\njiffies = $1 = 4295012345\n",
    );
  });
  it("prompts on the terminal, erases please-wait lines and ignores Ctrl-D", async () => {
    const bash = guest();
    const tty = scriptedTty(["sym jiffies", "set radix 16"]);
    const r = fakeToolIO([VMLINUX, "/var/crash/test_load/vmcore"], { bash, tty });
    expect(await runCrash(r.io, deps())).toBe(0);
    expect(tty.prompts).toEqual(["crash> ", "crash> ", "crash> ", "crash> "]);
    const out = r.output();
    expect(out).toContain("\rplease wait... (gathering task table data)\r");
    expect(out).not.toContain("NOTE: stdin");
    expect(out).toContain("ffffffff9ea0b000 (D) jiffies\noutput radix: 16 (hex)\n\n");
  });
});
