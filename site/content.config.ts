/**
 * Lessons are MDX files in the top-level content/ folder, one folder per lab:
 * content/<lab-id>/<nn>-<slug>.mdx. Frontmatter is validated here (zod, via astro:content);
 * the lab id is checked against labs/index.ts when pages are built (site/lib/lessons.ts).
 */

import { defineCollection, z } from "astro:content";
import { glob } from "astro/loaders";

const lessons = defineCollection({
  loader: glob({ pattern: "**/*.mdx", base: "./content" }),
  schema: z
    .object({
      title: z.string().min(1),
      /** Id of the lab (labs/index.ts) whose machine the lesson's terminal runs. */
      lab: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
      /** Position within the lab; the lowest is the lab's landing page /labs/<lab>/. */
      order: z.number().int().nonnegative(),
      /** URL segment for lessons after the first; defaults to the file name without its number prefix. */
      slug: z
        .string()
        .regex(/^[a-z0-9][a-z0-9-]*$/)
        .optional(),
      /** One line for the lab's table of contents. */
      summary: z.string().optional(),
      draft: z.boolean().default(false),
    })
    .strict(),
});

export const collections = { lessons };
