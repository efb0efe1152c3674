/**
 * Lab "live-kernel": tracing a running kernel — Debian's 6.1 i686 kernel booted in v86 —
 * with hand-written kprobe events, perf probe/record/script/report and the function_graph
 * tracer. Every grader reads the guest's own state (tracefs files, files the learner saved,
 * the shell history): nothing here is a hand-typed copy of an answer.
 */
import { defineLab, type GraderContext } from "../schema";
import {
  dominantSyscall,
  findHandKprobe,
  findPerfProbe,
  flameProfileOf,
  isFunctionGraphOf,
  openersOf,
  reportHasCallGraph,
} from "./graders";

const TRACEFS = "/sys/kernel/tracing";
const KPROBE_EVENTS = `${TRACEFS}/kprobe_events`;
const PROBED = "do_sys_openat2";
const WATCHED_FILE = "/etc/kdebug/lab.conf";
/** The kernel-heavy workload of the flame graph task: /dev/zero to /dev/null, until killed. */
const BUSY_LOOP = "dd if=/dev/zero of=/dev/null bs=64k";
const FLAME_FILE = "/root/out.perf";

async function read(ctx: GraderContext, path: string): Promise<string> {
  return (await ctx.inspect.readFile(path)) ?? "";
}

async function ranCommand(ctx: GraderContext, pattern: RegExp): Promise<boolean> {
  return (await ctx.inspect.history()).some((entry) => entry.program === "sh" && pattern.test(entry.line));
}

export const liveKernelLab = defineLab({
  id: "live-kernel",
  title: "Live kernel: kprobes, perf and ftrace",
  summary:
    "A real Linux 6.1 kernel runs in your browser. Put a kprobe on a kernel function by hand, " +
    "let perf do it for you, record call graphs and watch a function's call tree with ftrace.",
  order: 20,
  guest: "v86",
  cwd: "/root",
  tasks: [
    {
      id: "kprobe-by-hand",
      title: "A kprobe event, by hand",
      prompt:
        `Define a kprobe event on \`${PROBED}\` by writing to \`${KPROBE_EVENTS}\`. Give it a fetch ` +
        "argument that reads the file name the caller passed (the function's second argument, a " +
        "user-space string: on i386 it arrives in `%dx`).",
      hints: [
        "The syntax is `p:NAME FUNCTION ARG=FETCH...`; a string behind a register is `+0(%REG):ustring`.",
        "On 32-bit x86 the kernel is built with `-mregparm=3`: arguments 1, 2, 3 are in `%ax`, `%dx`, `%cx`.",
      ],
      solution: [`echo 'p:myopen ${PROBED} path=+0(%dx):ustring' > ${KPROBE_EVENTS}`, `cat ${KPROBE_EVENTS}`],
      check: {
        kind: "custom",
        grade: async (ctx) => {
          const probe = findHandKprobe(await read(ctx, KPROBE_EVENTS), PROBED);
          if (!probe) return { correct: false, message: `No kprobe event on ${PROBED} in ${KPROBE_EVENTS}.` };
          if (!probe.readsString) {
            return {
              correct: false,
              message: `kprobes/${probe.name} exists but fetches no string behind %dx.`,
            };
          }
          return { correct: true, message: `kprobes/${probe.name} is registered.` };
        },
      },
    },
    {
      id: "who-opens",
      title: "Who keeps opening that file?",
      prompt:
        `Something on this machine opens \`${WATCHED_FILE}\` every few seconds. Enable your event, ` +
        `read \`${TRACEFS}/trace_pipe\` for a while (Ctrl-C stops it) and give the PID of that process.`,
      hints: [
        "`echo 1 > /sys/kernel/tracing/events/kprobes/myopen/enable` switches the event on.",
        "Each line of trace_pipe starts with `COMMAND-PID`.",
      ],
      solution: [
        `echo 1 > ${TRACEFS}/events/kprobes/myopen/enable`,
        `cat ${TRACEFS}/trace_pipe`,
        `echo 0 > ${TRACEFS}/events/kprobes/myopen/enable`,
      ],
      check: {
        kind: "number",
        // The daemon writes its own PID at start: the answer is whatever this boot gave it.
        expected: async (ctx) => Number((await read(ctx, "/run/confwatch.pid")).trim()),
      },
    },
    {
      id: "perf-probe",
      title: "Let perf write the probe",
      prompt:
        `Remove your hand-made event, then use \`perf probe\` to add a probe on \`${PROBED}\` that ` +
        "also records the file name. Look at what perf wrote into kprobe_events.",
      hints: [
        "`echo '-:myopen' >> /sys/kernel/tracing/kprobe_events` removes an event (disable it first).",
        "Without debuginfo perf cannot name variables, but it passes register fetch arguments through: `perf probe -a 'FUNC NAME=FETCH'`.",
      ],
      solution: [
        `echo '-:myopen' >> ${KPROBE_EVENTS}`,
        `perf probe -a '${PROBED} path=+0(%dx):ustring'`,
        "perf probe -l",
        `cat ${KPROBE_EVENTS}`,
      ],
      check: {
        kind: "custom",
        grade: async (ctx) => {
          const events = await read(ctx, KPROBE_EVENTS);
          const probe = findPerfProbe(events, PROBED);
          if (!probe)
            return { correct: false, message: `No probe:${PROBED} event yet (perf probe names it so).` };
          if (!probe.readsString)
            return { correct: false, message: `probe:${probe.name} records no file name.` };
          return { correct: true };
        },
      },
    },
    {
      id: "perf-record",
      title: "Record it, read it back",
      prompt:
        `Record the probe system-wide for about five seconds into \`/root/openat.data\`, then save ` +
        "the decoded events with `perf script` into `/root/openat.txt`.",
      hints: ["`perf record -e EVENT -a -o FILE -- sleep 5` records every CPU while `sleep` runs."],
      solution: [
        `perf record -e probe:${PROBED} -a -o /root/openat.data -- sleep 5`,
        "perf script -i /root/openat.data > /root/openat.txt",
        "head /root/openat.txt",
      ],
      check: {
        kind: "custom",
        grade: async (ctx) => {
          const script = await read(ctx, "/root/openat.txt");
          if (!script) return { correct: false, message: "/root/openat.txt is missing or empty." };
          const openers = openersOf(script, WATCHED_FILE);
          if (openers.length === 0) {
            return {
              correct: false,
              message: `No event in openat.txt shows ${WATCHED_FILE}: record a bit longer.`,
            };
          }
          return { correct: true, message: `Recorded ${openers.length} opens of ${WATCHED_FILE}.` };
        },
      },
    },
    {
      id: "perf-probe-delete",
      title: "Clean up",
      prompt: "Delete the perf probe, so that no probe is left behind in the kernel.",
      solution: ["perf probe -d 'probe:*'", "perf probe -l"],
      check: {
        kind: "custom",
        grade: async (ctx) => {
          if (findPerfProbe(await read(ctx, KPROBE_EVENTS), PROBED)) {
            return { correct: false, message: `probe:${PROBED} is still registered.` };
          }
          if (!(await ranCommand(ctx, /\bperf\s+probe\b.*(\s-d\b|--del)/))) {
            return { correct: false, message: "Use `perf probe -d` to delete it." };
          }
          return { correct: true };
        },
      },
    },
    {
      id: "perf-report",
      title: "Where does the time go?",
      prompt:
        "Profile `dd if=/dev/zero of=/dev/null bs=64k count=2000` with call graphs, save " +
        "`perf report --stdio` into `/root/report.txt`, and say which system call dd spends more " +
        "of its time in: `read` or `write`.",
      hints: [
        "`perf record -g` samples the call chain along with each sample.",
        "In the report, follow the `__ia32_sys_...` branches under dd and compare their percentages.",
      ],
      solution: [
        "perf record -g -o /root/dd.data -- dd if=/dev/zero of=/dev/null bs=64k count=2000",
        "perf report -i /root/dd.data --stdio > /root/report.txt",
        "grep -E '__ia32_sys_(read|write)' /root/report.txt | head",
      ],
      check: {
        kind: "custom",
        input: true,
        grade: async (ctx, answer) => {
          const report = await read(ctx, "/root/report.txt");
          if (!reportHasCallGraph(report, "dd")) {
            return {
              correct: false,
              message: "/root/report.txt has no call-graph report of dd (perf record -g?).",
            };
          }
          const expected = dominantSyscall(report, ["read", "write"]);
          if (!expected)
            return { correct: false, message: "The report shows neither read nor write under dd." };
          const given = answer
            .trim()
            .replace(/^(__ia32_)?sys_/, "")
            .replace(/\(\)$/, "");
          return given === expected
            ? { correct: true, message: `Yes: ${expected}, as your report shows.` }
            : { correct: false, message: "Not according to your report." };
        },
      },
    },
    {
      id: "function-graph",
      title: "A function's call tree",
      prompt:
        `Use the \`function_graph\` tracer to trace only \`${PROBED}\` and what it calls, run one ` +
        "command that opens a file, and save the trace into `/root/graph.txt`. Put the `nop` tracer back afterwards.",
      hints: [
        "`set_graph_function` limits function_graph to a function and its callees.",
        "`tracing_on` pauses and resumes recording without changing the tracer.",
      ],
      solution: [
        `cd ${TRACEFS}`,
        `echo ${PROBED} > set_graph_function`,
        "echo function_graph > current_tracer",
        "cat /etc/hostname; echo 0 > tracing_on",
        "cp trace /root/graph.txt",
        "echo nop > current_tracer; echo > set_graph_function; echo 1 > tracing_on; cd",
      ],
      check: {
        kind: "custom",
        grade: async (ctx) => {
          const graph = await read(ctx, "/root/graph.txt");
          if (!isFunctionGraphOf(graph, PROBED)) {
            return { correct: false, message: `/root/graph.txt is not a function_graph trace of ${PROBED}.` };
          }
          const tracer = (await read(ctx, `${TRACEFS}/current_tracer`)).trim();
          if (tracer !== "nop") return { correct: false, message: `The current tracer is still ${tracer}.` };
          return { correct: true };
        },
      },
    },
    {
      id: "flame-graph",
      title: "A flame graph of the whole machine",
      prompt:
        `Start \`${BUSY_LOOP}\` in the background, sample the whole machine for five seconds at ` +
        `99 Hz with call graphs, stop dd, save the samples with \`perf script\` into \`${FLAME_FILE}\` ` +
        "and open that file in the flame graph viewer. What percentage of all samples went to dd?",
      hints: [
        "`COMMAND &` runs it in the background; `kill %1` stops background job 1.",
        "`perf record -F 99 -a -g -- sleep 5`: `-a` is every CPU and every process, `-g` the call chains.",
        "`flameview out.perf` opens the file in the page; hover the `dd` frame just above `all`.",
      ],
      solution: [
        `${BUSY_LOOP} &`,
        "perf record -F 99 -a -g -- sleep 5",
        "kill %1",
        `perf script > ${FLAME_FILE}`,
        `flameview ${FLAME_FILE}`,
      ],
      check: {
        kind: "custom",
        input: true,
        grade: async (ctx, answer) => {
          const text = await read(ctx, FLAME_FILE);
          if (!text) return { correct: false, message: `${FLAME_FILE} is missing or empty.` };
          const profile = flameProfileOf(text);
          if (!profile) return { correct: false, message: `${FLAME_FILE} is not the output of perf script.` };
          if (profile.withCallchain === 0 || profile.kernelFrames === 0) {
            return { correct: false, message: "The samples have no kernel call chains: record with -g." };
          }
          const dd = profile.byComm.get("dd") ?? 0;
          if (dd === 0) {
            return {
              correct: false,
              message:
                "No sample of dd: was it running in the background, and did you record every process (-a)?",
            };
          }
          const share = (100 * dd) / profile.samples;
          const given = Number(answer.trim().replace(/\s*%$/, "").replace(",", "."));
          if (answer.trim() === "" || !Number.isFinite(given)) {
            return { correct: false, message: "Give the share as a percentage, e.g. 42.5." };
          }
          // The viewer shows two decimals; a rounded reading of the hover text is fine.
          return Math.abs(given - share) <= 1
            ? { correct: true, message: `Yes: ${dd} of ${profile.samples} samples, ${share.toFixed(2)}%.` }
            : { correct: false, message: "That is not what your flame graph shows for dd." };
        },
      },
    },
  ],
});
