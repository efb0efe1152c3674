/**
 * The page side of the simulated guest: a Guest that runs SimulatedGuest in a Web Worker.
 * Ctrl-C reaches the worker as a message; a worker stuck in a shell busy loop
 * (`while true; do :; done` never yields) cannot read it, so if no acknowledgement comes
 * back within 200 ms the worker is terminated and a new one continues from the snapshot
 * taken when the last command finished (files, shell state, histories). A standby worker
 * is loaded in advance so the replacement shows a prompt without waiting for a module load.
 *
 *   const guest = new WorkerGuest(() => new Worker(new URL("./worker-entry.ts", import.meta.url), { type: "module" }),
 *                                 { lab: { cwd: "/var/crash/client_lbug" } });
 */
import type { Guest, GuestHistoryEntry, GuestInspect } from "./guest";
import type { LabConfig } from "./simulated-guest";
import type { GuestSnapshot } from "./snapshot";
import type { HostMessage, WorkerMessage } from "./worker-protocol";

/** The part of the Worker API used here (a browser Worker fits; tests pass a fake). */
export interface WorkerLike {
  postMessage(message: HostMessage): void;
  onmessage: ((event: { data: WorkerMessage }) => void) | null;
  onerror?: ((event: unknown) => void) | null;
  terminate(): void;
}

export interface WorkerGuestOptions {
  readonly lab?: LabConfig;
  readonly columns?: number;
  readonly rows?: number;
  /** How long a worker has to acknowledge Ctrl-C before it is replaced (ms). */
  readonly interruptTimeoutMs?: number;
  /** Called when a stuck worker was replaced (for telemetry or a notice on the page). */
  readonly onRestart?: () => void;
  /** Keep a second worker loaded for a fast replacement (default true). */
  readonly standby?: boolean;
}

type InspectRequest = { what: "readFile"; path: string } | { what: "history" } | { what: "cwd" };

interface Pending {
  readonly request: InspectRequest | { what: "snapshot" };
  readonly resolve: (value: unknown) => void;
}

export class WorkerGuest implements Guest {
  private worker: WorkerLike | null = null;
  private standby: WorkerLike | null = null;
  private readonly listeners = new Set<(data: string) => void>();
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private columns: number;
  private rows: number;
  private lastSnapshot: GuestSnapshot | null = null;
  private busy = false;
  private watchdog: ReturnType<typeof setTimeout> | null = null;
  private ready: Promise<void> = Promise.resolve();
  private disposed = false;
  private readonly timeoutMs: number;

  constructor(
    private readonly createWorker: () => WorkerLike,
    private readonly options: WorkerGuestOptions = {},
  ) {
    this.columns = options.columns ?? 80;
    this.rows = options.rows ?? 24;
    this.timeoutMs = options.interruptTimeoutMs ?? 200;
  }

  start(): Promise<void> {
    this.ready = this.spawn(undefined).then(() => this.prepareStandby());
    return this.ready;
  }

  input(data: string): void {
    if (data.includes("\x03")) this.armWatchdog();
    this.post({ type: "input", data });
  }

  onOutput(listener: (data: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  resize(cols: number, rows: number): void {
    this.columns = cols;
    this.rows = rows;
    this.post({ type: "resize", columns: cols, rows });
  }

  interrupt(): void {
    this.armWatchdog();
    this.post({ type: "interrupt", id: this.nextId++ });
  }

  readonly inspect: GuestInspect = {
    readFile: (path) => this.request({ what: "readFile", path }) as Promise<string | null>,
    history: () => this.request({ what: "history" }) as Promise<GuestHistoryEntry[]>,
    cwd: () => this.request({ what: "cwd" }) as Promise<string>,
  };

  /** The guest's current snapshot (files, shell state, histories). */
  snapshot(): Promise<GuestSnapshot> {
    return this.request({ what: "snapshot" }) as Promise<GuestSnapshot>;
  }

  /** True while a command runs in the worker (as last reported). */
  get isBusy(): boolean {
    return this.busy;
  }

  dispose(): void {
    this.disposed = true;
    this.clearWatchdog();
    this.worker?.terminate();
    this.standby?.terminate();
    this.worker = null;
    this.standby = null;
    this.listeners.clear();
  }

  private emit(data: string): void {
    for (const listener of this.listeners) listener(data);
  }

  private post(message: HostMessage): void {
    this.worker?.postMessage(message);
  }

  private prepareStandby(): void {
    if (this.options.standby === false || this.standby || this.disposed) return;
    this.standby = this.createWorker();
  }

  private spawn(snapshot: GuestSnapshot | undefined): Promise<void> {
    const worker = this.standby ?? this.createWorker();
    this.standby = null;
    this.worker = worker;
    this.busy = false;
    return new Promise((resolve) => {
      worker.onmessage = (event) => {
        if (this.worker !== worker) return;
        const m = event.data;
        switch (m.type) {
          case "ready":
            resolve();
            // Questions asked of a replaced worker go to its successor.
            for (const [id, p] of this.pending) this.send(id, p.request);
            return;
          case "output":
            this.emit(m.data);
            return;
          case "status":
            this.busy = m.busy;
            if (m.command !== undefined) this.noteCommand(m.command);
            return;
          case "interrupt-ack":
            this.clearWatchdog();
            return;
          case "snapshot":
            this.lastSnapshot = m.snapshot;
            if (m.id !== null) this.settle(m.id, m.snapshot);
            return;
          case "inspect-result":
            this.settle(m.id, m.value);
            return;
          case "error":
            this.emit(`\r\nkdebug-lab: guest error: ${m.message}\r\n`);
            return;
        }
      };
      worker.postMessage({
        type: "start",
        options: { lab: this.options.lab, columns: this.columns, rows: this.rows },
        snapshot,
      });
    });
  }

  /** A command started: if it never finishes, the replacement still has it in its history. */
  private noteCommand(line: string): void {
    const s = this.lastSnapshot;
    if (!s) return;
    const sh = s.histories.sh ?? [];
    this.lastSnapshot = {
      ...s,
      histories: { ...s.histories, sh: sh[sh.length - 1] === line ? sh : [...sh, line] },
      entriesTyped: [...s.entriesTyped, { program: "sh", line }],
    };
  }

  private request(request: InspectRequest | { what: "snapshot" }): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, { request, resolve });
      this.send(id, request);
    });
  }

  private send(id: number, request: InspectRequest | { what: "snapshot" }): void {
    if (request.what === "snapshot") this.post({ type: "snapshot", id });
    else if (request.what === "readFile")
      this.post({ type: "inspect", id, what: "readFile", path: request.path });
    else this.post({ type: "inspect", id, what: request.what });
  }

  private settle(id: number, value: unknown): void {
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    p.resolve(value);
  }

  private armWatchdog(): void {
    if (this.watchdog !== null || this.disposed) return;
    this.watchdog = setTimeout(() => {
      this.watchdog = null;
      void this.replaceStuckWorker();
    }, this.timeoutMs);
  }

  private clearWatchdog(): void {
    if (this.watchdog !== null) clearTimeout(this.watchdog);
    this.watchdog = null;
  }

  /** The worker did not read Ctrl-C in time: it is stuck in a loop. Start over from the last snapshot. */
  private async replaceStuckWorker(): Promise<void> {
    if (this.disposed) return;
    this.worker?.terminate();
    this.worker = null;
    this.emit("^C\r\n");
    this.options.onRestart?.();
    this.ready = this.spawn(this.lastSnapshot ?? undefined).then(() => this.prepareStandby());
    await this.ready;
  }
}
