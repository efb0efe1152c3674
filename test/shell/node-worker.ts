/** The guest worker on a Node worker thread (the tests' stand-in for the browser's Web Worker). */
import { parentPort } from "node:worker_threads";
import { runGuestWorker } from "../../emulator/guest/worker-runtime";

if (!parentPort) throw new Error("not in a worker thread");
const port = parentPort;
runGuestWorker({
  postMessage: (message) => port.postMessage(message),
  listen: (handler) => port.on("message", handler),
});
