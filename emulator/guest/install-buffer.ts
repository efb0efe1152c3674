/**
 * just-bash's gzip/gunzip expect Node's global Buffer; a browser worker has none. Imported
 * first by worker-entry.ts so the global exists before anything else runs.
 */
import { Buffer } from "buffer";

const g = globalThis as { Buffer?: unknown };
if (typeof g.Buffer === "undefined") g.Buffer = Buffer;
