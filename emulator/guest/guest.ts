/**
 * The Guest: a machine seen through a terminal. No DOM here — the page (site/) and the
 * CLI (bin/) both drive a Guest. The simulated CentOS guest implements it in-process
 * (Node, or inside a Web Worker in the browser); the v86 backend implements it on
 * top of the emulator's serial console.
 */
export interface Guest {
  /** Start the machine: prints the login banner / first prompt through onOutput. */
  start(): Promise<void>;
  /** Bytes typed or pasted in the terminal (UTF-16 string of the raw key sequences). */
  input(data: string): void;
  /** Terminal output, ANSI included. Returns an unsubscribe function. */
  onOutput(listener: (data: string) => void): () => void;
  /** Terminal size changed. */
  resize(cols: number, rows: number): void;
  /** Same as typing Ctrl-C: interrupts the foreground command. */
  interrupt(): void;
  /** State inspection for graders and tests. */
  readonly inspect: GuestInspect;
  dispose(): void;
}

/** What graders may look at without typing into the terminal. */
export interface GuestInspect {
  /** Contents of a guest file, or null if it does not exist. Relative paths are from the shell's cwd. */
  readFile(path: string): Promise<string | null>;
  /** Command lines the learner ran, oldest first: shell lines and lines typed at tool prompts (`crash> ...`). */
  history(): Promise<GuestHistoryEntry[]>;
  /** Current working directory of the shell. */
  cwd(): Promise<string>;
}

export interface GuestHistoryEntry {
  /** "sh" for the shell, or the tool whose prompt read the line ("crash", "debugfs"...). */
  readonly program: string;
  readonly line: string;
}

/** Which machine a lab boots. */
export type GuestKind = "simulated" | "v86";
