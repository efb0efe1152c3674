/**
 * Build-time view of the lessons: grouped by lab, ordered, each with its URL. The first
 * lesson of a lab lives at /labs/<lab>/, the others at /labs/<lab>/<slug>/.
 */
import { type CollectionEntry, getCollection } from "astro:content";
import { getLab, labs } from "../../labs/index";
import type { Lab } from "../../labs/schema";

export type LessonEntry = CollectionEntry<"lessons">;

export interface LessonInfo {
  readonly entry: LessonEntry;
  readonly lab: Lab;
  readonly slug: string;
  /** Site-absolute path with trailing slash; the build makes it relative in the HTML. */
  readonly path: string;
  readonly title: string;
  readonly index: number;
}

export interface LabLessons {
  readonly lab: Lab;
  readonly lessons: readonly LessonInfo[];
}

/** "setup/01-hands-on-setup" → "hands-on-setup". */
export function slugFromId(id: string): string {
  const base = id.split("/").pop() ?? id;
  return base.replace(/^\d+[-_]/, "");
}

let cache: Promise<readonly LabLessons[]> | undefined;

/** Every lab with its lessons (labs without lessons included, with an empty list). */
export function loadLabLessons(): Promise<readonly LabLessons[]> {
  cache ??= (async () => {
    const all = (await getCollection("lessons")).filter((e) => !e.data.draft);
    // A lesson whose lab is not registered yet (labs/index.ts) is left out with a warning, so
    // lessons can be written before their lab; test/labs/content.test.ts makes CI strict.
    const unknown = [...new Set(all.filter((e) => !getLab(e.data.lab)).map((e) => e.data.lab))];
    if (unknown.length > 0) {
      console.warn(
        `[lessons] skipped lessons of unregistered labs: ${unknown.join(", ")} (known: ${labs.map((l) => l.id).join(", ")})`,
      );
    }
    const entries = all.filter((e) => getLab(e.data.lab));
    return labs.map((lab) => {
      const own = entries
        .filter((e) => e.data.lab === lab.id)
        .sort((a, b) => a.data.order - b.data.order || a.id.localeCompare(b.id));
      const slugs = new Set<string>();
      const lessons = own.map((entry, index): LessonInfo => {
        const slug = entry.data.slug ?? slugFromId(entry.id);
        if (slugs.has(slug)) throw new Error(`lab ${lab.id}: two lessons with slug ${slug}`);
        slugs.add(slug);
        const path = index === 0 ? `/labs/${lab.id}/` : `/labs/${lab.id}/${slug}/`;
        return { entry, lab, slug, path, title: entry.data.title, index };
      });
      return { lab, lessons };
    });
  })();
  return cache;
}
