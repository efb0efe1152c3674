/**
 * The lesson's "Flame graph" button and the guest's `flameview FILE` requests (OSC 9999, turned
 * into a DOM event by terminal-view.ts). Both open the viewer in flamegraph-view.ts, imported
 * only then: d3 and the viewer stay out of the lesson's start-up JavaScript.
 */
import type { GuestInspect } from "../../emulator/guest/guest";
import { viewableFileOf } from "../../emulator/tools/flamegraph/detect";
import { PAGE_REQUEST_EVENT, type PageRequestDetail, terminalViewOf } from "./terminal-view";

const DEFAULT_PATH = "/root/out.folded";
/** The file the viewer showed last in this page (its path input starts there next time). */
let lastPath: string | null = null;

/** Default for the path box: the last file viewed, else the newest one in the history, else /root/out.folded. */
async function suggestedPath(inspect: GuestInspect): Promise<string> {
  if (lastPath) return lastPath;
  const history = await inspect.history().catch(() => []);
  for (let i = history.length - 1; i >= 0; i--) {
    const name = viewableFileOf(history[i].line);
    if (name) return name;
  }
  return DEFAULT_PATH;
}

async function open(inspect: GuestInspect, path: string | null): Promise<void> {
  const { openFlameViewer } = await import("./flamegraph-view");
  if (path) lastPath = path;
  await openFlameViewer(inspect, path ?? (await suggestedPath(inspect)), path !== null);
}

const button = document.querySelector<HTMLButtonElement>('[data-action="flamegraph"]');
const host = document.querySelector<HTMLElement>("#terminal");

button?.addEventListener("click", () => {
  const inspect = host ? terminalViewOf(host)?.inspect : null;
  if (!inspect) return;
  open(inspect, null).catch((error: unknown) => console.error(error));
});

document.addEventListener(PAGE_REQUEST_EVENT, (event) => {
  const detail = (event as CustomEvent<PageRequestDetail>).detail;
  if (detail.verb !== "flameview") return;
  open(detail.inspect, detail.arg).catch((error: unknown) => console.error(error));
});
