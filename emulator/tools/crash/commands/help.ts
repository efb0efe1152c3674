/**
 * `help`: the command menu in crash's five-column layout, a command's page (NAME, SYNOPSIS,
 * DESCRIPTION), and the `help input` / `help output` pages. Texts are kdebug-lab's own.
 */

import { BUILTIN_ALIASES } from "../cmdline";
import type { CrashCommand, CrashSession } from "../command";
import { UNMODELLED_COMMANDS, unmodelledText } from "../repl";
import type { Session } from "../session";

export const CRASH_VERSION = "7.2.3-8.el7";
export const GDB_VERSION = "7.6";
const HELP_COLUMNS = 5;

function commandsOf(session: CrashSession): Map<string, CrashCommand> {
  return (session as Session).commands ?? new Map();
}

/** The menu: names sorted, `q` forced last, column-major in 5 columns of 15. */
export function helpScreen(names: readonly string[]): string {
  const list = [...new Set(names)].filter((n) => n !== "q").sort();
  list.push("q");
  const rows = Math.ceil(list.length / HELP_COLUMNS);
  let out = "\n";
  for (let r = 0; r < rows; r++) {
    let line = "";
    for (let c = 0; c < HELP_COLUMNS; c++) {
      const i = r + c * rows;
      if (i >= list.length) break;
      line += list[i].padEnd(15);
    }
    out += `${line}\n`;
  }
  out += `\ncrash version: ${CRASH_VERSION.padEnd(6)}   gdb version: ${GDB_VERSION}\n`;
  out += `For help on any command above, enter "help <command>".\n`;
  out += `For help on input options, enter "help input".\n`;
  out += `For help on output options, enter "help output".\n\n`;
  return out;
}

export function commandPage(cmd: CrashCommand): string {
  return `\nNAME\n  ${cmd.name} - ${cmd.summary}\n\nSYNOPSIS\n  ${cmd.name} ${cmd.synopsis}\n\nDESCRIPTION\n${cmd.help}\n\n`;
}

const INPUT_HELP = `
Command input in this crash session:

  - Lines are edited with the usual keys: arrows, Home/End, Ctrl-A/Ctrl-E,
    Ctrl-U to erase the line.  Up and Down walk through the commands typed
    in this session; Tab completes command names, structure names, symbol
    names and struct.member names.
  - Ctrl-C stops the command that is running and returns to the prompt.
  - A line beginning with "#" or "//" is a comment and does nothing.
  - "< file" runs each line of the file as a crash command, showing each one
    after the prompt (crash -i file does the same at start-up).
  - "command ... < file" runs the command once for each line of the file,
    with the words of that line added where "< file" stands; blank lines
    and lines starting with "#" are skipped.  For example, with one address
    per line in "export":

      crash> rd -o 0x118 < export

  - "!command" runs a shell command and shows its output.
  - Built-in aliases: ${Object.entries(BUILTIN_ALIASES)
    .map(([a, b]) => `${a} = "${b}"`)
    .join(", ")}.
  - A word that is not a command is tried as a kernel symbol (printed with
    "p"), then as a structure, union or typedef name (shown with "struct",
    "union" or "whatis").
  - kdebug-lab addition: "set explain on" (or --explain on one command)
    shows, after the output, the memory reads that produced it.
`;

const OUTPUT_HELP = `
Command output in this crash session:

  - "command | shell pipeline" sends the output to the pipeline, e.g.
      crash> list -H ffff917c981c3b60 | wc -l
  - "command > file" writes the output to a file, "command >> file" appends.
    A ">" written as part of "->" is not a redirection.
  - A "|", "!" or ">" inside double or single quotes or inside parentheses
    is part of the command, not a redirection.
  - "set radix 16" (alias "hex") and "set radix 10" (alias "dec") choose how
    integers are shown; -x and -d do it for a single command.
  - Output is never paged here; "set scroll off" (alias "sf") is accepted.
`;

export const helpCommand: CrashCommand = {
  name: "help",
  synopsis: "[command | all] [-<option>]",
  summary: "get help",
  help: `  With no argument, list the available commands.  With a command name, show
  that command's manual page.  "help input" and "help output" describe how
  command lines can be redirected, piped and fed from files; "help all"
  shows every page.`,
  run(session, args) {
    const cmds = commandsOf(session);
    if (args.length === 0) {
      session.out(helpScreen([...cmds.keys(), "exit", "q"]));
      return;
    }
    for (const a of args) {
      if (a === "input") session.out(INPUT_HELP);
      else if (a === "output") session.out(OUTPUT_HELP);
      else if (a === "all") {
        session.out(INPUT_HELP + OUTPUT_HELP);
        for (const c of [...cmds.values()].sort((x, y) => x.name.localeCompare(y.name)))
          session.out(commandPage(c));
      } else if (a === "copying" || a === "warranty")
        session.out(
          "crash is free software distributed under the GNU General Public License; this lab imitates it.\n",
        );
      else if (a.startsWith("-"))
        session.out(`help: ${a}: crash's internal tables are not available in this lab\n`);
      else {
        const alias = BUILTIN_ALIASES[a];
        const name = alias ? alias.split(" ")[0] : a;
        const cmd = cmds.get(name);
        if (cmd) session.out(commandPage(cmd));
        else if (UNMODELLED_COMMANDS.has(name)) session.out(unmodelledText(name));
        else if (name === "q" || name === "exit")
          session.out(
            `\nNAME\n  ${name} - exit this session\n\nSYNOPSIS\n  ${name} \n\nDESCRIPTION\n  Bring this session to an end.\n\n`,
          );
        else session.out(`No help data for "${a}" is available.\n`);
      }
    }
  },
};
