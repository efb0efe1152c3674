/**
 * The loaded live VM: the cluster job's locks in memory, the two limits of the ldlm dump in the
 * Lustre debug log (ldlm.dump_granted_max per resource, and debug_mb shared out among the CPUs'
 * ring buffers), lctl's parameters, and lfs path2fid/getstripe against debugfs.
 */
import { describe, expect, it } from "vitest";
import { clusterJobPlan } from "../../emulator/live/cluster-job";
import { LiveSystem } from "../../emulator/live/system";
import { liveShell, stateOf } from "./helpers";

const DUMP = "echo 1 > /sys/kernel/debug/lustre/ldlm/dump_namespaces";

async function loaded() {
  const sh = liveShell();
  for (const l of [
    "hostname vm0",
    "shine -L start; shine -L mount; echo foo > /mnt/lustre/foo",
    "cluster-job start",
  ])
    expect((await sh(l)).code, l).toBe(0);
  return sh;
}

/** Granted locks per resource, in dump order, read from memory. */
function grantedCounts(sys: LiveSystem): { res: bigint; locks: number }[] {
  const p = sys.prog;
  const granted = BigInt(p.offsetOf("ldlm_resource", "lr_granted"));
  const srv = sys.namespaces.filter((n) => n.side === "server").reverse();
  const cli = sys.namespaces.filter((n) => n.side === "client" && n.resources.length);
  return [...srv, ...cli]
    .flatMap((n) => n.resources)
    .map((res) => {
      let locks = 0;
      for (let l = p.readU64(res + granted); l !== res + granted; l = p.readU64(l)) locks++;
      return { res, locks };
    });
}

/** A dk line without its timestamp (two dumps differ only there). */
const unstamped = (l: string) => {
  const f = l.split(":");
  f.splice(3, 1);
  return f.join(":");
};

describe("cluster-job", () => {
  it("puts one lock per node on the job files' server resources, and takes them back", async () => {
    const sh = await loaded();
    const plan = clusterJobPlan();
    const state = await stateOf(sh);
    const sys = new LiveSystem(state);
    const counts = new Map(grantedCounts(sys).map((c) => [c.res, c.locks]));
    const refOff = BigInt(sys.prog.offsetOf("ldlm_resource", "lr_refcount"));
    for (const f of plan.files) {
      const n = state.files.findIndex((x) => x.path === `/mnt/lustre/job/${f.name}`);
      expect(n, f.name).toBeGreaterThan(0);
      const ost = sys.namespaces
        .find((x) => x.name === `filter-testfs0-OST000${f.ostIndex}_UUID`)!
        .resources.find(
          (r) => sys.prog.readMember(r, "ldlm_resource", "lr_name.name[0]") === 0x42n + BigInt(n),
        )!;
      expect(counts.get(ost), f.name).toBe(f.clients);
      expect(sys.prog.readU32(ost + refOff)).toBe(f.clients + 1);
    }
    // vm0's own client holds nothing on them: its osc namespaces only know foo.
    const osc = sys.namespaces.filter((x) => x.name.includes("-osc-")).flatMap((x) => x.resources);
    expect(osc).toHaveLength(1);
    expect((await sh("ls /mnt/lustre/job/out | wc -l")).stdout.trim()).toBe(
      String(plan.files.filter((f) => f.name.startsWith("out/")).length),
    );
    expect((await sh("cluster-job stop")).code).toBe(0);
    const after = new LiveSystem(await stateOf(sh));
    expect(grantedCounts(after).every((c) => c.locks < 10)).toBe(true);
    expect((await sh("cluster-job start")).code).toBe(0);
    expect(grantedCounts(new LiveSystem(await stateOf(sh))).map((c) => c.locks)).toEqual(
      grantedCounts(sys).map((c) => c.locks),
    );
  });

  it("is deterministic and refuses what a batch system would", async () => {
    expect(clusterJobPlan()).toEqual(clusterJobPlan());
    const sh = liveShell();
    const r = await sh("cluster-job start");
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/testfs0 is not ready/);
    expect((await sh("cluster-job status")).stdout).toMatch(/no job/);
    expect((await sh("cluster-job")).code).toBe(2);
    expect((await sh("cluster-job launch")).stderr).toMatch(/unknown command 'launch'/);
    expect((await sh("cluster-job stop")).stderr).toMatch(/no job is running/);
    const up = await loaded();
    expect((await up("cluster-job start")).stderr).toMatch(/already running/);
  });
});

describe("the ldlm dump in the Lustre debug log", () => {
  it("prints at most ldlm.dump_granted_max locks per resource, then says so", async () => {
    const sh = await loaded();
    await sh("lctl set_param debug=+dlmtrace");
    await sh(DUMP);
    const dk = (await sh("lctl dk")).stdout.split("\n").filter(Boolean);
    const counts = grantedCounts(new LiveSystem(await stateOf(sh)));
    // Per resource (in the dump's hash order): its lock lines, up to the limit, then the notice.
    const perRes: { res: bigint; locks: number; notice: boolean }[] = [];
    for (const l of dk) {
      const res = / --- Resource: \S+ \(([0-9a-f]+)\)/.exec(l)?.[1];
      if (res) perRes.push({ res: BigInt(`0x${res}`), locks: 0, notice: false });
      else if (l.includes(") ### lock: ")) perRes[perRes.length - 1].locks++;
      else if (l.includes(" only dumping 256 granted locks")) perRes[perRes.length - 1].notice = true;
    }
    const inMemory = new Map(counts.map((c) => [c.res, c.locks]));
    expect(perRes).toHaveLength(counts.length);
    for (const r of perRes) {
      const locks = inMemory.get(r.res)!;
      expect(r.locks).toBe(Math.min(locks, 256));
      expect(r.notice).toBe(locks > 256);
    }
    expect(perRes.filter((r) => r.notice).length).toBeGreaterThan(0);
    // Lifted, every lock is listed.
    await sh("lctl set_param ldlm.dump_granted_max=100000");
    await sh(DUMP);
    const all = (await sh("lctl dk | grep -c ') ### lock: '")).stdout.trim();
    expect(Number(all)).toBe(counts.reduce((n, c) => n + c.locks, 0));
  });

  it("keeps only the newest part of the dump when one CPU's share of debug_mb is full", async () => {
    const sh = await loaded();
    await sh("lctl set_param debug=+dlmtrace ldlm.dump_granted_max=100000");
    await sh(DUMP);
    const full = (await sh("lctl dk")).stdout.split("\n").filter(Boolean);
    expect(full.filter((l) => l.includes("--- Resource: "))).toHaveLength(
      grantedCounts(new LiveSystem(await stateOf(sh))).length,
    );
    await sh("lctl set_param debug_mb=16");
    await sh(DUMP);
    const kept = (await sh("lctl dk")).stdout.split("\n").filter(Boolean);
    // 16 MiB over 16 CPUs, 80% of a CPU's buffer for process context.
    const bytes = kept.reduce((n, l) => n + l.length + 1, 0);
    expect(bytes).toBeLessThanOrEqual(0.8 * (1 << 20));
    expect(bytes + full[full.length - kept.length - 1].length + 1).toBeGreaterThan(0.8 * (1 << 20));
    expect(kept.length).toBeLessThan(full.length);
    expect(kept.map(unstamped)).toEqual(full.slice(full.length - kept.length).map(unstamped));
  });
});

describe("lctl parameters", () => {
  it("get_param, get_param -n, set_param and their errors", async () => {
    const sh = liveShell();
    await sh("modprobe lustre");
    expect((await sh("lctl get_param debug_mb ldlm.dump_granted_max")).stdout).toBe(
      "debug_mb=80\nldlm.dump_granted_max=256\n",
    );
    expect((await sh("lctl set_param debug_mb=32; lctl get_param -n debug_mb")).stdout).toBe("32\n");
    const bad = await sh("lctl set_param debug_mb=lots");
    expect(bad.code).toBe(22);
    expect(bad.stderr).toBe(
      "error: set_param: setting /sys/kernel/debug/lnet/debug_mb=lots: Invalid argument\n",
    );
    expect((await sh("lctl get_param nosuch")).stderr).toBe(
      "error: get_param: param_path 'nosuch': No such file or directory\n",
    );
    expect((await sh("lctl set_param nosuch=1")).code).toBe(2);
  });
});

describe("lctl devices and names", () => {
  it("dl lists the servers once started and the client's stack once mounted; list_nids is the MGC's NID", async () => {
    const sh = liveShell();
    await sh("modprobe lustre");
    expect((await sh("lctl dl")).stdout).toBe("");
    await sh("shine -L start");
    const servers = (await sh("lctl dl")).stdout.trim().split("\n");
    await sh("shine -L mount");
    const all = (await sh("lctl dl")).stdout.trim().split("\n");
    expect(all.slice(0, servers.length)).toEqual(servers);
    // Each row: index, UP, type, name, uuid, refcount; indexes count from 0.
    for (const [i, row] of all.entries())
      expect(row).toMatch(new RegExp(`^ *${i} UP [a-z-]+ \\S+ \\S+ \\d+$`));
    const names = all.map((r) => r.trim().split(/\s+/)[3]);
    const sys = new LiveSystem(await stateOf(sh));
    // The client devices are the ones whose ldlm namespaces exist on vm0.
    for (const ns of sys.namespaces.filter((n) => n.name.includes("-mdc-") || n.name.includes("-osc-")))
      expect(names).toContain(ns.name);
    for (const t of ["testfs0-MDT0000", "testfs0-OST0000", "testfs0-OST0001", "MGS"])
      expect(names).toContain(t);
    const mgc = sys.namespaces.find((n) => n.name.startsWith("MGC"))!.name;
    expect((await sh("lctl list_nids")).stdout).toBe(`${mgc.slice(3)}\n`);
    expect((await sh("lctl get_param -n version")).stdout).toBe("2.12.3\n");
    expect((await sh("lctl list_param 'debug*'")).stdout).toBe("debug\ndebug_mb\n");
    expect((await sh("lctl get_param 'ldlm.*'")).stdout).toBe("ldlm.dump_granted_max=256\n");
  });
});

describe("lfs path2fid and getstripe", () => {
  it("agree with fid2path and with the object debugfs shows", async () => {
    const sh = await loaded();
    const fid = (await sh("lfs path2fid /mnt/lustre/job/mesh.h5")).stdout.trim();
    expect((await sh(`lfs fid2path /mnt/lustre '${fid}'`)).stdout).toBe("/mnt/lustre/job/mesh.h5\n");
    const stripe = (await sh("lfs getstripe /mnt/lustre/job/mesh.h5")).stdout;
    const m = /^\s+(\d+)\s+(\d+)\s+0x([0-9a-f]+)\s+0$/m.exec(stripe)!;
    expect(Number.parseInt(m[3], 16)).toBe(Number(m[2]));
    const stat = (
      await sh(`debugfs -c /dev/md${m[1]} -R "stat /O/0/d${Number(m[2]) % 32}/${m[2]}" 2>/dev/null`)
    ).stdout;
    expect(stat).toContain(`fid: parent=${fid}`);
    const missing = await sh("lfs path2fid /mnt/lustre/nope");
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/No such file or directory/);
  });
});
