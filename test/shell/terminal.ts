/** Drive a Guest like a learner at a terminal: type keys, read the screen. */
import type { Guest } from "../../emulator/guest/guest";
import { Screen } from "./vt";

export class TestTerminal {
  readonly screen: Screen;
  raw = "";

  constructor(
    readonly guest: Guest,
    columns = 80,
    rows = 24,
  ) {
    this.screen = new Screen(columns, rows);
    guest.onOutput((data) => {
      this.raw += data;
      this.screen.write(data);
    });
  }

  type(keys: string): void {
    this.guest.input(keys);
  }

  text(): string {
    return this.screen.text();
  }

  /** Resolves when the screen satisfies `predicate` (polls every 2 ms). */
  async waitFor(predicate: (text: string) => boolean, timeoutMs = 5000): Promise<void> {
    const start = Date.now();
    while (!predicate(this.text())) {
      if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting; screen:\n${this.text()}`);
      await new Promise((r) => setTimeout(r, 2));
    }
  }

  /** Resolves once the screen's last line ends with `prompt` and nothing changed for a moment. */
  async waitForPrompt(prompt = "# ", timeoutMs = 5000): Promise<void> {
    await this.waitFor((t) => t.split("\n").pop()?.endsWith(prompt.trimEnd()) ?? false, timeoutMs);
    await this.settle();
  }

  /** Wait until output stops changing for `quietMs`. */
  async settle(quietMs = 20): Promise<void> {
    let last = this.raw.length;
    for (;;) {
      await new Promise((r) => setTimeout(r, quietMs));
      if (this.raw.length === last) return;
      last = this.raw.length;
    }
  }

  lastLines(n: number): string[] {
    return this.text().split("\n").slice(-n);
  }
}
