/** Loaded modules: the `modules` list of struct module (name, module_core, core_size). */
import type { Program } from "../program";
import type { LoadedModule } from "./model";

export function listModules(prog: Program): LoadedModule[] {
  const head = prog.symbol("modules").address;
  const oList = BigInt(prog.offsetOf("module", "list"));
  const oName = BigInt(prog.offsetOf("module", "name"));
  const out: LoadedModule[] = [];
  let guard = 0;
  for (let p = prog.readU64(head); p !== head && guard++ < 10000; p = prog.readU64(p)) {
    const mod = p - oList;
    out.push({
      address: mod,
      name: prog.readCString(mod + oName, 56),
      base: prog.readMember(mod, "module", "module_core"),
      size: Number(prog.readMember(mod, "module", "core_size")),
    });
  }
  return out;
}
