import { afterEach, describe, expect, it } from "vitest";
import { createSimulatedGuest, type SimulatedGuest } from "../../emulator/guest/simulated-guest";
import { demoRepl, demoStream } from "./demo-tools";
import { TestTerminal } from "./terminal";

let guests: SimulatedGuest[] = [];
afterEach(() => {
  for (const g of guests) g.dispose();
  guests = [];
});

async function boot(cwd?: string, columns = 80, rows = 24) {
  const guest = createSimulatedGuest({ lab: { cwd }, tools: [demoRepl, demoStream], columns, rows });
  guests.push(guest);
  const term = new TestTerminal(guest, columns, rows);
  await guest.start();
  await term.waitForPrompt();
  return { guest, term };
}

/** Type a line and wait for the next shell prompt. */
async function runLine(term: TestTerminal, line: string): Promise<void> {
  const before = term.raw.length;
  term.type(`${line}\r`);
  await term.waitFor(() => term.raw.length > before && /\]# $/.test(term.raw.slice(before)));
  await term.settle();
}

describe("login and prompt", () => {
  it("shows the banner and a prompt tracking the cwd like \\W", async () => {
    const { term } = await boot("/var/crash/client_lbug");
    expect(term.text()).toMatch(
      /^Last login: \w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4} on ttyS0\n\[root@kdebug client_lbug\]#$/,
    );
    await runLine(term, "cd");
    expect(term.lastLines(1)[0]).toBe("[root@kdebug ~]#");
    await runLine(term, "cd /");
    expect(term.lastLines(1)[0]).toBe("[root@kdebug /]#");
  });

  it("Ctrl-D at an empty prompt logs out and logs in again; files stay, shell state does not", async () => {
    const { term, guest } = await boot();
    await runLine(term, "x=1; echo hi > /tmp/f; cd /tmp");
    term.type("\x04");
    await term.waitFor((t) => t.includes("kdebug login: root") && t.endsWith("]#"));
    expect(term.text()).toContain(
      "[root@kdebug tmp]# logout\n\nCentOS Linux 7 (Core)\nKernel 3.10.0-957.21.3.el7.x86_64 on an x86_64",
    );
    expect(await guest.inspect.cwd()).toBe("/root");
    await runLine(term, 'echo "[$x]"; cat /tmp/f');
    expect(term.lastLines(3).slice(0, 2)).toEqual(["[]", "hi"]);
  });

  it("`exit` prints logout", async () => {
    const { term } = await boot();
    term.type("exit\r");
    await term.waitFor((t) => t.includes("kdebug login: root"));
    expect(term.text()).toContain("[root@kdebug ~]# exit\nlogout\n");
  });
});

describe("line editing", () => {
  it("moves the cursor and edits in the middle of the line", async () => {
    const { term, guest } = await boot();
    // "echo wrld", Left x3, insert "o", Home, Ctrl-E: the line is "echo world".
    term.type("echo wrld\x1b[D\x1b[D\x1b[Do\x1b[H\x05\r");
    await term.waitFor((t) => t.includes("\nworld\n"));
    expect((await guest.inspect.history()).at(-1)).toEqual({ program: "sh", line: "echo world" });
  });

  it("supports Ctrl-A/E/U/K/W, Backspace, Delete and Ctrl-Y", async () => {
    const { term, guest } = await boot();
    term.type("xx echo abc def\x17\x17\x19ghi\x01\x1b[3~\x1b[3~\x1b[3~\x05\x7f!\r");
    await term.waitFor((t) => t.includes("abc gh!"));
    term.type("garbage\x15echo kept\x01\x06\x06\x06\x06\x0b\x19\r");
    await term.waitFor((t) => t.includes("\nkept\n"));
    const lines = (await guest.inspect.history()).map((e) => e.line);
    expect(lines.slice(-2)).toEqual(["echo abc gh!", "echo kept"]);
  });

  it("recalls history with Up/Down and the `history` builtin lists it", async () => {
    const { term } = await boot();
    await runLine(term, "echo one");
    await runLine(term, "echo two");
    // Up Up Up (bell at the oldest entry) Down: "echo two" again.
    term.type("\x1b[A\x1b[A\x1b[A\x1b[B\r");
    await term.waitFor((t) => t.endsWith("two\n[root@kdebug ~]#"));
    expect(term.screen.bells).toBe(1);
    await runLine(term, "history");
    // HISTCONTROL=ignoredups, as on CentOS: the repeated line is kept once.
    expect(term.lastLines(4)).toEqual([
      "    1  echo one",
      "    2  echo two",
      "    3  history",
      "[root@kdebug ~]#",
    ]);
  });

  it("redraws long lines that wrap", async () => {
    const { term } = await boot(undefined, 40, 24);
    const long = `echo ${"a".repeat(50)}`;
    // Ctrl-A, five Ctrl-F, insert X: the line becomes "echo Xaaa..." and wraps at 40 columns.
    term.type(`${long}\x01\x06\x06\x06\x06\x06X\r`);
    await term.waitFor((t) => t.trimEnd().endsWith("]#") && t.includes("\nX"));
    expect(term.text()).toContain(`[root@kdebug ~]# echo X${"a".repeat(17)}\n${"a".repeat(33)}\nXaaa`);
  });

  it("Ctrl-L clears the screen and keeps the line being typed", async () => {
    const { term } = await boot();
    await runLine(term, "echo before");
    term.type("echo kept\x0c");
    await term.settle();
    expect(term.text()).toBe("[root@kdebug ~]# echo kept");
  });

  it("completes commands and paths with Tab; lists on a second Tab after a bell", async () => {
    const { term } = await boot();
    term.type("unam\t");
    await term.waitFor((t) => t.endsWith("# uname"));
    term.type("\x15cd /var/cr\t");
    await term.waitFor((t) => t.endsWith("# cd /var/crash/"));
    term.type("s\t\r");
    await term.waitFor((t) => t.endsWith("[root@kdebug server_load]#"));
    term.type("ls /usr/share/bcc/tools/tcpc\t");
    await term.waitFor((t) => t.endsWith("tools/tcpconn"));
    const bells = term.screen.bells;
    term.type("\t");
    await term.settle();
    expect(term.screen.bells).toBe(bells + 1);
    term.type("\t");
    await term.waitFor((t) => t.includes("tcpconnect  tcpconnlat"));
    expect(term.lastLines(2)).toEqual([
      "tcpconnect  tcpconnlat",
      "[root@kdebug server_load]# ls /usr/share/bcc/tools/tcpconn",
    ]);
  });

  it("runs each line of a multi-line paste in turn, with continuation prompts", async () => {
    const { term } = await boot();
    term.type("echo first\rfor i in 1 2\rdo echo n$i\rdone\recho last\r");
    await term.waitFor((t) => t.endsWith("last\n[root@kdebug ~]#"));
    expect(term.text()).toContain(
      "[root@kdebug ~]# echo first\nfirst\n[root@kdebug ~]# for i in 1 2\n> do echo n$i\n> done\nn1\nn2\n[root@kdebug ~]# echo last\nlast",
    );
  });
});

describe("Ctrl-C", () => {
  it("at the prompt prints ^C and a new prompt", async () => {
    const { term } = await boot();
    term.type("echo abandoned\x03");
    await term.waitFor((t) => t.endsWith("echo abandoned^C\n[root@kdebug ~]#"));
  });

  it("interrupts `sleep 100` within 200 ms and keeps earlier output", async () => {
    const { term } = await boot();
    term.type("echo before; sleep 100\r");
    await term.waitFor((t) => t.endsWith("before"));
    await new Promise((r) => setTimeout(r, 30));
    const start = Date.now();
    term.type("\x03");
    await term.waitFor((t) => t.endsWith("before\n^C\n[root@kdebug ~]#"));
    expect(Date.now() - start).toBeLessThan(200);
    await runLine(term, "echo $?");
    expect(term.lastLines(2)[0]).toBe("130");
  });

  it("stops a streaming tool, which prints its summary", async () => {
    const { term } = await boot();
    term.type("demostream\r");
    await term.waitFor((t) => t.includes("tick 5"));
    const start = Date.now();
    term.type("\x03");
    await term.waitFor((t) => /\^C\n@ticks: \d+\n\[root@kdebug ~\]#$/.test(t));
    expect(Date.now() - start).toBeLessThan(200);
  });

  it("discards typeahead", async () => {
    const { term } = await boot();
    term.type("sleep 100\r");
    await term.settle();
    term.type("echo typed-ahead\r");
    term.type("\x03");
    await term.waitFor((t) => t.endsWith("^C\n[root@kdebug ~]#"));
    await term.settle(50);
    expect(term.text()).not.toContain("typed-ahead");
  });
});

describe("tools on the terminal", () => {
  it("runs a REPL with its own prompt, history and completion", async () => {
    const { term, guest } = await boot();
    term.type("demo\r");
    await term.waitFor((t) => t.endsWith("demo>"));
    term.type("hello\r");
    await term.waitFor((t) => t.endsWith("demo: hello\ndemo>"));
    term.type("al\t");
    await term.waitFor((t) => t.endsWith("demo> alp"));
    term.type("ha\r\x1b[A\x1b[A\r");
    await term.waitFor((t) => t.endsWith("demo: hello\ndemo>"));
    term.type("!echo $((0xffff917c6648f3c0 - 0xffff917c6648f000))\r");
    await term.waitFor((t) => t.endsWith("960\ndemo>"));
    term.type("spin\r");
    await term.settle();
    term.type("\x03");
    await term.waitFor((t) => t.endsWith("^C\ninterrupted\ndemo>"));
    term.type("abandon\x03");
    await term.waitFor((t) => t.endsWith("abandon^C\ndemo>"));
    term.type("q\r");
    await term.waitForPrompt();
    const history = await guest.inspect.history();
    expect(history).toEqual([
      { program: "sh", line: "demo" },
      { program: "demo", line: "hello" },
      { program: "demo", line: "alpha" },
      { program: "demo", line: "hello" },
      { program: "demo", line: "!echo $((0xffff917c6648f3c0 - 0xffff917c6648f000))" },
      { program: "demo", line: "spin" },
      { program: "demo", line: "q" },
    ]);
  });

  it("Ctrl-D in a REPL is end of input for the tool, not a logout", async () => {
    const { term } = await boot();
    term.type("demo\r");
    await term.waitFor((t) => t.endsWith("demo>"));
    term.type("\x04");
    await term.waitForPrompt();
    expect(term.text()).not.toContain("logout");
  });

  it("gives no terminal to a piped or redirected tool", async () => {
    const { term } = await boot();
    await runLine(term, "printf 'a\\nb\\nq\\nc\\n' | demo");
    expect(term.lastLines(3)).toEqual(["demo: a", "demo: b", "[root@kdebug ~]#"]);
    await runLine(term, "demostream 3 | wc -l");
    expect(term.lastLines(2)[0]).toBe("6");
    await runLine(term, "demo <<EOF\nx\nEOF");
    expect(term.lastLines(2)[0]).toBe("demo: x");
  });

  it("keeps output order when a statement before a tool prints", async () => {
    const { term } = await boot();
    term.type("echo start; demostream 2; echo end\r");
    await term.waitFor((t) => t.endsWith("end\n[root@kdebug ~]#"));
    expect(term.text()).toContain("start\nAttaching 1 probe...\ntick 1\ntick 2\n\n@ticks: 2\nend");
  });
});

describe("inspection", () => {
  it("reads files relative to the cwd and reports the cwd", async () => {
    const { term, guest } = await boot("/var/crash/server_load");
    expect(await guest.inspect.cwd()).toBe("/var/crash/server_load");
    expect((await guest.inspect.readFile("vmcore"))?.split("\n")[0]).toBe("KDEBUG-VMCORE server_load");
    await runLine(term, "echo data > out.txt");
    expect(await guest.inspect.readFile("/var/crash/server_load/out.txt")).toBe("data\n");
    expect(await guest.inspect.readFile("missing")).toBeNull();
  });
});
