/** The banner under the top bar (Base.astro): one message at a time, dismissable. */
export function showNotice(text: string, tone: "info" | "warn" = "info"): void {
  const run = () => {
    const box = document.getElementById("notice");
    if (!box) return;
    const textEl = box.querySelector<HTMLElement>(".notice-text");
    if (textEl) textEl.textContent = text;
    box.dataset.tone = tone;
    box.hidden = false;
    box
      .querySelector<HTMLButtonElement>(".notice-close")
      ?.addEventListener("click", () => (box.hidden = true), {
        once: true,
      });
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run, { once: true });
  else run();
}
