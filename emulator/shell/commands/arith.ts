/**
 * `.kdebug_arith`, the target of arith-rewrite.ts: evaluates one expression with the
 * 64-bit evaluator against the shell's variables.
 *   .kdebug_arith "EXPR"     $(( EXPR )): prints the value; an error aborts the command
 *                             line, as in bash (the session's onFatal hook does that).
 *   .kdebug_arith -c "EXPR"  (( EXPR )): exit status 0 when non-zero; assignments land in
 *                             the current shell.
 */
import { defineCommand } from "just-bash";
import { ARITH_COMMAND } from "../arith-rewrite";
import { ArithError, evaluateArith } from "../arith64";

export interface ArithHooks {
  /**
   * An expansion failed: print `message` and abort the rest of the command line, as bash
   * does. Returns false when it cannot (a tool's nested sh()): the message then goes to stderr.
   */
  onFatal(message: string): boolean;
}

export function createArithCommand(hooks: ArithHooks) {
  return defineCommand(ARITH_COMMAND, async (args, ctx) => {
    const command = args[0] === "-c";
    const text = (command ? args.slice(1) : args).join(" ");
    const pending: Array<[string, string]> = [];
    const scope = {
      get: (name: string) => {
        for (let k = pending.length - 1; k >= 0; k--) if (pending[k][0] === name) return pending[k][1];
        return ctx.env.get(name);
      },
      set: (name: string, value: string) => {
        pending.push([name, value]);
      },
    };
    try {
      const value = evaluateArith(text, scope);
      if (ctx.assignShellVariable) for (const [name, v] of pending) await ctx.assignShellVariable(name, v);
      if (command) return { stdout: "", stderr: "", exitCode: value !== 0n ? 0 : 1 };
      return { stdout: `${value}\n`, stderr: "", exitCode: 0 };
    } catch (e) {
      if (!(e instanceof ArithError)) throw e;
      if (command) return { stdout: "", stderr: `bash: ((: ${e.message}\n`, exitCode: 1 };
      const message = `bash: ${e.message}\n`;
      if (hooks.onFatal(message)) return { stdout: "", stderr: "", exitCode: 1 };
      return { stdout: "", stderr: message, exitCode: 1 };
    }
  });
}
