/**
 * A ToolCommand (toolapi.ts) as a just-bash command: arguments, stdin, cwd and the
 * exported environment come from the shell; output is collected for pipes and files, or
 * streamed straight to the terminal when the tool owns it (started from the interactive
 * prompt with nothing piped or redirected), in which case it also gets a Tty whose
 * readLine is the guest's line editor.
 */
import { type Command, defineCommand } from "just-bash";
import {
  Interrupted,
  type ReadLineOptions,
  type ShellResult,
  type ToolCommand,
  type ToolIO,
  type Tty,
} from "../tools/toolapi";
import { utf8Text } from "./bytes";
import { createGuestFs } from "./guest-fs";
import { InterruptController } from "./interrupt";

/** The terminal as the guest lends it to a tool. */
export interface TerminalPort {
  /** Text as the tool writes it (`\n` line ends); the guest translates for the terminal. */
  write(text: string): void;
  /** The shell's line editor with another prompt; null on Ctrl-D at an empty line. */
  readLine(
    prompt: string,
    options: {
      readonly program: string;
      readonly historyKey: string;
      readonly complete?: ReadLineOptions["complete"];
    },
  ): Promise<string | null>;
  readonly columns: number;
  readonly rows: number;
}

export interface ToolAdapterHooks {
  /** The terminal when this invocation may own it, else null. */
  terminalFor(name: string, stdin: string): TerminalPort | null;
  /** Run a nested command line for the tool's sh(). */
  sh(
    line: string,
    options: { stdin?: string; cwd: string; env: Record<string, string> },
  ): Promise<ShellResult>;
  /** Where the guest sends Ctrl-C while this tool owns the terminal (null when it stops). */
  setForegroundInterrupt(interrupt: (() => void) | null): void;
}

export function createToolCommand(tool: ToolCommand, hooks: ToolAdapterHooks): Command {
  return defineCommand(tool.name, async (args, ctx) => {
    const stdinText = utf8Text(ctx.stdin);
    const terminal = hooks.terminalFor(tool.name, stdinText);
    const interrupt = new InterruptController();
    const onAbort = () => interrupt.interrupt();
    if (ctx.signal?.aborted) interrupt.interrupt();
    ctx.signal?.addEventListener("abort", onAbort);
    const env: Record<string, string> = ctx.exportedEnv
      ? { ...ctx.exportedEnv }
      : Object.fromEntries(ctx.env);
    let stdout = "";
    let stderr = "";
    const tty: Tty | null = terminal
      ? {
          readLine: async (prompt, options) => {
            // Back at its prompt, the tool has handled any earlier Ctrl-C.
            interrupt.reset();
            return terminal.readLine(prompt, {
              program: tool.name,
              historyKey: options?.historyKey ?? tool.name,
              complete: options?.complete,
            });
          },
          get columns() {
            return terminal.columns;
          },
          get rows() {
            return terminal.rows;
          },
        }
      : null;
    const io: ToolIO = {
      args,
      stdin: terminal ? null : stdinText,
      cwd: ctx.cwd,
      env,
      fs: createGuestFs(ctx.fs, ctx.cwd),
      stdout: (text) => {
        if (terminal) terminal.write(text);
        else stdout += text;
      },
      stderr: (text) => {
        if (terminal) terminal.write(text);
        else stderr += text;
      },
      tty,
      signal: interrupt.signal,
      sh: (line, options) => hooks.sh(line, { stdin: options?.stdin, cwd: ctx.cwd, env }),
    };
    if (terminal) hooks.setForegroundInterrupt(() => interrupt.interrupt());
    let exitCode: number;
    try {
      exitCode = await tool.run(io);
    } catch (e) {
      if (e instanceof Interrupted) exitCode = 130;
      else {
        io.stderr(`${tool.name}: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
        exitCode = 1;
      }
    } finally {
      ctx.signal?.removeEventListener("abort", onAbort);
      if (terminal) hooks.setForegroundInterrupt(null);
    }
    return { stdout, stderr, exitCode };
  });
}
