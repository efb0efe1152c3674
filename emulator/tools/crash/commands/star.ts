/** `*`: crash's shorthand for struct or union, whichever the name is (alias `size`). */
import type { CrashCommand } from "../command";
import { lookupDatatype } from "../datatype";
import { runDatatype } from "./struct";

export const starCommand: CrashCommand = {
  name: "*",
  synopsis: "(struct or union command arguments)",
  summary: "pointer-to-struct or pointer-to-union",
  help: `  Run the struct or the union command, whichever fits the type named first;
  the arguments are those of struct.

EXAMPLES
    crash> * ldlm_resource ffff917c981c3b40
    crash> size ldlm_lock`,
  run(session, args) {
    const name = args.find((a) => !a.startsWith("-"))?.split(".")[0] ?? "";
    const dt = lookupDatatype(session.prog, name);
    return runDatatype(dt?.kind === "union" ? "union" : "struct", session, args);
  },
};
