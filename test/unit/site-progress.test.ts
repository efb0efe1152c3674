import { describe, expect, it } from "vitest";
import {
  CORRUPT_KEY,
  emptyProgress,
  exportProgress,
  loadProgress,
  markSolved,
  mergeProgress,
  PROGRESS_KEY,
  parseProgress,
  type StorageLike,
  saveProgress,
  setHints,
} from "../../site/lib/progress";

function memoryStorage(initial: Record<string, string> = {}): StorageLike & { data: Map<string, string> } {
  const data = new Map(Object.entries(initial));
  return {
    data,
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => void data.set(k, v),
    removeItem: (k) => void data.delete(k),
  };
}

describe("progress storage", () => {
  it("round-trips through storage", () => {
    const storage = memoryStorage();
    expect(loadProgress(storage)).toEqual({ progress: emptyProgress() });
    const solved = markSolved(emptyProgress(), "setup/cpu-count", "0x10", new Date("2026-01-02T03:04:05Z"));
    expect(saveProgress(storage, setHints(solved, "setup/cpu-count", 2))).toBe(true);
    const loaded = loadProgress(storage);
    expect(loaded.notice).toBeUndefined();
    expect(loaded.progress.tasks["setup/cpu-count"]).toEqual({
      solvedAt: "2026-01-02T03:04:05.000Z",
      answer: "0x10",
    });
    expect(loaded.progress.hints["setup/cpu-count"]).toBe(2);
  });

  it("resets corrupt data with a notice and keeps the old text aside", () => {
    for (const bad of [
      "{not json",
      '{"version":2,"tasks":{}}',
      '{"version":1,"tasks":{"a":{"solvedAt":"yesterday"}}}',
      "null",
    ]) {
      const storage = memoryStorage({ [PROGRESS_KEY]: bad });
      const loaded = loadProgress(storage);
      expect(loaded.progress, bad).toEqual(emptyProgress());
      expect(loaded.notice, bad).toMatch(/reset/);
      expect(storage.data.get(CORRUPT_KEY)).toBe(bad);
      expect(loadProgress(storage).notice).toBeUndefined();
    }
  });

  it("survives a storage that throws", () => {
    const blocked: StorageLike = {
      getItem: () => {
        throw new Error("SecurityError");
      },
      setItem: () => {
        throw new Error("QuotaExceeded");
      },
      removeItem: () => {},
    };
    expect(loadProgress(blocked).notice).toMatch(/blocked/);
    expect(saveProgress(blocked, emptyProgress())).toBe(false);
  });

  it("keeps the first solve and never lowers revealed hints", () => {
    const first = markSolved(emptyProgress(), "a/b", "1", new Date("2026-01-01T00:00:00Z"));
    expect(markSolved(first, "a/b", "2")).toBe(first);
    expect(setHints(setHints(first, "a/b", 2), "a/b", 1).hints["a/b"]).toBe(2);
  });

  it("exports a document that imports back, merging with the current progress", () => {
    const mine = markSolved(emptyProgress(), "a/one", undefined, new Date("2026-03-01T00:00:00Z"));
    const theirs = markSolved(
      markSolved(emptyProgress(), "a/one", undefined, new Date("2026-02-01T00:00:00Z")),
      "a/two",
      "x",
      new Date("2026-02-02T00:00:00Z"),
    );
    const merged = mergeProgress(mine, parseProgress(exportProgress(theirs)));
    expect(Object.keys(merged.tasks).sort()).toEqual(["a/one", "a/two"]);
    expect(merged.tasks["a/one"].solvedAt).toBe("2026-02-01T00:00:00.000Z");
    expect(() => parseProgress('{"hello":1}')).toThrow(/not kdebug-lab progress/);
    expect(() => parseProgress("]")).toThrow(/not JSON/);
  });
});
