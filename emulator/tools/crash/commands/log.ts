/**
 * `log` (and its alias `dmesg`): the printk ring buffer, one record per line as crash 7.2.9
 * prints variable-length records: `[%5lld.%06ld] text`, continuation lines indented.
 */
import { logRecords } from "../../../kernel/linux/log";
import type { LogRecord } from "../../../kernel/linux/model";
import { sysInfo } from "../../../kernel/linux/sysinfo";
import type { CrashCommand, CrashSession } from "../command";
import { ctimeUtc } from "./sys";
import { getopt, info } from "./tasks-common";

export interface LogOptions {
  /** -t: no timestamps. */
  readonly noTime?: boolean;
  /** -T: human-readable time (boot time + timestamp). */
  readonly ctime?: boolean;
  /** -m: the `<level>` of each message. */
  readonly level?: boolean;
}

/** `[    0.467730] ` from nanoseconds since boot. */
export function logTimestamp(tsNsec: bigint): string {
  const secs = tsNsec / 1_000_000_000n;
  const micros = (tsNsec % 1_000_000_000n) / 1000n;
  return `[${secs.toString().padStart(5)}.${micros.toString().padStart(6, "0")}] `;
}

/** One record: prefix, then the text with embedded newlines indented under the first line. */
export function formatLogRecord(r: LogRecord, opts: LogOptions, bootSeconds = 0n): string {
  let prefix = "";
  if (!opts.noTime)
    prefix = opts.ctime ? `[${ctimeUtc(bootSeconds + r.tsNsec / 1_000_000_000n)}] ` : logTimestamp(r.tsNsec);
  if (opts.level) prefix += `<${r.level.toString(16)}>`;
  let text = "";
  for (const ch of r.text) {
    if (ch === "\n") text += `\n${" ".repeat(prefix.length)}`;
    else {
      const c = ch.charCodeAt(0);
      // isprint() || isspace(): anything else shows as '.'
      text += (c >= 0x20 && c < 0x7f) || (c >= 0x09 && c <= 0x0d) ? ch : ".";
    }
  }
  return `${prefix}${text}\n`;
}

export function formatLog(session: CrashSession, opts: LogOptions): string {
  const prog = session.prog;
  let boot = 0n;
  if (opts.ctime) {
    const s = sysInfo(prog);
    boot = s.dateSeconds - s.uptimeSeconds;
  }
  return logRecords(prog)
    .map((r) => formatLogRecord(r, opts, boot))
    .join("");
}

export const log: CrashCommand = {
  name: "log",
  synopsis: "[-Ttdma]",
  summary: "dump system message buffer",
  help: `  Show the kernel message buffer (what dmesg showed on the running system),
  oldest message first, each line stamped with the seconds since boot at which
  it was logged. "dmesg" is an alias of this command.

    -T  show each timestamp as a date and time (boot time + timestamp).
    -t  no timestamps.
    -m  show each message's log level, e.g. <3> for errors.
    -d  show the key=value dictionary lines attached to a message.
    -a  the audit records still queued in the kernel.

  EXAMPLES
    The messages logged just before the panic:

      crash> log | tail -n 20`,
  run(session, args) {
    const parsed = getopt("log", args, "Ttdma");
    let noTime = false;
    let ctime = false;
    let level = false;
    for (const { opt } of parsed.opts) {
      if (opt === "t") noTime = true;
      else if (opt === "T") ctime = true;
      else if (opt === "m") level = true;
      else if (opt === "a") {
        // The audit queues of these dumps hold no pending records.
        info(session, "log", "kernel audit log is empty");
        return;
      }
      // -d: our records carry no dictionary, so there is nothing more to show.
    }
    session.out(formatLog(session, { noTime, ctime, level }));
  },
};
