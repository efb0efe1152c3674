/**
 * Astro integration that makes dist/ work from any static host, at any sub-path, and offline:
 *  1. rewrites root-absolute URLs in the built HTML ("/_astro/x.js", "/labs/setup/") into
 *     relative ones ("../../_astro/x.js"), so the site can be served from /whatever/;
 *  2. writes dist/sw.js, a service worker whose versioned cache holds every built file
 *     (except public/v86/ disk images, cached only once fetched).
 * JS-side asset URLs are made relative by Vite (renderBuiltUrl in astro.config.mjs).
 */
import { createHash } from "node:crypto";
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import type { AstroIntegration } from "astro";
import { serviceWorkerSource } from "./sw-source";

/** Attributes whose value is a URL (plus our data-site-root, the root of the site for scripts). */
const URL_ATTRS = /(\s(?:href|src|action|data-site-root)=)(["'])\/(?!\/)/g;
/** Module imports inside inline scripts: import "/_astro/..." / from "/_astro/...". */
const INLINE_IMPORT = /((?:from|import)\s*\(?\s*)(["'])\/_astro\//g;

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(full)));
    else out.push(full);
  }
  return out;
}

/** "labs/setup/index.html" → "../../"; "index.html" → "./". */
export function prefixFor(htmlPath: string): string {
  const depth = htmlPath.split("/").length - 1;
  return depth === 0 ? "./" : "../".repeat(depth);
}

/** Root-absolute URLs of one HTML file made relative to that file. */
export function relativizeHtml(html: string, htmlPath: string): string {
  const prefix = prefixFor(htmlPath);
  return html
    .replace(URL_ATTRS, (_m, attr: string, quote: string) => `${attr}${quote}${prefix}`)
    .replace(INLINE_IMPORT, (_m, head: string, quote: string) => `${head}${quote}${prefix}_astro/`);
}

/** The URL (relative to the site root) a file is requested by: index.html files by their folder. */
export function cacheUrlFor(path: string): string {
  if (path === "index.html") return "./";
  if (path.endsWith("/index.html")) return path.slice(0, -"index.html".length);
  return path;
}

export default function staticHost(): AstroIntegration {
  return {
    name: "kdebug-static-host",
    hooks: {
      "astro:build:done": async ({ dir, logger }) => {
        const root = fileURLToPath(dir);
        const files = (await listFiles(root)).map((f) => relative(root, f).split(sep).join("/")).sort();
        let rewritten = 0;
        for (const path of files.filter((f) => f.endsWith(".html"))) {
          const full = join(root, path);
          const before = await readFile(full, "utf8");
          const after = relativizeHtml(before, path);
          if (after !== before) {
            await writeFile(full, after);
            rewritten += 1;
          }
        }
        const precache = files.filter((f) => f !== "sw.js" && !f.startsWith("v86/") && !f.endsWith(".map"));
        const hash = createHash("sha256");
        for (const path of precache) {
          hash.update(path);
          hash.update(await readFile(join(root, path)));
        }
        const version = hash.digest("hex").slice(0, 12);
        await writeFile(join(root, "sw.js"), serviceWorkerSource(version, precache.map(cacheUrlFor)));
        logger.info(
          `relative URLs in ${rewritten} HTML files; sw.js caches ${precache.length} files (v ${version})`,
        );
      },
    },
  };
}
