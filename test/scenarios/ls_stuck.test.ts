/** facts.md §3 (ls-stuck MDS) read back through the view functions: transcripts 26 and 27. */
import { describe, expect, it } from "vitest";
import { unwindStack } from "../../emulator/kernel/linux/stack";
import { sysInfo } from "../../emulator/kernel/linux/sysinfo";
import { listTasks, taskStateCode } from "../../emulator/kernel/linux/tasks";
import { loadScenario } from "../../emulator/scenarios/index";
import { listEntries, symName } from "./helpers";

const prog = loadScenario("ls_stuck");

describe("ls_stuck", () => {
  const tasks = listTasks(prog);
  const sorted = [...tasks].sort((a, b) =>
    a.lastArrival > b.lastArrival ? -1 : a.lastArrival < b.lastArrival ? 1 : 0,
  );
  const row = (t: (typeof tasks)[number]) =>
    `[${t.lastArrival}] [${taskStateCode(t)}] PID: ${t.pid} TASK: ${t.address.toString(16)} CPU: ${t.cpu} COMMAND: "${t.comm}"`;

  it("is a 16-CPU MDS up about 41.9 days", () => {
    const s = sysInfo(prog);
    expect(s.cpus).toBe(16);
    expect(Number(s.uptimeSeconds) / 86400).toBeCloseTo(41.9, 1);
  });

  it("sorts ps -l as transcript 27, with the slide's contiguous runs", () => {
    expect(row(sorted[0])).toBe(
      '[3621688788852009] [IN] PID: 28644 TASK: ffff94a47bf84100 CPU: 2 COMMAND: "mdt00_013"',
    );
    const from = (pid: number, n: number) => {
      const i = sorted.findIndex((t) => t.pid === pid);
      return sorted.slice(i, i + n).map(row);
    };
    expect(from(6743, 3)).toEqual([
      '[3619975098195335] [IN] PID: 6743 TASK: ffff94813e660000 CPU: 7 COMMAND: "kworker/7:1"',
      '[3619964995355868] [IN] PID: 18640 TASK: ffff9479eebb30c0 CPU: 0 COMMAND: "mdt00_069"',
      '[3619922465196662] [IN] PID: 24127 TASK: ffff94a47e22a080 CPU: 14 COMMAND: "mdt_seqm_0002"',
    ]);
    expect(from(29072, 13)).toEqual([
      '[3615352056840100] [IN] PID: 29072 TASK: ffff94a39afa6180 CPU: 15 COMMAND: "kworker/15:0"',
      '[3615187577148168] [IN] PID: 18714 TASK: ffff94a4785f9040 CPU: 0 COMMAND: "mdt00_117"',
      '[3615157566040146] [IN] PID: 18689 TASK: ffff94847fd6b0c0 CPU: 3 COMMAND: "mdt00_100"',
      '[3614626563207010] [IN] PID: 18667 TASK: ffff94a47e5f5140 CPU: 12 COMMAND: "mdt01_058"',
      '[3614100469065774] [IN] PID: 27971 TASK: ffff948472a8e180 CPU: 10 COMMAND: "cfs_rh_03"',
      '[3614025495970123] [IN] PID: 25805 TASK: ffff94847d738000 CPU: 8 COMMAND: "mdt01_041"',
      '[3612352026539768] [IN] PID: 3482 TASK: ffff94a47ebc0000 CPU: 8 COMMAND: "kworker/8:1"',
      '[3612142134798789] [IN] PID: 30482 TASK: ffff949e91689040 CPU: 11 COMMAND: "kworker/11:0"',
      '[3612035313324469] [IN] PID: 7506 TASK: ffff94a3a26cb0c0 CPU: 12 COMMAND: "mdt01_109"',
      '[3611323248826132] [IN] PID: 18734 TASK: ffff94a3e3e81040 CPU: 11 COMMAND: "mdt01_088"',
      '[3611260896608780] [IN] PID: 21311 TASK: ffff949ecd242080 CPU: 8 COMMAND: "kworker/u34:1"',
      '[3608862966498563] [IN] PID: 25786 TASK: ffff947dadf61040 CPU: 12 COMMAND: "mdt01_033"',
      '[3605752338202911] [IN] PID: 32477 TASK: ffff949f242c6180 CPU: 12 COMMAND: "kworker/12:1"',
    ]);
  });

  it("has the unlink as the oldest mdt service thread (the slide's 'very bottom')", () => {
    const mdt = sorted.filter((t) => /^mdt0[01]_/.test(t.comm));
    expect(mdt.at(-1)?.pid).toBe(25786);
    expect(tasks.every((t) => t.pid === 0 || taskStateCode(t) === "IN" || t.pid === 9418)).toBe(true);
  });

  it("groups the stuck threads as transcript 26", () => {
    const trace = (pid: number) =>
      unwindStack(prog, tasks.find((t) => t.pid === pid)!).map(
        (f) => `#${f.level} ${symName(prog, f.pc)} ${f.pc.toString(16)}`,
      );
    const common = [
      "#0 __schedule ffffffff97768a32",
      "#1 schedule ffffffff97768ed9",
      "#2 ldlm_completion_ast ffffffffc0ea9aad",
      "#3 ldlm_cli_enqueue_local ffffffffc0eaab63",
      "#4 mdt_object_local_lock ffffffffc14d1dc2",
      "#5 mdt_object_lock_internal ffffffffc14d240e",
    ];
    expect(trace(25786)).toEqual([
      ...common,
      "#6 mdt_reint_object_lock ffffffffc14d26f0",
      "#7 mdt_reint_unlink ffffffffc14e84b2",
      "#8 mdt_reint_rec ffffffffc14ebc53",
      "#9 mdt_reint_internal ffffffffc14cd18b",
      "#10 mdt_reint ffffffffc14d8fa7",
      "#11 tgt_request_handle ffffffffc0f427ca",
      "#12 ptlrpc_server_handle_request ffffffffc0eeb05b",
      "#13 ptlrpc_main ffffffffc0eee7a2",
      "#14 kthread ffffffff970c1da1",
    ]);
    const getattr = [
      ...common,
      "#6 mdt_getattr_name_lock ffffffffc14d31b4",
      "#7 mdt_intent_getattr ffffffffc14d44d0",
      "#8 mdt_intent_opc ffffffffc14d04bb",
      "#9 mdt_intent_policy ffffffffc14d8d58",
      "#10 ldlm_lock_enqueue ffffffffc0e8f2dd",
      "#11 ldlm_handle_enqueue0 ffffffffc0eb8c03",
      "#12 tgt_enqueue ffffffffc0f3e892",
      "#13 tgt_request_handle ffffffffc0f427ca",
      "#14 ptlrpc_server_handle_request ffffffffc0eeb05b",
      "#15 ptlrpc_main ffffffffc0eee7a2",
      "#16 kthread ffffffff970c1da1",
    ];
    const byTrace = new Map<string, string[]>();
    for (const t of tasks) {
      const key = unwindStack(prog, t)
        .map((f) => `${symName(prog, f.pc)} ${f.pc.toString(16)}`)
        .join("|");
      byTrace.set(key, [...(byTrace.get(key) ?? []), `"${t.comm}"/${t.pid}`]);
    }
    const group = byTrace.get(getattr.map((l) => l.replace(/^#\d+ /, "")).join("|"));
    expect(group).toEqual(
      [
        '"mdt00_069"/18640',
        '"mdt00_100"/18689',
        '"mdt00_117"/18714',
        '"mdt01_041"/25805',
        '"mdt01_058"/18667',
        '"mdt01_088"/18734',
        '"mdt01_109"/7506',
      ].sort((a, b) => Number(a.split("/")[1]) - Number(b.split("/")[1])),
    );
    for (const pid of [18640, 18689, 18714, 25805, 18667, 18734, 7506]) expect(trace(pid)).toEqual(getattr);
  });

  it("has the unlink holding the directory lock the getattrs wait for", () => {
    const head = prog.symbol("ldlm_srv_namespace_list").address;
    const ns = listEntries(prog, head)[0] - BigInt(prog.offsetOf("ldlm_namespace", "ns_list_chain"));
    expect(prog.readCString(prog.readMember(ns, "ldlm_namespace", "ns_name"))).toBe(
      "mdt-scratch-MDT0000_UUID",
    );
    const locks = prog.slabs.cache("kioctx");
    const all: bigint[] = [];
    for (const s of locks.slabs)
      for (let i = 0; i < locks.objectsPerSlab; i++) if (s.allocated[i]) all.push(s.objectAddress(i));
    const pidOf = (l: bigint) => Number(prog.readMember(l, "ldlm_lock", "l_pid"));
    const dirLock = all.find(
      (l) => pidOf(l) === 25786 && prog.readMember(l, "ldlm_lock", "l_granted_mode") === 2n,
    )!;
    const res = prog.readMember(dirLock, "ldlm_lock", "l_resource");
    const waiting = listEntries(prog, res + 0x30n).map((p) => p - 0x60n);
    expect(waiting.map(pidOf).sort()).toEqual([18640, 18689, 18714, 25805, 18667, 18734, 7506].sort());
    for (const w of waiting) expect(prog.readMember(w, "ldlm_lock", "l_blocking_lock")).toBe(dirLock);
  });
});
