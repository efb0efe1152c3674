/**
 * Test helper: drive a Guest's terminal like a person at the keyboard — type a line, wait for
 * the next shell prompt, return what the screen showed in between (ANSI modes stripped).
 */
import type { Guest } from "../../emulator/guest/guest";

const PROMPT = /\[root@kdebug [^\]]+\]# $/;

export class Console {
  private screen = "";
  private waiters: Array<() => void> = [];

  constructor(readonly guest: Guest) {
    guest.onOutput((data) => {
      this.screen += data;
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  /** Everything printed since `from`, without bracketed-paste toggles and carriage returns. */
  text(from = 0): string {
    return this.screen
      .slice(from)
      .replace(/\x1b\[\?2004[hl]/g, "")
      .replace(/\r/g, "");
  }

  get length(): number {
    return this.screen.length;
  }

  /** Wait until the output after `from` satisfies `test`. */
  async waitFor(test: (text: string) => boolean, from: number, timeoutMs = 60_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    while (!test(this.text(from))) {
      if (Date.now() > deadline) throw new Error(`timeout; screen so far:\n${this.text(from)}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 200);
      });
    }
    return this.text(from);
  }

  /** Type `line` + Enter; resolve with the output between the echoed line and the next prompt. */
  async run(line: string, timeoutMs = 60_000): Promise<string> {
    const from = this.length;
    this.guest.input(`${line}\r`);
    const text = await this.waitFor((t) => PROMPT.test(t), from, timeoutMs);
    const lines = text.split("\n");
    return lines.slice(1, -1).join("\n");
  }
}
