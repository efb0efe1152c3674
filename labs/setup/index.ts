/**
 * Lab "setup": the hands-on VM itself — logging in, what runs, where the vmcores and the debug
 * files live. Expected answers are read from the guest's own files at check time, so they
 * always agree with what `uname -r`, `hostname` or /proc/cpuinfo show in the terminal.
 */
import type { GraderContext } from "../schema";
import { defineLab } from "../schema";

/** A guest file the VM tree must provide; a clear error if the shell layer lost it. */
async function guestFile(ctx: GraderContext, path: string): Promise<string> {
  const content = await ctx.inspect.readFile(path);
  if (content === null) throw new Error(`the guest has no ${path}`);
  return content;
}

const firstLine = (text: string) => text.split("\n")[0].trim();

/** The running kernel's release, as uname(2) reports it. */
export const kernelRelease = async (ctx: GraderContext) =>
  firstLine(await guestFile(ctx, "/proc/sys/kernel/osrelease"));

/** The node name, as hostname(1) prints it. */
export const hostName = async (ctx: GraderContext) =>
  firstLine(await guestFile(ctx, "/proc/sys/kernel/hostname"));

/** Online CPUs: one "processor" stanza per CPU in /proc/cpuinfo. */
export const cpuCount = async (ctx: GraderContext) =>
  (await guestFile(ctx, "/proc/cpuinfo")).split("\n").filter((line) => /^processor\s*:/.test(line)).length;

export const setupLab = defineLab({
  id: "setup",
  title: "Hands-on setup",
  summary:
    "Log in to the CentOS 7 lab VM and find your way around: the kernel it runs, the vmcores, the debug info.",
  order: 0,
  guest: "simulated",
  cwd: "/root",
  setup: [],
  tasks: [
    {
      id: "kernel-release",
      title: "Which kernel?",
      prompt: "What kernel release does the VM run? Paste it exactly as the VM prints it.",
      hints: [
        "One command prints system information; its `-r` option prints only the release.",
        "Run `uname -r`.",
      ],
      solution: ["uname -r"],
      check: { kind: "exact", expected: kernelRelease },
    },
    {
      id: "cpu-count",
      title: "How many CPUs?",
      prompt: "How many CPUs does the VM have? Any notation works: `16`, `0x10`...",
      hints: [
        "The qemu command line in the lesson gives it away, but ask the VM itself.",
        "`/proc/cpuinfo` has one block per CPU, each starting with a `processor` line: count them with `grep -c`.",
      ],
      solution: ["grep -c ^processor /proc/cpuinfo"],
      check: { kind: "number", expected: cpuCount },
    },
    {
      id: "notes-hostname",
      title: "Take notes",
      prompt:
        "Create the file `~/notes.txt` holding the VM's host name (just the name, on one line). You will keep notes there during the labs.",
      hints: ["`hostname` prints the host name.", "Redirect its output into the file with `>`."],
      solution: ["hostname > ~/notes.txt", "cat ~/notes.txt"],
      check: { kind: "file", path: "~/notes.txt", expected: hostName, match: "trimmed" },
    },
  ],
});
