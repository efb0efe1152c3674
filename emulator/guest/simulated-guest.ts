/**
 * The simulated CentOS guest: a terminal line discipline in front of a ShellSession. It
 * turns keystrokes into command lines (prompt, editing, history, completion, `> `
 * continuation lines), runs them, routes Ctrl-C (to the prompt, to a tool that owns the
 * terminal, or as an abort of the running command), lends the line editor to tools
 * (Tty.readLine), and logs the learner out and in again on Ctrl-D / `exit`.
 * Runs in-process in Node and inside a Web Worker in the browser (worker-entry.ts).
 */
import { InMemoryFs } from "just-bash";
import { MACHINE } from "../shell/machine";
import { ShellSession } from "../shell/session";
import { defaultTools } from "../shell/tools-registry";
import type { ToolCommand } from "../tools/toolapi";
import type { Guest, GuestHistoryEntry, GuestInspect } from "./guest";
import { type Key, parseKeys } from "./keys";
import { type Completer, type EditResult, LineEditor } from "./line-editor";
import { applyFiles, captureFiles, type GuestSnapshot, SNAPSHOT_VERSION } from "./snapshot";

export interface LabConfig {
  /** Directory the shell starts in (e.g. /var/crash/client_lbug); default /root. */
  readonly cwd?: string;
  /** Command lines run silently before the login banner (lab preparation). */
  readonly setup?: readonly string[];
}

export interface SimulatedGuestOptions {
  readonly lab?: LabConfig;
  /** Tools installed as commands; default defaultTools() from tools-registry.ts. */
  readonly tools?: readonly ToolCommand[];
  readonly columns?: number;
  readonly rows?: number;
  /** Wall clock (ms since epoch); tests pin it. */
  readonly now?: () => number;
  /** When the VM booted (ms since epoch); default: 20 minutes before the first login. */
  readonly bootTimeMs?: number;
  /**
   * After logout (Ctrl-D, `exit`), log in again as the serial console does (default), or
   * stop and tell the onExit listeners (the CLI's `shell`).
   */
  readonly relogin?: boolean;
}

export interface GuestStatus {
  /** A command is running (false: the shell prompt waits for input). */
  readonly busy: boolean;
  /** The command line that started (when busy becomes true), as history keeps it. */
  readonly command?: string;
}

interface Reader {
  readonly resolve: (result: EditResult) => void;
}

const PS2 = "> ";

export function createSimulatedGuest(options: SimulatedGuestOptions = {}): SimulatedGuest {
  return new SimulatedGuest(options);
}

export class SimulatedGuest implements Guest {
  private session: ShellSession;
  private readonly fs: InMemoryFs;
  private readonly options: SimulatedGuestOptions;
  private readonly tools: readonly ToolCommand[];
  private readonly listeners = new Set<(data: string) => void>();
  private readonly statusListeners = new Set<(status: GuestStatus) => void>();
  private readonly exitListeners = new Set<(exitCode: number) => void>();
  private readonly editor: LineEditor;
  private columns: number;
  private rows: number;
  private queue: Key[] = [];
  private pendingInput = "";
  private reader: Reader | null = null;
  private pumping = false;
  private running: AbortController | null = null;
  private disposed = false;
  private started = false;
  /** The last output was the ^C echo of an interrupt a tool handled. */
  private echoedInterrupt = false;
  private readonly histories = new Map<string, string[]>();
  private readonly typed: GuestHistoryEntry[] = [];
  private readonly baseline: ReadonlySet<string>;
  private readonly labCwd: string;
  private restored: GuestSnapshot | null = null;
  /** The login shell ended for good (relogin: false). */
  private stopped = false;
  private loginTimeMs: number;

  constructor(options: SimulatedGuestOptions = {}) {
    this.options = options;
    this.tools = options.tools ?? defaultTools();
    this.columns = options.columns ?? 80;
    this.rows = options.rows ?? 24;
    this.labCwd = options.lab?.cwd ?? MACHINE.home;
    this.fs = new InMemoryFs();
    this.session = this.newSession(true);
    this.baseline = new Set(this.fs.getAllPaths());
    this.loginTimeMs = this.session.now();
    this.histories.set("sh", this.session.history);
    const self = this;
    this.editor = new LineEditor({
      write: (text) => this.write(text),
      get columns() {
        return self.columns;
      },
    });
  }

  /** A guest that continues from a snapshot (files, shell state, histories); start() shows a prompt. */
  static async restore(
    snapshot: GuestSnapshot,
    options: SimulatedGuestOptions = {},
  ): Promise<SimulatedGuest> {
    if (snapshot.version !== SNAPSHOT_VERSION)
      throw new Error(`snapshot version ${snapshot.version} is not supported`);
    const guest = new SimulatedGuest({
      ...options,
      lab: { ...options.lab, cwd: snapshot.labCwd, setup: [] },
      bootTimeMs: snapshot.bootTimeMs,
    });
    await applyFiles(guest.fs, snapshot);
    guest.session.restoreState(snapshot.shell);
    guest.session.hostname = snapshot.hostname;
    guest.session.kernelLogCleared = snapshot.kernelLogCleared;
    for (const pid of snapshot.killedPids) guest.session.killedPids.add(pid);
    for (const [key, lines] of Object.entries(snapshot.histories)) {
      const bucket = key === "sh" ? guest.session.history : [];
      bucket.push(...lines);
      guest.histories.set(key, bucket);
    }
    guest.typed.push(...snapshot.entriesTyped);
    guest.restored = snapshot;
    return guest;
  }

  private newSession(populate: boolean): ShellSession {
    const self = this;
    return new ShellSession({
      interactive: true,
      cwd: this.labCwd,
      tools: this.tools,
      fs: this.fs,
      populate,
      now: this.options.now,
      bootTimeMs: this.options.bootTimeMs ?? this.session?.bootTimeMs,
      terminal: {
        write: (text) => {
          self.echoedInterrupt = false;
          self.emit(text);
        },
        readLine: (prompt, o) => self.toolReadLine(prompt, o.program, o.historyKey, o.complete),
        // The terminal's size follows resize().
        get columns() {
          return self.columns;
        },
        get rows() {
          return self.rows;
        },
      },
    });
  }

  // ------------------------------------------------------------------ Guest

  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    if (!this.restored) {
      for (const line of this.options.lab?.setup ?? []) await this.session.run(line);
      this.write(this.banner());
    }
    void this.loop();
  }

  input(data: string): void {
    if (this.disposed) return;
    const { keys, rest } = parseKeys(this.pendingInput + data);
    this.pendingInput = rest;
    if (!this.reader) {
      // A tty discards typeahead when Ctrl-C interrupts the foreground command.
      const lastInterrupt = keys.map((k) => k.kind === "ctrl" && k.key === "c").lastIndexOf(true);
      if (lastInterrupt >= 0 && this.running) {
        this.queue = [];
        this.interruptCommand();
        this.queue.push(...keys.slice(lastInterrupt + 1));
        void this.pump();
        return;
      }
    }
    this.queue.push(...keys);
    void this.pump();
  }

  onOutput(listener: (data: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The login shell ended and `relogin` is false: the exit status of the shell. */
  onExit(listener: (exitCode: number) => void): () => void {
    this.exitListeners.add(listener);
    return () => this.exitListeners.delete(listener);
  }

  /** Busy/idle changes (the worker snapshots the guest each time it becomes idle). */
  onStatus(listener: (status: GuestStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  resize(cols: number, rows: number): void {
    if (cols > 0) this.columns = cols;
    if (rows > 0) this.rows = rows;
  }

  interrupt(): void {
    this.input("\x03");
  }

  readonly inspect: GuestInspect = {
    readFile: async (path) => {
      const abs = path.startsWith("/") ? path : `${this.session.cwd}/${path}`;
      try {
        return await this.fs.readFile(abs);
      } catch {
        return null;
      }
    },
    history: async () => [...this.typed],
    cwd: async () => this.session.cwd,
  };

  dispose(): void {
    this.disposed = true;
    this.running?.abort();
    this.reader?.resolve({ kind: "eof" });
    this.listeners.clear();
    this.statusListeners.clear();
  }

  /** True while a command runs. */
  get busy(): boolean {
    return this.running !== null;
  }

  /** The running shell session (tests, the CLI). */
  get shell(): ShellSession {
    return this.session;
  }

  /** Files, shell state and histories: enough to continue in a fresh guest. */
  async snapshot(): Promise<GuestSnapshot> {
    const files = await captureFiles(this.fs, this.baseline);
    const histories: Record<string, string[]> = {};
    for (const [k, v] of this.histories) histories[k] = [...v];
    return {
      version: SNAPSHOT_VERSION,
      entries: files.entries,
      deleted: files.deleted,
      shell: this.session.snapshotState(),
      histories,
      entriesTyped: [...this.typed],
      bootTimeMs: this.session.bootTimeMs,
      hostname: this.session.hostname,
      killedPids: [...this.session.killedPids],
      kernelLogCleared: this.session.kernelLogCleared,
      labCwd: this.labCwd,
    };
  }

  // ------------------------------------------------------------------ output

  private emit(text: string): void {
    if (!text) return;
    this.write(text.replace(/\r?\n/g, "\r\n"));
  }

  private write(text: string): void {
    if (!text || this.disposed) return;
    for (const listener of this.listeners) listener(text);
  }

  private setStatus(busy: boolean, command?: string): void {
    for (const listener of this.statusListeners)
      listener(command === undefined ? { busy } : { busy, command });
  }

  // ------------------------------------------------------------------ input

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.queue.length > 0 && !this.disposed) {
        const reader = this.reader;
        if (!reader) break;
        const key = this.queue.shift() as Key;
        const result = await this.editor.handle(key);
        if (result.kind !== "pending") {
          this.reader = null;
          reader.resolve(result);
        }
      }
    } finally {
      this.pumping = false;
    }
  }

  /** Read one line with the editor. */
  private readRaw(
    prompt: string,
    historyKey: string,
    complete?: Completer,
    initial?: string,
  ): Promise<EditResult> {
    if (this.echoedInterrupt) {
      this.write("\r\n");
      this.echoedInterrupt = false;
    }
    const history = this.histories.get(historyKey) ?? [];
    this.histories.set(historyKey, history);
    return new Promise((resolve) => {
      this.reader = { resolve };
      this.editor.begin({ prompt, history, complete, initial });
      void this.pump();
    });
  }

  private async toolReadLine(
    prompt: string,
    program: string,
    historyKey: string,
    complete?: (before: string) => string[],
  ): Promise<string | null> {
    const r = await this.readRaw(prompt, historyKey, complete);
    if (r.kind === "eof") {
      this.write("\r\n");
      return null;
    }
    if (r.kind === "interrupt") return "";
    if (r.kind !== "line") return "";
    this.remember(historyKey, program, r.line);
    return r.line;
  }

  private remember(historyKey: string, program: string, line: string): void {
    if (line.trim() === "") return;
    this.typed.push({ program, line });
    const bucket = this.histories.get(historyKey) ?? [];
    if (bucket[bucket.length - 1] !== line) bucket.push(line);
    this.histories.set(historyKey, bucket);
  }

  // ------------------------------------------------------------------ shell

  private prompt(): string {
    return renderPrompt(this.session.snapshotState().vars.PS1 ?? "[\\u@\\h \\W]\\$ ", {
      cwd: this.session.cwd,
      home: MACHINE.home,
      hostname: this.session.hostname,
      user: MACHINE.user,
      now: this.session.now(),
      historyNumber: this.session.history.length + 1,
    });
  }

  private banner(): string {
    return `Last login: ${lastLoginDate(this.loginTimeMs - 26 * 3600 * 1000 - 754_000)} on ttyS0\r\n`;
  }

  private async loop(): Promise<void> {
    while (!this.disposed && !this.stopped) {
      const command = await this.readCommand();
      if (this.disposed) return;
      if (command === null) {
        this.write("logout\r\n");
        if (!(await this.relogin())) return;
        continue;
      }
      if (command.trim() === "") continue;
      const line = historyLine(command);
      this.remember("sh", "sh", line);
      await this.execute(command, line);
      if (this.stopped) return;
    }
  }

  /** One command, with `> ` continuation lines while it is incomplete; null on Ctrl-D. */
  private async readCommand(): Promise<string | null> {
    const first = await this.readRaw(this.prompt(), "sh", (before) => this.completeShell(before));
    if (first.kind === "eof") return null;
    if (first.kind !== "line") return "";
    let text = first.line;
    while (this.session.isIncomplete(text)) {
      const more = await this.readRaw(PS2, "sh", (before) => this.completeShell(before));
      if (more.kind === "interrupt") return "";
      if (more.kind === "eof") {
        this.write("bash: syntax error: unexpected end of file\r\n");
        return "";
      }
      if (more.kind !== "line") return "";
      text =
        text.endsWith("\\") && !text.endsWith("\\\\")
          ? text.slice(0, -1) + more.line
          : `${text}\n${more.line}`;
    }
    return text;
  }

  private async execute(command: string, historyEntry: string): Promise<void> {
    const controller = new AbortController();
    this.running = controller;
    this.setStatus(true, historyEntry);
    let exited = false;
    try {
      const r = await this.session.run(command, {
        signal: controller.signal,
        onOutput: (stdout, stderr) => {
          if (stdout || stderr) this.echoedInterrupt = false;
          this.emit(stdout);
          this.emit(stderr);
        },
      });
      if (r.interrupted) {
        this.write("\r\n");
        this.echoedInterrupt = false;
      }
      exited = r.exited;
    } finally {
      this.running = null;
    }
    this.setStatus(false);
    if (exited) {
      this.write("logout\r\n");
      await this.relogin();
    }
  }

  /** Ctrl-C while a command runs and no prompt reads. */
  private interruptCommand(): void {
    this.write("^C");
    this.echoedInterrupt = true;
    if (this.session.interruptForeground()) return;
    this.running?.abort();
  }

  /**
   * After logout: a new login on the serial console, same files, fresh shell state.
   * Returns false when the guest stops instead (relogin: false).
   */
  private async relogin(): Promise<boolean> {
    if (this.options.relogin === false) {
      this.stopped = true;
      const code = this.session.lastExitCode;
      for (const listener of this.exitListeners) listener(code);
      return false;
    }
    const history = [...this.session.history];
    const previousLogin = this.loginTimeMs;
    this.session = this.newSession(false);
    this.session.history.push(...history);
    this.histories.set("sh", this.session.history);
    this.loginTimeMs = this.session.now();
    this.write(
      `\r\n${MACHINE.osRelease.replace(/ release .*/, " 7 (Core)")}\r\nKernel ${MACHINE.kernelRelease} on an ${MACHINE.arch}\r\n\r\n` +
        `${this.session.hostname} login: root\r\nLast login: ${lastLoginDate(previousLogin)} on ttyS0\r\n`,
    );
    return true;
  }

  // ------------------------------------------------------------------ completion

  private async completeShell(before: string): Promise<string[]> {
    const word = /(?:^|[\s;|&<>()`])([^\s;|&<>()`]*)$/.exec(before)?.[1] ?? "";
    const head = before.slice(0, before.length - word.length);
    if (word.startsWith("$") && !word.includes("/")) {
      const prefix = word.replace(/^\$\{?/, "");
      const brace = word.startsWith("${") ? "${" : "$";
      return Object.keys(this.session.snapshotState().vars)
        .filter((v) => v.startsWith(prefix) && !v.startsWith("BASH_ALIAS_"))
        .map((v) => `${brace}${v}${brace === "${" ? "}" : ""}`);
    }
    const commandPosition = /(^|[;|&(`]|\$\(|\bthen|\bdo|\belse|\btime|\bsudo|\bwhich|!)\s*$/.test(head);
    if (commandPosition && !word.includes("/")) {
      return this.session
        .commandNames()
        .filter((n) => n.startsWith(word) && (word.startsWith(".") || !n.startsWith(".")));
    }
    return this.completePath(word);
  }

  private async completePath(word: string): Promise<string[]> {
    const unescaped = word.replace(/\\(.)/g, "$1");
    const slash = unescaped.lastIndexOf("/");
    const dirPart = slash >= 0 ? unescaped.slice(0, slash + 1) : "";
    const base = slash >= 0 ? unescaped.slice(slash + 1) : unescaped;
    let dirAbs = dirPart.replace(/^~(?=\/|$)/, MACHINE.home);
    if (!dirAbs.startsWith("/")) dirAbs = `${this.session.cwd}/${dirAbs}`;
    let names: string[];
    try {
      names = await this.fs.readdir(dirAbs || "/");
    } catch {
      return [];
    }
    const out: string[] = [];
    for (const name of names.sort()) {
      if (!name.startsWith(base)) continue;
      if (name.startsWith(".") && !base.startsWith(".")) continue;
      let isDir = false;
      try {
        isDir = (await this.fs.stat(`${dirAbs}/${name}`)).isDirectory;
      } catch {
        // dangling symlink
      }
      out.push(escapeWord(dirPart) + escapeWord(name) + (isDir ? "/" : ""));
    }
    return out;
  }
}

function escapeWord(s: string): string {
  return s.replace(/([\s'"\\$`!&;|<>()*?[\]#{}])/g, "\\$1");
}

/** A multi-line command as bash keeps it in history (cmdhist): one line joined with `; `. */
export function historyLine(command: string): string {
  if (!command.includes("\n") || command.includes("<<")) return command;
  const lines = command.split("\n");
  let out = lines[0];
  for (const line of lines.slice(1)) {
    const prev = out.trimEnd();
    const t = line.trim();
    if (t === "") continue;
    const glue = /(\bdo|\bthen|\belse|[{(|]|&&|\|\||;)$/.test(prev) || prev === "" ? " " : "; ";
    out = prev + glue + t;
  }
  return out;
}

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

function lastLoginDate(ms: number): string {
  const d = new Date(ms);
  const p2 = (n: number) => String(n).padStart(2, "0");
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2)} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} ${d.getUTCFullYear()}`;
}

export interface PromptContext {
  readonly cwd: string;
  readonly home: string;
  readonly hostname: string;
  readonly user: string;
  readonly now: number;
  readonly historyNumber: number;
}

/** Expand bash's PS1 escapes (\u \h \W \w \$ \t ...). */
export function renderPrompt(ps1: string, c: PromptContext): string {
  const p2 = (n: number) => String(n).padStart(2, "0");
  const d = new Date(c.now);
  const tilde =
    c.cwd === c.home ? "~" : c.cwd.startsWith(`${c.home}/`) ? `~${c.cwd.slice(c.home.length)}` : c.cwd;
  const base = c.cwd === c.home ? "~" : c.cwd === "/" ? "/" : c.cwd.slice(c.cwd.lastIndexOf("/") + 1);
  return ps1.replace(/\\(\d{3}|.)/g, (_, e: string) => {
    if (/^\d{3}$/.test(e)) return String.fromCharCode(Number.parseInt(e, 8));
    switch (e) {
      case "u":
        return c.user;
      case "h":
        return c.hostname.split(".")[0];
      case "H":
        return c.hostname;
      case "w":
        return tilde;
      case "W":
        return base;
      case "$":
        return c.user === "root" ? "#" : "$";
      case "t":
        return `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`;
      case "T":
        return `${p2(((d.getUTCHours() + 11) % 12) + 1)}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`;
      case "A":
        return `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}`;
      case "d":
        return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${p2(d.getUTCDate())}`;
      case "n":
        return "\r\n";
      case "s":
        return "bash";
      case "v":
        return "4.2";
      case "V":
        return "4.2.46";
      case "!":
      case "#":
        return String(c.historyNumber);
      case "l":
        return "ttyS0";
      case "j":
        return "0";
      case "e":
        return "\x1b";
      case "a":
        return "\x07";
      case "[":
      case "]":
        return "";
      case "\\":
        return "\\";
      default:
        return `\\${e}`;
    }
  });
}
