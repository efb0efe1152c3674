#!/usr/bin/env node
// kdebug-lab CLI: runs the TypeScript sources directly through tsx (no build step).
import { register } from "tsx/esm/api";

register();
const { main } = await import("../emulator/cli/main.ts");
const code = await main(process.argv.slice(2));
process.exitCode = code;
// Tools and timers of the guest must not keep the process alive once the command is done.
setImmediate(() => process.exit(code));
