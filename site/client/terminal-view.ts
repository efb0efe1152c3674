/**
 * xterm.js bound to a Guest: keys and pastes go to guest.input(), output to the screen,
 * size changes to guest.resize(). Copy on selection (and Ctrl-Shift-C), paste with
 * Ctrl-Shift-V or the right-click menu; plain Ctrl-C/Ctrl-V reach the guest as ^C/^V.
 */
import { FitAddon } from "@xterm/addon-fit";
import { Terminal } from "@xterm/xterm";
import "@xterm/xterm/css/xterm.css";
import type { Guest, GuestInspect } from "../../emulator/guest/guest";
import {
  decodePageRequest,
  PAGE_REQUEST_OSC,
  type PageRequest,
} from "../../emulator/tools/flamegraph/flameview";

/**
 * Event fired on the terminal's host element (it bubbles) when the guest printed a page request
 * (OSC 9999, see emulator/tools/flamegraph/flameview.ts); `inspect` is the guest that asked.
 */
export const PAGE_REQUEST_EVENT = "kdebug:page-request";
export interface PageRequestDetail extends PageRequest {
  readonly inspect: GuestInspect;
}

const views = new WeakMap<Element, TerminalView>();

/** The TerminalView opened on a host element, for page features that need the running guest. */
export function terminalViewOf(host: Element): TerminalView | undefined {
  return views.get(host);
}

const theme = {
  background: "#0d1117",
  foreground: "#d6dde6",
  cursor: "#5eead4",
  cursorAccent: "#0d1117",
  selectionBackground: "#2f4f6f",
  black: "#1f2933",
  red: "#f47067",
  green: "#8ddb8c",
  yellow: "#f2cc60",
  blue: "#6cb6ff",
  magenta: "#dcbdfb",
  cyan: "#5eead4",
  white: "#d6dde6",
  brightBlack: "#6b7785",
  brightRed: "#ff938a",
  brightGreen: "#b4f1b4",
  brightYellow: "#f8e3a1",
  brightBlue: "#96d0ff",
  brightMagenta: "#eedcff",
  brightCyan: "#9ff5e6",
  brightWhite: "#ffffff",
};

export class TerminalView {
  readonly term: Terminal;
  private readonly fitAddon = new FitAddon();
  private guest: Guest | null = null;
  private unsubscribe: (() => void) | null = null;
  private fitQueued = false;

  constructor(host: HTMLElement) {
    this.term = new Terminal({
      cursorBlink: true,
      fontFamily: '"JetBrains Mono", "DejaVu Sans Mono", Menlo, Consolas, "Liberation Mono", monospace',
      fontSize: 14,
      lineHeight: 1.15,
      scrollback: 10_000,
      theme,
      allowProposedApi: false,
    });
    this.term.loadAddon(this.fitAddon);
    this.term.open(host);
    this.fit();

    this.term.onData((data) => this.guest?.input(data));
    this.term.onResize(({ cols, rows }) => this.guest?.resize(cols, rows));
    this.term.onSelectionChange(() => {
      if (this.term.hasSelection()) this.copy();
    });
    this.term.attachCustomKeyEventHandler((event) => {
      if (event.type !== "keydown" || !event.ctrlKey || !event.shiftKey) return true;
      if (event.code === "KeyC") {
        this.copy();
        event.preventDefault();
        return false;
      }
      // Returning false lets the browser's own paste happen; xterm's paste listener sends it.
      if (event.code === "KeyV") return false;
      return true;
    });
    new ResizeObserver(() => this.queueFit()).observe(host);
    // Guest → page requests: swallowed (never drawn), dispatched as a DOM event.
    this.term.parser.registerOscHandler(PAGE_REQUEST_OSC, (payload) => {
      const request = decodePageRequest(payload);
      const inspect = this.guest?.inspect;
      if (request && inspect) {
        const detail: PageRequestDetail = { ...request, inspect };
        host.dispatchEvent(new CustomEvent(PAGE_REQUEST_EVENT, { detail, bubbles: true }));
      }
      return true;
    });
    views.set(host, this);
  }

  /** The attached guest's inspection interface (null before boot or after Reset). */
  get inspect(): GuestInspect | null {
    return this.guest?.inspect ?? null;
  }

  private copy(): void {
    const text = this.term.getSelection();
    if (text) navigator.clipboard?.writeText(text).catch(() => {});
  }

  private queueFit(): void {
    if (this.fitQueued) return;
    this.fitQueued = true;
    requestAnimationFrame(() => {
      this.fitQueued = false;
      this.fit();
    });
  }

  fit(): void {
    const el = this.term.element;
    if (!el || el.clientWidth === 0 || el.clientHeight === 0) return;
    this.fitAddon.fit();
  }

  /** Route the guest's output here (subscribe before guest.start() so the banner shows). */
  attach(guest: Guest): void {
    this.detach();
    this.guest = guest;
    this.unsubscribe = guest.onOutput((data) => this.term.write(data));
    guest.resize(this.term.cols, this.term.rows);
  }

  detach(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.guest = null;
  }

  /** Type command lines as if the learner did, each followed by Enter. */
  typeCommands(lines: readonly string[]): void {
    if (!this.guest) return;
    this.term.focus();
    for (const line of lines) this.guest.input(`${line}\r`);
  }

  /** The visible screen and scrollback as text (for tests and debugging). */
  text(): string {
    const buffer = this.term.buffer.active;
    const lines: string[] = [];
    for (let i = 0; i < buffer.length; i++) lines.push(buffer.getLine(i)?.translateToString(true) ?? "");
    return lines.join("\n").replace(/\s+$/, "");
  }

  clear(): void {
    this.term.reset();
  }
}
