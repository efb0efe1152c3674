/**
 * The page viewer's format detection (emulator/tools/flamegraph/detect.ts) on real `perf script`
 * text: test/v86/fixtures/perf-script-cpu-clock-g.txt holds 20 whole samples cut from
 * `perf record -F 99 -a -g -- sleep 5; perf script` on the v86 guest (6.1 i686 kernel, perf 6.1,
 * event cpu-clock: no PMU in v86), idle and with dd running.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  detectFlameFormat,
  flameStacks,
  isSvgText,
  viewableFileOf,
} from "../../emulator/tools/flamegraph/detect";
import type { FlameNode } from "../../emulator/tools/flamegraph/folded";
import { parseFolded } from "../../emulator/tools/flamegraph/folded";
import { renderFlameGraph } from "../../emulator/tools/flamegraph/svg";

const SCRIPT = readFileSync(new URL("../v86/fixtures/perf-script-cpu-clock-g.txt", import.meta.url), "utf8");

/** Samples per command, counted from the header lines alone (the first word of unindented lines). */
function commsOf(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const line of text.split("\n")) {
    if (!/^\S/.test(line)) continue;
    const comm = line.split(/\s+/)[0];
    counts.set(comm, (counts.get(comm) ?? 0) + 1);
  }
  return counts;
}

function child(node: FlameNode, ...path: string[]): FlameNode | undefined {
  let n: FlameNode | undefined = node;
  for (const name of path) n = n?.children.get(name);
  return n;
}

describe("detectFlameFormat", () => {
  it("recognises perf script output of the real kernel", () => {
    expect(detectFlameFormat(SCRIPT)).toBe("perf-script");
  });

  it("recognises perf script output recorded without -g (one line per sample, command padded)", () => {
    // Real lines of `perf record -F 99 -a -- sleep 1; perf script` on the v86 guest.
    const flat = [
      "         swapper     0 [000]    22.163625:   10101010 cpu-clock:pppH:          c1917b83 default_idle+0x13 ([kernel.kallsyms])",
      "         swapper     0 [000]    22.175609:   10101010 cpu-clock:pppH:          c1917b83 default_idle+0x13 ([kernel.kallsyms])",
      "           sleep   145 [000]    22.143771:   10101010 cpu-clock:pppH:          c1226ff1 filemap_map_pages+0x421 ([kernel.kallsyms])",
      "",
    ].join("\n");
    expect(detectFlameFormat(flat)).toBe("perf-script");
    const stacks = flameStacks(flat);
    if (!stacks) throw new Error("no stacks");
    expect(stacks.root.value).toBe(3);
    expect(stacks.withCallchain).toBe(0);
    // The sampled function stands one level above its command.
    expect(child(stacks.root, "swapper", "default_idle")?.value).toBe(2);
    expect(child(stacks.root, "sleep", "filemap_map_pages")?.value).toBe(1);
  });

  it("recognises folded stacks, including frames with digits, dots and colons", () => {
    expect(detectFlameFormat("main;read;vfs_read 30\nmain;write 20\n")).toBe("folded");
    expect(detectFlameFormat("kworker/0:1;process_one_work;fsnotify_perm.part.0 7\n")).toBe("folded");
  });

  it("recognises an SVG, a binary perf.data, and nothing in plain text", () => {
    const svg = renderFlameGraph(parseFolded("a;b 2\n"));
    expect(isSvgText(svg)).toBe(true);
    expect(detectFlameFormat(svg)).toBe("svg");
    expect(detectFlameFormat("PERFILE2h\u0000\u0000\u0000\u0000\u0000\u0000\u0000")).toBe("perf-data");
    expect(detectFlameFormat("hello world\nthis is not a profile\n")).toBe("unknown");
    expect(detectFlameFormat("")).toBe("unknown");
  });
});

describe("flameStacks of perf script text", () => {
  const stacks = flameStacks(SCRIPT);
  if (!stacks) throw new Error("no stacks");
  const { root } = stacks;

  it("counts every sample once, under its command", () => {
    const comms = commsOf(SCRIPT);
    expect([...comms.values()].reduce((a, b) => a + b)).toBe(20);
    expect(stacks.format).toBe("perf-script");
    expect(root.value).toBe(20);
    expect(stacks.withCallchain).toBe(20);
    expect(new Map([...root.children.values()].map((c) => [c.name, c.value]))).toEqual(comms);
  });

  it("puts the callchain root first, offsets stripped", () => {
    // The sample at 80.552395: dd reading /dev/zero, caught in clear_user (read bottom-up).
    const leaf = child(
      root,
      "dd",
      "__kernel_vsyscall",
      "__irqentry_text_end",
      "do_SYSENTER_32",
      "do_fast_syscall_32",
      "__do_fast_syscall_32",
      "ia32_sys_call",
      "__ia32_sys_read",
      "ksys_read",
      "vfs_read",
      "clear_user",
    );
    expect(leaf?.self).toBeGreaterThanOrEqual(1);
    // The idle task: from startup_32_smp at the root to default_idle at the top, 3 samples.
    const idle = child(root, "swapper", "startup_32_smp", "i386_start_kernel", "start_kernel");
    expect(idle?.value).toBe(3);
  });

  it("names unresolvable frames [unknown] and user-space code after its binary", () => {
    const dd = child(root, "dd");
    // "0 [unknown] ([unknown])" then "ea027 [unknown] (/bin/busybox)": 2 samples.
    expect(child(root, "dd", "[unknown]", "[busybox]")?.value).toBe(2);
    const names: string[] = [];
    const walk = (n: FlameNode) => {
      names.push(n.name);
      for (const c of n.children.values()) walk(c);
    };
    if (dd) walk(dd);
    expect(names).not.toContain("[[unknown]]");
    expect(names.some((n) => n.includes("+0x"))).toBe(false);
  });
});

describe("viewableFileOf (the Flame graph button's suggestion from the history)", () => {
  it("takes folded, SVG and .perf names, else the target of perf script", () => {
    expect(viewableFileOf("perf script | stackcollapse-perf.pl > out.folded")).toBe("out.folded");
    expect(viewableFileOf("flamegraph.pl out.folded > /tmp/fg.svg")).toBe("/tmp/fg.svg");
    expect(viewableFileOf("perf script > out.perf")).toBe("out.perf");
    expect(viewableFileOf("perf script -i /root/dd.data > /root/dd.txt")).toBe("/root/dd.txt");
    expect(viewableFileOf("perf script -i dd.data | head")).toBeNull();
    expect(viewableFileOf("perf record -F 99 -a -g -- sleep 5")).toBeNull();
  });
});
