/**
 * Lab "server-load": the SysRq dump of an overloaded Lustre OSS/MDS. The graders find, from
 * memory, the busy OST thread, the ldlm_resource on its stack, its namespace, its lock lists and
 * the clients (NIDs) behind the locks — the same walk the lessons make with ps, bt -FF, struct,
 * list and rd.
 */
import { panicTask } from "../../emulator/kernel/linux/tasks";
import type { Program } from "../../emulator/kernel/program";
import { parseInteger } from "../answers";
import { matchesTask, parseCodes, parseList, sameCodeSet } from "../crash-basics/parse";
import { vmcore } from "../crash-basics/vmcore";
import { defineLab, type GraderContext } from "../schema";
import {
  activeOstThread,
  contendedResource,
  exportAddresses,
  innermostModuleFunction,
  serverNamespaces,
  serverNid,
  staleStates,
  starvedCpu,
  topGrantedClient,
  waitingLocks,
  waitingPwNid,
} from "./ldlm";
import { linkCount, namespaceName, namespaceOf, requestedMode, resourceCache, resourceOid } from "./lustre";

const START_CRASH = ["cd /var/crash/server_load", "crash /usr/lib/debug/lib/modules/3.10.0*/vmlinux vmcore"];
/** The talk's addresses, used in solutions only as inputs to type (they are what the dump holds). */
const RESOURCE = "ffff917c981c3b40";
const GRANTED_HEAD = "ffff917c981c3b60";
const WAITING_HEAD = "ffff917c981c3b70";

/**
 * ps -l without its brackets: $1 timestamp, $2 state, $4 PID, $8 CPU. The first line is the most
 * recent; idle swappers (PID 0) have no timestamp.
 */
const STALE = "ps -l | tr -d '[]' | awk 'NR == 1 { now = $1 } $4 != 0 && now - $1 > 500000000";
const STALE_STATES = `${STALE} && $2 != "IN" { print $2 }' | sort | uniq -c`;
const STALE_RU_CPUS = `${STALE} && $2 == "RU" { print "CPU", $8 }' | sort | uniq -c`;

/** Where the mass-processing lesson writes its file: crash's cwd, the lab's directory. */
export const EXPORT_FILE = "/var/crash/server_load/export";

/** A program and its contended resource, for the walks of lustre.ts that start from an address. */
const withResource = (prog: Program): [Program, bigint] => [prog, contendedResource(prog)];

const ok = (message = "Correct!") => ({ correct: true, message });
const no = (message: string) => ({ correct: false, message });

export async function gradeActiveOstThread(ctx: GraderContext, answer: string) {
  const task = activeOstThread(await vmcore(ctx));
  return matchesTask(answer, task) ? ok() : no("Not quite — look for the `>` lines of `ps`.");
}

export async function gradeStaleStates(ctx: GraderContext, answer: string) {
  const given = parseCodes(answer);
  if (given === null) return no("Write the two-letter state codes, e.g. `IN, ZO`.");
  const expected = staleStates(await vmcore(ctx));
  if (sameCodeSet(given, expected)) return ok();
  return given.every((c) => expected.includes(c))
    ? no("Right so far, but one state is missing.")
    : no("Not quite — use the ST column of the threads near the bottom of `ps -l` that are not IN.");
}

/** LCK_PW, PW, 2 or 0x2 for each waiting lock; order does not matter, the count does. */
export async function gradeWaitingModes(ctx: GraderContext, answer: string) {
  const prog = await vmcore(ctx);
  const expected = waitingLocks(prog)
    .map((l) => requestedMode(prog, l))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const words = parseList(answer);
  if (words.length === 0) return no("List one mode per waiting lock, e.g. `EX, CR`.");
  const given: bigint[] = [];
  for (const word of words) {
    const number = parseInteger(word);
    const name = word.toUpperCase().replace(/^LCK_/, "");
    const value =
      number ?? prog.types.enums.get("ldlm_mode")?.enumerators.find(([n]) => n === `LCK_${name}`)?.[1];
    if (value === undefined) return no(`"${word}" is not a lock mode.`);
    given.push(value);
  }
  given.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (given.length !== expected.length) return no("Give one mode per lock of the waiting list.");
  return given.every((v, i) => v === expected[i])
    ? ok()
    : no("Not quite — print `l_req_mode` of each waiting lock.");
}

/** The learner's `export` file: one l_export per line, granted list first, then the waiting list. */
export async function gradeExportFile(ctx: GraderContext) {
  const content = await ctx.inspect.readFile(EXPORT_FILE);
  if (content === null) return no("There is no `export` file in /var/crash/server_load yet.");
  const lines = content.split("\n").filter((l) => l.trim() !== "");
  const expected = exportAddresses(await vmcore(ctx));
  if (lines.length < expected.length) return no("`export` has fewer lines than the two lists have locks.");
  if (lines.length > expected.length)
    return no("`export` has more lines than the two lists have locks — run each command once.");
  for (let i = 0; i < lines.length; i++) {
    const value = parseInteger(lines[i].trim(), { bareHex: true });
    if (value === null) return no(`Line ${i + 1} of \`export\` is not an address.`);
    if (value !== expected[i])
      return no(`Line ${i + 1} of \`export\` is not the export of the lock in that position.`);
  }
  return ok(`Done! ${lines.length} exports.`);
}

export const serverLoadLab = defineLab({
  id: "server-load",
  title: "Crash: an overloaded Lustre server",
  summary:
    "A server stopped answering and was crashed on purpose. Find the contended lock resource, count its locks and name the clients behind them.",
  order: 12,
  guest: "simulated",
  cwd: "/var/crash/server_load",
  scenario: "server_load",
  tasks: [
    {
      id: "sysrq-pid",
      title: "Who pressed the button?",
      prompt: "What is the PID of the task that triggered the dump?",
      hints: [
        "The banner names the task that was running on the CPU that made the dump.",
        "`sys` prints it again.",
      ],
      solution: [...START_CRASH, "sys"],
      check: { kind: "number", expected: async (ctx) => panicTask(await vmcore(ctx)).pid },
    },
    {
      id: "active-ost-thread",
      title: "A busy OST thread",
      prompt:
        "Among the tasks that were on a CPU when the dump was taken, one is an OST request thread (`ll_ostNN_NNN`, not an `ll_ost_io` one). Which? Its name or its PID.",
      hints: ["In `ps`, a `>` marks the task on each CPU.", "`ps | grep '^>'` keeps only those lines."],
      solution: [...START_CRASH, "ps | grep '^>'"],
      check: { kind: "custom", input: true, grade: gradeActiveOstThread },
    },
    {
      id: "stuck-states",
      title: "Stuck, but how?",
      prompt:
        "Look at the threads that have not run for more than half a second before the most recent one, leaving aside those in interruptible sleep (`IN`). Which state codes do they have? List them all.",
      hints: [
        "`ps -l` is sorted by last run time; the first line is the most recent.",
        "Go down the list until the timestamps are 500,000,000 ns older than the first, and read the state column of the non-`IN` lines from there on.",
      ],
      solution: [...START_CRASH, "ps -l | head -n 1", STALE_STATES],
      check: { kind: "custom", input: true, grade: gradeStaleStates },
    },
    {
      id: "starved-cpu",
      title: "A crowded run queue",
      prompt: "Among those threads, keep the runnable (`RU`) ones: on which CPU did most of them last run?",
      hints: ["`ps -l` prints `CPU:` on each line.", "Count per CPU with `awk`, or `sort | uniq -c`."],
      solution: [...START_CRASH, STALE_RU_CPUS],
      check: { kind: "number", expected: async (ctx) => starvedCpu(await vmcore(ctx)) },
    },
    {
      id: "spin-function",
      title: "Where does it spin?",
      prompt:
        "In the stack of the busy OST thread, which Lustre function (the innermost one that is not core kernel code) is taking a spinlock?",
      hints: [
        "`foreach bt` then `clubak`, or simply `bt` on its PID.",
        "Read upwards from `_raw_spin_lock`: the next frame is in a module.",
      ],
      solution: [...START_CRASH, "bt 5389"],
      check: {
        kind: "exact",
        expected: async (ctx) => {
          const prog = await vmcore(ctx);
          return innermostModuleFunction(prog, activeOstThread(prog));
        },
      },
    },
    {
      id: "resource-cache",
      title: "A size class",
      prompt:
        "From its size, which slab cache do `struct ldlm_resource` objects allocated with `kmalloc` come from?",
      hints: [
        "`struct -o ldlm_resource` ends with its `SIZE`.",
        "Round the size up to the next kmalloc size class.",
      ],
      solution: [...START_CRASH, "set radix 16", "struct -o ldlm_resource", "p/d 0xb0"],
      check: { kind: "exact", expected: async (ctx) => resourceCache(await vmcore(ctx)) },
    },
    {
      id: "resource-address",
      title: "The resource on the stack",
      prompt:
        "Which address on the busy thread's stack is the `struct ldlm_resource`? (As crash prints it, with or without `0x`.)",
      hints: [
        "`bt -FF 5389 | grep` the cache name you found.",
        "Only one of the addresses in that cache is the start of an object.",
      ],
      solution: [...START_CRASH, "mod -S > /dev/null", "bt -FF 5389 | grep kmalloc-192"],
      check: { kind: "number", bareHex: true, expected: async (ctx) => contendedResource(await vmcore(ctx)) },
    },
    {
      id: "resource-oid",
      title: "Which object?",
      prompt:
        "This OST resource is named after an object id: `lr_name.name[0]`. What is it? (Decimal or hexadecimal.)",
      hints: ["`struct ldlm_resource.lr_name <address>`."],
      solution: [...START_CRASH, `struct ldlm_resource.lr_name ${RESOURCE}`],
      check: { kind: "number", expected: async (ctx) => resourceOid(...withResource(await vmcore(ctx))) },
    },
    {
      id: "namespace-name",
      title: "Which target?",
      prompt: "What is the name (`ns_name`) of the lock namespace the resource belongs to?",
      hints: [
        "`lr_ns_bucket` points to a `struct ldlm_ns_bucket`; its `nsb_namespace` to the namespace.",
        "Print each structure at the address you read from the previous one.",
      ],
      solution: [
        ...START_CRASH,
        `struct ldlm_resource.lr_ns_bucket ${RESOURCE}`,
        "struct ldlm_ns_bucket 0xffffb40a6ea1d018",
        "struct ldlm_namespace 0xffff917cdd6a2000",
      ],
      check: {
        kind: "exact",
        expected: async (ctx) => {
          const prog = await vmcore(ctx);
          return namespaceName(prog, namespaceOf(prog, contendedResource(prog)));
        },
      },
    },
    {
      id: "server-namespaces",
      title: "How many server namespaces?",
      prompt: "How many namespaces are on the server namespace list, `ldlm_srv_namespace_list`?",
      hints: ["`list -H ldlm_srv_namespace_list` prints one line per entry.", "Count with `| wc -l`."],
      solution: [...START_CRASH, "list -H ldlm_srv_namespace_list | wc -l"],
      check: { kind: "number", expected: async (ctx) => serverNamespaces(await vmcore(ctx)).length },
    },
    {
      id: "granted-count",
      title: "Granted locks",
      prompt: "How many locks are on the resource's granted list?",
      hints: [
        "The list head is the resource's address plus the offset of `lr_granted`.",
        "`list -H <head> | wc -l`.",
      ],
      solution: [...START_CRASH, `list -H ${GRANTED_HEAD} | wc -l`],
      check: {
        kind: "number",
        expected: async (ctx) => linkCount(...withResource(await vmcore(ctx)), "lr_granted"),
      },
    },
    {
      id: "waiting-count",
      title: "Waiting locks",
      prompt: "And how many on its waiting list?",
      hints: ["The head is at the offset of `lr_waiting`."],
      solution: [...START_CRASH, `list -H ${WAITING_HEAD} | wc -l`],
      check: {
        kind: "number",
        expected: async (ctx) => linkCount(...withResource(await vmcore(ctx)), "lr_waiting"),
      },
    },
    {
      id: "lock-cache",
      title: "A misleading label",
      prompt: "Under which slab cache name does crash show the `ldlm_lock` objects of this resource?",
      hints: [
        "The first waiting lock is also on the busy thread's stack; look at its tag in `bt -FF 5389`.",
        "Or `kmem` on a lock address.",
      ],
      solution: [
        ...START_CRASH,
        `list -H ${WAITING_HEAD} ldlm_lock.l_res_link | head -n 1`,
        "bt -FF 5389 | grep ffff917c62522f40",
      ],
      check: {
        kind: "exact",
        expected: async (ctx) => {
          const prog = await vmcore(ctx);
          const lock = waitingLocks(prog)[0];
          const hit = lock === undefined ? undefined : prog.slabs.find(lock);
          if (!hit) throw new Error("the first waiting lock is in no slab");
          return hit.cache.name;
        },
      },
    },
    {
      id: "waiting-modes",
      title: "Waiting modes",
      prompt:
        "Which modes do the waiting locks request? One mode per lock, in any order: `LCK_EX, CR`, `1 16`...",
      hints: ["`list -H <waiting head> ldlm_lock.l_res_link -s ldlm_lock.l_req_mode`."],
      solution: [...START_CRASH, `list -H ${WAITING_HEAD} ldlm_lock.l_res_link -s ldlm_lock.l_req_mode`],
      check: { kind: "custom", input: true, grade: gradeWaitingModes },
    },
    {
      id: "waiting-pw-nid",
      title: "Who wants to write?",
      prompt:
        "What is the NID of the client whose PW lock is waiting (the first PW lock of the waiting list)? Any form: `192.168.1.5@tcp`, `192.168.1.5`, or the 64-bit value written with `0x`.",
      hints: [
        "`l_export` → `exp_connection` → `c_peer.nid`.",
        "Split the NID: 16 bits of LND type, 16 bits of network number, 32 bits of IPv4 address.",
      ],
      solution: [
        ...START_CRASH,
        `list -H ${WAITING_HEAD} ldlm_lock.l_res_link -S ldlm_lock.l_export`,
        "struct obd_export.exp_connection 0xffff917c96f59000",
        "struct ptlrpc_connection 0xffff917cdee0ba80",
      ],
      check: { kind: "nid", expected: async (ctx) => waitingPwNid(await vmcore(ctx)) },
    },
    {
      id: "export-file",
      title: "A file of exports",
      prompt:
        "Create the file `export` in `/var/crash/server_load` with the `l_export` of every lock, one per line: the granted list first, then the waiting list.",
      hints: [
        "`list ... -S ldlm_lock.l_export | awk '/l_export/ { print $3 }' > export` for the granted list...",
        "... and the same with `>>` for the waiting list.",
      ],
      solution: [
        ...START_CRASH,
        `list -H ${GRANTED_HEAD} ldlm_lock.l_res_link -S ldlm_lock.l_export | awk '/l_export/ { print $3 }' > export`,
        `list -H ${WAITING_HEAD} ldlm_lock.l_res_link -S ldlm_lock.l_export | awk '/l_export/ { print $3 }' >> export`,
      ],
      check: { kind: "custom", input: false, grade: gradeExportFile },
    },
    {
      id: "top-client",
      title: "The biggest holder",
      prompt: "Which client holds the most granted locks on this resource? Give its NID.",
      hints: [
        "From `export`, `rd -o <offset of exp_connection>` gives the connections; from those, `rd -o <offset of c_peer>` the NIDs.",
        "`sort | uniq -c | sort -h` puts the biggest count last.",
      ],
      solution: [
        ...START_CRASH,
        `list -H ${GRANTED_HEAD} ldlm_lock.l_res_link -S ldlm_lock.l_export | awk '/l_export/ { print $3 }' > export`,
        `list -H ${WAITING_HEAD} ldlm_lock.l_res_link -S ldlm_lock.l_export | awk '/l_export/ { print $3 }' >> export`,
        "rd -o 0x118 < export | awk '{ print $2 }' > conn",
        "rd -o 0x18 < conn | awk '{ print $2 }' | sort | uniq -c | sort -h | tail -n 3",
      ],
      check: { kind: "nid", expected: async (ctx) => topGrantedClient(await vmcore(ctx)) },
    },
    {
      id: "server-nid",
      title: "The server itself",
      prompt: "From the request the busy thread is serving, what is the server's own NID?",
      hints: [
        "`struct ptlrpc_request <address>`: the member is `rq_self`.",
        "Decode it like the client NIDs.",
      ],
      solution: [
        ...START_CRASH,
        "set radix 16",
        "struct ptlrpc_request ffff917cb168a050 | grep -A 4 rq_self",
      ],
      check: { kind: "nid", expected: async (ctx) => serverNid(await vmcore(ctx)) },
    },
  ],
});
