/**
 * The page's flame graph viewer, loaded on demand (dynamic import from flamegraph-button.ts, so
 * d3 never weighs on lessons that don't open it). A dialog reads a guest file through
 * GuestInspect.readFile and shows it:
 *  - folded stacks (`a;b;c 42`, stackcollapse-perf.pl output): parsed by the guest's own
 *    parseFolded, drawn by d3-flame-graph — click a frame to zoom, search box highlights matches,
 *    hover shows counts and percentages, Reset zoom;
 *  - `perf script` text (what the real-kernel guest can produce: it has no Perl): collapsed in
 *    the page by the guest tools' collapse.ts, then drawn the same way;
 *  - an SVG (flamegraph.pl output): shown as an <img> from a Blob URL, so nothing in it can run
 *    script or reach the page, with "Open as interactive" when FILE.folded sits beside it.
 */
import flamegraph, { type FlameDatum, type FlameGraph, type FlameHierarchyNode } from "d3-flame-graph";
import { select } from "d3-selection";
import type { GuestInspect } from "../../emulator/guest/guest";
import { detectFlameFormat, type FlameStacks, flameStacks } from "../../emulator/tools/flamegraph/detect";
import type { FlameNode } from "../../emulator/tools/flamegraph/folded";
import "../styles/flamegraph.css";

interface Datum extends FlameDatum {
  children?: Datum[];
}

interface Viewer {
  readonly dialog: HTMLDialogElement;
  readonly form: HTMLFormElement;
  readonly pathInput: HTMLInputElement;
  readonly tools: HTMLElement;
  readonly search: HTMLInputElement;
  readonly details: HTMLElement;
  readonly message: HTMLElement;
  readonly chart: HTMLElement;
  readonly svgBox: HTMLElement;
  readonly tip: HTMLElement;
  inspect: GuestInspect | null;
  graph: FlameGraph<Datum> | null;
  blobUrl: string | null;
}

let viewer: Viewer | null = null;

/** Open the dialog; with a path, load it at once (flameview), else let the learner type one. */
export async function openFlameViewer(inspect: GuestInspect, path: string, load: boolean): Promise<void> {
  const v = (viewer ??= buildViewer());
  v.inspect = inspect;
  v.pathInput.value = path;
  if (!v.dialog.open) v.dialog.showModal();
  if (load) await loadPath(v, path);
  else v.pathInput.select();
}

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  text = "",
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, val] of Object.entries(attrs)) e.setAttribute(k, val);
  if (text) e.textContent = text;
  return e;
}

function buildViewer(): Viewer {
  const dialog = el("dialog", { class: "flameview", "aria-label": "Flame graph viewer" });
  const form = el("form", { class: "flameview-open" });
  const pathInput = el("input", {
    type: "text",
    name: "path",
    spellcheck: "false",
    "aria-label": "Guest file (folded stacks, perf script output or SVG)",
    placeholder: "/root/out.folded",
  });
  const close = el("button", { type: "button", class: "btn btn-quiet", "data-action": "close" }, "Close");
  form.append(
    el("label", {}, "Guest file"),
    pathInput,
    el("button", { type: "submit", class: "btn btn-primary" }, "Open"),
    close,
  );
  const tools = el("div", { class: "flameview-tools" });
  const search = el("input", {
    type: "search",
    name: "search",
    placeholder: "Search frames",
    "aria-label": "Search frames",
  });
  const reset = el("button", { type: "button", class: "btn", "data-action": "reset-zoom" }, "Reset zoom");
  const details = el("span", { class: "flameview-details", "aria-live": "polite" });
  tools.append(search, reset, details);
  tools.hidden = true;
  const message = el("p", { class: "flameview-message", role: "status" });
  const chart = el("div", { class: "flameview-chart" });
  const svgBox = el("div", { class: "flameview-svg" });
  const tip = el("div", { class: "flameview-tip", role: "tooltip" });
  tip.hidden = true;
  dialog.append(form, tools, message, chart, svgBox, tip);
  document.body.append(dialog);

  const v: Viewer = {
    dialog,
    form,
    pathInput,
    tools,
    search,
    details,
    message,
    chart,
    svgBox,
    tip,
    inspect: null,
    graph: null,
    blobUrl: null,
  };
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void loadPath(v, pathInput.value.trim());
  });
  close.addEventListener("click", () => dialog.close());
  // A click on the backdrop (the dialog box itself, outside its content) closes it too.
  dialog.addEventListener("click", (event) => {
    if (event.target === dialog) dialog.close();
  });
  search.addEventListener("input", () => {
    const term = search.value.trim();
    if (!v.graph) return;
    if (term) v.graph.search(term);
    else {
      v.graph.clear();
      details.textContent = "";
    }
  });
  reset.addEventListener("click", () => v.graph?.resetZoom());
  return v;
}

function clearView(v: Viewer): void {
  v.graph?.destroy();
  v.graph = null;
  v.chart.replaceChildren();
  v.svgBox.replaceChildren();
  if (v.blobUrl) URL.revokeObjectURL(v.blobUrl);
  v.blobUrl = null;
  v.tools.hidden = true;
  v.tip.hidden = true;
  v.search.value = "";
  v.details.textContent = "";
  v.message.textContent = "";
  v.dialog.dataset.kind = "";
  v.dialog.dataset.format = "";
}

async function loadPath(v: Viewer, path: string): Promise<void> {
  clearView(v);
  if (!path) {
    v.message.textContent = "Type the path of a file in the guest.";
    return;
  }
  if (!v.inspect) {
    v.message.textContent = "The terminal has no machine (press Reset).";
    return;
  }
  v.pathInput.value = path;
  const text = await v.inspect.readFile(path);
  if (text === null) {
    v.message.textContent = `${path}: no such file in the guest.`;
    return;
  }
  const format = detectFlameFormat(text);
  if (format === "svg") {
    await showSvg(v, path, text);
    return;
  }
  if (format === "perf-data") {
    const name = path.split("/").pop();
    v.message.textContent = `${path} is a binary perf.data file. Decode it first: perf script -i ${name} > out.perf, then open out.perf.`;
    return;
  }
  const stacks = flameStacks(text, format);
  if (!stacks || stacks.root.value === 0) {
    v.message.textContent = `${path}: no stacks found (expected folded lines such as "main;foo;bar 42", as stackcollapse-perf.pl prints, or the output of perf script).`;
    return;
  }
  showFolded(v, path, stacks);
}

/** The folded file flamegraph.pl probably drew this SVG from: same name, .folded instead of .svg. */
function foldedSibling(path: string): string | null {
  return /\.svg$/i.test(path) ? path.replace(/\.svg$/i, ".folded") : null;
}

async function showSvg(v: Viewer, path: string, text: string): Promise<void> {
  v.dialog.dataset.kind = "svg";
  v.blobUrl = URL.createObjectURL(new Blob([text], { type: "image/svg+xml" }));
  const img = el("img", { src: v.blobUrl, alt: `Flame graph ${path}` });
  v.svgBox.append(img);
  v.message.textContent = `${path} (static SVG; hover titles and zoom need the folded stacks)`;
  const sibling = foldedSibling(path);
  if (sibling && v.inspect && (await v.inspect.readFile(sibling)) !== null) {
    const open = el("button", { type: "button", class: "btn", "data-action": "open-interactive" });
    open.textContent = `Open ${sibling.split("/").pop()} as interactive`;
    open.addEventListener("click", () => void loadPath(v, sibling));
    v.message.append(" ", open);
  }
}

function toDatum(n: FlameNode): Datum {
  const d: Datum = { name: n.name, value: n.value };
  if (n.children.size) d.children = [...n.children.values()].map(toDatum);
  return d;
}

const pct = (part: number, whole: number) => `${whole ? ((100 * part) / whole).toFixed(2) : "0.00"}%`;

/** What the status line says about where the stacks came from. */
function origin(stacks: FlameStacks): string {
  if (stacks.format === "folded") return "";
  const note = " from perf script output, collapsed in the page";
  return stacks.withCallchain === 0 ? `${note} (no call chains: record with perf record -g)` : note;
}

function showFolded(v: Viewer, path: string, stacks: FlameStacks): void {
  const root = stacks.root;
  // "folded" styles the chart (flamegraph.css); data-format tells which text it was drawn from.
  v.dialog.dataset.kind = "folded";
  v.dialog.dataset.format = stacks.format;
  v.tools.hidden = false;
  const total = root.value;
  const frames = (node: FlameHierarchyNode<Datum>) => node.data.value;
  const describe = (node: FlameHierarchyNode<Datum>) => {
    const parent = node.parent
      ? `, ${pct(frames(node), node.parent.data.value)} of ${node.parent.data.name}`
      : "";
    return `${node.data.name}: ${frames(node).toLocaleString("en-US")} samples, ${pct(frames(node), total)} of all${parent}`;
  };
  const tip = v.tip;
  const tooltip = Object.assign((_selection: unknown) => {}, {
    show(event: MouseEvent, node: FlameHierarchyNode<Datum>) {
      tip.textContent = describe(node);
      tip.hidden = false;
      const box = v.dialog.getBoundingClientRect();
      const x = Math.min(event.clientX - box.left + 12, box.width - tip.offsetWidth - 8);
      tip.style.left = `${Math.max(4, x)}px`;
      tip.style.top = `${event.clientY - box.top + v.dialog.scrollTop + 14}px`;
    },
    hide() {
      tip.hidden = true;
    },
  });
  const width = Math.max(320, v.chart.clientWidth - 4);
  const graph = flamegraph<Datum>()
    .width(width)
    .cellHeight(18)
    .transitionDuration(250)
    .minFrameSize(1)
    // flamegraph.pl order: siblings alphabetical (the x axis is not time).
    .sort(true)
    .title("")
    .tooltip(tooltip)
    .label(describe)
    // Plain case-insensitive substring: the search box is not a regular expression.
    .setSearchMatch((node, term) => node.data.name.toLowerCase().includes(term.toLowerCase()))
    .setSearchHandler((results, sum, all) => {
      v.details.textContent = `search: ${results.length} frame${results.length === 1 ? "" : "s"}, ${sum.toLocaleString("en-US")} of ${all.toLocaleString("en-US")} samples (${pct(sum, all)})`;
    });
  v.message.textContent = `${path}: ${total.toLocaleString("en-US")} samples${origin(stacks)}. Click a frame to zoom, hover for counts.`;
  select<HTMLElement, Datum>(v.chart).datum(toDatum(root)).call(graph);
  v.graph = graph;
}
