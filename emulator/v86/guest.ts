/**
 * The v86 Guest: a real Debian 6.1 i686 kernel restored from the state that
 * `npm run build:guest` saved at the shell prompt. The terminal is the guest's first serial
 * port (ttyS0, where bash runs); everything the host needs besides typing — graders reading
 * files, the terminal size, the clock, `kdebug-lab exec` — goes through the agent on the
 * second port, so it never shows up in the learner's console or history.
 *
 * How the emulator and the state bytes are obtained differs between Node (files) and the
 * page (fetch with progress): node.ts and browser.ts supply a loader.
 */
import type { V86 } from "v86";
import type { Guest, GuestHistoryEntry, GuestInspect } from "../guest/guest";
import { AgentClient, SHARE_DIR } from "./agent";
import { CONSOLE_PORT, onSerialBytes, sendSerial } from "./machine";
import type { Manifest } from "./manifest";

/** Creates the emulator and restores the saved state into it (not yet running). */
export type V86Loader = () => Promise<{ emulator: V86; manifest: Manifest }>;

const HOME = "/root";
const HISTORY_FILE = "/root/.bash_history";
/** How long start() waits for the restored shell to print its prompt again. */
const PROMPT_TIMEOUT_MS = 20_000;

export class V86Guest implements Guest {
  readonly inspect: GuestInspect;
  private emulator: V86 | null = null;
  private agent: AgentClient | null = null;
  private manifest: Manifest | null = null;
  private booting: Promise<void> | null = null;
  private readonly listeners = new Set<(data: string) => void>();
  private readonly decoder = new TextDecoder();
  private size = { cols: 80, rows: 24 };
  private started = false;
  /** Keystrokes that arrived while the machine was still loading. */
  private early: string[] = [];
  private disposed = false;

  constructor(private readonly load: V86Loader) {
    this.inspect = {
      readFile: (path) => this.readFile(path),
      history: () => this.history(),
      cwd: async () => (await this.request("cwd", "")).payload || HOME,
    };
  }

  /** Restore the machine without touching the console (exec and tests use this). Idempotent. */
  boot(): Promise<void> {
    this.booting ??= (async () => {
      const { emulator, manifest } = await this.load();
      if (this.disposed) {
        void emulator.destroy();
        throw new Error("guest disposed while loading");
      }
      this.emulator = emulator;
      this.manifest = manifest;
      this.agent = new AgentClient(emulator);
      onSerialBytes(emulator, CONSOLE_PORT, (bytes) =>
        this.emit(this.decoder.decode(bytes, { stream: true })),
      );
      await emulator.run();
      // The state was saved at build time: give the guest today's date (timestamps in `ls -l`,
      // `date`; trace timestamps count from boot and are not affected).
      await this.agent.request("date", String(Math.floor(Date.now() / 1000)));
    })();
    return this.booting;
  }

  async start(): Promise<void> {
    await this.boot();
    await this.applySize();
    const prompt = this.manifest!.prompt;
    let seen = "";
    const shown = new Promise<void>((resolve) => {
      const timer = setTimeout(done, PROMPT_TIMEOUT_MS);
      const unsubscribe = this.onOutput((data) => {
        seen = (seen + data).slice(-2 * prompt.length);
        if (seen.includes(prompt)) done();
      });
      function done() {
        clearTimeout(timer);
        unsubscribe();
        resolve();
      }
    });
    // An empty line makes bash print a fresh prompt: the page shows it, and it proves the
    // restored machine is running.
    sendSerial(this.emulator!, CONSOLE_PORT, "\r");
    await shown;
    this.started = true;
    for (const data of this.early.splice(0)) this.input(data);
  }

  input(data: string): void {
    if (!this.started || !this.emulator) {
      this.early.push(data);
      return;
    }
    sendSerial(this.emulator, CONSOLE_PORT, data);
  }

  onOutput(listener: (data: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  resize(cols: number, rows: number): void {
    if (cols === this.size.cols && rows === this.size.rows) return;
    this.size = { cols, rows };
    if (this.started) void this.applySize().catch(() => {});
  }

  interrupt(): void {
    this.input("\x03");
  }

  /**
   * Run one command line with bash in /root, outside the console (for `kdebug-lab exec`).
   * Output is the command's stdout and stderr (not a terminal: tools print plain text and
   * use no pager). Resolves with the exit status.
   */
  async exec(command: string, onOutput: (data: string) => void): Promise<number> {
    await this.boot();
    return this.agent!.run(command, onOutput);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.agent?.dispose();
    void this.emulator?.destroy();
    this.listeners.clear();
  }

  private emit(data: string): void {
    if (!data) return;
    for (const listener of this.listeners) listener(data);
  }

  private async request(verb: string, args: string) {
    await this.boot();
    return this.agent!.request(verb, args);
  }

  private async applySize(): Promise<void> {
    await this.request("winsize", `${this.size.rows} ${this.size.cols}`);
  }

  private async readFile(path: string): Promise<string | null> {
    const resolved = path === "~" ? HOME : path.startsWith("~/") ? `${HOME}/${path.slice(2)}` : path;
    const answer = await this.request("read", resolved);
    if (answer.status !== "ok") return null;
    // v86's 9p read_file() reports an empty file as missing: trust the size the agent saw.
    if (answer.payload.trim() === "0") return "";
    const bytes = await this.emulator!.read_file(`${SHARE_DIR}/${answer.id}`);
    return new TextDecoder().decode(bytes);
  }

  private async history(): Promise<GuestHistoryEntry[]> {
    const text = await this.readFile(HISTORY_FILE);
    if (!text) return [];
    return text
      .split("\n")
      .filter((line) => line.trim() !== "")
      .map((line) => ({ program: "sh", line }));
  }
}
