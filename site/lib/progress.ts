/**
 * Learner progress in localStorage under a versioned key. Corrupt or foreign data never
 * crashes a page: it is set aside (kept under a ".corrupt" key so it can be recovered by
 * hand) and replaced by empty progress, with a notice for the page to show.
 * Pure logic over a Storage-like object, so it is unit-tested in Node.
 */
import { z } from "zod";

export const PROGRESS_KEY = "kdebug-lab:progress:v1";
export const CORRUPT_KEY = `${PROGRESS_KEY}.corrupt`;

const isoDate = z.string().refine((s) => !Number.isNaN(Date.parse(s)), "not a date");

const ProgressSchema = z.object({
  version: z.literal(1),
  /** "<lab>/<task>" → when it was first solved, and the answer that solved it. */
  tasks: z.record(z.object({ solvedAt: isoDate, answer: z.string().max(2000).optional() })),
  /** "<lab>/<task>" → how many hints are revealed. */
  hints: z.record(z.number().int().nonnegative()).default({}),
  /** "<lab>/<lesson-slug>" → last visit. */
  visited: z.record(isoDate).default({}),
});

export type Progress = z.infer<typeof ProgressSchema>;

export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export function emptyProgress(): Progress {
  return { version: 1, tasks: {}, hints: {}, visited: {} };
}

export interface LoadedProgress {
  readonly progress: Progress;
  /** Set when saved data was unreadable and has been reset. */
  readonly notice?: string;
}

/** Parse an exported or stored document; throws an Error with a readable message. */
export function parseProgress(text: string): Progress {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new Error("not JSON");
  }
  const parsed = ProgressSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`not kdebug-lab progress (${issue.path.join(".") || "document"}: ${issue.message})`);
  }
  return parsed.data;
}

export function loadProgress(storage: StorageLike): LoadedProgress {
  let raw: string | null;
  try {
    raw = storage.getItem(PROGRESS_KEY);
  } catch {
    return {
      progress: emptyProgress(),
      notice: "Progress cannot be saved in this browser (storage is blocked).",
    };
  }
  if (raw === null) return { progress: emptyProgress() };
  try {
    return { progress: parseProgress(raw) };
  } catch (error) {
    try {
      storage.setItem(CORRUPT_KEY, raw);
      storage.setItem(PROGRESS_KEY, JSON.stringify(emptyProgress()));
    } catch {
      // storage full or blocked: the notice still tells the learner
    }
    const why = error instanceof Error ? error.message : "unreadable";
    return {
      progress: emptyProgress(),
      notice: `Saved progress was unreadable (${why}) and has been reset. The old data is kept under "${CORRUPT_KEY}".`,
    };
  }
}

export function saveProgress(storage: StorageLike, progress: Progress): boolean {
  try {
    storage.setItem(PROGRESS_KEY, JSON.stringify(progress));
    return true;
  } catch {
    return false;
  }
}

/** First solve wins: re-solving keeps the original date. */
export function markSolved(
  progress: Progress,
  key: string,
  answer: string | undefined,
  now = new Date(),
): Progress {
  if (progress.tasks[key]) return progress;
  const entry =
    answer === undefined ? { solvedAt: now.toISOString() } : { solvedAt: now.toISOString(), answer };
  return { ...progress, tasks: { ...progress.tasks, [key]: entry } };
}

export function setHints(progress: Progress, key: string, shown: number): Progress {
  if ((progress.hints[key] ?? 0) >= shown) return progress;
  return { ...progress, hints: { ...progress.hints, [key]: shown } };
}

export function markVisited(progress: Progress, key: string, now = new Date()): Progress {
  return { ...progress, visited: { ...progress.visited, [key]: now.toISOString() } };
}

export function exportProgress(progress: Progress): string {
  return `${JSON.stringify({ ...progress, exportedAt: new Date().toISOString() }, null, 2)}\n`;
}

/** Merge an imported document into the current progress (solved stays solved, earliest date kept). */
export function mergeProgress(current: Progress, incoming: Progress): Progress {
  const tasks = { ...current.tasks };
  for (const [key, entry] of Object.entries(incoming.tasks)) {
    const mine = tasks[key];
    if (!mine || Date.parse(entry.solvedAt) < Date.parse(mine.solvedAt)) tasks[key] = entry;
  }
  const hints = { ...current.hints };
  for (const [key, n] of Object.entries(incoming.hints)) hints[key] = Math.max(hints[key] ?? 0, n);
  const visited = { ...current.visited };
  for (const [key, at] of Object.entries(incoming.visited)) {
    if (!visited[key] || Date.parse(at) > Date.parse(visited[key])) visited[key] = at;
  }
  return { version: 1, tasks, hints, visited };
}
