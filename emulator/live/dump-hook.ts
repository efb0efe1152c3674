/**
 * The kernel side of a plain shell write to /sys/kernel/debug/lustre/ldlm/dump_namespaces
 * (`echo 1 > .../dump_namespaces` at the prompt, not under perf record): the same ldlm dump
 * runs in the writing process (the login bash), filling `lctl dk` when dlmtrace is on. The
 * shell calls it after the statement that wrote the file (ShellSession's special files).
 */
import type { ToolIO } from "../tools/toolapi";
import { cpuOf, openLive } from "./guest";
import { writeDumpNamespaces } from "./ldlm-dump";
import { DUMP_NAMESPACES } from "./state";

export interface FileWriter {
  readonly comm: string;
  readonly pid: number;
}

export const dumpNamespacesHook = {
  path: DUMP_NAMESPACES,
  async onWrite(io: ToolIO, _data: string, writer: FileWriter): Promise<void> {
    const live = await openLive(io);
    if (!live.state.modules.includes("lustre")) return;
    const sys = live.system();
    sys.engine.setTime(live.now() + 1000000n);
    writeDumpNamespaces(sys, {
      task: { comm: writer.comm, pid: writer.pid, tid: writer.pid },
      cpu: cpuOf(writer.pid),
      debugLog: live.state.debugLog,
    });
    live.state.clockNs = String(sys.engine.timeNs);
    await live.save();
  },
};
