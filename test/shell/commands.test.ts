import { describe, expect, it } from "vitest";
import { humanDf, humanFree } from "../../emulator/shell/commands/system";
import { ShellSession } from "../../emulator/shell/session";
import { realBash } from "./bash-oracle";
import { runLine } from "./run-line";

const NOW = Date.UTC(2020, 0, 9, 9, 32, 10);

async function sh(line: string, session = new ShellSession({ interactive: true, now: () => NOW })) {
  return { ...(await runLine(session, line)), session };
}

describe("uname, hostname, id, whoami", () => {
  it("uname prints the VM's kernel", async () => {
    expect((await sh("uname")).stdout).toBe("Linux\n");
    expect((await sh("uname -a")).stdout).toBe(
      "Linux kdebug 3.10.0-957.21.3.el7.x86_64 #1 SMP Tue Jun 18 16:35:19 UTC 2019 x86_64 x86_64 x86_64 GNU/Linux\n",
    );
    expect((await sh("uname -r")).stdout).toBe("3.10.0-957.21.3.el7.x86_64\n");
    expect((await sh("uname -n -m")).stdout).toBe("kdebug x86_64\n");
    expect((await sh("uname -sv")).stdout).toBe("Linux #1 SMP Tue Jun 18 16:35:19 UTC 2019\n");
    expect((await sh("uname --kernel-release --operating-system")).stdout).toBe(
      "3.10.0-957.21.3.el7.x86_64 GNU/Linux\n",
    );
  });

  it("uname rejects bad options like coreutils", async () => {
    expect(await sh("uname -Z")).toMatchObject({
      stdout: "",
      stderr: "uname: invalid option -- 'Z'\nTry 'uname --help' for more information.\n",
      exitCode: 1,
    });
    expect((await sh("uname --bogus")).stderr).toBe(
      "uname: unrecognized option '--bogus'\nTry 'uname --help' for more information.\n",
    );
    expect((await sh("uname extra")).stderr).toBe(
      "uname: extra operand \u2018extra\u2019\nTry 'uname --help' for more information.\n",
    );
    expect((await sh("uname --help")).stdout).toMatch(/^Usage: uname \[OPTION\]\.\.\./);
  });

  it("hostname, id, whoami", async () => {
    expect((await sh("hostname")).stdout).toBe("kdebug\n");
    expect((await sh("hostname -I")).stdout).toBe("10.0.2.15 \n");
    expect((await sh("hostname -Q")).stderr).toMatch(/^hostname: invalid option -- 'Q'\nUsage: hostname/);
    expect((await sh("id")).stdout).toBe("uid=0(root) gid=0(root) groups=0(root)\n");
    expect((await sh("id -un; id -u; id -G")).stdout).toBe("root\n0\n0\n");
    expect((await sh("id nobodyhere")).stderr).toBe("id: nobodyhere: no such user\n");
    expect((await sh("whoami")).stdout).toBe("root\n");
    expect((await sh("whoami x")).exitCode).toBe(1);
    expect((await sh("whoami -x")).stderr).toBe(
      "whoami: invalid option -- 'x'\nTry 'whoami --help' for more information.\n",
    );
  });

  it("a new hostname shows in uname -n", async () => {
    const { session } = await sh("hostname vm0");
    expect((await sh("uname -n; hostname", session)).stdout).toBe("vm0\nvm0\n");
  });
});

describe("ps and kill", () => {
  it("ps shows the login shell and itself", async () => {
    const r = await sh("ps");
    expect(r.stdout).toMatch(
      /^ {2}PID TTY {10}TIME CMD\n 1523 ttyS0 {4}00:00:00 bash\n {0,4}\d+ ttyS0 {4}00:00:00 ps\n$/,
    );
  });

  it("ps -ef and ps aux list the whole VM", async () => {
    const ef = (await sh("ps -ef")).stdout.split("\n").filter(Boolean);
    expect(ef[0]).toBe("UID        PID  PPID  C STIME TTY          TIME CMD");
    expect(ef[1]).toBe(
      "root         1     0  0 09:11 ?        00:00:02 /usr/lib/systemd/systemd --switched-root --system --deserialize 22",
    );
    expect(ef.some((l) => /^root +2 +0 .* \[kthreadd\]$/.test(l))).toBe(true);
    expect(ef.some((l) => / \/usr\/sbin\/sshd -D$/.test(l))).toBe(true);
    expect(ef.some((l) => /^root +1523 +1104 .* ttyS0 +00:00:00 -bash$/.test(l))).toBe(true);
    for (let cpu = 0; cpu < 16; cpu++) expect(ef.some((l) => l.endsWith(`[migration/${cpu}]`))).toBe(true);
    const pids = ef.slice(1).map((l) => Number(l.split(/\s+/)[1]));
    expect(new Set(pids).size).toBe(pids.length);
    const aux = (await sh("ps aux")).stdout.split("\n");
    expect(aux[0]).toBe("USER       PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND");
    expect(aux[1]).toBe(
      "root         1  0.0  0.0 193892  6828 ?        Ss   09:11   0:02 /usr/lib/systemd/systemd --switched-root --system --deserialize 22",
    );
  });

  it("ps -o, -p and -C select fields and processes", async () => {
    expect((await sh("ps -o pid,comm -p 1")).stdout).toBe("  PID COMMAND\n    1 systemd\n");
    expect((await sh("ps -C sshd -o pid=,args=")).stdout).toBe(" 1053 /usr/sbin/sshd -D\n");
    expect((await sh("ps -p 99999")).exitCode).toBe(1);
    expect(await sh("ps -k")).toMatchObject({ exitCode: 1, stdout: "" });
    expect((await sh("ps -k")).stderr).toMatch(/^error: unsupported SysV option\n\nUsage:\n ps \[options\]/);
    expect((await sh("ps qq")).stderr).toMatch(/^error: unsupported option \(BSD syntax\)/);
    expect((await sh("ps -o bogus")).stderr).toMatch(/^error: unknown user-defined format specifier "bogus"/);
  });

  it("kill signals known processes and reports the rest like bash", async () => {
    const { session } = await sh("kill 1053");
    expect((await sh("ps -C sshd", session)).stdout).toBe("  PID TTY          TIME CMD\n");
    expect(await sh("kill 99999")).toMatchObject({
      stderr: "bash: kill: (99999) - No such process\n",
      exitCode: 1,
    });
    expect((await sh("kill -s FOO 1")).stderr).toBe("bash: kill: FOO: invalid signal specification\n");
    expect((await sh("kill abc")).stderr).toBe("bash: kill: abc: arguments must be process or job IDs\n");
    expect((await sh("kill")).exitCode).toBe(2);
    expect((await sh("kill -l")).stdout).toBe(realBash("kill -l").stdout);
    expect((await sh("kill -l 9; kill -l KILL")).stdout).toBe("KILL\n9\n");
    expect((await sh("kill -9 2; kill 1; echo $?")).stdout).toBe("0\n");
  });

  it("kill -9 $$ ends the login shell", async () => {
    const s = new ShellSession({ interactive: true });
    const r = await s.run("kill -9 $$");
    expect(r.exited).toBe(true);
  });
});

describe("dmesg, uptime, free, df, mount", () => {
  it("dmesg prints the boot log with printk timestamps", async () => {
    const lines = (await sh("dmesg")).stdout.split("\n");
    expect(lines[0]).toBe("[    0.000000] Initializing cgroup subsys cpuset");
    expect(lines[3]).toBe(
      "[    0.000000] Linux version 3.10.0-957.21.3.el7.x86_64 (mockbuild@kbuilder.bsys.centos.org) (gcc version 4.8.5 20150623 (Red Hat 4.8.5-36) (GCC) ) #1 SMP Tue Jun 18 16:35:19 UTC 2019",
    );
    expect((await sh("dmesg | grep -c 'Brought up 16 CPUs'")).stdout).toBe("1\n");
    expect((await sh("dmesg -T | head -1")).stdout).toBe(
      "[Thu Jan  9 09:11:36 2020] Initializing cgroup subsys cpuset\n",
    );
    expect((await sh("dmesg -t | head -1")).stdout).toBe("Initializing cgroup subsys cpuset\n");
    expect((await sh("dmesg -x | head -1")).stdout).toBe(
      "kern  :info  : [    0.000000] Initializing cgroup subsys cpuset\n",
    );
    const { session } = await sh("dmesg -C");
    expect((await sh("dmesg | wc -l", session)).stdout).toBe("0\n");
    expect(await sh("dmesg -Z")).toMatchObject({ exitCode: 1 });
    expect((await sh("dmesg -Z")).stderr).toMatch(
      /^dmesg: invalid option -- 'Z'\n\nUsage:\n dmesg \[options\]/,
    );
  });

  it("uptime counts from the boot", async () => {
    expect((await sh("uptime")).stdout).toBe(
      " 09:32:10 up 20 min,  1 user,  load average: 0.00, 0.01, 0.05\n",
    );
    expect((await sh("uptime -p")).stdout).toBe("up 20 minutes\n");
    expect((await sh("uptime -s")).stdout).toBe("2020-01-09 09:11:36\n");
    expect((await sh("uptime -x")).exitCode).toBe(1);
  });

  it("free shows 20 GB of memory in procps' layout", async () => {
    const header = "              total        used        free      shared  buff/cache   available\n";
    expect((await sh("free")).stdout).toBe(
      `${header}Mem:       20379416      951508    18412340        8932     1015568    19211280\nSwap:       2097148           0     2097148\n`,
    );
    expect((await sh("free -m")).stdout).toBe(
      `${header}Mem:          19901         929       17980           8         991       18761\nSwap:          2047           0        2047\n`,
    );
    expect((await sh("free -g")).stdout).toBe(
      `${header}Mem:             19           0          17           0           0          18\nSwap:             1           0           1\n`,
    );
    expect((await sh("free -h")).stdout).toBe(
      `${header}Mem:            19G        929M         17G        8.7M        991M         18G\nSwap:          2.0G          0B        2.0G\n`,
    );
    expect((await sh("free -t")).stdout.split("\n")[3]).toBe("Total:     22476564      951508    20509488");
    expect((await sh("free -Q")).exitCode).toBe(1);
  });

  it("df lists the root disk and tmpfs like coreutils 8.22", async () => {
    expect((await sh("df -h")).stdout).toBe(
      [
        "Filesystem      Size  Used Avail Use% Mounted on",
        "/dev/sda1        40G  9.8G   31G  25% /",
        "devtmpfs        9.8G     0  9.8G   0% /dev",
        "tmpfs           9.8G     0  9.8G   0% /dev/shm",
        "tmpfs           9.8G  8.8M  9.8G   1% /run",
        "tmpfs           9.8G     0  9.8G   0% /sys/fs/cgroup",
        "tmpfs           2.0G     0  2.0G   0% /run/user/0",
        "",
      ].join("\n"),
    );
    expect((await sh("df /var/crash")).stdout).toBe(
      "Filesystem     1K-blocks     Used Available Use% Mounted on\n/dev/sda1       41931756 10215840  31715916  25% /\n",
    );
    expect((await sh("df -hT /dev")).stdout).toBe(
      "Filesystem     Type      Size  Used Avail Use% Mounted on\ndevtmpfs       devtmpfs  9.8G     0  9.8G   0% /dev\n",
    );
    expect(await sh("df /nope")).toMatchObject({
      stderr: "df: \u2018/nope\u2019: No such file or directory\n",
      exitCode: 1,
    });
    expect((await sh("df -Z")).stderr).toBe(
      "df: invalid option -- 'Z'\nTry 'df --help' for more information.\n",
    );
  });

  it("mount lists the mounts, debugfs included", async () => {
    const out = (await sh("mount")).stdout;
    expect(out).toContain("/dev/sda1 on / type xfs (rw,relatime,attr2,inode64,noquota)\n");
    expect(out).toContain("debugfs on /sys/kernel/debug type debugfs (rw,relatime)\n");
    expect((await sh("mount -t debugfs")).stdout).toBe(
      "debugfs on /sys/kernel/debug type debugfs (rw,relatime)\n",
    );
    expect((await sh("cat /proc/mounts | grep -c cgroup")).stdout).toBe("12\n");
    expect(await sh("mount /dev/md0 /mnt")).toMatchObject({
      stderr: "mount: special device /dev/md0 does not exist\n",
      exitCode: 32,
    });
  });

  it("human sizes round like free and df do", () => {
    expect([0, 8932, 951508, 2097148, 20379416].map(humanFree)).toEqual([
      "0B",
      "8.7M",
      "929M",
      "2.0G",
      "19G",
    ]);
    expect([0, 8932, 10189696, 10215840, 31715916, 41931756].map((k) => humanDf(k))).toEqual([
      "0",
      "8.8M",
      "9.8G",
      "9.8G",
      "31G",
      "40G",
    ]);
  });
});

describe("shell odds and ends", () => {
  it("unknown commands fail with 127", async () => {
    expect(await sh("foo")).toMatchObject({ stderr: "bash: foo: command not found\n", exitCode: 127 });
  });

  it("tty, man and help", async () => {
    expect((await sh("tty")).stdout).toBe("/dev/ttyS0\n");
    expect((await sh("echo | tty")).stdout).toBe("not a tty\n");
    expect((await sh("man uname")).stdout).toContain("uname - print system information");
    expect(await sh("man nosuchthing")).toMatchObject({
      stderr: "No manual entry for nosuchthing\n",
      exitCode: 16,
    });
    expect((await sh("man")).stderr).toBe("What manual page do you want?\n");
    expect((await sh("help")).stdout).toContain("clubak");
    expect((await sh("help cd")).stdout).toMatch(/^cd: cd/);
  });

  it("env and printenv show exported variables only", async () => {
    const { session } = await sh("PLAIN=1; export EXP=2");
    expect(
      (await sh("env | grep -E '^(PLAIN|EXP)='; printenv PLAIN; echo $?; printenv EXP", session)).stdout,
    ).toBe("EXP=2\n1\n2\n");
  });
});
