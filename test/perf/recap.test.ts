/**
 * Transcript 34 (the recap) end to end in the guest, and the shell's dump_namespaces hook.
 *
 * The slide's pipeline cannot run as shown: its sed expressions use ( ) and | without -E, so
 * in POSIX BRE they are literals and \1 \2 are invalid back-references; `| [0-9a-f]` has a
 * stray space; and the second alternative lacks the `0x` perf prints. A learner fixes them
 * with `sed -nE`, `\{2\}` → `{2}`, and `0x[0-9a-f]{4,}`: refcounts of 0x900 and more. The
 * rest is kept: `debugfs -c /dev/md[0-1]` (debugfs opens only the first device, md0 =
 * OST0000), `$((oid%32))`, `while read refcount oid`, `sort -k 2nr`.
 */
import { describe, expect, it } from "vitest";
import type { LiveState } from "../../emulator/live/state";
import { LiveSystem } from "../../emulator/live/system";
import { liveShell, stateOf } from "./helpers";

const SETUP = [
  "hostname vm0",
  "shine -L start; shine -L mount",
  "echo foo > /mnt/lustre/foo; echo bar > /mnt/lustre/bar; echo baz > /mnt/lustre/baz; echo qux > /mnt/lustre/qux",
  "perf probe -m ptlrpc ldlm_res_hash_dump:8 res 'res->lr_refcount' 'res->lr_name.name[0]'",
  "lctl set_param debug=+dlmtrace",
  "perf record -o /tmp/perf.data -e 'probe:*' sh -c 'echo 1 > /sys/kernel/debug/lustre/ldlm/dump_namespaces'",
  "lctl set_param debug=-dlmtrace; lctl dk > /dev/null",
];

/** The recap's last command with a refcount filter (a sed -E alternative). */
function pipeline(refcount: string): string {
  return (
    "perf script -i /tmp/perf.data | " +
    `sed -nE "s/.*lr_refcount=(${refcount}) name=(0x[0-9a-f]*).*/\\1 \\2/p" | ` +
    'while read refcount oid; do debugfs -c /dev/md[0-1] -R "stat /O/0/d$((oid%32))/$((oid))" 2>&1 | ' +
    'sed -nE "s/.*fid: parent=([^ ]*).*/\\1 $((refcount))/p"; done | sort -k 2nr'
  );
}

/**
 * Independently of ldiskfs.ts: every resource the dump visits (read from memory) and, for the
 * objects of OST0000, their files' FIDs (file n of the session is OST object 0x42 + n and FID
 * [0x2000013a1:n+1:0x0]; the earlier file /mnt/lustre/test is object 0x28).
 */
function expected(sys: LiveSystem, state: LiveState, keep: (refcount: number) => boolean): string {
  const p = sys.prog;
  const read = (res: bigint) => ({
    refcount: p.readU32(res + BigInt(p.offsetOf("ldlm_resource", "lr_refcount"))),
    name: [0, 1, 2].map((i) => p.readMember(res, "ldlm_resource", `lr_name.name[${i}]`)),
  });
  const parentOf = new Map<bigint, string>([[40n, "[0x200000401:0x4d:0x0]"]]);
  state.files.forEach((f, n) => {
    if (f.ostIndex === 0) parentOf.set(0x42n + BigInt(n), `[0x2000013a1:0x${(n + 1).toString(16)}:0x0]`);
  });
  const srv = sys.namespaces.filter((n) => n.side === "server").reverse();
  const cli = sys.namespaces.filter((n) => n.side === "client" && n.resources.length);
  const lines: [string, number][] = [];
  for (const res of [...srv, ...cli].flatMap((n) => n.resources)) {
    const r = read(res);
    const parent = parentOf.get(r.name[0]);
    if (keep(r.refcount) && parent) lines.push([`${parent} ${r.refcount}`, r.refcount]);
  }
  // sort -k 2nr, then the whole line as the last resort.
  lines.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return lines.map(([l]) => `${l}\n`).join("");
}

describe("transcript 34: the recap pipeline", () => {
  it("prints [fid] refcount for the dumped resources whose refcount passes the filter", async () => {
    const sh = liveShell();
    for (const l of SETUP) expect((await sh(l)).code, l).toBe(0);
    const state = await stateOf(sh);
    const sys = new LiveSystem(state);
    // The slide's threshold (corrected): 0x900 references and more. This VM only has the
    // learner's files, so nothing is that hot and the pipeline prints nothing, as computed.
    const hot = await sh(pipeline("0x[9a-f][0-9a-f]{2}|0x[0-9a-f]{4,}"));
    expect(hot).toEqual({ stdout: expected(sys, state, (r) => r >= 0x900), stderr: "", code: 0 });
    // Every refcount: the OST0000 objects of the client and server namespaces.
    const all = await sh(pipeline("0x[0-9a-f]+"));
    const want = expected(sys, state, () => true);
    expect(want.split("\n").filter(Boolean)).toHaveLength(4);
    expect(all).toEqual({ stdout: want, stderr: "", code: 0 });
  });
});

describe("transcript 34 on a loaded server (cluster-job)", () => {
  it("the slide's 0x900 filter keeps the objects the job's nodes hold, and /dev/md[0-1] only sees OST0000", async () => {
    const sh = liveShell();
    const setup = [...SETUP.slice(0, 3), "cluster-job start", ...SETUP.slice(3)];
    for (const l of setup) expect((await sh(l)).code, l).toBe(0);
    const state = await stateOf(sh);
    const sys = new LiveSystem(state);
    const hot = await sh(pipeline("0x[9a-f][0-9a-f]{2}|0x[0-9a-f]{4,}"));
    const want = expected(sys, state, (r) => r >= 0x900);
    expect(want.split("\n").filter(Boolean).length).toBeGreaterThan(0);
    expect(hot).toEqual({ stdout: want, stderr: "", code: 0 });
    // Both devices: every job file read by more than 0x900 nodes, hottest first.
    const both = await sh(
      pipeline("0x[9a-f][0-9a-f]{2}|0x[0-9a-f]{4,}")
        .replace("/dev/md[0-1]", "/dev/md$d")
        .replace(/^/, "for d in 0 1; do ")
        .replace(" | sort -k 2nr", "; done | sort -k 2nr"),
    );
    const rows = both.stdout
      .trim()
      .split("\n")
      .map((l) => l.split(" "));
    const paths = await Promise.all(
      rows.map(async ([fid]) => (await sh(`lfs fid2path /mnt/lustre '${fid}'`)).stdout.trim()),
    );
    expect(paths).toEqual([
      "/mnt/lustre/job/params.nml",
      "/mnt/lustre/job/mesh.h5",
      "/mnt/lustre/job/input.dat",
    ]);
    const refs = rows.map(([, r]) => Number(r));
    expect(refs).toEqual([...refs].sort((a, b) => b - a));
    // params.nml is read by every node: one lock each, plus the hash's reference.
    const nodes = Number(/on (\d+) nodes/.exec((await sh("cluster-job status")).stdout)![1]);
    expect(refs[0]).toBe(nodes + 1);
  });

  it("after cluster-job stop the nodes' locks are gone and nothing passes the filter", async () => {
    const sh = liveShell();
    for (const l of [...SETUP.slice(0, 3), "cluster-job start", "cluster-job stop", ...SETUP.slice(3)])
      expect((await sh(l)).code, l).toBe(0);
    expect((await sh(pipeline("0x[9a-f][0-9a-f]{2}|0x[0-9a-f]{4,}"))).stdout).toBe("");
  });
});

describe("a plain shell write to dump_namespaces", () => {
  it("runs the ldlm dump in the login shell, filling lctl dk when dlmtrace is on", async () => {
    const sh = liveShell();
    for (const l of SETUP.slice(0, 3)) await sh(l);
    // Without dlmtrace the dump prints nothing.
    await sh("echo 1 > /sys/kernel/debug/lustre/ldlm/dump_namespaces");
    expect((await sh("lctl dk")).stdout).toBe("");
    await sh("lctl set_param debug=+dlmtrace");
    expect((await sh("echo 1 > /sys/kernel/debug/lustre/ldlm/dump_namespaces")).stdout).toBe("");
    const dk = (await sh("lctl dk")).stdout.split("\n").filter(Boolean);
    const sys = new LiveSystem(await stateOf(sh));
    const srv = sys.namespaces.filter((n) => n.side === "server").reverse();
    const cli = sys.namespaces.filter((n) => n.side === "client" && n.resources.length);
    const dumped = dk.flatMap((l) => /--- Resource: .* \(([0-9a-f]+)\) refcount = /.exec(l)?.[1] ?? []);
    expect(dumped).toEqual([...srv, ...cli].flatMap((n) => n.resources).map((r) => r.toString(16)));
    expect(dk.filter((l) => l.includes("--- Namespace: ")).length).toBe(srv.length + cli.length);
    // The writer is the login bash (pid 1523), as in the dk line's pid field.
    expect(new Set(dk.map((l) => l.split(":")[5]))).toEqual(new Set(["1523"]));
    // Reading the file back shows nothing was left in it; a second write dumps again.
    expect((await sh("cat /sys/kernel/debug/lustre/ldlm/dump_namespaces")).stdout).toBe("");
    await sh("echo 1 > /sys/kernel/debug/lustre/ldlm/dump_namespaces");
    expect((await sh("lctl dk | grep -c 'Resource:'")).stdout).toBe(`${dumped.length}\n`);
  });

  it("inside perf record the dump runs once, in the recorded process", async () => {
    const sh = liveShell();
    for (const l of SETUP.slice(0, 5)) await sh(l);
    await sh(SETUP[5]);
    const dk = (await sh("lctl dk")).stdout;
    const pids = new Set(
      dk
        .split("\n")
        .filter(Boolean)
        .map((l) => l.split(":")[5]),
    );
    expect(pids.size).toBe(1);
    expect(pids.has("1523")).toBe(false);
    expect((await sh("perf script -i /tmp/perf.data | wc -l")).stdout.trim()).toBe(
      String(dk.split("\n").filter((l) => l.includes("--- Resource:")).length),
    );
  });
});
