/**
 * The tools installed in the simulated VM. The guest registers each as a shell command
 * (tool-adapter.ts). Each tool's code is loaded on its first use (a dynamic import): the
 * worker's first download then holds the shell only, and crash's kernel model or the live
 * Lustre VM arrive when a learner first types `crash` or `perf`. The one-line summaries here
 * are what `help` and `man` list before any tool is loaded.
 */

import type { ToolCommand, ToolIO } from "../tools/toolapi";
import type { SpecialFileHook } from "./session";

interface LazyToolSpec {
  readonly name: string;
  readonly summary: string;
  readonly load: () => Promise<ToolCommand>;
  readonly fileHooks?: readonly SpecialFileHook[];
}

function lazyTool(spec: LazyToolSpec): ToolCommand & { readonly fileHooks?: readonly SpecialFileHook[] } {
  let loaded: Promise<ToolCommand> | undefined;
  return {
    name: spec.name,
    summary: spec.summary,
    fileHooks: spec.fileHooks,
    async run(io: ToolIO): Promise<number> {
      loaded ??= spec.load();
      return (await loaded).run(io);
    },
  };
}

/** ldlm's special file: a shell write to it runs the namespace dump of the live VM. */
const dumpNamespacesHook: SpecialFileHook = {
  path: "/sys/kernel/debug/lustre/ldlm/dump_namespaces",
  async onWrite(io, data, writer) {
    const { dumpNamespacesHook: hook } = await import("../live/dump-hook");
    return hook.onWrite(io, data, writer);
  },
};

export function defaultTools(): ToolCommand[] {
  return [
    lazyTool({
      name: "crash",
      summary: "analyze a Linux kernel crash dump (crash 7.2.3)",
      load: async () => (await import("../tools/crash/index")).crashTool,
    }),
    lazyTool({
      name: "perf",
      summary: "Performance analysis tools for Linux (probe, record, script, report, list)",
      load: async () => (await import("../tools/perf/index")).perfTool,
    }),
    lazyTool({
      name: "modprobe",
      summary: "Add and remove modules from the Linux Kernel",
      load: async () => (await import("../tools/lustre/index")).modprobeTool,
    }),
    lazyTool({
      name: "shine",
      summary: "Lustre file system administration (shine, local mode -L)",
      load: async () => (await import("../tools/lustre/index")).shineTool,
    }),
    lazyTool({
      name: "lctl",
      summary: "Lustre control utility (set_param, get_param, list_param, dk, dl, list_nids)",
      load: async () => (await import("../tools/lustre/index")).lctlTool,
      fileHooks: [dumpNamespacesHook],
    }),
    lazyTool({
      name: "stackcollapse-perf.pl",
      summary: "Fold perf script callchains into one line per stack (flame graph input)",
      load: async () => (await import("../tools/flamegraph/index")).stackcollapsePerfTool,
    }),
    lazyTool({
      name: "flamegraph.pl",
      summary: "Render folded stacks as a flame graph SVG",
      load: async () => (await import("../tools/flamegraph/index")).flamegraphTool,
    }),
    // Asks the page to show a flame graph in its viewer (an OSC sequence in the output).
    lazyTool({
      name: "flameview",
      summary: "Open a folded-stack file or flame graph SVG in the page's interactive viewer",
      load: async () => (await import("../tools/flamegraph/flameview")).flameviewTool,
    }),
    lazyTool({
      name: "cluster-job",
      summary: "Run, show or stop the simulated cluster's job on testfs0",
      load: async () => (await import("../tools/lustre/cluster-job")).clusterJobTool,
    }),
    // The live VM's ldiskfs/Lustre client side (transcripts 15 and 34).
    lazyTool({
      name: "lfs",
      summary: "Lustre client utility (fid2path, path2fid, getstripe, df)",
      load: async () => (await import("../tools/lustre/lfs")).lfsTool,
    }),
    lazyTool({
      name: "debugfs",
      summary: "ext2/ext3/ext4 (ldiskfs) file system debugger",
      load: async () => (await import("../tools/lustre/debugfs")).debugfsTool,
    }),
    lazyTool({
      name: "mount",
      summary: "mount a filesystem",
      load: async () => (await import("../tools/lustre/mount")).mountTool,
    }),
    lazyTool({
      name: "umount",
      summary: "unmount file systems",
      load: async () => (await import("../tools/lustre/umount")).umountTool,
    }),
  ];
}
