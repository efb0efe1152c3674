/**
 * The line editor behind every prompt of the simulated guest (the shell's and the tools'
 * via Tty.readLine): emacs-style editing as in readline, history, Tab completion, and a
 * redraw that follows the cursor over wrapped lines by computing rows and columns.
 */
import type { Key } from "./keys";

export interface EditorTerminal {
  write(text: string): void;
  readonly columns: number;
}

export type Completer = (lineBeforeCursor: string) => string[] | Promise<string[]>;

export interface EditorOptions {
  readonly prompt: string;
  /** Entries of this prompt's history bucket, oldest first. */
  readonly history: readonly string[];
  readonly complete?: Completer;
  /** Text already in the line (e.g. a continuation). */
  readonly initial?: string;
}

export type EditResult =
  | { readonly kind: "pending" }
  | { readonly kind: "line"; readonly line: string }
  | { readonly kind: "eof" }
  | { readonly kind: "interrupt" };

const PENDING: EditResult = { kind: "pending" };

/** Printed width of a prompt: escape sequences and \x01/\x02 markers take no room. */
export function visibleWidth(text: string): number {
  return text.replace(/\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07|[\x01\x02]/g, "").length;
}

/** How a buffer character is shown: control characters as ^X, like readline. */
function display(c: string): string {
  const code = c.charCodeAt(0);
  if (code < 0x20 || code === 0x7f) return `^${String.fromCharCode(code === 0x7f ? 63 : code + 64)}`;
  return c;
}

function displayText(s: string): string {
  let out = "";
  for (const c of s) out += display(c);
  return out;
}

/** Candidates' longest common prefix. */
export function commonPrefix(words: readonly string[]): string {
  if (words.length === 0) return "";
  let p = words[0];
  for (const w of words) {
    let i = 0;
    while (i < p.length && i < w.length && p[i] === w[i]) i++;
    p = p.slice(0, i);
  }
  return p;
}

/** Completion list as readline prints it: sorted, down the columns, two spaces apart. */
export function formatCompletionList(words: readonly string[], columns: number): string {
  const sorted = [...words].sort();
  const width = Math.max(...sorted.map((w) => w.length)) + 2;
  const perRow = Math.max(1, Math.floor(columns / width));
  const rows = Math.ceil(sorted.length / perRow);
  let out = "";
  for (let r = 0; r < rows; r++) {
    let line = "";
    for (let c = 0; c < perRow; c++) {
      const i = c * rows + r;
      if (i >= sorted.length) break;
      const w = sorted[i];
      const last = c === perRow - 1 || (c + 1) * rows + r >= sorted.length;
      line += last ? w : w.padEnd(width);
    }
    out += `${line}\r\n`;
  }
  return out;
}

export class LineEditor {
  private buffer = "";
  private cursor = 0;
  private prompt = "";
  private promptWidth = 0;
  private history: readonly string[] = [];
  /** Index into history while browsing (history.length = the line being edited). */
  private historyIndex = 0;
  private edited = "";
  private complete: Completer | undefined;
  private lastKeyWasTab = false;
  /** The previous Tab changed the line (readline then treats the next Tab as a first one). */
  private tabChangedLine = false;
  private killRing = "";
  /** Row of the cursor relative to the prompt's first row, as last drawn. */
  private cursorRow = 0;
  /** Terminal cursor position in columns from the prompt start (-1: unknown). */
  private at = -1;
  /** Waiting for y/n after "Display all N possibilities?". */
  private confirmList: string[] | null = null;
  private active = false;

  constructor(private readonly term: EditorTerminal) {}

  get isActive(): boolean {
    return this.active;
  }

  get line(): string {
    return this.buffer;
  }

  get cursorIndex(): number {
    return this.cursor;
  }

  /** Show the prompt and start editing a new line. */
  begin(options: EditorOptions): void {
    this.prompt = options.prompt;
    this.promptWidth = visibleWidth(options.prompt);
    this.history = options.history;
    this.historyIndex = options.history.length;
    this.edited = "";
    this.complete = options.complete;
    this.buffer = options.initial ?? "";
    this.cursor = this.buffer.length;
    this.cursorRow = 0;
    this.lastKeyWasTab = false;
    this.confirmList = null;
    this.active = true;
    this.term.write(this.prompt + displayText(this.buffer));
    this.cursorRow = this.rowOf(this.widthTo(this.buffer.length));
    this.wrapFix(this.widthTo(this.buffer.length));
    this.at = this.widthTo(this.buffer.length);
  }

  /** Stop editing (the line was taken or abandoned). */
  end(): void {
    this.active = false;
  }

  /** Redraw the prompt and line from scratch on the current row (after Ctrl-L or a listing). */
  redraw(): void {
    this.term.write(this.prompt + displayText(this.buffer));
    const endWidth = this.widthTo(this.buffer.length);
    this.cursorRow = this.rowOf(endWidth);
    this.wrapFix(endWidth);
    this.at = endWidth;
    this.moveTo(this.widthTo(this.cursor));
  }

  async handle(key: Key): Promise<EditResult> {
    if (this.confirmList) return this.handleConfirm(key);
    const wasTab = this.lastKeyWasTab;
    this.lastKeyWasTab = false;
    switch (key.kind) {
      case "text":
        this.insert(key.text);
        return PENDING;
      case "enter": {
        const endWidth = this.widthTo(this.buffer.length);
        this.moveTo(endWidth);
        // A line that ends exactly at the margin already moved to the next row.
        if (endWidth === 0 || endWidth % Math.max(1, this.term.columns) !== 0) this.term.write("\r\n");
        this.active = false;
        return { kind: "line", line: this.buffer };
      }
      case "nav":
        this.navigate(key.key);
        return PENDING;
      case "ctrl":
        return this.control(key.key, wasTab);
    }
  }

  private async control(k: string, wasTab: boolean): Promise<EditResult> {
    switch (k) {
      case "a":
        this.setCursor(0);
        break;
      case "e":
        this.setCursor(this.buffer.length);
        break;
      case "b":
        this.setCursor(Math.max(0, this.cursor - 1));
        break;
      case "f":
        this.setCursor(Math.min(this.buffer.length, this.cursor + 1));
        break;
      case "backspace":
        if (this.cursor > 0) this.replace(this.cursor - 1, this.cursor, "");
        break;
      case "h":
        if (this.cursor > 0) this.replace(this.cursor - 1, this.cursor, "");
        break;
      case "d":
        if (this.buffer.length === 0) {
          // Like readline: nothing is echoed; the program prints what follows (bash: "logout").
          this.active = false;
          return { kind: "eof" };
        }
        if (this.cursor < this.buffer.length) this.replace(this.cursor, this.cursor + 1, "");
        break;
      case "u":
        this.killRing = this.buffer.slice(0, this.cursor);
        this.replace(0, this.cursor, "");
        break;
      case "k":
        this.killRing = this.buffer.slice(this.cursor);
        this.replace(this.cursor, this.buffer.length, "");
        break;
      case "w": {
        // unix-word-rubout: back to the previous whitespace.
        let i = this.cursor;
        while (i > 0 && /\s/.test(this.buffer[i - 1])) i--;
        while (i > 0 && !/\s/.test(this.buffer[i - 1])) i--;
        this.killRing = this.buffer.slice(i, this.cursor);
        this.replace(i, this.cursor, "");
        break;
      }
      case "meta-d": {
        const end = this.wordEnd(this.cursor);
        this.killRing = this.buffer.slice(this.cursor, end);
        this.replace(this.cursor, end, "");
        break;
      }
      case "y":
        if (this.killRing) this.insert(this.killRing);
        break;
      case "t":
        if (this.cursor > 0 && this.buffer.length >= 2) {
          const at = this.cursor === this.buffer.length ? this.cursor - 1 : this.cursor;
          const swapped = this.buffer[at] + this.buffer[at - 1];
          this.replace(at - 1, at + 1, swapped);
          this.setCursor(at + 1);
        }
        break;
      case "p":
        this.historyMove(-1);
        break;
      case "n":
        this.historyMove(1);
        break;
      case "l":
        this.term.write("\x1b[H\x1b[2J");
        this.cursorRow = 0;
        this.at = -1;
        this.redraw();
        break;
      case "c":
        this.moveTo(this.widthTo(this.buffer.length));
        this.term.write("^C\r\n");
        this.active = false;
        return { kind: "interrupt" };
      case "i":
        await this.tab(wasTab);
        break;
      case "g":
        this.term.write("\x07");
        break;
      default:
        // Other control keys are ignored, as readline does with unbound keys.
        break;
    }
    return PENDING;
  }

  private navigate(k: string): void {
    switch (k) {
      case "left":
        this.setCursor(Math.max(0, this.cursor - 1));
        break;
      case "right":
        this.setCursor(Math.min(this.buffer.length, this.cursor + 1));
        break;
      case "home":
        this.setCursor(0);
        break;
      case "end":
        this.setCursor(this.buffer.length);
        break;
      case "delete":
        if (this.cursor < this.buffer.length) this.replace(this.cursor, this.cursor + 1, "");
        break;
      case "up":
        this.historyMove(-1);
        break;
      case "down":
        this.historyMove(1);
        break;
      case "word-left": {
        let i = this.cursor;
        while (i > 0 && !/[A-Za-z0-9]/.test(this.buffer[i - 1])) i--;
        while (i > 0 && /[A-Za-z0-9]/.test(this.buffer[i - 1])) i--;
        this.setCursor(i);
        break;
      }
      case "word-right":
        this.setCursor(this.wordEnd(this.cursor));
        break;
      case "word-rubout": {
        let i = this.cursor;
        while (i > 0 && !/[A-Za-z0-9]/.test(this.buffer[i - 1])) i--;
        while (i > 0 && /[A-Za-z0-9]/.test(this.buffer[i - 1])) i--;
        this.killRing = this.buffer.slice(i, this.cursor);
        this.replace(i, this.cursor, "");
        break;
      }
      default:
        break;
    }
  }

  private wordEnd(from: number): number {
    let i = from;
    while (i < this.buffer.length && !/[A-Za-z0-9]/.test(this.buffer[i])) i++;
    while (i < this.buffer.length && /[A-Za-z0-9]/.test(this.buffer[i])) i++;
    return i;
  }

  private historyMove(delta: number): void {
    const target = this.historyIndex + delta;
    if (target < 0 || target > this.history.length) {
      this.term.write("\x07");
      return;
    }
    if (this.historyIndex === this.history.length) this.edited = this.buffer;
    this.historyIndex = target;
    const text = target === this.history.length ? this.edited : this.history[target];
    this.replace(0, this.buffer.length, text);
    this.setCursor(text.length);
  }

  private async tab(afterTab: boolean): Promise<void> {
    // readline lists the matches on a Tab that follows a Tab which could not complete.
    const second = afterTab && !this.tabChangedLine;
    this.lastKeyWasTab = true;
    this.tabChangedLine = false;
    if (!this.complete) {
      this.insert("\t");
      return;
    }
    const before = this.buffer.slice(0, this.cursor);
    const word = /(?:^|[\s;|&<>()`])([^\s;|&<>()`]*)$/.exec(before)?.[1] ?? "";
    let candidates: string[];
    try {
      candidates = [...new Set(await this.complete(before))];
    } catch {
      candidates = [];
    }
    if (candidates.length === 0) {
      this.term.write("\x07");
      return;
    }
    if (candidates.length === 1) {
      const c = candidates[0];
      const suffix = c.endsWith("/") ? "" : " ";
      this.replace(
        this.cursor - word.length,
        this.cursor,
        c + (this.buffer[this.cursor] === " " ? "" : suffix),
      );
      this.tabChangedLine = true;
      return;
    }
    const prefix = commonPrefix(candidates);
    if (prefix.length > word.length) {
      this.replace(this.cursor - word.length, this.cursor, prefix);
      this.tabChangedLine = true;
      return;
    }
    if (!second) {
      this.term.write("\x07");
      return;
    }
    const shown = candidates.map((c) => displayName(c));
    if (shown.length > 100) {
      this.moveTo(this.widthTo(this.buffer.length));
      this.term.write(`\r\nDisplay all ${shown.length} possibilities? (y or n)`);
      this.confirmList = shown;
      return;
    }
    this.showList(shown);
  }

  private showList(words: string[]): void {
    this.moveTo(this.widthTo(this.buffer.length));
    this.term.write(`\r\n${formatCompletionList(words, this.term.columns)}`);
    this.cursorRow = 0;
    this.redraw();
  }

  private handleConfirm(key: Key): EditResult {
    const list = this.confirmList ?? [];
    const answer =
      key.kind === "text" ? key.text[0].toLowerCase() : key.kind === "ctrl" && key.key === "c" ? "n" : "";
    if (answer !== "y" && answer !== "n" && answer !== " ") return PENDING;
    this.confirmList = null;
    if (answer === "n") {
      this.term.write("\r\n");
      this.cursorRow = 0;
      this.redraw();
    } else {
      this.term.write(`\r\n${formatCompletionList(list, this.term.columns)}`);
      this.cursorRow = 0;
      this.redraw();
    }
    return PENDING;
  }

  private insert(text: string): void {
    this.replace(this.cursor, this.cursor, text);
  }

  /** Replace buffer[start, end) with text; the cursor ends after the new text. */
  private replace(start: number, end: number, text: string): void {
    const oldEndWidth = this.widthTo(this.buffer.length);
    this.buffer = this.buffer.slice(0, start) + text + this.buffer.slice(end);
    const newCursor = start + text.length;
    // Redraw from the first changed character.
    this.moveTo(this.widthTo(start));
    const tail = displayText(this.buffer.slice(start));
    this.term.write(tail);
    const endWidth = this.widthTo(this.buffer.length);
    this.cursorRow = this.rowOf(endWidth);
    this.wrapFix(endWidth);
    this.at = endWidth;
    if (endWidth < oldEndWidth) this.term.write("\x1b[J");
    this.cursor = newCursor;
    this.moveTo(this.widthTo(newCursor));
  }

  private setCursor(index: number): void {
    this.cursor = index;
    this.moveTo(this.widthTo(index));
  }

  /** Columns from the prompt start to buffer index `index`. */
  private widthTo(index: number): number {
    return this.promptWidth + displayText(this.buffer.slice(0, index)).length;
  }

  private rowOf(width: number): number {
    return Math.floor(width / Math.max(1, this.term.columns));
  }

  /**
   * After writing up to the last column the cursor waits at the margin; move it to the
   * next row so row arithmetic holds (readline does the same).
   */
  private wrapFix(endWidth: number): void {
    const cols = Math.max(1, this.term.columns);
    if (endWidth > 0 && endWidth % cols === 0) this.term.write("\r\n");
  }

  /** Move the cursor to `width` columns after the prompt start. */
  private moveTo(width: number): void {
    if (width === this.at) return;
    const cols = Math.max(1, this.term.columns);
    const row = Math.floor(width / cols);
    const col = width % cols;
    let out = "";
    if (row < this.cursorRow) out += `\x1b[${this.cursorRow - row}A`;
    else if (row > this.cursorRow) out += `\x1b[${row - this.cursorRow}B`;
    out += "\r";
    if (col > 0) out += `\x1b[${col}C`;
    this.cursorRow = row;
    this.at = width;
    this.term.write(out);
  }
}

/** Path candidates are listed by their last component, as readline does. */
function displayName(candidate: string): string {
  const trimmed = candidate.endsWith("/") ? candidate.slice(0, -1) : candidate;
  const slash = trimmed.lastIndexOf("/");
  return slash >= 0 ? candidate.slice(slash + 1) : candidate;
}
