/**
 * The guest's vmcore and vmlinux files are small text placeholders: the simulated kernel
 * is built from the scenario, not read from disk. Their first line names what they stand
 * for, so `crash vmlinux vmcore` (and a copied or renamed vmcore) finds its scenario.
 */

const VMCORE_MAGIC = "KDEBUG-VMCORE";
const VMLINUX_MAGIC = "KDEBUG-VMLINUX";

/** First line of /var/crash/<scenarioId>/vmcore. */
export function vmcoreMagic(scenarioId: string): string {
  return `${VMCORE_MAGIC} ${scenarioId}`;
}

/** First line of a debug vmlinux for a kernel release. */
export function vmlinuxMagic(kernelRelease: string): string {
  return `${VMLINUX_MAGIC} ${kernelRelease}`;
}

/** The scenario id a vmcore placeholder stands for, or null if `text` is not one. */
export function parseVmcoreMagic(text: string): string | null {
  return parseMagic(text, VMCORE_MAGIC);
}

/** The kernel release a vmlinux placeholder stands for, or null if `text` is not one. */
export function parseVmlinuxMagic(text: string): string | null {
  return parseMagic(text, VMLINUX_MAGIC);
}

function parseMagic(text: string, magic: string): string | null {
  const end = text.indexOf("\n");
  const first = (end < 0 ? text : text.slice(0, end)).trim();
  const m = /^(\S+)\s+(\S+)$/.exec(first);
  return m && m[1] === magic ? m[2] : null;
}

/** Full placeholder contents: the magic line plus a note for the curious `cat`. */
export function vmcoreFileContent(scenarioId: string): string {
  return (
    `${vmcoreMagic(scenarioId)}\n` +
    "# Simulated kdump vmcore: open it with `crash /usr/lib/debug/lib/modules/3.10.0*/vmlinux vmcore`.\n"
  );
}

export function vmlinuxFileContent(kernelRelease: string): string {
  return `${vmlinuxMagic(kernelRelease)}\n# Simulated debuginfo vmlinux (symbols and types come from the simulated kernel).\n`;
}
