/**
 * Browser stand-in for `node:zlib`, aliased in astro.config.mjs. just-bash's browser bundle
 * imports gzipSync, gunzipSync and three Z_* constants from node:zlib (its gzip/zcat/rg
 * commands); Vite would externalize the module and the worker build would fail. We provide
 * the same names on top of fflate.
 */
import { gunzipSync as fflateGunzip, gzipSync as fflateGzip } from "fflate";

export const constants = {
  Z_NO_COMPRESSION: 0,
  Z_BEST_SPEED: 1,
  Z_BEST_COMPRESSION: 9,
  Z_DEFAULT_COMPRESSION: -1,
} as const;

export interface ZlibOptions {
  level?: number;
  /** Node throws a RangeError when the output would exceed this many bytes. */
  maxOutputLength?: number;
}

type Level = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;

function toLevel(level: number | undefined): Level {
  if (level === undefined || level < 0 || level > 9) return 6; // zlib's default level
  return Math.trunc(level) as Level;
}

/** Node returns a Buffer; callers in just-bash only need Uint8Array, but keep Buffer when the worker installed it. */
function asBuffer(bytes: Uint8Array): Uint8Array {
  const B = (globalThis as { Buffer?: { from(b: Uint8Array): Uint8Array } }).Buffer;
  return B ? B.from(bytes) : bytes;
}

function checkLimit(bytes: Uint8Array, options: ZlibOptions | undefined): Uint8Array {
  const max = options?.maxOutputLength;
  if (max !== undefined && bytes.length > max) {
    throw new RangeError(`Cannot create a Buffer larger than ${max} bytes`);
  }
  return bytes;
}

function toBytes(input: Uint8Array | ArrayBuffer | string): Uint8Array {
  if (typeof input === "string") return new TextEncoder().encode(input);
  return input instanceof Uint8Array ? input : new Uint8Array(input);
}

export function gzipSync(input: Uint8Array | ArrayBuffer | string, options?: ZlibOptions): Uint8Array {
  // mtime 0 like Node, so the same input always gives the same bytes.
  const out = fflateGzip(toBytes(input), { level: toLevel(options?.level), mtime: 0 });
  return asBuffer(checkLimit(out, options));
}

export function gunzipSync(input: Uint8Array | ArrayBuffer | string, options?: ZlibOptions): Uint8Array {
  return asBuffer(checkLimit(fflateGunzip(toBytes(input)), options));
}

export default { constants, gzipSync, gunzipSync };
