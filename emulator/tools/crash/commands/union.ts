/** `union`: the `struct` command for unions. */
import type { CrashCommand } from "../command";
import { runDatatype } from "./struct";

export const unionCommand: CrashCommand = {
  name: "union",
  synopsis:
    "union_name[.member[,member]] [-o][-l offset][-rfuxdp] [address | symbol][:cpuspec] [count | -c count]",
  summary: "union contents",
  help: `  Show the definition of a union, or its contents at an address.  The options
  are those of the struct command: -o offsets, -x/-d radix, -r raw memory,
  .member to select members, a count to show several in a row.

EXAMPLES
    crash> union ldlm_policy_data
    crash> union ldlm_policy_data ffff917c62522f40`,
  run: (session, args) => runDatatype("union", session, args),
};
