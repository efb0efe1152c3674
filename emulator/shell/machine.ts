/**
 * Identity of the simulated hands-on VM (the talk's CentOS 7 guest): one place for the
 * values that uname, hostname, /etc, /proc and the prompt must agree on.
 */
export const MACHINE = {
  hostname: "kdebug",
  osRelease: "CentOS Linux release 7.6.1810 (Core)",
  kernelRelease: "3.10.0-957.21.3.el7.x86_64",
  kernelVersion: "#1 SMP Tue Jun 18 16:35:19 UTC 2019",
  arch: "x86_64",
  cpus: 16,
  /** 20 GB guest (qemu -m 20G), as MemTotal in kB after the kernel's own reservations. */
  memTotalKb: 20379416,
  user: "root",
  home: "/root",
  /** Lustre version installed in the VM (debug sources under /usr/src/debug). */
  lustreVersion: "2.12.3",
  /** Seconds the VM has been up when the learner logs in (boot log timestamps follow). */
  uptimeAtLoginSeconds: 1234,
  /** Source of the previous login, shown in the banner. */
  lastLoginFrom: "10.0.2.2",
} as const;

export const KERNEL_DEBUG_VMLINUX = `/usr/lib/debug/lib/modules/${MACHINE.kernelRelease}/vmlinux`;

/** Scenario ids whose vmcore is in /var/crash/<id>/vmcore. */
export const VMCORE_SCENARIOS = ["client_lbug", "server_load", "ls_stuck"] as const;
export type VmcoreScenarioId = (typeof VMCORE_SCENARIOS)[number];
