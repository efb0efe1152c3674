/**
 * The v86 suite boots a real kernel and is slow, so the default `vitest run` leaves it out:
 *   npx vitest run --config test/v86/vitest.config.ts
 */
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  root: fileURLToPath(new URL("../..", import.meta.url)),
  test: {
    include: ["test/v86/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // One emulator at a time: the machine has two cores and each guest keeps one busy.
    fileParallelism: false,
    pool: "forks",
  },
});
