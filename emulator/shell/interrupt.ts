/**
 * The cooperative Ctrl-C of our tools (toolapi.ts InterruptSignal). A tool's long loop
 * calls `checkpoint()`; about every 20 ms that yields a macrotask, so the keystroke (a
 * worker message, or stdin data in Node) can be delivered, and it throws Interrupted once
 * Ctrl-C was pressed.
 */
import { Interrupted, type InterruptSignal } from "../tools/toolapi";

const YIELD_EVERY_MS = 20;

/** Let pending events (worker messages, stdin) run: a macrotask, not a microtask. */
export function yieldToEventLoop(): Promise<void> {
  const g = globalThis as { setImmediate?: (cb: () => void) => unknown };
  if (typeof g.setImmediate === "function") {
    const setImmediateFn = g.setImmediate;
    return new Promise((resolve) => {
      setImmediateFn(resolve);
    });
  }
  if (typeof MessageChannel !== "undefined") {
    return new Promise((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        channel.port1.close();
        resolve();
      };
      channel.port2.postMessage(null);
    });
  }
  return new Promise((resolve) => setTimeout(resolve, 0));
}

export class InterruptController {
  private fired = false;
  private readonly listeners = new Set<() => void>();
  private lastYield = Date.now();
  readonly signal: InterruptSignal;

  constructor() {
    const self = this;
    this.signal = {
      get interrupted() {
        return self.fired;
      },
      checkpoint: () => this.checkpoint(),
      onInterrupt: (listener) => {
        if (this.fired) {
          queueMicrotask(listener);
          return () => {};
        }
        this.listeners.add(listener);
        return () => this.listeners.delete(listener);
      },
    };
  }

  get interrupted(): boolean {
    return this.fired;
  }

  /** Ctrl-C: mark interrupted and tell the listeners (once). */
  interrupt(): void {
    if (this.fired) return;
    this.fired = true;
    for (const listener of [...this.listeners]) {
      try {
        listener();
      } catch {
        // A listener's failure must not stop the others.
      }
    }
    this.listeners.clear();
  }

  /** Clear the flag so the same tool can be interrupted again (a REPL back at its prompt). */
  reset(): void {
    this.fired = false;
  }

  private async checkpoint(): Promise<void> {
    if (this.fired) throw new Interrupted();
    const now = Date.now();
    if (now - this.lastYield >= YIELD_EVERY_MS) {
      this.lastYield = now;
      await yieldToEventLoop();
      if (this.fired) throw new Interrupted();
    }
  }
}

/** A signal that is never interrupted (non-interactive runs). */
export function neverInterrupted(): InterruptSignal {
  return new InterruptController().signal;
}
