/**
 * remark plugin: wraps every runnable code block (see site/lib/runnable.ts) in
 * <div class="runnable" data-commands="[...]">. Syntax highlighting still applies to the code
 * inside; the lesson's client script makes the wrapper clickable and types the commands into
 * the terminal. Session blocks (prompt lines) get `session` in their meta, for the Shiki
 * transformer in shiki-session.ts.
 */
import { extractCommands, isSession } from "../lib/runnable";

interface MdNode {
  type: string;
  lang?: string | null;
  meta?: string | null;
  value?: string;
  children?: MdNode[];
  data?: { hName?: string; hProperties?: Record<string, unknown> };
}

function wrap(node: MdNode, commands: string[]): MdNode {
  return {
    type: "runnableBlock",
    // mdast-util-to-hast turns an unknown node with children into the element named here.
    data: {
      hName: "div",
      hProperties: {
        className: ["runnable"],
        dataCommands: JSON.stringify(commands),
        title: "Click to run in the terminal",
      },
    },
    children: [node],
  };
}

function visit(parent: MdNode): void {
  const children = parent.children;
  if (!children) return;
  for (let i = 0; i < children.length; i++) {
    const child = children[i];
    if (child.type === "code") {
      const commands = extractCommands(child.lang, child.meta, child.value ?? "");
      // Tell the Shiki transformer (shiki-session.ts) to render prompts, commands and output.
      if (isSession(child.lang, child.value ?? ""))
        child.meta = child.meta ? `${child.meta} session` : "session";
      if (commands.length > 0) children[i] = wrap(child, commands);
    } else {
      visit(child);
    }
  }
}

export default function remarkRunnable() {
  return (tree: MdNode) => visit(tree);
}
