/**
 * The live-kernel graders' readers, on output captured from the guest (test/v86/fixtures:
 * kprobe_events, perf script (probe events, and cpu-clock samples with call chains), perf
 * report and a function_graph trace from public/v86's
 * kernel), plus the near misses a learner produces.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  dominantSyscall,
  findHandKprobe,
  findPerfProbe,
  flameProfileOf,
  isFunctionGraphOf,
  openersOf,
  parseKprobeEvents,
  reportHasCallGraph,
} from "../../labs/live-kernel/graders";

const fixture = (name: string) => readFileSync(new URL(`fixtures/${name}`, import.meta.url), "utf8");

describe("kprobe_events", () => {
  it("parses the kernel's listing of hand-written entry and return probes", () => {
    const events = parseKprobeEvents(fixture("kprobe_events-hand.txt"));
    expect(events).toEqual([
      {
        group: "kprobes",
        name: "myopen",
        location: "do_sys_openat2",
        args: ["path=+0(%dx):ustring"],
        readsString: true,
      },
      {
        group: "kprobes",
        name: "myret",
        location: "do_sys_openat2",
        args: ["ret=$retval"],
        readsString: false,
      },
    ]);
    expect(findHandKprobe(fixture("kprobe_events-hand.txt"), "do_sys_openat2")?.name).toBe("myopen");
  });

  it("tells perf probe's events (group probe, placed at _text+offset) from hand-written ones", () => {
    const perf = fixture("kprobe_events-perf.txt");
    expect(findHandKprobe(perf, "do_sys_openat2")).toBeUndefined();
    const probe = findPerfProbe(perf, "do_sys_openat2");
    expect(probe?.location).toMatch(/^_text\+\d+$/);
    expect(probe?.readsString).toBe(true);
    expect(findPerfProbe(perf, "vfs_read")?.readsString).toBe(false);
    expect(findPerfProbe(fixture("kprobe_events-hand.txt"), "do_sys_openat2")).toBeUndefined();
  });

  it("does not count a probe on another function or without the string fetch", () => {
    expect(
      findHandKprobe("p:kprobes/x do_sys_open path=+0(%dx):ustring\n", "do_sys_openat2"),
    ).toBeUndefined();
    expect(findHandKprobe("p:kprobes/x do_sys_openat2 dfd=%ax\n", "do_sys_openat2")?.readsString).toBe(false);
    expect(findPerfProbe("p:probe/do_sys_openat2_1 _text+5 p=+0(%dx):string\n", "do_sys_openat2")?.name).toBe(
      "do_sys_openat2_1",
    );
  });
});

describe("perf script", () => {
  it("finds who opened a file, comm and pid", () => {
    const openers = openersOf(fixture("perf-script-openat.txt"), "/etc/kdebug/lab.conf");
    expect(openers).toEqual([
      { comm: "confwatch", pid: 105 },
      { comm: "confwatch", pid: 105 },
    ]);
    expect(openersOf(fixture("perf-script-openat.txt"), "/etc/passwd")).toEqual([]);
  });
});

describe("perf report", () => {
  const report = fixture("perf-report-dd.txt");

  it("recognises a call-graph report of dd", () => {
    expect(reportHasCallGraph(report, "dd")).toBe(true);
    expect(reportHasCallGraph(report, "gzip")).toBe(false);
    // Without -g perf report prints "# Overhead  Command ..." and no Children column.
    expect(reportHasCallGraph(report.replace("# Children      Self", "# Overhead"), "dd")).toBe(false);
  });

  it("picks the syscall branch with the larger share (read: 50.94% against write: 13.21%)", () => {
    expect(dominantSyscall(report, ["read", "write"])).toBe("read");
    expect(
      dominantSyscall(report.replace(/--50\.94%--__ia32_sys_read/g, "--10.00%--__ia32_sys_read"), [
        "read",
        "write",
      ]),
    ).toBe("write");
    expect(dominantSyscall("no graph here", ["read", "write"])).toBeUndefined();
  });
});

describe("function_graph", () => {
  it("accepts a trace entering the function, nothing else", () => {
    const trace = fixture("function-graph.txt");
    expect(isFunctionGraphOf(trace, "do_sys_openat2")).toBe(true);
    expect(isFunctionGraphOf(trace, "vfs_read")).toBe(false);
    expect(isFunctionGraphOf(trace.replace("function_graph", "function"), "do_sys_openat2")).toBe(false);
  });
});

describe("flame graph profile of perf script -g output", () => {
  const script = fixture("perf-script-cpu-clock-g.txt");

  it("counts samples per command and the kernel frames of their call chains", () => {
    const profile = flameProfileOf(script);
    // 20 samples in the fixture: 12 of dd, 3 of swapper, 2 of perf-exec, 2 of confwatch, 1 of sleep.
    expect(profile?.samples).toBe(20);
    expect(profile?.withCallchain).toBe(20);
    expect(Object.fromEntries(profile?.byComm ?? [])).toEqual({
      dd: 12,
      swapper: 3,
      "perf-exec": 2,
      confwatch: 2,
      sleep: 1,
    });
    // Every "[kernel.kallsyms]" in the fixture is on a call-chain line.
    expect(profile?.kernelFrames).toBe(script.split("[kernel.kallsyms]").length - 1);
    expect(profile?.kernelFrames).toBeGreaterThan(100);
  });

  it("is null for what is not perf script output", () => {
    expect(flameProfileOf("dd;vfs_read 12\n")).toBeNull();
    expect(flameProfileOf(fixture("perf-report-dd.txt"))).toBeNull();
    expect(flameProfileOf("")).toBeNull();
  });

  it("sees no call chain in a -g-less recording", () => {
    const flat =
      "              dd   144 [000]    80.481708:   10101010 cpu-clock:pppH:          c18cd500 clear_user+0x0 ([kernel.kallsyms])\n";
    expect(flameProfileOf(flat)).toMatchObject({ samples: 1, withCallchain: 0, kernelFrames: 0 });
  });
});
