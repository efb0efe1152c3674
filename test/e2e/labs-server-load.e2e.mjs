/**
 * The server-load lab as a learner does it: open the "find a NID" lesson, start crash in the
 * terminal, type the talk's commands, read the client's NID off the screen, decode it, and
 * submit it. Also a wrong answer, progress across a reload, and screenshots of a lesson at
 * desktop and phone sizes (test-results/labs-server-load-*.png).
 */
import { join } from "node:path";
import { answerTask, assert, openLesson, termText, typeLine, waitFor } from "./helpers.mjs";

const LESSON = "labs/server-load/find-a-nid/";
const TASK = "waiting-pw-nid";
/** talk/facts.md §2: the waiting PW lock's client is 10.200.0.2 (nid 0x200000ac80002). */
const TALK_NID = "10.200.0.2@tcp";
const CRASH_PROMPT = /crash>\s*$/;

/** Run a line at the crash prompt (or the line starting crash) and return its output. */
async function crash(page, line, timeout = 45_000) {
  const before = (await termText(page)).split("\n").length;
  await typeLine(page, line);
  await waitFor(
    async () => {
      const lines = (await termText(page)).split("\n");
      return lines.length > before && CRASH_PROMPT.test(lines.filter((l) => l.trim() !== "").at(-1) ?? "");
    },
    { timeout, what: `the crash prompt after "${line}"` },
  );
  const lines = (await termText(page)).split("\n");
  const start = lines.findLastIndex((l) => l.includes(line));
  return lines.slice(start + 1, -1).join("\n");
}

/** The value of `name = 0x...` in crash output. */
function member(output, name) {
  const m = new RegExp(`\\b${name} = (0x[0-9a-f]+)`).exec(output);
  assert(m, `no "${name} = 0x..." in:\n${output}`);
  return BigInt(m[1]);
}

/** lnet_nid_t → "a.b.c.d@tcp" the way the lesson teaches it (LND 2 = tcp, network 0). */
function decodeNid(nid) {
  const type = Number(nid >> 48n);
  const net = Number((nid >> 32n) & 0xffffn);
  const ip = Number(nid & 0xffffffffn);
  assert(type === 2 && net === 0, `unexpected NID network ${type}/${net}`);
  return `${ip >>> 24}.${(ip >>> 16) & 255}.${(ip >>> 8) & 255}.${ip & 255}@tcp`;
}

/** The lesson's first block: open the dump, hexadecimal output. */
async function startCrash(page) {
  await crash(page, "crash /usr/lib/debug/lib/modules/3.10.0*/vmlinux vmcore", 60_000);
  await crash(page, "set radix 16");
}

/** The learner's walk: waiting locks → l_export → exp_connection → c_peer.nid. */
async function readWaitingNid(page) {
  const locks = await crash(page, "list -H ffff917c981c3b70 ldlm_lock.l_res_link -S ldlm_lock.l_export");
  const exp = member(locks, "l_export");
  const conn = member(
    await crash(page, `struct obd_export.exp_connection 0x${exp.toString(16)}`),
    "exp_connection",
  );
  const peer = await crash(page, `struct ptlrpc_connection 0x${conn.toString(16)}`);
  return member(peer, "nid");
}

export const tests = [
  {
    name: "server-load: read the waiting lock's NID in crash and submit it",
    async run({ page, baseUrl }) {
      await openLesson(page, baseUrl + LESSON);
      await startCrash(page);
      const nid = decodeNid(await readWaitingNid(page));
      assert(nid === TALK_NID, `the screen gave ${nid}, the talk ${TALK_NID}`);
      assert(
        (await answerTask(page, TASK, "2.0.200.10")) === "incorrect",
        "the byte-swapped net -N form was accepted",
      );
      assert((await answerTask(page, TASK, nid)) === "correct", `${nid} was not accepted`);
    },
  },
  {
    name: "server-load: the solved NID task stays solved after a reload",
    async run({ page, baseUrl }) {
      // Solved by the previous test in this browser profile.
      await openLesson(page, baseUrl + LESSON);
      await page.reload();
      await page.waitForFunction(
        (id) => document.querySelector(`[data-task-id="${id}"]`)?.classList.contains("solved"),
        TASK,
      );
      assert(
        (await answerTask(page, TASK, "10.200.0.3@tcp")) === "incorrect",
        "a wrong NID was accepted after reload",
      );
    },
  },
  {
    name: "server-load: screenshots of a lesson, desktop 1400x900 and phone 390x844",
    async run({ page, baseUrl, results }) {
      await page.setViewportSize({ width: 1400, height: 900 });
      await openLesson(page, baseUrl + LESSON);
      await startCrash(page);
      await crash(page, "list -H ffff917c981c3b70 ldlm_lock.l_res_link -S ldlm_lock.l_export");
      await page.locator(`[data-task-id="${TASK}"]`).scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(results, "labs-server-load-desktop.png") });
      await page.setViewportSize({ width: 390, height: 844 });
      await openLesson(page, baseUrl + LESSON);
      await page.screenshot({ path: join(results, "labs-server-load-phone.png") });
      await page.locator(`[data-task-id="${TASK}"]`).scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(results, "labs-server-load-phone-task.png") });
      const box = await page.locator(".lesson-text").boundingBox();
      assert(box && box.width <= 390, `lesson text is ${box?.width}px wide on a 390px screen`);
    },
  },
  {
    name: "crash labs: every lesson renders its tables, code and tasks (tall screenshots)",
    async run({ page, baseUrl, results }) {
      // The lesson text scrolls in its own pane: a tall window shows all of it at once.
      await page.setViewportSize({ width: 1400, height: 6000 });
      for (const [path, shot, task] of [
        ["labs/crash-basics/", "labs-crash-basics.png", "dump-uptime"],
        ["labs/client-lbug/files/", "labs-client-lbug-files.png", "ioctl-name"],
        ["labs/client-lbug/closure/", "labs-client-lbug-closure.png", "other-ioctl"],
        ["labs/server-load/lock-lists/", "labs-server-load-lock-lists.png", "waiting-modes"],
        ["labs/ls-stuck/", "labs-ls-stuck.png", "stuck-duration"],
      ]) {
        await page.goto(baseUrl + path);
        assert((await page.locator(`[data-task-id="${task}"]`).count()) === 1, `${path} lacks task ${task}`);
        const overflow = await page.evaluate(
          () =>
            [...document.querySelectorAll(".lesson-text table, .lesson-text pre")].filter(
              (el) =>
                el.getBoundingClientRect().right >
                document.querySelector(".lesson-text").getBoundingClientRect().right + 1,
            ).length,
        );
        assert(overflow === 0, `${path}: ${overflow} tables or code blocks stick out of the text column`);
        await page.screenshot({ path: join(results, shot) });
      }
    },
  },
];
