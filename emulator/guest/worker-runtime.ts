/**
 * The worker side of the simulated guest, independent of how messages travel (a browser
 * Web Worker in worker-entry.ts, a Node worker thread in the tests). It answers every
 * interrupt at once (interrupt-ack) and posts a snapshot each time the shell prompt comes
 * back, so the page can replace the worker if a busy loop ignores Ctrl-C.
 */
import type { GuestHistoryEntry } from "./guest";
import { createSimulatedGuest, SimulatedGuest } from "./simulated-guest";
import type { HostMessage, WorkerMessage } from "./worker-protocol";

export interface WorkerPort {
  postMessage(message: WorkerMessage): void;
  /** Install the handler of messages from the page. */
  listen(handler: (message: HostMessage) => void): void;
}

export function runGuestWorker(port: WorkerPort): void {
  let guest: SimulatedGuest | null = null;
  let snapshotting = false;
  let snapshotAgain = false;
  const post = (message: WorkerMessage) => port.postMessage(message);

  const idleSnapshot = async (): Promise<void> => {
    if (!guest) return;
    if (snapshotting) {
      snapshotAgain = true;
      return;
    }
    snapshotting = true;
    try {
      do {
        snapshotAgain = false;
        post({ type: "snapshot", id: null, snapshot: await guest.snapshot() });
      } while (snapshotAgain);
    } finally {
      snapshotting = false;
    }
  };

  const handle = async (message: HostMessage): Promise<void> => {
    switch (message.type) {
      case "start": {
        const options = {
          lab: message.options.lab,
          columns: message.options.columns,
          rows: message.options.rows,
        };
        guest = message.snapshot
          ? await SimulatedGuest.restore(message.snapshot, options)
          : createSimulatedGuest(options);
        guest.onOutput((data) => post({ type: "output", data }));
        guest.onStatus((status) => {
          post(
            status.command === undefined
              ? { type: "status", busy: status.busy }
              : { type: "status", busy: status.busy, command: status.command },
          );
          if (!status.busy) void idleSnapshot();
        });
        await guest.start();
        post({ type: "ready" });
        void idleSnapshot();
        return;
      }
      case "input":
        guest?.input(message.data);
        return;
      case "resize":
        guest?.resize(message.columns, message.rows);
        return;
      case "interrupt":
        post({ type: "interrupt-ack", id: message.id });
        guest?.interrupt();
        return;
      case "inspect": {
        if (!guest) return;
        let value: string | null | readonly GuestHistoryEntry[];
        if (message.what === "readFile") value = await guest.inspect.readFile(message.path);
        else if (message.what === "history") value = await guest.inspect.history();
        else value = await guest.inspect.cwd();
        post({ type: "inspect-result", id: message.id, value });
        return;
      }
      case "snapshot":
        if (guest) post({ type: "snapshot", id: message.id, snapshot: await guest.snapshot() });
        return;
    }
  };

  port.listen((message) => {
    // Ctrl-C typed in the terminal proves the worker is alive the moment it is read.
    if (message.type === "input" && message.data.includes("\x03")) post({ type: "interrupt-ack", id: -1 });
    handle(message).catch((e) =>
      post({ type: "error", message: e instanceof Error ? e.message : String(e) }),
    );
  });
}
