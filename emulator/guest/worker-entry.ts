/**
 * Web Worker entry of the simulated guest. The site bundles it as a module worker:
 *   new WorkerGuest(() => new Worker(new URL("…/emulator/guest/worker-entry.ts", import.meta.url), { type: "module" }))
 */
import "./install-buffer";
import type { HostMessage, WorkerMessage } from "./worker-protocol";
import { runGuestWorker } from "./worker-runtime";

interface WorkerScope {
  postMessage(message: WorkerMessage): void;
  onmessage: ((event: { data: HostMessage }) => void) | null;
}

const scope = globalThis as unknown as WorkerScope;

runGuestWorker({
  postMessage: (message) => scope.postMessage(message),
  listen: (handler) => {
    scope.onmessage = (event) => handler(event.data);
  },
});
