/**
 * The v86 guest under Node: for `npx kdebug-lab exec live-kernel '<command line>'`, the tests
 * and the benchmark. Reads the artifacts of public/v86/ from disk.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { V86Guest } from "./guest";
import { createEmulator, machineOptions } from "./machine";
import { type Manifest, type ManifestArtifact, MISSING_IMAGE_HELP, parseManifest } from "./manifest";

export interface V86NodeGuestOptions {
  /** Folder holding manifest.json and the artifacts; defaults to the checkout's public/v86. */
  readonly imageDir?: string;
  /** Called once the state file is read (Node reads it in one go). */
  readonly onProgress?: (loaded: number, total: number) => void;
  /** Check each artifact's sha256 against the manifest (default true; ~0.1 s). */
  readonly verify?: boolean;
}

export const defaultImageDir = fileURLToPath(new URL("../../public/v86/", import.meta.url));

export function readManifest(imageDir = defaultImageDir): Manifest {
  const file = path.join(imageDir, "manifest.json");
  if (!existsSync(file)) throw new Error(MISSING_IMAGE_HELP);
  return parseManifest(JSON.parse(readFileSync(file, "utf8")));
}

/** The installed v86 package version; a state saved by another version may not restore. */
export function installedV86Version(): string {
  const require = createRequire(import.meta.url);
  const pkg = JSON.parse(readFileSync(require.resolve("v86/package.json"), "utf8")) as { version: string };
  return pkg.version.replace(/\+.*$/, "");
}

function readArtifact(imageDir: string, artifact: ManifestArtifact, verify: boolean): ArrayBuffer {
  const file = path.join(imageDir, artifact.file);
  if (!existsSync(file)) throw new Error(`${file} is missing. ${MISSING_IMAGE_HELP}`);
  const bytes = readFileSync(file);
  if (verify) {
    const sha = createHash("sha256").update(bytes).digest("hex");
    if (sha !== artifact.sha256) {
      throw new Error(
        `${file}: sha256 ${sha} does not match manifest.json; rebuild with npm run build:guest`,
      );
    }
  }
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

export async function createV86NodeGuest(options: V86NodeGuestOptions = {}): Promise<V86Guest> {
  const imageDir = options.imageDir ?? defaultImageDir;
  const manifest = readManifest(imageDir);
  const installed = installedV86Version();
  if (installed !== manifest.v86) {
    throw new Error(
      `public/v86 was saved by v86 ${manifest.v86} but ${installed} is installed; rebuild with npm run build:guest`,
    );
  }
  return new V86Guest(async () => {
    const verify = options.verify ?? true;
    const artifacts = manifest.artifacts;
    const state = readArtifact(imageDir, artifacts.state, verify);
    options.onProgress?.(state.byteLength, state.byteLength);
    const emulator = await createEmulator(
      machineOptions(manifest.machine, {
        wasmPath: path.join(imageDir, artifacts.wasm.file),
        bios: readArtifact(imageDir, artifacts.bios, verify),
        vgaBios: readArtifact(imageDir, artifacts.vgaBios, verify),
      }),
    );
    // v86 recognises the zstd frame and decompresses while restoring.
    await emulator.restore_state(state);
    return { emulator, manifest };
  });
}
