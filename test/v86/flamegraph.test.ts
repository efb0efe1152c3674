/**
 * Flame graphs of the real kernel: `perf record -F 99 -a -g` in the v86 guest (no PMU, so perf
 * samples with the cpu-clock software event), `perf script`, and the page viewer's path — the
 * guest's `flameview` request (OSC 9999), the file read back through GuestInspect.readFile, its
 * format detected and collapsed by the same code the viewer runs.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { detectFlameFormat, flameStacks } from "../../emulator/tools/flamegraph/detect";
import { decodePageRequest } from "../../emulator/tools/flamegraph/flameview";
import type { FlameNode } from "../../emulator/tools/flamegraph/folded";
import { foldTree } from "../../emulator/tools/flamegraph/folded";
import type { V86Guest } from "../../emulator/v86/guest";
import { createV86NodeGuest } from "../../emulator/v86/node";
import { Console } from "./console";

let guest: V86Guest;
let term: Console;

beforeAll(async () => {
  guest = await createV86NodeGuest();
  term = new Console(guest);
  guest.resize(200, 50);
  await guest.start();
}, 120_000);

afterAll(() => guest?.dispose());

/** Run a line at the console; also say how long it took (the numbers go into the lesson). */
async function timed(line: string, timeoutMs = 120_000): Promise<string> {
  const started = performance.now();
  const out = await term.run(line, timeoutMs);
  console.log(`${line}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return out;
}

/** The page requests (OSC 9999) in a piece of console output. */
function pageRequests(text: string) {
  return [...text.matchAll(/\x1b\]9999;([^\x07]*)\x07/g)].map((m) => decodePageRequest(m[1]));
}

/** Every frame name of a tree. */
function names(node: FlameNode, out = new Set<string>()): Set<string> {
  out.add(node.name);
  for (const c of node.children.values()) names(c, out);
  return out;
}

describe("a flame graph of the real kernel", () => {
  let recorded = 0;
  let script = "";

  it("perf record -F 99 -a -g samples cpu-clock with call chains", async () => {
    const out = await timed("perf record -F 99 -a -g -- sleep 5");
    const m = /Captured and wrote [\d.]+ MB perf\.data \((\d+) samples\)/.exec(out);
    expect(m, out).not.toBeNull();
    recorded = Number(m?.[1]);
    // 99 Hz for 5 s on one CPU: about 495 ticks (plus the start-up of the command).
    expect(recorded).toBeGreaterThan(300);
    expect(recorded).toBeLessThan(1000);
    const evlist = await term.run("perf evlist -i perf.data");
    expect(evlist).toMatch(/^cpu-clock/m);
  }, 180_000);

  it("perf script prints samples that our collapse turns into kernel stacks", async () => {
    await timed("perf script > /root/out.perf");
    script = (await guest.inspect.readFile("/root/out.perf")) ?? "";
    // perf's own view of the file: one header line per sample, then its call chain.
    const headers = script.split("\n").filter((line) => /^\S/.test(line));
    expect(headers.length).toBe(recorded);
    expect(headers[0]).toMatch(/^\S.*\s\d+ \[000\]\s+\d+\.\d+:\s+\d+ cpu-clock(:\w+)?:/);
    expect(script).toMatch(/^\s+c[0-9a-f]{7} \S+\+0x[0-9a-f]+ \(\[kernel\.kallsyms\]\)$/m);

    expect(detectFlameFormat(script)).toBe("perf-script");
    const stacks = flameStacks(script);
    if (!stacks) throw new Error("no stacks");
    expect(stacks.root.value).toBe(recorded);
    // -a on an idle machine: most samples are the idle task, whose stacks run from the boot
    // CPU's entry (startup_32_smp) through start_kernel to the idle loop.
    const swapper = stacks.root.children.get("swapper");
    expect(swapper?.value).toBeGreaterThan(recorded / 2);
    const idle = swapper?.children.get("startup_32_smp")?.children.get("i386_start_kernel");
    expect(idle?.value).toBe(swapper?.value);
    const frames = names(stacks.root);
    for (const f of ["start_kernel", "cpu_startup_entry", "do_idle", "default_idle"])
      expect(frames).toContain(f);
    expect(stacks.withCallchain).toBe(recorded);
    // Non-empty stacks deeper than the command name, none with an offset left.
    const folded = foldTree(stacks.root).trim().split("\n");
    expect(folded.every((line) => !/\+0x/.test(line))).toBe(true);
    expect(folded.filter((line) => line.split(";").length > 5).length).toBeGreaterThan(0);
  }, 120_000);

  it("flameview asks the page to open the file, by absolute path", async () => {
    const out = await term.run("flameview out.perf");
    expect(pageRequests(out)).toEqual([{ verb: "flameview", arg: "/root/out.perf" }]);
    expect(out).toContain("flameview: opening /root/out.perf in the page viewer");
    const missing = await term.run("flameview nothere.perf; echo status=$?");
    expect(missing).toContain("flameview: nothere.perf: No such file or directory");
    expect(missing).toContain("status=2");
    expect(pageRequests(missing)).toEqual([]);
  });

  it("flameview perf.data decodes it with perf script first", async () => {
    const out = await timed("flameview perf.data");
    expect(out).toContain("flameview: perf script -i /root/perf.data > /root/perf.script");
    expect(pageRequests(out)).toEqual([{ verb: "flameview", arg: "/root/perf.script" }]);
    const text = (await guest.inspect.readFile("/root/perf.script")) ?? "";
    expect(text).toBe(script);
  }, 120_000);

  it("without -g, the viewer sees samples but no call chains", async () => {
    await timed(
      "perf record -F 99 -a -o flat.data -- sleep 1 2>/dev/null; perf script -i flat.data > flat.perf",
    );
    const text = (await guest.inspect.readFile("/root/flat.perf")) ?? "";
    expect(detectFlameFormat(text)).toBe("perf-script");
    const stacks = flameStacks(text);
    // Without call chains perf pads the command name on the left: one line per sample.
    const lines = text.split("\n").filter((line) => /^\s*\S+\s+\d+ \[000\]/.test(line));
    expect(lines.length).toBe(text.trim().split("\n").length);
    expect(stacks?.root.value).toBe(lines.length);
    expect(stacks?.root.value).toBeGreaterThan(50);
    expect(stacks?.withCallchain).toBe(0);
    // Each sample's own function stands one level above its command: the idle loop under swapper.
    expect(stacks?.root.children.get("swapper")?.children.get("default_idle")?.value).toBeGreaterThan(0);
  }, 120_000);
});
