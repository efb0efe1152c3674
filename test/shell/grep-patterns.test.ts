/** grep with several -e patterns matches any of them, as GNU grep does (checked against /bin/grep). */
import { expect, it } from "vitest";
import { ShellSession } from "../../emulator/shell/session";
import { realBash } from "./bash-oracle";

const PS = [
  '[1834107714279] [IN]  PID: 4831   TASK: ffff917cb2b230c0  CPU: 7   COMMAND: "socknal_sd03_01"',
  '[1834107619697] [RU]  PID: 6121   TASK: ffff917c858f6180  CPU: 2   COMMAND: "ll_ost_io01_042"',
  '[0] [RU]  PID: 0      TASK: ffffffff9da18480  CPU: 0   COMMAND: "swapper/0"',
  '[1833600488498] [UN]  PID: 6225   TASK: ffff917c5db44100  CPU: 2   COMMAND: "ll_ost_io01_068"',
  "a.b (x) y|z",
].join("\n");

async function guest(script: string): Promise<string> {
  const session = new ShellSession({ interactive: false });
  await session.run(`cat > f <<'EOF'\n${PS}\nEOF`);
  let out = "";
  await session.run(script, { onOutput: (o) => (out += o) });
  return out;
}

const CASES = [
  "grep -v -e '\\[IN\\]' -e swapper f",
  "grep -e '\\[IN\\]' -e swapper f",
  "grep -c -e RU -e UN f",
  "grep -E -e 'io01_0(42|68)' -e 'sd0[0-9]' f",
  "grep -vE -e 'x' -e 'IN' f",
  "grep -F -e '[IN]' -e 'a.b (x)' f",
  "grep -Fv -e '[IN]' -e '|z' f",
  "grep -n --regexp=swapper --regexp=UN f",
  "grep -ve RU -e IN f",
  "grep -e swapper f",
];

it.each(CASES)("%s", async (script) => {
  expect(await guest(script)).toBe(realBash(script, { f: `${PS}\n` }).stdout);
});
