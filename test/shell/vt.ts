/**
 * A small VT100 screen for tests: enough of xterm's behaviour (autowrap with a pending
 * wrap at the margin, cursor moves, erase, scrolling) to check what the learner would see.
 */
export class Screen {
  readonly lines: string[][];
  row = 0;
  col = 0;
  bells = 0;
  private pendingWrap = false;
  private esc = "";

  constructor(
    readonly columns = 80,
    readonly rows = 24,
  ) {
    this.lines = Array.from({ length: rows }, () => Array(columns).fill(" "));
  }

  write(data: string): void {
    for (const ch of data) this.put(ch);
  }

  /** Visible text, trailing blanks and empty bottom rows removed. */
  text(): string {
    const out = this.lines.map((l) => l.join("").replace(/\s+$/, ""));
    while (out.length && out[out.length - 1] === "") out.pop();
    return out.join("\n");
  }

  /** The row the cursor is on. */
  cursorLine(): string {
    return this.lines[this.row].join("").replace(/\s+$/, "");
  }

  private scroll(): void {
    this.lines.shift();
    this.lines.push(Array(this.columns).fill(" "));
  }

  private lineFeed(): void {
    if (this.row === this.rows - 1) this.scroll();
    else this.row++;
  }

  private put(ch: string): void {
    if (this.esc) {
      this.esc += ch;
      if (this.esc === "\x1b[" || (this.esc.startsWith("\x1b[") && !/[@-~]$/.test(this.esc))) return;
      if (this.esc.length === 2 && this.esc !== "\x1b[") {
        this.esc = "";
        return;
      }
      this.csi(this.esc.slice(2, -1), this.esc[this.esc.length - 1]);
      this.esc = "";
      return;
    }
    switch (ch) {
      case "\x1b":
        this.esc = ch;
        return;
      case "\r":
        this.col = 0;
        this.pendingWrap = false;
        return;
      case "\n":
        this.lineFeed();
        this.pendingWrap = false;
        return;
      case "\b":
        if (this.col > 0) this.col--;
        this.pendingWrap = false;
        return;
      case "\x07":
        this.bells++;
        return;
      default:
        if (ch < " ") return;
        if (this.pendingWrap) {
          this.col = 0;
          this.lineFeed();
          this.pendingWrap = false;
        }
        this.lines[this.row][this.col] = ch;
        if (this.col === this.columns - 1) this.pendingWrap = true;
        else this.col++;
    }
  }

  private csi(params: string, final: string): void {
    const n = params === "" ? 1 : Number(params.split(";")[0]) || 1;
    this.pendingWrap = false;
    switch (final) {
      case "A":
        this.row = Math.max(0, this.row - n);
        break;
      case "B":
        this.row = Math.min(this.rows - 1, this.row + n);
        break;
      case "C":
        this.col = Math.min(this.columns - 1, this.col + n);
        break;
      case "D":
        this.col = Math.max(0, this.col - n);
        break;
      case "H": {
        const [r, c] = params.split(";").map((x) => Number(x) || 1);
        this.row = (r ?? 1) - 1;
        this.col = (c ?? 1) - 1;
        break;
      }
      case "J":
        if (params === "2") for (const l of this.lines) l.fill(" ");
        else {
          this.lines[this.row].fill(" ", this.col);
          for (let r = this.row + 1; r < this.rows; r++) this.lines[r].fill(" ");
        }
        break;
      case "K":
        this.lines[this.row].fill(" ", this.col);
        break;
      default:
        break;
    }
  }
}
