/**
 * The memory/data crash commands without the task commands (whose kernel views a synthetic test
 * program does not provide), for tests that build their own Program.
 */
import type { CrashCommand } from "../../emulator/tools/crash/command";
import { disCommand } from "../../emulator/tools/crash/commands/dis";
import { evalCommand } from "../../emulator/tools/crash/commands/eval";
import { helpCommand } from "../../emulator/tools/crash/commands/help";
import { kmemCommand } from "../../emulator/tools/crash/commands/kmem";
import { listCommand } from "../../emulator/tools/crash/commands/list";
import { netCommand } from "../../emulator/tools/crash/commands/net";
import { pCommand } from "../../emulator/tools/crash/commands/p";
import { rdCommand } from "../../emulator/tools/crash/commands/rd";
import { searchCommand } from "../../emulator/tools/crash/commands/search";
import { setCommand } from "../../emulator/tools/crash/commands/set";
import { starCommand } from "../../emulator/tools/crash/commands/star";
import { structCommand } from "../../emulator/tools/crash/commands/struct";
import { symCommand } from "../../emulator/tools/crash/commands/sym";
import { unionCommand } from "../../emulator/tools/crash/commands/union";
import { whatisCommand } from "../../emulator/tools/crash/commands/whatis";

export function memoryCommandsOnly(): CrashCommand[] {
  return [
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
}
