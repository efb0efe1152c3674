/** All crash commands, by name. Memory/data commands are listed here; task commands in tasks-index.ts. */
import type { CrashCommand } from "../command";
import { taskCommands } from "./tasks-index";

export const memoryCommands: CrashCommand[] = [];

export function allCommands(): CrashCommand[] {
  return [...memoryCommands, ...taskCommands].sort((a, b) => a.name.localeCompare(b.name));
}
