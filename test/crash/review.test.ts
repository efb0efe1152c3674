/**
 * Exploratory review of crash beyond the talk's transcripts: options, objects and bad inputs a
 * learner tries, checked against crash 7.2.3's own formats and messages (read from its source:
 * symbols.c, memory.c, tools.c, filesys.c) and against values read independently from the
 * scenario model.
 */
import { describe, expect, it } from "vitest";
import { openFiles } from "../../emulator/kernel/linux/files";
import { panicTask } from "../../emulator/kernel/linux/tasks";
import { crashSession } from "./tasks-harness";

const hex = (v: bigint) => v.toString(16);

describe("struct: several members without an address", () => {
  it("warns, then shows the whole declaration with its offsets (crash sets SHOW_OFFSET)", async () => {
    const t = crashSession("server_load");
    const out = (await t.run("struct list_head.next,prev")).split("\n");
    expect(out[0]).toBe("struct: multiple member format not supported in this syntax");
    expect(out.slice(1, 6)).toEqual([
      "struct list_head {",
      "   [0] struct list_head *next;",
      "   [8] struct list_head *prev;",
      "}",
      "SIZE: 16",
    ]);
    // The same as asking for the offsets in the first place.
    expect(out.slice(1).join("\n")).toBe(await t.run("struct -o list_head"));
  });
});

describe("p: the failed gdb request", () => {
  it("names the request without crash's option words", async () => {
    const t = crashSession("server_load");
    const out = await t.run("p -x no_such_symbol_here");
    expect(out).toBe(
      'No symbol "no_such_symbol_here" in current context.\np: gdb request failed: p no_such_symbol_here\n',
    );
  });

  it("p/x goes to gdb as typed", async () => {
    const t = crashSession("server_load");
    const out = await t.run("p/x no_such_symbol_here");
    expect(out).toBe(
      'No symbol "no_such_symbol_here" in current context.\ngdb: gdb request failed: p/x no_such_symbol_here\n',
    );
  });
});

describe("p: gdb's value history counted back from the end", () => {
  it("$$ is the value before the last, $$N the Nth before, $$0 the last", async () => {
    const t = crashSession("server_load");
    expect(await t.run("p 11")).toBe("$1 = 11\n");
    expect(await t.run("p 22")).toBe("$2 = 22\n");
    expect(await t.run("p 33")).toBe("$3 = 33\n");
    expect(await t.run("p $$")).toBe("$4 = 22\n");
    // History: 11 22 33 22; three back from $4 is $1.
    expect(await t.run("p $$3")).toBe("$5 = 11\n");
    expect(await t.run("p $$0")).toBe("$6 = 11\n");
    // History: 11 22 33 22 11 11; two back from $6 is $4.
    expect(await t.run("p $$2 + 1")).toBe("$7 = 23\n");
    expect(await t.run("p $$9")).toBe("History does not go back to $$9.\np: gdb request failed: p $$9\n");
  });
});

describe("p: a char pointer into a symbol", () => {
  it("shows <symbol+offset> before the string, as gdb does for any pointer", async () => {
    const t = crashSession("server_load");
    const prog = t.session.prog;
    const init = prog.symbol("init_task");
    const comm = prog.offsetOf("task_struct", "comm");
    const name = prog.readCString(init.address + BigInt(comm) + 1n, 16);
    expect(await t.run("p init_task.comm + 1")).toBe(
      `$1 = 0x${hex(init.address + BigInt(comm) + 1n)} <init_task+${comm + 1}> "${name}"\n`,
    );
  });
});

describe("options crash 7.2.3 does not have", () => {
  it("rd has no -R (reverse came later)", async () => {
    const t = crashSession("server_load");
    const out = await t.run("rd -R jiffies 4");
    expect(out.split("\n")[0]).toBe("rd: invalid option -- 'R'");
    expect(out).toContain("Usage:\n  rd [-adDsSupxmfN][-8|-16|-32|-64]");
  });

  it("list has no -B or -O", async () => {
    const t = crashSession("server_load");
    expect((await t.run("list -B task_struct.tasks -h init_task")).split("\n")[0]).toBe(
      "list: invalid option -- 'B'",
    );
    expect((await t.run("list -O 8 -h init_task")).split("\n")[0]).toBe("list: invalid option -- 'O'");
  });
});

describe("files -c", () => {
  it("shows each file's inode, i_mapping and page count", async () => {
    const t = crashSession("client_lbug");
    const prog = t.session.prog;
    const task = panicTask(prog);
    const fds = openFiles(prog, task);
    const out = (await t.run("files -c")).split("\n");
    expect(out[2]).toBe(" FD      INODE          I_MAPPING     NRPAGES TYPE PATH");
    const rows = out.slice(3).filter((l) => l !== "");
    expect(rows.length).toBe(fds.length);
    for (const [i, f] of fds.entries()) {
      const mapping = prog.readMember(f.inode, "inode", "i_mapping");
      const pages = prog.readMember(mapping, "address_space", "nrpages");
      const fields = rows[i].trim().split(/\s+/);
      expect(fields.slice(0, 4)).toEqual([String(f.fd), hex(f.inode), hex(mapping), String(pages)]);
    }
    // foreach passes -c on to files.
    const each = await t.run(`foreach ${task.pid} files -c`);
    expect(each).toContain(out.slice(2).join("\n"));
  });
});

describe("*name typed without a space", () => {
  it("is the * command (crash's check_special_handling)", async () => {
    const t = crashSession("server_load");
    const addr = hex(
      t.session.prog.symbol("init_task").address + BigInt(t.session.prog.offsetOf("task_struct", "tasks")),
    );
    const joined = await t.run(`*list_head ${addr}`);
    expect(joined).toBe(await t.run(`* list_head ${addr}`));
    expect(joined.startsWith("struct list_head {\n  next = 0x")).toBe(true);
  });
});

describe("search -x: context around each match", () => {
  it("shows rd-style lines before and after, the match as `address:  value`, then a blank line", async () => {
    const t = crashSession("client_lbug");
    const prog = t.session.prog;
    const task = panicTask(prog);
    // The task's own address sits in its thread_info (first word of the stack page).
    const stack = prog.readMember(task.address, "task_struct", "stack");
    const out = await t.run(`search -x 2 -s ${hex(stack)} -l 8 ${hex(task.address)}`);
    const ascii = (a: bigint) =>
      Array.from({ length: 16 }, (_, i) => {
        const c = prog.readU8(a + BigInt(i));
        return c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : ".";
      }).join("");
    const word = (a: bigint) => prog.readU64(a).toString(16).padStart(16, "0");
    const line = (a: bigint) => `${hex(a)}:  ${word(a)} ${word(a + 8n)}   ${ascii(a)}`;
    expect(out).toBe(`${line(stack - 16n)}\n${hex(stack)}:  ${hex(task.address)} \n${line(stack + 8n)}\n\n`);
  });
});

describe("set: crash's on/off variables", () => {
  it("shows and changes them as crash prints them; a bad value is an invalid command", async () => {
    const t = crashSession("server_load");
    expect(await t.run("set hash")).toBe("hash: on\n");
    expect(await t.run("set hash off")).toBe("hash: off\n");
    expect(await t.run("set redzone 0")).toBe("redzone: off\n");
    expect(await t.run("set core on")).toBe("core: on (drop core on error message)\n");
    expect(await t.run("set zero_excluded maybe")).toBe("set: invalid command: set zero_excluded maybe \n");
    const v = await t.run("set -v");
    expect(v).toContain("          hash: off\n");
    expect(v).toContain("       redzone: off\n");
    // Not a variable: still a pid or task.
    expect(await t.run("set toString")).toBe("set: invalid task or pid value: toString\n");
  });
});
