import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ShellSession } from "../../emulator/shell/session";
import { parseVmcoreMagic, parseVmlinuxMagic, vmcoreMagic } from "../../emulator/shell/vmcore-file";

async function sh(line: string) {
  const s = new ShellSession({ interactive: false });
  let out = "";
  const r = await s.run(line, { onOutput: (o, e) => (out += o + e) });
  return { out, exitCode: r.exitCode };
}

describe("the VM's files", () => {
  it("identifies as the talk's CentOS 7.6 VM", async () => {
    expect((await sh("cat /etc/redhat-release /etc/hostname")).out).toBe(
      "CentOS Linux release 7.6.1810 (Core)\nkdebug\n",
    );
    expect((await sh("grep PRETTY_NAME /etc/os-release")).out).toBe('PRETTY_NAME="CentOS Linux 7 (Core)"\n');
    expect((await sh("cat /proc/version")).out).toBe(
      "Linux version 3.10.0-957.21.3.el7.x86_64 (mockbuild@kbuilder.bsys.centos.org) (gcc version 4.8.5 20150623 (Red Hat 4.8.5-36) (GCC) ) #1 SMP Tue Jun 18 16:35:19 UTC 2019\n",
    );
    expect((await sh("grep -c ^processor /proc/cpuinfo")).out).toBe("16\n");
    expect((await sh("grep MemTotal /proc/meminfo")).out).toBe("MemTotal:       20379416 kB\n");
    expect((await sh("test -d /sys/kernel/debug && echo dir")).out).toBe("dir\n");
  });

  it("has the three vmcores and the debug vmlinux, with their magic lines", async () => {
    for (const id of ["client_lbug", "server_load", "ls_stuck"]) {
      expect((await sh(`head -1 /var/crash/${id}/vmcore`)).out).toBe(`${vmcoreMagic(id)}\n`);
    }
    expect((await sh("ls /usr/lib/debug/lib/modules/3.10.0*/vmlinux")).out).toBe(
      "/usr/lib/debug/lib/modules/3.10.0-957.21.3.el7.x86_64/vmlinux\n",
    );
    const vmlinux = (await sh("cat /usr/lib/debug/lib/modules/3.10.0-957.21.3.el7.x86_64/vmlinux")).out;
    expect(parseVmlinuxMagic(vmlinux)).toBe("3.10.0-957.21.3.el7.x86_64");
    expect(parseVmcoreMagic("KDEBUG-VMCORE server_load\nrest")).toBe("server_load");
    expect(parseVmcoreMagic("KDEBUG-VMLINUX server_load")).toBeNull();
    expect(parseVmcoreMagic("")).toBeNull();
  });

  it("has the Lustre debug sources the talk opens", async () => {
    expect((await sh("ls /usr/src/debug/lustre-2.12.3/lustre/llite/file.c")).exitCode).toBe(0);
  });

  // shared/ sits beside the checkout (the talk's transcripts).
  const listingFile = fileURLToPath(
    new URL("../../../shared/talk/transcripts/42-bcc-tools-ls.txt", import.meta.url),
  );
  it.skipIf(!existsSync(listingFile))("has exactly the 99 bcc tools of the talk's listing", async () => {
    const transcript = readFileSync(listingFile, "utf8");
    const listing = transcript.slice(transcript.indexOf("# ls /usr/share/bcc/tools/"));
    const expected = listing.split("\n").slice(1).join(" ").split(/\s+/).filter(Boolean).sort();
    expect(expected).toHaveLength(99);
    const ours = (await sh("ls /usr/share/bcc/tools/")).out.split("\n").filter(Boolean).sort();
    expect(ours).toEqual(expected);
    expect(
      (await sh("test -d /usr/share/bcc/tools/doc && test -d /usr/share/bcc/tools/lib && echo dirs")).out,
    ).toBe("dirs\n");
  });
});
