import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: [
      "test/unit/**/*.test.ts",
      "test/replay/**/*.test.ts",
      "test/scenarios/**/*.test.ts",
      "test/crash/**/*.test.ts",
      "test/shell/**/*.test.ts",
      "test/labs/**/*.test.ts",
      "test/perf/**/*.test.ts",
    ],
    testTimeout: 60_000,
    pool: "threads",
  },
});
