/**
 * Timer sampling of the live VM: perf record -F -a -g takes cpus × duration × freq samples,
 * the same command line at the same time gives the same samples, perf script prints
 * callchains in perf's layout, and what tar spends its time in is what the workload model says.
 */
import { describe, expect, it } from "vitest";
import { initialState } from "../../emulator/live/state";
import { LIVE_CONFIG, LiveSystem } from "../../emulator/live/system";
import { TAR_WORKLOAD } from "../../emulator/live/workload";
import { ensureWorkloadSymbols } from "../../emulator/live/workload-symbols";
import { collapsePerf, formatFolded } from "../../emulator/tools/flamegraph/collapse";
import { parseFolded } from "../../emulator/tools/flamegraph/folded";
import { liveShell } from "./helpers";

describe("perf record -F: sampling the live VM", () => {
  it("takes freq × seconds samples per CPU, deterministically", async () => {
    const a = liveShell();
    const b = liveShell();
    const t0 = Date.now();
    const ra = await a("perf record -F 99 -a -g -- sleep 2");
    const ms = Date.now() - t0;
    await b("perf record -F 99 -a -g -- sleep 2");
    expect(ra.stderr).toContain(`(${LIVE_CONFIG.cpus * 2 * 99} samples)`);
    expect(ms).toBeGreaterThanOrEqual(1950); // the CPUs are sampled while two real seconds pass
    const sa = (await a("perf script")).stdout;
    expect(sa).toBe((await b("perf script")).stdout);
    // A different command line (seed) gives other samples.
    const c = liveShell();
    await c("perf record -F 99 -a -g -- sleep 2.0");
    expect((await c("perf script")).stdout).not.toBe(sa);
  });

  it("perf script prints each sample's header then its callchain and a blank line", async () => {
    const sh = liveShell();
    await sh("perf record -F 49 -a -g -- sleep 1");
    const out = (await sh("perf script")).stdout;
    const blocks = out.split("\n\n").filter((b) => b.trim());
    expect(blocks).toHaveLength(LIVE_CONFIG.cpus * 49);
    let last = 0;
    for (const b of blocks.slice(0, 50)) {
      const [head, ...frames] = b.split("\n");
      const m = /^(\S+) +(\d+) \[(\d{3})\] +(\d+\.\d{6}): cycles: $/.exec(head);
      expect(m, head).not.toBeNull();
      const t = Number(m![4]);
      expect(t).toBeGreaterThanOrEqual(last);
      last = t;
      for (const f of frames)
        expect(f).toMatch(/^\t {0,15}[0-9a-f]{1,16} \S+ \((\[kernel\.kallsyms\]|\[xfs\]|\/.+)\)$/);
      // Every kernel frame's address resolves, in the live kernel, to the printed symbol.
      const sys = new LiveSystem(initialState());
      ensureWorkloadSymbols(sys.prog);
      for (const f of frames) {
        const [, addr, sym] = /^\t\s*([0-9a-f]+) (\S+)/.exec(f)!;
        expect(sys.prog.symbols.resolve(BigInt(`0x${addr}`))?.symbol.name).toBe(sym);
      }
    }
  });

  it("the workload's symbols fall in gaps: none overlaps another symbol", () => {
    const sys = new LiveSystem(initialState());
    ensureWorkloadSymbols(sys.prog);
    const text = sys.prog.symbols
      .all()
      .filter((s) => (s.kind === "T" || s.kind === "t") && s.size > 0)
      .filter((s, i, a) => i === 0 || a[i - 1].address !== s.address); // aliases share an address
    for (let i = 1; i < text.length; i++)
      expect(
        text[i - 1].address + BigInt(text[i - 1].size),
        `${text[i - 1].name} / ${text[i].name}`,
      ).toBeLessThanOrEqual(text[i].address);
  });

  it("tar's profile is the workload model's: idle dominates -a, SyS_read dominates tar's system calls", async () => {
    const sh = liveShell();
    await sh("perf record -F 99 -a -g -- tar cf /tmp/x.tar /usr");
    expect((await sh("tar tf /tmp/x.tar | head -1")).stdout).toMatch(/usr\//); // the archive exists
    const root = parseFolded(formatFolded(collapsePerf((await sh("perf script")).stdout)));
    const top = [...root.children.values()].sort((a, b) => b.value - a.value);
    expect(top[0].name).toBe("swapper");
    // Model: 15 idle CPUs plus the tar CPU's off-CPU share.
    const idleShare = (LIVE_CONFIG.cpus - 1 + (1 - TAR_WORKLOAD.onCpu)) / LIVE_CONFIG.cpus;
    expect(top[0].value / root.value).toBeCloseTo(idleShare, 1);

    // Without -a only tar is sampled: the heaviest system call is the model's.
    await sh("perf record -F 997 -g -o tar.data -- tar cf /tmp/x.tar /usr");
    const tarRoot = parseFolded(formatFolded(collapsePerf((await sh("perf script -i tar.data")).stdout)));
    expect([...tarRoot.children.keys()]).toEqual(["tar"]);
    const bySyscall = new Map<string, number>();
    for (const p of TAR_WORKLOAD.paths)
      if (p.kernel.length > 1) {
        const name = p.kernel[1].replace(/^sys_/, "SyS_");
        bySyscall.set(name, (bySyscall.get(name) ?? 0) + p.weight);
      }
    const modelTop = [...bySyscall].sort((a, b) => b[1] - a[1])[0][0];
    const calls = new Map<string, number>();
    const walk = (n: ReturnType<typeof parseFolded>) => {
      for (const c of n.children.values()) {
        if (c.name === "system_call_fastpath")
          for (const s of c.children.values()) calls.set(s.name, (calls.get(s.name) ?? 0) + s.value);
        else walk(c);
      }
    };
    walk(tarRoot);
    const measuredTop = [...calls].sort((a, b) => b[1] - a[1])[0][0];
    expect(measuredTop).toBe(modelTop);
    expect(modelTop).toBe("SyS_read");
    const total = [...bySyscall.values()].reduce((s, x) => s + x, 0);
    const sampled = [...calls.values()].reduce((s, x) => s + x, 0);
    expect(calls.get("SyS_read")! / sampled).toBeCloseTo(bySyscall.get("SyS_read")! / total, 1);
  });

  it("perf report --no-children and --sort comm,dso add up to 100% of the samples", async () => {
    const sh = liveShell();
    await sh("perf record -F 99 -a -g -- tar cf /tmp/x.tar /usr");
    const flat = (await sh("perf report --stdio --no-children")).stdout;
    expect(flat).toContain("# Overhead  Command");
    expect(flat).toMatch(/^ +\d+\.\d\d% +swapper +\[kernel\.kallsyms\] +\[k\] native_safe_halt$/m);
    const pcts = [...flat.matchAll(/^ +(\d+\.\d\d)%/gm)].map((m) => Number(m[1]));
    expect(pcts.reduce((s, x) => s + x, 0)).toBeCloseTo(100, 0);
    const byDso = (await sh("perf report --stdio --no-children --sort comm,dso")).stdout;
    const rows = [...byDso.matchAll(/^ +(\d+\.\d\d)% +(\S+) +(\S+)$/gm)];
    expect(rows.map((r) => `${r[2]} ${r[3]}`)).toContain("tar [xfs]");
    expect(rows.reduce((s, r) => s + Number(r[1]), 0)).toBeCloseTo(100, 0);
  });
});
