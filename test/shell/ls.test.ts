/**
 * ls as CentOS 7's coreutils prints it: compared with the host's GNU ls on the same tree
 * (LC_ALL=C, TZ=UTC, literal quoting, owner names normalised) and checked on the VM's tree.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { columns, formatLsTime, humanSize } from "../../emulator/shell/commands/ls";
import { ShellSession } from "../../emulator/shell/session";
import { BCC_TOOLS } from "../../emulator/shell/vm-tree";
import { runLine } from "./run-line";

const NOW = Date.UTC(2020, 0, 9, 9, 32, 10);

function sh(line: string, session = new ShellSession({ interactive: false, now: () => NOW })) {
  return runLine(session, line);
}

// ---------------------------------------------------------------- against GNU ls

const HOST_LS = "/bin/ls";
const hasGnuLs = existsSync(HOST_LS) && /GNU coreutils/.test(safeVersion());

function safeVersion(): string {
  try {
    return execFileSync(HOST_LS, ["--version"], { encoding: "utf8" });
  } catch {
    return "";
  }
}

const DAY = 86_400_000;
/** The tree both sides list: sizes across block boundaries, old/recent/future dates, links. */
interface Node {
  path: string;
  kind: "file" | "dir" | "link";
  size?: number;
  mode?: number;
  target?: string;
  /** Age relative to now, ms (negative: in the future). */
  age?: number;
}

function tree(): Node[] {
  return [
    { path: "d", kind: "dir", age: 40 * DAY },
    { path: "d/sub", kind: "dir", age: 3 * DAY },
    { path: "d/sub/deep", kind: "dir", age: 3 * DAY },
    { path: "d/sub/deep/x", kind: "file", size: 1, age: 3 * DAY },
    { path: "d/sub/y", kind: "file", size: 4097, age: 400 * DAY },
    { path: "d/other", kind: "dir", age: 2 * DAY },
    { path: "d/Zeta", kind: "file", size: 0, age: 10 * DAY },
    { path: "d/alpha", kind: "file", size: 4096, age: 170 * DAY },
    { path: "d/beta.sh", kind: "file", size: 120, mode: 0o755, age: 200 * DAY },
    { path: "d/big.bin", kind: "file", size: 1_500_000, age: 1 * DAY },
    { path: "d/mid.log", kind: "file", size: 12_345, age: 5 * DAY },
    { path: "d/future", kind: "file", size: 7, age: -30 * DAY },
    { path: "d/.hidden", kind: "file", size: 33, age: 1000 * DAY },
    { path: "d/link", kind: "link", target: "alpha" },
    { path: "d/dirlink", kind: "link", target: "sub" },
    { path: "d/dangling", kind: "link", target: "/nonexistent/file" },
    { path: "d/setuid", kind: "file", size: 10, mode: 0o4755, age: 20 * DAY },
    { path: "d/shared", kind: "dir", mode: 0o1777, age: 20 * DAY },
    { path: "d/many", kind: "dir", age: 20 * DAY },
    ...Array.from({ length: 23 }, (_, i) => ({
      path: `d/many/${["f", "file_", "x", "longer-name-"][i % 4]}${i}`,
      kind: "file" as const,
      size: i * 100,
      age: 20 * DAY,
    })),
  ];
}

describe.skipIf(!hasGnuLs)("ls compared with GNU ls on the same tree", () => {
  let host: string;
  let session: ShellSession;
  // Both sides read the real clock when they list, as the VM does.
  const now = Date.now();

  beforeAll(async () => {
    host = mkdtempSync(join(tmpdir(), "kdebug-ls-"));
    session = new ShellSession({ interactive: false, now: () => Date.now() });
    const vm = "/root/cmp";
    await session.fs.mkdir(vm, { recursive: true });
    const nodes = tree();
    for (const n of nodes) {
      const h = join(host, n.path);
      const v = `${vm}/${n.path}`;
      if (n.kind === "dir") {
        mkdirSync(h);
        await session.fs.mkdir(v);
      } else if (n.kind === "file") {
        writeFileSync(h, "x".repeat(n.size ?? 0));
        await session.fs.writeFile(v, "x".repeat(n.size ?? 0));
      } else {
        symlinkSync(n.target ?? "", h);
        await session.fs.symlink(n.target ?? "", v);
      }
    }
    // Modes and times last: creating children changes a directory's mtime.
    for (const n of [...nodes].reverse()) {
      if (n.kind === "link") continue;
      const h = join(host, n.path);
      const v = `${vm}/${n.path}`;
      const mode = n.mode ?? (n.kind === "dir" ? 0o755 : 0o644);
      execFileSync("chmod", [mode.toString(8), h]);
      await session.fs.chmod(v, mode);
      const t = new Date(Math.floor((now - (n.age ?? 0)) / 1000) * 1000);
      utimesSync(h, t, t);
      await session.fs.utimes(v, t, t);
    }
    // `..` of d: the same mode and time on both sides.
    execFileSync("chmod", ["755", host]);
    const t = new Date(Math.floor((now - 50 * DAY) / 1000) * 1000);
    utimesSync(host, t, t);
    await session.fs.utimes(vm, t, t);
  });

  afterAll(() => {
    if (host) rmSync(host, { recursive: true, force: true });
  });

  /** GNU ls run in the host copy (operands relative to it), owner names normalised to root. */
  function gnu(args: string[]): { stdout: string; stderr: string; status: number } {
    let stdout = "";
    let stderr = "";
    let status = 0;
    try {
      stdout = execFileSync(HOST_LS, ["-T", "0", ...args], {
        cwd: host,
        encoding: "utf8",
        env: { PATH: "/usr/bin:/bin", LC_ALL: "C", TZ: "UTC", QUOTING_STYLE: "literal" },
        stdio: ["ignore", "pipe", "pipe"],
      });
    } catch (e) {
      const err = e as { stdout: string; stderr: string; status: number };
      stdout = err.stdout;
      stderr = err.stderr;
      status = err.status;
    }
    // Newer coreutils quote the file in error messages; 8.22 does not.
    stderr = stderr.replace(/'([^']*)'/g, "$1").replace(/^\/bin\/ls:/gm, "ls:");
    return { stdout, stderr, status };
  }

  async function ours(args: string[]) {
    const r = await sh(`cd /root/cmp && LC_ALL=C ls ${args.join(" ")}`, session);
    return { stdout: r.stdout, stderr: r.stderr, status: r.exitCode };
  }

  const cases: string[][] = [
    ["d"],
    ["-1", "d"],
    ["-a", "d"],
    ["-A", "d"],
    ["-l", "d"],
    ["-la", "d"],
    ["-lA", "d"],
    ["-al", "d/sub"],
    ["-ln", "d"],
    ["-lh", "d"],
    ["-lS", "d"],
    ["-lt", "d"],
    ["-ltr", "d"],
    ["-lr", "d"],
    ["-s", "d"],
    ["-sh", "d"],
    ["-ls", "d"],
    ["-F", "d"],
    ["-p", "d"],
    ["-lF", "d"],
    ["-R", "d"],
    ["-lR", "d"],
    ["-d", "d", "d/sub"],
    ["-ld", "d", "d/sub", "d/shared"],
    ["d/alpha", "d/sub", "d/other", "d/beta.sh"],
    ["-l", "d/alpha", "d/sub", "d/beta.sh"],
    ["d/link", "d/dirlink"],
    ["-l", "d/link", "d/dirlink", "d/dangling"],
    ["d/nope", "d/alpha", "d/sub"],
    ["-l", "d/nope"],
    ["-C", "d/many"],
    ["-C", "-w", "40", "d/many"],
    ["-C", "-w", "200", "d/many"],
    ["-Cs", "d/many"],
    ["-l", "d/many"],
    ["-lh", "d/many"],
  ];

  for (const args of cases) {
    it(`ls ${args.join(" ")}`, async () => {
      const expected = gnu(args);
      const got = await ours(args);
      expect(got.stdout).toBe(expected.stdout);
      expect(got.stderr).toBe(expected.stderr);
      expect(got.status).toBe(expected.status);
    });
  }
});

// ---------------------------------------------------------------- the VM's tree

describe("ls on the VM's tree", () => {
  it("ls -l /etc: root-owned files of the image, dated 2019", async () => {
    const r = await sh("ls -l /etc");
    expect(r.stdout.split("\n").slice(0, 4)).toEqual([
      "total 44",
      "-rw-r--r-- 1 root root  37 Jul  2  2019 centos-release",
      "-rw-r--r-- 1 root root  94 Jul  2  2019 fstab",
      "-rw-r--r-- 1 root root  80 Jul  2  2019 group",
    ]);
    expect(r.stdout).toContain("-rw-r--r-- 1 root root 158 Jul  2  2019 hosts\n");
    expect(r.exitCode).toBe(0);
  });

  it("a recent file shows its time; -n shows numeric ids", async () => {
    const s = new ShellSession({ interactive: false, now: () => NOW });
    await s.fs.writeFile("/root/new.txt", "hello\n");
    await s.fs.utimes("/root/new.txt", new Date(NOW - DAY), new Date(NOW - DAY));
    expect((await sh("ls -l /root/new.txt", s)).stdout).toBe(
      "-rw-r--r-- 1 root root 6 Jan  8 09:32 /root/new.txt\n",
    );
    expect((await sh("ls -n /root/new.txt", s)).stdout).toBe(
      "-rw-r--r-- 1 0 0 6 Jan  8 09:32 /root/new.txt\n",
    );
  });

  it("ls -la /root: . and .. first, hidden files sorted as en_US does (punctuation ignored)", async () => {
    const lines = (await sh("ls -la /root")).stdout.split("\n");
    expect(lines[0]).toBe("total 24");
    expect(lines.slice(1).map((l) => l.split(" ").pop())).toEqual([
      ".",
      "..",
      "anaconda-ks.cfg",
      ".bash_logout",
      ".bash_profile",
      ".bashrc",
      "",
    ]);
    expect(lines[3]).toBe("-rw-r--r--  1 root root   88 Jul  2  2019 anaconda-ks.cfg");
  });

  it("sorts bcc's tools in the order of the talk's slide (en_US collation)", async () => {
    const r = await sh("ls /usr/share/bcc/tools/");
    // The slide (transcript 42) lists them column by column, alphabetically.
    const slide = (
      "argdist bashreadline biolatency biosnoop biotop bitesize bpflist btrfsdist btrfsslower cachestat " +
      "cachetop capable cobjnew cpudist cpuunclaimed criticalstat dbslower dbstat dcsnoop dcstat " +
      "deadlock_detector deadlock_detector.c doc execsnoop ext4dist ext4slower filelife fileslower filetop " +
      "funccount funclatency funcslower gethostlatency hardirqs javacalls javaflow javagc javaobjnew javastat " +
      "javathreads killsnoop lib llcstat mdflush memleak mountsnoop mysqld_qslower nfsdist nfsslower nodegc " +
      "nodestat offcputime offwaketime oomkill opensnoop phpcalls phpflow phpstat pidpersec profile " +
      "pythoncalls pythonflow pythongc pythonstat reset-trace rubycalls rubyflow rubygc rubyobjnew rubystat " +
      "runqlat runqlen runqslower slabratetop softirqs solisten sslsniff stackcount statsnoop syncsnoop " +
      "syscount tcpaccept tcpconnect tcpconnlat tcpdrop tcplife tcpretrans tcpstates tcpsubnet tcptop " +
      "tcptracer tplist trace ttysnoop vfscount vfsstat wakeuptime xfsdist xfsslower"
    ).split(" ");
    expect(r.stdout).toBe(slide.map((n) => `${n}\n`).join(""));
    expect(slide).toHaveLength(BCC_TOOLS.length);
  });

  it("case: lower case before upper case in en_US, upper case first in C", async () => {
    const s = new ShellSession({ interactive: false, now: () => NOW });
    await sh("mkdir /root/c && cd /root/c && touch B a A b _z y", s);
    expect((await sh("ls /root/c", s)).stdout.split("\n").join(" ")).toBe("a A b B y _z ");
    expect((await sh("LC_ALL=C ls /root/c", s)).stdout.split("\n").join(" ")).toBe("A B _z a b y ");
  });

  it("ls -ld of directories: 4096 bytes, 2 + subdirectories links, no trailing slash", async () => {
    const lines = (await sh("ls -ld /tmp /var /etc/")).stdout.split("\n");
    // Operands of -d sort as files: /etc/ (printed as typed), /tmp, /var.
    expect(lines.map((l) => l.split(" ").pop())).toEqual(["/etc/", "/tmp", "/var", ""]);
    for (const l of lines.slice(0, 3))
      expect(l).toMatch(/^d[-rwxt]{9} \d+ root root 4096 \w{3} [ \d]\d [ \d]\d[:\d]\d{2} \S+$/);
    const varLinks = Number(lines[2].split(/ +/)[1]);
    const subdirs = (await sh('cd /var && for f in *; do [ -d "$f" ] && echo "$f"; done | wc -l')).stdout;
    expect(varLinks).toBe(2 + Number(subdirs.trim()));
    expect(varLinks).toBeGreaterThan(2);
  });

  it("a sticky /tmp shows drwxrwxrwt", async () => {
    const s = new ShellSession({ interactive: false, now: () => NOW });
    await s.fs.chmod("/tmp", 0o1777);
    expect((await sh("ls -ld /tmp", s)).stdout).toMatch(/^drwxrwxrwt 2 root root 4096 .* \/tmp\n$/);
  });

  it("device nodes and /dev links, /proc and /sys files", async () => {
    const s = new ShellSession({ interactive: false, now: () => NOW });
    const boot = new Date(s.bootTimeMs);
    const time = `Jan  ${boot.getUTCDate()} ${String(boot.getUTCHours()).padStart(2, "0")}:${String(boot.getUTCMinutes()).padStart(2, "0")}`;
    expect((await sh("ls -l /dev/null /dev/zero /dev/stdin", s)).stdout).toBe(
      `crw-rw-rw- 1 root root 1, 3 ${time} /dev/null\n` +
        `lrwxrwxrwx 1 root root   15 ${time} /dev/stdin -> /proc/self/fd/0\n` +
        `crw-rw-rw- 1 root root 1, 5 ${time} /dev/zero\n`,
    );
    expect((await sh("ls -l /dev/md0", s)).stdout).toBe(`brw-rw---- 1 root disk 9, 0 ${time} /dev/md0\n`);
    expect((await sh("ls -l /proc/version", s)).stdout).toBe(
      `-r--r--r-- 1 root root 0 ${time} /proc/version\n`,
    );
    expect((await sh("ls -s /proc/version", s)).stdout).toBe("0 /proc/version\n");
    expect((await sh("ls -F /dev | head -3", s)).stdout).toBe("fd@\nmd0\nmd1\n");
  });

  it("tracefs directories list like any other", async () => {
    const r = await sh("ls -d /sys/kernel/debug/tracing/events/sched/sched_switch");
    expect(r.stdout).toBe("/sys/kernel/debug/tracing/events/sched/sched_switch\n");
    const l = await sh("ls -l /sys/kernel/debug/tracing/events/sched/sched_switch");
    expect(l.stdout.split("\n")[0]).toBe("total 0");
    expect(l.stdout).toMatch(/^-r--r--r-- 1 root root 0 .* format$/m);
  });

  it("errors: missing operands exit 2 after listing the rest", async () => {
    const r = await sh("ls /x /etc/hosts");
    expect(r).toMatchObject({
      stdout: "/etc/hosts\n",
      stderr: "ls: cannot access /x: No such file or directory\n",
      exitCode: 2,
    });
    expect((await sh("ls /etc/hosts/x")).stderr).toBe("ls: cannot access /etc/hosts/x: Not a directory\n");
  });

  it("options the coreutils way", async () => {
    expect(await sh("ls -Z")).toMatchObject({
      stdout: "",
      stderr: "ls: invalid option -- 'Z'\nTry 'ls --help' for more information.\n",
      exitCode: 2,
    });
    expect((await sh("ls --bogus")).stderr).toBe(
      "ls: unrecognized option '--bogus'\nTry 'ls --help' for more information.\n",
    );
    expect((await sh("ls --version")).stdout.split("\n")[0]).toBe("ls (GNU coreutils) 8.22");
    expect((await sh("ls --help")).stdout).toMatch(/^Usage: ls \[OPTION\]\.\.\. \[FILE\]\.\.\.\n/);
    expect(
      (await sh("ls --color=auto /etc/hosts; ls --color /etc/hosts; ls --color=never /etc/hosts")).stdout,
    ).toBe("/etc/hosts\n/etc/hosts\n/etc/hosts\n");
    const bad = await sh("ls --color=sometimes /etc");
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toMatch(/^ls: invalid argument \u2018sometimes\u2019 for \u2018--color\u2019\n/);
  });

  it("columns on the interactive terminal, one name per line into a pipe", async () => {
    const s = new ShellSession({ interactive: true, now: () => NOW });
    const direct = (await sh("ls /usr/share/bcc/tools", s)).stdout.split("\n");
    // 99 names in 80 columns: 20 rows of 5 columns... as GNU ls -C computes it.
    expect(direct[0]).toBe("argdist       deadlock_detector    killsnoop       pythoncalls  syscount");
    expect(direct).toHaveLength(21);
    expect((await sh("ls /usr/share/bcc/tools | wc -l", s)).stdout.trim()).toBe("99");
    expect((await sh("ls /usr/share/bcc/tools > /tmp/l; wc -l < /tmp/l", s)).stdout.trim()).toBe("99");
    expect((await sh("x=$(ls /var/crash); echo $x", s)).stdout).toBe("client_lbug ls_stuck server_load\n");
  });
});

describe("formatting helpers", () => {
  it("formatLsTime: six months of the clock decide between time and year", () => {
    expect(formatLsTime(Date.UTC(2019, 6, 2, 14, 21, 7), NOW)).toBe("Jul  2  2019");
    expect(formatLsTime(Date.UTC(2019, 11, 24, 8, 5), NOW)).toBe("Dec 24 08:05");
    expect(formatLsTime(NOW + 60_000, NOW)).toBe("Jan  9  2020");
  });

  it("humanSize rounds up like coreutils -h", () => {
    expect([0, 1023, 1024, 1025, 4096, 12_345, 1_500_000, 10_240, 1_048_575].map(humanSize)).toEqual([
      "0",
      "1023",
      "1.0K",
      "1.1K",
      "4.0K",
      "13K",
      "1.5M",
      "10K",
      "1.0M",
    ]);
  });

  it("columns fill down first and keep lines shorter than the width", () => {
    expect(columns(["a", "b", "c", "d", "e"], 9)).toBe("a  c  e\nb  d\n");
    expect(columns(["aaaa", "b", "c"], 80)).toBe("aaaa  b  c\n");
    expect(columns(["aaaa", "bbbb"], 11)).toBe("aaaa  bbbb\n");
    expect(columns(["aaaa", "bbbb"], 10)).toBe("aaaa\nbbbb\n");
  });
});
