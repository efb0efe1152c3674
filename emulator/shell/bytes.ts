/**
 * Standard input as text. just-bash hands commands a ByteString (a latin1-shaped string,
 * one char per byte); its decoding helpers are not exported by the browser bundle, so the
 * shell decodes here.
 */
import type { ByteString } from "just-bash";

const decoder = new TextDecoder("utf-8");
const NON_ASCII = /[^\x00-\x7f]/;

/** The raw bytes as a latin1 string (one char per byte). */
export function latin1(bytes: ByteString): string {
  return bytes as unknown as string;
}

/** The bytes decoded as UTF-8 (invalid sequences become U+FFFD). */
export function utf8Text(bytes: ByteString): string {
  const s = latin1(bytes);
  // Pure ASCII needs no decoding (the engine's regex scan beats a charCodeAt loop).
  if (!NON_ASCII.test(s)) return s;
  const buf = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) buf[i] = s.charCodeAt(i) & 0xff;
  return decoder.decode(buf);
}
