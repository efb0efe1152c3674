/**
 * Conformance sweep: every line of the shared crash command list
 * (/work/shared/conformance/crash/commands.txt: crash-test's command script and the EXAMPLES of
 * crash's help pages, made generic) is made concrete with values computed from each scenario
 * (a pid and task from the task list, a module from the module list, a slab object, a struct
 * member offset...) and run in one crash session per scenario.
 *
 * What is checked is what a learner must never see: JavaScript leaking into the terminal
 * (TypeError, undefined, NaN, [object ...], stack frames, "internal error"), a command that
 * prints nothing where crash always prints something, a usage error without crash's
 * `Enter "help X"` line, and crash commands we do not model answering silently or as
 * something else (`mount` is a crash command first, not `struct mount`).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { listModules } from "../../emulator/kernel/linux/modules";
import { listTasks, panicTask } from "../../emulator/kernel/linux/tasks";
import type { Program } from "../../emulator/kernel/program";
import { UNMODELLED_COMMANDS } from "../../emulator/tools/crash/repl";
import { crashSession, type ScenarioId } from "./tasks-harness";

const LIST = "/work/shared/conformance/crash/commands.txt";

/** The generic command lines, without their `# source` comments. */
function genericLines(): string[] {
  return readFileSync(LIST, "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => l.replace(/\s+#.*$/, "").trim());
}

const hex = (v: bigint) => v.toString(16);

/** Values a learner would pick from the dump itself (ps, mod, kmem -s, struct -o). */
function scenarioValues(prog: Program) {
  const panic = panicTask(prog);
  const tasks = listTasks(prog);
  const kthreadd = tasks.find((t) => t.pid === 2)!;
  const withFiles = tasks.find((t) => t.pid > 0 && t.files !== 0n && t.comm !== panic.comm) ?? panic;
  const off = (s: string, m: string) => prog.offsetOf(s, m);
  const modules = listModules(prog).map((m) => m.name);
  const module = modules.includes("ptlrpc") ? "ptlrpc" : modules[0];
  const cache = [...prog.slabs.caches.values()].find((c) => c.name === "task_struct")!;
  const text = prog.symbols.lookup("schedule")!;
  return {
    pid: panic.pid,
    task: hex(panic.address),
    comm: panic.comm,
    cpu: panic.cpu,
    otherPid: withFiles.pid,
    kthreadd: hex(kthreadd.address),
    tasksOff: off("task_struct", "tasks"),
    parentOff: off("task_struct", "real_parent"),
    childrenOff: off("task_struct", "children"),
    module,
    cache: cache.name,
    text: text.name,
    textAddr: hex(text.address + 0x29n),
  };
}

/**
 * The concrete command lines for one generic line. Every line with a placeholder has an entry
 * here, so a new line in the list fails the test until it is given values.
 */
function concreteLines(generic: string, prog: Program): string[] {
  const v = scenarioValues(prog);
  const T = v.task;
  const tasksAt = hex(BigInt(`0x${T}`) + BigInt(v.tasksOff));
  const table: Record<string, string[]> = {
    "bt -c <cpu>,<cpu>": [`bt -c 0,${v.cpu}`],
    "bt <task> <pid>": [`bt ${T} 1`],
    "bt -f <pid>": [`bt -f ${v.pid}`],
    "ps -p <pid>": [`ps -p ${v.pid}`],
    "ps -c <cmd>": [`ps -c ${v.comm}`, "ps -c kthreadd"],
    "ps <cmd>": [`ps ${v.comm}`],
    "ps -t <pid>": [`ps -t ${v.pid}`],
    "ps <pid> <task> <cmd>": [`ps 1 ${T} kthreadd`],
    "ps -a <cmd>": [`ps -a ${v.comm}`],
    "ps -g <task>": [`ps -g ${T}`],
    "ps -g <cmd>": [`ps -g ${v.comm}`],
    "ps -r <pid>": [`ps -r ${v.pid}`],
    "ps '<cmd-regex>'": ["ps 'ksoftirq.*'"],
    "foreach <cmd> task": [`foreach ${v.comm} task`],
    "foreach '<cmd-regex>' task -R <member>": ["foreach 'ksoftirq.*' task -R state"],
    "files <pid>": [`files ${v.otherPid}`],
    "foreach files -R <string>": ["foreach files -R null"],
    "files -d <addr>": [`files -d ${T}`],
    "files -c <pid>": [`files -c ${v.otherPid}`],
    "files -p <addr>": [`files -p ${T}`],
    "struct <struct> <addr>": [`struct task_struct ${T}`],
    "struct <struct>": ["struct task_struct", "struct ldlm_lock", "struct nosuch_struct"],
    "struct <struct> -o": ["struct task_struct -o", "struct ldlm_resource -o"],
    "struct <struct>.<member>": ["struct task_struct.comm", "struct task_struct.nosuch"],
    "struct <struct>.<member> <addr>": [`struct task_struct.comm ${T}`, `struct task_struct.comm 0x1234`],
    "<struct>.<member> <addr> -px": [`task_struct.mm ${T} -px`],
    "<struct>.<member> <addr> -p": [`task_struct.fs ${T} -p`],
    "<struct>.<member>,<member> <addr> <count>": [`task_struct.pid,comm ${T} 2`],
    "struct <struct> <symbol> <count>": ["struct list_head modules 2"],
    "<struct>.<member> <addr>": [`task_struct.pid ${T}`],
    "<struct> -l <struct>.<member> <addr>": [`task_struct -l task_struct.tasks ${tasksAt}`],
    "<struct> -o <addr>": [`task_struct -o ${T}`],
    "<struct>.<member>.<member>,<member>[<index>] <addr>": [`task_struct.se.on_rq,comm[0] ${T}`],
    "struct <struct>.<member> <addr>:a": [`struct task_struct.pid ${T}:a`],
    "<struct> <addr>": [`task_struct ${T}`],
    "union <union>": ["union ldlm_policy_data"],
    "union <union> <symbol>": ["union ldlm_policy_data jiffies"],
    "<union> <symbol>": ["ldlm_policy_data jiffies"],
    "list <struct>.<member> <addr>": [`list task_struct.real_parent ${T}`],
    "list <offset> <addr>": [`list ${v.parentOff} ${T}`],
    "list <struct>.<member> -s <struct>.<member>,<member> <addr>": [
      `list task_struct.real_parent -s task_struct.pid,comm ${T}`,
    ],
    "list <struct>.<member> -H <symbol>": ["list module.list -H modules"],
    "list -H <symbol> <struct>.<member> -s <struct>": ["list -H modules module.list -s list_head"],
    "list <struct>.<member> -s <struct>.<member> -h <addr>": [
      `list task_struct.tasks -s task_struct.pid -h ${T}`,
    ],
    "list <addr> -l <struct>.<member> -s <struct>.<member>": [
      `list ${tasksAt} -l task_struct.tasks -s task_struct.comm`,
    ],
    "list -o <struct>.<member> -s <struct>.<member> -O <struct>.<member> -h <addr>": [
      `list -o task_struct.sibling -s task_struct.comm -O task_struct.children -h ${v.kthreadd}`,
    ],
    "list -o <struct>.<member> -s <struct>.<member> -H <addr>": [
      `list -o task_struct.sibling -s task_struct.comm -H ${hex(BigInt(`0x${v.kthreadd}`) + BigInt(v.childrenOff))}`,
    ],
    "rd -a <symbol>": ["rd -a linux_banner"],
    "rd <addr> <count>": [`rd ${T} 8`, "rd ffff917c00000000 2", "rd 0x1234"],
    "rd -s <addr> <count>": [`rd -s ${T} 8`],
    "rd -S <addr> <count>": [`rd -S ${T} 8`],
    "rd <symbol>": ["rd jiffies", "rd nosuch_symbol"],
    "rd -d <symbol>": ["rd -d jiffies"],
    "rd -64 <symbol>": ["rd -64 jiffies"],
    "rd -32 <symbol> <count>": ["rd -32 jiffies 2", `rd -32 ${T} 8`],
    "rd <addr> -e <addr>": [`rd ${T} -e ${hex(BigInt(`0x${T}`) + 0x40n)}`],
    "p <symbol>": ["p jiffies", "p nosuch_symbol"],
    "px <symbol>": ["px jiffies"],
    "pd <symbol>": ["pd jiffies"],
    "p <symbol>:<cpu>": [`p jiffies:${v.cpu}`],
    "sym <symbol>": ["sym jiffies", "sym nosuch_symbol"],
    "sym <addr>": [`sym ${v.textAddr}`, "sym 0x1234"],
    "sym -q <string>": ["sym -q sched"],
    "sym -m <module>": [`sym -m ${v.module}`],
    "whatis <struct>": ["whatis task_struct", "whatis nosuch_struct"],
    "whatis -o <struct>": ["whatis -o task_struct"],
    "whatis <typedef>": ["whatis pid_t"],
    "whatis <symbol>": ["whatis jiffies", `whatis ${v.text}`],
    "whatis -r <size>": ["whatis -r 192"],
    "whatis -m <struct>": ["whatis -m task_struct"],
    "dis <symbol>": [`dis ${v.text}`],
    "dis -l <symbol>": [`dis -l ${v.text}`],
    "dis -r (<symbol>+<offset>)": [`dis -r (${v.text}+41)`],
    "dis <symbol> <count> -x": [`dis ${v.text} 10 -x`],
    "dis -f <symbol>+<offset>": [`dis -f ${v.text}+41`],
    "dis -s <symbol>": [`dis -s ${v.text}`],
    "kmem -s <cache>": [`kmem -s ${v.cache}`],
    "kmem -f <addr>": [`kmem -f ${T}`],
    "kmem -p <addr>": [`kmem -p ${T}`],
    "kmem -S <cache>": ["kmem -S fs_cache"],
    "kmem -s <addr>": [`kmem -s ${hex(BigInt(`0x${T}`) + 8n)}`],
    "kmem <addr>": [`kmem ${hex(BigInt(`0x${T}`) + 8n)}`],
    "kmem -g <value>": ["kmem -g 4080"],
    "mod -s <module>": [`mod -s ${v.module}`],
    "mod -d <module>": [`mod -d ${v.module}`],
    "net -s <pid>": [`net -s ${v.pid}`],
    "net -N <value>": ["net -N 1041236234"],
    "set <task>": [`set ${T}`],
    "sys -c <name>": ["sys -c read"],
    "task -R <member>,<member> <pid>": [`task -R pid,comm ${v.pid}`],
    "task -R <member>.<member>": ["task -R se.on_rq"],
    "task -R <member>[<index>]": ["task -R comm[0]"],
    "waitq <symbol>": ["waitq jiffies"],
    "waitq <struct>.<member> <addr>": [`waitq task_struct.children ${T}`],
    "waitq <addr>": [`waitq ${hex(BigInt(`0x${T}`) + BigInt(v.childrenOff) - 8n)}`],
    "search -s <symbol> -m <value> <value>": ["search -s jiffies -l 4096 -m ffff0000 abcd"],
    "search -s <addr> -l <count> <value>": [`search -s ${T} -l 4096 ffffffff`],
    "search -p <value> -m <value>": ["search -p babe0000 -m ffff"],
    "search -k -w <value>": ["search -k -w babe1174"],
    'search -k -c "<string>" "<string>"': ['search -k -c "Linux version" "sysrq"'],
    "search -t <addr>": [`search -t ${T}`],
    "search <symbol> (<symbol>+<offset>)": [`search -s ${T} -l 8192 init_task (${v.text}+41)`],
    "eval <value>m": ["eval 128m"],
    "eval <value> * 1m": ["eval 128 * 1m"],
    "eval (1 << <value>)": ["eval (1 << 27)", "eval (1 << 32)"],
    "eval -b <value>": ["eval -b 41dc065"],
    "eval -lb <value>g": ["eval -lb 64g"],
    "help <cmd>": [],
    "help -<option>": ["help -a", "help -m", "help -t"],
  };
  if (generic === "exit") return [];
  const lines = table[generic];
  if (lines) return lines;
  if (/<[a-z-.]+>/.test(generic)) throw new Error(`no concrete values for: ${generic}`);
  return [generic];
}

/** Lines whose empty output is what crash prints too (it finds nothing and says nothing). */
const EMPTY_OK: readonly RegExp[] = [
  /^search /, // no match: crash prints nothing
  /^mod -d /, // deleting a module's symbols is silent
  /^foreach files -R /, // no task has the reference
  /^rd -a /, // stops at the first unprintable byte
  /^waitq /, // an address whose list is garbage may show no task
  /^foreach [A-Z]{2} /, // no task in that state: crash's foreach prints nothing
];

/** JavaScript or our own plumbing showing through. */
const LEAKS: readonly [string, RegExp][] = [
  ["JS error", /\b(TypeError|ReferenceError|RangeError|SyntaxError)\b/],
  ["undefined", /\bundefined\b/],
  ["NaN", /\bNaN\b/],
  ["[object]", /\[object \w+\]/],
  ["stack frame", /^\s+at .*(\(.*:\d+:\d+\)|<anonymous>)/m],
  ["internal error", /internal error/],
  ["bigint/n suffix", /\b0x[0-9a-f]+n\b/],
];

function leaks(out: string): string[] {
  return LEAKS.filter(([, re]) => re.test(out)).map(([name]) => name);
}

function problems(line: string, out: string): string[] {
  const p = leaks(out);
  if (!out.trim() && !EMPTY_OK.some((re) => re.test(line))) p.push("empty output");
  if (/^Usage:/m.test(out) && !/Enter "help \S+" for details\./.test(out)) p.push("usage without help line");
  const word = line.split(/\s+/)[0];
  if (UNMODELLED_COMMANDS.has(word) && !out.startsWith(`${word}: `))
    p.push("unmodelled command not reported");
  return p;
}

const SCENARIOS: readonly ScenarioId[] = ["client_lbug", "server_load", "ls_stuck"];

describe("crash conformance: commands.txt on every scenario", () => {
  const generic = genericLines();

  it("the list is the 200-line file the README describes", () => {
    expect(generic.length).toBe(200);
  });

  for (const id of SCENARIOS) {
    it(`${id}: every command answers like crash, without JavaScript leaking`, async () => {
      const s = crashSession(id);
      const prog = s.session.prog;
      const helpNames = [...s.session.commands.keys(), ...UNMODELLED_COMMANDS, "nosuch"];
      const bad: string[] = [];
      const run = async (line: string) => {
        const out = await s.run(line);
        for (const p of problems(line, out)) bad.push(`${line}: ${p}\n${out.slice(0, 400)}`);
      };
      for (const g of generic) {
        const lines = g === "help <cmd>" ? helpNames.map((n) => `help ${n}`) : concreteLines(g, prog);
        for (const line of lines) await run(line);
      }
      expect(bad).toEqual([]);
    }, 60_000);
  }
});

describe("crash conformance: learner variations", () => {
  it("bad input gets crash's own errors, in both radixes", async () => {
    const s = crashSession("server_load");
    const t = scenarioValues(s.session.prog).task;
    const lines = [
      "set radix 16",
      `struct task_struct.pid,comm ${t}`,
      "p jiffies",
      "set radix 10",
      `struct task_struct.pid ${t} -x`,
      `struct task_struct.pid ${t} -d`,
      "rd -z jiffies",
      "set -z",
      "struct -z task_struct",
      "struct nosuch_struct.x ffff917c00000000",
      "p (struct nosuch *)0x1234",
      "p ((struct task_struct *)0x1234)->pid",
      `p ((struct task_struct *)0x${t})->nosuch`,
      "sym ffff917c00000000",
      "dis 0x1234",
      "kmem -s 0x1234",
      "list -r",
      "list -H 0x1234",
      "rd -32 0x1234 8",
      "eval 1 +",
      "whatis -r 0",
      "p $999",
    ];
    for (const line of lines) {
      const out = await s.run(line);
      expect(problems(line, out), `${line}\n${out}`).toEqual([]);
    }
  });

  it("crash commands the lab does not model say so instead of running something else", async () => {
    const s = crashSession("client_lbug");
    const mount = await s.run("mount");
    expect(mount).toBe("mount: this crash command is not available in this lab\n");
    expect(await s.run("mount -f")).toBe(mount);
    expect(await s.run("help mount")).toBe(mount);
    // Still a struct name when asked explicitly.
    expect(await s.run("struct mount.mnt_id")).toContain("int mnt_id;");
    expect(await s.run("frobnicate")).toBe("crash: command not found: frobnicate\n");
  });

  it("per-cpu :a on a non-per-cpu address stays a 64-bit address", async () => {
    const s = crashSession("ls_stuck");
    const t = scenarioValues(s.session.prog).task;
    const out = await s.run(`struct task_struct.pid ${t}:a`);
    for (const m of out.matchAll(/\b([0-9a-f]{17,})\b/g)) expect.fail(`address wider than 64 bits: ${m[1]}`);
    expect(out).toMatch(/^\[0\]: [0-9a-f]{1,16}$/m);
  });

  it("p/x goes to gdb: no `symbol = ` leader", async () => {
    const s = crashSession("server_load");
    expect(await s.run("p/x jiffies")).toMatch(/^\$\d+ = 0x[0-9a-f]+\n$/);
    expect(await s.run("px jiffies")).toMatch(/^jiffies = \$\d+ = 0x[0-9a-f]+\n$/);
  });
});
