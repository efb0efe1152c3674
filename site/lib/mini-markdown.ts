/**
 * Markdown for task prompts and hints, rendered at build time: paragraphs (blank-line
 * separated), `code`, **strong**, *em* or _em_, and [links](url). Everything else is text,
 * HTML-escaped. Small on purpose — prompts are one or two sentences.
 */

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const SAFE_URL = /^(?:https?:\/\/|\.{0,2}\/|#)/;

function inline(text: string): string {
  // Split out code spans first so their content is not formatted.
  return text
    .split(/(`[^`]+`)/)
    .map((part) => {
      if (part.startsWith("`") && part.endsWith("`") && part.length > 1) {
        return `<code>${escapeHtml(part.slice(1, -1))}</code>`;
      }
      return escapeHtml(part)
        .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (_m, label: string, url: string) =>
          SAFE_URL.test(url) ? `<a href="${url}">${label}</a>` : label,
        )
        .replace(/\*\*([^*]+)\*\*/g, "<strong>$1</strong>")
        .replace(/(^|[^\w*])\*([^*\s][^*]*)\*(?!\w)/g, "$1<em>$2</em>")
        .replace(/(^|[^\w])_([^_\s][^_]*)_(?!\w)/g, "$1<em>$2</em>");
    })
    .join("");
}

/** Block-level: paragraphs only. */
export function renderMiniMarkdown(text: string): string {
  return text
    .trim()
    .split(/\n\s*\n/)
    .map((para) => `<p>${inline(para.replace(/\s*\n\s*/g, " "))}</p>`)
    .join("\n");
}
