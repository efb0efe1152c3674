/**
 * Kernel functions the sampled workloads run through (VFS, page cache, readahead, block, XFS,
 * the socket send path)
 * that the shared vmlinux layout does not place: 3.10.0-957 names, in link order (mm, fs,
 * block, arch/x86/lib), in text gaps no other symbol uses. XFS is a module on CentOS 7, so its
 * functions live in the module area below the Lustre modules and resolve as `[xfs]`.
 * Added to a live Program once, on first sampling (idempotent), so scenario images are unchanged.
 */
import type { Program } from "../kernel/program";

/** offset-from-_text size type name */
const VMLINUX_EXTRA = `
3a5120 000090 T find_get_page
3a58e0 000170 T add_to_page_cache_locked
3a5c20 000100 T find_or_create_page
3a5a50 000080 T add_to_page_cache_lru
3a6d40 000090 T __page_cache_alloc
3a7c10 0000b0 T file_read_actor
3a7cc0 000720 t do_generic_file_read
3a83e0 0001f0 T generic_file_aio_read
3a9a20 000080 T grab_cache_page_write_begin
3a9c60 000120 T iov_iter_copy_from_user_atomic
3a9e30 0001f0 t generic_perform_write
3aa020 000060 T generic_file_buffered_write
3b1f50 000cc0 t get_page_from_freelist
3b2c10 000390 T __alloc_pages_nodemask
3bc6a0 000190 T __do_page_cache_readahead
3bc830 000310 t ondemand_readahead
3bcb40 000060 T page_cache_sync_readahead
3f2540 0000a0 T alloc_pages_current
43a1c0 000330 t do_dentry_open
43a4f0 000040 T vfs_open
43b8a0 000200 T do_sys_open
43bd10 000070 T filp_close
441d00 0000d0 T do_sync_read
441dd0 0000d0 T do_sync_write
445f00 0000c0 T fput
446870 000050 T vfs_getattr
446a40 000090 T vfs_fstatat
44f6a0 000230 t lookup_fast
451130 000830 t link_path_walk
451e60 000300 t path_lookupat
452950 000050 t filename_lookup
452b00 000a80 t do_last
453d00 000290 t path_openat
454600 0000e0 T do_filp_open
4547c0 000090 T user_path_at_empty
454850 000020 T user_path_at
456f00 0000c0 T vfs_readdir
457100 000110 t filldir
45f3a0 000170 T __d_lookup_rcu
461b90 0000f0 T __close_fd
4a9c20 000080 t __block_commit_write
4aa8e0 000050 T block_write_end
4aa930 0000b0 T generic_write_end
4aac70 000490 T __block_write_begin
4b6cf0 000040 t mpage_bio_submit
4b6d30 0006a0 t do_mpage_readpage
4b7460 000170 T mpage_readpages
5ec9a0 000110 T generic_make_request
5ecab0 000100 T submit_bio
5f0a20 0003e0 T blk_queue_bio
5fdd60 000030 T copy_user_enhanced_fast_string
7e4a20 000100 T sock_sendmsg
7e4c10 000040 T kernel_sendmsg
83a6e0 000ba0 T tcp_sendmsg
849d10 000080 T inet_sendmsg
`;

/** Where xfs.ko's core text sits on this boot (loaded at boot, before any Lustre module). */
export const XFS_TEXT_BASE = 0xffffffffc0358000n;

/** offset-from-xfs-text size type name */
const XFS_TEXT = `
003470 000170 t xfs_vm_readpages
0035e0 000480 t __xfs_get_blocks
003a60 000020 T xfs_get_blocks
004f90 0002e0 t xfs_vm_write_begin
005270 000150 t xfs_vm_write_end
012b40 0002c0 T xfs_bmapi_read
02b6f0 000090 t xfs_dir2_leaf_getdents
02dc80 000050 T xfs_readdir
0377a0 000220 T xfs_file_aio_read
037c30 000390 t xfs_file_buffered_aio_write
037fc0 000110 T xfs_file_aio_write
038f30 000040 t xfs_file_open
0390a0 000080 t xfs_file_readdir
04a820 000160 T xfs_ilock
05b1d0 000320 T xfs_iomap_write_delay
063410 0001b0 t xfs_vn_getattr
083e50 0004a0 t xfsaild
`;

function rows(text: string): { off: bigint; size: number; kind: "T" | "t"; name: string }[] {
  return text
    .trim()
    .split("\n")
    .map((l) => {
      const [off, size, kind, name] = l.trim().split(/\s+/);
      return { off: BigInt(`0x${off}`), size: Number.parseInt(size, 16), kind: kind as "T" | "t", name };
    });
}

const added = new WeakSet<Program>();

/** Add the workload functions to `prog` (once): vmlinux ones relative to its _text. */
export function ensureWorkloadSymbols(prog: Program): void {
  if (added.has(prog)) return;
  added.add(prog);
  const text = prog.symbol("_text").address;
  for (const r of rows(VMLINUX_EXTRA))
    if (!prog.symbols.lookup(r.name))
      prog.symbols.add({ name: r.name, address: text + r.off, size: r.size, kind: r.kind });
  for (const r of rows(XFS_TEXT))
    if (!prog.symbols.lookup(r.name))
      prog.symbols.add({
        name: r.name,
        address: XFS_TEXT_BASE + r.off,
        size: r.size,
        kind: r.kind,
        module: "xfs",
      });
}
