/**
 * A flame graph as a self-contained SVG: the root ("all") at the bottom, each frame a rect as
 * wide as its sample count (width = count / total * drawable width), children sorted by name
 * left to right (a flame graph's x axis is alphabetical, not time), a <title> on each frame
 * with its count and share. Colours come from a hash of the name, so the same input always
 * gives the same bytes. No script: the page-side viewer will add zoom and search.
 */
import type { FlameNode } from "./folded";

export interface SvgOptions {
  readonly title?: string;
  readonly width?: number;
  readonly frameHeight?: number;
  readonly fontSize?: number;
  /** Frames narrower than this many pixels are left out (their samples stay in the parent). */
  readonly minWidth?: number;
  /** "samples" by default (countname). */
  readonly countName?: string;
  /** --colors: hot (default), mem, io, red, green, blue, aqua, yellow, purple, orange, java, js, perl. */
  readonly palette?: string;
  /** --bgcolors: yellow (default), blue, green, grey, or a #rrggbb colour. */
  readonly background?: string;
  /** --hash: colours from the function name only (the same name, the same colour). */
  readonly hashByName?: boolean;
  /** --inverted: an icicle graph, root at the top. */
  readonly inverted?: boolean;
  readonly subtitle?: string;
}

export const PALETTES = [
  "hot",
  "mem",
  "io",
  "wakeup",
  "chain",
  "red",
  "green",
  "blue",
  "aqua",
  "yellow",
  "purple",
  "orange",
  "java",
  "js",
  "perl",
];
export const BACKGROUNDS: Readonly<Record<string, string>> = {
  yellow: "#f8f8f8",
  blue: "#eeeeff",
  green: "#eef8ee",
  grey: "#f8f8f8",
};

export function escapeXml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * A frame's colour: three variables from the name's hash (or the hash of the bare name with
 * --hash) placed in the palette's range, so the same input always gives the same bytes.
 */
function colour(name: string, palette = "hot", byName = false): string {
  const h = hash(byName ? name.replace(/_\[[kjil]\]$/, "") : name);
  const v1 = (h % 1000) / 1000;
  const v2 = ((h >>> 10) % 1000) / 1000;
  const v3 = ((h >>> 20) % 1000) / 1000;
  const rgb = (r: number, g: number, b: number) => `rgb(${Math.round(r)},${Math.round(g)},${Math.round(b)})`;
  // Language palettes: colour by the frame's annotation (kernel, JIT, inlined) or its kind.
  let p = palette;
  if (p === "java" || p === "js" || p === "perl") {
    if (name.endsWith("_[k]")) p = "orange";
    else if (name.endsWith("_[j]") || name.includes("::") || name.includes(".")) p = "green";
    else if (name.endsWith("_[i]")) p = "aqua";
    else p = p === "perl" ? "yellow" : "red";
  }
  switch (p) {
    case "mem":
      return rgb(0, 190 + 50 * v2, 210 * v1);
    case "io":
    case "wakeup":
    case "chain":
    case "blue": {
      const r = 80 + 60 * v1;
      return rgb(r, r, 190 + 55 * v2);
    }
    case "red": {
      const o = 50 + 80 * v1;
      return rgb(200 + 55 * v1, o, o);
    }
    case "green": {
      const o = 50 + 60 * v1;
      return rgb(o, 200 + 55 * v1, o);
    }
    case "aqua": {
      const g = 165 + 55 * v1;
      return rgb(50 + 60 * v1, g, g);
    }
    case "yellow": {
      const r = 175 + 55 * v1;
      return rgb(r, r, 50 + 20 * v1);
    }
    case "purple": {
      const r = 190 + 65 * v1;
      return rgb(r, 80 + 60 * v1, r);
    }
    case "orange":
      return rgb(190 + 65 * v1, 90 + 65 * v1, 0);
    default:
      return rgb(205 + 50 * v3, 230 * v1, 55 * v2);
  }
}

function depthOf(n: FlameNode): number {
  let d = 0;
  for (const c of n.children.values()) d = Math.max(d, depthOf(c));
  return d + 1;
}

const fmt = (x: number) => (Math.round(x * 100) / 100).toString();

export function renderFlameGraph(root: FlameNode, opts: SvgOptions = {}): string {
  const width = opts.width ?? 1200;
  const fh = opts.frameHeight ?? 16;
  const font = opts.fontSize ?? 12;
  const minWidth = opts.minWidth ?? 0.1;
  const countName = opts.countName ?? "samples";
  const pad = 10;
  const top = font * 3 + (opts.subtitle ? font + 4 : 0);
  const bottom = font * 2 + 10;
  const depth = root.value > 0 ? depthOf(root) : 1;
  const height = top + depth * fh + bottom;
  const drawable = width - 2 * pad;
  const perSample = root.value > 0 ? drawable / root.value : 0;
  const out: string[] = [];
  out.push(
    '<?xml version="1.0" standalone="no"?>',
    `<svg version="1.1" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" xmlns="http://www.w3.org/2000/svg">`,
    `<rect x="0" y="0" width="${width}" height="${height}" fill="${BACKGROUNDS[opts.background ?? (opts.palette === "mem" ? "green" : opts.palette === "io" || opts.palette === "wakeup" ? "blue" : "yellow")] ?? opts.background}"/>`,
    `<text x="${width / 2}" y="${font * 2}" text-anchor="middle" font-family="Verdana" font-size="${font + 5}">${escapeXml(opts.title ?? (opts.inverted ? "Icicle Graph" : "Flame Graph"))}</text>`,
  );
  if (opts.subtitle)
    out.push(
      `<text x="${width / 2}" y="${font * 3}" text-anchor="middle" font-family="Verdana" font-size="${font}" fill="#a0a0a0">${escapeXml(opts.subtitle)}</text>`,
    );
  const charW = font * 0.59;
  const draw = (n: FlameNode, x: number, level: number) => {
    const w = n.value * perSample;
    if (w < minWidth) return;
    const y = opts.inverted ? top + level * fh : height - bottom - (level + 1) * fh;
    const pct = root.value ? (n.value / root.value) * 100 : 0;
    const label = `${n.name} (${n.value.toLocaleString("en-US")} ${countName}, ${pct.toFixed(2)}%)`;
    out.push(
      `<g><title>${escapeXml(label)}</title>` +
        `<rect x="${fmt(x)}" y="${y}" width="${fmt(w)}" height="${fh - 1}" fill="${level === 0 ? "rgb(240,130,80)" : colour(n.name, opts.palette, opts.hashByName)}" rx="2" ry="2" data-count="${n.value}"/>`,
    );
    const fit = Math.floor((w - 6) / charW);
    if (fit >= 3) {
      const text = n.name.length <= fit ? n.name : `${n.name.slice(0, fit - 2)}..`;
      out.push(
        `<text x="${fmt(x + 3)}" y="${y + fh - 5}" font-family="Verdana" font-size="${font}">${escapeXml(text)}</text>`,
      );
    }
    out.push("</g>");
    let cx = x;
    for (const c of [...n.children.values()].sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    )) {
      draw(c, cx, level + 1);
      cx += c.value * perSample;
    }
  };
  if (root.value > 0) draw(root, pad, 0);
  else
    out.push(
      `<text x="${width / 2}" y="${top + fh}" text-anchor="middle" font-family="Verdana" font-size="${font}">ERROR: No valid input provided</text>`,
    );
  out.push("</svg>", "");
  return out.join("\n");
}
