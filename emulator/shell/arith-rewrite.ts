/**
 * Routes the learner's shell arithmetic to the 64-bit evaluator (arith64.ts): before a
 * command line reaches just-bash, `$(( EXPR ))` becomes `$(.kdebug_arith "EXPR")` and an
 * arithmetic command `(( EXPR ))` becomes `.kdebug_arith -c "EXPR"`. Inside the double
 * quotes the shell still expands `$var`, `$1` and `$(cmd)` first, exactly as bash expands
 * the text of an arithmetic expression before evaluating it.
 *
 * A small scanner finds the expressions (skipping quotes, comments and quoted here-docs)
 * so the rest of the line reaches just-bash byte for byte. Expressions that must stay
 * native: array subscripts (the evaluator sees only scalar variables), nested command
 * substitutions, and `$(( ))` with side effects (x++, x=...) whose assignment must happen
 * in the current shell.
 */

export const ARITH_COMMAND = ".kdebug_arith";

interface Replacement {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

interface HereDoc {
  readonly delimiter: string;
  readonly quoted: boolean;
  readonly stripTabs: boolean;
}

const RESERVED_BEFORE_COMMAND = new Set([
  "if",
  "then",
  "else",
  "elif",
  "do",
  "while",
  "until",
  "time",
  "!",
  "{",
]);

/**
 * Rewrite the arithmetic of one shell script (see module comment). `renames` also renames
 * commands in command position (just-bash's own `help` builtin shadows ours otherwise).
 */
export function rewriteArithmetic(script: string, renames: Readonly<Record<string, string>> = {}): string {
  if (!script.includes("((") && !Object.keys(renames).some((name) => script.includes(name))) return script;
  const scanner = new Scanner(script, renames);
  scanner.top(0, null);
  if (scanner.replacements.length === 0) return script;
  let out = "";
  let last = 0;
  for (const r of scanner.replacements.sort((a, b) => a.start - b.start)) {
    if (r.start < last) continue;
    out += script.slice(last, r.start) + r.text;
    last = r.end;
  }
  return out + script.slice(last);
}

/** True when an expansion's text must go through the 64-bit evaluator. */
export function needsArith64(text: string): boolean {
  if (/\$\(|`|'|\[|\\/.test(text)) return false;
  // Side effects must happen in the current shell: leave x++, x=1, x+=2 to just-bash.
  return !/\+\+|--|<<=|>>=|(^|[^=!<>])=(?!=)/.test(text);
}

/** True when an arithmetic command's text can go through the 64-bit evaluator. */
export function arithCommandSupported(text: string): boolean {
  return !/\$\(|`|'|\[|\\|;|\n/.test(text);
}

function quoteForDouble(text: string): string {
  return text.replace(/"/g, '\\"');
}

function isBlank(c: string | undefined): boolean {
  return c === " " || c === "\t";
}

class Scanner {
  readonly replacements: Replacement[] = [];
  private pendingHereDocs: HereDoc[] = [];

  constructor(
    private readonly s: string,
    private readonly renames: Readonly<Record<string, string>> = {},
  ) {}

  /**
   * Command text from `i` up to the unnested `stop` character (or the end). Returns the
   * index just after the stop character.
   */
  top(i: number, stop: string | null): number {
    const s = this.s;
    let depth = 0;
    let commandStart = true;
    let wordStart = -1;
    let wordIsCommand = false;
    const endWord = (at: number) => {
      if (wordStart < 0) return;
      const word = s.slice(wordStart, at);
      if (wordIsCommand && Object.hasOwn(this.renames, word)) {
        this.replacements.push({ start: wordStart, end: at, text: this.renames[word] });
      }
      commandStart =
        RESERVED_BEFORE_COMMAND.has(word) || (wordIsCommand && /^[A-Za-z_][A-Za-z0-9_]*=/.test(word));
      wordStart = -1;
    };
    while (i < s.length) {
      const c = s[i];
      if (stop !== null && c === stop && depth === 0) {
        endWord(i);
        return i + 1;
      }
      if (c === "\n") {
        endWord(i);
        commandStart = true;
        i = this.hereDocBodies(i + 1);
        continue;
      }
      if (isBlank(c)) {
        endWord(i);
        i++;
        continue;
      }
      if (c === ";" || c === "&" || c === "|") {
        endWord(i);
        commandStart = true;
        i++;
        continue;
      }
      if (c === "(" && !(s[i + 1] === "(" && commandStart && wordStart < 0)) {
        endWord(i);
        if (stop === ")") depth++;
        commandStart = true;
        i++;
        continue;
      }
      if (c === ")") {
        endWord(i);
        if (depth > 0) depth--;
        commandStart = false;
        i++;
        continue;
      }
      if (c === "#" && wordStart < 0) {
        while (i < s.length && s[i] !== "\n") i++;
        continue;
      }
      if (c === "(" && commandStart && wordStart < 0) {
        // `((` in command position: an arithmetic command (or a nested subshell).
        const end = this.arithEnd(i + 2);
        const after = end === null ? undefined : s[end];
        if (end !== null && (after === undefined || /[\s;&|)<>]/.test(after))) {
          const text = s.slice(i + 2, end - 2);
          if (arithCommandSupported(text)) {
            this.replacements.push({ start: i, end, text: `${ARITH_COMMAND} -c "${quoteForDouble(text)}"` });
          }
          commandStart = false;
          i = end;
          continue;
        }
        if (stop === ")") depth++;
        i++;
        continue;
      }
      if (wordStart < 0) {
        wordStart = i;
        wordIsCommand = commandStart;
      }
      if (c === "<" && s[i + 1] === "<" && s[i + 2] !== "<") {
        i = this.hereDocOperator(i + 2);
        continue;
      }
      i = this.wordChar(i, false);
    }
    endWord(i);
    return i;
  }

  /** One character (or construct) inside a word; `inDouble` inside "...". Returns the next index. */
  private wordChar(i: number, inDouble: boolean): number {
    const s = this.s;
    const c = s[i];
    if (c === "\\") return i + 2;
    if (c === "'" && !inDouble) {
      const end = s.indexOf("'", i + 1);
      return end < 0 ? s.length : end + 1;
    }
    if (c === '"' && !inDouble) return this.doubleQuoted(i + 1);
    if (c === "`") return this.backquoted(i + 1);
    if (c === "$") {
      const n = s[i + 1];
      if (n === "'" && !inDouble) {
        let j = i + 2;
        while (j < s.length && s[j] !== "'") j += s[j] === "\\" ? 2 : 1;
        return j + 1;
      }
      if (n === "(" && s[i + 2] === "(") return this.arithExpansion(i);
      if (n === "(") return this.top(i + 2, ")");
      if (n === "{") return this.parameter(i + 2);
    }
    return i + 1;
  }

  private doubleQuoted(i: number): number {
    const s = this.s;
    while (i < s.length && s[i] !== '"') i = this.wordChar(i, true);
    return i + 1;
  }

  private backquoted(i: number): number {
    const s = this.s;
    while (i < s.length && s[i] !== "`") i += s[i] === "\\" ? 2 : 1;
    return i + 1;
  }

  /** ${...}: up to the matching brace. */
  private parameter(i: number): number {
    const s = this.s;
    let depth = 0;
    while (i < s.length) {
      const c = s[i];
      if (c === "}" && depth === 0) return i + 1;
      if (c === "{") depth++;
      else if (c === "}") depth--;
      if (c === "'" || c === '"' || c === "\\" || c === "`" || c === "$") {
        i = this.wordChar(i, false);
        continue;
      }
      i++;
    }
    return i;
  }

  /** `$((` at i: an arithmetic expansion, or `$( (` a command substitution starting with a subshell. */
  private arithExpansion(i: number): number {
    const end = this.arithEnd(i + 3);
    if (end === null) return this.top(i + 2, ")");
    const text = this.s.slice(i + 3, end - 2);
    if (needsArith64(text)) {
      this.replacements.push({ start: i, end, text: `$(${ARITH_COMMAND} "${quoteForDouble(text)}")` });
    }
    return end;
  }

  /**
   * From just after `((`, the index after the closing `))`, or null when the parentheses
   * close with a single `)` (then it was a subshell, as bash decides).
   */
  private arithEnd(i: number): number | null {
    const s = this.s;
    let depth = 0;
    while (i < s.length) {
      const c = s[i];
      if (c === "\\") {
        i += 2;
        continue;
      }
      if (c === "'" || c === '"') {
        const end = s.indexOf(c, i + 1);
        if (end < 0) return null;
        i = end + 1;
        continue;
      }
      if (c === "(") depth++;
      else if (c === ")") {
        if (depth > 0) depth--;
        else return s[i + 1] === ")" ? i + 2 : null;
      }
      i++;
    }
    return null;
  }

  /** After `<<`: read the delimiter word and queue the here-doc body for the next newline. */
  private hereDocOperator(i: number): number {
    const s = this.s;
    let stripTabs = false;
    if (s[i] === "-") {
      stripTabs = true;
      i++;
    }
    while (isBlank(s[i])) i++;
    let delimiter = "";
    let quoted = false;
    while (i < s.length && !/[\s;&|<>()]/.test(s[i])) {
      const c = s[i];
      if (c === "'" || c === '"') {
        quoted = true;
        const end = s.indexOf(c, i + 1);
        const stopAt = end < 0 ? s.length : end;
        delimiter += s.slice(i + 1, stopAt);
        i = stopAt + 1;
      } else if (c === "\\") {
        quoted = true;
        delimiter += s[i + 1] ?? "";
        i += 2;
      } else {
        delimiter += c;
        i++;
      }
    }
    if (delimiter) this.pendingHereDocs.push({ delimiter, quoted, stripTabs });
    return i;
  }

  /** Here-doc bodies start at the line after their operator. Returns the index after the last body. */
  private hereDocBodies(i: number): number {
    const s = this.s;
    const docs = this.pendingHereDocs;
    this.pendingHereDocs = [];
    for (const doc of docs) {
      while (i < s.length) {
        let eol = s.indexOf("\n", i);
        if (eol < 0) eol = s.length;
        let line = s.slice(i, eol);
        if (doc.stripTabs) line = line.replace(/^\t+/, "");
        if (line === doc.delimiter) {
          i = eol + 1;
          break;
        }
        if (!doc.quoted) this.expandLine(i, eol);
        i = eol + 1;
      }
    }
    return Math.min(i, s.length);
  }

  /** Expansions inside an unquoted here-doc line. */
  private expandLine(i: number, end: number): void {
    const s = this.s;
    while (i < end) {
      const c = s[i];
      if (c === "\\" || c === "`" || c === "$") i = this.wordChar(i, true);
      else i++;
    }
  }
}
