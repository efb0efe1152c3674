import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../", import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith(".ts") ? [p] : [];
  });
}

describe("browser build", () => {
  it("imports from just-bash only what its browser bundle exports", () => {
    const browserTypes = readFileSync(path.join(root, "node_modules/just-bash/dist/browser.d.ts"), "utf8");
    const exported = new Set<string>();
    for (const m of browserTypes.matchAll(/export (type )?\{([^}]*)\}/g)) {
      if (m[1]) continue;
      for (const name of m[2].split(",")) {
        const n = name
          .trim()
          .replace(/^type /, "")
          .split(" as ")
          .pop()
          ?.trim();
        if (n && !name.trim().startsWith("type ")) exported.add(n);
      }
    }
    const used = new Map<string, string>();
    for (const file of [
      ...sources(path.join(root, "emulator/shell")),
      ...sources(path.join(root, "emulator/guest")),
    ]) {
      for (const m of readFileSync(file, "utf8").matchAll(/import (type )?\{([^}]*)\} from "just-bash"/g)) {
        if (m[1]) continue;
        for (const name of m[2].split(",")) {
          const n = name.trim();
          if (n && !n.startsWith("type ")) used.set(n, path.relative(root, file));
        }
      }
    }
    const missing = [...used].filter(([n]) => !exported.has(n));
    expect(missing).toEqual([]);
    expect(used.size).toBeGreaterThan(0);
  });
});
