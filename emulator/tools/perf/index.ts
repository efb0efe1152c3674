/**
 * perf on the live simulated VM: `perf list`, `perf probe`, `perf record` (tracepoints and
 * timer sampling), `perf script`, `perf report`.
 */
import { openLive } from "../../live/guest";
import type { ToolCommand, ToolIO } from "../toolapi";
import { perfList } from "./list";
import { perfProbe } from "./probe";
import { perfRecord } from "./record";
import { perfReport } from "./report";
import { perfScript } from "./script";

const USAGE = `
 usage: perf [--version] [--help] [OPTIONS] COMMAND [ARGS]

 The most commonly used perf commands are:
   list            List all symbolic event types
   probe           Define new dynamic tracepoints
   record          Run a command and record its profile into perf.data
   report          Read perf.data (created by perf record) and display the profile
   script          Read perf.data (created by perf record) and display trace output

 See 'perf help COMMAND' for more information on a specific command.

`;

export const perfTool: ToolCommand = {
  name: "perf",
  summary: "Performance analysis tools for Linux (probe, record, script, report, list)",
  async run(io: ToolIO): Promise<number> {
    const [sub, ...rest] = io.args;
    if (!sub || sub === "--help" || sub === "help") {
      io.stdout(USAGE);
      return sub ? 0 : 1;
    }
    if (sub === "--version" || sub === "version") {
      io.stdout("perf version 3.10.0-957.21.3.el7.x86_64.debug\n");
      return 0;
    }
    switch (sub) {
      case "probe": {
        const live = await openLive(io);
        const rc = await perfProbe(io, live, rest);
        await live.save();
        return rc;
      }
      case "list":
        return perfList(io, rest);
      case "record":
        return perfRecord(io, await openLive(io), rest);
      case "script":
        return perfScript(io, rest);
      case "report":
        return perfReport(io, rest);
      default:
        io.stderr(`perf: '${sub}' is not a perf-command. See 'perf --help'.\n`);
        return 1;
    }
  },
};
