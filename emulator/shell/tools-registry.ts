/**
 * The tools installed in the simulated VM. The guest registers each as a shell command
 * (tool-adapter.ts). Add a tool here when it exists, e.g. the crash simulation:
 *   import { crashTool } from "../tools/crash/...";  →  return [crashTool(), ...];
 */
import { crashTool } from "../tools/crash/index";
import { flameviewTool } from "../tools/flamegraph/flameview";
import { flamegraphTool, stackcollapsePerfTool } from "../tools/flamegraph/index";
import { debugfsTool } from "../tools/lustre/debugfs";
import { lctlTool, modprobeTool, shineTool } from "../tools/lustre/index";
import { lfsTool } from "../tools/lustre/lfs";
import { mountTool } from "../tools/lustre/mount";
import { umountTool } from "../tools/lustre/umount";
import { perfTool } from "../tools/perf/index";
import type { ToolCommand } from "../tools/toolapi";

export function defaultTools(): ToolCommand[] {
  return [
    crashTool,
    perfTool,
    modprobeTool,
    shineTool,
    lctlTool,
    stackcollapsePerfTool,
    flamegraphTool,
    // Asks the page to show a flame graph in its viewer (an OSC sequence in the output).
    flameviewTool,
    // The live VM's ldiskfs/Lustre client side (transcripts 15 and 34).
    lfsTool,
    debugfsTool,
    mountTool,
    umountTool,
  ];
}
