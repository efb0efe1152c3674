/**
 * The page's handle on saved progress: loads once, saves on every change, tells listeners,
 * and keeps other tabs in sync through the storage event.
 */
import {
  loadProgress,
  markSolved,
  markVisited,
  PROGRESS_KEY,
  type Progress,
  parseProgress,
  type StorageLike,
  saveProgress,
  setHints,
} from "../lib/progress";
import { showNotice } from "./notice";

function storage(): StorageLike {
  try {
    return window.localStorage;
  } catch {
    // Some privacy modes throw on access: keep progress for this page only.
    const memory = new Map<string, string>();
    return {
      getItem: (k) => memory.get(k) ?? null,
      setItem: (k, v) => void memory.set(k, v),
      removeItem: (k) => void memory.delete(k),
    };
  }
}

const loaded = loadProgress(storage());
let current: Progress = loaded.progress;
if (loaded.notice) showNotice(loaded.notice, "warn");

const listeners = new Set<(progress: Progress) => void>();

function commit(next: Progress): void {
  if (next === current) return;
  current = next;
  if (!saveProgress(storage(), current))
    showNotice("Progress could not be saved (browser storage is full or blocked).", "warn");
  for (const listener of listeners) listener(current);
}

window.addEventListener("storage", (event) => {
  if (event.key !== PROGRESS_KEY || event.newValue === null) return;
  try {
    current = parseProgress(event.newValue);
    for (const listener of listeners) listener(current);
  } catch {
    // another tab wrote something odd; it will be reset on next load
  }
});

export const progressStore = {
  get: (): Progress => current,
  replace: (next: Progress) => commit(next),
  solve: (key: string, answer?: string) => commit(markSolved(current, key, answer)),
  hints: (key: string, shown: number) => commit(setHints(current, key, shown)),
  visit: (key: string) => commit(markVisited(current, key)),
  subscribe(listener: (progress: Progress) => void): () => void {
    listeners.add(listener);
    listener(current);
    return () => listeners.delete(listener);
  },
};
