/**
 * public/v86/manifest.json: what `npm run build:guest` produced and how to boot it again.
 * The page and the CLI read it before anything else: it names the artifacts (with their
 * sha256, so a stale cache or a half-copied file is caught), the machine the state was saved
 * from (v86 can only restore a state into an identical machine), and the recipe it came from.
 */
import { z } from "zod";

export const MANIFEST_FORMAT = 1;

const Artifact = z.object({
  /** File name, relative to the manifest. */
  file: z.string().regex(/^[\w.-]+$/),
  bytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});

export const ManifestSchema = z.object({
  format: z.literal(MANIFEST_FORMAT),
  /** Bumped by hand when the recipe changes meaning; `recipeHash` catches every other edit. */
  recipeVersion: z.number().int().positive(),
  /** sha256 over guest-image/ recipe files (packages.txt, scripts, rootfs overlay). */
  recipeHash: z.string().regex(/^[0-9a-f]{64}$/),
  builtAt: z.string(),
  /** The v86 npm version that saved the state: another build may not read it. */
  v86: z.string(),
  kernel: z.object({ release: z.string(), package: z.string(), version: z.string() }),
  packages: z.array(z.object({ name: z.string(), version: z.string(), arch: z.string() })),
  machine: z.object({
    memoryMB: z.number().int().positive(),
    vgaMemoryMB: z.number().int().positive(),
    acpi: z.boolean(),
    cmdline: z.string(),
  }),
  /** The console prompt, as the state left it. */
  prompt: z.string(),
  artifacts: z.object({
    /** save_state() output compressed with zstd; v86 decompresses it itself. */
    state: Artifact.extend({ rawBytes: z.number().int().positive() }),
    wasm: Artifact,
    bios: Artifact,
    vgaBios: Artifact,
  }),
  /** Timings measured by the build, for the README and the benchmark's comparisons. */
  build: z.object({ bootSeconds: z.number(), saveSeconds: z.number(), compressSeconds: z.number() }),
});

export type Manifest = z.infer<typeof ManifestSchema>;
export type ManifestArtifact = z.infer<typeof Artifact>;

export function parseManifest(json: unknown): Manifest {
  const parsed = ManifestSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`invalid v86 manifest: ${issues}`);
  }
  return parsed.data;
}

/** What to tell someone whose checkout has no guest image. */
export const MISSING_IMAGE_HELP =
  "The live-kernel guest image is not built. Run `npm run build:guest` (needs a Debian or Ubuntu " +
  "host with apt, about 5 minutes); see guest-image/README.md.";
