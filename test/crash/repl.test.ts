import { describe, expect, it } from "vitest";
import { completer, executeLine } from "../../emulator/tools/crash/repl";
import { buildTestProgram, CONNECTION, EXPORT, harness, RESOURCE, WAITING_LOCKS } from "./harness";

const hx = (v: bigint) => v.toString(16);
const head = hx(RESOURCE + 0x30n);

describe("pipes, redirections and shell escapes", () => {
  it("pipes output to the guest shell", async () => {
    const h = harness(buildTestProgram(25, 3));
    expect(await h.run(`list -H ${hx(RESOURCE + 0x20n)} | wc -l`)).toBe("25\n");
    const counted = await h.run(
      `list -H ${head} ldlm_lock.l_res_link -S ldlm_lock.l_export | awk '/l_export/ { print $3 }' | sort | uniq -c`,
    );
    expect(counted.trim().split(/\s+/)).toEqual(["3", `0x${hx(EXPORT)}`]);
    // errors go into the pipe too, as crash writes them to its pipe
    expect(await h.run("struct nosuch | wc -l")).toBe("1\n");
  });
  it("writes and appends files, and runs !commands", async () => {
    const h = harness();
    expect(await h.run(`list -H ${head} ldlm_lock.l_res_link > locks`)).toBe("");
    expect(await h.run(`list -H ${head} ldlm_lock.l_res_link >> locks`)).toBe("");
    expect(await h.run("!wc -l locks")).toBe("6 locks\n");
    expect(await h.fs.readFile("locks")).toBe(
      WAITING_LOCKS.map((l) => `${hx(l)}\n`)
        .join("")
        .repeat(2),
    );
    expect(await h.run("p jiffies > /root")).toBe("crash: unable to open /root\n");
    expect(await h.run("|echo hi")).toBe("hi\n");
    // `->` is not a redirection
    expect(await h.run(`p ((struct ldlm_lock *)0x${hx(WAITING_LOCKS[1])})->l_req_mode`)).toBe(
      "$1 = LCK_PR\n",
    );
    expect(await h.fs.exists("l_req_mode")).toBe(false);
    // errors also reach the terminal when output goes to a file
    expect(await h.run("struct nosuch > err")).toBe("struct: invalid data structure reference: nosuch\n");
    expect(await h.fs.readFile("err")).toBe("struct: invalid data structure reference: nosuch\n");
  });
  it("reports crash's redirection errors", async () => {
    const h = harness();
    expect(await h.run("p jiffies |")).toBe("crash: no shell command after '|'\n");
    expect(await h.run("p jiffies !")).toBe("crash: no shell command after '!'\n");
    expect(await h.run("p jiffies | wc |")).toBe("crash: pipe to nowhere?\n");
    expect(await h.run("p jiffies >")).toBe("crash: no file name after >\n");
    expect(await h.run("p jiffies >>")).toBe("crash: no file name after >>\n");
  });
});

describe("input files", () => {
  it("runs a command once per line with the line's words appended", async () => {
    const h = harness();
    await h.fs.writeFile("export", `0x${hx(EXPORT)}\n\n# a comment\n${hx(EXPORT)}\n`);
    expect(await h.run("rd -o 0x118 < export")).toBe(
      `${hx(EXPORT + 0x118n)}:  ${hx(CONNECTION)}                    ....|...\n`.repeat(2),
    );
    expect(await h.run("rd -o 0x118 <export | awk '{ print $2 }'")).toBe(`${hx(CONNECTION)}\n`.repeat(2));
    // the file's words replace `< file` where it stands
    await h.fs.writeFile("members", "l_req_mode\nl_pid\n");
    await h.fs.writeFile("locks", WAITING_LOCKS.map((l) => hx(l)).join("\n"));
    expect(await h.run(`struct ldlm_lock.l_pid < locks`)).toBe("  l_pid = 5389\n".repeat(3));
    // inside a parenthesized expression the line is substituted into the text
    expect(await h.run("p ((struct ldlm_lock *)0x<locks)->l_req_mode")).toBe(
      "$1 = LCK_PW\n$2 = LCK_PR\n$3 = LCK_PW\n",
    );
    // an empty or missing file is not an input file: `<` stays an argument, as in crash
    await h.fs.writeFile("empty", "");
    expect(await h.run("rd < empty")).toBe("symbol not found: <\npossible alternatives:\n  (none found)\n");
  });
  it("runs a whole-line input file, echoing each command", async () => {
    const h = harness();
    await h.fs.writeFile("cmds", "p jiffies\n# skipped\n\nnet -N 33605642\n");
    expect(await h.run("< cmds")).toBe(
      "crash> p jiffies\njiffies = $1 = 4295012345\ncrash> net -N 33605642\n10.200.0.2\n",
    );
    expect(await h.run("< nofile")).toBe("crash: nofile: No such file or directory\n");
  });
  it("stops a per-line loop on Ctrl-C", async () => {
    const h = harness();
    await h.fs.writeFile("many", `${hx(EXPORT)}\n`.repeat(50000));
    setTimeout(() => h.signal.press(), 5);
    const out = await h.run("rd < many");
    const n = out.split("\n").length;
    expect(n).toBeGreaterThan(1);
    expect(n).toBeLessThan(50000);
    // the next command runs normally
    expect(await h.run("net -N 33605642")).toBe("10.200.0.2\n");
  });
});

describe("dispatch", () => {
  it("skips comments and expands aliases", async () => {
    const h = harness();
    expect(await h.run("# p jiffies", "// p jiffies")).toBe("");
    expect(await h.run("px jiffies")).toBe("jiffies = $1 = 0x10000aff9\n");
    expect(await h.run("hex")).toBe("output radix: 16 (hex)\n");
    expect(await h.run("dec")).toBe("output radix: 10 (decimal)\n");
  });
  it("falls back to p, struct and whatis for symbols and types", async () => {
    const h = harness();
    expect(await h.run("jiffies")).toBe("jiffies = $1 = 4295012345\n");
    expect(await h.run(`ldlm_lock.l_req_mode ${hx(WAITING_LOCKS[0])}`)).toBe("  l_req_mode = LCK_PW\n");
    expect(await h.run("atomic_t")).toBe("typedef struct {\n    int counter;\n} atomic_t;\nSIZE: 4\n");
    expect(await h.run("enum ldlm_type")).toContain(
      "enum ldlm_type {LDLM_PLAIN = 10, LDLM_EXTENT, LDLM_FLOCK, LDLM_IBITS}\n",
    );
    expect(await h.run("nosuch")).toBe("crash: command not found: nosuch\n");
    expect(await h.run("ptype struct list_head")).toContain("struct list_head {\n");
    expect(await h.run("p/x 255")).toBe("$2 = 0xff\n");
  });
  it("quits on q and exit", async () => {
    const h = harness();
    expect(await executeLine(h.session, "q")).toBe("quit");
    expect(await executeLine(h.session, "exit")).toBe("quit");
    expect(await executeLine(h.session, "p jiffies")).toBeUndefined();
  });
  it("prints the explain walk on the terminal only", async () => {
    const h = harness();
    const out = await h.run(`struct ptlrpc_connection.c_peer.nid ${hx(CONNECTION)} --explain | wc -l`);
    expect(out.startsWith("1\n")).toBe(true);
    expect(out).toContain(
      "[explain] memory walk behind this output (kdebug-lab addition, not crash output):\n",
    );
    expect(out).toContain(
      `ptlrpc_connection.c_peer.nid  ${hx(CONNECTION)} +0x18 = ${hx(CONNECTION + 0x18n)}  ->  562950134300674`,
    );
    await h.run("set explain on");
    expect(await h.run(`list -H ${head}`)).toContain("entry 3: list_head.next");
    await h.run("set explain off");
    expect(await h.run(`list -H ${head}`)).not.toContain("[explain]");
  });
});

describe("completion", () => {
  it("completes commands, types, members and symbols", () => {
    const h = harness();
    const c = completer(h.session);
    expect(c("str")).toEqual(["struct"]);
    expect(c("struct ldlm_res")).toEqual(["ldlm_res_id", "ldlm_resource"]);
    expect(c("struct ldlm_lock.l_ex")).toEqual(["ldlm_lock.l_export"]);
    expect(c("p jiff")).toEqual(["jiffies"]);
    expect(c("sym ldlm_run")).toEqual(["ldlm_run_ast_work"]);
  });
});
