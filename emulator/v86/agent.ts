/**
 * Host side of /usr/local/sbin/kdebug-agent (guest-image/rootfs), which listens on the
 * guest's second serial port. Requests are lines "ID VERB ARGS"; answers are lines that
 * start with the byte 0x1e ("ID STATUS PAYLOAD"). A `run` request streams the command's raw
 * output before its answer line. Bulk data (files, command text) crosses through the 9p
 * share instead of the serial line: it is binary-safe and much faster.
 *
 * One request is in flight at a time: the agent is a shell loop and answers in order.
 */
import type { V86 } from "v86";
import { AGENT_PORT, onSerialBytes, sendSerial } from "./machine";

const RECORD_START = 0x1e;
const NEWLINE = 0x0a;
/** Folder of the 9p share the agent writes to (mounted at /mnt/host in the guest). */
export const SHARE_DIR = "kdebug";

export interface AgentAnswer {
  /** The request's id: a `read` answer's data is in the share as `kdebug/ID`. */
  readonly id: number;
  readonly status: string;
  readonly payload: string;
}

interface Pending {
  readonly id: number;
  readonly resolve: (answer: AgentAnswer) => void;
  readonly reject: (error: Error) => void;
  readonly onOutput?: (bytes: Uint8Array) => void;
  timer?: ReturnType<typeof setTimeout>;
}

export class AgentClient {
  private nextId = 1;
  private current: Pending | null = null;
  private queue: Array<() => void> = [];
  /** Bytes of the answer line being received (after 0x1e), or null while outside one. */
  private line: number[] | null = null;
  private helloWaiters: Array<() => void> = [];
  private readonly unsubscribe: () => void;
  private readonly decoder = new TextDecoder();

  constructor(private readonly emulator: V86) {
    this.unsubscribe = onSerialBytes(emulator, AGENT_PORT, (bytes) => this.receive(bytes));
  }

  /** Resolves when the agent (re)starts and greets the host: only seen after a fresh boot. */
  hello(): Promise<void> {
    return new Promise((resolve) => this.helloWaiters.push(resolve));
  }

  /** Send one request; resolves with its answer line. `timeoutMs` 0 waits forever. */
  request(
    verb: string,
    args: string,
    { timeoutMs = 15_000, onOutput }: { timeoutMs?: number; onOutput?: (bytes: Uint8Array) => void } = {},
    beforeSend?: (id: number) => Promise<void>,
  ): Promise<AgentAnswer> {
    if (/[\r\n]/.test(args)) return Promise.reject(new Error("agent request arguments must be one line"));
    return new Promise((resolve, reject) => {
      const start = async () => {
        const id = this.nextId++;
        const pending: Pending = { id, resolve, reject, onOutput };
        this.current = pending;
        try {
          if (beforeSend) await beforeSend(id);
        } catch (error) {
          this.finish(pending);
          reject(error as Error);
          return;
        }
        if (timeoutMs > 0) {
          pending.timer = setTimeout(() => {
            this.finish(pending);
            reject(new Error(`guest agent did not answer "${verb}" within ${timeoutMs} ms`));
          }, timeoutMs);
        }
        sendSerial(this.emulator, AGENT_PORT, `${id} ${verb}${args ? ` ${args}` : ""}\n`);
      };
      if (this.current) this.queue.push(() => void start());
      else void start();
    });
  }

  /**
   * Run a command line with bash in /root, outside the console; its output (stdout and stderr,
   * through a pipe) streams to `onOutput`. Resolves with the exit status.
   */
  async run(command: string, onOutput: (text: string) => void, timeoutMs = 0): Promise<number> {
    const decoder = new TextDecoder();
    const encoded = new TextEncoder().encode(command);
    const answer = await this.request(
      "run",
      "",
      { timeoutMs, onOutput: (bytes) => onOutput(decoder.decode(bytes, { stream: true })) },
      // The command crosses through the 9p share: any bytes, any length.
      (id) => this.emulator.create_file(`${SHARE_DIR}/${id}.cmd`, encoded),
    );
    const tail = decoder.decode();
    if (tail) onOutput(tail);
    if (answer.status !== "exit") throw new Error(`guest agent: ${answer.status} ${answer.payload}`);
    return Number(answer.payload);
  }

  /** Stop listening; a request in flight fails. */
  dispose(): void {
    this.unsubscribe();
    this.current?.reject(new Error("guest stopped"));
    this.current = null;
    this.queue = [];
  }

  private finish(pending: Pending): void {
    if (pending.timer) clearTimeout(pending.timer);
    if (this.current !== pending) return;
    this.current = null;
    this.queue.shift()?.();
  }

  private receive(bytes: Uint8Array): void {
    let outputStart = -1;
    const flushOutput = (end: number) => {
      if (outputStart >= 0 && end > outputStart) this.current?.onOutput?.(bytes.subarray(outputStart, end));
      outputStart = -1;
    };
    for (let i = 0; i < bytes.length; i++) {
      const byte = bytes[i];
      if (this.line) {
        if (byte === NEWLINE) {
          const text = this.decoder.decode(Uint8Array.from(this.line));
          this.line = null;
          this.answer(text);
        } else {
          this.line.push(byte);
        }
      } else if (byte === RECORD_START) {
        flushOutput(i);
        this.line = [];
      } else if (outputStart < 0) {
        outputStart = i;
      }
    }
    flushOutput(bytes.length);
  }

  private answer(text: string): void {
    const match = /^(\d+) (\S+) ?(.*)$/.exec(text);
    if (!match) return;
    const id = Number(match[1]);
    if (id === 0 && match[2] === "hello") {
      const waiters = this.helloWaiters;
      this.helloWaiters = [];
      for (const wake of waiters) wake();
      return;
    }
    const pending = this.current;
    if (!pending || pending.id !== id) return; // an answer to a request that timed out
    this.finish(pending);
    pending.resolve({ id, status: match[2], payload: match[3] });
  }
}
