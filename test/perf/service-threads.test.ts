/**
 * Sampling a loaded server: while the cluster job runs, vm0's Lustre service threads show up in
 * `perf record -a` in proportion to their modelled CPU share, with call chains through the
 * modules' own functions; without the job they sleep.
 */
import { describe, expect, it } from "vitest";
import { JOB_SERVICE_THREADS } from "../../emulator/live/server-threads";
import { initialState } from "../../emulator/live/state";
import { LiveSystem } from "../../emulator/live/system";
import { ensureWorkloadSymbols } from "../../emulator/live/workload-symbols";
import { decodePerfData } from "../../emulator/tools/perf/data";
import { liveShell } from "./helpers";

async function record(withJob: boolean) {
  const sh = liveShell();
  for (const l of [
    "shine -L start; shine -L mount",
    ...(withJob ? ["cluster-job start"] : []),
    "perf record -q -F 99 -a -g -o /tmp/s.data -- sleep 10",
  ])
    expect((await sh(l)).code, l).toBe(0);
  return { sh, data: decodePerfData((await sh("cat /tmp/s.data")).stdout)! };
}

describe("service threads under the cluster job", () => {
  it("take their share of every CPU, with chains through ptlrpc, ofd, osd_ldiskfs and ksocklnd", async () => {
    const { sh, data } = await record(true);
    const total = data.samples.length;
    expect(total).toBe(16 * 99 * 10);
    for (const svc of JOB_SERVICE_THREADS) {
      const mine = data.samples.filter((s) => s.comm === svc.comm(s.cpu) && s.pid === svc.pid(s.cpu));
      // A binomial count: within 5 standard deviations of the modelled share.
      const p = svc.share / 10000;
      const sd = Math.sqrt(total * p * (1 - p));
      expect(Math.abs(mine.length - total * p), svc.comm(0)).toBeLessThan(5 * sd);
      expect(new Set(mine.map((s) => s.cpu)).size).toBe(16);
    }
    const io = data.samples.filter((s) => s.comm.startsWith("ll_ost_io"));
    const dsos = new Set(io.flatMap((s) => s.callchain!.map(([, sym, dso]) => `${sym} ${dso}`)));
    for (const f of [
      "tgt_brw_read [ptlrpc]",
      "ofd_preprw_read [ofd]",
      "osd_do_bio [osd_ldiskfs]",
      "submit_bio [kernel.kallsyms]",
    ])
      expect(dsos, f).toContain(f);
    // The flame graph's tallest tower under a service thread is the read path down to the block layer.
    const folded = (await sh("perf script -i /tmp/s.data | stackcollapse-perf.pl | grep '^ll_ost_io'"))
      .stdout;
    expect(folded).toMatch(/;tgt_brw_read;ofd_preprw;ofd_preprw_read;osd_read_prep;osd_do_bio;submit_bio;/);
  });

  it("sleep when no job runs", async () => {
    const { data } = await record(false);
    const names = JOB_SERVICE_THREADS.map((s) => s.comm(0).replace(/\d+$/, ""));
    expect(data.samples.filter((s) => names.some((n) => s.comm.startsWith(n)))).toHaveLength(0);
  });

  it("the modules' added functions fall in gaps of their module's text", () => {
    const sys = new LiveSystem({
      ...initialState(),
      modules: ["lustre"],
      lustre: { started: true, mounted: true },
    });
    ensureWorkloadSymbols(sys.prog);
    const text = sys.prog.symbols
      .all()
      .filter((s) => (s.kind === "T" || s.kind === "t") && s.size > 0)
      .filter((s, i, a) => i === 0 || a[i - 1].address !== s.address);
    for (let i = 1; i < text.length; i++)
      expect(
        text[i - 1].address + BigInt(text[i - 1].size),
        `${text[i - 1].name} / ${text[i].name}`,
      ).toBeLessThanOrEqual(text[i].address);
    for (const svc of JOB_SERVICE_THREADS)
      for (const p of svc.paths) for (const f of p.kernel) expect(() => sys.prog.symbol(f), f).not.toThrow();
  });
});
