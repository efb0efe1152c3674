/**
 * Linux 3.10.0-957.21.3.el7.x86_64 structure layouts, as data (the defineTypes text format, shaped
 * like crash's `struct -o`). Offsets follow the CentOS 7 build where the talk shows them; members it
 * never shows are laid out plausibly and naturally aligned. Large structures list only the members
 * a debugger session reaches (crash's `-o` output would show the jumps between them).
 */
export const CORE_TYPES = `
typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef unsigned long long u64;
typedef signed char s8;
typedef short s16;
typedef int s32;
typedef long long s64;
typedef unsigned char __u8;
typedef unsigned short __u16;
typedef unsigned int __u32;
typedef unsigned long long __u64;
typedef int __s32;
typedef long long __s64;
typedef _Bool bool;
typedef unsigned int gfp_t;
typedef unsigned int fmode_t;
typedef unsigned short umode_t;
typedef unsigned int dev_t;
typedef long long loff_t;
typedef unsigned long sector_t;
typedef unsigned long blkcnt_t;
typedef long time_t;
typedef long long time64_t;
typedef int pid_t;
typedef unsigned long long cycle_t;
typedef struct { unsigned int val; } kuid_t;
typedef struct { unsigned int val; } kgid_t;
typedef struct { unsigned long seg; } mm_segment_t;
typedef struct { int counter; } atomic_t;
typedef struct { long counter; } atomic64_t;
typedef atomic64_t atomic_long_t;
typedef struct { unsigned int sequence; } seqcount_t;
typedef union { long long tv64; } ktime_t;
struct qspinlock {
  atomic_t val;
};
typedef struct qspinlock arch_spinlock_t;
struct raw_spinlock {
  arch_spinlock_t raw_lock;
};
typedef struct raw_spinlock raw_spinlock_t;
struct spinlock {
  union {
    [0x0] struct raw_spinlock rlock;
  };
};
typedef struct spinlock spinlock_t;
typedef struct { arch_spinlock_t raw_lock; } arch_rwlock_t;
typedef struct { arch_rwlock_t raw_lock; } rwlock_t;

struct seqcount { unsigned int sequence; };
struct list_head {
  struct list_head *next;
  struct list_head *prev;
};
struct hlist_head {
  struct hlist_node *first;
};
struct percpu_counter {
  [0x0] raw_spinlock_t lock;
  [0x8] s64 count;
  [0x10] struct list_head list;
  [0x20] s32 *counters;
} SIZE 0x28;
struct hlist_node {
  struct hlist_node *next;
  struct hlist_node **pprev;
};
struct hlist_bl_node {
  struct hlist_bl_node *next;
  struct hlist_bl_node **pprev;
};
struct llist_node {
  struct llist_node *next;
};
struct rcu_head {
  struct rcu_head *next;
  void (*func)(struct rcu_head *);
};
struct rb_node {
  unsigned long __rb_parent_color;
  struct rb_node *rb_right;
  struct rb_node *rb_left;
};
struct rb_root {
  struct rb_node *rb_node;
};
struct kref {
  atomic_t refcount;
};
struct timespec {
  time_t tv_sec;
  long tv_nsec;
};
struct cpumask {
  unsigned long bits[80];
};
typedef struct cpumask cpumask_t;
struct load_weight {
  unsigned long weight;
  unsigned long inv_weight;
};
struct mutex {
  [0x0] atomic_t count;
  [0x4] spinlock_t wait_lock;
  [0x8] struct list_head wait_list;
  [0x18] struct task_struct *owner;
  [0x20] void *spin_mlock;
} SIZE 0x28;
struct rw_semaphore {
  [0x0] long count;
  [0x8] raw_spinlock_t wait_lock;
  [0x10] struct list_head wait_list;
  [0x20] struct task_struct *owner;
} SIZE 0x28;
struct __wait_queue_head {
  [0x0] spinlock_t lock;
  [0x8] struct list_head task_list;
} SIZE 0x18;
typedef struct __wait_queue_head wait_queue_head_t;
typedef int (*wait_queue_func_t)(struct __wait_queue *, unsigned int, int, void *);
struct __wait_queue {
  [0x0] unsigned int flags;
  [0x8] void *private;
  [0x10] wait_queue_func_t func;
  [0x18] struct list_head task_list;
} SIZE 0x28;
typedef struct __wait_queue wait_queue_t;
struct completion {
  unsigned int done;
  wait_queue_head_t wait;
};
struct work_struct {
  [0x0] atomic_long_t data;
  [0x8] struct list_head entry;
  [0x18] void (*func)(struct work_struct *);
} SIZE 0x20;

struct thread_info {
  [0x0] struct task_struct *task;
  [0x8] struct exec_domain *exec_domain;
  [0x10] __u32 flags;
  [0x14] __u32 status;
  [0x18] __u32 cpu;
  [0x1c] int saved_preempt_count;
  [0x20] mm_segment_t addr_limit;
  [0x28] struct restart_block restart_block;
  [0x58] void *sysenter_return;
  [0x60] unsigned int sig_on_uaccess_error : 1, uaccess_err : 1;
} SIZE 0x68;
union thread_union {
  [0x0] struct thread_info thread_info;
  [0x0] unsigned long stack[2048];
} SIZE 0x4000;
struct restart_block {
  [0x0] long (*fn)(struct restart_block *);
  [0x8] unsigned long args[5];
} SIZE 0x30;

struct sched_info {
  unsigned long pcount;
  unsigned long long run_delay;
  unsigned long long last_arrival;
  unsigned long long last_queued;
};
struct sched_entity {
  [0x0] struct load_weight load;
  [0x10] struct rb_node run_node;
  [0x28] struct list_head group_node;
  [0x38] unsigned int on_rq;
  [0x40] u64 exec_start;
  [0x48] u64 sum_exec_runtime;
  [0x50] u64 vruntime;
  [0x58] u64 prev_sum_exec_runtime;
  [0x60] u64 nr_migrations;
  [0x68] int depth;
  [0x70] struct sched_entity *parent;
  [0x78] struct cfs_rq *cfs_rq;
  [0x80] struct cfs_rq *my_q;
} SIZE 0xc0;
struct desc_struct {
  unsigned int a;
  unsigned int b;
};
struct thread_struct {
  [0x0] struct desc_struct tls_array[3];
  [0x18] unsigned long sp0;
  [0x20] unsigned long sp;
  [0x28] unsigned long usersp;
  [0x30] unsigned short es;
  [0x32] unsigned short ds;
  [0x34] unsigned short fsindex;
  [0x36] unsigned short gsindex;
  [0x38] unsigned long fs;
  [0x40] unsigned long gs;
  [0x48] struct perf_event *ptrace_bps[4];
  [0x68] unsigned long debugreg6;
  [0x70] unsigned long ptrace_dr7;
  [0x78] unsigned long cr2;
  [0x80] unsigned long trap_nr;
  [0x88] unsigned long error_code;
  [0x90] unsigned long *io_bitmap_ptr;
  [0x98] unsigned long iopl;
  [0xa0] unsigned int io_bitmap_max;
} SIZE 0xc0;

struct task_struct {
  [0x0] volatile long state;
  [0x8] void *stack;
  [0x10] atomic_t usage;
  [0x14] unsigned int flags;
  [0x18] unsigned int ptrace;
  [0x20] struct llist_node wake_entry;
  [0x28] int on_cpu;
  [0x2c] int on_rq;
  [0x30] int prio;
  [0x34] int static_prio;
  [0x38] int normal_prio;
  [0x3c] unsigned int rt_priority;
  [0x40] const struct sched_class *sched_class;
  [0x48] struct sched_entity se;
  [0x2b0] unsigned int policy;
  [0x2b4] int nr_cpus_allowed;
  [0x2b8] cpumask_t cpus_allowed;
  [0x538] struct sched_info sched_info;
  [0x558] struct list_head tasks;
  [0x568] struct rb_node pushable_dl_tasks;
  [0x580] struct mm_struct *mm;
  [0x588] struct mm_struct *active_mm;
  [0x590] int exit_state;
  [0x594] int exit_code;
  [0x598] int exit_signal;
  [0x59c] int pdeath_signal;
  [0x5a0] unsigned int jobctl;
  [0x5a4] unsigned int personality;
  [0x5b0] pid_t pid;
  [0x5b4] pid_t tgid;
  [0x5b8] unsigned long stack_canary;
  [0x5c0] struct task_struct *real_parent;
  [0x5c8] struct task_struct *parent;
  [0x5d0] struct list_head children;
  [0x5e0] struct list_head sibling;
  [0x5f0] struct task_struct *group_leader;
  [0x5f8] struct list_head ptraced;
  [0x608] struct list_head ptrace_entry;
  [0x678] struct list_head thread_group;
  [0x688] struct list_head thread_node;
  [0x698] struct completion *vfork_done;
  [0x6a0] int *set_child_tid;
  [0x6a8] int *clear_child_tid;
  [0x6b0] u64 utime;
  [0x6b8] u64 stime;
  [0x6c0] u64 utimescaled;
  [0x6c8] u64 stimescaled;
  [0x6d0] u64 gtime;
  [0x6f0] unsigned long nvcsw;
  [0x6f8] unsigned long nivcsw;
  [0x700] struct timespec start_time;
  [0x710] struct timespec real_start_time;
  [0x720] unsigned long min_flt;
  [0x728] unsigned long maj_flt;
  [0x780] const struct cred *real_cred;
  [0x788] const struct cred *cred;
  [0x790] char comm[16];
  [0x7a0] int link_count;
  [0x7a4] int total_link_count;
  [0x7b8] unsigned long last_switch_count;
  [0x7c0] struct thread_struct thread;
  [0xa80] struct fs_struct *fs;
  [0xa88] struct files_struct *files;
  [0xa90] struct nsproxy *nsproxy;
  [0xa98] struct signal_struct *signal;
  [0xaa0] struct sighand_struct *sighand;
  [0xaa8] unsigned long blocked;
  [0xab0] unsigned long real_blocked;
  [0xab8] unsigned long saved_sigmask;
  [0xac0] struct sigpending pending;
  [0xad8] unsigned long sas_ss_sp;
  [0xae0] unsigned long sas_ss_size;
  [0xb50] u32 parent_exec_id;
  [0xb54] u32 self_exec_id;
  [0xb58] spinlock_t alloc_lock;
  [0xb5c] raw_spinlock_t pi_lock;
  [0xba0] void *journal_info;
  [0xbb8] struct reclaim_state *reclaim_state;
  [0xbc0] struct backing_dev_info *backing_dev_info;
  [0xbc8] struct io_context *io_context;
  [0xbd0] unsigned long ptrace_message;
  [0xc80] struct mutex cred_guard_mutex;
  [0xca8] u64 acct_rss_mem1;
  [0xcb0] u64 acct_vm_mem1;
  [0xcb8] u64 acct_timexpd;
} SIZE 0x1040;
struct sigpending {
  struct list_head list;
  unsigned long signal;
};

struct mm_rss_stat {
  atomic_long_t count[3];
};
struct mm_struct {
  [0x0] struct vm_area_struct *mmap;
  [0x8] struct rb_root mm_rb;
  [0x10] struct vm_area_struct *mmap_cache;
  [0x18] unsigned long (*get_unmapped_area)(struct file *, unsigned long, unsigned long, unsigned long, unsigned long);
  [0x20] unsigned long mmap_base;
  [0x28] unsigned long mmap_legacy_base;
  [0x30] unsigned long task_size;
  [0x38] unsigned long highest_vm_end;
  [0x40] void *pgd;
  [0x48] atomic_t mm_users;
  [0x4c] atomic_t mm_count;
  [0x50] atomic_long_t nr_ptes;
  [0x58] int map_count;
  [0x5c] spinlock_t page_table_lock;
  [0x60] struct rw_semaphore mmap_sem;
  [0x88] struct list_head mmlist;
  [0x98] unsigned long hiwater_rss;
  [0xa0] unsigned long hiwater_vm;
  [0xa8] unsigned long total_vm;
  [0xb0] unsigned long locked_vm;
  [0xb8] unsigned long pinned_vm;
  [0xc0] unsigned long shared_vm;
  [0xc8] unsigned long exec_vm;
  [0xd0] unsigned long stack_vm;
  [0xd8] unsigned long def_flags;
  [0xe0] unsigned long start_code;
  [0xe8] unsigned long end_code;
  [0xf0] unsigned long start_data;
  [0xf8] unsigned long end_data;
  [0x100] unsigned long start_brk;
  [0x108] unsigned long brk;
  [0x110] unsigned long start_stack;
  [0x118] unsigned long arg_start;
  [0x120] unsigned long arg_end;
  [0x128] unsigned long env_start;
  [0x130] unsigned long env_end;
  [0x138] unsigned long saved_auxv[46];
  [0x2a8] struct mm_rss_stat rss_stat;
  [0x2c0] struct linux_binfmt *binfmt;
  [0x2c8] cpumask_t cpu_vm_mask_var;
  [0x548] u64 context_ctx_id;
  [0x5a0] unsigned long flags;
  [0x5a8] struct core_state *core_state;
  [0x5b0] spinlock_t ioctx_lock;
  [0x5b8] struct hlist_head ioctx_list;
  [0x5c0] struct task_struct *owner;
  [0x5c8] struct file *exe_file;
  [0x5d0] struct mmu_notifier_mm *mmu_notifier_mm;
} SIZE 0x630;

struct fdtable {
  [0x0] unsigned int max_fds;
  [0x8] struct file **fd;
  [0x10] unsigned long *close_on_exec;
  [0x18] unsigned long *open_fds;
  [0x20] struct rcu_head rcu;
} SIZE 0x30;
struct files_struct {
  [0x0] atomic_t count;
  [0x8] struct fdtable *fdt;
  [0x10] struct fdtable fdtab;
  [0x40] spinlock_t file_lock;
  [0x44] int next_fd;
  [0x48] unsigned long close_on_exec_init[1];
  [0x50] unsigned long open_fds_init[1];
  [0x58] struct file *fd_array[64];
} SIZE 0x280;
struct path {
  struct vfsmount *mnt;
  struct dentry *dentry;
};
struct fown_struct {
  [0x0] rwlock_t lock;
  [0x8] struct pid *pid;
  [0x10] int pid_type;
  [0x14] kuid_t uid;
  [0x18] kuid_t euid;
  [0x1c] int signum;
} SIZE 0x20;
struct file_ra_state {
  [0x0] unsigned long start;
  [0x8] unsigned int size;
  [0xc] unsigned int async_size;
  [0x10] unsigned int ra_pages;
  [0x14] unsigned int mmap_miss;
  [0x18] loff_t prev_pos;
} SIZE 0x20;
struct file {
  union {
    [0x0] struct llist_node fu_llist;
    [0x0] struct rcu_head fu_rcuhead;
  } f_u;
  [0x10] struct path f_path;
  [0x20] struct inode *f_inode;
  [0x28] const struct file_operations *f_op;
  [0x30] spinlock_t f_lock;
  [0x38] atomic_long_t f_count;
  [0x40] unsigned int f_flags;
  [0x44] fmode_t f_mode;
  [0x48] loff_t f_pos;
  [0x50] struct fown_struct f_owner;
  [0x70] const struct cred *f_cred;
  [0x78] struct file_ra_state f_ra;
  [0x98] u64 f_version;
  [0xa0] void *f_security;
  [0xa8] void *private_data;
  [0xb0] struct list_head f_ep_links;
  [0xc0] struct list_head f_tfile_llink;
  [0xd0] struct address_space *f_mapping;
  [0xd8] struct mutex f_pos_lock;
} SIZE 0x100;
struct qstr {
  union {
    struct {
      [0x0] u32 hash;
      [0x4] u32 len;
    };
    [0x0] u64 hash_len;
  };
  [0x8] const unsigned char *name;
} SIZE 0x10;
struct lockref {
  union {
    struct {
      [0x0] spinlock_t lock;
      [0x4] unsigned int count;
    };
  };
} SIZE 0x8;
struct dentry {
  [0x0] unsigned int d_flags;
  [0x4] seqcount_t d_seq;
  [0x8] struct hlist_bl_node d_hash;
  [0x18] struct dentry *d_parent;
  [0x20] struct qstr d_name;
  [0x30] struct inode *d_inode;
  [0x38] unsigned char d_iname[32];
  [0x58] struct lockref d_lockref;
  [0x60] const struct dentry_operations *d_op;
  [0x68] struct super_block *d_sb;
  [0x70] unsigned long d_time;
  [0x78] void *d_fsdata;
  [0x80] struct list_head d_lru;
  union {
    [0x90] struct list_head d_child;
    [0x90] struct rcu_head d_rcu;
  } d_u;
  [0xa0] struct list_head d_subdirs;
  [0xb0] struct hlist_node d_alias;
} SIZE 0xc0;
struct radix_tree_root {
  unsigned int height;
  gfp_t gfp_mask;
  struct radix_tree_node *rnode;
};
struct address_space {
  [0x0] struct inode *host;
  [0x8] struct radix_tree_root page_tree;
  [0x18] spinlock_t tree_lock;
  [0x1c] unsigned int i_mmap_writable;
  [0x20] struct rb_root i_mmap;
  [0x28] struct list_head i_mmap_nonlinear;
  [0x38] struct mutex i_mmap_mutex;
  [0x60] unsigned long nrpages;
  [0x68] unsigned long nrshadows;
  [0x70] unsigned long writeback_index;
  [0x78] const struct address_space_operations *a_ops;
  [0x80] unsigned long flags;
  [0x88] struct backing_dev_info *backing_dev_info;
  [0x90] spinlock_t private_lock;
  [0x98] struct list_head private_list;
  [0xa8] void *private_data;
} SIZE 0xb0;
struct inode {
  [0x0] umode_t i_mode;
  [0x2] unsigned short i_opflags;
  [0x4] kuid_t i_uid;
  [0x8] kgid_t i_gid;
  [0xc] unsigned int i_flags;
  [0x10] struct posix_acl *i_acl;
  [0x18] struct posix_acl *i_default_acl;
  [0x20] const struct inode_operations *i_op;
  [0x28] struct super_block *i_sb;
  [0x30] struct address_space *i_mapping;
  [0x38] void *i_security;
  [0x40] unsigned long i_ino;
  union {
    [0x48] const unsigned int i_nlink;
    [0x48] unsigned int __i_nlink;
  };
  [0x4c] dev_t i_rdev;
  [0x50] loff_t i_size;
  [0x58] struct timespec i_atime;
  [0x68] struct timespec i_mtime;
  [0x78] struct timespec i_ctime;
  [0x88] spinlock_t i_lock;
  [0x8c] unsigned short i_bytes;
  [0x90] unsigned int i_blkbits;
  [0x98] blkcnt_t i_blocks;
  [0xa0] unsigned long i_state;
  [0xa8] struct mutex i_mutex;
  [0xd0] unsigned long dirtied_when;
  [0xd8] struct hlist_node i_hash;
  [0xe8] struct list_head i_wb_list;
  [0xf8] struct list_head i_lru;
  [0x108] struct list_head i_sb_list;
  union {
    [0x118] struct hlist_head i_dentry;
    [0x118] struct rcu_head i_rcu;
  };
  [0x128] u64 i_version;
  [0x130] atomic_t i_count;
  [0x134] atomic_t i_dio_count;
  [0x138] atomic_t i_writecount;
  [0x140] const struct file_operations *i_fop;
  [0x148] struct file_lock *i_flock;
  [0x150] struct address_space i_data;
  [0x200] struct list_head i_devices;
  [0x210] void *i_pipe;
  [0x218] __u32 i_generation;
  [0x21c] __u32 i_fsnotify_mask;
  [0x220] void *i_private;
} SIZE 0x230;
struct file_system_type {
  [0x0] const char *name;
  [0x8] int fs_flags;
  [0x28] struct module *owner;
  [0x30] struct file_system_type *next;
  [0x38] struct hlist_head fs_supers;
} SIZE 0x80;
struct super_block {
  [0x0] struct list_head s_list;
  [0x10] dev_t s_dev;
  [0x14] unsigned char s_blocksize_bits;
  [0x18] unsigned long s_blocksize;
  [0x20] loff_t s_maxbytes;
  [0x28] struct file_system_type *s_type;
  [0x30] const struct super_operations *s_op;
  [0x58] unsigned long s_flags;
  [0x60] unsigned long s_magic;
  [0x68] struct dentry *s_root;
  [0x70] struct rw_semaphore s_umount;
  [0x98] int s_count;
  [0x9c] atomic_t s_active;
  [0xd8] struct list_head s_inodes;
  [0x100] struct list_head s_mounts;
  [0x110] struct block_device *s_bdev;
  [0x158] char s_id[32];
  [0x178] u8 s_uuid[16];
  [0x188] void *s_fs_info;
} SIZE 0x3f0;
struct vfsmount {
  [0x0] struct dentry *mnt_root;
  [0x8] struct super_block *mnt_sb;
  [0x10] int mnt_flags;
} SIZE 0x18;
struct mount {
  [0x0] struct list_head mnt_hash;
  [0x10] struct mount *mnt_parent;
  [0x18] struct dentry *mnt_mountpoint;
  [0x20] struct vfsmount mnt;
  [0x38] struct mnt_pcp *mnt_pcp;
  [0x40] struct list_head mnt_mounts;
  [0x50] struct list_head mnt_child;
  [0x60] struct list_head mnt_instance;
  [0x70] const char *mnt_devname;
  [0x78] struct list_head mnt_list;
  [0x88] struct list_head mnt_expire;
  [0x98] struct list_head mnt_share;
  [0xa8] struct list_head mnt_slave_list;
  [0xb8] struct list_head mnt_slave;
  [0xc8] struct mount *mnt_master;
  [0xd0] struct mnt_namespace *mnt_ns;
  [0xd8] struct mountpoint *mnt_mp;
  [0xe0] int mnt_id;
  [0xe4] int mnt_group_id;
  [0xe8] int mnt_expiry_mark;
  [0xec] int mnt_pinned;
  [0xf0] int mnt_ghosts;
} SIZE 0x100;
struct mnt_namespace {
  [0x0] atomic_t count;
  [0x4] unsigned int proc_inum;
  [0x8] struct mount *root;
  [0x10] struct list_head list;
  [0x20] struct user_namespace *user_ns;
  [0x28] u64 seq;
  [0x30] wait_queue_head_t poll;
  [0x48] int event;
} SIZE 0x50;
struct fs_struct {
  [0x0] int users;
  [0x4] spinlock_t lock;
  [0x8] seqcount_t seq;
  [0xc] int umask;
  [0x10] int in_exec;
  [0x18] struct path root;
  [0x28] struct path pwd;
} SIZE 0x38;
struct new_utsname {
  char sysname[65];
  char nodename[65];
  char release[65];
  char version[65];
  char machine[65];
  char domainname[65];
};
struct uts_namespace {
  [0x0] struct kref kref;
  [0x4] struct new_utsname name;
  [0x190] struct user_namespace *user_ns;
  [0x198] unsigned int proc_inum;
} SIZE 0x1a0;
struct nsproxy {
  [0x0] atomic_t count;
  [0x8] struct uts_namespace *uts_ns;
  [0x10] struct ipc_namespace *ipc_ns;
  [0x18] struct mnt_namespace *mnt_ns;
  [0x20] struct pid_namespace *pid_ns;
  [0x28] struct net *net_ns;
} SIZE 0x30;

struct printk_log {
  [0x0] u64 ts_nsec;
  [0x8] u16 len;
  [0xa] u16 text_len;
  [0xc] u16 dict_len;
  [0xe] u8 facility;
  [0xf] u8 flags : 5, level : 3;
} SIZE 0x10;

struct pt_regs {
  unsigned long r15;
  unsigned long r14;
  unsigned long r13;
  unsigned long r12;
  unsigned long bp;
  unsigned long bx;
  unsigned long r11;
  unsigned long r10;
  unsigned long r9;
  unsigned long r8;
  unsigned long ax;
  unsigned long cx;
  unsigned long dx;
  unsigned long si;
  unsigned long di;
  unsigned long orig_ax;
  unsigned long ip;
  unsigned long cs;
  unsigned long flags;
  unsigned long sp;
  unsigned long ss;
};

struct cfs_rq {
  [0x0] struct load_weight load;
  [0x10] unsigned int nr_running;
  [0x14] unsigned int h_nr_running;
  [0x18] u64 exec_clock;
  [0x20] u64 min_vruntime;
  [0x28] struct rb_root tasks_timeline;
  [0x30] struct rb_node *rb_leftmost;
  [0x38] struct sched_entity *curr;
  [0x40] struct sched_entity *next;
  [0x48] struct sched_entity *last;
  [0x50] struct sched_entity *skip;
  [0x58] unsigned int nr_spread_over;
  [0x100] struct rq *rq;
  [0x108] int on_list;
  [0x110] struct list_head leaf_cfs_rq_list;
  [0x120] struct task_group *tg;
} SIZE 0x140;
struct rt_rq {
  [0x0] unsigned long active_bitmap[2];
  [0x650] unsigned int rt_nr_running;
  [0x668] int rt_throttled;
  [0x670] u64 rt_time;
  [0x678] u64 rt_runtime;
} SIZE 0x6a0;
struct rq {
  [0x0] raw_spinlock_t lock;
  [0x4] unsigned int nr_running;
  [0x8] unsigned long cpu_load[5];
  [0x30] unsigned long last_load_update_tick;
  [0x38] unsigned long nohz_stamp;
  [0x40] unsigned long nohz_flags;
  [0x48] struct load_weight load;
  [0x58] unsigned long nr_load_updates;
  [0x60] u64 nr_switches;
  [0x68] struct cfs_rq cfs;
  [0x1a8] struct rt_rq rt;
  [0x848] struct list_head leaf_cfs_rq_list;
  [0x858] unsigned long nr_uninterruptible;
  [0x860] struct task_struct *curr;
  [0x868] struct task_struct *idle;
  [0x870] struct task_struct *stop;
  [0x878] unsigned long next_balance;
  [0x880] struct mm_struct *prev_mm;
  [0x888] u64 clock;
  [0x890] u64 clock_task;
  [0x898] atomic_t nr_iowait;
  [0x8a0] struct root_domain *rd;
  [0x8a8] struct sched_domain *sd;
  [0x8b0] unsigned long cpu_capacity;
  [0x8c0] int cpu;
  [0x8c4] int online;
  [0x8c8] struct list_head cfs_tasks;
  [0x8d8] u64 rt_avg;
  [0x8e0] u64 age_stamp;
  [0x8e8] u64 idle_stamp;
  [0x8f0] u64 avg_idle;
  [0x938] unsigned long calc_load_update;
  [0x940] long calc_load_active;
} SIZE 0xa40;

struct timekeeper {
  [0x0] struct clocksource *clock;
  [0x8] u32 mult;
  [0xc] u32 shift;
  [0x10] cycle_t cycle_interval;
  [0x18] cycle_t cycle_last;
  [0x20] u64 xtime_interval;
  [0x28] s64 xtime_remainder;
  [0x30] u32 raw_interval;
  [0x38] u64 ntp_error;
  [0x40] u32 ntp_error_shift;
  [0x48] u64 xtime_sec;
  [0x50] u64 xtime_nsec;
  [0x58] struct timespec wall_to_monotonic;
  [0x68] ktime_t offs_real;
  [0x70] struct timespec total_sleep_time;
  [0x80] ktime_t offs_boot;
  [0x88] struct timespec raw_time;
  [0x98] ktime_t offs_tai;
  [0xa0] s32 tai_offset;
} SIZE 0xa8;

struct kmem_cache_order_objects {
  unsigned long x;
};
struct kmem_cache {
  [0x0] struct kmem_cache_cpu *cpu_slab;
  [0x8] unsigned long flags;
  [0x10] unsigned long min_partial;
  [0x18] int size;
  [0x1c] int object_size;
  [0x20] int offset;
  [0x24] int cpu_partial;
  [0x28] struct kmem_cache_order_objects oo;
  [0x30] struct kmem_cache_order_objects max;
  [0x38] struct kmem_cache_order_objects min;
  [0x40] gfp_t allocflags;
  [0x44] int refcount;
  [0x48] void (*ctor)(void *);
  [0x50] int inuse;
  [0x54] int align;
  [0x58] int reserved;
  [0x60] const char *name;
  [0x68] struct list_head list;
  [0xc0] struct memcg_cache_params *memcg_params;
  [0xc8] int max_attr_size;
  [0xcc] int remote_node_defrag_ratio;
  [0xd0] struct kmem_cache_node *node[1024];
} SIZE 0x20d0;

enum module_state {
  MODULE_STATE_LIVE = 0,
  MODULE_STATE_COMING = 1,
  MODULE_STATE_GOING = 2,
  MODULE_STATE_UNFORMED = 3
};
struct kernel_symbol {
  unsigned long value;
  const char *name;
};
struct module {
  [0x0] enum module_state state;
  [0x8] struct list_head list;
  [0x18] char name[56];
  [0x150] const struct kernel_symbol *syms;
  [0x158] const unsigned long *crcs;
  [0x160] unsigned int num_syms;
  [0x1f8] bool sig_ok;
  [0x240] void (*init)(void);
  [0x248] void *module_init;
  [0x250] void *module_core;
  [0x258] unsigned int init_size;
  [0x25c] unsigned int core_size;
  [0x260] unsigned int init_text_size;
  [0x264] unsigned int core_text_size;
  [0x268] unsigned int init_ro_size;
  [0x26c] unsigned int core_ro_size;
  [0x298] unsigned int taints;
  [0x2a8] unsigned int num_bugs;
  [0x2b0] struct list_head bug_list;
  [0x2c8] unsigned int percpu_size;
  [0x2d0] unsigned int num_tracepoints;
  [0x318] char *args;
  [0x320] void *percpu;
  [0x328] unsigned int num_symtab;
  [0x330] void *symtab;
  [0x338] char *strtab;
  [0x340] struct list_head source_list;
  [0x350] struct list_head target_list;
  [0x360] void (*exit)(void);
  [0x368] atomic_t refcnt;
} SIZE 0x380;
`;
