/**
 * The simulated kernel's static tracepoints: perf list shows them, perf record accepts them,
 * tracefs's events/ tree and available_events show them with 3.10's `format` files. Layouts are
 * checked against offsets computed here from the C types (x86_64 sizes, natural alignment), and
 * against `format` texts of real 3.10 kernels (sys_enter_open on CentOS 7, sched_switch).
 */
import { describe, expect, it } from "vitest";
import { SYSCALLS } from "../../emulator/kernel/linux/syscalls";
import { EVENTS_DIR, traceEvent, traceEvents } from "../../emulator/live/tracepoints";
import { ShellSession } from "../../emulator/shell/session";
import { defaultTools } from "../../emulator/shell/tools-registry";
import { decodePerfData } from "../../emulator/tools/perf/data";
import { liveShell } from "./helpers";

const T = "/sys/kernel/debug/tracing";
const row = (name: string) => `  ${name.padEnd(50)} [Tracepoint event]`;

/** The sched tracepoints of 3.10.0-957 (include/trace/events/sched.h plus RHEL's NUMA balancing). */
const SCHED = [
  "sched_kthread_stop",
  "sched_kthread_stop_ret",
  "sched_migrate_task",
  "sched_move_numa",
  "sched_pi_setprio",
  "sched_process_exec",
  "sched_process_exit",
  "sched_process_fork",
  "sched_process_free",
  "sched_process_wait",
  "sched_stat_blocked",
  "sched_stat_iowait",
  "sched_stat_runtime",
  "sched_stat_sleep",
  "sched_stat_wait",
  "sched_stick_numa",
  "sched_swap_numa",
  "sched_switch",
  "sched_wait_task",
  "sched_wakeup",
  "sched_wakeup_new",
];

interface FormatLine {
  readonly decl: string;
  readonly offset: number;
  readonly size: number;
  readonly signed: number;
}

/** A `format` file: name, ID, the common and the event's field lines, print fmt. */
function parseFormat(text: string) {
  const lines = text.split("\n");
  expect(lines[0]).toMatch(/^name: \w+$/);
  expect(lines[1]).toMatch(/^ID: \d+$/);
  expect(lines[2]).toBe("format:");
  const field = (l: string): FormatLine => {
    const m = /^\tfield:(.+);\toffset:(\d+);\tsize:(\d+);\tsigned:([01]);$/.exec(l);
    if (!m) throw new Error(`bad field line ${JSON.stringify(l)}`);
    return { decl: m[1], offset: Number(m[2]), size: Number(m[3]), signed: Number(m[4]) };
  };
  const blank = lines.indexOf("", 3);
  const common = lines.slice(3, blank).map(field);
  const end = lines.indexOf("", blank + 1);
  const fields = lines.slice(blank + 1, end).map(field);
  expect(lines[end + 1]).toMatch(/^print fmt: /);
  expect(lines[end + 2]).toBe("");
  expect(lines).toHaveLength(end + 3);
  return { name: lines[0].slice(6), id: Number(lines[1].slice(4)), common, fields };
}

/** x86_64 sizes and signedness of the C types event records use (this test's own table). */
const SIZES: Record<string, [number, number]> = {
  char: [1, 1],
  "unsigned char": [1, 0],
  bool: [1, 0],
  short: [2, 1],
  "unsigned short": [2, 0],
  __u16: [2, 0],
  int: [4, 1],
  pid_t: [4, 1],
  clockid_t: [4, 1],
  "unsigned int": [4, 0],
  unsigned: [4, 0],
  u32: [4, 0],
  dev_t: [4, 0],
  gfp_t: [4, 0],
  "enum hrtimer_mode": [4, 0],
  long: [8, 1],
  s64: [8, 1],
  loff_t: [8, 1],
  xfs_fsize_t: [8, 1],
  xfs_lsn_t: [8, 1],
  "unsigned long": [8, 0],
  u64: [8, 0],
  size_t: [8, 0],
  sector_t: [8, 0],
  pgoff_t: [8, 0],
  cputime_t: [8, 0],
  xfs_ino_t: [8, 0],
};

/** Size, alignment and signedness of a field declaration `type name[N]`. */
function cField(decl: string): { size: number; align: number; signed: number } {
  if (decl.startsWith("__data_loc char[] ")) return { size: 4, align: 4, signed: 1 };
  const m = /^(.*?)\s*(\w+)(?:\[(\d+)\])?$/.exec(decl)!;
  const type = m[1].replace(/^const /, "");
  const [size, signed] = type.endsWith("*") ? [8, 0] : SIZES[type];
  if (size === undefined) throw new Error(`unknown type in ${decl}`);
  return { size: size * Number(m[3] ?? 1), align: size, signed };
}

describe("perf list shows the kernel's tracepoints", () => {
  it("perf list 'sched:*' lists 3.10's sched events", async () => {
    const sh = liveShell();
    const r = await sh("perf list 'sched:*'");
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe(SCHED.map((e) => `${row(`sched:${e}`)}\n`).join(""));
    expect((await sh("perf list 'sched:*_switch'")).stdout).toBe(`${row("sched:sched_switch")}\n`);
    expect((await sh("perf list 'raw_syscalls:*'")).stdout).toBe(
      `${row("raw_syscalls:sys_enter")}\n${row("raw_syscalls:sys_exit")}\n`,
    );
  });

  it("perf list tracepoint has sys_enter_X and sys_exit_X for every SYSCALL_DEFINE'd entry of the syscall table", async () => {
    const sh = liveShell();
    const listed = new Set(
      (await sh("perf list tracepoint")).stdout
        .split("\n")
        .filter(Boolean)
        .map((l) => {
          expect(l).toMatch(/^ {2}\S+ +\[Tracepoint event\]$/);
          return l.trim().split(/\s+/)[0];
        }),
    );
    // x86_64's assembly stubs and the two arch functions 3.10 writes without SYSCALL_DEFINE have none.
    const noMetadata = new Set(["sys_arch_prctl", "sys_modify_ldt"]);
    let withEvents = 0;
    for (const s of SYSCALLS) {
      const name = s.target.replace(/^(sys|stub)_/, "");
      const has = s.target.startsWith("sys_") && s.target !== "sys_ni_syscall" && !noMetadata.has(s.target);
      for (const ev of [`syscalls:sys_enter_${name}`, `syscalls:sys_exit_${name}`])
        expect(listed.has(ev), `${s.nr} ${s.target}: ${ev}`).toBe(has);
      if (has) withEvents++;
    }
    expect(withEvents).toBeGreaterThan(300);
    expect([...listed].filter((e) => e.startsWith("syscalls:"))).toHaveLength(2 * withEvents);
    for (const ev of ["syscalls:sys_enter_openat", "syscalls:sys_enter_newstat", "syscalls:sys_exit_read"])
      expect(listed.has(ev), ev).toBe(true);
    expect((await sh("perf list 'syscalls:*execve*'")).stdout).toBe("");
    // What perf list prints is the table, sorted by subsystem then event.
    const all = traceEvents()
      .map((e) => `${e.subsys}:${e.name}`)
      .sort((a, b) => {
        const [sa, ea] = a.split(":");
        const [sb, eb] = b.split(":");
        return sa < sb ? -1 : sa > sb ? 1 : ea < eb ? -1 : ea > eb ? 1 : 0;
      });
    expect([...listed]).toEqual(all);
  });

  it("perf record -e sched:sched_switch is accepted and records nothing the simulation cannot model", async () => {
    const sh = liveShell();
    const r = await sh("perf record -e sched:sched_switch -a -- sleep 1");
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("the simulated kernel never fires sched:sched_switch: no samples of it");
    expect(r.stderr).toContain("[ perf record: Captured and wrote ");
    const data = decodePerfData((await sh("cat perf.data")).stdout);
    expect(data?.header.events).toEqual(["sched:sched_switch"]);
    expect(data?.samples).toHaveLength(0);
    // A glob over the tracepoints resolves too; an unknown one is refused as perf does.
    expect((await sh("perf record -q -e 'sched:sched_stat_*' -a -- sleep 0.1")).code).toBe(0);
    const bad = await sh("perf record -e sched:no_such_event -a -- sleep 0.1");
    expect(bad.code).toBe(129);
    expect(bad.stderr).toBe(
      "invalid or unsupported event: 'sched:no_such_event'\nRun 'perf list' for a list of valid events\n",
    );
  });
});

describe("tracefs: events/<subsys>/<event>/ and available_events", () => {
  it("sys_enter_open/format is 3.10's: int nr, then the arguments in 8-byte slots", async () => {
    const sh = liveShell();
    const r = await sh(`cat ${T}/events/syscalls/sys_enter_open/format`);
    expect(r.code).toBe(0);
    const id = traceEvent("syscalls", "sys_enter_open")!.id;
    // As a CentOS 7 kernel prints it (only the ID differs from machine to machine).
    expect(r.stdout).toBe(
      [
        "name: sys_enter_open",
        `ID: ${id}`,
        "format:",
        "\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;",
        "\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;",
        "\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;",
        "\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;",
        "",
        "\tfield:int nr;\toffset:8;\tsize:4;\tsigned:1;",
        "\tfield:const char * filename;\toffset:16;\tsize:8;\tsigned:0;",
        "\tfield:int flags;\toffset:24;\tsize:8;\tsigned:0;",
        "\tfield:umode_t mode;\toffset:32;\tsize:8;\tsigned:0;",
        "",
        'print fmt: "filename: 0x%08lx, flags: 0x%08lx, mode: 0x%08lx", ((unsigned long)(REC->filename)), ((unsigned long)(REC->flags)), ((unsigned long)(REC->mode))',
        "",
      ].join("\n"),
    );
    const exit = parseFormat((await sh(`cat ${T}/events/syscalls/sys_exit_open/format`)).stdout);
    expect(exit.fields).toEqual([
      { decl: "int nr", offset: 8, size: 4, signed: 1 },
      { decl: "long ret", offset: 16, size: 8, signed: 1 },
    ]);
    expect(exit.id).toBe(id + 1);
    // The talk's bpftrace one-liner reads args->filename of sys_enter_openat.
    const openat = parseFormat((await sh(`cat ${T}/events/syscalls/sys_enter_openat/format`)).stdout);
    expect(openat.fields.map((f) => f.decl)).toEqual([
      "int nr",
      "int dfd",
      "const char * filename",
      "int flags",
      "umode_t mode",
    ]);
  });

  it("every format's offsets follow from the C types: each field after the previous, naturally aligned", async () => {
    const sh = liveShell();
    // A few through the shell, all of them through the same renderer.
    const viaShell = [
      "sched/sched_switch",
      "block/block_rq_complete",
      "module/module_request",
      "irq/irq_handler_entry",
    ];
    const texts: string[] = [];
    for (const p of viaShell) texts.push((await sh(`cat ${T}/events/${p}/format`)).stdout);
    const { renderFormat } = await import("../../emulator/live/tracepoints");
    texts.push(...traceEvents().map(renderFormat));
    for (const text of texts) {
      const f = parseFormat(text);
      expect(f.common.map((c) => [c.decl, c.offset, c.size, c.signed])).toEqual([
        ["unsigned short common_type", 0, 2, 0],
        ["unsigned char common_flags", 2, 1, 0],
        ["unsigned char common_preempt_count", 3, 1, 0],
        ["int common_pid", 4, 4, 1],
      ]);
      let end = 8;
      for (const [i, field] of f.fields.entries()) {
        if (/^sys_(enter|exit)_/.test(f.name)) {
          // struct syscall_trace_enter/exit: int nr, then 8-byte slots from offset 16, signed:0
          // for the arguments (3.10 does not look at their types), long ret signed.
          const want = i === 0 ? [8, 4, 1] : [16 + 8 * (i - 1), 8, f.name.startsWith("sys_exit") ? 1 : 0];
          expect([field.offset, field.size, field.signed], `${f.name}.${field.decl}`).toEqual(want);
          continue;
        }
        const c = cField(field.decl);
        const offset = Math.ceil(end / c.align) * c.align;
        expect([field.offset, field.size, field.signed], `${f.name}.${field.decl}`).toEqual([
          offset,
          c.size,
          c.signed,
        ]);
        end = offset + c.size;
      }
    }
    // Two layouts as real 3.10 kernels print them.
    const sw = parseFormat(texts[0]).fields.map((x) => `${x.decl}@${x.offset}`);
    expect(sw).toEqual([
      "char prev_comm[16]@8",
      "pid_t prev_pid@24",
      "int prev_prio@28",
      "long prev_state@32",
      "char next_comm[16]@40",
      "pid_t next_pid@56",
      "int next_prio@60",
    ]);
    const rq = parseFormat(texts[1]).fields.map((x) => `${x.decl}@${x.offset}/${x.size}`);
    expect(rq).toEqual([
      "dev_t dev@8/4",
      "sector_t sector@16/8",
      "unsigned int nr_sector@24/4",
      "int errors@28/4",
      "char rwbs[8]@32/8",
      "__data_loc char[] cmd@40/4",
    ]);
  });

  it("ids are unique, and each event's id file says the ID its format says", async () => {
    const ids = traceEvents().map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    const sh = liveShell();
    for (const p of [
      "sched/sched_switch",
      "syscalls/sys_exit_openat",
      "xfs/xfs_ilock",
      "raw_syscalls/sys_enter",
    ]) {
      const id = (await sh(`cat ${T}/events/${p}/id`)).stdout;
      const format = (await sh(`cat ${T}/events/${p}/format`)).stdout;
      expect(id).toMatch(/^\d+\n$/);
      expect(format.split("\n")[1]).toBe(`ID: ${id.trim()}`);
    }
  });

  it("available_events has one line per event: the table, then every kprobe event perf probe adds", async () => {
    const sh = liveShell();
    const lines = async () => (await sh(`cat ${T}/available_events`)).stdout.split("\n").filter(Boolean);
    expect((await sh(`cat ${T}/available_events | wc -l`)).stdout.trim()).toBe(String(traceEvents().length));
    const before = await lines();
    expect(new Set(before)).toEqual(new Set(traceEvents().map((e) => `${e.subsys}:${e.name}`)));
    for (const l of [
      "hostname vm0",
      "shine -L start; shine -L mount",
      "perf probe -q -m ptlrpc ldlm_res_hash_dump",
    ])
      expect((await sh(l)).code, l).toBe(0);
    expect((await sh(`cat ${T}/available_events | wc -l`)).stdout.trim()).toBe(
      String(traceEvents().length + 1),
    );
    // The newest event heads the kernel's list.
    expect((await lines())[0]).toBe("probe:ldlm_res_hash_dump");
    // Its tracefs directory appears too, with the layout of a kprobe record.
    expect((await sh(`ls ${T}/events/probe`)).stdout).toBe("enable\nfilter\nldlm_res_hash_dump\n");
    const f = parseFormat((await sh(`cat ${T}/events/probe/ldlm_res_hash_dump/format`)).stdout);
    expect(f.fields).toEqual([{ decl: "unsigned long __probe_ip", offset: 8, size: 8, signed: 0 }]);
    expect(Number((await sh(`cat ${T}/events/probe/ldlm_res_hash_dump/id`)).stdout)).toBe(
      Math.max(...traceEvents().map((e) => e.id)) + 1,
    );
    expect((await sh("perf probe -q -d 'probe:*'")).code).toBe(0);
    expect((await sh(`cat ${T}/available_events | wc -l`)).stdout.trim()).toBe(String(traceEvents().length));
    expect((await sh(`ls -d ${T}/events/probe`)).code).not.toBe(0);
  });

  it("ls, cd, globs and find walk the tree; enable and filter keep what is written; format is read-only", async () => {
    const sh = liveShell();
    const subsystems = [...new Set(traceEvents().map((e) => e.subsys))].sort();
    expect((await sh(`ls ${T}/events`)).stdout).toBe(
      `${["enable", "header_event", "header_page", ...subsystems].sort().join("\n")}\n`,
    );
    expect((await sh(`cd ${T}/events/sched && ls sched_switch`)).stdout).toBe("enable\nfilter\nformat\nid\n");
    expect((await sh(`ls -d ${T}/events/*/sched_switch`)).stdout).toBe(`${T}/events/sched/sched_switch\n`);
    expect((await sh(`find ${T}/events -name format | wc -l`)).stdout.trim()).toBe(
      String(traceEvents().length),
    );
    expect(
      (await sh(`test -d ${T}/events/kmem/kmalloc && test -f ${T}/events/kmem/kmalloc/format && echo ok`))
        .stdout,
    ).toBe("ok\n");
    expect(
      (await sh(`cat ${T}/events/sched/sched_switch/enable ${T}/events/sched/sched_switch/filter`)).stdout,
    ).toBe("0\nnone\n");
    await sh(`echo 1 > ${T}/events/sched/sched_switch/enable`);
    expect((await sh(`cat ${T}/events/sched/sched_switch/enable ${T}/events/sched/enable`)).stdout).toBe(
      "1\nX\n",
    );
    await sh(`echo 1 > ${T}/events/sched/enable`);
    expect((await sh(`cat ${T}/events/sched/enable ${T}/events/enable`)).stdout).toBe("1\nX\n");
    await sh(`echo 0 > ${T}/events/enable`);
    expect((await sh(`cat ${T}/events/sched/sched_wakeup/enable`)).stdout).toBe("0\n");
    await sh(`echo 'prev_pid == 0' > ${T}/events/sched/sched_switch/filter`);
    expect((await sh(`cat ${T}/events/sched/sched_switch/filter`)).stdout).toBe("prev_pid == 0\n");
    expect((await sh(`echo x > ${T}/events/sched/sched_switch/format`)).code).not.toBe(0);
    expect((await sh(`mkdir ${T}/events/mine`)).code).not.toBe(0);
    expect((await sh(`ls ${T}/events/nosuch`)).code).not.toBe(0);
    // Copying a format out of tracefs gives an ordinary file.
    await sh(`cp ${T}/events/sched/sched_switch/format /tmp/sw.fmt`);
    expect((await sh("head -1 /tmp/sw.fmt")).stdout).toBe("name: sched_switch\n");
  });

  it("costs the boot nothing: no event directory is a file of the in-memory tree, before or after use", async () => {
    const s = new ShellSession({ interactive: false, tools: defaultTools() });
    const inTree = () => s.fs.getAllPaths().filter((p) => p.startsWith(`${EVENTS_DIR}/`));
    expect(inTree()).toEqual([]);
    await s.run(`ls -R ${T}/events > /dev/null; cat ${T}/events/*/*/format > /dev/null`);
    expect(inTree()).toEqual([]);
    expect(s.fs.getAllPaths()).toContain(`${T}/available_events`);
    expect(s.fs.getAllPaths()).toContain(`${T}/kprobe_events`);
  });

  it("real tracepoints carry their TP_PROTO (what SystemTap's kernel.trace sees); syscalls:* have none", () => {
    expect(traceEvent("sched", "sched_switch")?.proto).toEqual([
      { type: "struct task_struct *", name: "prev" },
      { type: "struct task_struct *", name: "next" },
    ]);
    expect(traceEvent("raw_syscalls", "sys_enter")?.proto?.map((a) => a.name)).toEqual(["regs", "id"]);
    expect(traceEvent("syscalls", "sys_enter_open")?.proto).toBeNull();
    expect(traceEvent("syscalls", "sys_enter_open")?.syscallNr).toBe(2);
    for (const e of traceEvents()) if (e.subsys !== "syscalls") expect(e.proto, e.name).not.toBeNull();
  });
});

describe("tracefs refuses changes to its tree the way the kernel does", () => {
  it("mkdir, rm and writes to read-only files get strerror's words, not JavaScript errors", async () => {
    const sh = liveShell();
    const ev = "/sys/kernel/debug/tracing/events";
    expect((await sh(`mkdir ${ev}/foo`)).stderr).toBe(
      `mkdir: cannot create directory '${ev}/foo': Operation not permitted\n`,
    );
    expect((await sh(`rm ${ev}/sched/enable`)).stderr).toBe(
      `rm: cannot remove '${ev}/sched/enable': Operation not permitted\n`,
    );
    const w = await sh(`echo 1 > ${ev}/sched/sched_switch/id`);
    expect(w.stderr).toBe(`bash: ${ev}/sched/sched_switch/id: Permission denied\n`);
    expect(w.code).toBe(1);
    expect((await sh(`cat ${ev}/sched/sched_switch/id`)).stdout).toMatch(/^\d+\n$/);
  });
});
