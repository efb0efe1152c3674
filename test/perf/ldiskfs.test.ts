/**
 * The ldiskfs reminder (transcript 15) on the live VM: loop-mounting the OST image, debugfs on
 * it (REPL on the terminal, -R one-shot) and lfs fid2path, with their error paths.
 */
import { describe, expect, it } from "vitest";
import { ShellSession, type TerminalPort } from "../../emulator/shell/session";
import { defaultTools } from "../../emulator/shell/tools-registry";
import { expectedPattern, liveShell, transcript } from "./helpers";

/** An interactive session whose terminal replays typed lines and records the screen. */
function terminalSession(typed: string[]) {
  let screen = "";
  const terminal: TerminalPort = {
    write(text) {
      screen += text;
    },
    async readLine(prompt) {
      const line = typed.shift() ?? null;
      // The line editor echoes what is typed; ^D at an empty line ends the REPL.
      screen += line === null ? `${prompt}^D\n` : `${prompt}${line}\n`;
      return line;
    },
    columns: 80,
    rows: 24,
  };
  const s = new ShellSession({
    interactive: true,
    terminal,
    tools: defaultTools(),
    now: () => 1578557000000,
  });
  return {
    async run(line: string) {
      screen += `# ${line}\n`;
      await s.run(line, {
        onOutput: (o, e) => {
          screen += o + e;
        },
      });
    },
    screen: () => screen,
  };
}

describe("transcript 15: ldiskfs, debugfs and fid2path", () => {
  it("replays the slide on the live VM", async () => {
    const steps = transcript("15-ldiskfs-debugfs-fid2path.txt");
    // The debugfs step's output holds what is typed at its prompt.
    const typed = steps
      .flatMap((s) => s.output)
      .filter((l) => l.startsWith("debugfs: "))
      .map((l) => l.slice("debugfs: ".length));
    expect(typed).toEqual(["stat /O/0/d8/40"]);
    const t = terminalSession(typed);
    for (const l of ["hostname vm0", "shine -L start; shine -L mount"]) await t.run(l);
    const start = t.screen().length;
    const expected: string[] = [];
    for (const step of steps) {
      await t.run(step.command);
      expected.push(`# ${step.command}`, ...step.output.filter((l) => l !== "^D"));
    }
    expect(t.screen().slice(start)).toMatch(expectedPattern(expected));
  });

  it("the object's filter_fid names the file fid2path finds, for files the learner creates too", async () => {
    const sh = liveShell();
    await sh("hostname vm0; shine -L start; shine -L mount; echo a > /mnt/lustre/a; echo b > /mnt/lustre/b");
    // Objects are placed round-robin: a (file 0) on OST0000 = md0 as 0x42, b on OST0001 = md1 as 0x43.
    const a = await sh('debugfs -c /dev/md0 -R "stat /O/0/d2/66" 2>/dev/null | grep "fid: parent"');
    expect(a.stdout.trim()).toBe(
      "fid: parent=[0x2000013a1:0x1:0x0] stripe=0 stripe_size=1048576 stripe_count=1",
    );
    const b = await sh('debugfs -c /dev/md1 -R "stat /O/0/d3/67" 2>/dev/null | grep -o "parent=[^ ]*"');
    expect(b.stdout).toBe("parent=[0x2000013a1:0x2:0x0]\n");
    expect((await sh("lfs fid2path /mnt/lustre 0x2000013a1:0x1:0x0 '[0x2000013a1:0x2:0x0]'")).stdout).toBe(
      "/mnt/lustre/a\n/mnt/lustre/b\n",
    );
    expect((await sh("lfs fid2path testfs0 0x200000401:0x4d:0x0")).stdout).toBe("test\n");
    // The mounted image lists what debugfs reads.
    expect((await sh("mount -o loop -t ldiskfs /tmp/ost0 /media/")).code).toBe(0);
    expect((await sh("ls /media/O/0/d2 /media/O/0/d8")).stdout).toBe(
      "/media/O/0/d2:\n66\n\n/media/O/0/d8:\n40\n",
    );
    expect((await sh("ls /media/O/0/d3")).stdout).toBe("");
    expect(await sh("mount -o loop -t ldiskfs /tmp/ost0 /media")).toMatchObject({
      stderr: "mount: /dev/loop1 is already mounted or /media busy\n",
      code: 32,
    });
    expect((await sh("mount -t ldiskfs")).stdout).toBe(
      "/dev/loop0 on /media type ldiskfs (rw,relatime,data=ordered)\n",
    );
    expect((await sh("umount /media; ls -A /media; mount -t ldiskfs")).stdout).toBe("");
  });
});

describe("debugfs, lfs, mount and umount errors", () => {
  it("reports them as the real tools do", async () => {
    const sh = liveShell();
    await sh("hostname vm0; shine -L start; shine -L mount");
    const banner = "debugfs 1.42.13.wc6 (05-Feb-2017)\n";
    expect(await sh('debugfs -c /tmp/ost0 -R "stat /O/0/d8/41"')).toEqual({
      stdout: "",
      stderr: `${banner}/tmp/ost0: catastrophic mode - not reading inode or group bitmaps\n/O/0/d8/41: File not found by ext2_lookup \n`,
      code: 0,
    });
    expect(await sh('debugfs -c /dev/md7 -R "stat /O"')).toEqual({
      stdout: "",
      stderr: `${banner}debugfs: No such file or directory while trying to open /dev/md7\nstat: Filesystem not open\n`,
      code: 0,
    });
    expect((await sh('debugfs -c /etc/hosts -R "ls"')).stderr).toBe(
      `${banner}debugfs: Bad magic number in super-block while trying to open /etc/hosts\nls: Filesystem not open\n`,
    );
    expect(await sh('debugfs -R "frob" /tmp/ost0')).toEqual({
      stdout: "",
      stderr: `${banner}debugfs: Command not found frob\n`,
      code: 1,
    });
    expect((await sh("debugfs -x /tmp/ost0")).stderr).toContain("debugfs: invalid option -- 'x'\n");
    // Piped requests: the prompt is printed, the request is not echoed.
    expect((await sh("printf 'ls /O/0/d8\\nq\\n' | debugfs -c /tmp/ost0 2>/dev/null")).stdout).toBe(
      "debugfs:   108  (12) .    2  (12) ..    200  (4072) 40   \n\ndebugfs:  ",
    );
    expect(await sh("lfs fid2path /mnt/lustre 0x200000401:0x4e:0x0")).toEqual({
      stdout: "",
      stderr: "lfs fid2path: cannot find '0x200000401:0x4e:0x0': No such file or directory\n",
      code: 2,
    });
    expect((await sh("lfs fid2path /mnt/lustre 0x42")).stderr).toBe(
      "lfs fid2path: bad FID format '0x42', should be [seq:oid:ver] (e.g. [0x200000400:0x1:0x0])\n" +
        "lfs fid2path: cannot find '0x42': Invalid argument\n",
    );
    expect((await sh("lfs fid2path /tmp 0x200000401:0x4d:0x0")).stderr).toBe(
      "lfs fid2path: cannot find '0x200000401:0x4d:0x0': No such device\n",
    );
    expect(await sh("mount -o loop -t ldiskfs /tmp/nope /media")).toMatchObject({
      stderr: "mount: special device /tmp/nope does not exist\n",
      code: 32,
    });
    expect(await sh("mount /dev/md0 /media")).toMatchObject({
      stderr: "mount: /dev/md0 is already mounted or /media busy\n",
      code: 32,
    });
    expect(await sh("umount /media")).toMatchObject({ stderr: "umount: /media: not mounted\n", code: 32 });
    expect((await sh("umount /")).stderr).toContain("umount: /: target is busy.\n");
    expect((await sh("mount -t debugfs")).stdout).toBe(
      "debugfs on /sys/kernel/debug type debugfs (rw,relatime)\n",
    );
  });
});
