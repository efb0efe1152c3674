/**
 * The talk's crash slides replayed against the simulated vmcores: each command of transcripts
 * 01-11, 26 and 27 is run in a crash session and its output compared with the slide (blanks
 * collapsed, as the slides' source collapsed them; `...` is elided output).
 */
import { describe, expect, it } from "vitest";
import { formatSysBlock } from "../../emulator/tools/crash/commands/sys";
import { crashSession, matchTranscript, readTranscript, squash } from "./tasks-harness";

async function replay(
  scenario: Parameters<typeof crashSession>[0],
  transcript: string,
  skip: readonly string[] = [],
) {
  const t = crashSession(scenario);
  const blocks = await readTranscript(transcript);
  const results: { command: string; output: string }[] = [];
  for (const b of blocks) {
    if (b.command === "" || b.command.startsWith("cd ") || b.command.startsWith("crash ")) continue;
    const output = await t.run(b.command);
    results.push({ command: b.command, output });
    if (skip.includes(b.command)) continue;
    const m = matchTranscript(output, b.output);
    expect(m.ok, `${transcript}: ${b.command}\n${m.detail}\n--- output ---\n${output}`).toBe(true);
  }
  return { t, results };
}

describe("client_lbug slides", () => {
  it("01 startup: the sys and context blocks name the panic and the panic task", async () => {
    const t = crashSession("client_lbug");
    const text = formatSysBlock(t.session, { startup: true });
    const [block] = (await readTranscript("01-crash-startup.txt")).filter((b) =>
      b.command.startsWith("crash "),
    );
    const expected = block.output.filter((l) => l.trim() !== "crash>");
    const m = matchTranscript(text, expected);
    expect(m.ok, `${m.detail}\n${text}`).toBe(true);
    // the startup form lines the context block up with the sys block
    expect(text).toContain('       PANIC: "Kernel panic - not syncing: LBUG"\n');
    expect(text).toContain('         PID: 12295\n     COMMAND: "trinity-c30"\n');
    expect(text).toMatch(
      /\n {8}TASK: ffff9f955eae6180 {2}\[THREAD_INFO: [0-9a-f]{16}\]\n {9}CPU: 4\n {7}STATE: TASK_RUNNING \(PANIC\)\n$/,
    );
  });

  it("02 dmesg | tail -n 31 | head -n 13", async () => {
    const { results } = await replay("client_lbug", "02-dmesg.txt");
    // the real widths: seconds right-justified in 5 columns
    expect(results[0].output.split("\n")[0]).toMatch(
      /^\[ {2}319\.474274\] LustreError: 12295:0:\(file\.c:2200:ll_put_grouplock\(\)\)/,
    );
  });

  it("03 bt: frames, module suffixes and the syscall register block", async () => {
    const { results } = await replay("client_lbug", "03-bt.txt");
    const lines = results[0].output.split("\n");
    expect(lines[0]).toBe('PID: 12295  TASK: ffff9f955eae6180  CPU: 4   COMMAND: "trinity-c30"');
    expect(lines[1]).toBe(" #0 [ffff9f94f45dfb80] machine_kexec at ffffffffa4c63934");
    expect(lines[5]).toBe(" #4 [ffff9f94f45dfd50] ll_put_grouplock at ffffffffc0fcb92c [lustre]");
    expect(lines[10]).toBe("    RIP: 00007f7a30a931c9  RSP: 00007fff2314c668  RFLAGS: 00010216");
    expect(lines[13]).toBe("    RBP: 00007f7a310ad000   R8: 00000064200a4f56   R9: ffffffffbbbbbbbc");
    expect(lines[16]).toBe("    ORIG_RAX: 0000000000000010  CS: 0033  SS: 002b");
  });

  it("04 files: fd 55 (RDI 0x37) is /mnt/lustre0/testdir/testfile", async () => {
    // `p/d 0x37` belongs to the p command; only files is replayed here.
    const { results } = await replay("client_lbug", "04-files.txt", ["p/d 0x37"]);
    const files = results.find((r) => r.command === "files")!.output;
    expect(files).toContain(" FD       FILE            DENTRY           INODE       TYPE PATH\n");
    expect(files).toMatch(
      /\n 55 ffff9f956da1ff00 ffff9f94e6411cc0 ffff9f920bdaad90 REG {2}\/mnt\/lustre0\/testdir\/testfile\n/,
    );
  });

  it("05 bt -FF: the words of frame #6, symbols and slab objects", async () => {
    await replay("client_lbug", "05-bt-FF.txt");
  });

  it("06 bt -l after mod -s: the LASSERT is at file.c: 2200", async () => {
    const { results } = await replay("client_lbug", "06-bt-l.txt", ["mod -s libcfs", "mod -s lustre"]);
    // mod -s prints its table row (the slide left it out)
    expect(results[0].output).toMatch(
      /OBJECT FILE\n[0-9a-f]{16} {2}libcfs +\d+ {2}\/usr\/lib\/debug\/lib\/modules\/3\.10\.0-957\.21\.3\.el7\.x86_64\/extra\/lustre\/net\/libcfs\.ko\.debug \n$/,
    );
    const bt = results[2].output.split("\n");
    const i = bt.findIndex((l) => l.startsWith(" #4 "));
    expect(bt[i + 1]).toBe("    /usr/src/debug/lustre-2.12.3/lustre/llite/file.c: 2200");
  });

  it("no source lines for module frames before mod -s", async () => {
    const t = crashSession("client_lbug");
    const out = await t.run("bt -l");
    const lines = out.split("\n");
    const i = lines.findIndex((l) => l.startsWith(" #4 "));
    expect(lines[i + 1].startsWith(" #5 ")).toBe(true);
    // vmlinux frames have their lines without mod -s
    expect(out).toContain("fs/ioctl.c: 44\n");
  });
});

describe("server_load slides", () => {
  it("07 startup: SysRq crash of bash 4715", async () => {
    const t = crashSession("server_load");
    const text = formatSysBlock(t.session, { startup: true });
    const [block] = (await readTranscript("07-crash-startup-server.txt")).filter((b) =>
      b.command.startsWith("crash "),
    );
    const m = matchTranscript(
      text,
      block.output.filter((l) => l.trim() !== "crash>"),
    );
    expect(m.ok, `${m.detail}\n${text}`).toBe(true);
    expect(text).toMatch(/STATE: TASK_RUNNING \(SYSRQ\)\n$/);
  });

  it("08 ps", async () => {
    const { results } = await replay("server_load", "08-ps.txt");
    const out = results[0].output;
    expect(out.split("\n")[0]).toBe("   PID    PPID  CPU       TASK        ST  %MEM     VSZ    RSS  COMM");
    expect(out).toContain(">  5389      2   0  ffff917cbba330c0  RU   0.0       0      0  [ll_ost00_003]\n");
  });

  it("09 ps -l", async () => {
    await replay("server_load", "09-ps-l.txt");
  });

  it("10 foreach bt > file, then awk | clubak -c", async () => {
    const t = crashSession("server_load");
    expect(await t.run("foreach bt > foreach_bt")).toBe("");
    const file = await t.bash.fs.readFile("/var/crash/server_load/foreach_bt");
    expect(file).toContain('PID: 5389   TASK: ffff917cbba330c0  CPU: 0   COMMAND: "ll_ost00_003"\n');
    const awk = `awk '/PID:/ {PID=$2;PNAME=$8} /^ ?#/ {print PNAME": "$1" "$3" "$5}' foreach_bt`;
    const r = await t.sh(awk);
    const mine = squash(r.stdout).filter((l) => l.startsWith('"ll_ost00_003": '));
    const [, clubakBlock] = await readTranscript("10-foreach-bt.txt");
    const frames = clubakBlock.output.filter((l) => l.startsWith("#"));
    expect(frames.length).toBe(11);
    for (const f of frames) expect(mine).toContain(`"ll_ost00_003": ${f}`);
  });

  it("11 bt -FF 5389 after mod -S", async () => {
    await replay("server_load", "11-bt-FF-5389.txt");
  });
});

describe("ls_stuck slides", () => {
  it("26 foreach bt: the unlink thread and the seven getattr threads", async () => {
    const t = crashSession("ls_stuck");
    await t.run("foreach bt > foreach_bt");
    const r = await t.sh(
      `awk '/PID:/ {PID=$2;PNAME=$8} /^ ?#/ {print PNAME"/"PID": "$1" "$3" "$5}' foreach_bt`,
    );
    const lines = squash(r.stdout);
    const text = await readTranscript("26-ls-stuck-foreach-bt.txt").catch(() => []);
    expect(text).toBeDefined();
    const unlink = lines.filter((l) => l.startsWith('"mdt01_033"/25786: '));
    expect(unlink.map((l) => l.split(": ")[1])).toEqual([
      "#0 __schedule ffffffff97768a32",
      "#1 schedule ffffffff97768ed9",
      "#2 ldlm_completion_ast ffffffffc0ea9aad",
      "#3 ldlm_cli_enqueue_local ffffffffc0eaab63",
      "#4 mdt_object_local_lock ffffffffc14d1dc2",
      "#5 mdt_object_lock_internal ffffffffc14d240e",
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
    // Only one task is in mdt_reint_unlink: the answer to "which thread holds the directory lock".
    const unlinkers = new Set(
      lines.filter((l) => l.includes(" mdt_reint_unlink ")).map((l) => l.split(": ")[0]),
    );
    expect([...unlinkers]).toEqual(['"mdt01_033"/25786']);
    const getattr = [
      "mdt00_069/18640",
      "mdt00_100/18689",
      "mdt00_117/18714",
      "mdt01_041/25805",
      "mdt01_058/18667",
      "mdt01_088/18734",
      "mdt01_109/7506",
    ];
    for (const g of getattr) {
      const [name, pid] = g.split("/");
      const mine = lines.filter((l) => l.startsWith(`"${name}"/${pid}: `)).map((l) => l.split(": ")[1]);
      expect(mine[6], g).toBe("#6 mdt_getattr_name_lock ffffffffc14d31b4");
      expect(mine[16], g).toBe("#16 kthread ffffffff970c1da1");
    }
  });

  it("27 ps -l with the author's '... 1700s ago' notes as gaps", async () => {
    await replay("ls_stuck", "27-ls-stuck-ps-l.txt");
  });
});
