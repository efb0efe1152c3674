/**
 * GuestFs (toolapi.ts) over just-bash's filesystem: paths relative to the tool's cwd,
 * globbing the way the shell expands a pattern.
 */
import type { IFileSystem } from "just-bash";
import type { GuestFs } from "../tools/toolapi";

export function createGuestFs(fs: IFileSystem, cwd: string): GuestFs {
  const resolve = (path: string) => normalizePath(path.startsWith("/") ? path : `${cwd}/${path}`);
  return {
    resolve,
    readFile: (path) => fs.readFile(resolve(path)),
    readFileBytes: (path) => fs.readFileBuffer(resolve(path)),
    writeFile: (path, content) => fs.writeFile(resolve(path), content),
    appendFile: (path, content) => fs.appendFile(resolve(path), content),
    exists: (path) => fs.exists(resolve(path)),
    isDirectory: async (path) => {
      try {
        return (await fs.stat(resolve(path))).isDirectory;
      } catch {
        return false;
      }
    },
    glob: (pattern) => globPaths(fs, cwd, pattern),
  };
}

/** Collapse `.`, `..` and repeated slashes of an absolute path. */
export function normalizePath(path: string): string {
  const out: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") out.pop();
    else out.push(part);
  }
  return `/${out.join("/")}`;
}

/** Shell glob pattern component to a RegExp (*, ?, [...], [!...]); dotfiles need an explicit dot. */
export function globComponentRegExp(component: string): RegExp {
  let re = "^";
  for (let i = 0; i < component.length; i++) {
    const c = component[i];
    if (c === "*") re += "[^/]*";
    else if (c === "?") re += "[^/]";
    else if (c === "[") {
      const close = component.indexOf("]", i + 2);
      if (close < 0) {
        re += "\\[";
        continue;
      }
      let set = component.slice(i + 1, close);
      if (set.startsWith("!") || set.startsWith("^")) set = `^${set.slice(1)}`;
      re += `[${set.replace(/\\/g, "\\\\")}]`;
      i = close;
    } else if (c === "\\" && i + 1 < component.length) {
      re += component[++i].replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    } else re += c.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`${re}$`);
}

function hasGlobChars(s: string): boolean {
  return /[*?[]/.test(s);
}

/** Expand a glob like the shell: sorted matches, relative when the pattern is relative; [] when none. */
export async function globPaths(fs: IFileSystem, cwd: string, pattern: string): Promise<string[]> {
  const absolute = pattern.startsWith("/");
  const parts = pattern.split("/").filter((p, i) => p !== "" || i === 0);
  let candidates: Array<{ abs: string; shown: string }> = [
    { abs: absolute ? "/" : cwd, shown: absolute ? "/" : "" },
  ];
  for (let k = absolute ? 1 : 0; k < parts.length; k++) {
    const part = parts[k];
    const next: Array<{ abs: string; shown: string }> = [];
    for (const cand of candidates) {
      const join = (name: string) => ({
        abs: normalizePath(`${cand.abs}/${name}`),
        shown:
          cand.shown === "" ? name : cand.shown.endsWith("/") ? cand.shown + name : `${cand.shown}/${name}`,
      });
      if (!hasGlobChars(part)) {
        const j = join(part);
        if (await fs.exists(j.abs)) next.push(j);
        continue;
      }
      let names: string[];
      try {
        names = await fs.readdir(cand.abs);
      } catch {
        continue;
      }
      const re = globComponentRegExp(part);
      for (const name of names) {
        if (name.startsWith(".") && !part.startsWith(".")) continue;
        if (re.test(name)) next.push(join(name));
      }
    }
    candidates = next;
  }
  if (!hasGlobChars(pattern)) return candidates.length ? [pattern] : [];
  return candidates.map((c) => c.shown).sort();
}
