/**
 * The kernel threads Lustre 2.12 starts (libcfs, LNet/socklnd, ptlrpc, ldlm, client or server
 * services) with the waits they sleep in.
 */
import type { BuiltTask } from "../kernel/linux/build";
import type { Site } from "../kernel/linux/machine";
import { type Ctx, SCHED, spawn, type TaskPlan } from "./common";

export const LWAIT = {
  cfs_wi: [...SCHED, ["cfs_wi_scheduler", 0x1f0], ["kthread", 0xd1]] as Site[],
  tracefiled: [...SCHED, ["schedule_timeout", 0x221], ["tracefiled", 0x1cb], ["kthread", 0xd1]] as Site[],
  monitor: [
    ...SCHED,
    ["schedule_timeout", 0x221],
    ["lnet_monitor_thread", 0x1e4],
    ["kthread", 0xd1],
  ] as Site[],
  connd: [...SCHED, ["schedule_timeout", 0x221], ["ksocknal_connd", 0x3a1], ["kthread", 0xd1]] as Site[],
  reaper: [...SCHED, ["schedule_timeout", 0x221], ["ksocknal_reaper", 0x1f3], ["kthread", 0xd1]] as Site[],
  socknal_sd: [...SCHED, ["ksocknal_scheduler", 0x2e5], ["kthread", 0xd1]] as Site[],
  ptlrpcd: [...SCHED, ["schedule_timeout", 0x221], ["ptlrpcd", 0x2ad], ["kthread", 0xd1]] as Site[],
  service: [...SCHED, ["ptlrpc_wait_event", 0x12d], ["ptlrpc_main", 0xac3], ["kthread", 0xd1]] as Site[],
  hr: [...SCHED, ["ptlrpc_hr_main", 0x1f4], ["kthread", 0xd1]] as Site[],
  ldlm_bl: [...SCHED, ["ldlm_bl_thread_main", 0x1ee], ["kthread", 0xd1]] as Site[],
  elt: [...SCHED, ["schedule_timeout", 0x221], ["expired_lock_main", 0x15a], ["kthread", 0xd1]] as Site[],
  pinger: [...SCHED, ["schedule_timeout", 0x221], ["ptlrpc_pinger_main", 0x13c], ["kthread", 0xd1]] as Site[],
  mgc: [...SCHED, ["mgc_requeue_thread", 0x2c5], ["kthread", 0xd1]] as Site[],
  obd_zombid: [...SCHED, ["obd_zombie_impexp_thread", 0x1c0], ["kthread", 0xd1]] as Site[],
  pools: [
    ...SCHED,
    ["schedule_timeout", 0x221],
    ["ldlm_pools_thread_main", 0x1a5],
    ["kthread", 0xd1],
  ] as Site[],
};

export interface LustreThreadOpts {
  readonly firstPid: number;
  /** CPU partitions (socknal_sdXX_YY, ptlrpcd_XX_YY, ldlm_cbXX_...). */
  readonly cpts: number;
  /** Threads per CPT for socknal / ptlrpcd. */
  readonly perCpt: number;
  /** Fixed address / CPU / timestamp of threads the slides show, by name. */
  readonly override?: (comm: string) => Partial<TaskPlan> | undefined;
}

/** libcfs, LNet/socklnd and the common ptlrpc/ldlm threads; returns the tasks and next pid. */
export function lnetAndPtlrpcThreads(ctx: Ctx, o: LustreThreadOpts): { tasks: BuiltTask[]; nextPid: number } {
  const { b } = ctx;
  const cpus = b.cfg.cpus;
  const cptCpu = (cpt: number) => Math.floor((cpt * cpus) / o.cpts) + b.rng.int(Math.max(1, cpus / o.cpts));
  const out: BuiltTask[] = [];
  let pid = o.firstPid;
  const k = (comm: string, wait: Site[], cpu = b.rng.int(cpus)) => {
    out.push(spawn(ctx, { pid: pid++, comm, cpu, wait, ...o.override?.(comm) }));
  };
  for (let i = 0; i < 4; i++) k(`cfs_rh_${String(i).padStart(2, "0")}`, LWAIT.cfs_wi);
  k("ktracefiled", LWAIT.tracefiled);
  pid += 3;
  k("monitor_thread", LWAIT.monitor);
  for (let i = 0; i < 4; i++) k(`socknal_cd${String(i).padStart(2, "0")}`, LWAIT.connd);
  k("socknal_reaper", LWAIT.reaper);
  for (let c = 0; c < o.cpts; c++)
    for (let i = 0; i < o.perCpt; i++)
      k(`socknal_sd${String(c).padStart(2, "0")}_${String(i).padStart(2, "0")}`, LWAIT.socknal_sd, cptCpu(c));
  pid += 2;
  k("obd_zombid", LWAIT.obd_zombid);
  k("ptlrpcd_rcv", LWAIT.ptlrpcd);
  for (let c = 0; c < o.cpts; c++)
    for (let i = 0; i < o.perCpt; i++)
      k(`ptlrpcd_${String(c).padStart(2, "0")}_${String(i).padStart(2, "0")}`, LWAIT.ptlrpcd, cptCpu(c));
  for (let i = 0; i < cpus; i++)
    k(
      `ptlrpc_hr${String(Math.floor((i * o.cpts) / cpus)).padStart(2, "0")}_${String(i % Math.max(1, cpus / o.cpts)).padStart(3, "0")}`,
      LWAIT.hr,
      i,
    );
  pid += 1;
  k("ldlm_bl_01", LWAIT.ldlm_bl);
  k("ldlm_bl_02", LWAIT.ldlm_bl);
  for (let c = 0; c < o.cpts; c++) k(`ldlm_cb${String(c).padStart(2, "0")}_000`, LWAIT.service, cptCpu(c));
  k("ldlm_poold", LWAIT.pools);
  return { tasks: out, nextPid: pid };
}
