/**
 * Shiki transformer for terminal-session code blocks (a shell block with prompt lines, marked
 * `session` in its meta by remark-runnable). Highlighted as bash, `# uname -r` would be a
 * comment and output lines would be coloured as code. Here: the prompt is dimmed and not
 * selectable, the command (and its `\` continuation lines) is highlighted as bash, and output
 * lines are plain text.
 */
import type { ShikiTransformer, ThemedToken } from "shiki";
import { PROMPT } from "../lib/runnable";

interface LineInfo {
  readonly kind: "command" | "output";
  readonly prompt: string;
  readonly text: string;
}

function classify(code: string): LineInfo[] {
  const lines = code.split("\n");
  const out: LineInfo[] = [];
  let continued = false;
  for (const text of lines) {
    const match = PROMPT.exec(text);
    if (match || continued) {
      const prompt = match ? match[0] : "";
      out.push({ kind: "command", prompt, text });
      continued = text.endsWith("\\");
    } else {
      out.push({ kind: "output", prompt: "", text });
    }
  }
  return out;
}

const promptTokens = new WeakSet<ThemedToken>();

/** Drop the first n characters of a line's tokens (the blanks that stood in for the prompt). */
function dropLeading(tokens: ThemedToken[], n: number): ThemedToken[] {
  const out: ThemedToken[] = [];
  let left = n;
  for (const token of tokens) {
    if (left >= token.content.length) {
      left -= token.content.length;
      continue;
    }
    out.push(
      left > 0 ? { ...token, content: token.content.slice(left), offset: token.offset + left } : token,
    );
    left = 0;
  }
  return out;
}

export function sessionTransformer(): ShikiTransformer {
  let lines: LineInfo[] | null = null;
  return {
    name: "kdebug-session",
    preprocess(code, options) {
      const meta = (options.meta as { __raw?: string } | undefined)?.__raw ?? "";
      lines = /(^|\s)session(\s|$)/.test(meta) ? classify(code) : null;
      if (!lines) return code;
      // Commands with the prompt blanked out (same length), output lines emptied so that an
      // odd quote in the output cannot change how later commands are tokenized.
      return lines
        .map((l) => (l.kind === "command" ? " ".repeat(l.prompt.length) + l.text.slice(l.prompt.length) : ""))
        .join("\n");
    },
    tokens(tokens) {
      if (!lines) return tokens;
      const info = lines;
      return tokens.map((lineTokens, i) => {
        const line = info[i];
        if (!line) return lineTokens;
        if (line.kind === "output") return line.text ? [{ content: line.text, offset: 0 }] : [];
        if (!line.prompt) return lineTokens;
        const prompt: ThemedToken = { content: line.prompt, offset: 0 };
        promptTokens.add(prompt);
        return [prompt, ...dropLeading(lineTokens, line.prompt.length)];
      });
    },
    span(node, _line, _col, _lineElement, token) {
      if (promptTokens.has(token)) this.addClassToHast(node, "shell-prompt");
    },
  };
}
