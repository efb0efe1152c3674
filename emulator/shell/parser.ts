/**
 * just-bash's parser and serializer through its public Bash.transform(): the browser
 * bundle exports neither parse() nor serialize(). transform() parses (after the same
 * leading-blank normalisation exec applies), runs the registered plugins and serializes;
 * one plugin here can substitute the tree to serialize.
 */
import { Bash, InMemoryFs, type ScriptNode } from "just-bash";

let bash: Bash | null = null;
let substitute: ScriptNode | null = null;

function parserBash(): Bash {
  if (!bash) {
    bash = new Bash({ fs: new InMemoryFs(), defenseInDepth: false });
    bash.registerTransformPlugin({
      name: "kdebug-serialize",
      transform: (ctx) => ({ ast: substitute ?? ctx.ast }),
    });
  }
  return bash;
}

/** Parse a script; throws just-bash's syntax errors. */
export function parseScript(script: string): ScriptNode {
  substitute = null;
  return parserBash().transform(script).ast;
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
