/**
 * The recipe's fingerprint: a sha256 over every file that decides what the guest contains.
 * public/v86/manifest.json records it; `build.sh` skips the (slow) rebuild when it matches.
 * Package versions are not part of it: a Debian point release alone does not force a rebuild.
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

/** Bump when the guest changes in a way a reader of the manifest should notice. */
export const RECIPE_VERSION = 2;

const RECIPE_FILES = ["packages.txt", "build.sh", "build.ts", "lib", "rootfs"];

function walk(root: string, rel: string, out: string[]): void {
  const full = path.join(root, rel);
  if (statSync(full).isDirectory()) {
    for (const name of readdirSync(full).sort()) walk(root, path.join(rel, name), out);
  } else {
    out.push(rel);
  }
}

export function recipeHash(guestImageDir: string): string {
  const files: string[] = [];
  for (const entry of RECIPE_FILES) walk(guestImageDir, entry, files);
  const hash = createHash("sha256");
  hash.update(`recipe ${RECIPE_VERSION}\n`);
  for (const rel of files) {
    const full = path.join(guestImageDir, rel);
    const executable = (statSync(full).mode & 0o111) !== 0;
    hash.update(`${rel.split(path.sep).join("/")} ${executable ? "x" : "-"}\n`);
    hash.update(readFileSync(full));
  }
  return hash.digest("hex");
}
