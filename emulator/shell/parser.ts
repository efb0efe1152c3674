/**
 * just-bash's parser and serializer through its public Bash.transform(): the browser
 * bundle exports neither parse() nor serialize(). transform() parses (after the same
 * leading-blank normalisation exec applies), runs the registered plugins and serializes;
 * one plugin here can substitute the tree to serialize.
 */
import { Bash, InMemoryFs, type ScriptNode } from "just-bash";

let bash: Bash | null = null;
/** Tree to serialize instead of the parsed one (serializeScript). */
let substitute: ScriptNode | null = null;
/** The tree the last parse produced (parseScript). */
let captured: ScriptNode | null = null;

const EMPTY: ScriptNode = { type: "Script", statements: [] };

function parserBash(): Bash {
  if (!bash) {
    bash = new Bash({ fs: new InMemoryFs(), defenseInDepth: false });
    bash.registerTransformPlugin({
      name: "kdebug-parse",
      transform: (ctx) => {
        if (substitute) return { ast: substitute };
        // Keep the parsed tree and serialize nothing: serialization refuses some valid
        // trees (an unterminated here-document, while the learner is still typing it).
        captured = ctx.ast;
        return { ast: EMPTY };
      },
    });
  }
  return bash;
}

/** Parse a script; throws just-bash's syntax errors. */
export function parseScript(script: string): ScriptNode {
  substitute = null;
  captured = null;
  parserBash().transform(script);
  const ast = captured as ScriptNode | null;
  if (!ast) throw new Error("parse produced no tree");
  return ast;
}

/** Shell text for a tree. */
export function serializeScript(ast: ScriptNode): string {
  substitute = ast;
  try {
    return parserBash().transform(":").script;
  } finally {
    substitute = null;
  }
}
