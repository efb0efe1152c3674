/**
 * Debug source files of the VM (/usr/src/debug/...), read by `bt -l`, `perf probe -L`,
 * `stap -L` and the learner's `less`/`sed -n`. Hook for generated sources: the tools or
 * scenarios layer can register a generator per path with `registerDebugSource`; until
 * then each file is a short placeholder. Files are lazy: a generator runs on first read.
 */
import { MACHINE } from "./machine";

export type SourceGenerator = () => string;

const LUSTRE = `/usr/src/debug/lustre-${MACHINE.lustreVersion}`;
const KERNEL = "/usr/src/debug/kernel-3.10.0-957.21.3.el7/linux-3.10.0-957.21.3.el7.x86_64";

/** Paths the talk shows or that its tools open. */
export const DEBUG_SOURCE_PATHS: readonly string[] = [
  `${LUSTRE}/lustre/llite/file.c`,
  `${LUSTRE}/lustre/llite/xattr_cache.c`,
  `${LUSTRE}/lustre/llite/dir.c`,
  `${LUSTRE}/lustre/ldlm/ldlm_resource.c`,
  `${LUSTRE}/lustre/ldlm/ldlm_lock.c`,
  `${LUSTRE}/lustre/ldlm/ldlm_lockd.c`,
  `${LUSTRE}/lustre/ldlm/ldlm_request.c`,
  `${LUSTRE}/lustre/ldlm/ldlm_internal.h`,
  `${LUSTRE}/lustre/ptlrpc/client.c`,
  `${LUSTRE}/lustre/ptlrpc/service.c`,
  `${LUSTRE}/lustre/mdt/mdt_handler.c`,
  `${LUSTRE}/lustre/mdt/mdt_reint.c`,
  `${LUSTRE}/lustre/include/lustre_dlm.h`,
  `${LUSTRE}/libcfs/libcfs/linux/linux-debug.c`,
  `${KERNEL}/fs/ioctl.c`,
  `${KERNEL}/kernel/sched/core.c`,
  `${KERNEL}/kernel/locking/qspinlock.c`,
];

const generators = new Map<string, SourceGenerator>();

/** Replace the placeholder of one debug source path by generated text. */
export function registerDebugSource(path: string, generate: SourceGenerator): void {
  generators.set(path, generate);
}

/** Lazy file providers for every known debug source path. */
export function debugSourceFiles(): Record<string, () => string> {
  const paths = new Set([...DEBUG_SOURCE_PATHS, ...generators.keys()]);
  const files: Record<string, () => string> = {};
  for (const path of paths) {
    files[path] = () => {
      const generate = generators.get(path);
      return generate ? generate() : placeholderSource(path);
    };
  }
  return files;
}

function placeholderSource(path: string): string {
  const name = path.slice(path.lastIndexOf("/") + 1);
  return `/*\n * ${name}: debug source of the simulated VM (placeholder: not generated yet).\n */\n`;
}
