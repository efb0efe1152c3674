/**
 * bash's printf builtin, with integer conversions on 64 bits: `printf '%x' 0xffff917c6648f3c0`
 * prints every hex digit, as on the talk's VM (just-bash's own printf goes through JS
 * doubles). Follows bash's rules: the format is reused until the arguments run out, %d
 * reads its argument with strtoimax (out of range: clamped, with a warning), %u/%o/%x
 * with strtoumax, 'c gives a character code, %b expands escapes, %q quotes for the shell.
 */
import { defineCommand } from "just-bash";

const INT64_MAX = (1n << 63n) - 1n;
const INT64_MIN = -(1n << 63n);
const UINT64_MAX = (1n << 64n) - 1n;

export interface PrintfResult {
  readonly output: string;
  /** Messages for stderr, without the `bash: printf: ` prefix. */
  readonly errors: readonly string[];
  readonly status: number;
}

interface Spec {
  flags: string;
  width: number | null;
  precision: number | null;
  conv: string;
  /** strftime format for %(...)T. */
  timeFormat?: string;
}

class StopOutput extends Error {}

/** Run `printf FORMAT ARGS...` (without -v) and return what it prints. */
export function formatPrintf(format: string, args: readonly string[], now: Date = new Date()): PrintfResult {
  const errors: string[] = [];
  let status = 0;
  let out = "";
  let argi = 0;
  const nextArg = (): string | undefined => (argi < args.length ? args[argi++] : undefined);

  const numberArg = (signed: boolean): bigint => {
    const a = nextArg();
    if (a === undefined) return 0n;
    const r = parseCInteger(a, signed);
    if (r.error === "invalid") {
      errors.push(`${a}: ${invalidNumberMessage(a)}`);
      status = 1;
    } else if (r.error === "range") {
      errors.push(`warning: ${a}: Numerical result out of range`);
    }
    return r.value;
  };

  const floatArg = (): number => {
    const a = nextArg();
    if (a === undefined) return 0;
    const r = parseCFloat(a);
    if (r.error) {
      errors.push(`${a}: invalid number`);
      status = 1;
    }
    return r.value;
  };

  try {
    do {
      const argsBefore = argi;
      let i = 0;
      while (i < format.length) {
        const c = format[i];
        if (c === "\\") {
          const r = formatEscape(format, i);
          out += r.text;
          i = r.next;
          continue;
        }
        if (c !== "%") {
          out += c;
          i++;
          continue;
        }
        if (format[i + 1] === "%") {
          out += "%";
          i += 2;
          continue;
        }
        const parsed = parseSpec(format, i + 1, nextArg);
        if (typeof parsed === "string") {
          const bad = parsed;
          if (bad === "") errors.push("`%': missing format character");
          else errors.push(`\`${bad}': invalid format character`);
          return { output: out, errors, status: 1 };
        }
        const spec = parsed.spec;
        i = parsed.next;
        switch (spec.conv) {
          case "d":
          case "i":
            out += pad(spec, formatSigned(numberArg(true), spec));
            break;
          case "u":
          case "o":
          case "x":
          case "X":
            out += pad(spec, formatUnsigned(numberArg(false), spec));
            break;
          case "c": {
            const a = nextArg() ?? "";
            out += pad({ ...spec, precision: null }, a.slice(0, 1));
            break;
          }
          case "s": {
            let a = nextArg() ?? "";
            if (spec.precision !== null) a = a.slice(0, spec.precision);
            out += pad(spec, a);
            break;
          }
          case "b": {
            const r = expandBackslashes(nextArg() ?? "");
            let text = r.text;
            if (spec.precision !== null) text = text.slice(0, spec.precision);
            out += pad(spec, text);
            if (r.stop) throw new StopOutput();
            break;
          }
          case "q":
          case "Q": {
            let text = shellQuote(nextArg() ?? "");
            if (spec.precision !== null && spec.conv === "Q") text = text.slice(0, spec.precision);
            out += pad(spec, text);
            break;
          }
          case "T": {
            const a = nextArg();
            const v = a === undefined || a === "" ? -1n : parseCInteger(a, true).value;
            const when = v === -1n || v === -2n ? now : new Date(Number(v) * 1000);
            out += pad(spec, strftime(spec.timeFormat ?? "", when));
            break;
          }
          default:
            out += pad(spec, formatFloat(floatArg(), spec));
        }
      }
      if (argi === argsBefore) break;
    } while (argi < args.length);
  } catch (e) {
    if (!(e instanceof StopOutput)) throw e;
  }
  return { output: out, errors, status };
}

function parseSpec(
  format: string,
  start: number,
  nextArg: () => string | undefined,
): { spec: Spec; next: number } | string {
  let i = start;
  let flags = "";
  while (i < format.length && "-+ #0'".includes(format[i])) flags += format[i++];
  let width: number | null = null;
  if (format[i] === "*") {
    i++;
    const w = Number(parseCInteger(nextArg() ?? "0", true).value);
    if (w < 0) {
      flags += "-";
      width = -w;
    } else width = w;
  } else {
    let w = "";
    while (i < format.length && format[i] >= "0" && format[i] <= "9") w += format[i++];
    if (w) width = Number.parseInt(w, 10);
  }
  let precision: number | null = null;
  if (format[i] === ".") {
    i++;
    if (format[i] === "*") {
      i++;
      const p = Number(parseCInteger(nextArg() ?? "0", true).value);
      precision = p < 0 ? null : p;
    } else {
      let p = "";
      while (i < format.length && format[i] >= "0" && format[i] <= "9") p += format[i++];
      precision = p ? Number.parseInt(p, 10) : 0;
    }
  }
  // Length modifiers are accepted and ignored, as bash does.
  while (i < format.length && "hjlLtz".includes(format[i])) i++;
  if (format[i] === "(") {
    const close = format.indexOf(")", i);
    if (close < 0 || format[close + 1] !== "T") return close < 0 ? "" : (format[close + 1] ?? "");
    return {
      spec: { flags, width, precision, conv: "T", timeFormat: format.slice(i + 1, close) },
      next: close + 2,
    };
  }
  const conv = format[i];
  if (conv === undefined || !"diouxXcsbqQeEfFgGaA".includes(conv)) return conv ?? "";
  return { spec: { flags, width, precision, conv }, next: i + 1 };
}

function pad(spec: Spec, text: string): string {
  if (spec.width === null || text.length >= spec.width) return text;
  const fill = " ".repeat(spec.width - text.length);
  return spec.flags.includes("-") ? text + fill : fill + text;
}

/** Zero padding for numbers goes between the sign/prefix and the digits. */
function zeroPad(spec: Spec, prefix: string, digits: string, integer = true): string {
  // C: a precision turns the 0 flag off for integer conversions only.
  if (
    spec.flags.includes("0") &&
    !spec.flags.includes("-") &&
    (!integer || spec.precision === null) &&
    spec.width !== null
  ) {
    const n = spec.width - prefix.length - digits.length;
    if (n > 0) return prefix + "0".repeat(n) + digits;
  }
  return prefix + digits;
}

function formatSigned(v: bigint, spec: Spec): string {
  let digits = (v < 0n ? -v : v).toString();
  if (spec.precision !== null)
    digits = spec.precision === 0 && v === 0n ? "" : digits.padStart(spec.precision, "0");
  const sign = v < 0n ? "-" : spec.flags.includes("+") ? "+" : spec.flags.includes(" ") ? " " : "";
  return zeroPad(spec, sign, digits);
}

function formatUnsigned(v: bigint, spec: Spec): string {
  const u = BigInt.asUintN(64, v);
  const radix = spec.conv === "o" ? 8 : spec.conv === "u" ? 10 : 16;
  let digits = u.toString(radix);
  if (spec.conv === "X") digits = digits.toUpperCase();
  if (spec.precision !== null)
    digits = spec.precision === 0 && u === 0n ? "" : digits.padStart(spec.precision, "0");
  let prefix = "";
  if (spec.flags.includes("#")) {
    if (spec.conv === "o" && !digits.startsWith("0")) digits = `0${digits}`;
    if (spec.conv === "x" && u !== 0n) prefix = "0x";
    if (spec.conv === "X" && u !== 0n) prefix = "0X";
  }
  return zeroPad(spec, prefix, digits);
}

function formatFloat(v: number, spec: Spec): string {
  const conv = spec.conv;
  const upper = conv === conv.toUpperCase();
  const sign =
    v < 0 || Object.is(v, -0) ? "-" : spec.flags.includes("+") ? "+" : spec.flags.includes(" ") ? " " : "";
  const a = Math.abs(v);
  let body: string;
  if (!Number.isFinite(a)) {
    body = Number.isNaN(a) ? "nan" : "inf";
    if (upper) body = body.toUpperCase();
    return sign + body;
  }
  const p = spec.precision ?? 6;
  switch (conv.toLowerCase()) {
    case "f":
      body = a.toFixed(Math.min(p, 100));
      if (p === 0 && spec.flags.includes("#")) body += ".";
      break;
    case "e":
      body = expForm(a, p, spec.flags.includes("#"));
      break;
    case "g": {
      const P = p === 0 ? 1 : p;
      // C: X is the exponent %e would print with precision P-1.
      const exp = a === 0 ? 0 : Number(a.toExponential(Math.min(P - 1, 100)).split("e")[1]);
      if (P > exp && exp >= -4) body = a.toFixed(Math.min(P - 1 - exp, 100));
      else body = expForm(a, P - 1, false);
      if (!spec.flags.includes("#")) body = stripZeros(body);
      break;
    }
    default:
      // %a: hexadecimal floating point.
      body = hexFloat(a, spec.precision);
  }
  if (upper) body = body.toUpperCase();
  return zeroPad(spec, sign, body, false);
}

function expForm(a: number, p: number, keepPoint: boolean): string {
  const [mant, exp] = a.toExponential(Math.min(p, 100)).split("e");
  const e = Number(exp);
  const m = p === 0 && keepPoint ? `${mant}.` : mant;
  return `${m}e${e < 0 ? "-" : "+"}${String(Math.abs(e)).padStart(2, "0")}`;
}

function stripZeros(s: string): string {
  const e = s.search(/e/i);
  const mant = e < 0 ? s : s.slice(0, e);
  const rest = e < 0 ? "" : s.slice(e);
  if (!mant.includes(".")) return s;
  return mant.replace(/\.?0+$/, "") + rest;
}

/** %a as glibc prints a long double: the leading hex digit holds 4 bits (1.0 is 0x8p-3). */
function hexFloat(a: number, precision: number | null): string {
  if (a === 0) return precision ? `0x0.${"0".repeat(precision)}p+0` : "0x0p+0";
  let exp = Math.floor(Math.log2(a)) - 3;
  let mant = a / 2 ** exp;
  if (mant >= 16) {
    mant /= 2;
    exp++;
  } else if (mant < 8) {
    mant *= 2;
    exp--;
  }
  const lead = Math.floor(mant);
  let f = mant - lead;
  let frac = "";
  const digits = precision ?? 15;
  for (let i = 0; i < digits; i++) {
    f *= 16;
    const d = Math.floor(f);
    frac += d.toString(16);
    f -= d;
  }
  if (precision === null) frac = frac.replace(/0+$/, "");
  return `0x${lead.toString(16)}${frac ? `.${frac}` : ""}p${exp < 0 ? "-" : "+"}${Math.abs(exp)}`;
}

/** bash 5 names the base it was reading in: "invalid hex number", "invalid octal number". */
function invalidNumberMessage(text: string): string {
  const t = text.trim().replace(/^[+-]/, "");
  if (/^0[xX]/.test(t)) return "invalid hex number";
  if (t.startsWith("0")) return "invalid octal number";
  return "invalid number";
}

/** strtoimax/strtoumax(text, &end, 0) as bash's printf uses them. */
export function parseCInteger(
  text: string,
  signed: boolean,
): { value: bigint; error: "invalid" | "range" | null } {
  if (text.length >= 2 && (text[0] === "'" || text[0] === '"')) {
    return { value: BigInt(text.codePointAt(1) ?? 0), error: null };
  }
  if (text.length === 1 && (text === "'" || text === '"')) return { value: 0n, error: null };
  let i = 0;
  while (i < text.length && /\s/.test(text[i])) i++;
  let neg = false;
  if (text[i] === "+" || text[i] === "-") {
    neg = text[i] === "-";
    i++;
  }
  let base = 10;
  if (
    text[i] === "0" &&
    (text[i + 1] === "x" || text[i + 1] === "X") &&
    /[0-9a-fA-F]/.test(text[i + 2] ?? "")
  ) {
    base = 16;
    i += 2;
  } else if (text[i] === "0") base = 8;
  const start = i;
  let v = 0n;
  const b = BigInt(base);
  while (i < text.length) {
    const d = Number.parseInt(text[i], 36);
    if (Number.isNaN(d) || d >= base) break;
    v = v * b + BigInt(d);
    i++;
  }
  const digitsRead = i > start || base === 8;
  let error: "invalid" | "range" | null =
    i < text.length || (!digitsRead && text.trim() !== "") ? "invalid" : null;
  if (!digitsRead && text.trim() !== "") error = "invalid";
  let value: bigint;
  if (signed) {
    value = neg ? -v : v;
    if (value > INT64_MAX) {
      value = INT64_MAX;
      error ??= "range";
    } else if (value < INT64_MIN) {
      value = INT64_MIN;
      error ??= "range";
    }
  } else {
    if (v > UINT64_MAX) {
      value = UINT64_MAX;
      error ??= "range";
    } else value = neg ? BigInt.asUintN(64, -v) : v;
  }
  return { value, error };
}

function parseCFloat(text: string): { value: number; error: boolean } {
  if (text.length >= 2 && (text[0] === "'" || text[0] === '"'))
    return { value: text.codePointAt(1) ?? 0, error: false };
  const t = text.trim();
  if (t === "") return { value: 0, error: false };
  const m =
    /^[+-]?(inf(inity)?|nan|0[xX][0-9a-fA-F]*\.?[0-9a-fA-F]*([pP][+-]?\d+)?|(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?)/i.exec(
      t,
    );
  if (!m) return { value: 0, error: true };
  const s = m[0];
  let value: number;
  const lower = s.toLowerCase().replace(/^[+-]/, "");
  const neg = s.startsWith("-");
  if (lower.startsWith("inf")) value = Number.POSITIVE_INFINITY;
  else if (lower === "nan") value = Number.NaN;
  else if (lower.startsWith("0x")) {
    const hm = /^0x([0-9a-f]*)\.?([0-9a-f]*)(?:p([+-]?\d+))?$/.exec(lower);
    value = 0;
    if (hm) {
      const whole = hm[1] ? Number.parseInt(hm[1], 16) : 0;
      let frac = 0;
      for (let k = 0; k < hm[2].length; k++) frac += Number.parseInt(hm[2][k], 16) / 16 ** (k + 1);
      value = (whole + frac) * 2 ** Number(hm[3] ?? 0);
    }
  } else value = Number.parseFloat(lower);
  return { value: neg ? -value : value, error: s.length !== t.length };
}

/** One backslash escape of a printf format string, starting at `format[i] === "\\"`. */
function formatEscape(format: string, i: number): { text: string; next: number } {
  const c = format[i + 1];
  if (c === undefined) return { text: "\\", next: i + 1 };
  const simple: Record<string, string> = {
    a: "\x07",
    b: "\b",
    e: "\x1b",
    E: "\x1b",
    f: "\f",
    n: "\n",
    r: "\r",
    t: "\t",
    v: "\v",
    "\\": "\\",
    "'": "'",
    '"': '"',
    "?": "?",
  };
  if (c in simple) return { text: simple[c], next: i + 2 };
  if (c >= "0" && c <= "7") {
    let j = i + 1;
    let v = 0;
    while (j < format.length && j < i + 4 && format[j] >= "0" && format[j] <= "7")
      v = v * 8 + (format.charCodeAt(j++) - 48);
    return { text: String.fromCharCode(v & 0xff), next: j };
  }
  if (c === "x") {
    let j = i + 2;
    let hex = "";
    while (j < format.length && hex.length < 2 && /[0-9a-fA-F]/.test(format[j])) hex += format[j++];
    if (!hex) return { text: "\\x", next: i + 2 };
    return { text: String.fromCharCode(Number.parseInt(hex, 16)), next: j };
  }
  if (c === "u" || c === "U") {
    let j = i + 2;
    let hex = "";
    const max = c === "u" ? 4 : 8;
    while (j < format.length && hex.length < max && /[0-9a-fA-F]/.test(format[j])) hex += format[j++];
    if (!hex) return { text: `\\${c}`, next: i + 2 };
    return { text: String.fromCodePoint(Number.parseInt(hex, 16)), next: j };
  }
  return { text: `\\${c}`, next: i + 2 };
}

/** %b: echo -e escapes; `\c` stops all further output. */
export function expandBackslashes(s: string): { text: string; stop: boolean } {
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c !== "\\" || i + 1 >= s.length) {
      out += c;
      continue;
    }
    const n = s[i + 1];
    if (n === "c") return { text: out, stop: true };
    if (n === "0" || (n >= "1" && n <= "7")) {
      // \0nnn (up to three octal digits after the 0) or \nnn.
      let j = n === "0" ? i + 2 : i + 1;
      const limit = j + 3;
      let v = 0;
      while (j < s.length && j < limit && s[j] >= "0" && s[j] <= "7") v = v * 8 + (s.charCodeAt(j++) - 48);
      out += String.fromCharCode(v & 0xff);
      i = j - 1;
      continue;
    }
    if (n === "'" || n === '"' || n === "?") {
      out += `\\${n}`;
      i++;
      continue;
    }
    const r = formatEscape(s, i);
    out += r.text;
    i = r.next - 1;
  }
  return { text: out, stop: false };
}

const QUOTE_CHARS = new Set(" \t\n'\"\\|&;()<>!{}*[]?^$`,#");

/** printf %q: quote so the shell reads the word back unchanged. */
export function shellQuote(s: string): string {
  if (s === "") return "''";
  if (/[\x00-\x1f\x7f]/.test(s)) {
    let out = "$'";
    for (const c of s) {
      const code = c.charCodeAt(0);
      if (c === "\\" || c === "'") out += `\\${c}`;
      else if (c === "\n") out += "\\n";
      else if (c === "\t") out += "\\t";
      else if (c === "\r") out += "\\r";
      else if (c === "\x1b") out += "\\E";
      else if (c === "\x07") out += "\\a";
      else if (c === "\b") out += "\\b";
      else if (c === "\f") out += "\\f";
      else if (c === "\v") out += "\\v";
      else if (code < 0x20 || code === 0x7f) out += `\\${code.toString(8).padStart(3, "0")}`;
      else out += c;
    }
    return `${out}'`;
  }
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (QUOTE_CHARS.has(c) || (c === "~" && i === 0)) out += `\\${c}`;
    else out += c;
  }
  return out;
}

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** A strftime subset (UTC, the VM's time zone) for printf's %(fmt)T. */
export function strftime(fmt: string, d: Date): string {
  const p2 = (n: number) => String(n).padStart(2, "0");
  const f = fmt === "" ? "%X" : fmt;
  return f.replace(/%([a-zA-Z%])/g, (_, c: string) => {
    switch (c) {
      case "Y":
        return String(d.getUTCFullYear());
      case "y":
        return p2(d.getUTCFullYear() % 100);
      case "m":
        return p2(d.getUTCMonth() + 1);
      case "d":
        return p2(d.getUTCDate());
      case "e":
        return String(d.getUTCDate()).padStart(2, " ");
      case "H":
        return p2(d.getUTCHours());
      case "I":
        return p2(((d.getUTCHours() + 11) % 12) + 1);
      case "M":
        return p2(d.getUTCMinutes());
      case "S":
        return p2(d.getUTCSeconds());
      case "p":
        return d.getUTCHours() < 12 ? "AM" : "PM";
      case "s":
        return String(Math.floor(d.getTime() / 1000));
      case "a":
        return DAYS[d.getUTCDay()];
      case "b":
      case "h":
        return MONTHS[d.getUTCMonth()];
      case "j":
        return String(Math.floor((d.getTime() - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86400000) + 1).padStart(
          3,
          "0",
        );
      case "F":
        return `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())}`;
      case "T":
      case "X":
        return `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`;
      case "R":
        return `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}`;
      case "D":
      case "x":
        return `${p2(d.getUTCMonth() + 1)}/${p2(d.getUTCDate())}/${p2(d.getUTCFullYear() % 100)}`;
      case "c":
        return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, " ")} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} ${d.getUTCFullYear()}`;
      case "Z":
        return "UTC";
      case "z":
        return "+0000";
      case "n":
        return "\n";
      case "t":
        return "\t";
      case "%":
        return "%";
      default:
        return `%${c}`;
    }
  });
}

/** The printf builtin as a just-bash command (overrides just-bash's). */
export const printfCommand = defineCommand("printf", async (args, ctx) => {
  let rest = args;
  let target: string | null = null;
  if (rest[0] === "-v") {
    if (rest.length < 2) {
      return {
        stdout: "",
        stderr:
          "bash: printf: -v: option requires an argument\nprintf: usage: printf [-v var] format [arguments]\n",
        exitCode: 2,
      };
    }
    target = rest[1];
    rest = rest.slice(2);
  } else if (rest[0]?.startsWith("-") && rest[0] !== "--" && rest[0] !== "-") {
    return {
      stdout: "",
      stderr: `bash: printf: ${rest[0].slice(0, 2)}: invalid option\nprintf: usage: printf [-v var] format [arguments]\n`,
      exitCode: 2,
    };
  }
  if (rest[0] === "--") rest = rest.slice(1);
  if (rest.length === 0)
    return { stdout: "", stderr: "printf: usage: printf [-v var] format [arguments]\n", exitCode: 2 };
  const r = formatPrintf(rest[0], rest.slice(1));
  const stderr = r.errors.map((e) => `bash: printf: ${e}\n`).join("");
  if (target !== null) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*(\[.*\])?$/.test(target)) {
      return { stdout: "", stderr: `bash: printf: \`${target}': not a valid identifier\n`, exitCode: 2 };
    }
    if (ctx.assignShellVariable) await ctx.assignShellVariable(target, r.output);
    return { stdout: "", stderr, exitCode: r.status };
  }
  return { stdout: r.output, stderr, exitCode: r.status };
});
