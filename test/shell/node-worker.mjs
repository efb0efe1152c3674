// Worker-thread entry for the tests: load the TypeScript worker through tsx.
import { register } from "tsx/esm/api";

register();
await import("./node-worker.ts");
