/** All crash commands, by name. Memory/data commands are listed here; task commands in tasks-index.ts. */
import type { CrashCommand } from "../command";
import { disCommand } from "./dis";
import { evalCommand } from "./eval";
import { helpCommand } from "./help";
import { kmemCommand } from "./kmem";
import { listCommand } from "./list";
import { netCommand } from "./net";
import { pCommand } from "./p";
import { rdCommand } from "./rd";
import { searchCommand } from "./search";
import { setCommand } from "./set";
import { starCommand } from "./star";
import { structCommand } from "./struct";
import { symCommand } from "./sym";
import { taskCommands } from "./tasks-index";
import { unionCommand } from "./union";
import { whatisCommand } from "./whatis";

export const memoryCommands: CrashCommand[] = [
  disCommand,
  evalCommand,
  helpCommand,
  kmemCommand,
  listCommand,
  netCommand,
  pCommand,
  rdCommand,
  searchCommand,
  setCommand,
  starCommand,
  structCommand,
  symCommand,
  unionCommand,
  whatisCommand,
];

export function allCommands(): CrashCommand[] {
  return [...memoryCommands, ...taskCommands].sort((a, b) => a.name.localeCompare(b.name));
}
