/**
 * Presenter view of a lesson: `?present` (or `?present=N`, 1-based) on a lesson URL, or the
 * lesson's "Present" link. The lesson's own page becomes a slide deck: the title and the text
 * before the first `##` heading are slide 1, then one slide per `##` section.
 *
 * Slides are the lesson's own DOM nodes, shown or hidden by a class: nothing is cloned or moved,
 * so runnable code blocks, task widgets and the terminal keep their listeners and their state,
 * and leaving the view (Escape) puts the reader back in the same lesson with the same machine.
 *
 * Keys on the slides: → PageDown Space next; ← PageUp Shift+Space previous; Home/End first/last;
 * ↑/↓ scroll a long slide; t shows or hides the terminal (a panel attached to the lab's running
 * guest); Escape leaves the terminal, then the view. Keys typed in the terminal or in a task's
 * answer box stay there.
 */
import "../styles/present.css";

const PARAM = "present";
const OFF = "present-off";

interface Deck {
  readonly article: HTMLElement;
  readonly slides: readonly (readonly HTMLElement[])[];
  readonly bar: PresentBar;
  readonly terminalPane: HTMLElement | null;
  index: number;
  /** The view was entered with pushState: leaving goes back in history instead of replacing. */
  pushed: boolean;
}

interface PresentBar {
  readonly root: HTMLElement;
  readonly count: HTMLElement;
  /** "more below": the slide is taller than the screen (↓ or the wheel scrolls it). */
  readonly more: HTMLElement;
  readonly prev: HTMLButtonElement;
  readonly next: HTMLButtonElement;
  readonly terminal: HTMLButtonElement;
  readonly nextLesson: HTMLAnchorElement;
}

/** Slide 1: the lesson header and what precedes the first h2. Then one slide per h2 section. */
function splitSlides(article: HTMLElement): HTMLElement[][] {
  const head = article.querySelector<HTMLElement>(".lesson-head");
  const prose = article.querySelector<HTMLElement>(".prose");
  const slides: HTMLElement[][] = [head ? [head] : []];
  for (const child of prose ? Array.from(prose.children) : []) {
    if (!(child instanceof HTMLElement)) continue;
    if (child.tagName === "H2") slides.push([child]);
    else slides[slides.length - 1].push(child);
  }
  return slides.filter((s, i) => i === 0 || s.length > 0);
}

function button(label: string, action: string, title: string): HTMLButtonElement {
  const el = document.createElement("button");
  el.type = "button";
  el.className = "present-btn";
  el.dataset.presentAction = action;
  el.textContent = label;
  el.title = title;
  return el;
}

function buildBar(main: HTMLElement): PresentBar {
  const root = document.createElement("nav");
  root.className = "present-bar";
  root.setAttribute("aria-label", "Presenter controls");
  root.hidden = true;

  const prev = button("‹", "prev", "Previous slide (← or PageUp)");
  prev.setAttribute("aria-label", "Previous slide");
  const count = document.createElement("span");
  count.className = "present-count";
  count.setAttribute("aria-live", "polite");
  const next = button("›", "next", "Next slide (→, PageDown or Space)");
  next.setAttribute("aria-label", "Next slide");
  const more = document.createElement("span");
  more.className = "present-more";
  more.textContent = "↓ more below";
  more.title = "This slide is taller than the screen: ↓ or the mouse wheel scrolls it";
  more.hidden = true;

  const title = document.createElement("span");
  title.className = "present-title";
  const lab = main.querySelector(".lesson-lab")?.textContent?.trim() ?? "";
  const lesson = main.querySelector(".lesson-head h1")?.textContent?.trim() ?? "";
  title.textContent = lab ? `${lab} · ${lesson}` : lesson;

  // The next lesson, opened in the presenter view too (from the lesson's pager, already relative).
  const nextLesson = document.createElement("a");
  nextLesson.className = "present-next-lesson";
  const pagerNext = main.querySelector<HTMLAnchorElement>(".pager-next");
  if (pagerNext) {
    nextLesson.href = `${pagerNext.getAttribute("href") ?? ""}?${PARAM}`;
    nextLesson.textContent = "Next lesson →";
    nextLesson.title = pagerNext.textContent?.replace(/\s*→\s*$/, "") ?? "";
  }
  nextLesson.hidden = true;

  const terminal = button("Terminal", "terminal", "Show or hide the terminal (t)");
  terminal.setAttribute("aria-pressed", "false");
  terminal.append(Object.assign(document.createElement("kbd"), { textContent: "t" }));
  const exit = button("Exit", "exit", "Back to the lesson (Escape)");
  exit.append(Object.assign(document.createElement("kbd"), { textContent: "Esc" }));

  const group = document.createElement("span");
  group.className = "present-nav";
  group.append(prev, count, next);
  root.append(group, more, title, nextLesson, terminal, exit);
  document.body.append(root);
  return { root, count, more, prev, next, terminal, nextLesson };
}

/** Where keys belong to something else: the terminal, a text field, a focused control. */
function ownsKeys(target: EventTarget | null, terminalPane: HTMLElement | null): boolean {
  if (!(target instanceof Element)) return false;
  if (terminalPane?.contains(target)) return true;
  return target.closest("input, textarea, select, [contenteditable='true']") !== null;
}

function presentParam(): number | null {
  const params = new URLSearchParams(window.location.search);
  if (!params.has(PARAM)) return null;
  const n = Number.parseInt(params.get(PARAM) ?? "", 10);
  return Number.isFinite(n) && n >= 1 ? n : 1;
}

function urlWith(slide: number | null): string {
  const url = new URL(window.location.href);
  url.searchParams.delete(PARAM);
  // "?present" for slide 1 keeps the address short and the same as the link's.
  let search = url.searchParams.toString();
  if (slide !== null) search = search ? `${search}&${PARAM}` : PARAM;
  if (slide !== null && slide > 1) search += `=${slide}`;
  return `${url.pathname}${search ? `?${search}` : ""}${url.hash}`;
}

function setup(main: HTMLElement): void {
  const article = main.querySelector<HTMLElement>(".lesson-text");
  if (!article) return;
  const deck: Deck = {
    article,
    slides: splitSlides(article),
    bar: buildBar(main),
    terminalPane: main.querySelector<HTMLElement>(".terminal-pane"),
    index: 0,
    pushed: false,
  };
  const presenting = () => document.body.classList.contains("presenting");
  const terminalShown = () => document.body.classList.contains("present-term");

  const updateMore = () => {
    deck.bar.more.hidden = article.scrollHeight - article.scrollTop - article.clientHeight <= 4;
  };
  article.addEventListener("scroll", () => presenting() && updateMore(), { passive: true });
  window.addEventListener("resize", () => presenting() && updateMore());

  const show = (index: number) => {
    deck.index = Math.max(0, Math.min(deck.slides.length - 1, index));
    deck.slides.forEach((slide, i) => {
      for (const el of slide) el.classList.toggle(OFF, i !== deck.index);
    });
    const last = deck.index === deck.slides.length - 1;
    deck.bar.count.textContent = `${deck.index + 1} / ${deck.slides.length}`;
    deck.bar.prev.disabled = deck.index === 0;
    deck.bar.next.disabled = last;
    deck.bar.nextLesson.hidden = !last || !deck.bar.nextLesson.getAttribute("href");
    article.classList.toggle("present-title-slide", deck.index === 0);
    article.scrollTop = 0;
    updateMore();
    history.replaceState(history.state, "", urlWith(deck.index + 1));
  };

  const setTerminal = (visible: boolean) => {
    document.body.classList.toggle("present-term", visible);
    updateMore();
    deck.bar.terminal.setAttribute("aria-pressed", String(visible));
    deck.terminalPane?.setAttribute("aria-hidden", String(!visible));
    if (visible) window.__kdebugTerm?.term.focus();
    else article.focus({ preventScroll: true });
  };

  const enter = (slide: number) => {
    document.body.classList.add("presenting");
    deck.bar.root.hidden = false;
    article.tabIndex = -1;
    show(slide - 1);
    setTerminal(false);
  };

  const leave = () => {
    const first = deck.slides[deck.index]?.[0];
    document.body.classList.remove("presenting", "present-term");
    deck.bar.root.hidden = true;
    deck.terminalPane?.removeAttribute("aria-hidden");
    article.classList.remove("present-title-slide");
    for (const el of deck.slides.flat()) el.classList.remove(OFF);
    // Back in the lesson at the section that was on screen.
    first?.scrollIntoView({ block: "start" });
    article.focus({ preventScroll: true });
  };

  /** Escape or the Exit button: out of the view, and out of its history entry if it made one. */
  const exit = () => {
    if (deck.pushed) {
      deck.pushed = false;
      history.back(); // popstate (below) leaves the view
    } else {
      history.replaceState(history.state, "", urlWith(null));
      leave();
    }
  };

  deck.bar.prev.addEventListener("click", () => show(deck.index - 1));
  deck.bar.next.addEventListener("click", () => show(deck.index + 1));
  deck.bar.terminal.addEventListener("click", () => setTerminal(!terminalShown()));
  deck.bar.root.querySelector('[data-present-action="exit"]')?.addEventListener("click", exit);

  for (const link of document.querySelectorAll<HTMLAnchorElement>("[data-present-link]")) {
    link.addEventListener("click", (event) => {
      if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
      // Same page, same machine: no reload.
      event.preventDefault();
      history.pushState({ kdebugPresent: true }, "", urlWith(1));
      deck.pushed = true;
      enter(1);
    });
  }

  window.addEventListener("popstate", () => {
    const slide = presentParam();
    if (slide === null && presenting()) leave();
    else if (slide !== null && !presenting()) enter(slide);
    deck.pushed =
      presenting() && Boolean((history.state as { kdebugPresent?: boolean } | null)?.kdebugPresent);
  });

  // Escape inside the terminal: back to the slides. Captured before xterm sees the key.
  window.addEventListener(
    "keydown",
    (event) => {
      if (!presenting() || event.key !== "Escape" || !terminalShown()) return;
      if (!(event.target instanceof Node) || !deck.terminalPane?.contains(event.target)) return;
      event.preventDefault();
      event.stopPropagation();
      setTerminal(false);
    },
    { capture: true },
  );

  document.addEventListener("keydown", (event) => {
    if (!presenting() || event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    if (ownsKeys(event.target, deck.terminalPane)) return;
    const onControl =
      event.target instanceof Element && event.target.closest("button, a, .runnable") !== null;
    let handled = true;
    switch (event.key) {
      case "ArrowRight":
      case "PageDown":
        show(deck.index + 1);
        break;
      case "ArrowLeft":
      case "PageUp":
        show(deck.index - 1);
        break;
      case " ":
        if (onControl) handled = false;
        else show(deck.index + (event.shiftKey ? -1 : 1));
        break;
      case "Home":
        show(0);
        break;
      case "End":
        show(deck.slides.length - 1);
        break;
      case "t":
      case "T":
        setTerminal(!terminalShown());
        break;
      case "Escape":
        if (terminalShown()) setTerminal(false);
        else exit();
        break;
      default:
        handled = false;
    }
    if (handled) event.preventDefault();
  });

  // A command block clicked on a slide types into the terminal (lesson.ts): show it first.
  document.addEventListener(
    "click",
    (event) => {
      if (!presenting() || !(event.target instanceof Element)) return;
      if (event.target.closest(".runnable[data-commands]") && !window.getSelection()?.toString())
        setTerminal(true);
    },
    { capture: true },
  );
  document.addEventListener(
    "keydown",
    (event) => {
      if (!presenting() || (event.key !== "Enter" && event.key !== " ")) return;
      if (event.target instanceof Element && event.target.closest(".runnable[data-commands]"))
        setTerminal(true);
    },
    { capture: true },
  );

  const initial = presentParam();
  if (initial !== null) enter(initial);
}

const main = document.querySelector<HTMLElement>("[data-lesson]");
if (main) setup(main);
