/**
 * The v86 guest end to end: restore the committed state of public/v86, then check through
 * the Guest interface that it is the real Debian kernel and that kprobe events work.
 * Slow (each restore takes about a second, commands run on an emulated CPU).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { V86Guest } from "../../emulator/v86/guest";
import { createV86NodeGuest, readManifest } from "../../emulator/v86/node";
import { Console } from "./console";

const T = "/sys/kernel/tracing";
let guest: V86Guest;
let term: Console;

beforeAll(async () => {
  guest = await createV86NodeGuest();
  term = new Console(guest);
  // Wide enough that no command line wraps (readline redraws wrapped lines).
  guest.resize(200, 50);
  await guest.start();
}, 120_000);

afterAll(() => guest?.dispose());

describe("v86 guest", () => {
  it("prints the lab prompt after restoring", () => {
    expect(term.text()).toMatch(/\[root@kdebug ~\]# $/);
  });

  it("runs Debian's 6.1 686 kernel", async () => {
    const release = (await term.run("uname -r")).trim();
    expect(release).toMatch(/^6\.1\.\d+-\d+-686$/);
    expect(release).toBe(readManifest().kernel.release);
    expect((await term.run("uname -m")).trim()).toBe("i686");
  });

  it("registers a kprobe event with a fetch argument and records an event", async () => {
    await term.run(`echo 'p:testopen do_sys_openat2 path=+0(%dx):ustring' > ${T}/kprobe_events`);
    const events = await guest.inspect.readFile(`${T}/kprobe_events`);
    expect(events).toContain("p:kprobes/testopen do_sys_openat2 path=+0(%dx):ustring");
    await term.run(`echo 1 > ${T}/events/kprobes/testopen/enable`);
    await term.run("cat /etc/hostname");
    await term.run(`echo 0 > ${T}/events/kprobes/testopen/enable`);
    const trace = await term.run(`grep testopen: ${T}/trace`);
    // One line per open: "cat-PID [000] ..... TIME: testopen: (do_sys_openat2+0x0/0x...) path=...".
    expect(trace).toMatch(
      /^\s*cat-\d+\s+\[000\].*testopen: \(do_sys_openat2\+0x0\/0x[0-9a-f]+\) path="\/etc\/hostname"$/m,
    );
    await term.run(`echo '-:testopen' >> ${T}/kprobe_events`);
    expect(await guest.inspect.readFile(`${T}/kprobe_events`)).toBe("");
  }, 60_000);

  it("reads guest files for graders, relative to the shell's cwd", async () => {
    expect((await guest.inspect.readFile("/etc/hostname"))?.trim()).toBe("kdebug");
    expect(await guest.inspect.readFile("/no/such/file")).toBeNull();
    await term.run("mkdir -p /tmp/work && cd /tmp/work && echo 42 > answer.txt");
    expect(await guest.inspect.cwd()).toBe("/tmp/work");
    expect(await guest.inspect.readFile("answer.txt")).toBe("42\n");
    await term.run("cd");
    expect(await guest.inspect.cwd()).toBe("/root");
  });

  it("reports the shell history, oldest first", async () => {
    const history = await guest.inspect.history();
    const lines = history.map((h) => h.line);
    expect(lines).toContain("uname -r");
    expect(lines.indexOf("uname -r")).toBeLessThan(lines.indexOf("cat /etc/hostname"));
    expect(history.every((h) => h.program === "sh")).toBe(true);
  });

  it("resizes the terminal", async () => {
    guest.resize(132, 43);
    // The agent answers in order: once a later request (cwd) is answered, the resize is done.
    await guest.inspect.cwd();
    expect((await term.run("stty size")).trim()).toBe("43 132");
    guest.resize(200, 50);
  });

  it("interrupts a foreground command with Ctrl-C", async () => {
    const from = term.length;
    guest.input(`cat ${T}/trace_pipe\r`);
    // Interrupt once the shell has taken the line (its echo and newline are back) and cat has
    // had time to block in trace_pipe: on a loaded machine the emulator may lag behind a timer.
    await term.waitFor((t) => t.includes(`trace_pipe\r\n`) || t.includes(`trace_pipe\n`), from, 20_000);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    guest.interrupt();
    const text = await term.waitFor((t) => /\[root@kdebug ~\]# $/.test(t), from, 20_000);
    expect(text).toContain("^C");
  }, 30_000);

  it("runs a command outside the console for kdebug-lab exec", async () => {
    let output = "";
    const status = await guest.exec("perf probe -l; echo rc=$?; ls /nonexistent", (d) => (output += d));
    expect(output).toContain("rc=0");
    expect(output).toContain("No such file or directory");
    expect(status).not.toBe(0);
  });
});
