/**
 * The one place the site turns a lab into a running Guest:
 *  - simulated: WorkerGuest (emulator/guest/worker-guest.ts) running the CentOS shell in a module
 *    Web Worker bundled from emulator/guest/worker-entry.ts, so no command freezes the page;
 *  - v86: emulator/v86/browser.ts (`createV86BrowserGuest`), loaded only for v86 labs and found
 *    with import.meta.glob, so the site builds without it; when missing, the lesson says how to
 *    build the image.
 */
import type { Guest, GuestKind } from "../../emulator/guest/guest";
import { WorkerGuest, type WorkerLike } from "../../emulator/guest/worker-guest";

/** What a backend needs to know about the lab (serialisable: it travels in a data- attribute). */
export interface GuestLabConfig {
  readonly id: string;
  readonly guest: GuestKind;
  readonly cwd: string;
  readonly setup: readonly string[];
  readonly scenario?: string;
}

export interface GuestOptions extends GuestLabConfig {
  readonly cols: number;
  readonly rows: number;
  /** Absolute URL of the site root (ends with "/"), for backends that fetch files such as v86 images. */
  readonly siteRoot: string;
  /** Download progress of a machine image, in bytes (v86). */
  readonly onProgress?: (loaded: number, total: number) => void;
}

/** The lab's backend is not part of this build; `help` says what to do (markdown-free text). */
export class GuestUnavailableError extends Error {
  constructor(
    message: string,
    readonly help: string,
  ) {
    super(message);
    this.name = "GuestUnavailableError";
  }
}

interface V86Module {
  createV86BrowserGuest(options: {
    baseUrl?: string;
    onProgress?: (loaded: number, total: number) => void;
  }): Guest | Promise<Guest>;
}

const v86Backends = import.meta.glob<V86Module>("../../emulator/v86/browser.ts");

/** Vite bundles the worker entry as a module worker and rewrites this URL to the built file. */
function spawnGuestWorker(): WorkerLike {
  const worker = new Worker(new URL("../../emulator/guest/worker-entry.ts", import.meta.url), {
    type: "module",
    name: "kdebug-guest",
  });
  return worker as unknown as WorkerLike;
}

export async function createGuest(options: GuestOptions): Promise<Guest> {
  if (options.guest === "v86") {
    const load = v86Backends["../../emulator/v86/browser.ts"];
    if (!load) {
      throw new GuestUnavailableError(
        "This lab boots a real Linux kernel in v86, and this build of the site does not include it.",
        "Build the v86 guest image (see emulator/v86/README.md), then rebuild the site with npm run build.",
      );
    }
    // Images live in public/v86/, i.e. <site root>/v86/ wherever the site is hosted.
    return (await load()).createV86BrowserGuest({
      baseUrl: new URL("v86/", options.siteRoot).href,
      onProgress: options.onProgress,
    });
  }
  return new WorkerGuest(spawnGuestWorker, {
    lab: { cwd: options.cwd, setup: options.setup },
    columns: options.cols,
    rows: options.rows,
  });
}
