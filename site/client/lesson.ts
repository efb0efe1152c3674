/**
 * Lesson page: boots the lab's guest in the terminal, wires the Reset button, command blocks,
 * the splitter and the task widgets. Exposes window.__kdebugTerm for the browser tests.
 */
import type { Guest } from "../../emulator/guest/guest";
import type { GraderContext, ScenarioName } from "../../labs/schema";
import { createGuest, type GuestLabConfig, GuestUnavailableError } from "../lib/guests";
import { loadScenario } from "../lib/scenarios";
import { progressStore } from "./progress-store";
import { bindRunnableBlocks } from "./runnable";
import { siteRoot } from "./site-root";
import { installSplitter } from "./splitter";
import { bindTasks } from "./tasks";
import { TerminalView } from "./terminal-view";

declare global {
  interface Window {
    __kdebugTerm?: {
      /** Screen + scrollback text. */
      text(): string;
      /** Resolves once the current guest printed its first prompt (start() resolved). */
      ready(): Promise<void>;
      guest(): Guest | null;
      term: TerminalView["term"];
    };
  }
}

const main = document.querySelector<HTMLElement>("[data-lesson]");
if (main) boot(main);

function boot(main: HTMLElement): void {
  const config = JSON.parse(main.dataset.labConfig ?? "{}") as GuestLabConfig;
  const host = main.querySelector<HTMLElement>("#terminal")!;
  const status = main.querySelector<HTMLElement>("[data-status]")!;
  const errorBox = main.querySelector<HTMLElement>(".terminal-error")!;
  const resetButton = main.querySelector<HTMLButtonElement>('[data-action="reset"]')!;
  const splitter = main.querySelector<HTMLElement>(".splitter");
  if (splitter) installSplitter(main, splitter);

  let view: TerminalView | null = null;
  const terminal = (): TerminalView => {
    view ??= new TerminalView(host);
    return view;
  };
  let guest: Guest | null = null;
  let ready: Promise<void> = Promise.resolve();
  let generation = 0;

  const setStatus = (text: string, state: string) => {
    status.textContent = text;
    status.dataset.state = state;
  };

  /**
   * Create the guest (module import, worker spawn) first and build nothing else in between:
   * the worker downloads and compiles while xterm initialises and the prompt is painted.
   */
  const start = (): Promise<void> => {
    const mine = ++generation;
    setStatus("Booting…", "booting");
    errorBox.hidden = true;
    const t0 = performance.now();
    const size = view ? { cols: view.term.cols, rows: view.term.rows } : { cols: 80, rows: 24 };
    const creating = createGuest({
      ...config,
      ...size,
      siteRoot: siteRoot(),
      onProgress: (loaded, total) => {
        if (mine === generation)
          setStatus(`Downloading ${Math.round((100 * loaded) / Math.max(total, 1))}%`, "booting");
      },
    });
    return (async () => {
      const created = await creating;
      if (mine !== generation) {
        created.dispose();
        return;
      }
      guest = created;
      terminal().attach(created);
      await created.start();
      if (mine !== generation) return;
      performance.mark("kdebug:first-prompt");
      setStatus(`Ready (${Math.round(performance.now() - t0)} ms)`, "ready");
      terminal().term.focus();
    })().catch((error: unknown) => {
      if (mine !== generation) return;
      setStatus("Not available", "error");
      errorBox.hidden = false;
      if (error instanceof GuestUnavailableError) {
        errorBox.textContent = `${error.message} ${error.help}`;
      } else {
        errorBox.textContent = `The machine failed to start: ${error instanceof Error ? error.message : String(error)}`;
        console.error(error);
      }
    });
  };

  const reset = () => {
    terminal().detach();
    guest?.dispose();
    guest = null;
    terminal().clear();
    ready = start();
  };

  ready = start();
  terminal();
  resetButton.addEventListener("click", reset);

  bindRunnableBlocks(document, (commands) => {
    if (guest) terminal().typeCommands(commands);
  });

  const graderContext = async (): Promise<GraderContext> => {
    await ready;
    const current = guest;
    if (!current) throw new Error("the terminal has no machine (press Reset)");
    return {
      labId: config.id,
      inspect: current.inspect,
      program: () =>
        config.scenario
          ? loadScenario(config.scenario as ScenarioName)
          : Promise.reject(new Error(`lab ${config.id} has no vmcore scenario`)),
    };
  };
  bindTasks(document, graderContext);

  progressStore.visit(`${config.id}/${main.dataset.lessonSlug ?? ""}`);

  window.__kdebugTerm = {
    text: () => terminal().text(),
    ready: () => ready,
    guest: () => guest,
    term: terminal().term,
  };
}
