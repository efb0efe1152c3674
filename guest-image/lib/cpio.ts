/**
 * Writer for the "newc" cpio format, the one the kernel unpacks as an initramfs. Written here
 * so the build needs no cpio binary on the host. Format: a 110-byte ASCII header (magic
 * 070701 and thirteen 8-digit hex fields), the NUL-terminated name, padding to 4 bytes, the
 * data, padding to 4 bytes; a "TRAILER!!!" entry ends the archive.
 */
export type CpioEntry =
  | { kind: "dir"; path: string; mode: number }
  | { kind: "file"; path: string; mode: number; data: Uint8Array }
  | { kind: "symlink"; path: string; target: string }
  | { kind: "chardev"; path: string; mode: number; major: number; minor: number };

const S_IFDIR = 0o040000;
const S_IFREG = 0o100000;
const S_IFLNK = 0o120000;
const S_IFCHR = 0o020000;

const encoder = new TextEncoder();

function hex8(value: number): string {
  return value.toString(16).padStart(8, "0");
}

function pad4(length: number): number {
  return (4 - (length % 4)) % 4;
}

/** Serialise entries (parents before children) with a fixed mtime, so builds are reproducible. */
export function writeCpio(entries: readonly CpioEntry[], mtime: number): Uint8Array {
  const chunks: Uint8Array[] = [];
  let ino = 1;
  const push = (name: string, mode: number, data: Uint8Array, rdev: [number, number] = [0, 0]) => {
    const nameBytes = encoder.encode(`${name}\0`);
    const fields = [ino++, mode, 0, 0, mode & S_IFDIR ? 2 : 1, mtime, data.length, 0, 0, rdev[0], rdev[1], nameBytes.length, 0];
    const header = encoder.encode(`070701${fields.map(hex8).join("")}`);
    chunks.push(header, nameBytes, new Uint8Array(pad4(header.length + nameBytes.length)));
    chunks.push(data, new Uint8Array(pad4(data.length)));
  };
  for (const entry of entries) {
    const name = entry.path.replace(/^\/+/, "");
    switch (entry.kind) {
      case "dir":
        push(name, S_IFDIR | entry.mode, new Uint8Array(0));
        break;
      case "file":
        push(name, S_IFREG | entry.mode, entry.data);
        break;
      case "symlink":
        push(name, S_IFLNK | 0o777, encoder.encode(entry.target));
        break;
      case "chardev":
        push(name, S_IFCHR | entry.mode, new Uint8Array(0), [entry.major, entry.minor]);
        break;
    }
  }
  push("TRAILER!!!", 0, new Uint8Array(0));
  const total = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}
