import { gunzipSync as nodeGunzip, gzipSync as nodeGzip } from "node:zlib";
import { describe, expect, it } from "vitest";
import { cacheUrlFor, prefixFor, relativizeHtml } from "../../site/integrations/static-host";
import { serviceWorkerSource } from "../../site/integrations/sw-source";
import { renderMiniMarkdown } from "../../site/lib/mini-markdown";
import { constants, gunzipSync, gzipSync } from "../../site/lib/node-zlib";

describe("relative URLs for static hosting", () => {
  it("rewrites root-absolute attributes relative to the page", () => {
    const html =
      '<html data-site-root="/"><link href="/_astro/a.css"><script type="module" src="/_astro/b.js"></script>' +
      '<a href="/labs/setup/">x</a><a href="//cdn.example/x">y</a><a href="https://e.org/">z</a>' +
      '<main data-lab-config="{&#34;cwd&#34;:&#34;/root&#34;}"></main><script type="module">import "/_astro/c.js";</script>';
    const out = relativizeHtml(html, "labs/setup/index.html");
    expect(out).toContain('data-site-root="../../"');
    expect(out).toContain('href="../../_astro/a.css"');
    expect(out).toContain('src="../../_astro/b.js"');
    expect(out).toContain('href="../../labs/setup/"');
    expect(out).toContain('href="//cdn.example/x"');
    expect(out).toContain('href="https://e.org/"');
    expect(out).toContain("&#34;/root&#34;"); // data, not a URL: untouched
    expect(out).toContain('import "../../_astro/c.js"');
    expect(prefixFor("index.html")).toBe("./");
  });

  it("names cached pages by folder", () => {
    expect(cacheUrlFor("index.html")).toBe("./");
    expect(cacheUrlFor("labs/setup/index.html")).toBe("labs/setup/");
    expect(cacheUrlFor("_astro/x.js")).toBe("_astro/x.js");
  });

  it("writes a service worker that parses and names its cache after the build", () => {
    const source = serviceWorkerSource("abc123", ["./", "_astro/x.js"]);
    expect(() => new Function(source)).not.toThrow(); // syntax check of generated code, not learner input
    expect(source).toContain('const VERSION = "abc123"');
    expect(source).toContain('["./","_astro/x.js"]');
  });
});

describe("node:zlib stand-in (fflate)", () => {
  const text = "crash> bt\n".repeat(1000);
  it("is compatible with Node's zlib both ways", () => {
    const ours = gzipSync(text, { level: constants.Z_BEST_COMPRESSION });
    expect(nodeGunzip(ours).toString()).toBe(text);
    expect(new TextDecoder().decode(gunzipSync(nodeGzip(text)))).toBe(text);
    expect(gzipSync(text)).toEqual(gzipSync(text)); // mtime 0: deterministic
  });
  it("enforces maxOutputLength like Node", () => {
    expect(() => gunzipSync(nodeGzip(text), { maxOutputLength: 100 })).toThrow(RangeError);
  });
});

describe("mini markdown", () => {
  it("renders code, emphasis and safe links, escaping HTML", () => {
    expect(renderMiniMarkdown("Run `uname -r` **now** <b>")).toBe(
      "<p>Run <code>uname -r</code> <strong>now</strong> &#60;b&#62;</p>",
    );
    expect(renderMiniMarkdown("a *b* _c_ snake_case_name")).toBe(
      "<p>a <em>b</em> <em>c</em> snake_case_name</p>",
    );
    expect(renderMiniMarkdown("[x](javascript:alert) [y](https://e.org)")).toBe(
      '<p>x <a href="https://e.org">y</a></p>',
    );
    expect(renderMiniMarkdown("one\n\ntwo")).toBe("<p>one</p>\n<p>two</p>");
  });
});

describe("just-bash browser shim", () => {
  it("parses, serializes and decodes exactly like just-bash's Node bundle", async () => {
    const shim = await import("../../site/lib/just-bash-browser");
    const node = await import("just-bash");
    const scripts = [
      "echo hi | grep h > /tmp/x && ls",
      "for i in $(seq 3); do echo $((i*2)); done",
      "crash vmlinux vmcore <<EOF\nbt\nEOF",
      "a=1; f() { echo \"$1\"; }; f 'x y' 2>&1 | awk '{print $1 % 97}'",
    ];
    for (const script of scripts) {
      expect(shim.parse(script)).toEqual(node.parse(script));
      expect(shim.serialize(node.parse(script))).toBe(node.serialize(node.parse(script)));
    }
    for (const text of ["plain ascii", "déjà vu ✓", "\xff\xfe binary"]) {
      const bytes = text.startsWith("\xff") ? text : Buffer.from(text, "utf8").toString("latin1");
      // biome-ignore lint/suspicious/noExplicitAny: ByteString is an opaque type
      expect(shim.decodeBytesToUtf8(bytes)).toBe(node.decodeBytesToUtf8(bytes as any));
    }
  });
});
