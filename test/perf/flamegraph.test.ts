/**
 * stackcollapse-perf.pl and flamegraph.pl on a hand-written perf script fixture: folded stacks
 * root first with the comm as first frame, offsets stripped, counts merged; the SVG is
 * well-formed and every frame's width is its count over the total.
 */
import { describe, expect, it } from "vitest";
import { collapsePerf, formatFolded } from "../../emulator/tools/flamegraph/collapse";
import { parseFolded } from "../../emulator/tools/flamegraph/folded";
import { renderFlameGraph } from "../../emulator/tools/flamegraph/svg";
import { liveShell } from "./helpers";

const FIXTURE = `tar 100 [001]   10.000001: cycles: 
\tffffffff8118e8e0 copy_user_enhanced_fast_string ([kernel.kallsyms])
\tffffffff81155a02 vfs_read+0x92 ([kernel.kallsyms])
\tffffffff81155b10 SyS_read ([kernel.kallsyms])
\t7f0000001000 __read_nocancel (/usr/lib64/libc-2.17.so)

swapper     0 [000]   10.000002: cycles: 
\tffffffff81000010 native_safe_halt ([kernel.kallsyms])
\tffffffff81000020 default_idle ([kernel.kallsyms])

tar 100 [001]   10.010001: cycles: 
\tffffffff8118e8e9 copy_user_enhanced_fast_string ([kernel.kallsyms])
\tffffffff81155a02 vfs_read ([kernel.kallsyms])
\tffffffff81155b10 SyS_read ([kernel.kallsyms])
\t7f0000001000 __read_nocancel (/usr/lib64/libc-2.17.so)

tar 100 [001]   10.020001: 10101010 cycles: 
\tffffffff81155b30 SyS_read ([kernel.kallsyms])
\t7f0000001000 __read_nocancel (/usr/lib64/libc-2.17.so)

swapper     0 [002]   10.020002: cycles: 
\tffffffff81000011 native_safe_halt ([kernel.kallsyms])
\tffffffff81000020 default_idle ([kernel.kallsyms])

`;

const EXPECTED = `swapper;default_idle;native_safe_halt 2
tar;__read_nocancel;SyS_read 1
tar;__read_nocancel;SyS_read;vfs_read;copy_user_enhanced_fast_string 2
`;

/** A minimal XML well-formedness check: one root, tags balanced and nested, attributes quoted. */
function checkXml(xml: string): void {
  const body = xml.replace(/^<\?xml[^?]*\?>\s*/, "");
  const stack: string[] = [];
  let roots = 0;
  const tag = /<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>|<|&(?!(amp|lt|gt|quot|apos);)/g;
  for (const m of body.matchAll(tag)) {
    if (!m[2]) throw new Error(`stray markup at ${m.index}: ${body.slice(m.index, m.index! + 30)}`);
    if (m[1]) {
      if (stack.pop() !== m[2]) throw new Error(`unbalanced </${m[2]}>`);
    } else {
      if (!stack.length) roots++;
      if (!m[4]) stack.push(m[2]);
    }
  }
  if (stack.length || roots !== 1) throw new Error(`unclosed ${stack.join(",")} or ${roots} roots`);
}

describe("flame graphs", () => {
  it("stackcollapse folds perf script output root first, comm first, offsets stripped", () => {
    expect(formatFolded(collapsePerf(FIXTURE))).toBe(EXPECTED);
    expect(formatFolded(collapsePerf(FIXTURE, { pid: true }))).toContain(
      "tar-100;__read_nocancel;SyS_read 1\n",
    );
  });

  it("parseFolded builds the tree with totals and self counts", () => {
    const root = parseFolded(EXPECTED);
    expect(root.value).toBe(5);
    const tar = root.children.get("tar")!;
    expect(tar.value).toBe(3);
    const sysRead = tar.children.get("__read_nocancel")!.children.get("SyS_read")!;
    expect([sysRead.value, sysRead.self]).toEqual([3, 1]);
    expect(root.children.get("swapper")!.value).toBe(2);
  });

  it("the SVG is well-formed and frame widths are proportional to counts", () => {
    const svg = renderFlameGraph(parseFolded(EXPECTED), { width: 1000, title: "a <b> & c" });
    checkXml(svg);
    expect(svg).toContain("a &lt;b&gt; &amp; c");
    const frames = [
      ...svg.matchAll(
        /<title>([^<]*) \((\d+) samples, ([\d.]+)%\)<\/title><rect x="([\d.]+)" y="\d+" width="([\d.]+)"/g,
      ),
    ];
    expect(frames.map((f) => f[1])).toContain("copy_user_enhanced_fast_string");
    const perSample = 980 / 5; // 1000 wide, 10 px padding each side, 5 samples
    for (const f of frames) expect(Number(f[5])).toBeCloseTo(Number(f[2]) * perSample, 1);
    const tar = frames.find((f) => f[1] === "tar")!;
    expect(tar[3]).toBe("60.00");
    // Deterministic output.
    expect(renderFlameGraph(parseFolded(EXPECTED), { width: 1000, title: "a <b> & c" })).toBe(svg);
  });

  it("perf script | stackcollapse-perf.pl | flamegraph.pl > out.svg works in the guest", async () => {
    const sh = liveShell();
    await sh(`cat > /tmp/fixture.txt <<'EOF'\n${FIXTURE}EOF`);
    expect((await sh("stackcollapse-perf.pl /tmp/fixture.txt")).stdout).toBe(EXPECTED);
    await sh("perf record -F 99 -a -g -- tar cf /tmp/x.tar /usr");
    const r = await sh("perf script | stackcollapse-perf.pl | flamegraph.pl > out.svg; echo rc=$?");
    expect(r.stdout).toBe("rc=0\n");
    const svg = (await sh("cat out.svg")).stdout;
    checkXml(svg);
    expect(svg).toMatch(/<title>all \(\d{1,3}(,\d{3})* samples, 100\.00%\)<\/title>/);
    expect(svg).toContain("<title>copy_user_enhanced_fast_string (");
  });
});
