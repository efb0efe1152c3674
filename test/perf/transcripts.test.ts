/**
 * Replays the talk's perf slides (transcripts 28-33) on the live VM. Comparison is
 * whitespace-insensitive with `...` as gaps. Values that differ by construction are compared
 * structurally: perf script's timestamps (the slide's boot ran other commands first) and the
 * probe address the slide elides ("probe:ldlm..."). Resource addresses, refcounts, names, the
 * pid (6847) and CPU ([009]) are the slide's own values.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { expectedPattern, liveShell, type Out, transcript } from "./helpers";

describe("perf slides, replayed in order", () => {
  const sh = liveShell();
  const outputs = new Map<string, Out>();

  beforeAll(async () => {
    for (const f of [
      "28-perf-probe-L.txt",
      "29-perf-probe-V.txt",
      "30-perf-probe-add-v.txt",
      "31-perf-record.txt",
      "32-perf-script.txt",
      "33-perf-probe-d.txt",
    ]) {
      for (const step of transcript(f)) {
        let cmd = step.command;
        // Slide 30 writes `perf probe -v ...` for the same probe again: re-add it verbosely.
        if (cmd === "perf probe -v ...") {
          await sh("perf probe -q -d probe:ldlm_res_hash_dump");
          cmd = "perf probe -v -m ptlrpc ldlm_res_hash_dump:8 res 'res->lr_refcount' 'res->lr_name.name[0]'";
        }
        outputs.set(`${f}:${step.command}`, await sh(cmd));
      }
    }
  }, 60000);

  const check = (file: string, holes: [string, string][] = []) => {
    for (const step of transcript(file)) {
      if (!step.output.length) continue;
      it(`${file}: ${step.command}`, () => {
        const o = outputs.get(`${file}:${step.command}`)!;
        expect(o.code).toBe(0);
        expect(o.stdout + o.stderr).toMatch(expectedPattern(step.output, holes));
      });
    }
  };

  check("28-perf-probe-L.txt");
  check("29-perf-probe-V.txt", [["@<symbol+offset>", "@<ldlm_res_hash_dump\\+59>"]]);
  check("30-perf-probe-add-v.txt");
  check("32-perf-script.txt", [
    ["probe:ldlm...", "probe:ldlm_res_hash_dump:\\s+\\(ffffffffc0[0-9a-f]{6}\\)"],
    ...[
      402512, 415683, 439815, 439846, 439890, 439905, 439911, 439924, 439950, 439985, 439999, 440006, 440106,
      441070,
    ].map((t): [string, string] => [`1312.${t}:`, "\\d+\\.\\d{6}:"]),
  ]);

  it("31: commands without output run cleanly, and record reports 14 samples", () => {
    for (const step of transcript("31-perf-record.txt")) {
      const o = outputs.get(`31-perf-record.txt:${step.command}`)!;
      expect(o.code, step.command).toBe(0);
      if (step.command.startsWith("perf record"))
        expect(o.stderr).toMatch(
          /^\[ perf record: Woken up 1 times to write data \]\n\[ perf record: Captured and wrote \d+\.\d{3} MB perf\.data \(14 samples\) \]\n$/,
        );
      else if (step.command.startsWith("lctl set_param debug=-dlmtrace"))
        expect(o.stdout + o.stderr).toBe("");
    }
  });

  it("32: exactly 14 events, times increasing", () => {
    const o = outputs.get("32-perf-script.txt:perf script")!;
    const lines = o.stdout.trim().split("\n");
    expect(lines).toHaveLength(14);
    const times = lines.map((l) => Number(/ (\d+\.\d{6}): /.exec(l)![1]));
    for (let i = 1; i < times.length; i++) expect(times[i]).toBeGreaterThan(times[i - 1]);
  });

  it("33: perf probe -d '*' removes the event", async () => {
    const o = outputs.get("33-perf-probe-d.txt:perf probe -d '*'")!;
    expect(o.stderr).toBe("Removed event: probe:ldlm_res_hash_dump\n");
    expect((await sh("perf probe -l")).stdout).toBe("");
    expect((await sh("cat /sys/kernel/debug/tracing/kprobe_events")).stdout).toBe("");
  });
});
