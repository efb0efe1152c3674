/** Run one line in a ShellSession and collect what it printed (the tests' common harness). */
import type { ShellSession } from "../../emulator/shell/session";

export interface LineResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
}

export async function runLine(session: ShellSession, line: string): Promise<LineResult> {
  let stdout = "";
  let stderr = "";
  const r = await session.run(line, {
    onOutput: (o, e) => {
      stdout += o;
      stderr += e;
    },
  });
  return { stdout, stderr, exitCode: r.exitCode };
}
