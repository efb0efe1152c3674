/**
 * Lessons and labs agree: every lesson in content/ names a registered lab (otherwise the site
 * leaves it out), every <Task id="..."/> it places exists in that lab, and every task is placed.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { getLab } from "../../labs/index";

const contentDir = join(__dirname, "..", "..", "content");

const lessons = readdirSync(contentDir, { recursive: true, encoding: "utf8" })
  .filter((f) => f.endsWith(".mdx"))
  .map((file) => {
    const text = readFileSync(join(contentDir, file), "utf8");
    const front = /^---\n([\s\S]*?)\n---/.exec(text)?.[1] ?? "";
    const lab = /^lab:\s*["']?([\w-]+)["']?\s*$/m.exec(front)?.[1] ?? "";
    const draft = /^draft:\s*true\s*$/m.test(front);
    const tasks = [...text.matchAll(/<Task\s+id="([^"]+)"(?:\s+lab="([^"]+)")?/g)].map((m) => ({
      id: m[1],
      lab: m[2] ?? lab,
    }));
    return { file, lab, draft, tasks };
  })
  .filter((lesson) => !lesson.draft);

describe("content/ lessons", () => {
  it("exist", () => {
    expect(lessons.some((l) => l.lab === "setup")).toBe(true);
  });

  it("name labs registered in labs/index.ts (the site leaves the others out)", () => {
    const missing = [...new Set(lessons.filter((l) => !getLab(l.lab)).map((l) => l.lab))];
    expect(missing, `unregistered labs: ${missing.join(", ")}`).toEqual([]);
  });

  it("place only tasks their lab defines", () => {
    const unknown = lessons.flatMap((lesson) =>
      lesson.tasks
        .filter((task) => getLab(task.lab) && !getLab(task.lab)?.tasks.some((t) => t.id === task.id))
        .map((task) => `${lesson.file}: <Task id="${task.id}"/>`),
    );
    expect(unknown).toEqual([]);
  });

  it("place every task of a lab that has lessons (a task no lesson shows cannot be done)", async () => {
    const { labs } = await import("../../labs/index");
    const placed = new Set(lessons.flatMap((l) => l.tasks.map((t) => `${t.lab}/${t.id}`)));
    const withLessons = new Set(lessons.map((l) => l.lab));
    const orphans = labs
      .filter((lab) => withLessons.has(lab.id))
      .flatMap((lab) => lab.tasks.map((t) => `${lab.id}/${t.id}`))
      .filter((id) => !placed.has(id));
    expect(orphans).toEqual([]);
  });
});
