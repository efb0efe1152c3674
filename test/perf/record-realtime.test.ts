/**
 * perf record samples while time passes: `-- sleep N` takes N real seconds, and at the
 * terminal `perf record -a` without a command (or with a long sleep) records until Ctrl-C,
 * then writes what it sampled, as the real perf does.
 */
import { afterEach, describe, expect, it } from "vitest";
import { createSimulatedGuest, type SimulatedGuest } from "../../emulator/guest/simulated-guest";
import { decodePerfData } from "../../emulator/tools/perf/data";
import { TestTerminal } from "../shell/terminal";
import { liveShell } from "./helpers";

let guests: SimulatedGuest[] = [];
afterEach(() => {
  for (const g of guests) g.dispose();
  guests = [];
});

async function boot() {
  const guest = createSimulatedGuest({ lab: { cwd: "/root" }, columns: 120, rows: 40 });
  guests.push(guest);
  const term = new TestTerminal(guest, 120, 40);
  await guest.start();
  await term.waitForPrompt();
  return { guest, term };
}

async function samplesOf(guest: SimulatedGuest): Promise<number> {
  return decodePerfData((await guest.inspect.readFile("/root/perf.data")) ?? "")?.samples.length ?? -1;
}

describe("perf record and real time", () => {
  it("-- sleep 1 lasts about a second and samples 16 CPUs × 99 Hz × 1 s", async () => {
    const sh = liveShell();
    const t0 = Date.now();
    const r = await sh("perf record -F 99 -a -- sleep 1");
    expect(Date.now() - t0).toBeGreaterThanOrEqual(950);
    expect(r.stderr).toMatch(/\(1584 samples\)/);
  });

  it("without a command, records until Ctrl-C, then writes the samples of the time that passed", async () => {
    const { guest, term } = await boot();
    term.type("perf record -F 99 -a\r");
    await term.settle(50);
    const t0 = Date.now();
    await new Promise((r) => setTimeout(r, 1200));
    term.type("\x03");
    await term.waitFor(
      (t) => /Captured and wrote [\d.]+ MB perf\.data \(\d+ samples\) \]\n\[root@kdebug ~\]#$/.test(t),
      10_000,
    );
    const elapsed = (Date.now() - t0) / 1000;
    const n = await samplesOf(guest);
    // 16 CPUs at 99 Hz for the time between Enter and Ctrl-C (timer granularity: ±0.4 s).
    expect(n).toBeGreaterThan(16 * 99 * (elapsed - 0.6));
    expect(n).toBeLessThan(16 * 99 * (elapsed + 0.4));
  });

  it("Ctrl-C during -- sleep 600 stops early and keeps what was sampled", async () => {
    const { guest, term } = await boot();
    term.type("perf record -F 99 -a -g -- sleep 600\r");
    await new Promise((r) => setTimeout(r, 700));
    term.type("\x03");
    await term.waitFor((t) => /samples\) \]\n\[root@kdebug ~\]#$/.test(t), 10_000);
    const n = await samplesOf(guest);
    expect(n).toBeGreaterThan(0);
    expect(n).toBeLessThan(16 * 99 * 3);
  });

  it("a probe record without a command is system wide until Ctrl-C; off the terminal it is refused", async () => {
    const { guest, term } = await boot();
    term.type("modprobe lustre; perf probe -q -m ptlrpc ldlm_res_hash_dump:8 res\r");
    await term.waitForPrompt();
    term.type("perf record -e 'probe:*'\r");
    await new Promise((r) => setTimeout(r, 500));
    term.type("\x03");
    await term.waitFor(
      (t) => /Captured and wrote [\d.]+ MB perf\.data \]\n\[root@kdebug ~\]#$/.test(t),
      10_000,
    );
    expect(await samplesOf(guest)).toBe(0);
    const r = await liveShell()(
      "modprobe lustre; perf probe -q -m ptlrpc ldlm_res_hash_dump:8 res; perf record -e 'probe:*'",
    );
    expect(r.code).toBe(129);
    expect(r.stderr).toMatch(/runs until Ctrl-C/);
  });

  it("off the terminal, perf record without a command says how to bound it", async () => {
    const sh = liveShell();
    const r = await sh("perf record -F 99 -a");
    expect(r.code).toBe(129);
    expect(r.stderr).toMatch(/runs until Ctrl-C/);
  });
});
