/**
 * Lustre 2.12.3 structure layouts (ptlrpc.ko / obdclass.ko / lustre.ko debuginfo), as data.
 * Offsets the talk shows are exact (ldlm_resource SIZE 0xb0, ldlm_lock SIZE 0x230, ptlrpc_request
 * SIZE 0x450, obd_export.exp_connection 0x118, ptlrpc_connection.c_peer 0x18); the others follow
 * the 2.12 member order with natural alignment.
 */
export const LUSTRE_TYPES = `
typedef __u64 lnet_nid_t;
typedef __u32 lnet_pid_t;
typedef void (*ldlm_completion_callback)(struct ldlm_lock *, __u64, void *);
typedef int (*ldlm_blocking_callback)(struct ldlm_lock *, struct ldlm_lock_desc *, void *, int);
typedef int (*ldlm_glimpse_callback)(struct ldlm_lock *, void *);

enum ldlm_mode {
  LCK_MINMODE = 0,
  LCK_EX = 1,
  LCK_PW = 2,
  LCK_PR = 4,
  LCK_CW = 8,
  LCK_CR = 16,
  LCK_NL = 32,
  LCK_GROUP = 64,
  LCK_COS = 128,
  LCK_MAXMODE = 129
};
enum ldlm_type {
  LDLM_PLAIN = 10,
  LDLM_EXTENT = 11,
  LDLM_FLOCK = 12,
  LDLM_IBITS = 13,
  LDLM_MAX_TYPE = 14
};
enum ldlm_side {
  LDLM_NAMESPACE_SERVER = 1,
  LDLM_NAMESPACE_CLIENT = 2
};
enum ldlm_appetite {
  LDLM_NAMESPACE_GREEDY = 1,
  LDLM_NAMESPACE_MODEST = 2
};
enum lvb_type {
  LVB_T_NONE = 0,
  LVB_T_OST = 1,
  LVB_T_LQUOTA = 2,
  LVB_T_LAYOUT = 3
};
enum req_location {
  RCL_CLIENT = 0,
  RCL_SERVER = 1,
  RCL_NR = 2
};

struct lu_ref {
} SIZE 0x0;
struct lnet_process_id {
  [0x0] lnet_nid_t nid;
  [0x8] lnet_pid_t pid;
} SIZE 0x10;
struct lnet_handle_md {
  __u64 cookie;
};
struct lustre_handle {
  __u64 cookie;
};
struct obd_uuid {
  char uuid[40];
};
struct portals_handle_ops {
  void (*hop_addref)(void *);
  void (*hop_free)(void *, int);
};
struct portals_handle {
  [0x0] struct list_head h_link;
  [0x10] __u64 h_cookie;
  [0x18] const void *h_owner;
  [0x20] struct portals_handle_ops *h_ops;
  [0x28] struct rcu_head h_rcu;
  [0x38] spinlock_t h_lock;
  [0x3c] unsigned int h_size : 31, h_in : 1;
} SIZE 0x40;
struct ldlm_res_id {
  __u64 name[4];
};
struct ldlm_extent {
  __u64 start;
  __u64 end;
  __u64 gid;
};
struct ldlm_inodebits {
  __u64 bits;
  __u64 try_bits;
};
struct ldlm_flock {
  __u64 start;
  __u64 end;
  __u64 owner;
  __u64 blocking_owner;
  struct obd_export *blocking_export;
  atomic_t blocking_refs;
  __u32 pid;
};
union ldlm_policy_data {
  struct ldlm_extent l_extent;
  struct ldlm_flock l_flock;
  struct ldlm_inodebits l_inodebits;
};
struct interval_node_extent {
  __u64 start;
  __u64 end;
};
struct interval_node {
  [0x0] struct interval_node *in_left;
  [0x8] struct interval_node *in_right;
  [0x10] struct interval_node *in_parent;
  [0x18] unsigned int in_color : 1, in_res1 : 31;
  [0x20] __u64 in_max_high;
  [0x28] struct interval_node_extent in_extent;
} SIZE 0x38;
struct ldlm_interval {
  [0x0] struct interval_node li_node;
  [0x38] struct list_head li_group;
} SIZE 0x48;
struct ldlm_interval_tree {
  [0x0] int lit_size;
  [0x4] enum ldlm_mode lit_mode;
  [0x8] struct interval_node *lit_root;
} SIZE 0x10;

struct ldlm_resource {
  [0x0] struct ldlm_ns_bucket *lr_ns_bucket;
  [0x8] struct hlist_node lr_hash;
  [0x18] atomic_t lr_refcount;
  [0x1c] spinlock_t lr_lock;
  [0x20] struct list_head lr_granted;
  [0x30] struct list_head lr_waiting;
  [0x40] struct ldlm_res_id lr_name;
  union {
    [0x60] struct ldlm_interval_tree *lr_itree;
    [0x60] struct ldlm_ibits_queues *lr_ibits_queues;
  };
  union {
    [0x68] time64_t lr_contention_time;
    [0x68] struct inode *lr_lvb_inode;
  };
  [0x70] enum ldlm_type lr_type;
  [0x74] int lr_lvb_len;
  [0x78] struct mutex lr_lvb_mutex;
  [0xa0] void *lr_lvb_data;
  [0xa8] bool lr_lvb_initialized;
  [0xa9] struct lu_ref lr_reference;
} SIZE 0xb0;

struct ldlm_lock {
  [0x0] struct portals_handle l_handle;
  [0x40] atomic_t l_refc;
  [0x44] spinlock_t l_lock;
  [0x48] struct ldlm_resource *l_resource;
  [0x50] struct list_head l_lru;
  [0x60] struct list_head l_res_link;
  union {
    [0x70] struct ldlm_interval *l_tree_node;
    [0x70] struct ldlm_ibits_node *l_ibits_node;
  };
  [0x78] struct hlist_node l_exp_hash;
  [0x88] struct hlist_node l_exp_flock_hash;
  [0x98] enum ldlm_mode l_req_mode;
  [0x9c] enum ldlm_mode l_granted_mode;
  [0xa0] ldlm_completion_callback l_completion_ast;
  [0xa8] ldlm_blocking_callback l_blocking_ast;
  [0xb0] ldlm_glimpse_callback l_glimpse_ast;
  [0xb8] struct obd_export *l_export;
  [0xc0] struct obd_export *l_conn_export;
  [0xc8] struct lustre_handle l_remote_handle;
  [0xd0] union ldlm_policy_data l_policy_data;
  [0x100] __u64 l_flags;
  [0x108] __u32 l_readers;
  [0x10c] __u32 l_writers;
  [0x110] wait_queue_head_t l_waitq;
  [0x128] time64_t l_last_used;
  [0x130] struct ldlm_extent l_req_extent;
  [0x148] __u32 l_lvb_len;
  [0x14c] enum lvb_type l_lvb_type;
  [0x150] void *l_lvb_data;
  [0x158] void *l_ast_data;
  union {
    [0x160] time64_t l_activity;
    [0x160] time64_t l_blast_sent;
  };
  [0x168] __u64 l_client_cookie;
  [0x170] struct list_head l_pending_chain;
  [0x180] time64_t l_callback_timeout;
  [0x188] struct list_head l_exp_refs_link;
  [0x198] struct obd_export *l_exp_refs_target;
  [0x1a0] __u64 l_version[4];
  [0x1c0] __u32 l_pid;
  [0x1c4] int l_bl_ast_run;
  [0x1c8] struct list_head l_bl_ast;
  [0x1d8] struct list_head l_cp_ast;
  [0x1e8] struct list_head l_rk_ast;
  [0x1f8] struct ldlm_lock *l_blocking_lock;
  [0x200] struct list_head l_sl_mode;
  [0x210] struct list_head l_sl_policy;
  [0x220] struct lu_ref l_reference;
  [0x220] struct list_head l_exp_list;
} SIZE 0x230;

struct adaptive_timeout {
  [0x0] time64_t at_binstart;
  [0x8] unsigned int at_hist[4];
  [0x18] unsigned int at_flags;
  [0x1c] unsigned int at_current;
  [0x20] unsigned int at_worst_ever;
  [0x28] time64_t at_worst_time;
  [0x30] spinlock_t at_lock;
} SIZE 0x38;
struct ldlm_ns_bucket {
  [0x0] struct ldlm_namespace *nsb_namespace;
  [0x8] struct adaptive_timeout nsb_at_estimate;
  [0x40] atomic_t nsb_count;
} SIZE 0x48;
struct ldlm_pool {
  [0x0] struct dentry *pl_debugfs_entry;
  [0x8] char pl_name[100];
  [0x6c] spinlock_t pl_lock;
  [0x70] atomic_t pl_limit;
  [0x74] atomic_t pl_granted;
  [0x78] atomic_t pl_grant_rate;
  [0x7c] atomic_t pl_cancel_rate;
  [0x80] __u64 pl_server_lock_volume;
  [0x88] __u64 pl_client_lock_volume;
  [0x90] atomic_t pl_lock_volume_factor;
  [0x98] time64_t pl_recalc_time;
  [0xa0] time64_t pl_recalc_period;
  [0xa8] struct ldlm_pool_ops *pl_ops;
  [0xb0] int pl_grant_plan;
  [0xb8] struct lprocfs_stats *pl_stats;
} SIZE 0x190;
struct ldlm_namespace {
  [0x0] struct obd_device *ns_obd;
  [0x8] enum ldlm_side ns_client;
  [0x10] char *ns_name;
  [0x18] struct cfs_hash *ns_rs_hash;
  [0x20] struct ldlm_ns_bucket *ns_rs_buckets;
  [0x28] unsigned int ns_bucket_bits;
  [0x2c] spinlock_t ns_lock;
  [0x30] atomic_t ns_bref;
  [0x34] enum ldlm_appetite ns_appetite;
  [0x38] struct list_head ns_list_chain;
  [0x48] struct list_head ns_unused_list;
  [0x58] int ns_nr_unused;
  [0x5c] unsigned int ns_max_unused;
  [0x60] time64_t ns_max_age;
  [0x68] unsigned int ns_ctime_age_limit;
  [0x6c] unsigned int ns_max_parallel_ast;
  [0x70] struct ldlm_pool ns_pool;
  [0x200] struct ldlm_valblock_ops *ns_lvbo;
  [0x208] void *ns_lvbp;
  [0x210] wait_queue_head_t ns_waitq;
  [0x228] unsigned long ns_flags;
  [0x230] unsigned int ns_timeouts;
  [0x234] unsigned int ns_contended_locks;
  [0x238] time64_t ns_contention_time;
  [0x240] unsigned int ns_contention_time_max;
  [0x248] time64_t ns_last_pos;
  [0x258] struct completion ns_kobj_unregister;
  [0x278] struct lprocfs_stats *ns_stats;
  [0x280] unsigned int ns_dirty_age_limit;
  [0x284] unsigned int ns_stopping : 1;
} SIZE 0x290;

struct cfs_hash {
  [0x0] union {
    [0x0] rwlock_t rw;
    [0x0] spinlock_t spin;
  } hs_lock;
  [0x8] struct cfs_hash_lock_ops *hs_lops;
  [0x10] struct cfs_hash_hash_ops *hs_hops;
  [0x18] struct cfs_hash_bucket **hs_buckets;
  [0x20] atomic_t hs_count;
  [0x24] __u16 hs_flags;
  [0x26] __u16 hs_extra_bytes;
  [0x28] __u8 hs_iterating;
  [0x29] __u8 hs_exiting;
  [0x2a] __u8 hs_cur_bits;
  [0x2b] __u8 hs_min_bits;
  [0x2c] __u8 hs_max_bits;
  [0x2d] __u8 hs_rehash_bits;
  [0x2e] __u8 hs_bkt_bits;
  [0x30] __u16 hs_min_theta;
  [0x32] __u16 hs_max_theta;
  [0x34] __u32 hs_rehash_count;
  [0x38] __u32 hs_iterators;
  [0x40] struct work_struct hs_rehash_work;
  [0x60] atomic_t hs_refcount;
  [0x68] struct cfs_hash_bucket **hs_rehash_buckets;
  [0x70] char hs_name[16];
} SIZE 0x80;

struct ptlrpc_connection {
  [0x0] struct hlist_node c_hash;
  [0x10] lnet_nid_t c_self;
  [0x18] struct lnet_process_id c_peer;
  [0x28] struct obd_uuid c_remote_uuid;
  [0x50] atomic_t c_refcount;
} SIZE 0x58;

struct obd_export {
  [0x0] struct portals_handle exp_handle;
  [0x40] atomic_t exp_refcount;
  [0x44] atomic_t exp_rpc_count;
  [0x48] atomic_t exp_cb_count;
  [0x4c] atomic_t exp_replay_count;
  [0x50] atomic_t exp_locks_count;
  [0x54] struct obd_uuid exp_client_uuid;
  [0x80] struct list_head exp_obd_chain;
  [0x90] struct work_struct exp_zombie_work;
  [0xb0] struct list_head exp_stale_list;
  [0xc0] struct hlist_node exp_uuid_hash;
  [0xd0] struct hlist_node exp_nid_hash;
  [0xe0] struct hlist_node exp_gen_hash;
  [0xf0] struct list_head exp_obd_chain_timed;
  [0x100] struct obd_device *exp_obd;
  [0x108] struct obd_import *exp_imp_reverse;
  [0x110] struct nid_stat *exp_nid_stats;
  [0x118] struct ptlrpc_connection *exp_connection;
  [0x120] __u32 exp_conn_cnt;
  [0x128] struct cfs_hash *exp_lock_hash;
  [0x130] struct cfs_hash *exp_flock_hash;
  [0x138] struct list_head exp_outstanding_replies;
  [0x148] struct list_head exp_uncommitted_replies;
  [0x158] spinlock_t exp_uncommitted_replies_lock;
  [0x160] __u64 exp_last_committed;
  [0x168] time64_t exp_last_request_time;
  [0x170] struct list_head exp_req_replay_queue;
  [0x180] spinlock_t exp_lock;
  [0x188] __u64 exp_connect_flags;
  [0x190] __u64 exp_connect_flags2;
  [0x198] int exp_flags;
  [0x1a0] time64_t exp_flvr_expire[2];
  [0x1b0] struct list_head exp_locks_list;
  [0x1c0] spinlock_t exp_locks_list_guard;
  [0x1c8] struct list_head exp_hp_rpcs;
  [0x1d8] struct list_head exp_reg_rpcs;
  [0x1e8] struct list_head exp_bl_list;
  [0x1f8] spinlock_t exp_bl_list_lock;
} SIZE 0x380;

struct obd_type {
  [0x0] struct list_head typ_chain;
  [0x10] struct obd_ops *typ_dt_ops;
  [0x18] struct md_ops *typ_md_ops;
  [0x20] struct proc_dir_entry *typ_procroot;
  [0x30] char *typ_name;
  [0x38] int typ_refcnt;
} SIZE 0x60;
struct obd_device {
  [0x0] struct obd_type *obd_type;
  [0x8] __u32 obd_magic;
  [0xc] int obd_minor;
  [0x10] struct lu_device *obd_lu_dev;
  [0x18] struct obd_uuid obd_uuid;
  [0x40] char obd_name[128];
  [0xc0] unsigned long obd_attached : 1, obd_set_up : 1, obd_recovering : 1, obd_abort_recovery : 1, obd_version_recov : 1, obd_replayable : 1, obd_no_transno : 1, obd_no_recov : 1, obd_stopping : 1, obd_starting : 1, obd_force : 1, obd_fail : 1, obd_no_conn : 1, obd_inactive : 1, obd_no_ir : 1, obd_process_conf : 1, obd_uses_nid_stats : 1, obd_checksum_dump : 1;
  [0xc8] unsigned long obd_recovery_expired : 1;
  [0xd0] struct cfs_hash *obd_uuid_hash;
  [0xd8] struct cfs_hash *obd_nid_hash;
  [0xe0] struct cfs_hash *obd_nid_stats_hash;
  [0xe8] struct cfs_hash *obd_gen_hash;
  [0xf0] struct list_head obd_nid_stats;
  [0x100] struct list_head obd_exports;
  [0x110] struct list_head obd_unlinked_exports;
  [0x120] struct list_head obd_delayed_exports;
  [0x130] struct list_head obd_lwp_list;
  [0x140] atomic_t obd_refcount;
  [0x144] int obd_num_exports;
  [0x148] spinlock_t obd_nid_lock;
  [0x150] struct ldlm_namespace *obd_namespace;
  [0x158] struct ptlrpc_client obd_ldlm_client;
  [0x170] struct obd_export *obd_self_export;
  [0x178] struct obd_export *obd_lwp_export;
} SIZE 0x1078;
struct ptlrpc_client {
  [0x0] __u32 cli_request_portal;
  [0x4] __u32 cli_reply_portal;
  [0x8] char *cli_name;
} SIZE 0x18;

struct lustre_msg_v2 {
  [0x0] __u32 lm_bufcount;
  [0x4] __u32 lm_secflvr;
  [0x8] __u32 lm_magic;
  [0xc] __u32 lm_repsize;
  [0x10] __u32 lm_cksum;
  [0x14] __u32 lm_flags;
  [0x18] __u32 lm_padding_2;
  [0x1c] __u32 lm_padding_3;
  [0x20] __u32 lm_buflens[0];
} SIZE 0x20;
struct ptlrpc_body_v3 {
  [0x0] struct lustre_handle pb_handle;
  [0x8] __u32 pb_type;
  [0xc] __u32 pb_version;
  [0x10] __u32 pb_opc;
  [0x14] __u32 pb_status;
  [0x18] __u64 pb_last_xid;
  [0x20] __u16 pb_tag;
  [0x22] __u16 pb_padding0;
  [0x24] __u32 pb_padding1;
  [0x28] __u64 pb_last_committed;
  [0x30] __u64 pb_transno;
  [0x38] __u32 pb_flags;
  [0x3c] __u32 pb_op_flags;
  [0x40] __u32 pb_conn_cnt;
  [0x44] __u32 pb_timeout;
  [0x48] __u32 pb_service_time;
  [0x4c] __u32 pb_limit;
  [0x50] __u64 pb_slv;
  [0x58] __u64 pb_pre_versions[4];
  [0x78] __u64 pb_mbits;
  [0x80] __u64 pb_padding64_0;
  [0x88] __u64 pb_padding64_1;
  [0x90] __u64 pb_padding64_2;
  [0x98] char pb_jobid[32];
} SIZE 0xb8;
struct req_capsule {
  [0x0] struct ptlrpc_request *rc_req;
  [0x8] const struct req_format *rc_fmt;
  [0x10] enum req_location rc_loc;
  [0x14] __u32 rc_area[2][11];
} SIZE 0x70;
struct ptlrpc_cb_id {
  void (*cbid_fn)(struct lnet_event *);
  void *cbid_arg;
};
struct ptlrpc_request {
  [0x0] int rq_type;
  [0x4] int rq_status;
  [0x8] struct list_head rq_list;
  [0x18] spinlock_t rq_lock;
  [0x1c] spinlock_t rq_early_free_lock;
  [0x20] unsigned int rq_intr : 1, rq_replied : 1, rq_err : 1, rq_timedout : 1, rq_resend : 1, rq_restart : 1, rq_replay : 1, rq_no_resend : 1, rq_waiting : 1, rq_receiving_reply : 1, rq_no_delay : 1, rq_net_err : 1, rq_wait_ctx : 1, rq_early : 1, rq_req_unlinked : 1, rq_reply_unlinked : 1, rq_memalloc : 1, rq_committed : 1, rq_reply_truncated : 1, rq_invalid_rqset : 1, rq_generation_set : 1, rq_no_reply : 1, rq_resend_cb : 1, rq_allow_replay : 1, rq_bulk_read : 1, rq_bulk_write : 1, rq_hp : 1, rq_early_free_repbuf : 1;
  [0x24] unsigned int rq_nr_resend;
  [0x28] int rq_phase;
  [0x2c] int rq_next_phase;
  [0x30] atomic_t rq_refcount;
  [0x34] int rq_request_portal;
  [0x38] int rq_reply_portal;
  [0x3c] int rq_reqlen;
  [0x40] int rq_replen;
  [0x48] struct lustre_msg_v2 *rq_reqmsg;
  [0x50] struct lustre_msg_v2 *rq_repmsg;
  [0x58] __u64 rq_transno;
  [0x60] __u64 rq_xid;
  [0x68] __u64 rq_mbits;
  [0x70] struct list_head rq_replay_list;
  [0x80] struct list_head rq_unreplied_list;
  [0x90] struct ptlrpc_cli_ctx *rq_cli_ctx;
  [0x98] struct ptlrpc_svc_ctx *rq_svc_ctx;
  [0xa0] struct list_head rq_ctx_chain;
  [0xc8] int rq_sp_from;
  [0xd0] struct lustre_msg_v2 *rq_reqbuf;
  [0xd8] char *rq_repbuf;
  [0xe0] struct lustre_msg_v2 *rq_repdata;
  [0xe8] struct lustre_msg_v2 *rq_clrbuf;
  [0xf0] int rq_reqbuf_len;
  [0xf4] int rq_reqdata_len;
  [0xf8] int rq_repbuf_len;
  [0xfc] int rq_repdata_len;
  [0x100] int rq_clrbuf_len;
  [0x104] int rq_clrdata_len;
  [0x108] unsigned int rq_reply_off;
  [0x10c] __u32 rq_req_swab_mask;
  [0x110] __u32 rq_rep_swab_mask;
  [0x114] int rq_import_generation;
  [0x118] int rq_send_state;
  [0x11c] unsigned int rq_early_count;
  [0x120] struct lnet_handle_md rq_req_md_h;
  [0x128] struct ptlrpc_cb_id rq_req_cbid;
  [0x138] time64_t rq_delay_limit;
  [0x140] time64_t rq_queued_time;
  [0x148] struct timespec rq_arrival_time;
  [0x158] struct ptlrpc_reply_state *rq_reply_state;
  [0x160] struct ptlrpc_request_buffer_desc *rq_rqbd;
  [0x168] struct list_head rq_timed_list;
  [0x178] struct list_head rq_exp_list;
  [0x188] struct list_head rq_history_list;
  [0x198] __u64 rq_history_seq;
  [0x1a8] __u32 rq_at_index;
  [0x1b0] struct list_head rq_srv_list;
  [0x390] struct obd_export *rq_export;
  [0x398] struct obd_import *rq_import;
  [0x3a0] lnet_nid_t rq_self;
  [0x3a8] struct lnet_process_id rq_peer;
  [0x3b8] struct lnet_process_id rq_source;
  [0x3c8] time_t rq_timeout;
  [0x3d0] time64_t rq_sent;
  [0x3d8] time64_t rq_deadline;
  [0x3e0] struct req_capsule rq_pill;
} SIZE 0x450;
struct ptlrpc_request_buffer_desc {
  [0x0] struct list_head rqbd_list;
  [0x10] struct list_head rqbd_reqs;
  [0x20] struct ptlrpc_service_part *rqbd_svcpt;
  [0x28] struct lnet_handle_md rqbd_md_h;
  [0x30] int rqbd_refcount;
  [0x38] char *rqbd_buffer;
  [0x40] struct ptlrpc_cb_id rqbd_cbid;
  [0x50] struct ptlrpc_request rqbd_req;
} SIZE 0x4a0;
struct ldlm_cb_set_arg {
  [0x0] struct ptlrpc_request_set *set;
  [0x8] int type;
  [0xc] atomic_t restart;
  [0x10] struct list_head *list;
  [0x18] union ldlm_gl_desc *gl_desc;
  [0x28] __u64 ast_count;
} SIZE 0x30;

struct ll_readahead_state {
  [0x0] spinlock_t ras_lock;
  [0x8] unsigned long ras_requests;
  [0x10] unsigned long ras_request_index;
  [0x18] unsigned long ras_consecutive_requests;
  [0x20] unsigned long ras_consecutive_pages;
  [0x28] unsigned long ras_window_start;
  [0x30] unsigned long ras_window_len;
  [0x38] unsigned long ras_next_readahead;
  [0x40] unsigned long ras_rpc_size;
  [0x48] unsigned long ras_last_readpage;
  [0x50] unsigned long ras_consecutive_stride_requests;
  [0x58] unsigned long ras_stride_length;
  [0x60] unsigned long ras_stride_pages;
  [0x68] unsigned long ras_stride_offset;
  [0x70] struct list_head ras_read_beads;
  [0x80] unsigned long ras_async_last_readpage;
} SIZE 0x88;
struct ll_grouplock {
  [0x0] struct lu_env *lg_env;
  [0x8] struct cl_io *lg_io;
  [0x10] struct cl_lock *lg_lock;
  [0x18] unsigned long lg_gid;
} SIZE 0x20;
struct ll_file_data {
  [0x0] struct ll_readahead_state fd_ras;
  [0x88] struct ll_grouplock fd_grouplock;
  [0xa8] __u64 lfd_pos;
  [0xb0] __u32 fd_flags;
  [0xb4] fmode_t fd_omode;
  [0xc0] unsigned int fd_write_failed : 1;
  [0xc8] struct list_head fd_lccs;
} SIZE 0xd8;
`;
