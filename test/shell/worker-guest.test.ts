import { Worker } from "node:worker_threads";
import { afterEach, describe, expect, it } from "vitest";
import { SimulatedGuest } from "../../emulator/guest/simulated-guest";
import { WorkerGuest, type WorkerLike } from "../../emulator/guest/worker-guest";
import type { WorkerMessage } from "../../emulator/guest/worker-protocol";
import { TestTerminal } from "./terminal";

/** A Node worker thread running the guest, seen through the browser Worker API. */
function nodeWorker(): WorkerLike {
  const w = new Worker(new URL("./node-worker.mjs", import.meta.url));
  let handler: ((e: { data: WorkerMessage }) => void) | null = null;
  w.on("message", (data: WorkerMessage) => handler?.({ data }));
  return {
    postMessage: (m) => w.postMessage(m),
    get onmessage() {
      return handler;
    },
    set onmessage(h) {
      handler = h;
    },
    terminate: () => {
      void w.terminate();
    },
  };
}

const cleanup: Array<{ dispose(): void }> = [];
afterEach(() => {
  for (const c of cleanup.splice(0)) c.dispose();
});

describe("snapshot and restore", () => {
  it("carries files, deletions, shell state and histories into a fresh guest", async () => {
    const a = new SimulatedGuest({ lab: { cwd: "/var/crash/client_lbug" } });
    cleanup.push(a);
    const ta = new TestTerminal(a);
    await a.start();
    await ta.waitForPrompt();
    ta.type(
      "mkdir -p /root/work/sub; printf 'x\\n' > /root/work/sub/f; rm /etc/hosts; cd /root/work; export E=1; v=2; f() { echo fn; }\r",
    );
    await ta.waitFor((t) => t.endsWith("[root@kdebug work]#"));
    const snap = await a.snapshot();
    expect(snap.deleted).toContain("/etc/hosts");
    expect(snap.entries.map((e) => e.path)).toEqual(
      expect.arrayContaining(["/root/work", "/root/work/sub", "/root/work/sub/f"]),
    );
    // Base files the learner did not touch are not in the snapshot.
    expect(snap.entries.some((e) => e.path.startsWith("/usr/share/bcc"))).toBe(false);

    const b = await SimulatedGuest.restore(snap);
    cleanup.push(b);
    const tb = new TestTerminal(b);
    await b.start();
    await tb.waitForPrompt();
    expect(tb.text()).toBe("[root@kdebug work]#");
    tb.type("cat sub/f; ls /etc/hosts; env | grep ^E=; echo $v; f; history\r");
    await tb.waitFor((t) => t.endsWith("]#") && t.includes("history"));
    await tb.settle();
    expect(tb.text()).toContain(
      "x\nls: cannot access /etc/hosts: No such file or directory\nE=1\n2\nfn\n    1  mkdir -p",
    );
    expect(await b.inspect.history()).toHaveLength(2);
  });
});

describe("WorkerGuest", () => {
  it("replaces a worker stuck in a busy loop and continues from the last snapshot", async () => {
    let restarts = 0;
    const guest = new WorkerGuest(nodeWorker, {
      lab: { cwd: "/var/crash/client_lbug" },
      onRestart: () => restarts++,
    });
    cleanup.push(guest);
    const term = new TestTerminal(guest);
    await guest.start();
    await term.waitForPrompt();
    term.type("cd /tmp; echo data > f; x=5\r");
    await term.waitFor((t) => t.endsWith("[root@kdebug tmp]#"));
    // Let the standby worker finish loading (tsx compiles the sources on Node).
    await new Promise((r) => setTimeout(r, 2500));
    term.type("while true; do :; done\r");
    await new Promise((r) => setTimeout(r, 200));
    const start = Date.now();
    term.type("\x03");
    await term.waitFor((t) => t.endsWith("while true; do :; done\n^C\n[root@kdebug tmp]#"), 10_000);
    const elapsed = Date.now() - start;
    expect(restarts).toBe(1);
    expect(elapsed).toBeGreaterThanOrEqual(190);
    expect(elapsed).toBeLessThan(1500);
    term.type("cat f; echo x=$x\r");
    await term.waitFor((t) => t.endsWith("data\nx=5\n[root@kdebug tmp]#"));
    expect((await guest.inspect.history()).map((e) => e.line)).toEqual([
      "cd /tmp; echo data > f; x=5",
      "while true; do :; done",
      "cat f; echo x=$x",
    ]);
    expect(await guest.inspect.cwd()).toBe("/tmp");
    expect(await guest.inspect.readFile("f")).toBe("data\n");
  }, 30_000);

  it("does not replace a worker that answers Ctrl-C", async () => {
    let restarts = 0;
    const guest = new WorkerGuest(nodeWorker, { standby: false, onRestart: () => restarts++ });
    cleanup.push(guest);
    const term = new TestTerminal(guest);
    await guest.start();
    await term.waitForPrompt();
    term.type("sleep 100\r");
    await new Promise((r) => setTimeout(r, 100));
    const start = Date.now();
    term.type("\x03");
    await term.waitFor((t) => t.endsWith("sleep 100\n^C\n[root@kdebug ~]#"));
    expect(Date.now() - start).toBeLessThan(200);
    await new Promise((r) => setTimeout(r, 300));
    expect(restarts).toBe(0);
  }, 30_000);
});
