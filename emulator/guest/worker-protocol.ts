/**
 * Messages between the page (WorkerGuest) and the Web Worker that runs the simulated
 * guest (worker-entry.ts). Everything here is structured-clone friendly.
 */
import type { GuestHistoryEntry } from "./guest";
import type { LabConfig } from "./simulated-guest";
import type { GuestSnapshot } from "./snapshot";

export interface WorkerStartOptions {
  readonly lab?: LabConfig;
  readonly columns: number;
  readonly rows: number;
}

/** Page → worker. */
export type HostMessage =
  /** Boot the guest; with a snapshot, continue from it (after a stuck worker was replaced). */
  | { readonly type: "start"; readonly options: WorkerStartOptions; readonly snapshot?: GuestSnapshot }
  | { readonly type: "input"; readonly data: string }
  | { readonly type: "resize"; readonly columns: number; readonly rows: number }
  /** Ctrl-C from outside the terminal; answered by "interrupt-ack" as soon as it is read. */
  | { readonly type: "interrupt"; readonly id: number }
  | { readonly type: "inspect"; readonly id: number; readonly what: "readFile"; readonly path: string }
  | { readonly type: "inspect"; readonly id: number; readonly what: "history" | "cwd" }
  | { readonly type: "snapshot"; readonly id: number };

/** Worker → page. */
export type WorkerMessage =
  | { readonly type: "ready" }
  | { readonly type: "output"; readonly data: string }
  /** A command started (busy, with its history line) or the shell prompt is back (idle). */
  | { readonly type: "status"; readonly busy: boolean; readonly command?: string }
  /** Reply to "snapshot" (id), or sent unasked (id null) each time the guest becomes idle. */
  | { readonly type: "snapshot"; readonly id: number | null; readonly snapshot: GuestSnapshot }
  | {
      readonly type: "inspect-result";
      readonly id: number;
      readonly value: string | null | readonly GuestHistoryEntry[];
    }
  /** The worker read an interrupt: it is alive, not stuck in a loop. */
  | { readonly type: "interrupt-ack"; readonly id: number }
  | { readonly type: "error"; readonly message: string };
