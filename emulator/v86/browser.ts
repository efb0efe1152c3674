/**
 * The v86 guest in the page. The site imports this module dynamically for labs whose
 * definition says `guest: 'v86'`. Artifacts are served from public/v86/ (the site's
 * `${base}v86/`); the state is downloaded with progress, then restored in one step.
 */
import type { Guest } from "../guest/guest";
import { V86Guest } from "./guest";
import { createEmulator, machineOptions } from "./machine";
import { type Manifest, MISSING_IMAGE_HELP, parseManifest } from "./manifest";

export interface V86BrowserGuestOptions {
  /** URL of the folder holding manifest.json and the artifacts (default "/v86/"). */
  readonly baseUrl?: string;
  /** Download progress of the image, in bytes (the site shows a bar). */
  readonly onProgress?: (loaded: number, total: number) => void;
}

async function fetchOk(url: string): Promise<Response> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response;
}

async function fetchManifest(baseUrl: string): Promise<Manifest> {
  let response: Response;
  try {
    response = await fetchOk(`${baseUrl}manifest.json`);
  } catch {
    throw new Error(MISSING_IMAGE_HELP);
  }
  return parseManifest(await response.json());
}

/** Download a file into one buffer, reporting bytes received against the manifest's size. */
async function download(url: string, total: number, onProgress?: (loaded: number, total: number) => void) {
  const response = await fetchOk(url);
  const buffer = new Uint8Array(total);
  let loaded = 0;
  onProgress?.(0, total);
  const reader = response.body!.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (loaded + value.length > total) throw new Error(`${url} is larger than manifest.json says`);
    buffer.set(value, loaded);
    loaded += value.length;
    onProgress?.(loaded, total);
  }
  if (loaded !== total) throw new Error(`${url}: got ${loaded} bytes, manifest.json says ${total}`);
  return buffer.buffer;
}

export function createV86BrowserGuest(options: V86BrowserGuestOptions = {}): Guest {
  const baseUrl = (options.baseUrl ?? "/v86/").replace(/\/?$/, "/");
  return new V86Guest(async () => {
    const manifest = await fetchManifest(baseUrl);
    const { state, bios, vgaBios, wasm } = manifest.artifacts;
    const [stateBytes, biosBytes, vgaBiosBytes] = await Promise.all([
      download(`${baseUrl}${state.file}`, state.bytes, options.onProgress),
      fetchOk(`${baseUrl}${bios.file}`).then((r) => r.arrayBuffer()),
      fetchOk(`${baseUrl}${vgaBios.file}`).then((r) => r.arrayBuffer()),
    ]);
    const emulator = await createEmulator(
      machineOptions(manifest.machine, {
        wasmPath: new URL(`${baseUrl}${wasm.file}`, location.href).href,
        bios: biosBytes,
        vgaBios: vgaBiosBytes,
      }),
    );
    await emulator.restore_state(stateBytes);
    return { emulator, manifest };
  });
}
