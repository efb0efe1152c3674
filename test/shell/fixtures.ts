/**
 * Synthetic inputs shaped like the talk's files (crash `foreach bt` output, perf script
 * lines, `rd` output of connection addresses), generated deterministically.
 */
import { prng } from "./bash-oracle";

const FRAMES_LOCK = [
  "__schedule",
  "schedule",
  "ldlm_completion_ast",
  "ldlm_cli_enqueue_local",
  "mdt_object_local_lock",
  "mdt_object_lock_internal",
  "mdt_getattr_name_lock",
  "mdt_intent_getattr",
  "ptlrpc_main",
  "kthread",
];
const FRAMES_SPIN = [
  "queued_spin_lock_slowpath",
  "_raw_spin_lock",
  "lock_res_and_lock",
  "ldlm_work_bl_ast_lock",
  "ptlrpc_main",
  "kthread",
];
const FRAMES_IDLE = ["__schedule", "schedule", "smpboot_thread_fn", "kthread", "ret_from_fork_nospec_begin"];

/** `foreach bt` output for `tasks` tasks: three kinds of stacks, crash's line format. */
export function foreachBt(tasks: number, seed = 7): string {
  const rand = prng(seed);
  let out = "";
  for (let i = 0; i < tasks; i++) {
    const pid = 1000 + i * 7;
    const kind = rand();
    const frames = kind < 0.5 ? FRAMES_IDLE : kind < 0.85 ? FRAMES_LOCK : FRAMES_SPIN;
    const comm =
      kind < 0.5
        ? `ksoftirqd/${i % 16}`
        : kind < 0.85
          ? `mdt0${i % 2}_0${String(i % 100).padStart(2, "0")}`
          : `ll_ost00_00${i % 10}`;
    out += `PID: ${pid}  TASK: ffff9f95${(0x5eae6180 + i * 0x1000).toString(16)}  CPU: ${i % 16}   COMMAND: "${comm}"\n`;
    frames.forEach((f, k) => {
      const addr = `ffffffff9d${(0x55d28b + k * 0x1111 + (kind < 0.5 ? 0 : 0x10000)).toString(16)}`;
      const n = k < 10 ? ` #${k}` : `#${k}`;
      out += `${n} [ffffb40a6ea1${(0xd018 + k * 8).toString(16)}] ${f} at ${addr}\n`;
    });
    out += "\n";
  }
  return out;
}

/** `rd -o 0x18 < conn` style lines: address, then a NID-like value (skewed counts). */
export function rdLines(lines: number, seed = 11): string {
  const rand = prng(seed);
  let out = "";
  for (let i = 0; i < lines; i++) {
    const client = Math.floor(rand() * rand() * 80) + 2;
    out += `ffff917cdee0${(0xba98 + (i % 4096) * 8).toString(16)}: 000200000ac800${client.toString(16).padStart(2, "0")} ........\n`;
  }
  return out;
}

/** perf script lines of the ldlm_res_hash_dump probe (refcount and name of each resource). */
export function perfScript(lines: number, seed = 3): string {
  const rand = prng(seed);
  let out = "";
  for (let i = 0; i < lines; i++) {
    const refcount = Math.floor(rand() * 0x3000);
    const name = Math.floor(rand() * 0x100000) + 1;
    out += `    ll_ost00_003  4715 [004]  3183.${String(i).padStart(6, "0")}: probe:ldlm_res_hash_dump: (ffffffffc0fd4a2c) res=0xffff917c981c3b40 lr_refcount=0x${refcount.toString(16)} name=0x${name.toString(16)}\n`;
  }
  return out;
}
