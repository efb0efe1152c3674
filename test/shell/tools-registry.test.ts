/** The registry lists each tool before loading it: its name and summary must be the loaded tool's own. */
import { expect, it } from "vitest";
import { defaultTools } from "../../emulator/shell/tools-registry";
import { crashTool } from "../../emulator/tools/crash/index";
import { flameviewTool } from "../../emulator/tools/flamegraph/flameview";
import { flamegraphTool, stackcollapsePerfTool } from "../../emulator/tools/flamegraph/index";
import { clusterJobTool } from "../../emulator/tools/lustre/cluster-job";
import { debugfsTool } from "../../emulator/tools/lustre/debugfs";
import { lctlTool, modprobeTool, shineTool } from "../../emulator/tools/lustre/index";
import { lfsTool } from "../../emulator/tools/lustre/lfs";
import { mountTool } from "../../emulator/tools/lustre/mount";
import { umountTool } from "../../emulator/tools/lustre/umount";
import { perfTool } from "../../emulator/tools/perf/index";

it("lazy entries carry the name and summary of the tool they load", () => {
  const real = [
    crashTool,
    perfTool,
    modprobeTool,
    shineTool,
    lctlTool,
    stackcollapsePerfTool,
    flamegraphTool,
    flameviewTool,
    clusterJobTool,
    lfsTool,
    debugfsTool,
    mountTool,
    umountTool,
  ];
  const listed = defaultTools();
  expect(listed.map((t) => [t.name, t.summary])).toEqual(real.map((t) => [t.name, t.summary]));
  // lctl brings the dump_namespaces special file without being loaded.
  const lctl = listed.find((t) => t.name === "lctl") as { fileHooks?: { path: string }[] };
  expect(lctl.fileHooks?.map((h) => h.path)).toEqual(lctlTool.fileHooks.map((h) => h.path));
});
