/**
 * The emulated PC, the same for the build (boot from kernel + initramfs) and for the labs
 * (restore the saved state): v86 restores a state only into a machine created with the same
 * options, so every caller goes through machineOptions().
 */
import { V86, type V86Options } from "v86";

export interface MachineSpec {
  readonly memoryMB: number;
  readonly vgaMemoryMB: number;
  readonly acpi: boolean;
}

export interface MachineAssets {
  /** URL (browser) or file path (Node) of v86.wasm. */
  readonly wasmPath: string;
  readonly bios: ArrayBuffer;
  readonly vgaBios: ArrayBuffer;
}

export interface KernelBoot {
  readonly bzimage: ArrayBuffer;
  readonly initrd: ArrayBuffer;
  readonly cmdline: string;
}

/** Serial port of the learner's console (ttyS0) and of the host agent (ttyS1). */
export const CONSOLE_PORT = 0;
export const AGENT_PORT = 1;

export function machineOptions(spec: MachineSpec, assets: MachineAssets, boot?: KernelBoot): V86Options {
  const options: V86Options = {
    wasm_path: assets.wasmPath,
    bios: { buffer: assets.bios },
    vga_bios: { buffer: assets.vgaBios },
    memory_size: spec.memoryMB * 1024 * 1024,
    vga_memory_size: spec.vgaMemoryMB * 1024 * 1024,
    acpi: spec.acpi,
    uart1: true,
    // An empty 9p share: the agent copies guest files there for the graders.
    filesystem: {},
    autostart: false,
    disable_keyboard: true,
    disable_mouse: true,
    disable_speaker: true,
  };
  if (boot) {
    options.bzimage = { buffer: boot.bzimage };
    options.initrd = { buffer: boot.initrd };
    options.cmdline = boot.cmdline;
  }
  return options;
}

/** Create the emulator and wait until its wasm and devices are loaded (not yet running). */
export function createEmulator(options: V86Options): Promise<V86> {
  return new Promise((resolve) => {
    const emulator = new V86(options);
    emulator.add_listener("emulator-loaded", () => resolve(emulator));
  });
}

/** Bytes of a serial port's output, one listener call per run of bytes the guest wrote. */
export function onSerialBytes(
  emulator: V86,
  port: number,
  listener: (bytes: Uint8Array) => void,
): () => void {
  // v86 emits one event per byte; batching them into a microtask keeps the terminal from
  // being redrawn once per character when a command prints a screenful.
  let pending: number[] = [];
  const flush = () => {
    const bytes = Uint8Array.from(pending);
    pending = [];
    listener(bytes);
  };
  const onByte = (byte: number) => {
    if (pending.length === 0) queueMicrotask(flush);
    pending.push(byte);
  };
  const event = `serial${port}-output-byte` as "serial0-output-byte";
  emulator.add_listener(event, onByte);
  return () => emulator.remove_listener(event, onByte);
}

const encoder = new TextEncoder();

export function sendSerial(emulator: V86, port: number, data: string | Uint8Array): void {
  emulator.serial_send_bytes(port, typeof data === "string" ? encoder.encode(data) : data);
}
