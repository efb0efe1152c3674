/**
 * The drag handle between lesson text and terminal. Wide screens: side by side, the handle sets
 * the text column's share of the width. Narrow screens: stacked, the handle sets the terminal's
 * share of the height. Arrow keys move it too; the position is remembered per orientation.
 */
const NARROW = "(max-width: 900px)";
const KEY = "kdebug-lab:split";

interface Saved {
  wide?: number;
  narrow?: number;
}

function load(): Saved {
  try {
    const saved = JSON.parse(localStorage.getItem(KEY) ?? "{}");
    return typeof saved === "object" && saved ? saved : {};
  } catch {
    return {};
  }
}

function save(saved: Saved): void {
  try {
    localStorage.setItem(KEY, JSON.stringify(saved));
  } catch {
    // not important enough to warn about
  }
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

export function installSplitter(container: HTMLElement, handle: HTMLElement): void {
  const media = window.matchMedia(NARROW);
  const saved = load();

  const apply = () => {
    if (media.matches) {
      const share = saved.narrow ?? 45;
      container.style.setProperty("--term-share", `${share}%`);
      handle.setAttribute("aria-orientation", "horizontal");
      handle.setAttribute("aria-valuenow", String(Math.round(share)));
    } else {
      const share = saved.wide ?? 50;
      container.style.setProperty("--text-share", `${share}%`);
      handle.setAttribute("aria-orientation", "vertical");
      handle.setAttribute("aria-valuenow", String(Math.round(share)));
    }
  };

  const setFromPointer = (event: PointerEvent) => {
    const box = container.getBoundingClientRect();
    if (media.matches) saved.narrow = clamp(((box.bottom - event.clientY) / box.height) * 100, 20, 80);
    else saved.wide = clamp(((event.clientX - box.left) / box.width) * 100, 25, 75);
    apply();
  };

  handle.addEventListener("pointerdown", (event) => {
    event.preventDefault();
    handle.setPointerCapture(event.pointerId);
    container.classList.add("dragging");
    const move = (e: PointerEvent) => setFromPointer(e);
    const up = () => {
      handle.removeEventListener("pointermove", move);
      container.classList.remove("dragging");
      save(saved);
    };
    handle.addEventListener("pointermove", move);
    handle.addEventListener("pointerup", up, { once: true });
    handle.addEventListener("pointercancel", up, { once: true });
  });

  handle.addEventListener("keydown", (event) => {
    const step = event.shiftKey ? 10 : 2;
    if (media.matches) {
      const delta = event.key === "ArrowUp" ? step : event.key === "ArrowDown" ? -step : 0;
      if (!delta) return;
      saved.narrow = clamp((saved.narrow ?? 45) + delta, 20, 80);
    } else {
      const delta = event.key === "ArrowLeft" ? -step : event.key === "ArrowRight" ? step : 0;
      if (!delta) return;
      saved.wide = clamp((saved.wide ?? 50) + delta, 25, 75);
    }
    event.preventDefault();
    apply();
    save(saved);
  });

  media.addEventListener("change", apply);
  apply();
}
