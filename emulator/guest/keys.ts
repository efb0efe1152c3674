/**
 * Terminal input bytes → keys. xterm.js (and a raw Node tty) send printable text, control
 * characters and escape sequences; a paste arrives as one long string.
 */

export type Key =
  | { readonly kind: "text"; readonly text: string }
  | { readonly kind: "enter" }
  | { readonly kind: "ctrl"; readonly key: string }
  | {
      readonly kind: "nav";
      readonly key:
        | "up"
        | "down"
        | "left"
        | "right"
        | "home"
        | "end"
        | "delete"
        | "word-left"
        | "word-right"
        | "word-rubout"
        | "ignore";
    };

const CSI_KEYS: Record<string, Key> = {
  A: { kind: "nav", key: "up" },
  B: { kind: "nav", key: "down" },
  C: { kind: "nav", key: "right" },
  D: { kind: "nav", key: "left" },
  H: { kind: "nav", key: "home" },
  F: { kind: "nav", key: "end" },
  "1~": { kind: "nav", key: "home" },
  "7~": { kind: "nav", key: "home" },
  "4~": { kind: "nav", key: "end" },
  "8~": { kind: "nav", key: "end" },
  "3~": { kind: "nav", key: "delete" },
  "1;5C": { kind: "nav", key: "word-right" },
  "1;5D": { kind: "nav", key: "word-left" },
  "1;3C": { kind: "nav", key: "word-right" },
  "1;3D": { kind: "nav", key: "word-left" },
};

/**
 * Split input into keys. Returns the keys and any incomplete escape sequence left at the
 * end of `data` (to prepend to the next chunk).
 */
export function parseKeys(data: string): { keys: Key[]; rest: string } {
  const keys: Key[] = [];
  let text = "";
  const flush = () => {
    if (text) keys.push({ kind: "text", text });
    text = "";
  };
  let i = 0;
  while (i < data.length) {
    const c = data[i];
    if (c === "\x1b") {
      flush();
      if (i + 1 >= data.length) return { keys, rest: data.slice(i) };
      const n = data[i + 1];
      if (n === "[") {
        // CSI: parameters then a final byte in @-~.
        let j = i + 2;
        while (j < data.length && !/[@-~]/.test(data[j])) j++;
        if (j >= data.length) return { keys, rest: data.slice(i) };
        const body = data.slice(i + 2, j + 1);
        if (body === "200~") {
          // Bracketed paste: the pasted text, as if typed.
          const end = data.indexOf("\x1b[201~", j + 1);
          const pasted = end < 0 ? data.slice(j + 1) : data.slice(j + 1, end);
          keys.push(...parseKeys(pasted.replace(/\x1b/g, "")).keys);
          i = end < 0 ? data.length : end + 6;
          continue;
        }
        keys.push(CSI_KEYS[body] ?? { kind: "nav", key: "ignore" });
        i = j + 1;
        continue;
      }
      if (n === "O") {
        if (i + 2 >= data.length) return { keys, rest: data.slice(i) };
        keys.push(CSI_KEYS[data[i + 2]] ?? { kind: "nav", key: "ignore" });
        i += 3;
        continue;
      }
      // Meta (Alt) + key.
      if (n === "b" || n === "B") keys.push({ kind: "nav", key: "word-left" });
      else if (n === "f" || n === "F") keys.push({ kind: "nav", key: "word-right" });
      else if (n === "\x7f" || n === "\b") keys.push({ kind: "nav", key: "word-rubout" });
      else if (n === "d") keys.push({ kind: "ctrl", key: "meta-d" });
      else keys.push({ kind: "nav", key: "ignore" });
      i += 2;
      continue;
    }
    if (c === "\r" || c === "\n") {
      flush();
      keys.push({ kind: "enter" });
      // A CR LF pair (pasted text from some systems) is one line end.
      i += c === "\r" && data[i + 1] === "\n" ? 2 : 1;
      continue;
    }
    const code = c.charCodeAt(0);
    if (code === 0x7f || code === 0x08) {
      flush();
      keys.push({ kind: "ctrl", key: "backspace" });
      i++;
      continue;
    }
    if (code < 0x20) {
      flush();
      keys.push({ kind: "ctrl", key: String.fromCharCode(code + 0x60) });
      i++;
      continue;
    }
    text += c;
    i++;
  }
  flush();
  return { keys, rest: "" };
}
