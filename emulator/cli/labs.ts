/**
 * Lab ids the CLI knows and where each one's shell starts. The site's lab definitions
 * (labs/) are the source of truth for the pages; this table only serves the CLI until
 * it reads them.
 */
export interface CliLab {
  readonly id: string;
  readonly guest: "simulated" | "v86";
  /** Starting directory of the simulated shell. */
  readonly cwd: string;
}

export const CLI_LABS: readonly CliLab[] = [
  { id: "setup", guest: "simulated", cwd: "/root" },
  { id: "client-lbug", guest: "simulated", cwd: "/var/crash/client_lbug" },
  { id: "server-load", guest: "simulated", cwd: "/var/crash/server_load" },
  { id: "ls-stuck", guest: "simulated", cwd: "/var/crash/ls_stuck" },
  { id: "live-kernel", guest: "v86", cwd: "/root" },
  { id: "perf-probe", guest: "simulated", cwd: "/root" },
];

export function findLab(id: string): CliLab | undefined {
  return CLI_LABS.find((l) => l.id === id);
}
