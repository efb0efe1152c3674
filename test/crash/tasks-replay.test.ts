/**
 * The talk's crash slides replayed against the simulated vmcores: each command of transcripts
 * 01-11, 26 and 27 is run in a crash session and its output compared with the slide (blanks
 * collapsed, as the slides' source collapsed them; `...` is elided output).
 */
import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { clubakCommand } from "../../emulator/shell/commands/clubak";
import { formatSysBlock } from "../../emulator/tools/crash/commands/sys";
import { crashSession, matchTranscript, readTranscript } from "./tasks-harness";

/** One clubak group: its header block (dashes, node set, dashes) and lines, up to the next header. */
function clubakGroup(out: string, nodes: string): string {
  const lines = out.split("\n");
  const h = lines.findIndex(
    (l, i) => l === nodes && lines[i - 1] === "---------------" && lines[i + 1] === "---------------",
  );
  if (h < 0) return "";
  let end = h + 2;
  while (end < lines.length && !(lines[end] === "---------------" && lines[end + 2] === "---------------"))
    end++;
  return lines.slice(h - 1, end).join("\n");
}

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
    // p/d 0x37 (the p command) turns RDI into the fd number: $1 = 55
    const { results } = await replay("client_lbug", "04-files.txt");
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
    const t = crashSession("server_load", { shellCommands: [clubakCommand] });
    const [save, pipeline] = await readTranscript("10-foreach-bt.txt");
    expect(await t.run(save.command)).toBe("");
    const file = await t.bash.fs.readFile("/var/crash/server_load/foreach_bt");
    expect(file).toContain('PID: 5389   TASK: ffff917cbba330c0  CPU: 0   COMMAND: "ll_ost00_003"\n');
    const out = await t.run(pipeline.command);
    const group = clubakGroup(out, '"ll_ost00_003"');
    const m = matchTranscript(group, pipeline.output);
    expect(m.ok, `${m.detail}\n--- group ---\n${group}`).toBe(true);
  });

  it("11 bt -FF 5389 after mod -S", async () => {
    await replay("server_load", "11-bt-FF-5389.txt");
  });
});

describe("ls_stuck slides", () => {
  it("26 foreach bt | clubak -c: the unlink thread apart from the seven getattr threads", async () => {
    const t = crashSession("ls_stuck", { shellCommands: [clubakCommand] });
    await t.run("foreach bt > foreach_bt");
    // The slide does not show its command; its keys are "name"/pid.
    const out = await t.run(
      `! awk '/PID:/ {PID=$2;PNAME=$8} /^ ?#/ {print PNAME"/"PID": "$1" "$3" "$5}' foreach_bt | clubak -c`,
    );
    // The slide prints the two groups side by side: split its columns at the right one's indent.
    const text = await readFile("/work/shared/talk/transcripts/26-ls-stuck-foreach-bt.txt", "utf8");
    const body = text.slice(text.indexOf("\n\n") + 2).split("\n");
    const left = body.map((l) => l.slice(0, 52).trim()).filter(Boolean);
    const right = body.map((l) => l.slice(52).trim()).filter(Boolean);
    const unlink = clubakGroup(out, '"mdt01_033"/25786');
    const mu = matchTranscript(unlink, left);
    expect(mu.ok, `${mu.detail}\n${unlink}`).toBe(true);
    // the right column's node list wraps on the slide: compare the joined header
    const header = right.slice(1, right.indexOf("---------------", 1)).join("");
    const getattr = clubakGroup(out, header);
    const frames = right.slice(right.indexOf("---------------", 1) + 1);
    const mg = matchTranscript(getattr, ["---------------", header, "---------------", ...frames]);
    expect(mg.ok, `${mg.detail}\n${getattr}`).toBe(true);
    // Only one task is in mdt_reint_unlink: the thread holding the directory lock.
    const file = await t.bash.fs.readFile("/var/crash/ls_stuck/foreach_bt");
    const unlinkers = file.split("\n\n").filter((b) => b.includes(" mdt_reint_unlink at "));
    expect(unlinkers.map((b) => b.split("\n")[0])).toEqual([
      'PID: 25786  TASK: ffff947dadf61040  CPU: 12  COMMAND: "mdt01_033"',
    ]);
  });

  it("27 ps -l with the author's '... 1700s ago' notes as gaps", async () => {
    await replay("ls_stuck", "27-ls-stuck-ps-l.txt");
  });
});
