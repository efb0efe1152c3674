/**
 * Module symbol layouts, as offsets from each module's base (module_core). One layout per module
 * build: the Lustre 2.12.3 client and server modules share it across scenarios (a module is
 * position independent, only its base moves), which keeps client and server consistent.
 * Columns: offset size type name. The slides fix some functions (lbug_with_loc,
 * ll_put_grouplock.isra.46, ll_file_ioctl in the client; the ldlm_* / ptlrpc_* frames of the
 * server); the others are plausible neighbours in the 2.12 link order.
 */
import type { ModuleSymbolDef } from "./build";

export interface ModuleLayout {
  readonly name: string;
  readonly coreSize: number;
  readonly textSize: number;
  readonly symbols: readonly ModuleSymbolDef[];
  /** Tainting flags shown by mod -t (out-of-tree, unsigned): Lustre modules are OE. */
  readonly taints?: number;
}

function layout(name: string, coreSize: number, textSize: number, table: string, taints = 0): ModuleLayout {
  const symbols: ModuleSymbolDef[] = [];
  for (const line of table.split("\n")) {
    const t = line.trim();
    if (!t) continue;
    const [off, size, kind, sym] = t.split(/\s+/);
    symbols.push({
      name: sym,
      offset: Number.parseInt(off, 16),
      size: Number.parseInt(size, 16),
      kind: kind as ModuleSymbolDef["kind"],
    });
  }
  return { name, coreSize, textSize, symbols, taints };
}

/** TAINT_OOT_MODULE | TAINT_UNSIGNED_MODULE */
const OE = (1 << 12) | (1 << 13);

export const LIBCFS = layout(
  "libcfs",
  0x64000,
  0x43000,
  `
0001a0 000150 T cfs_hash_create
002b40 0000b0 T cfs_hash_for_each_nolock
00a380 000140 T libcfs_debug_msg
00c0e0 0001a0 T libcfs_debug_dumplog
00e3d0 0004af t libcfs_run_lbug_upcall
00e87f 0000a0 T lbug_with_loc
00e920 0000c0 T libcfs_call_trace
00e9e0 000040 T libcfs_debug_dumpstack
01b420 000370 t cfs_wi_scheduler
01f5a0 000290 t tracefiled
052a40 000020 d libcfs_debug
`,
  OE,
);

export const LNET = layout(
  "lnet",
  0xe3000,
  0x9b000,
  `
003b20 000290 T LNetPut
004d10 0002b0 T LNetGet
01ab10 000360 T lnet_parse
02e880 0002f0 t lnet_monitor_thread
03f4f0 0000a0 T libcfs_nid2str_r
0c2c00 000020 d the_lnet
`,
  OE,
);

export const KSOCKLND = layout(
  "ksocklnd",
  0x32000,
  0x22000,
  `
00c1f0 000560 T ksocknal_scheduler
00d3a0 000480 T ksocknal_connd
00e2f0 0002e0 T ksocknal_reaper
`,
  OE,
);

export const OBDCLASS = layout(
  "obdclass",
  0x1e1000,
  0x160000,
  `
004c30 000180 T class_export_get
004db0 0001b0 T class_export_put
024a60 000290 T lu_object_find_at
05e2f0 000230 T obd_zombie_impexp_thread
0dc1c0 000120 T llog_process_thread
`,
  OE,
);

export const PTLRPC = layout(
  "ptlrpc",
  0x22e000,
  0x1a0000,
  `
000000 000050 T lock_res_and_lock
000050 000030 T unlock_res_and_lock
0012a0 0000c0 T ldlm_lock_get
001d90 0001c0 T ldlm_lock_put
002f60 0001b0 t ldlm_work_bl_ast_lock
003110 000170 t ldlm_work_cp_ast_lock
004a20 000470 T ldlm_lock_addref_internal_nolock
006f10 0002b0 T ldlm_run_ast_work
0071c0 000550 T ldlm_reprocess_queue
007710 0002e0 T ldlm_handle_conflict_lock
0079f0 0007a0 T ldlm_lock_enqueue
00a5e0 0002c0 T ldlm_lock_cancel
00f210 0003e0 T ldlm_resource_get
010c40 000150 T ldlm_resource_putref
011d80 000260 T ldlm_resource_dump
012330 000190 T ldlm_namespace_dump
0125c0 000090 t ldlm_res_hash_dump
01a2e0 0002d0 T ldlm_extent_shift_kms
01c4a0 000620 t ldlm_extent_compat_queue
01d8c0 000580 T ldlm_process_extent_lock
021bf0 000470 T ldlm_completion_ast
022c30 0004c0 T ldlm_cli_enqueue_local
0250d0 000370 T ldlm_cli_enqueue
02a930 000420 T ldlm_server_blocking_ast
02ad50 000480 T ldlm_server_completion_ast
02b1d0 000310 T ldlm_server_glimpse_ast
02bb50 000320 t ldlm_bl_thread_main
02c8a0 0001f0 t expired_lock_main
02f8e0 001100 T ldlm_handle_enqueue0
0309e0 0004b0 T ldlm_handle_cancel
036bc0 0002e0 t ldlm_pools_thread_main
047a10 001e80 T ptlrpc_check_set
049890 0004a0 T ptlrpc_set_wait
04bd20 0002c0 T ptlrpc_queue_wait
05f4d0 000190 t ptlrpc_wait_event
060e20 000ad0 t ptlrpc_server_handle_request
061b10 000e10 t ptlrpc_main
0633a0 000380 t ptlrpc_hr_main
0694b0 000160 t ptlrpc_pinger_main
06e1c0 000670 t ptlrpcd
07d4c0 000060 T lustre_swab_ldlm_request
07d520 000050 T lustre_swab_ldlm_reply
0c4f10 000250 T tgt_enqueue
0c5160 000230 T tgt_convert
0c8d60 000b00 T tgt_request_handle
0ca910 000390 T tgt_extent_lock
0cad10 000170 t tgt_brw_lock
0cc9a0 000f20 T tgt_brw_read
0cd8c0 0012a0 T tgt_brw_write
1a7e80 000300 D tgt_dlm_handlers
1a9b40 000018 D lock_handle_ops
1ab2e0 000060 D RQF_LDLM_ENQUEUE
1b3200 000010 D ldlm_srv_namespace_list
1b3210 000010 D ldlm_cli_active_namespace_list
1b3220 000010 D ldlm_cli_inactive_namespace_list
`,
  OE,
);

export const FLD = layout("fld", 0x14000, 0xc000, "\n003120 0001a0 T fld_client_lookup\n", OE);
export const FID = layout("fid", 0x12000, 0xa000, "\n001e70 000210 T seq_client_alloc_fid\n", OE);
export const LOV = layout("lov", 0x53000, 0x3c000, "\n011b90 0003a0 T lov_io_init\n", OE);
export const MDC = layout("mdc", 0x40000, 0x2d000, "\n0093e0 000460 T mdc_enqueue\n", OE);
export const LMV = layout("lmv", 0x2e000, 0x20000, "\n0068d0 0002c0 T lmv_intent_lock\n", OE);
export const OSC = layout(
  "osc",
  0x60000,
  0x46000,
  "\n00b2d0 000480 T osc_enqueue_base\n02f6a0 000240 t osc_cache_shrink\n",
  OE,
);
export const MGC = layout("mgc", 0x12000, 0xb000, "\n0047c0 000540 t mgc_requeue_thread\n", OE);

export const LUSTRE = layout(
  "lustre",
  0xf8000,
  0xbc000,
  `
004ae0 0002d0 T ll_md_blocking_ast
0165b0 000380 t ll_put_grouplock.isra.46
016930 000520 t ll_get_grouplock
01ac10 000460 t ll_file_read_iter
01cfd0 0006a0 t ll_file_open
01f650 000210 t ll_file_release
028d60 004a20 t ll_file_ioctl
02d780 000150 t ll_file_flock
06a1f0 0004e0 t ll_statahead_thread
06b470 0003f0 t ll_agl_thread
0c0620 000100 D ll_file_operations
0c0720 000100 D ll_file_operations_flock
0c0820 000100 D ll_dir_operations
0e52c0 000080 D lustre_fs_type
`,
  OE,
);

/** Server-only modules of the combined MGS/MDS/OSS (server_load). */
export const LDISKFS = layout("ldiskfs", 0x8d000, 0x6a000, "\n01e7a0 0002a0 T ldiskfs_map_blocks\n", OE);
export const OSD_LDISKFS = layout(
  "osd_ldiskfs",
  0xbc000,
  0x8c000,
  "\n00f380 0003c0 T osd_write\n01c0b0 000260 t osd_scrub_main\n",
  OE,
);
export const LQUOTA = layout("lquota", 0x5c000, 0x44000, "\n00d6b0 000320 t qsd_upd_thread\n", OE);
export const LFSCK = layout("lfsck", 0xb8000, 0x8a000, "\n0036a0 000260 t lfsck_master_engine\n", OE);
export const MDD = layout("mdd", 0x5e000, 0x46000, "\n013a20 0004a0 T mdd_unlink\n", OE);
export const LOD = layout("lod", 0x7a000, 0x5b000, "\n00a6c0 000350 T lod_object_lock\n", OE);
export const OSP = layout(
  "osp",
  0x5e000,
  0x47000,
  "\n00e420 000340 t osp_precreate_thread\n01b900 000410 t osp_sync_thread\n",
  OE,
);
export const MDT = layout(
  "mdt",
  0xbf000,
  0x90000,
  `
00d550 000270 t mdt_object_local_lock
00f8e0 0006a0 T mdt_getattr_name_lock
0270d0 000920 t mdt_reint_unlink
`,
  OE,
);
export const MGS = layout("mgs", 0x55000, 0x3e000, "\n009e30 000230 t mgs_ir_notify\n", OE);
export const OFD = layout(
  "ofd",
  0x8b000,
  0x67000,
  "\n00b9d0 000690 T ofd_preprw\n00cb40 0007a0 T ofd_commitrw\n",
  OE,
);
export const OST = layout("ost", 0x11000, 0x9000, "\n0008a0 000130 t ost_setup\n", OE);

/** The usual modules of a CentOS 7.6 KVM guest, load order, [name, core_size, a few functions]. */
export const CENTOS_MODULES: [string, number, string[]][] = [
  ["dm_mod", 124407, ["dm_request", "dm_ctl_ioctl", "dm_get_table_device"]],
  ["dm_log", 18411, ["dm_dirty_log_create"]],
  ["dm_region_hash", 20813, ["dm_rh_update_states"]],
  ["dm_mirror", 22289, ["mirror_map"]],
  ["virtio", 14959, ["register_virtio_driver"]],
  ["virtio_ring", 22991, ["virtqueue_add_outbuf", "vring_interrupt"]],
  ["virtio_pci", 22985, ["vp_notify", "vp_interrupt"]],
  ["libata", 243133, ["ata_scsi_queuecmd", "ata_sff_hsm_move", "ata_qc_issue"]],
  ["ata_piix", 35052, ["piix_init_one"]],
  ["floppy", 69432, ["floppy_queue_rq", "fd_timer_workfn"]],
  ["serio_raw", 13434, ["serio_raw_read"]],
  ["crct10dif_common", 12595, ["crc_t10dif_generic"]],
  ["crct10dif_pclmul", 14307, ["crc_t10dif_pcl"]],
  ["crc32c_intel", 22094, ["crc32c_pcl_intel_update"]],
  ["virtio_blk", 18423, ["virtio_queue_rq", "virtblk_done"]],
  ["virtio_net", 28063, ["virtnet_poll", "start_xmit", "skb_recv_done"]],
  ["virtio_console", 28114, ["port_fops_read", "control_work_handler"]],
  ["pata_acpi", 13053, ["pacpi_init_one"]],
  ["ata_generic", 12923, ["ata_generic_init_one"]],
  ["crc_t10dif", 12912, ["crc_t10dif"]],
  ["crct10dif_generic", 12647, ["chksum_update"]],
  ["sd_mod", 46281, ["sd_init_command", "sd_done"]],
  ["libcrc32c", 12644, ["crc32c"]],
  ["xfs", 997127, ["xfs_file_aio_read", "xfs_file_aio_write", "xfsaild", "xfs_iget", "xfs_log_force"]],
  ["ip_tables", 27126, ["ipt_do_table"]],
  ["iptable_filter", 12810, ["iptable_filter_hook"]],
  ["i2c_core", 63151, ["i2c_transfer"]],
  ["i2c_piix4", 22401, ["piix4_access"]],
  ["parport", 46395, ["parport_claim"]],
  ["parport_pc", 28205, ["parport_pc_probe_port"]],
  ["ppdev", 17671, ["pp_ioctl"]],
  ["joydev", 17389, ["joydev_event"]],
  ["pcspkr", 12718, ["pcspkr_event"]],
  ["virtio_balloon", 18015, ["balloon", "update_balloon_stats"]],
  ["sg", 40721, ["sg_ioctl", "sg_read"]],
  ["ttm", 96673, ["ttm_bo_validate"]],
  ["drm", 456166, ["drm_ioctl", "drm_read"]],
  ["drm_kms_helper", 179394, ["drm_fb_helper_set_par"]],
  ["syscopyarea", 12529, ["sys_copyarea"]],
  ["sysfillrect", 12701, ["sys_fillrect"]],
  ["sysimgblt", 12640, ["sys_imageblit"]],
  ["fb_sys_fops", 12703, ["fb_sys_read"]],
  ["cirrus", 24383, ["cirrus_device_init"]],
  ["sunrpc", 358543, ["svc_recv", "rpc_execute", "svc_process"]],
];

/** A layout for a CentOS module: its functions spread over the text, data after. */
export function centosLayout(name: string, size: number, fns: readonly string[]): ModuleLayout {
  const coreSize = Math.ceil(size / 4096) * 4096;
  const textSize = Math.floor((coreSize * 0.7) / 16) * 16;
  const step = Math.floor(textSize / (fns.length + 1) / 16) * 16;
  const symbols: ModuleSymbolDef[] = fns.map((fn, i) => ({
    name: fn,
    offset: 0x40 + i * step,
    size: Math.min(step - 0x10, 0x180 + ((fn.length * 0x37) & 0x3f0)),
    kind: "t",
  }));
  return { name, coreSize, textSize, symbols };
}
