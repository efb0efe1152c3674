/**
 * perf list in perf 3.10's layout, its filters, and the rule that what it lists is what
 * perf record -e accepts: every software event, every alias, every tracepoint (the probes perf
 * probe defines, and tracefs events/ directories) records; anything else is refused as perf does.
 */
import { describe, expect, it } from "vitest";
import { decodePerfData } from "../../emulator/tools/perf/data";
import { liveShell } from "./helpers";

// perf 3.10's symbolic events (tools/perf/util/parse-events.c tables, PERF_COUNT_* order).
const HW = [
  "cpu-cycles OR cycles",
  "instructions",
  "cache-references",
  "cache-misses",
  "branch-instructions OR branches",
  "branch-misses",
  "bus-cycles",
  "stalled-cycles-frontend OR idle-cycles-frontend",
  "stalled-cycles-backend OR idle-cycles-backend",
  "ref-cycles",
];
const SW = [
  "cpu-clock",
  "task-clock",
  "page-faults OR faults",
  "context-switches OR cs",
  "cpu-migrations OR migrations",
  "minor-faults",
  "major-faults",
  "alignment-faults",
  "emulation-faults",
  "dummy",
];
/** cache → operations it has (l load, s store, p prefetch): refs and misses for each. */
const CACHES: readonly [string, string][] = [
  ["L1-dcache", "lsp"],
  ["L1-icache", "lp"],
  ["LLC", "lsp"],
  ["dTLB", "lsp"],
  ["iTLB", "l"],
  ["branch", "l"],
  ["node", "lsp"],
];
const OPS: Record<string, [string, string]> = {
  l: ["load", "loads"],
  s: ["store", "stores"],
  p: ["prefetch", "prefetches"],
};
const CACHE = CACHES.flatMap(([c, ops]) =>
  [...ops].flatMap((o) => [`${c}-${OPS[o][1]}`, `${c}-${OPS[o][0]}-misses`]),
);

const row = (name: string, type: string) => `  ${name.padEnd(50)} [${type}]`;
const PROBE = "perf probe -q -m ptlrpc ldlm_res_hash_dump";

async function liveWithProbe() {
  const sh = liveShell();
  for (const l of ["hostname vm0", "shine -L start; shine -L mount", PROBE])
    expect((await sh(l)).code, l).toBe(0);
  return sh;
}

/** The event names of `perf list` lines (`a OR b` gives both). */
function namesOf(out: string): string[] {
  return out
    .split("\n")
    .filter((l) => /\[[A-Za-z ]+\]$/.test(l))
    .flatMap((l) =>
      l
        .trim()
        .replace(/\s+\[.*\]$/, "")
        .split(" OR "),
    );
}

describe("perf list", () => {
  it("prints perf 3.10's sections: header, hardware, software, cache, raw, breakpoint, tracepoints", async () => {
    const sh = await liveWithProbe();
    const r = await sh("perf list");
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    const expected = [
      "",
      "List of pre-defined events (to be used in -e):",
      ...HW.map((n) => row(n, "Hardware event")),
      "",
      ...SW.map((n) => row(n, "Software event")),
      "",
      ...CACHE.map((n) => row(n, "Hardware cache event")),
      "",
      row("rNNN", "Raw hardware event descriptor"),
      row("cpu/t1=v1[,t2=v2,t3 ...]/modifier", "Raw hardware event descriptor"),
      "   (see 'man perf-list' on how to encode it)",
      "",
      row("mem:<addr>[:access]", "Hardware breakpoint"),
      "",
      ...(await sh("perf list tracepoint")).stdout.split("\n"),
    ];
    expect(r.stdout.split("\n")).toEqual(expected);
    // The tracepoints: the kernel's static ones and the probe, sorted by subsystem then event.
    const tps = namesOf((await sh("perf list tracepoint")).stdout);
    expect(tps).toContain("probe:ldlm_res_hash_dump");
    expect(tps).toContain("sched:sched_switch");
    expect(tps).toEqual(
      [...tps].sort((a, b) => {
        const [sa, ea] = a.split(":");
        const [sb, eb] = b.split(":");
        return sa < sb ? -1 : sa > sb ? 1 : ea < eb ? -1 : ea > eb ? 1 : 0;
      }),
    );
    expect(CACHE).toHaveLength(32);
  });

  it("filters: hw, sw, cache, tracepoint, globs, subsys:event globs", async () => {
    const sh = await liveWithProbe();
    expect((await sh("perf list sw")).stdout).toBe(SW.map((n) => `${row(n, "Software event")}\n`).join(""));
    expect((await sh("perf list software")).stdout).toBe((await sh("perf list sw")).stdout);
    expect((await sh("perf list hw")).stdout).toBe(HW.map((n) => `${row(n, "Hardware event")}\n`).join(""));
    expect(namesOf((await sh("perf list cache")).stdout)).toEqual(CACHE);
    expect((await sh("perf list 'probe:*'")).stdout).toBe(
      `${row("probe:ldlm_res_hash_dump", "Tracepoint event")}\n`,
    );
    expect((await sh("perf list 'probe:ldlm_res_*'")).stdout).toBe((await sh("perf list 'probe:*'")).stdout);
    // The sched tracepoints are the directories of tracefs's events/sched/.
    const sched = (await sh("ls /sys/kernel/debug/tracing/events/sched")).stdout
      .split(/\s+/)
      .filter((e) => e.startsWith("sched_"));
    expect(namesOf((await sh("perf list 'sched:*'")).stdout)).toEqual(sched.map((e) => `sched:${e}`));
    expect((await sh("perf list 'nosuch:*'")).stdout).toBe("");
    // A word without ':' is a glob over the symbolic events (name or alias), with the header.
    const faults = await sh("perf list '*fault*'");
    expect(faults.stdout.startsWith("\nList of pre-defined events (to be used in -e):\n")).toBe(true);
    expect(namesOf(faults.stdout)).toEqual([
      "page-faults",
      "faults",
      "minor-faults",
      "major-faults",
      "alignment-faults",
      "emulation-faults",
    ]);
    expect(namesOf((await sh("perf list cs")).stdout)).toEqual(["context-switches", "cs"]);
    expect(namesOf((await sh("perf list 'L1-d*'")).stdout)).toEqual(
      CACHE.filter((n) => n.startsWith("L1-d")),
    );
    // An unknown word is a glob that matches nothing: the header only, exit 0.
    const none = await sh("perf list nosuchevent");
    expect(none).toEqual({
      stdout: "\nList of pre-defined events (to be used in -e):\n",
      stderr: "",
      code: 0,
    });
    // Several arguments: perf 3.10 separates the third and later ones by a blank line.
    expect((await sh("perf list sw hw tracepoint")).stdout).toBe(
      `${(await sh("perf list sw")).stdout}${(await sh("perf list hw")).stdout}\n${(await sh("perf list tracepoint")).stdout}`,
    );
    const raw = (await sh("perf list --raw-dump")).stdout.trim().split(" ");
    expect(raw).toEqual([
      ...[...HW, ...SW].map((n) => n.split(" OR ")[0]),
      ...CACHE,
      ...namesOf((await sh("perf list tracepoint")).stdout),
    ]);
  });

  it("follows kprobe_events: probes come and go, the static tracepoints stay", async () => {
    const sh = await liveWithProbe();
    const before = namesOf((await sh("perf list tracepoint")).stdout);
    expect((await sh("perf probe -q -d 'probe:*'")).code).toBe(0);
    expect((await sh("perf list 'probe:*'")).stdout).toBe("");
    expect((await sh("cat /sys/kernel/debug/tracing/kprobe_events")).stdout).toBe("");
    expect(namesOf((await sh("perf list tracepoint")).stdout)).toEqual(
      before.filter((n) => n !== "probe:ldlm_res_hash_dump"),
    );
    expect(namesOf((await sh("perf list 'sched:*_switch'")).stdout)).toEqual(["sched:sched_switch"]);
  });
});

describe("perf record -e accepts what perf list lists", () => {
  it("every software event and alias, every hardware event, a tracepoint of every subsystem", async () => {
    const sh = await liveWithProbe();
    // One tracepoint per subsystem keeps the loop short (there are hundreds of syscalls:*).
    const bySubsys = new Map<string, string>();
    for (const n of namesOf((await sh("perf list tracepoint")).stdout))
      if (!bySubsys.has(n.split(":")[0])) bySubsys.set(n.split(":")[0], n);
    bySubsys.set("sched", "sched:sched_switch");
    const listed = [
      ...namesOf((await sh("perf list sw")).stdout),
      ...namesOf((await sh("perf list hw")).stdout),
      ...bySubsys.values(),
    ];
    expect(listed).toContain("probe:ldlm_res_hash_dump");
    expect(listed).toContain("sched:sched_switch");
    expect(listed).toContain("faults");
    for (const ev of listed) {
      const r = await sh(`perf record -q -F 10 -a -e ${ev} -o /tmp/ev.data -- sleep 0.1`);
      expect(r.code, `${ev}: ${r.stderr}`).toBe(0);
      const data = decodePerfData((await sh("cat /tmp/ev.data")).stdout);
      expect(data, ev).not.toBeNull();
      expect(data!.header.events).toHaveLength(1);
      // The clock events sample every CPU: 16 CPUs × 10 Hz × 0.1 s.
      const n = data!.samples.length;
      if (["cpu-clock", "task-clock", "cycles", "cpu-cycles"].includes(ev)) expect(n, ev).toBe(16);
      else expect(n, ev).toBe(0);
    }
  });

  it("names the recorded event as perf does (cycles for cpu-cycles, context-switches for cs)", async () => {
    const sh = liveShell();
    for (const [word, evsel] of [
      ["cpu-cycles", "cycles"],
      ["branches", "branches"],
      ["branch-instructions", "branches"],
      ["cs", "context-switches"],
      ["faults", "page-faults"],
      ["cpu-clock", "cpu-clock"],
      ["L1-dcache-load-misses", "L1-dcache-load-misses"],
    ]) {
      const r = await sh(`perf record -F 10 -a -e ${word} -- sleep 0.1`);
      expect(r.code, word).toBe(0);
      expect(decodePerfData((await sh("cat perf.data")).stdout)!.header.events).toEqual([evsel]);
    }
    // The page-fault count is not modelled: record says so instead of pretending none happened.
    expect((await sh("perf record -F 10 -a -e faults -- sleep 0.1")).stderr).toContain(
      "the simulated kernel has no model of page-faults",
    );
    expect((await sh("perf record -F 10 -a -e dummy -- sleep 0.1")).stderr).not.toContain("no model");
    // cpu-clock samples carry the event's own name into perf script.
    await sh("perf record -F 10 -a -g -e cpu-clock -- sleep 0.1");
    expect((await sh("perf script")).stdout).toMatch(/^swapper +0 \[\d{3}\] +\d+\.\d{6}: cpu-clock: $/m);
  });

  it("refuses what perf list does not list, with perf's message", async () => {
    const sh = liveShell();
    const invalid = (e: string) =>
      `invalid or unsupported event: '${e}'\nRun 'perf list' for a list of valid events\n`;
    for (const e of [
      "cycle",
      "sched:no_such_event",
      "probe:nothing",
      "page_faults",
      "rNNN",
      "ldlm_res_hash_dump",
    ]) {
      const r = await sh(`perf record -e ${e} -a -- sleep 0.1`);
      expect(r.stderr, e).toBe(invalid(e));
      expect(r.code, e).toBe(129);
    }
    // In a list, the first bad word is named.
    expect((await sh("perf record -e cpu-clock,nope -a -- sleep 0.1")).stderr).toBe(invalid("nope"));
    expect(await sh("perf record -e")).toEqual({
      stdout: "",
      stderr: "  Error: switch `e' requires a value\n",
      code: 129,
    });
  });
});
