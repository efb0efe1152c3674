/**
 * Our perf.data: a header line then one JSON object per sample (not perf's binary format; only
 * this simulation reads it). The header carries the event definitions so perf script can
 * print without the live kernel.
 */
export const PERF_DATA_MAGIC = "KDEBUG-PERF-DATA";

export interface PerfHeader {
  readonly magic: typeof PERF_DATA_MAGIC;
  readonly version: 1;
  readonly cmdline: string;
  readonly events: readonly string[];
  readonly callchains: boolean;
  /** Sampling frequency (-F) of a sampled (cycles) record. */
  readonly freq?: number;
}

export interface PerfSample {
  readonly event: string;
  readonly comm: string;
  readonly pid: number;
  readonly tid: number;
  readonly cpu: number;
  /** ns since boot, decimal. */
  readonly time: string;
  /** Probe address, hex without 0x. */
  readonly ip: string;
  /** A kretprobe's return address in the caller, hex without 0x (its payload is `(func <- ret)`). */
  readonly retIp?: string;
  /** Fetch arguments already formatted as the trace buffer stores them. */
  readonly args: readonly (readonly [string, string])[];
  /** Callchain entries "addr sym+0xoff (dso)", innermost first, when recorded with -g. */
  readonly callchain?: readonly (readonly [string, string, string])[];
  /** A timer sample (cycles), not a tracepoint: perf script prints no `(ip)` payload. */
  readonly sampled?: boolean;
  /** Symbol and DSO of the sampled ip (perf report's Symbol and Shared Object columns). */
  readonly symbol?: readonly [string, string];
}

export function encodePerfData(h: PerfHeader, samples: readonly PerfSample[]): string {
  return [JSON.stringify(h), ...samples.map((s) => JSON.stringify(s))].join("\n") + "\n";
}

export function decodePerfData(text: string): { header: PerfHeader; samples: PerfSample[] } | null {
  const lines = text.split("\n").filter((l) => l.trim());
  try {
    const header = JSON.parse(lines[0] ?? "") as PerfHeader;
    if (header.magic !== PERF_DATA_MAGIC) return null;
    return { header, samples: lines.slice(1).map((l) => JSON.parse(l) as PerfSample) };
  } catch {
    return null;
  }
}
