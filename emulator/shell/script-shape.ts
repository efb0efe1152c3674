/**
 * Questions about a command line asked before it runs: is it complete (or does the
 * terminal show the `> ` continuation prompt), which statements can run one at a time,
 * which commands own the terminal, which functions it defines.
 */
import type { CommandNode, ScriptNode, StatementNode } from "just-bash";
import { parseScript as parse, serializeScript as serialize } from "./parser";

/** True when bash would ask for more input (PS2) before running `script`. */
export function isIncomplete(script: string): boolean {
  const trimmed = script.replace(/[ \t\n]+$/, "");
  const trailing = /\\+$/.exec(trimmed);
  if (trailing && trailing[0].length % 2 === 1 && script.endsWith("\\")) return true;
  let ast: ScriptNode;
  try {
    ast = parse(script);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return /unexpected EOF|got EOF/i.test(message);
  }
  if (hasUnterminatedHereDoc(ast)) return true;
  // bash keeps reading after a trailing pipe or && / ||.
  const noComment = stripTrailingComment(trimmed);
  return /(\|\||&&|\|)$/.test(noComment) && !/\\(\|\||&&|\|)$/.test(noComment);
}

function stripTrailingComment(line: string): string {
  const lastLine = line.slice(line.lastIndexOf("\n") + 1);
  const m = /(^|\s)#[^'"]*$/.exec(lastLine);
  if (!m) return line;
  return line.slice(0, line.length - lastLine.length + m.index).replace(/[ \t]+$/, "");
}

function hasUnterminatedHereDoc(node: unknown): boolean {
  let found = false;
  walk(node, (n) => {
    if (n.type === "HereDoc" && n.terminated === false) found = true;
  });
  return found;
}

type AnyNode = { type?: string; [key: string]: unknown };

function walk(node: unknown, visit: (n: AnyNode) => void): void {
  if (Array.isArray(node)) {
    for (const item of node) walk(item, visit);
    return;
  }
  if (node === null || typeof node !== "object") return;
  const n = node as AnyNode;
  if (typeof n.type === "string") visit(n);
  for (const key of Object.keys(n)) {
    const v = n[key];
    if (v !== null && typeof v === "object") walk(v, visit);
  }
}

/**
 * Top-level statements of `script` as separate scripts, so each one's output reaches the
 * terminal before the next starts (`echo start; crash ...`). Falls back to the whole
 * script when the split cannot be checked against the text (here-docs, odd parses).
 */
export function splitStatements(script: string): string[] {
  if (script.includes("<<")) return [script];
  let ast: ScriptNode;
  try {
    ast = parse(script);
  } catch {
    return [script];
  }
  if (ast.statements.length <= 1) return [script];
  const texts: string[] = [];
  let cursor = 0;
  for (const st of ast.statements) {
    const text = st.sourceText;
    if (!text) return [script];
    const at = script.indexOf(text, cursor);
    if (at < 0 || !/^[\s;]*(#[^\n]*\n[\s;]*)*$/.test(script.slice(cursor, at))) return [script];
    texts.push(text);
    cursor = at + text.length;
  }
  if (!/^[\s;]*(#[^\n]*)?$/.test(script.slice(cursor))) return [script];
  return texts;
}

/** Parse without throwing. */
export function tryParse(script: string): ScriptNode | null {
  try {
    return parse(script);
  } catch {
    return null;
  }
}

function literalName(word: unknown): string | null {
  const parts = (word as { parts?: Array<{ type: string; value?: string }> } | null)?.parts;
  if (parts?.length !== 1 || parts[0].type !== "Literal") return null;
  return parts[0].value ?? null;
}

export interface TerminalUse {
  /** Commands that run with the terminal as stdin and stdout in every place they appear. */
  readonly attached: ReadonlySet<string>;
  /** Commands that appear piped, redirected, in a substitution or in the background. */
  readonly detached: ReadonlySet<string>;
}

/** Which commands of a script run attached to the terminal (a tool may then own it). */
export function terminalUse(ast: ScriptNode): TerminalUse {
  const attached = new Set<string>();
  const detached = new Set<string>();
  const statements = (list: StatementNode[], on: boolean) => {
    for (const st of list) {
      for (const p of st.pipelines) {
        const alone = p.commands.length === 1 && on && !st.background;
        for (const c of p.commands) command(c, alone);
      }
    }
  };
  const words = (node: unknown) => {
    // Commands inside $( ), <( ) and here-strings never own the terminal.
    walk(node, (n) => {
      if (n.type === "SimpleCommand") {
        const name = literalName(n.name);
        if (name) detached.add(name);
      }
    });
  };
  const command = (c: CommandNode, on: boolean) => {
    const redirections =
      (c as { redirections?: Array<{ fd: number | null; operator: string }> }).redirections ?? [];
    const redirected = redirections.some((r) => touchesTerminal(r.fd, r.operator));
    switch (c.type) {
      case "SimpleCommand": {
        const name = literalName(c.name);
        if (name) (on && !redirected ? attached : detached).add(name);
        words(c.args);
        words(c.assignments);
        words(c.redirections);
        return;
      }
      case "If":
        for (const cl of c.clauses) {
          statements(cl.condition, on && !redirected);
          statements(cl.body, on && !redirected);
        }
        if (c.elseBody) statements(c.elseBody, on && !redirected);
        return;
      case "For":
      case "CStyleFor":
      case "Subshell":
      case "Group":
        statements(c.body, on && !redirected);
        return;
      case "While":
      case "Until":
        statements(c.condition, on && !redirected);
        statements(c.body, on && !redirected);
        return;
      case "Case":
        for (const item of c.items) statements(item.body, on && !redirected);
        return;
      default:
        return;
    }
  };
  statements(ast.statements, true);
  for (const name of detached) attached.delete(name);
  return { attached, detached };
}

function touchesTerminal(fd: number | null, operator: string): boolean {
  if (operator === "&>" || operator === "&>>") return true;
  const target = fd ?? (operator.startsWith("<") ? 0 : 1);
  return target === 0 || target === 1;
}

/** True when `exit` runs in the current shell somewhere in the script (not in a subshell or pipe). */
export function mayExitShell(ast: ScriptNode): boolean {
  let found = false;
  const statements = (list: StatementNode[]) => {
    for (const st of list) {
      for (const p of st.pipelines) {
        if (p.commands.length !== 1) continue;
        const c = p.commands[0];
        if (
          c.type === "SimpleCommand" &&
          (literalName(c.name) === "exit" || literalName(c.name) === "logout")
        )
          found = true;
        else if (c.type === "If") {
          for (const cl of c.clauses) {
            statements(cl.condition);
            statements(cl.body);
          }
          if (c.elseBody) statements(c.elseBody);
        } else if (c.type === "For" || c.type === "CStyleFor" || c.type === "Group") statements(c.body);
        else if (c.type === "While" || c.type === "Until") {
          statements(c.condition);
          statements(c.body);
        } else if (c.type === "Case") for (const item of c.items) statements(item.body);
      }
    }
  };
  statements(ast.statements);
  return found;
}

/**
 * Source text of each function a script defines (any depth), so the next command line
 * can define it again: just-bash forgets functions between executions.
 */
export function functionDefinitions(script: string, ast: ScriptNode): Map<string, string> {
  const defs = new Map<string, string>();
  const single = ast.statements.length === 1 ? ast.statements[0] : null;
  const singleCmd =
    single?.pipelines.length === 1 && single.pipelines[0].commands.length === 1
      ? single.pipelines[0].commands[0]
      : null;
  if (singleCmd?.type === "FunctionDef") defs.set(singleCmd.name, script.trim());
  for (const st of ast.statements) {
    const only =
      st.pipelines.length === 1 && st.pipelines[0].commands.length === 1 ? st.pipelines[0].commands[0] : null;
    if (
      only?.type === "FunctionDef" &&
      !defs.has(only.name) &&
      st.sourceText &&
      !st.sourceText.includes("<<") &&
      script.includes(st.sourceText)
    ) {
      defs.set(only.name, st.sourceText);
    }
  }
  walk(ast, (n) => {
    if (n.type !== "FunctionDef") return;
    const fn = n as unknown as CommandNode & { name: string };
    if (defs.has(fn.name)) return;
    const text = serialize({
      type: "Script",
      statements: [
        {
          type: "Statement",
          pipelines: [{ type: "Pipeline", commands: [fn], negated: false }],
          operators: [],
          background: false,
        },
      ],
    });
    const check = tryParse(text);
    if (check && !hasUnterminatedHereDoc(check)) defs.set(fn.name, text);
  });
  return defs;
}
