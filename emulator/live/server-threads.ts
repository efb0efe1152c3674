/**
 * What vm0's Lustre service threads do while the cluster job runs, for the sampler: the job's
 * nodes read their shared inputs (ll_ost_io threads: tgt_brw_read → ofd/osd → block layer, and
 * the bulk transfer back over LNet), socknal schedulers move the bytes, ldlm_cn threads handle
 * lock cancels and mdt threads getattr intents. One thread of each service per CPU (the VM has
 * one CPT); shares are ticks per 10000 of a CPU. Without a running job they sleep: no samples.
 */
import type { LiveState } from "./state";

/** A service thread family: its comm prefix, pid base (one thread per CPU), CPU share, paths. */
export interface ServiceThreads {
  readonly comm: (cpu: number) => string;
  readonly pid: (cpu: number) => number;
  readonly share: number;
  readonly paths: readonly { readonly weight: number; readonly kernel: readonly string[] }[];
}

const SERVICE = ["ret_from_fork_nospec_begin", "kthread", "ptlrpc_main", "ptlrpc_server_handle_request"];
const BRW_READ = [...SERVICE, "tgt_request_handle", "tgt_brw_read"];
const PREPRW = [...BRW_READ, "ofd_preprw", "ofd_preprw_read"];
const SEND = ["ksocknal_lib_send_iov", "kernel_sendmsg", "sock_sendmsg", "inet_sendmsg", "tcp_sendmsg"];
const cpuSuffix = (cpu: number) => String(cpu).padStart(3, "0");

export const JOB_SERVICE_THREADS: readonly ServiceThreads[] = [
  {
    comm: (cpu) => `ll_ost_io00_${cpuSuffix(cpu)}`,
    pid: (cpu) => 5310 + cpu,
    share: 3100,
    paths: [
      {
        weight: 34,
        kernel: [
          ...PREPRW,
          "osd_read_prep",
          "osd_do_bio",
          "submit_bio",
          "generic_make_request",
          "blk_queue_bio",
        ],
      },
      { weight: 18, kernel: [...PREPRW, "osd_bufs_get", "find_or_create_page"] },
      { weight: 30, kernel: [...BRW_READ, "target_bulk_io", "ptlrpc_start_bulk_transfer", "LNetPut"] },
      { weight: 6, kernel: [...PREPRW, "osd_read_prep", "osd_do_bio", "ldiskfs_map_blocks"] },
      { weight: 12, kernel: [...BRW_READ, "ofd_commitrw"] },
    ],
  },
  {
    comm: (cpu) => `socknal_sd00_${String(cpu).padStart(2, "0")}`,
    pid: (cpu) => 5020 + cpu,
    share: 900,
    paths: [
      {
        weight: 55,
        kernel: [
          "ret_from_fork_nospec_begin",
          "kthread",
          "ksocknal_scheduler",
          "ksocknal_process_transmit",
          ...SEND,
          "copy_user_enhanced_fast_string",
        ],
      },
      {
        weight: 30,
        kernel: [
          "ret_from_fork_nospec_begin",
          "kthread",
          "ksocknal_scheduler",
          "ksocknal_process_receive",
          "lnet_parse",
        ],
      },
      { weight: 15, kernel: ["ret_from_fork_nospec_begin", "kthread", "ksocknal_scheduler"] },
    ],
  },
  {
    comm: (cpu) => `ldlm_cn00_${cpuSuffix(cpu)}`,
    pid: (cpu) => 5140 + cpu,
    share: 280,
    paths: [
      { weight: 70, kernel: [...SERVICE, "ldlm_cancel_handler", "ldlm_handle_cancel", "ldlm_lock_cancel"] },
      {
        weight: 30,
        kernel: [
          ...SERVICE,
          "ldlm_cancel_handler",
          "ldlm_handle_cancel",
          "ldlm_lock_cancel",
          "_raw_spin_lock",
        ],
      },
    ],
  },
  {
    comm: (cpu) => `mdt00_${cpuSuffix(cpu)}`,
    pid: (cpu) => 5410 + cpu,
    share: 220,
    paths: [
      {
        weight: 100,
        kernel: [
          ...SERVICE,
          "tgt_request_handle",
          "tgt_enqueue",
          "ldlm_handle_enqueue0",
          "ldlm_lock_enqueue",
          "mdt_intent_policy",
          "mdt_intent_getattr",
          "mdt_getattr_name_lock",
        ],
      },
    ],
  },
];

/** The service threads busy in this state (none unless the cluster job runs on started servers). */
export function busyServiceThreads(state: LiveState): readonly ServiceThreads[] {
  return state.lustre.started && state.job?.running ? JOB_SERVICE_THREADS : [];
}
