/**
 * The 3.10 structured printk buffer: struct printk_log records laid end to end in log_buf from
 * log_first_idx to log_next_idx; a zero-length header means "wrap to the start of the buffer".
 */
import type { Program } from "../program";
import type { LogRecord } from "./model";

export function logRecords(prog: Program): LogRecord[] {
  const buf = prog.readU64(prog.symbol("log_buf").address);
  const bufLen = prog.readU32(prog.symbol("log_buf_len").address);
  const first = prog.readU32(prog.symbol("log_first_idx").address);
  const next = prog.readU32(prog.symbol("log_next_idx").address);
  const oLen = BigInt(prog.offsetOf("printk_log", "len"));
  const oTextLen = BigInt(prog.offsetOf("printk_log", "text_len"));
  const hdrSize = prog.struct("printk_log").size;
  const out: LogRecord[] = [];
  let idx = first;
  let guard = 0;
  while (idx !== next && guard++ < 1_000_000) {
    const rec = buf + BigInt(idx);
    const len = prog.readU16(rec + oLen);
    if (len === 0) {
      idx = 0;
      continue;
    }
    const textLen = prog.readU16(rec + oTextLen);
    const bytes = prog.mem.readBytes(rec + BigInt(hdrSize), textLen);
    let text = "";
    for (const b of bytes) text += String.fromCharCode(b);
    out.push({
      tsNsec: prog.readU64(rec),
      level: Number(prog.readMember(rec, "printk_log", "level")),
      facility: Number(prog.readMember(rec, "printk_log", "facility")),
      text,
    });
    idx += len;
    if (idx >= bufLen) idx = 0;
  }
  return out;
}
