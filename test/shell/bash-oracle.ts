/**
 * Runs scripts with the machine's real /bin/bash (and GNU tools), to compare the
 * simulated shell's output with the real thing.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

export interface BashRun {
  readonly stdout: string;
  readonly stderr: string;
  readonly status: number;
}

/** Run `script` with /bin/bash in a temporary directory holding `files`. */
export function realBash(script: string, files: Record<string, string> = {}, stdin = ""): BashRun {
  const dir = mkdtempSync(path.join(tmpdir(), "kdebug-bash-"));
  try {
    for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), content);
    try {
      const stdout = execFileSync("/bin/bash", ["-c", script], {
        cwd: dir,
        input: stdin,
        encoding: "utf8",
        env: { PATH: "/usr/bin:/bin", LC_ALL: "C.UTF-8", HOME: dir },
        stdio: ["pipe", "pipe", "pipe"],
        maxBuffer: 256 * 1024 * 1024,
      });
      return { stdout, stderr: "", status: 0 };
    } catch (e) {
      const err = e as { stdout?: string; stderr?: string; status?: number };
      return { stdout: err.stdout ?? "", stderr: err.stderr ?? "", status: err.status ?? 1 };
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A small deterministic PRNG (mulberry32) for generated test cases. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
