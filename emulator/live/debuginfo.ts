/**
 * Debuginfo of the simulated functions the live system executes: our own source listings
 * (written for this project, consistent with every line the talk's slides show), the line
 * table (relative line → text offsets: a line with no code cannot be probed), and where each
 * variable lives at each line (register, memory relative to a register, or a computed value
 * perf cannot fetch). perf probe -L/-V and argument compilation read this; the model code in
 * ldlm-dump.ts sets the registers these tables promise.
 */
import type { RegisterName } from "./events";

/** Where a variable's value is at a given line (a DWARF location expression, simplified). */
export type VarLocation =
  | { readonly kind: "reg"; readonly reg: RegisterName }
  /** The value is in memory at reg + offset (a spilled variable). */
  | { readonly kind: "mem"; readonly reg: RegisterName; readonly offset: number }
  /** The value is reg + offset itself (DW_OP_stack_value): perf cannot fetch it. */
  | { readonly kind: "value"; readonly reg: RegisterName; readonly offset: number }
  /** No location at this line (optimized out). */
  | { readonly kind: "none" };

export interface VarDebug {
  readonly name: string;
  /** C type as perf -V prints it (`struct ldlm_resource*`); null when the DIE has no type. */
  readonly type: string | null;
  /** Pointed-to struct for `var->field` (`ldlm_resource`), when the type is a struct pointer. */
  readonly pointee?: string;
  /** Scalar kind for fetch-type selection. */
  readonly scalar?: { readonly size: number; readonly signed: boolean };
  /** Location by relative line: lines [from, to] inclusive. */
  readonly ranges: readonly (readonly [from: number, to: number, loc: VarLocation])[];
}

export interface FunctionDebug {
  readonly name: string;
  readonly module: string;
  /** Source path as the debuginfo records it. */
  readonly file: string;
  /** Absolute line of the declaration (relative line 0). */
  readonly declLine: number;
  /** Source text, index = relative line. */
  readonly source: readonly string[];
  /** Relative line → text offsets (in address order). */
  readonly lineAddrs: ReadonlyMap<number, readonly number[]>;
  readonly vars: readonly VarDebug[];
}

const SRC = "/usr/src/debug/lustre-2.12.3";

const reg = (r: RegisterName): VarLocation => ({ kind: "reg", reg: r });
const none: VarLocation = { kind: "none" };
const int32 = { size: 4, signed: true };
const ptr = { size: 8, signed: false };

function fn(
  name: string,
  module: string,
  file: string,
  declLine: number,
  text: string,
  lines: Record<number, number[]>,
  vars: VarDebug[],
): FunctionDebug {
  const source = text.replace(/^\n/, "").replace(/\n$/, "").split("\n");
  const lineAddrs = new Map<number, number[]>();
  for (const [l, offs] of Object.entries(lines)) lineAddrs.set(Number(l), offs);
  for (const l of lineAddrs.keys())
    if (l >= source.length) throw new Error(`${name}: line ${l} is past the end of the listing`);
  return { name, module, file, declLine, source, lineAddrs, vars };
}

export const LDLM_NAMESPACE_DUMP = fn(
  "ldlm_namespace_dump",
  "ptlrpc",
  `${SRC}/lustre/ldlm/ldlm_resource.c`,
  1720,
  `
void ldlm_namespace_dump(int level, struct ldlm_namespace *ns)
{
	/* nothing is printed unless the debug mask lets this level through */
	if (!((libcfs_debug | D_ERROR) & level))
		return;

	CDEBUG(level, "--- Namespace: %s (rc: %d, side: %s)\\n",
	       ldlm_ns_name(ns), atomic_read(&ns->ns_bref),
	       ns_is_client(ns) ? "client" : "server");

	/* walk every resource without holding the hash lock: the dump
	 * tolerates resources appearing or going away meanwhile */
	cfs_hash_for_each_nolock(ns->ns_rs_hash,
				 ldlm_res_hash_dump,
				 (void *)(unsigned long)level, 0);
	CDEBUG(level, "--- End of namespace %s\\n", ldlm_ns_name(ns));
}
`,
  { 0: [0], 3: [17], 4: [30], 6: [38], 12: [121], 14: [132], 15: [148], 16: [197] },
  [
    {
      name: "level",
      type: "int",
      scalar: int32,
      ranges: [
        [0, 0, reg("di")],
        [3, 16, reg("r12")],
      ],
    },
    {
      name: "ns",
      type: "struct ldlm_namespace*",
      pointee: "ldlm_namespace",
      scalar: ptr,
      ranges: [
        [0, 0, reg("si")],
        [3, 16, reg("bx")],
      ],
    },
  ],
);

export const LDLM_RES_HASH_DUMP = fn(
  "ldlm_res_hash_dump",
  "ptlrpc",
  `${SRC}/lustre/ldlm/ldlm_resource.c`,
  1705,
  `
static int ldlm_res_hash_dump(struct cfs_hash *hs, struct cfs_hash_bd *bd,
			      struct hlist_node *hnode, void *arg)
{
	struct ldlm_resource *res = cfs_hash_object(hs, hnode);
	int level = (int)(unsigned long)arg;
	/* the resource lock keeps its lock lists stable while printing */
	lock_res(res);
	ldlm_resource_dump(level, res);
	unlock_res(res);

	return 0;
}
`,
  { 0: [0], 3: [12], 4: [20], 6: [27], 7: [37], 8: [59], 10: [72], 11: [79] },
  [
    { name: "hs", type: "struct cfs_hash*", pointee: "cfs_hash", scalar: ptr, ranges: [[0, 3, reg("di")]] },
    {
      name: "bd",
      type: "struct cfs_hash_bd*",
      pointee: "cfs_hash_bd",
      scalar: ptr,
      ranges: [[0, 3, reg("si")]],
    },
    {
      name: "hnode",
      type: "struct hlist_node*",
      pointee: "hlist_node",
      scalar: ptr,
      ranges: [[0, 3, reg("dx")]],
    },
    {
      name: "arg",
      type: null,
      ranges: [
        [0, 4, reg("cx")],
        [6, 8, reg("r13")],
      ],
    },
    {
      name: "res",
      type: "struct ldlm_resource*",
      pointee: "ldlm_resource",
      scalar: ptr,
      ranges: [[3, 10, reg("r12")]],
    },
    { name: "level", type: "int", scalar: int32, ranges: [[4, 8, reg("r13")]] },
    // Inlined unlock_res() → spin_unlock() → raw_spin_unlock() → queued_spin_unlock():
    // their `lock` parameters are &res->lr_lock, a computed value.
    { name: "lock", type: "spinlock_t*", ranges: [[8, 8, { kind: "value", reg: "r12", offset: 0x1c }]] },
    { name: "lock", type: "raw_spinlock_t*", ranges: [[8, 8, { kind: "value", reg: "r12", offset: 0x1c }]] },
    {
      name: "lock",
      type: "struct qspinlock*",
      ranges: [[8, 8, { kind: "value", reg: "r12", offset: 0x1c }]],
    },
    { name: "__sp", type: null, ranges: [[8, 8, none]] },
  ],
);

export const LDLM_RESOURCE_DUMP = fn(
  "ldlm_resource_dump",
  "ptlrpc",
  `${SRC}/lustre/ldlm/ldlm_resource.c`,
  1763,
  `
void ldlm_resource_dump(int level, struct ldlm_resource *res)
{
	struct ldlm_lock *lock;
	unsigned int granted = 0;

	if (!((libcfs_debug | D_ERROR) & level))
		return;

	CDEBUG(level, "--- Resource: " DLDLMRES " (%p) refcount = %d\\n",
	       PLDLMRES(res), res, atomic_read(&res->lr_refcount));

	/* newest granted lock first; a hot resource may hold tens of
	 * thousands, so give up after ldlm_dump_granted_max of them */
	list_for_each_entry_reverse(lock, &res->lr_granted, l_res_link) {
		if (++granted > ldlm_dump_granted_max) {
			CDEBUG(level, "only dumping %u granted locks\\n", granted - 1);
			break;
		}
		LDLM_DEBUG_LIMIT(level, lock, "###");
	}

	list_for_each_entry(lock, &res->lr_waiting, l_res_link)
		LDLM_DEBUG_LIMIT(level, lock, "### waiting");
}
`,
  {
    0: [0],
    3: [25],
    5: [32],
    6: [47],
    8: [52],
    13: [140],
    14: [170],
    15: [190],
    16: [230],
    18: [250],
    21: [330],
    22: [360],
    23: [400],
  },
  [
    {
      name: "level",
      type: "int",
      scalar: int32,
      ranges: [
        [0, 0, reg("di")],
        [3, 23, reg("r14")],
      ],
    },
    {
      name: "res",
      type: "struct ldlm_resource*",
      pointee: "ldlm_resource",
      scalar: ptr,
      ranges: [
        [0, 0, reg("si")],
        [3, 23, reg("bx")],
      ],
    },
    {
      name: "lock",
      type: "struct ldlm_lock*",
      pointee: "ldlm_lock",
      scalar: ptr,
      ranges: [[13, 22, reg("r12")]],
    },
    {
      name: "granted",
      type: "unsigned int",
      scalar: { size: 4, signed: false },
      ranges: [[3, 21, reg("r13")]],
    },
  ],
);

export const CFS_HASH_FOR_EACH_NOLOCK = fn(
  "cfs_hash_for_each_nolock",
  "libcfs",
  `${SRC}/libcfs/libcfs/hash.c`,
  1590,
  `
int cfs_hash_for_each_nolock(struct cfs_hash *hs, cfs_hash_for_each_cb_t func,
			     void *data, int start)
{
	/* callers may sleep in func: only hashes without rehashing or
	 * with per-object refcounts can be walked this way */
	if (cfs_hash_with_no_lock(hs) || cfs_hash_with_rehash_key(hs) ||
	    !cfs_hash_with_no_itemref(hs))
		return -EOPNOTSUPP;

	cfs_hash_for_each_enter(hs);
	cfs_hash_for_each_relax(hs, func, data, start);
	cfs_hash_for_each_exit(hs);

	return 0;
}
`,
  { 0: [0], 5: [14], 9: [48], 10: [66], 11: [120], 13: [150], 14: [168] },
  [
    { name: "hs", type: "struct cfs_hash*", pointee: "cfs_hash", scalar: ptr, ranges: [[0, 14, reg("bx")]] },
    { name: "func", type: "cfs_hash_for_each_cb_t", scalar: ptr, ranges: [[0, 11, reg("si")]] },
    { name: "data", type: "void*", scalar: ptr, ranges: [[0, 11, reg("dx")]] },
    { name: "start", type: "int", scalar: int32, ranges: [[0, 11, reg("cx")]] },
  ],
);

/** Every function the live system executes with debuginfo, by name. */
export const LIVE_DEBUGINFO: ReadonlyMap<string, FunctionDebug> = new Map(
  [LDLM_NAMESPACE_DUMP, LDLM_RES_HASH_DUMP, LDLM_RESOURCE_DUMP, CFS_HASH_FOR_EACH_NOLOCK].map((f) => [
    f.name,
    f,
  ]),
);

/** The variable's location at a relative line, or undefined when it is not in scope there. */
export function locationAt(v: VarDebug, line: number): VarLocation | undefined {
  for (const [from, to, loc] of v.ranges) if (line >= from && line <= to) return loc;
  return undefined;
}
