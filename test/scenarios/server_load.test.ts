/** facts.md §2 (server_load) read back through the view functions: transcripts 07-25. */
import { describe, expect, it } from "vitest";
import { logRecords } from "../../emulator/kernel/linux/log";
import { unwindStack } from "../../emulator/kernel/linux/stack";
import { sysInfo } from "../../emulator/kernel/linux/sysinfo";
import { activeTask, listTasks, panicTask, taskStateCode } from "../../emulator/kernel/linux/tasks";
import { loadScenario } from "../../emulator/scenarios/index";
import { frameWords, listEntries, symName } from "./helpers";

const prog = loadScenario("server_load");
const R = 0xffff917c981c3b40n;
const m = (addr: bigint, type: string, path: string) => prog.readMember(addr, type, path);

describe("server_load", () => {
  const tasks = listTasks(prog);
  const active = new Set(Array.from({ length: 8 }, (_, c) => activeTask(prog, c)));
  const psRow = (t: (typeof tasks)[number]) =>
    `${active.has(t.address) ? "> " : ""}${t.pid} ${t.ppid} ${t.cpu} ${t.address.toString(16)} ${taskStateCode(t)} ${t.vmPages} ${t.rssPages} [${t.comm}]`;

  it("was crashed with SysRq by bash 4715 (transcript 07)", () => {
    const t = panicTask(prog);
    expect([t.pid, t.comm]).toEqual([4715, "bash"]);
    expect(t.cpu).toBeGreaterThanOrEqual(2);
    expect(sysInfo(prog).panicMessage).toBe("SysRq : Trigger a crash");
    expect(sysInfo(prog).cpus).toBe(8);
    const frames = unwindStack(prog, t).map((f) => symName(prog, f.pc));
    expect(frames.slice(0, 3)).toEqual(["machine_kexec", "__crash_kexec", "crash_kexec"]);
    expect(frames).toContain("page_fault");
    expect(frames.at(-1)).toBe("system_call_fastpath");
    const pf = unwindStack(prog, t).find((f) => symName(prog, f.pc) === "page_fault")!;
    expect(symName(prog, pf.exception!.rip)).toBe("sysrq_handle_crash");
  });

  it("lists the ps rows of transcript 08, contiguous where the slide shows them", () => {
    const rows = tasks.map(psRow);
    expect(rows.slice(0, 2)).toEqual([
      "0 0 0 ffffffff9da18480 RU 0 0 [swapper/0]",
      "> 0 0 1 ffff9177f60a4100 RU 0 0 [swapper/1]",
    ]);
    const at = (pid: number) => rows.findIndex((r) => r.replace(/^> /, "").startsWith(`${pid} `));
    expect(rows.slice(at(5387), at(5387) + 3)).toEqual([
      "5387 2 4 ffff917cbba30000 IN 0 0 [ll_ost02_006]",
      "5388 2 5 ffff917cbba36180 IN 0 0 [mdt02_003]",
      "> 5389 2 0 ffff917cbba330c0 RU 0 0 [ll_ost00_003]",
    ]);
    expect(rows.slice(at(5532), at(5532) + 5)).toEqual([
      "5532 2 3 ffff917c6a9b1040 RU 0 0 [ll_ost_io01_006]",
      "5533 2 6 ffff917c6a9b2080 IN 0 0 [mdt03_011]",
      "5534 2 0 ffff917c6a9b30c0 IN 0 0 [mdt00_015]",
      "5535 2 7 ffff917c6a9b4100 IN 0 0 [mdt03_012]",
      "5536 2 5 ffff917c6a9b5140 UN 0 0 [ll_ost_io02_006]",
    ]);
    expect(rows.find((r) => r.includes("[bash]") && r.startsWith("> 4715 "))).toBeDefined();
  });

  it("sorts ps -l as transcript 09 (top four, then the seven from 1833.607 s down)", () => {
    const sorted = [...tasks].sort((a, b) =>
      a.lastArrival > b.lastArrival ? -1 : a.lastArrival < b.lastArrival ? 1 : 0,
    );
    const row = (t: (typeof tasks)[number]) =>
      `[${t.lastArrival}] [${taskStateCode(t)}] ${t.pid} ffff9..${t.address.toString(16).slice(-6)} ${t.cpu} ${t.comm}`;
    expect(sorted.slice(0, 4).map(row)).toEqual([
      "[1834107714279] [IN] 4831 ffff9..b230c0 7 socknal_sd03_01",
      "[1834107636683] [IN] 4828 ffff9..b25140 5 socknal_sd02_00",
      "[1834107619697] [RU] 6121 ffff9..8f6180 2 ll_ost_io01_042",
      "[1834107601107] [IN] 4829 ffff9..b22080 4 socknal_sd02_01",
    ]);
    const i = sorted.findIndex((t) => t.pid === 6032);
    expect(sorted.slice(i, i + 7).map(row)).toEqual([
      "[1833607166340] [RU] 6032 ffff9..f65140 3 ll_ost_io01_023",
      "[1833600488498] [UN] 6225 ffff9..b44100 2 ll_ost_io01_068",
      "[1833568488187] [RU] 5532 ffff9..9b1040 3 ll_ost_io01_006",
      "[1833531745921] [RU] 6129 ffff9..208000 3 ll_ost_io01_044",
      "[1833522652478] [RU] 6239 ffff9..aec100 3 ll_ost_io01_074",
      "[1833501019679] [RU] 6094 ffff9..1a0000 3 ll_ost_io01_035",
      "[1833456118992] [RU] 6214 ffff9..2b8000 3 ll_ost_io01_066",
    ]);
    // the task running on each CPU is the newest arrival there (idle tasks excepted)
    for (const cur of active) {
      const c = tasks.find((t) => t.address === cur)!;
      if (c.pid === 0) continue;
      for (const t of tasks)
        if (t.cpu === c.cpu && t.pid !== 0 && t !== c) expect(t.lastArrival < c.lastArrival).toBe(true);
    }
    const last = logRecords(prog).at(-1)!;
    expect(last.tsNsec).toBe(1834107266000n);
  });

  it("unwinds ll_ost00_003 as transcripts 10 and 11", () => {
    const t = tasks.find((x) => x.pid === 5389)!;
    const frames = unwindStack(prog, t);
    expect(frames[3].transition).toBe("NMI exception stack");
    expect(frames.slice(7, 18).map((f) => `#${f.level} ${symName(prog, f.pc)} ${f.pc.toString(16)}`)).toEqual(
      [
        "#7 queued_spin_lock_slowpath ffffffff9d55d28b",
        "#8 _raw_spin_lock ffffffff9d56b760",
        "#9 lock_res_and_lock ffffffffc0fcc02c",
        "#10 ldlm_work_bl_ast_lock ffffffffc0fcf0d9",
        "#11 ptlrpc_check_set ffffffffc1014030",
        "#12 ptlrpc_check_set ffffffffc101587b",
        "#13 ptlrpc_set_wait ffffffffc1015c24",
        "#14 ldlm_run_ast_work ffffffffc0fd3055",
        "#15 ldlm_handle_conflict_lock ffffffffc0fd3780",
        "#16 ldlm_lock_enqueue ffffffffc0fd3cc3",
        "#17 ldlm_handle_enqueue0 ffffffffc0ffc336",
      ],
    );
    expect(frames.slice(14, 18).map((f) => f.sp)).toEqual([
      0xffff917c9eb33b40n,
      0xffff917c9eb33b70n,
      0xffff917c9eb33ba8n,
      0xffff917c9eb33c20n,
    ]);
    expect(prog.symbols.resolve(frames[14].pc)?.symbol.module).toBe("ptlrpc");
    const words = [
      ...frameWords(prog, 0xffff917c9eb33b48n, 0xffff917c9eb33b70n),
      ...frameWords(prog, 0xffff917c9eb33b78n, 0xffff917c9eb33ba8n),
      ...frameWords(prog, 0xffff917c9eb33bb0n, 0xffff917c9eb33c20n),
      ...frameWords(prog, 0xffff917c9eb33c28n, 0xffff917c9eb33ca0n),
    ];
    expect(words).toEqual([
      "ffff917c9eb33b48: [ffff917c62522f40:kioctx] [ffff917c981c3b40:kmalloc-192]",
      "ffff917c9eb33b58: [ffff917c981c3b5c:kmalloc-192] ffff917c9eb33c68",
      "ffff917c9eb33b68: ffff917c9eb33ba0 ldlm_handle_conflict_lock+112",
      "ffff917c9eb33b78: ffff917c9eb33c68 0000000000000000",
      "ffff917c9eb33b88: ffff917c9eb33bd8 [ffff917c981c3b40:kmalloc-192]",
      "ffff917c9eb33b98: [ffff917c62522f40:kioctx] ffff917c9eb33c18",
      "ffff917c9eb33ba8: ldlm_lock_enqueue+723",
      "ffff917c9eb33bb0: 000000008058614a [ffff917cb168a430:kmalloc-2048]",
      "ffff917c9eb33bc0: ffff91772a3780e0 ldlm_process_extent_lock",
      "ffff917c9eb33bd0: 00000000c111e5a0 [ffff917c59d6be88:kioctx]",
      "ffff917c9eb33be0: [ffff917c6059e808:kioctx] 000000008058614a",
      "ffff917c9eb33bf0: [ffff917cb168a050:kmalloc-2048] ffff91772a3780e0",
      "ffff917c9eb33c00: 0000000000000000 [ffff917cdd6a2000:kmalloc-1024]",
      "ffff917c9eb33c10: [ffff917cf510fc40:kmalloc-64] ffff917c9eb33ca8",
      "ffff917c9eb33c20: ldlm_handle_enqueue0+2646",
      "ffff917c9eb33c28: ffff917700000000 ffff917700000000",
      "ffff917c9eb33c38: lustre_swab_ldlm_request [ffff917cb168a430:kmalloc-2048]",
      "ffff917c9eb33c48: 0000006800000001 [ffff917c62522f40:kioctx]",
      "ffff917c9eb33c58: 0000000000000038 [ffff917cb168a430:kmalloc-2048]",
      "ffff917c9eb33c68: 0000000000020000 [ffff917c62522f40:kioctx]",
      "ffff917c9eb33c78: 000000008058614a [ffff917c5ead9960:sigqueue]",
      "ffff917c9eb33c88: [ffff917cb168a050:kmalloc-2048] [ffff917ca0e6a110:kmalloc-2048]",
      "ffff917c9eb33c98: [ffff917cb168a050:kmalloc-2048] tgt_dlm_handlers",
    ]);
  });

  it("has the struct layouts of transcripts 12, 19, 22-24", () => {
    const off = (t: string, p: string) => prog.offsetOf(t, p);
    expect(prog.struct("ldlm_resource").size).toBe(0xb0);
    expect(
      [
        "lr_ns_bucket",
        "lr_hash",
        "lr_refcount",
        "lr_lock",
        "lr_granted",
        "lr_waiting",
        "lr_name",
        "lr_type",
        "lr_lvb_len",
        "lr_lvb_mutex",
        "lr_lvb_data",
        "lr_lvb_initialized",
        "lr_reference",
      ].map((p) => off("ldlm_resource", p)),
    ).toEqual([0x0, 0x8, 0x18, 0x1c, 0x20, 0x30, 0x40, 0x70, 0x74, 0x78, 0xa0, 0xa8, 0xa9]);
    expect(prog.struct("ldlm_lock").size).toBe(0x230);
    expect(
      [
        "l_resource",
        "l_res_link",
        "l_req_mode",
        "l_granted_mode",
        "l_export",
        "l_flags",
        "l_activity",
        "l_blast_sent",
        "l_pid",
        "l_blocking_lock",
      ].map((p) => off("ldlm_lock", p)),
    ).toEqual([0x48, 0x60, 0x98, 0x9c, 0xb8, 0x100, 0x160, 0x160, 0x1c0, 0x1f8]);
    expect(prog.struct("ptlrpc_request").size).toBe(0x450);
    expect(
      [
        "rq_type",
        "rq_status",
        "rq_reqmsg",
        "rq_repmsg",
        "rq_transno",
        "rq_xid",
        "rq_mbits",
        "rq_export",
        "rq_import",
        "rq_self",
        "rq_peer",
        "rq_source",
        "rq_timeout",
        "rq_sent",
        "rq_deadline",
        "rq_pill",
      ].map((p) => off("ptlrpc_request", p)),
    ).toEqual([
      0x0, 0x4, 0x48, 0x50, 0x58, 0x60, 0x68, 0x390, 0x398, 0x3a0, 0x3a8, 0x3b8, 0x3c8, 0x3d0, 0x3d8, 0x3e0,
    ]);
    expect(off("obd_export", "exp_connection")).toBe(0x118);
    expect(off("ptlrpc_connection", "c_peer")).toBe(0x18);
    expect(prog.struct("list_head").size).toBe(16);
    expect(prog.types.enumerators.get("LCK_PW")?.[0]).toBe(2n);
    expect(prog.types.enumerators.get("LDLM_EXTENT")?.[0]).toBe(11n);
  });

  it("holds the contended resource of transcripts 13, 14, 18 and 20", () => {
    expect(prog.slabs.find(R)?.cache.name).toBe("kmalloc-192");
    expect(m(R, "ldlm_resource", "lr_ns_bucket")).toBe(0xffffb40a6ea1d018n);
    expect(m(R, "ldlm_resource", "lr_refcount.counter")).toBe(83415n);
    expect([m(R, "ldlm_resource", "lr_granted.next"), m(R, "ldlm_resource", "lr_granted.prev")]).toEqual([
      0xffff917c6648f420n,
      0xffff91772946b1e0n,
    ]);
    expect([m(R, "ldlm_resource", "lr_waiting.next"), m(R, "ldlm_resource", "lr_waiting.prev")]).toEqual([
      0xffff917c62522fa0n,
      0xffff917c867b0060n,
    ]);
    expect([0, 1, 2, 3].map((i) => m(R, "ldlm_resource", `lr_name.name[${i}]`))).toEqual([0x28n, 0n, 0n, 0n]);
    expect(m(R, "ldlm_resource", "lr_type")).toBe(11n);
    expect(m(R, "ldlm_resource", "lr_lvb_len")).toBe(0x38n);
    const granted = listEntries(prog, R + 0x20n).map((p) => p - 0x60n);
    const waiting = listEntries(prog, R + 0x30n).map((p) => p - 0x60n);
    expect(granted.length).toBe(82718);
    expect(waiting).toEqual([0xffff917c62522f40n, 0xffff917c641e5f80n, 0xffff917c867b0000n]);
    expect(waiting.map((l) => m(l, "ldlm_lock", "l_req_mode"))).toEqual([2n, 4n, 4n]);
    const pw = granted.filter((l) => m(l, "ldlm_lock", "l_req_mode") === 2n);
    expect(pw.slice(0, 2)).toEqual([0xffff917c6648f3c0n, 0xffff917c96fdfcc0n]);
    expect(pw.length).toBeGreaterThan(2);
    for (const l of [...granted.slice(0, 3000), ...waiting]) {
      expect(m(l, "ldlm_lock", "l_resource")).toBe(R);
      expect(prog.slabs.find(l)?.cache.name).toBe("kioctx");
    }
    // granted extents never overlap; the waiting PW covers them all
    const ext = granted.map((l) => [
      m(l, "ldlm_lock", "l_policy_data.l_extent.start"),
      m(l, "ldlm_lock", "l_policy_data.l_extent.end"),
    ]);
    ext.sort((a, b) => (a[0] < b[0] ? -1 : 1));
    for (let i = 1; i < ext.length; i++) expect(ext[i][0] > ext[i - 1][1]).toBe(true);
    const ns = m(m(R, "ldlm_resource", "lr_ns_bucket"), "ldlm_ns_bucket", "nsb_namespace");
    expect(ns).toBe(0xffff917cdd6a2000n);
    expect(prog.readCString(m(ns, "ldlm_namespace", "ns_name"))).toBe("filter-testfs0-OST0000_UUID");
    expect(m(ns, "ldlm_namespace", "ns_name")).toBe(0xffff917ce5b5ae60n);
  });

  it("lists the server namespaces (transcript 17)", () => {
    const head = prog.symbol("ldlm_srv_namespace_list").address;
    const o = BigInt(prog.offsetOf("ldlm_namespace", "ns_list_chain"));
    const nss = listEntries(prog, head).map((p) => p - o);
    expect(nss[0]).toBe(0xffff917cdd6a2000n);
    expect(nss.map((n) => prog.readCString(m(n, "ldlm_namespace", "ns_name")))).toEqual(
      expect.arrayContaining(["filter-testfs0-OST0000_UUID", "mdt-testfs0-MDT0000_UUID", "MGS"]),
    );
    const n0 = nss[0];
    expect(m(n0, "ldlm_namespace", "ns_obd")).toBe(0xffff917ca0d620f0n);
    expect(m(n0, "ldlm_namespace", "ns_client")).toBe(1n);
    expect(m(n0, "ldlm_namespace", "ns_rs_hash")).toBe(0xffff917ce0680000n);
  });

  it("finds the NIDs of transcripts 21-23 through export → connection → c_peer", () => {
    const exp = m(0xffff917c62522f40n, "ldlm_lock", "l_export");
    expect(exp).toBe(0xffff917c96f59000n);
    expect(prog.readU64(exp + 0x118n)).toBe(0xffff917cdee0ba80n);
    expect(prog.readU64(0xffff917cdee0ba80n + 0x18n)).toBe(0x200000ac80002n);
    expect(m(0xffff917cdee0ba80n, "ptlrpc_connection", "c_peer.pid")).toBe(0x3039n);
    const all = [...listEntries(prog, R + 0x20n), ...listEntries(prog, R + 0x30n)].map((p) => p - 0x60n);
    expect(m(all[0], "ldlm_lock", "l_export")).toBe(0xffff917c96f59000n);
    const counts = new Map<string, number>();
    for (const l of all) {
      const nid = prog
        .readU64(prog.readU64(m(l, "ldlm_lock", "l_export") + 0x118n) + 0x18n)
        .toString(16)
        .padStart(16, "0");
      counts.set(nid, (counts.get(nid) ?? 0) + 1);
    }
    const rows = [...counts]
      .map(([nid, n]) => `${n} ${nid}`)
      .sort((a, b) => Number.parseInt(a, 10) - Number.parseInt(b, 10) || (a < b ? -1 : 1));
    expect(rows.slice(0, 4)).toEqual([
      "998 000200000ac8002c",
      "1019 000200000ac80041",
      "1024 000200000ac80024",
      "1029 000200000ac8002f",
    ]);
    expect(rows.slice(-3)).toEqual([
      "1435 000200000ac80006",
      "1436 000200000ac8001e",
      "1445 000200000ac80016",
    ]);
    expect(new Set(rows.map((r) => Number.parseInt(r, 10))).size).toBeGreaterThan(40);
    expect(Number.parseInt(rows[4], 10)).toBeGreaterThan(1029);
  });

  it("holds the request of transcript 25", () => {
    const q = 0xffff917cb168a050n;
    expect(prog.slabs.find(q)?.object).toBe(0xffff917cb168a000n);
    expect(m(q, "ptlrpc_request", "rq_export")).toBe(0xffff917c96f59000n);
    expect(m(q, "ptlrpc_request", "rq_import")).toBe(0n);
    expect(m(q, "ptlrpc_request", "rq_self")).toBe(0x200000ac80001n);
    for (const p of ["rq_peer", "rq_source"]) {
      expect(m(q, "ptlrpc_request", `${p}.nid`)).toBe(0x200000ac80002n);
      expect(m(q, "ptlrpc_request", `${p}.pid`)).toBe(0x3039n);
    }
    expect(m(q, "ptlrpc_request", "rq_timeout")).toBe(0n);
    expect(m(q, "ptlrpc_request", "rq_sent")).toBe(0n);
    expect(q + BigInt(prog.offsetOf("ptlrpc_request", "rq_pill"))).toBe(0xffff917cb168a430n);
  });
});
