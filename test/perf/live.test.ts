/**
 * The live VM behind perf: probe values are the model's memory read through the Program API,
 * the kprobe fetch arguments are computed from variable locations and struct offsets, the
 * event engine serves other tracers, and perf's error paths.
 */
import { describe, expect, it } from "vitest";
import { LDLM_RES_HASH_DUMP } from "../../emulator/live/debuginfo";
import { writeDumpNamespaces } from "../../emulator/live/ldlm-dump";
import { initialState } from "../../emulator/live/state";
import { LiveSystem } from "../../emulator/live/system";
import { liveShell, stateOf } from "./helpers";

const PROBE = "perf probe -q -m ptlrpc ldlm_res_hash_dump:8 res 'res->lr_refcount' 'res->lr_name.name[0]'";
const DUMP = "sh -c 'echo 1 > /sys/kernel/debug/lustre/ldlm/dump_namespaces'";

async function upAndRunning() {
  const sh = liveShell();
  for (const l of ["hostname vm0", "shine -L start; shine -L mount; echo foo > /mnt/lustre/foo", PROBE])
    expect((await sh(l)).code, l).toBe(0);
  return sh;
}

function parseScript(out: string) {
  return out
    .trim()
    .split("\n")
    .filter(Boolean)
    .map((l) => {
      const m = / res=0x([0-9a-f]+) lr_refcount=0x([0-9a-f]+) name=0x([0-9a-f]+)$/.exec(l);
      if (!m) throw new Error(`unexpected line ${l}`);
      return { res: BigInt(`0x${m[1]}`), refcount: BigInt(`0x${m[2]}`), name: BigInt(`0x${m[3]}`) };
    });
}

describe("perf record values come from the live kernel's memory", () => {
  it("each sample equals a Program read, and every resource in memory is visited once", async () => {
    const sh = await upAndRunning();
    await sh("lctl set_param debug=+dlmtrace");
    const rec = await sh(`perf record -a -o /tmp/perf.data -e probe:* ${DUMP}`);
    expect(rec.stderr).toContain("(14 samples)");
    const samples = parseScript((await sh("perf script -i /tmp/perf.data")).stdout);
    const sys = new LiveSystem(await stateOf(sh));
    const p = sys.prog;
    for (const s of samples) {
      expect(s.refcount).toBe(BigInt(p.readU32(s.res + BigInt(p.offsetOf("ldlm_resource", "lr_refcount")))));
      expect(s.name).toBe(p.readU64(s.res + BigInt(p.offsetOf("ldlm_resource", "lr_name.name[0]"))));
    }
    // Independently: the builder's record of namespaces, server side newest first, then the
    // client namespaces that hold resources in the order they got their first one.
    const srv = sys.namespaces.filter((n) => n.side === "server").reverse();
    const cli = sys.namespaces.filter((n) => n.side === "client" && n.resources.length);
    const all = [...srv, ...cli].flatMap((n) => n.resources);
    expect(new Set(samples.map((s) => s.res))).toEqual(new Set(all));
    expect(samples).toHaveLength(all.length);
  });

  it("the fetch arguments are computed from the variable location and struct offsets", async () => {
    const sh = liveShell();
    await sh("modprobe lustre");
    const o = await sh(
      "perf probe -v -m ptlrpc ldlm_res_hash_dump:8 res 'res->lr_refcount' 'res->lr_name.name[0]' 'res->lr_ns_bucket->nsb_namespace'",
    );
    const sys = new LiveSystem(await stateOf(sh));
    const off = (s: string, m: string) => sys.prog.offsetOf(s, m);
    const line8 = LDLM_RES_HASH_DUMP.lineAddrs.get(8)![0];
    expect(o.stderr).toContain(
      `Writing event: p:probe/ldlm_res_hash_dump ptlrpc:ldlm_res_hash_dump+${line8} res=%r12:u64 ` +
        `lr_refcount=+${off("ldlm_resource", "lr_refcount")}(%r12):u32 name=+${off("ldlm_resource", "lr_name")}(%r12) ` +
        `nsb_namespace=+${off("ldlm_ns_bucket", "nsb_namespace")}(+${off("ldlm_resource", "lr_ns_bucket")}(%r12)):u64\n`,
    );
    expect(o.stderr).toContain(
      "Added new event:\n  probe:ldlm_res_hash_dump (on ldlm_res_hash_dump:8 in ptlrpc with res",
    );
    expect((await sh("perf probe -l")).stdout).toBe(
      "  probe:ldlm_res_hash_dump (on ldlm_res_hash_dump:8@lustre/ldlm/ldlm_resource.c in ptlrpc with res lr_refcount name nsb_namespace)\n",
    );
  });

  it("a nested dereference reads the namespace the resource belongs to", async () => {
    const sh = liveShell();
    for (const l of ["shine -L start", "lctl set_param debug=+dlmtrace"]) await sh(l);
    await sh("perf probe -q -m ptlrpc ldlm_res_hash_dump:8 res 'ns=res->lr_ns_bucket->nsb_namespace'");
    await sh(`perf record -q -e probe:ldlm_res_hash_dump ${DUMP}`);
    const lines = (await sh("perf script")).stdout.trim().split("\n");
    const sys = new LiveSystem(await stateOf(sh));
    expect(lines).toHaveLength(10); // MGS and MGC, 5 configuration resources each
    for (const l of lines) {
      const [, res, ns] = / res=0x([0-9a-f]+) ns=0x([0-9a-f]+)$/.exec(l)!;
      const owner = sys.namespaces.find((n) => n.resources.includes(BigInt(`0x${res}`)))!;
      expect(BigInt(`0x${ns}`)).toBe(owner.address);
    }
  });

  it("without dlmtrace, ldlm_namespace_dump returns early: no samples", async () => {
    const sh = await upAndRunning();
    const r = await sh(`perf record -e probe:ldlm_res_hash_dump ${DUMP}`);
    expect(r.stderr).toMatch(/Captured and wrote \d+\.\d{3} MB perf\.data \]\n$/);
    expect((await sh("perf script")).stdout).toBe("");
  });

  it("a second file adds its MDT/OST resources on both sides", async () => {
    const sh = await upAndRunning();
    await sh("echo bar > /mnt/lustre/bar; lctl set_param debug=+dlmtrace");
    await sh(`perf record -e probe:ldlm_res_hash_dump ${DUMP}`);
    const names = parseScript((await sh("perf script")).stdout).map((s) => s.name);
    expect(names.filter((n) => n === 0x2000013a1n)).toHaveLength(4);
    expect(names.filter((n) => n === 0x43n)).toHaveLength(2);
    expect(names).toHaveLength(18);
  });

  it("lctl dk shows the dump the probes saw", async () => {
    const sh = await upAndRunning();
    await sh("lctl set_param debug=+dlmtrace");
    expect((await sh("lctl get_param debug")).stdout).toBe(
      "debug=ioctl neterror warning dlmtrace error emerg ha config console lfsck\n",
    );
    await sh(`perf record -q -e probe:ldlm_res_hash_dump ${DUMP}`);
    const dk = (await sh("lctl dk")).stdout;
    expect(dk).toContain("--- Resource: [0x70616d65646f6e:0x4:0x0].0x0 (ffffa0af8134a9c0) refcount = 2");
    expect(dk).toContain("--- Namespace: MGS (rc: 1, side: server)");
    expect((await sh("lctl dk")).stdout).toBe("");
  });
});

describe("perf probe errors", () => {
  it("module not loaded", async () => {
    const sh = liveShell();
    const o = await sh("perf probe -m ptlrpc -L ldlm_namespace_dump");
    expect(o.code).not.toBe(0);
    expect(o.stderr).toBe(
      "Failed to find the path for ptlrpc: No such file or directory\n  Error: Failed to show lines.\n",
    );
  });

  it("unknown function, line without code, unknown variable and member, optimized-out value", async () => {
    const sh = liveShell();
    await sh("modprobe lustre");
    expect((await sh("perf probe -m ptlrpc nosuch_fn")).stderr).toBe(
      "Probe point 'nosuch_fn' not found.\n  Error: Failed to add events.\n",
    );
    expect((await sh("perf probe -m ptlrpc -L nosuch_fn")).stderr).toBe(
      "Specified source line is not found.\n  Error: Failed to show lines.\n",
    );
    expect((await sh("perf probe -m ptlrpc ldlm_namespace_dump:13")).stderr).toBe(
      "Probe point 'ldlm_namespace_dump:13' not found.\n  Error: Failed to add events.\n",
    );
    expect((await sh("perf probe -m ptlrpc -V ldlm_namespace_dump:13")).stderr).toBe(
      "Failed to find the address of ldlm_namespace_dump:13\n  Error: Failed to show vars.\n",
    );
    expect((await sh("perf probe -m ptlrpc ldlm_res_hash_dump:8 hs")).stderr).toBe(
      "Failed to find 'hs' in this function.\n  Error: Failed to add events.\n",
    );
    expect((await sh("perf probe -m ptlrpc ldlm_res_hash_dump:8 'res->lr_nope'")).stderr).toBe(
      "ldlm_resource(type:ldlm_resource) has no member lr_nope.\n  Error: Failed to add events.\n",
    );
    expect((await sh("perf probe -m ptlrpc ldlm_res_hash_dump:8 lock")).stderr).toBe(
      "Sorry, we don't support this variable location yet.\n  Error: Failed to add events.\n",
    );
    // The probe-able lines of -L are exactly those with code.
    const listing = (await sh("perf probe -m ptlrpc -L ldlm_namespace_dump")).stdout.split("\n").slice(1);
    const numbered = listing.filter((l) => /^\s+\d+ {2}/.test(l)).map((l) => Number(l.trim().split(/\s/)[0]));
    expect(numbered).toEqual([0, 3, 4, 6, 12, 14, 15, 16]);
    expect((await sh("perf probe -l")).stdout).toBe("");
  });

  it("duplicate events need -f; -d with no match fails", async () => {
    const sh = liveShell();
    await sh("modprobe lustre");
    expect((await sh("perf probe -q -m ptlrpc ldlm_resource_dump level res")).code).toBe(0);
    const dup = await sh("perf probe -m ptlrpc ldlm_resource_dump");
    expect(dup.stderr).toContain('Error: event "ldlm_resource_dump" already exists.');
    expect((await sh("perf probe -q -f -m ptlrpc ldlm_resource_dump")).code).toBe(0);
    expect((await sh("perf probe -l")).stdout).toMatch(/probe:ldlm_resource_dump_1 /);
    expect((await sh("perf probe -d 'probe:nothing*'")).stderr).toBe(
      'Info: Event "probe:nothing*" does not exist.\n  Error: Failed to delete events.\n',
    );
    expect((await sh("perf probe -d 'probe:ldlm_*'")).stderr).toBe(
      "Removed event: probe:ldlm_resource_dump\nRemoved event: probe:ldlm_resource_dump_1\n",
    );
  });

  it("perf record with an unknown event, perf script without data", async () => {
    const sh = liveShell();
    expect((await sh("perf record -e probe:nope sleep 1")).stderr).toBe(
      "invalid or unsupported event: 'probe:nope'\nRun 'perf list' for a list of valid events\n",
    );
    expect((await sh("perf script")).stderr).toContain("failed to open perf.data: No such file or directory");
  });
});

describe("event engine", () => {
  it("serves any tracer: entry regs, line regs, return values, callers", () => {
    const st = initialState();
    st.modules.push("lustre");
    st.lustre.started = true;
    st.debugMask |= 0x10000;
    const sys = new LiveSystem(st);
    const p = sys.prog;
    const entry = p.symbol("ldlm_resource_dump").address;
    const hits: string[] = [];
    const off = (line: number) => BigInt(LDLM_RES_HASH_DUMP.lineAddrs.get(line)![0]);
    const d1 = sys.engine.attach({
      kind: "kprobe",
      address: entry,
      handler: (h) => {
        // bpftrace's arg0/arg1: level and res in rdi/rsi at entry.
        hits.push(`entry level=${h.regs.di} res=${h.regs.si?.toString(16)} callers=${h.callers.length}`);
        expect(p.symbols.resolve(h.callers[0])?.symbol.name).toBe("ldlm_res_hash_dump");
      },
    });
    const d2 = sys.engine.attach({
      kind: "kretprobe",
      address: p.symbol("cfs_hash_for_each_nolock").address,
      handler: (h) => hits.push(`ret ${h.retval}`),
    });
    const d3 = sys.engine.attach({
      kind: "kprobe",
      address: p.symbol("ldlm_res_hash_dump").address + off(7),
      handler: (h) => expect(h.regs.si).toBe(h.regs.r12),
    });
    writeDumpNamespaces(sys, { task: { comm: "bash", pid: 1, tid: 1 }, cpu: 0, debugLog: [] });
    for (const d of [d1, d2, d3]) d();
    expect(hits.filter((h) => h.startsWith("entry"))).toHaveLength(10);
    // The OST namespaces come first (newest first) and are empty: their walks return at once.
    expect(hits.slice(0, 3)).toEqual(["ret 0", "ret 0", "ret 0"]);
    expect(hits[3]).toMatch(/^entry level=65536 res=ffffa0af8134a9c0 callers=3$/);
    // One cfs_hash_for_each_nolock per namespace with resources or not: MGS, MDT, 2 OSTs, MGC.
    expect(hits.filter((h) => h === "ret 0")).toHaveLength(5);
    expect(sys.engine.attachedCount).toBe(0);
  });
});
