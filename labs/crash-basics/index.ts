/**
 * Lab "crash-basics": what crash is, live versus post-mortem analysis, kdump and where vmcores
 * are. The terminal sits in /var/crash; the graded questions are read from the client dump's
 * kernel model, i.e. from what crash's banner (`sys`) prints.
 */
import { sysInfo } from "../../emulator/kernel/linux/sysinfo";
import { defineLab, type GraderContext } from "../schema";
import { closeDuration, parseDuration } from "./parse";
import { vmcore } from "./vmcore";

/** The release the dumped kernel was running (crash's RELEASE line, from utsname in memory). */
export const dumpRelease = async (ctx: GraderContext) => sysInfo(await vmcore(ctx)).release;

/** Seconds the dumped kernel had been up (crash's UPTIME line). */
export const dumpUptimeSeconds = async (ctx: GraderContext) =>
  Number(sysInfo(await vmcore(ctx)).uptimeSeconds);

/** UPTIME is printed to the second; allow a rounding either way, or 1% for coarser answers. */
export async function gradeUptime(ctx: GraderContext, answer: string) {
  const given = parseDuration(answer);
  if (given === null) return { correct: false, message: "Write a duration: 00:05:00, 300 s, 5 min..." };
  const expected = await dumpUptimeSeconds(ctx);
  return closeDuration(given, expected, 0.01, 1.5)
    ? { correct: true, message: "Correct!" }
    : { correct: false, message: "Not quite — look at the UPTIME line of the banner (or `sys`)." };
}

export const crashBasicsLab = defineLab({
  id: "crash-basics",
  title: "Crash basics",
  summary:
    "What crash does, live analysis versus post-mortem dumps, how kdump saves a vmcore and where to find it.",
  order: 10,
  guest: "simulated",
  cwd: "/var/crash",
  scenario: "client_lbug",
  tasks: [
    {
      id: "dump-release",
      title: "Which kernel was dumped?",
      prompt:
        "Open the dump in `/var/crash/client_lbug` with crash. Which kernel release was the machine running when it was dumped? Copy it exactly.",
      hints: [
        "crash's banner has a `RELEASE:` line; `sys` prints the banner again.",
        "Start crash with the debug vmlinux and the dump: `crash /usr/lib/debug/lib/modules/3.10.0*/vmlinux vmcore` from `/var/crash/client_lbug`.",
      ],
      solution: [
        "cd /var/crash/client_lbug",
        "crash /usr/lib/debug/lib/modules/3.10.0*/vmlinux vmcore",
        "sys",
      ],
      check: { kind: "exact", expected: dumpRelease },
    },
    {
      id: "dump-uptime",
      title: "How long had it been up?",
      prompt:
        "How long had the client been running when it panicked? Any usual form works: `01:02:03`, `3723 s`, `62 min`...",
      hints: [
        "The banner's `UPTIME:` line, printed as hours:minutes:seconds.",
        "Run `sys` at the crash prompt.",
      ],
      solution: [
        "cd /var/crash/client_lbug",
        "crash /usr/lib/debug/lib/modules/3.10.0*/vmlinux vmcore",
        "sys",
      ],
      check: { kind: "custom", input: true, grade: gradeUptime },
    },
  ],
});
