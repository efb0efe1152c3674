/**
 * What `import ... from "just-bash"` resolves to in the site build (alias in astro.config.mjs).
 * just-bash's browser bundle exports less than its Node bundle; the shell layer (emulator/shell)
 * also uses parse, serialize, decodeBytesToUtf8 and latin1FromBytes. We re-export the browser
 * bundle and provide those four with the same behaviour: the parser and serializer through
 * Bash.transform (parse → plugins → serialize), which the browser bundle does export.
 * test/unit/site-build.test.ts compares them with the Node bundle's own functions.
 */
import type { ScriptNode } from "just-bash";
import { Bash } from "just-bash/browser";

export * from "just-bash/browser";

let transformer: Bash | null = null;
/** AST to serialize on the next transform(""); null means "keep the parsed one". */
let replacement: ScriptNode | null = null;

function shell(): Bash {
  if (!transformer) {
    transformer = new Bash();
    transformer.registerTransformPlugin({
      name: "kdebug-ast-io",
      transform: (context) => ({ ast: replacement ?? context.ast }),
    });
  }
  return transformer;
}

export function parse(script: string): ScriptNode {
  replacement = null;
  return shell().transform(script).ast;
}

export function serialize(ast: ScriptNode): string {
  replacement = ast;
  try {
    return shell().transform("").script;
  } finally {
    replacement = null;
  }
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Shell pipes carry bytes as latin1 strings (one char per byte); decode them as UTF-8 text.
 * As just-bash documents it: ASCII and already-decoded text come back unchanged, and bytes that
 * are not valid UTF-8 (a binary stream) fall back to the raw latin1 view.
 */
export function decodeBytesToUtf8(bytes: unknown, _maxBytes?: number): string {
  const latin1 = bytes as string;
  let high = false;
  for (let i = 0; i < latin1.length; i++) {
    const code = latin1.charCodeAt(i);
    if (code > 0xff) return latin1;
    if (code > 0x7f) high = true;
  }
  if (!high) return latin1;
  const buffer = new Uint8Array(latin1.length);
  for (let i = 0; i < latin1.length; i++) buffer[i] = latin1.charCodeAt(i);
  try {
    return strictUtf8.decode(buffer);
  } catch {
    return latin1;
  }
}

/** The byte string itself (it already is a latin1 string at runtime). */
export function latin1FromBytes(bytes: unknown): string {
  return bytes as string;
}
