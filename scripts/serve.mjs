#!/usr/bin/env node
/**
 * Tiny static file server for the built site: `node scripts/serve.mjs [dir]` (default dist/).
 * Port from PORT (default 4321; 0 picks a free one). Serves only files under dir, maps
 * "folder/" to "folder/index.html", redirects "folder" to "folder/", no special headers —
 * like the plainest static host, which is what the site must work on.
 * Also importable: `startServer(dir, port)` resolves { server, url } (used by the e2e tests).
 */
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { createServer } from "node:http";
import { extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".wasm": "application/wasm",
  ".txt": "text/plain; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".bin": "application/octet-stream",
  ".zst": "application/octet-stream",
};

async function fileFor(root, urlPath) {
  let path;
  try {
    path = decodeURIComponent(urlPath);
  } catch {
    return { status: 400 };
  }
  const full = normalize(join(root, path));
  if (full !== root && !full.startsWith(root + sep)) return { status: 403 };
  const info = await stat(full).catch(() => null);
  if (info?.isDirectory()) {
    if (!urlPath.endsWith("/")) return { status: 301, location: `${urlPath}/` };
    const index = join(full, "index.html");
    const indexInfo = await stat(index).catch(() => null);
    return indexInfo?.isFile() ? { status: 200, file: index, size: indexInfo.size } : { status: 404 };
  }
  return info?.isFile() ? { status: 200, file: full, size: info.size } : { status: 404 };
}

export function startServer(dir = "dist", port = Number(process.env.PORT ?? 4321), host = "127.0.0.1") {
  const root = resolve(dir);
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { allow: "GET, HEAD" }).end();
      return;
    }
    const found = await fileFor(root, url.pathname);
    if (found.status === 301) {
      res.writeHead(301, { location: found.location + url.search }).end();
      return;
    }
    if (found.status !== 200) {
      res.writeHead(found.status, { "content-type": "text/plain; charset=utf-8" }).end(`${found.status}\n`);
      return;
    }
    res.writeHead(200, {
      "content-type": TYPES[extname(found.file).toLowerCase()] ?? "application/octet-stream",
      "content-length": found.size,
      "cache-control": "no-cache",
    });
    if (req.method === "HEAD") res.end();
    else createReadStream(found.file).pipe(res);
  });
  return new Promise((resolvePromise, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      const address = server.address();
      const actualPort = typeof address === "object" && address ? address.port : port;
      resolvePromise({ server, url: `http://${host}:${actualPort}/` });
    });
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2] ?? "dist";
  if (!(await stat(resolve(dir)).catch(() => null))) {
    console.error(`serve: ${dir} does not exist (run npm run build first)`);
    process.exit(1);
  }
  const { url } = await startServer(dir).catch((error) => {
    console.error(`serve: ${error.message}`);
    process.exit(1);
  });
  console.log(`kdebug-lab is being served from ${dir}/ at ${url}  (Ctrl-C to stop)`);
}
