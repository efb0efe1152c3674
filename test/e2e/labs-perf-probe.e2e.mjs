/**
 * The perf-probe recap as a learner does it in the page: bring testfs0 up, start the cluster's
 * job, probe and record the namespace dump, run the recap over both OSTs, and submit the FID on
 * the first line; the second line's FID is refused. Screenshot: test-results/labs-perf-probe-recap.png.
 */
import { join } from "node:path";
import { answerTask, assert, openLesson, run } from "./helpers.mjs";

const LESSON = "labs/perf-probe/recap/";
const FID_LINE = /^(\[0x[0-9a-f]+:0x[0-9a-f]+:0x[0-9a-f]+\]) (\d+)$/;

export const tests = [
  {
    name: "perf-probe recap: the FID of the most referenced OST object, found with perf, sed and debugfs",
    timeoutMs: 120_000,
    async run({ page, baseUrl, results }) {
      await page.setViewportSize({ width: 1400, height: 900 });
      await openLesson(page, baseUrl + LESSON);
      const slow = { timeout: 30_000 };
      for (const line of [
        "modprobe lustre",
        "shine -L start; shine -L mount",
        "cluster-job start",
        "perf probe -q -m ptlrpc ldlm_res_hash_dump:8 res 'res->lr_refcount' 'res->lr_name.name[0]'",
        "lctl set_param debug=+dlmtrace",
        "perf record -o /tmp/perf.data -e 'probe:*' sh -c 'echo 1 > /sys/kernel/debug/lustre/ldlm/dump_namespaces'",
        "lctl set_param debug=-dlmtrace; lctl dk > /dev/null",
      ])
        await run(page, line, slow);
      const recap = await run(
        page,
        'for dev in /dev/md0 /dev/md1; do perf script -i /tmp/perf.data | sed -nE "s/.*lr_refcount=(0x[9a-f][0-9a-f]{2}|0x[0-9a-f]{4,}) name=(0x[0-9a-f]*).*/\\1 \\2/p" | while read refcount oid; do debugfs -c $dev -R "stat /O/0/d$((oid%32))/$((oid))" 2>&1 | sed -nE "s/.*fid: parent=([^ ]*).*/\\1 $((refcount))/p"; done; done | sort -k 2nr',
        slow,
      );
      const rows = recap
        .split("\n")
        .map((l) => FID_LINE.exec(l.trim()))
        .filter(Boolean);
      assert(rows.length >= 3, `recap printed: ${recap}`);
      assert(Number(rows[0][2]) > Number(rows[1][2]), `not sorted: ${recap}`);
      const path = await run(page, `lfs fid2path /mnt/lustre '${rows[0][1]}'`, slow);
      assert(path === "/mnt/lustre/job/params.nml", `fid2path: ${path}`);
      await page.screenshot({ path: join(results, "labs-perf-probe-recap.png") });
      assert((await answerTask(page, "hottest-fid", rows[1][1])) === "incorrect", "second FID accepted");
      assert((await answerTask(page, "hottest-fid", rows[0][1])) === "correct", "top FID refused");
    },
  },
];
