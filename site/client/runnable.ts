/**
 * Clickable command blocks (.runnable[data-commands], made by site/integrations/remark-runnable.ts
 * and the task solutions): a click, or Enter/Space when focused, types the commands into the terminal.
 * Selecting text inside a block to copy it does not run it.
 */
export function bindRunnableBlocks(root: ParentNode, run: (commands: string[]) => void): void {
  for (const block of root.querySelectorAll<HTMLElement>(".runnable[data-commands]")) {
    let commands: string[];
    try {
      commands = JSON.parse(block.dataset.commands ?? "[]");
    } catch {
      continue;
    }
    if (!Array.isArray(commands) || commands.length === 0) continue;
    block.tabIndex = 0;
    block.setAttribute("role", "button");
    block.setAttribute("aria-label", `Run in the terminal: ${commands.join("; ")}`);
    const badge = document.createElement("span");
    badge.className = "run-badge";
    badge.setAttribute("aria-hidden", "true");
    badge.textContent = "▶ run";
    block.append(badge);
    const fire = () => {
      run(commands);
      block.classList.add("ran");
      setTimeout(() => block.classList.remove("ran"), 600);
    };
    block.addEventListener("click", () => {
      if (window.getSelection()?.toString()) return;
      fire();
    });
    block.addEventListener("keydown", (event) => {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        fire();
      }
    });
  }
}
