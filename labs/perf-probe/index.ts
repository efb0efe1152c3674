/**
 * Lab "perf-probe": the live simulated Lustre VM. The learner loads the modules, starts testfs0,
 * reads ldlm_res_hash_dump's probe-able lines and variable locations with perf probe, arms a
 * probe that fetches fields of each ldlm_resource, records dump_namespaces with it, and profiles
 * a tar workload into a flame graph. Graders: graders.ts.
 */
import { defineLab } from "../schema";
import {
  FOLDED,
  gradeHotResources,
  gradeHottestFid,
  gradeProbeAdded,
  gradeResRegister,
  gradeWidestFrame,
  PERF_DATA,
  REFCOUNT_THRESHOLD,
  refcountOffset,
  resourceDumpCallLine,
} from "./graders";

/** Modules, servers, client mount and one file: the state every probe lesson starts from. */
export const START_LUSTRE = [
  "modprobe lustre",
  "shine -L start; shine -L mount; echo foo > /mnt/lustre/foo",
] as const;
export const ADD_PROBE =
  "perf probe -m ptlrpc ldlm_res_hash_dump:8 res 'res->lr_refcount' 'res->lr_name.name[0]'";
/** The recap of transcript 34 with the slide's sed fixed (-E) and debugfs run on both OSTs. */
export const RECAP_BOTH_OSTS =
  `for dev in /dev/md0 /dev/md1; do perf script -i ${PERF_DATA} | ` +
  `sed -nE "s/.*lr_refcount=(0x[9a-f][0-9a-f]{2}|0x[0-9a-f]{4,}) name=(0x[0-9a-f]*).*/\\1 \\2/p" | ` +
  `while read refcount oid; do debugfs -c $dev -R "stat /O/0/d$((oid%32))/$((oid))" 2>&1 | ` +
  `sed -nE "s/.*fid: parent=([^ ]*).*/\\1 $((refcount))/p"; done; done | sort -k 2nr`;
export const RECORD_DUMP = `perf record -o ${PERF_DATA} -e 'probe:*' sh -c 'echo 1 > /sys/kernel/debug/lustre/ldlm/dump_namespaces'`;

export const perfProbeLab = defineLab({
  id: "perf-probe",
  title: "perf: probes and flame graphs",
  summary:
    "Work around a too-small debug buffer with a perf probe in Lustre's ldlm, read every resource's refcount, and profile a workload into a flame graph.",
  order: 30,
  guest: "simulated",
  cwd: "/root",
  setup: [],
  tasks: [
    {
      id: "dump-call-line",
      title: "A line you can probe",
      prompt:
        "In `ldlm_res_hash_dump`, on which line number (as `perf probe -L` numbers it) is the call to `ldlm_resource_dump`?",
      hints: [
        "perf can only read a module's debuginfo once the module is loaded: `modprobe lustre` first.",
        "`perf probe -m ptlrpc -L ldlm_res_hash_dump` lists the function; only lines with a number can be probed.",
      ],
      solution: ["modprobe lustre", "perf probe -m ptlrpc -L ldlm_res_hash_dump"],
      check: { kind: "number", expected: resourceDumpCallLine },
    },
    {
      id: "res-register",
      title: "Where is res?",
      prompt:
        "At that line, which CPU register holds the `res` pointer? Write it as perf does (`%rbx`) or plainly (`rbx`).",
      hints: [
        "`-V` tells you which variables exist at a line, not where they live.",
        "Add a probe on that line fetching `res` with `-v`: the `Writing event:` line names the register.",
      ],
      solution: [
        "modprobe lustre",
        "perf probe -v -m ptlrpc ldlm_res_hash_dump:7 res 2>&1 | grep 'Writing event'",
        "perf probe -d 'probe:*'",
      ],
      check: { kind: "custom", input: true, grade: gradeResRegister },
    },
    {
      id: "refcount-offset",
      title: "What is +24?",
      prompt:
        "The kprobe fetch argument for `res->lr_refcount` reads memory at `+N(%reg)`. What is N, in decimal or hex?",
      hints: [
        "It is the offset of a member inside `struct ldlm_resource`.",
        "Add the probe with `-v` and read `lr_refcount=+N(...)` — or look the member up with crash's `struct -o ldlm_resource` in the server-load lab.",
      ],
      solution: [
        "modprobe lustre",
        "perf probe -v -m ptlrpc ldlm_res_hash_dump:8 res 'res->lr_refcount' 2>&1 | grep 'Writing event'",
        "perf probe -d 'probe:*'",
      ],
      check: { kind: "number", expected: refcountOffset },
    },
    {
      id: "probe-armed",
      title: "Arm the probe",
      prompt:
        "Add a probe in `ldlm_res_hash_dump` that fetches both `res` and `res->lr_refcount`, and leave it in place. The check reads the kernel's kprobe_events.",
      hints: [
        "Start Lustre first, then `perf probe -m ptlrpc ldlm_res_hash_dump:<line> res 'res->lr_refcount'`.",
        "Quote the arguments containing `->`: the shell would read `>` as a redirection.",
      ],
      solution: [...START_LUSTRE, ADD_PROBE, "perf probe -l"],
      check: { kind: "custom", input: false, grade: gradeProbeAdded },
    },
    {
      id: "hot-resources",
      title: "Busy resources",
      prompt: `Record a namespace dump with your probe into \`${PERF_DATA}\`. How many of the resources it visited have an \`lr_refcount\` greater than ${REFCOUNT_THRESHOLD}?`,
      hints: [
        "Nothing is dumped unless the Lustre debug mask has `dlmtrace`: `lctl set_param debug=+dlmtrace`.",
        `\`perf script -i ${PERF_DATA}\` prints one line per resource; lr_refcount is in hex.`,
        "`grep -o 'lr_refcount=0x[0-9a-f]*' | sort | uniq -c` groups the values; convert them from hex and add up the counts.",
      ],
      solution: [
        ...START_LUSTRE,
        ADD_PROBE,
        "lctl set_param debug=+dlmtrace",
        RECORD_DUMP,
        "lctl set_param debug=-dlmtrace; lctl dk > /dev/null",
        `perf script -i ${PERF_DATA} | grep -o 'lr_refcount=0x[0-9a-f]*' | sort | uniq -c`,
      ],
      check: { kind: "custom", input: true, grade: gradeHotResources },
    },
    {
      id: "hottest-fid",
      title: "The most referenced object",
      prompt: `Start the cluster's job (\`cluster-job start\`), record a namespace dump into \`${PERF_DATA}\` with a probe fetching \`res->lr_refcount\` and \`res->lr_name.name[0]\`, and follow the recap: which Lustre file (its FID) owns the OST object with the most references?`,
      hints: [
        "The job's nodes hold their locks while it runs: record after `cluster-job start`.",
        'For an OST object, `name[0]` is the object id; `debugfs -c /dev/mdN -R "stat /O/0/d$((oid%32))/$((oid))"` prints its `fid: parent=`.',
        "The slide's `debugfs -c /dev/md[0-1]` only opens /dev/md0: loop over both OST devices.",
      ],
      solution: [
        ...START_LUSTRE,
        "cluster-job start",
        ADD_PROBE,
        "lctl set_param debug=+dlmtrace",
        RECORD_DUMP,
        "lctl set_param debug=-dlmtrace; lctl dk > /dev/null",
        RECAP_BOTH_OSTS,
      ],
      check: { kind: "custom", input: true, grade: gradeHottestFid },
    },
    {
      id: "widest-frame",
      title: "The widest frame",
      prompt: `Profile \`tar cf /tmp/x.tar /usr\` on all CPUs with call graphs, fold the stacks into \`${FOLDED}\`, and draw the flame graph. Which frame directly above the root (\`all\`) is the widest?`,
      hints: [
        "`perf record -F 99 -a -g -- tar cf /tmp/x.tar /usr`, then `perf script | stackcollapse-perf.pl > out.folded`.",
        "The first frame of each folded line is the process name; add up the counts per first frame.",
      ],
      solution: [
        "perf record -F 99 -a -g -- tar cf /tmp/x.tar /usr",
        `perf script | stackcollapse-perf.pl > ${FOLDED}`,
        `flamegraph.pl ${FOLDED} > out.svg`,
        `awk '{ split($1, f, ";"); n[f[1]] += $NF } END { for (c in n) print n[c], c }' ${FOLDED} | sort -rn`,
      ],
      check: { kind: "custom", input: true, grade: gradeWidestFrame },
    },
  ],
});
