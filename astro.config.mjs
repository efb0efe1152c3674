// @ts-check
/**
 * kdebug-lab site: static Astro build with sources in site/ and MDX lessons in content/.
 * Build with ASTRO_TELEMETRY_DISABLED=1 (scripts set it). The output works from any static
 * host and sub-path (relative URLs, see site/integrations/static-host.ts) without special
 * headers: no SharedArrayBuffer, no COOP/COEP.
 */
import { fileURLToPath } from "node:url";
import mdx from "@astrojs/mdx";
import { defineConfig } from "astro/config";
import remarkRunnable from "./site/integrations/remark-runnable";
import { sessionTransformer } from "./site/integrations/shiki-session";
import staticHost from "./site/integrations/static-host";

process.env.ASTRO_TELEMETRY_DISABLED = "1";

export default defineConfig({
  srcDir: "./site",
  publicDir: "./public",
  outDir: "./dist",
  output: "static",
  trailingSlash: "always",
  build: { format: "directory" },
  devToolbar: { enabled: false },
  markdown: {
    remarkPlugins: [remarkRunnable],
    shikiConfig: {
      themes: { light: "github-light", dark: "github-dark" },
      wrap: false,
      transformers: [sessionTransformer()],
    },
  },
  integrations: [mdx(), staticHost()],
  vite: {
    resolve: {
      alias: [
        // just-bash's browser bundle imports gzipSync/gunzipSync/constants from node:zlib.
        {
          find: /^node:zlib$/,
          replacement: fileURLToPath(new URL("./site/lib/node-zlib.ts", import.meta.url)),
        },
        // The browser bundle lacks a few exports of the Node one that emulator/shell uses.
        {
          find: /^just-bash$/,
          replacement: fileURLToPath(new URL("./site/lib/just-bash-browser.ts", import.meta.url)),
        },
      ],
    },
    worker: { format: "es" },
    // Pre-bundle the worker's dependencies up front: found lazily, they make `astro dev` reload the page.
    optimizeDeps: { include: ["buffer", "just-bash/browser", "@xterm/xterm", "@xterm/addon-fit", "zod"] },
    build: { chunkSizeWarningLimit: 2000 },
    experimental: {
      // URLs that JS and CSS use for other built files (the worker, fonts) are relative to the
      // importing file, so the site can live at any path.
      renderBuiltUrl(_filename, { hostType }) {
        return hostType === "js" || hostType === "css" ? { relative: true } : undefined;
      },
    },
  },
});
