/**
 * Which shared libraries a program needs: its DT_NEEDED entries, looked up in the staging
 * tree's library folders, recursively (what the dynamic loader will open at run time).
 * Uses binutils' readelf.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";

const LIBRARY_DIRS = ["lib/i386-linux-gnu", "usr/lib/i386-linux-gnu", "lib", "usr/lib"];

export function neededLibraries(file: string): string[] {
  const out = execFileSync("readelf", ["-d", file], { encoding: "utf8" });
  return [...out.matchAll(/\(NEEDED\)\s+Shared library: \[([^\]]+)\]/g)].map((m) => m[1]);
}

/**
 * Paths (relative to `stage`) of the given ELF files and every library they need.
 * Throws when a library cannot be found: a guest whose perf fails to start is worse than a
 * build that stops.
 */
export function elfClosure(stage: string, roots: readonly string[]): string[] {
  const seen = new Set<string>();
  const queue = [...roots];
  const missing: string[] = [];
  while (queue.length > 0) {
    const rel = queue.shift()!;
    if (seen.has(rel)) continue;
    seen.add(rel);
    for (const soname of neededLibraries(path.join(stage, rel))) {
      const dir = LIBRARY_DIRS.find((d) => existsSync(path.join(stage, d, soname)));
      if (dir === undefined) missing.push(`${soname} (needed by ${rel})`);
      else queue.push(`${dir}/${soname}`);
    }
  }
  if (missing.length > 0) throw new Error(`missing libraries in the staging tree:\n  ${missing.join("\n  ")}`);
  return [...seen];
}
