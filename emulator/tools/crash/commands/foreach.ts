/**
 * `foreach`: run bt, files, ps, task or set on every task, or on the tasks picked by pid,
 * task address, command name, 'regex', user/kernel/gleader, active, or one state (RU, UN...).
 * Each task's output is introduced by its task header, with a blank line between tasks, so
 * `foreach bt > file` can be post-processed with awk (PID is $2, the quoted command $8).
 */
import type { TaskStruct } from "../../../kernel/linux/model";
import { type CrashCommand, CrashError, type CrashSession, CrashUsageError, type Radix } from "../command";
import { type BtOptions, renderBacktrace } from "./bt";
import { openFilesDump } from "./files";
import {
  childList,
  isKernelThread,
  lastRunLine,
  millisecondsLine,
  parentList,
  psHeader,
  psRow,
  taskArgs,
  taskTimes,
  threadGroupList,
} from "./ps";
import { formatContext } from "./sys";
import { doTask } from "./task";
import {
  compileRegex,
  contextOrder,
  getopt,
  info,
  isActive,
  isNumber,
  quotedRegex,
  sortByLastRun,
  strToContext,
  taskHeader,
  taskTable,
} from "./tasks-common";

const KEYWORDS = ["bt", "vm", "task", "set", "files", "net", "ps", "sig", "test", "vtop"] as const;
type Keyword = (typeof KEYWORDS)[number];
const SUPPORTED: readonly Keyword[] = ["bt", "task", "set", "files", "ps"];

/** Task state bits of Linux 3.10 (state | exit_state), as crash's foreach state filter tests them. */
const STATE_BITS: Record<string, number> = {
  RU: 0,
  IN: 1,
  UN: 2,
  ST: 4,
  TR: 8,
  ZO: 16,
  DE: 32 | 64,
  WA: 256,
  PA: 512,
};
/** States this kernel does not have (SW predates 2.6, ID and NE are from 4.x kernels). */
const INVALID_STATES = new Set(["SW", "ID", "NE"]);

interface Selection {
  pids: number[];
  tasks: bigint[];
  comms: string[];
  regexes: RegExp[];
  user: boolean;
  kernel: boolean;
  gleader: boolean;
  active: boolean;
  state?: string;
  /** Set when a selector was given, even an unknown one: then only matching tasks run. */
  specified: boolean;
}

function stateMatches(task: TaskStruct, code: string): boolean {
  const s = task.state | task.exitState;
  const bits = STATE_BITS[code];
  return bits === 0 ? s === 0 : (s & bits) !== 0;
}

function selected(session: CrashSession, sel: Selection, t: TaskStruct): boolean {
  const table = taskTable(session.prog);
  if (sel.active && !isActive(table, t)) return false;
  if (sel.user && isKernelThread(t)) return false;
  if (sel.gleader && t.pid !== t.tgid) return false;
  if (sel.kernel && !isKernelThread(t)) return false;
  if (sel.state !== undefined && !stateMatches(t, sel.state)) return false;
  const specified =
    sel.specified || sel.pids.length || sel.tasks.length || sel.comms.length || sel.regexes.length;
  if (!specified) return true;
  return (
    sel.tasks.includes(t.address) ||
    sel.pids.includes(t.pid) ||
    sel.comms.includes(t.comm) ||
    sel.regexes.some((re) => re.test(t.comm))
  );
}

export const foreach: CrashCommand = {
  name: "foreach",
  synopsis:
    "[[pid | taskp | name | state | [kernel | user | gleader]] ...]\n          command [flag] [argument]",
  summary: "display command data for multiple tasks in the system",
  help: `  Run a command on every task, or on the tasks picked by the words before the
  command, and show each task's header line before its output:

    pid, task address   one task;
    name                the tasks with this command name (\\name if the name
                        is also a foreach command, e.g. \\bt);
    'regex'             the tasks whose command matches the regular
                        expression, e.g. 'mdt0.*';
    user / kernel       user tasks / kernel threads; gleader: thread group
                        leaders;
    active              the tasks that were running on a CPU;
    RU IN UN ST TR ZO DE WA PA
                        the tasks in one state.

  The commands are bt, files, ps, task and set, with their own options
  (bt -l -f -F -FF -s -t -R ref, files -R ref, task -R member, ps -l ...).

  EXAMPLES
    Group the threads that share a backtrace:

      crash> foreach bt > foreach_bt
      crash> ! awk '/PID:/ {PID=$2;PNAME=$8} /^ ?#/ {print PNAME": "$1" "$3" "$5}' foreach_bt | clubak -c

    Which tasks went through lock_res_and_lock?

      crash> foreach bt -R lock_res_and_lock

    The uninterruptible tasks' stacks:

      crash> foreach UN bt`,
  async run(session, args) {
    const parsed = getopt("foreach", args, "R:vomlgersStTpukcfFxhdaGy:");
    if (parsed.operands.length === 0) throw new CrashUsageError();
    const flags = new Map<string, number>();
    let reference: string | undefined;
    for (const { opt, arg } of parsed.opts) {
      if (opt === "R") reference = arg;
      else flags.set(opt === "h" ? "x" : opt, (flags.get(opt === "h" ? "x" : opt) ?? 0) + 1);
    }
    const has = (f: string) => (flags.get(f) ?? 0) > 0;

    const table = taskTable(session.prog);
    const sel: Selection = {
      pids: [],
      tasks: [],
      comms: [],
      regexes: [],
      user: false,
      kernel: false,
      gleader: false,
      active: false,
      specified: false,
    };
    const keywords: Keyword[] = [];
    for (const raw of parsed.operands) {
      if (keywords.length) continue; // command arguments (only vtop takes any)
      if ((KEYWORDS as readonly string[]).includes(raw)) {
        keywords.push(raw as Keyword);
        continue;
      }
      if (isNumber(raw)) {
        if (raw === "DE" && table.byPid.has(0xde)) {
          info(session, "foreach", `ambiguous task-identifying argument: ${raw}`);
          info(session, "       ", 'for a "state" argument, use: \\DE');
          info(session, "       ", 'for a "pid" argument, use: 0xDE, 0xde, de or 222\n');
          throw new CrashUsageError();
        }
        const c = strToContext(table, raw);
        if (c.kind === "pid") {
          sel.pids.push(c.pid);
          sel.specified = true;
          continue;
        }
        if (c.kind === "task") {
          sel.tasks.push(c.task.address);
          sel.specified = true;
          continue;
        }
      }
      if (raw === "kernel") {
        if (sel.user) throw new CrashError("user and kernel are mutually exclusive!");
        sel.kernel = true;
        continue;
      }
      const word = raw === "\\DE" ? "DE" : raw;
      if (word in STATE_BITS || INVALID_STATES.has(word)) {
        if (sel.state !== undefined) throw new CrashError("only one task state allowed");
        if (INVALID_STATES.has(word)) throw new CrashError(`invalid task state for this kernel: ${word}`);
        sel.state = word;
        continue;
      }
      if (raw === "user") {
        if (sel.kernel) throw new CrashError("user and kernel are mutually exclusive!");
        sel.user = true;
        continue;
      }
      if (raw === "gleader") {
        if (sel.kernel) throw new CrashError("gleader and kernel are mutually exclusive!");
        sel.user = sel.gleader = true;
        continue;
      }
      if (raw === "active") {
        sel.active = true;
        continue;
      }
      const re = quotedRegex(raw);
      if (re !== undefined) {
        const compiled = compileRegex(re);
        if (!compiled) {
          info(session, "foreach", `invalid regular expression: ${re}`);
          return;
        }
        sel.regexes.push(compiled);
        continue;
      }
      const name = raw.startsWith("\\") ? raw.slice(1) : raw;
      if (table.byPidOrder.some((t) => t.comm === name)) {
        sel.comms.push(name);
        sel.specified = true;
        continue;
      }
      sel.specified = true;
      info(session, "foreach", `unknown argument: "${raw}"`);
    }
    if (keywords.length === 0) {
      info(session, "foreach", "no keywords specified");
      return;
    }

    // Per-command checks crash makes before touching any task.
    let printHeader = true;
    let psView: string | undefined;
    for (const k of keywords) {
      if (!SUPPORTED.includes(k))
        throw new CrashError(`the ${k} command is not available in this simulation`);
      if (k === "bt" && has("x") && has("d"))
        throw new CrashError("bt: -x and -d options are mutually exclusive");
      if (k === "bt" && has("g"))
        throw new CrashError("bt -g option is not supported when issued from foreach");
      if (k === "task" && has("x") && has("d"))
        throw new CrashError("task: -x and -d options are mutually exclusive");
      if (k === "set" && reference !== undefined)
        throw new CrashError("set command does not support -R option");
      if (k === "files" && has("p")) throw new CrashError("files command does not support -p option");
      if (k === "ps") {
        const views = ["a", "c", "p", "t", "l", "m", "r", "g"].filter(has);
        if (views.length > 1)
          throw new CrashError("-a, -t, -c, -p, -g, -l, -m, -S, -r and -A flags are all mutually-exclusive");
        if ((has("l") || has("m")) && has("G"))
          throw new CrashError(`-G not supported with -${has("l") ? "l" : "m"} option`);
        if (has("r"))
          throw new CrashError("-r option not supported or applicable on this architecture or kernel");
        psView = views[0];
        if (has("l") || has("m")) sortByLastRun(session);
        printHeader = false;
      }
    }

    const btOpts: BtOptions = {
      raw: has("r"),
      symbolOffset: has("s"),
      textSymbols: has("t") || has("T"),
      textSymbolsAll: has("T"),
      eframeSearch: has("e"),
      lineNumbers: has("l"),
      full: has("f") || has("F"),
      symSlab: has("F"),
      symSlab2: (flags.get("F") ?? 0) > 1,
      radix: has("x") ? 16 : has("d") ? 10 : undefined,
      ref: reference,
    };
    const taskRadix: Radix | undefined = has("x") ? 16 : has("d") ? 10 : undefined;

    let subsequent = 0;
    let psSubsequent = 0;
    for (const t of contextOrder(session)) {
      if (!selected(session, sel, t)) continue;
      await session.signal.checkpoint();
      if (reference === undefined && printHeader) session.out((subsequent++ ? "\n" : "") + taskHeader(t));
      for (const k of keywords) {
        switch (k) {
          case "bt": {
            const { text, referenced } = renderBacktrace(session, t, btOpts);
            if (reference === undefined) session.out(text);
            else if (referenced) session.out(`${taskHeader(t)}${text}\n`);
            break;
          }
          case "task":
            session.out(
              doTask(session, t, {
                refs: reference?.split(",").filter(Boolean),
                radix: taskRadix,
                fromForeach: true,
              }),
            );
            break;
          case "set":
            session.out(formatContext(session, t, { startup: false }));
            break;
          case "files":
            session.out(openFilesDump(session, t, reference, has("c")));
            break;
          case "ps":
            session.out(psForTask(session, t, psView, has("s"), psSubsequent++ > 0));
            break;
          default:
            break;
        }
      }
    }
  },
};

/** foreach ps: the `ps` view of one task, the table header only before the first. */
function psForTask(
  session: CrashSession,
  t: TaskStruct,
  view: string | undefined,
  kstackp: boolean,
  subsequent: boolean,
): string {
  switch (view) {
    case "a":
      return taskArgs(session, t);
    case "c":
      return `${childList(session, t)}\n`;
    case "p":
      return `${parentList(session, t)}\n`;
    case "t":
      return taskTimes(session, [t]);
    case "l":
      return lastRunLine(session, t);
    case "m":
      return millisecondsLine(session, t);
    case "g":
      return threadGroupList(session, t);
    default:
      return (subsequent ? "" : psHeader(kstackp)) + psRow(session, t, kstackp);
  }
}
