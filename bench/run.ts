/**
 * npm run bench: runs every bench/*.ts except this file, one after the other (the machine has
 * two cores; benchmarks running side by side would measure each other).
 */
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const self = basename(fileURLToPath(import.meta.url));
const tsx = join(here, "..", "node_modules", ".bin", "tsx");
const only = process.argv[2] ?? "";

const files = readdirSync(here)
  .filter((f) => f.endsWith(".ts") && f !== self && !f.endsWith(".d.ts") && f.includes(only))
  .sort();

const failed: string[] = [];
for (const file of files) {
  console.log(`\n=== bench/${file}`);
  const t0 = Date.now();
  const result = spawnSync(tsx, [join(here, file)], { stdio: "inherit" });
  const seconds = ((Date.now() - t0) / 1000).toFixed(1);
  if (result.status !== 0) {
    failed.push(file);
    console.log(`=== bench/${file} FAILED (exit ${result.status ?? result.signal}, ${seconds} s)`);
  } else {
    console.log(`=== bench/${file} done in ${seconds} s`);
  }
}
console.log(
  `\n${files.length - failed.length} of ${files.length} benchmarks ran${failed.length ? `; failed: ${failed.join(", ")}` : ""}`,
);
process.exit(failed.length ? 1 : 0);
