/**
 * Review of the live VM's tools as a learner drives them beyond the talk: perf probe line ranges,
 * filters, casts and return probes, perf script fields, lfs getstripe/df, and the flame graph
 * scripts' options. Expected values come from the model's records (debuginfo sources, the
 * builder's namespaces, the state's files), not from the tools' own output.
 */
import { describe, expect, it } from "vitest";
import { LIVE_DEBUGINFO } from "../../emulator/live/debuginfo";
import { ostObjects } from "../../emulator/live/ldiskfs";
import type { LiveState } from "../../emulator/live/state";
import { LiveSystem } from "../../emulator/live/system";
import { liveShell, stateOf } from "./helpers";

const DUMP = "sh -c 'echo 1 > /sys/kernel/debug/lustre/ldlm/dump_namespaces'";

async function mounted() {
  const sh = liveShell();
  for (const l of ["modprobe lustre", "shine -L start; shine -L mount; echo foo > /mnt/lustre/foo"])
    expect((await sh(l)).code, l).toBe(0);
  return sh;
}

describe("perf probe beyond the talk", () => {
  it("-L FUNC:N lists from line N to the end of the function, like FUNC alone", async () => {
    const sh = await mounted();
    const fn = LIVE_DEBUGINFO.get("ldlm_namespace_dump")!;
    const r = await sh("perf probe -m ptlrpc -L ldlm_namespace_dump:12");
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines[0]).toBe(`<ldlm_namespace_dump@${fn.file}:12>`);
    expect(lines.slice(1).map((l) => l.slice(9))).toEqual(fn.source.slice(12));
    const bad = await sh("perf probe -m ptlrpc -L ldlm_namespace_dump:8-3");
    expect(bad.stderr).toContain("Start line must be smaller than end line.");
  });

  it("-l FILTER lists only the matching events; -V --filter keeps the matching variables", async () => {
    const sh = await mounted();
    await sh("perf probe -q -m ptlrpc 'myev=ldlm_resource_dump:8 level'");
    await sh("perf probe -q -m ptlrpc ldlm_res_hash_dump:8 res");
    const l = await sh("perf probe -l 'probe:my*'");
    expect(l.stdout.trim().split("\n")).toHaveLength(1);
    expect(l.stdout).toMatch(/^ {2}probe:myev +\(on ldlm_resource_dump:8@/);
    expect((await sh("perf probe -l")).stdout.trim().split("\n")).toHaveLength(2);
    const v = await sh("perf probe -m ptlrpc -V ldlm_res_hash_dump:8 --filter 'r*'");
    expect(v.stdout).toContain("\t\tstruct ldlm_resource*\tres\n");
    expect(v.stdout).not.toContain("level");
    const none = await sh("perf probe -m ptlrpc -V ldlm_res_hash_dump:8 --filter 'zz*'");
    expect(none.stdout).toContain("\t\t(No matched variables)\n");
  });

  it("casts (:string, :u8), registers and $retval fetch what the kernel holds", async () => {
    const sh = await mounted();
    expect(
      (await sh("perf probe -q -m ptlrpc 'nsev=ldlm_namespace_dump ns->ns_name:string lvl=level:u8 %si'"))
        .code,
    ).toBe(0);
    expect((await sh("perf probe -q -m ptlrpc ldlm_namespace_dump%return '$retval'")).code).toBe(0);
    const local = await sh("perf probe -m ptlrpc 'ldlm_res_hash_dump%return res'");
    expect(local.stderr).toContain("You can't specify local variable for kretprobe.");
    const events = (await sh("cat /sys/kernel/debug/tracing/kprobe_events")).stdout;
    expect(events).toContain("r:probe/ldlm_namespace_dump ptlrpc:ldlm_namespace_dump arg1=$retval\n");
    await sh("lctl set_param debug=+dlmtrace");
    expect((await sh(`perf record -q -e 'probe:*' -o /tmp/r.data ${DUMP}`)).code).toBe(0);
    const out = (await sh("perf script -i /tmp/r.data")).stdout.trim().split("\n");
    const sys = new LiveSystem(await stateOf(sh));
    const entries = out.filter((l) => l.includes("probe:nsev:"));
    const namespaces = sys.namespaces.filter((n) => n.side === "server").reverse();
    namespaces.push(...sys.namespaces.filter((n) => n.side === "client"));
    // One entry per namespace walked; the string is the namespace's name, %si its address.
    expect(entries.length).toBeGreaterThan(0);
    for (const l of entries) {
      const m = / ns_name="([^"]*)" lvl=0x([0-9a-f]+) arg3=0x([0-9a-f]+)$/.exec(l);
      expect(m, l).not.toBeNull();
      const ns = namespaces.find((n) => n.address === BigInt(`0x${m![3]}`));
      expect(ns?.name, l).toBe(m![1]);
      expect(Number.parseInt(m![2], 16)).toBe(0x10000 & 0xff); // D_DLMTRACE cast to u8
    }
    const returns = out.filter((l) => l.includes("probe:ldlm_namespace_dump:"));
    expect(returns).toHaveLength(entries.length);
    expect(returns[0]).toMatch(/ \([0-9a-f]+ <- [0-9a-f]+\) arg1=0x[0-9a-f]+$/);
  });
});

describe("perf probe -F", () => {
  it("lists a loaded module's functions from its symbols, filtered like perf (default !_*)", async () => {
    const sh = liveShell();
    const before = await sh("perf probe -F -m ptlrpc");
    expect(before.stderr).toBe(
      "Failed to find the path for ptlrpc: No such file or directory\n  Error: Failed to show functions.\n",
    );
    await sh("modprobe lustre");
    const sys = new LiveSystem({
      ...JSON.parse((await sh("cat /run/kdebug/live.json")).stdout),
    } as LiveState);
    const text = sys.prog.symbols
      .all()
      .filter((x) => (x.kind === "T" || x.kind === "t") && x.module === "ptlrpc" && !x.name.startsWith("_"))
      .map((x) => x.name);
    const listed = (await sh("perf probe -F -m ptlrpc")).stdout.trim().split("\n");
    expect(listed).toEqual([...new Set(text)].sort());
    expect(listed).toContain("ldlm_res_hash_dump");
    expect(
      (await sh("perf probe -F -m ptlrpc --filter 'ldlm_res*|lock_res*'")).stdout.trim().split("\n"),
    ).toEqual(listed.filter((n) => n.startsWith("ldlm_res") || n.startsWith("lock_res")));
    // Without -m: vmlinux, where no Lustre function is.
    const kernel = (await sh("perf probe -F")).stdout;
    expect(kernel).toMatch(/^vfs_read$/m);
    expect(kernel).not.toMatch(/^ldlm_/m);
  });
});

describe("perf script options", () => {
  it("-F picks fields, --ns prints nanoseconds, a bad field or file is refused as perf does", async () => {
    const sh = await mounted();
    await sh("perf probe -q -m ptlrpc ldlm_res_hash_dump:8 res 'res->lr_refcount'");
    await sh("lctl set_param debug=+dlmtrace");
    await sh(`perf record -q -e probe:ldlm_res_hash_dump ${DUMP}`);
    const full = (await sh("perf script")).stdout.trim().split("\n");
    const f = (await sh("perf script -F comm,pid,event,trace")).stdout.trimEnd().split("\n");
    expect(f).toHaveLength(full.length);
    expect(f[0]).toMatch(
      /^ {14}sh +\d+ probe:ldlm_res_hash_dump: \([0-9a-f]+\) res=0x[0-9a-f]+ lr_refcount=0x[0-9a-f]+$/,
    );
    const t = (await sh("perf script -F time --ns")).stdout.trim().split("\n");
    expect(t[0]).toMatch(/^ *\d+\.\d{9}: $/);
    const sym = (await sh("perf script -F ip,sym")).stdout.trim().split("\n");
    expect(sym[0].trim()).toMatch(/^[0-9a-f]{16} ldlm_res_hash_dump$/);
    const bad = await sh("perf script -F bogus");
    expect(bad.stderr).toMatch(/^Invalid field requested\./);
    expect(bad.code).not.toBe(0);
    const missing = await sh("perf script -i /tmp/none.data");
    expect(missing.stderr).toBe("failed to open /tmp/none.data: No such file or directory\n");
  });
});

describe("lfs getstripe and df", () => {
  it("getstripe -i/-c print the bare values, a directory lists its files", async () => {
    const sh = await mounted();
    await sh("echo x > /mnt/lustre/f1; echo y > /mnt/lustre/f2");
    await sh("lfs path2fid /mnt/lustre/f1"); // a Lustre tool call syncs the new files into the state
    const objs = ostObjects(await stateOf(sh));
    for (const name of ["foo", "f1", "f2"]) {
      const o = objs.find((x) => x.path === `/mnt/lustre/${name}`)!;
      expect((await sh(`lfs getstripe -i /mnt/lustre/${name}`)).stdout).toBe(`${o.ostIndex}\n`);
      expect((await sh(`lfs getstripe -c /mnt/lustre/${name}`)).stdout).toBe("1\n");
    }
    const dir = (await sh("lfs getstripe /mnt/lustre")).stdout;
    for (const name of ["foo", "f1", "f2"])
      expect(dir).toContain(`/mnt/lustre/${name}\nlmm_stripe_count:  1\n`);
    expect((await sh("lfs getstripe -d /mnt/lustre")).stdout).not.toContain("lmm_");
  });

  it("a file keeps its OST when files created later sort before it", async () => {
    const sh = await mounted();
    await sh("echo z > /mnt/lustre/zz");
    const first = (await sh("lfs getstripe -i /mnt/lustre/zz")).stdout;
    await sh("echo a > /mnt/lustre/aa");
    expect((await sh("lfs getstripe -i /mnt/lustre/zz")).stdout).toBe(first);
    const files = (await stateOf(sh)).files.map((f) => f.path);
    expect(files.indexOf("/mnt/lustre/zz")).toBeLessThan(files.indexOf("/mnt/lustre/aa"));
  });

  it("df lists the MDT and both OSTs with a summary of the OSTs", async () => {
    const sh = await mounted();
    const r = await sh("lfs df");
    const rows = r.stdout.trim().split("\n");
    expect(rows[0]).toMatch(/^UUID {16} +1K-blocks +Used +Available Use% Mounted on$/);
    const nums = (uuid: string) => {
      const row = rows.find((x) => x.startsWith(uuid))!;
      return row.trim().split(/\s+/).slice(1, 4).map(Number);
    };
    const o0 = nums("testfs0-OST0000_UUID");
    const o1 = nums("testfs0-OST0001_UUID");
    expect(nums("filesystem_summary:")).toEqual([o0[0] + o1[0], o0[1] + o1[1], o0[2] + o1[2]]);
    expect(rows.find((x) => x.startsWith("testfs0-MDT0000_UUID"))).toMatch(/ \/mnt\/lustre\[MDT:0\]$/);
    await sh("shine -L umount");
    expect((await sh("lfs df")).stdout).toBe("");
  });
});

describe("flame graph script options", () => {
  it("stackcollapse --tid names pid/tid, flamegraph --colors/--inverted/--reverse change the drawing", async () => {
    const sh = liveShell();
    await sh(
      "printf 'tar 42 [001] 1.000000: cycles: \\n\\tffffffff81000001 vfs_read+0x1 ([kernel.kallsyms])\\n\\tffffffff81000002 SyS_read+0x2 ([kernel.kallsyms])\\n\\n' > /tmp/p.txt",
    );
    expect((await sh("stackcollapse-perf.pl --tid /tmp/p.txt")).stdout).toBe(
      "tar-42/42;SyS_read;vfs_read 1\n",
    );
    expect((await sh("stackcollapse-perf.pl --all /tmp/p.txt")).stdout).toBe(
      "tar;SyS_read_[k];vfs_read_[k] 1\n",
    );
    await sh("printf 'a;b;c 3\\na;d 1\\n' > /tmp/f.txt");
    const hot = (await sh("flamegraph.pl /tmp/f.txt")).stdout;
    const mem = (await sh("flamegraph.pl --colors mem /tmp/f.txt")).stdout;
    const fills = (svg: string) => [
      ...svg.matchAll(/<title>([a-d]) [^<]*<\/title><rect [^>]*fill="rgb\((\d+),(\d+),(\d+)\)"/g),
    ];
    // mem: green-blue frames (no red component) on a green background; hot: red-dominant frames.
    for (const m of fills(mem)) expect(Number(m[2]), m[1]).toBe(0);
    for (const m of fills(hot)) expect(Number(m[2]), m[1]).toBeGreaterThanOrEqual(205);
    expect(mem).toContain('fill="#eef8ee"');
    const y = (svg: string, name: string) =>
      Number(new RegExp(`<title>${name} [^<]*</title><rect [^>]* y="(\\d+)"`).exec(svg)![1]);
    expect(y(hot, "c")).toBeLessThan(y(hot, "a"));
    const icicle = (await sh("flamegraph.pl --inverted /tmp/f.txt")).stdout;
    expect(y(icicle, "c")).toBeGreaterThan(y(icicle, "a"));
    const rev = (await sh("flamegraph.pl --reverse /tmp/f.txt")).stdout;
    // Reversed stacks start at the leaves: c and d become the frames above "all".
    expect(rev).toMatch(/<title>c \(3 samples, 75\.00%\)<\/title>/);
    expect(y(rev, "c")).toBe(y(rev, "d"));
    const bad = await sh("flamegraph.pl --width abc /tmp/f.txt");
    expect(bad.code).not.toBe(0);
  });
});
