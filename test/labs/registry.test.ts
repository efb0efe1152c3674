import { describe, expect, it } from "vitest";
import { getLab, getTask, labs, taskKey } from "../../labs/index";
import { cpuCount, hostName, kernelRelease } from "../../labs/setup/index";

describe("lab registry", () => {
  it("lists the setup lab first, with its three tasks", () => {
    expect(labs[0].id).toBe("setup");
    expect(getLab("setup")?.tasks.map((t) => t.id)).toEqual([
      "kernel-release",
      "cpu-count",
      "notes-hostname",
    ]);
    expect(getTask("setup", "cpu-count")?.check.kind).toBe("number");
    expect(taskKey("setup", "cpu-count")).toBe("setup/cpu-count");
  });

  it("setup graders read the guest, and say so when a file is missing", async () => {
    const files: Record<string, string> = {
      "/proc/sys/kernel/osrelease": "3.10.0-957.21.3.el7.x86_64\n",
      "/proc/sys/kernel/hostname": "vm0\n",
      "/proc/cpuinfo":
        "processor\t: 0\nmodel name\t: x\n\nprocessor\t: 1\nmodel name\t: x\n\nprocessor\t: 2\n",
    };
    const ctx = {
      labId: "setup",
      inspect: {
        readFile: async (p: string) => files[p] ?? null,
        history: async () => [],
        cwd: async () => "/root",
      },
      program: () => Promise.reject(new Error("none")),
    };
    expect(await kernelRelease(ctx)).toBe("3.10.0-957.21.3.el7.x86_64");
    expect(await hostName(ctx)).toBe("vm0");
    expect(await cpuCount(ctx)).toBe(3);
    delete files["/proc/sys/kernel/hostname"];
    await expect(hostName(ctx)).rejects.toThrow(/no \/proc\/sys\/kernel\/hostname/);
  });
});
