/**
 * The guest's stand-ins for a vmlinux and a vmcore are small text files whose first line names
 * what they are: `KDEBUG-VMLINUX <release>` (optionally followed by `stripped` for a kernel
 * without debuginfo) and `KDEBUG-VMCORE <scenario-id>`. crash recognises its arguments by
 * content, in either order, as the real tool does with ELF headers.
 */

export type DumpArgument =
  | { readonly kind: "vmlinux"; readonly release: string; readonly debuginfo: boolean }
  | { readonly kind: "vmcore"; readonly scenario: string };

export function parseKdebugMagic(text: string): DumpArgument | undefined {
  const first = text.split("\n", 1)[0].trim();
  const vmlinux = /^KDEBUG-VMLINUX\s+(\S+)(?:\s+(\S+))?/.exec(first);
  if (vmlinux)
    return {
      kind: "vmlinux",
      release: vmlinux[1],
      debuginfo: vmlinux[2] !== "stripped" && vmlinux[2] !== "nodebug",
    };
  const vmcore = /^KDEBUG-VMCORE\s+(\S+)/.exec(first);
  if (vmcore) return { kind: "vmcore", scenario: vmcore[1] };
  return undefined;
}
