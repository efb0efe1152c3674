/**
 * The folded stack format of flame graphs: one line per distinct stack, frames root first
 * separated by ';', then a space and the sample count (`tar;SyS_read;vfs_read 42`). parseFolded
 * turns it into a tree (the guest's flamegraph.pl and the site viewer both draw from it).
 */

export interface FlameNode {
  readonly name: string;
  /** Samples in this frame and everything above it. */
  value: number;
  /** Samples where this frame is the leaf. */
  self: number;
  /** Children by name, in first-seen order (renderers sort as they need). */
  readonly children: Map<string, FlameNode>;
}

export function newNode(name: string): FlameNode {
  return { name, value: 0, self: 0, children: new Map() };
}

/** Parse folded lines (malformed lines are skipped, as flamegraph.pl ignores them). */
export function parseFolded(text: string): FlameNode {
  const root = newNode("all");
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    const m = /^(.*\S)\s+(\d+(?:\.\d+)?)$/.exec(line);
    if (!m) continue;
    const count = Number(m[2]);
    if (!(count > 0)) continue;
    addStack(root, m[1].split(";"), count);
  }
  return root;
}

export function addStack(root: FlameNode, frames: readonly string[], count: number): void {
  let node = root;
  node.value += count;
  for (const f of frames) {
    let next = node.children.get(f);
    if (!next) {
      next = newNode(f);
      node.children.set(f, next);
    }
    next.value += count;
    node = next;
  }
  node.self += count;
}

/** The folded text of a tree (sorted stacks, as stackcollapse scripts print them). */
export function foldTree(root: FlameNode): string {
  const lines: string[] = [];
  const walk = (n: FlameNode, path: string[]) => {
    if (n.self > 0 && path.length) lines.push(`${path.join(";")} ${n.self}`);
    for (const c of n.children.values()) walk(c, [...path, c.name]);
  };
  walk(root, []);
  return lines
    .sort()
    .map((l) => `${l}\n`)
    .join("");
}
