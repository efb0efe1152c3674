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
import { liveShell } from "./helpers";

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

async function stateOf(sh: ReturnType<typeof liveShell>): Promise<LiveState> {
  return JSON.parse((await sh("cat /run/kdebug/live.json")).stdout) as LiveState;
}

/**
 * Independently of ldiskfs.ts: every resource the dump visits (read from memory), the objects
 * of OST0000 (its filter namespace's resources, in creation order) and their files' FIDs (the
 * MDT namespace's resources, one per file, in creation order).
 */
function expected(sys: LiveSystem, state: LiveState, keep: (refcount: number) => boolean): string {
  const p = sys.prog;
  const read = (res: bigint) => ({
    refcount: p.readU32(res + BigInt(p.offsetOf("ldlm_resource", "lr_refcount"))),
    name: [0, 1, 2].map((i) => p.readMember(res, "ldlm_resource", `lr_name.name[${i}]`)),
  });
  const ns = (n: string) => sys.namespaces.find((x) => x.name === n)!;
  const osts = [ns("filter-testfs0-OST0000_UUID").resources, ns("filter-testfs0-OST0001_UUID").resources];
  const mdt = ns("mdt-testfs0-MDT0000_UUID").resources;
  const parentOf = new Map<bigint, string>([[40n, "[0x200000401:0x4d:0x0]"]]);
  const taken = [0, 0];
  state.files.forEach((f, n) => {
    const obj = osts[f.ostIndex][taken[f.ostIndex]++];
    if (f.ostIndex !== 0) return;
    const fid = read(mdt[n]).name;
    parentOf.set(
      read(obj).name[0],
      `[0x${fid[0].toString(16)}:0x${fid[1].toString(16)}:0x${fid[2].toString(16)}]`,
    );
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
