import { describe, expect, it } from "vitest";
import { extractCommands, isSession } from "../../site/lib/runnable";

describe("extractCommands", () => {
  it("takes the prompted lines of a session block, without prompts or output", () => {
    // The talk's "Getting started" slide: two root-shell commands, elided output, a crash prompt.
    const code = [
      "# cd /var/crash/client_lbug",
      "# crash /usr/lib/debug/lib/modules/3.10.0*/vmlinux vmcore",
      "...",
      'PANIC: "Kernel panic - not syncing: LBUG"',
      "crash> bt",
      " #0 [ffff9f94f45dfb80] machine_kexec at ffffffffa4c63934",
    ].join("\n");
    expect(extractCommands("bash", null, code)).toEqual([
      "cd /var/crash/client_lbug",
      "crash /usr/lib/debug/lib/modules/3.10.0*/vmlinux vmcore",
      "bt",
    ]);
  });

  it("joins backslash continuations into one line", () => {
    const code =
      "$ qemu-system-x86_64 -hda kdebug.qcow2 -serial mon:stdio \\\n    -enable-kvm -nographic -smp 16 -m 20G \\\n    -cdrom ~/cloud.iso";
    expect(extractCommands("bash", "", code)).toEqual([
      "qemu-system-x86_64 -hda kdebug.qcow2 -serial mon:stdio -enable-kvm -nographic -smp 16 -m 20G -cdrom ~/cloud.iso",
    ]);
  });

  it("honours norun and runnable, and ignores blocks without prompts or in other languages", () => {
    expect(extractCommands("bash", "norun", "# ls")).toEqual([]);
    expect(extractCommands("bash", null, "[ 319.474274] LustreError: 12295:0")).toEqual([]);
    expect(extractCommands("c", null, "# include <stdio.h>")).toEqual([]);
    expect(extractCommands("text", "runnable", "ls /var/crash\n\ncrash> sys\n")).toEqual([
      "ls /var/crash",
      "sys",
    ]);
    expect(extractCommands("bash", null, "debugfs: stat /O/0/d8/40\n(gdb) p 1")).toEqual([
      "stat /O/0/d8/40",
      "p 1",
    ]);
  });

  it("recognises session blocks", () => {
    expect(isSession("bash", "# uname -r")).toBe(true);
    expect(isSession("bash", "echo hi")).toBe(false);
    expect(isSession("python", "# comment")).toBe(false);
  });
});
