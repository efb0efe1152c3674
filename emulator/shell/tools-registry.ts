/**
 * The tools installed in the simulated VM. The guest registers each as a shell command
 * (tool-adapter.ts). Add a tool here when it exists, e.g. the crash simulation:
 *   import { crashTool } from "../tools/crash/...";  →  return [crashTool(), ...];
 */
import { crashTool } from "../tools/crash/index";
import { lctlTool, modprobeTool, shineTool } from "../tools/lustre/index";
import { perfTool } from "../tools/perf/index";
import type { ToolCommand } from "../tools/toolapi";

export function defaultTools(): ToolCommand[] {
  return [crashTool, perfTool, modprobeTool, shineTool, lctlTool];
}
