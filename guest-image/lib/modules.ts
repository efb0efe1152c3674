/**
 * Kernel modules to load at boot, in dependency order. The Debian package ships no
 * modules.dep (depmod runs at install time), so we read each module's own "depends=" field
 * from its .modinfo strings.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

function indexModules(dir: string, index = new Map<string, string>()): Map<string, string> {
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) indexModules(full, index);
    else if (name.endsWith(".ko")) index.set(name.slice(0, -3).replace(/-/g, "_"), full);
  }
  return index;
}

function dependsOf(file: string): string[] {
  const text = readFileSync(file).toString("latin1");
  const match = /\0depends=([^\0]*)\0/.exec(text);
  return match && match[1] ? match[1].split(",").map((m) => m.replace(/-/g, "_")) : [];
}

/** Module files (absolute paths) for `wanted`, dependencies first. */
export function moduleLoadOrder(modulesDir: string, wanted: readonly string[]): string[] {
  const index = indexModules(modulesDir);
  const order: string[] = [];
  const visiting = new Set<string>();
  const visit = (name: string) => {
    const file = index.get(name);
    if (!file) throw new Error(`kernel module ${name} not found under ${modulesDir}`);
    if (order.includes(file) || visiting.has(name)) return;
    visiting.add(name);
    for (const dep of dependsOf(file)) visit(dep);
    order.push(file);
  };
  for (const name of wanted) visit(name);
  return order;
}
