/**
 * The ldlm_lock objects of a resource with tens of thousands of locks (server_load's resource
 * 0x28: 82718 granted, 3 waiting). The build records each lock's own values (drawing its random
 * members in the order a direct write would) and defers its slabs (kernel/lazy-slabs.ts): a slab
 * is composed only when something reads it, with plain 32-bit stores at word offsets resolved
 * once from the ldlm_lock layout. Composing all 46 MB up front, let alone with one writeStruct
 * per lock, dominated the scenario's build.
 */
import { deferCacheSlabs } from "../kernel/lazy-slabs";
import type { KernelBuilder } from "../kernel/linux/build";
import { uniformInt } from "../kernel/random";
import type { ObjectAddresses } from "../kernel/slab";

/** The list_heads of a lock that are empty (pointing at themselves) unless set otherwise. */
const EMPTY_LISTS = [
  "l_handle.h_link",
  "l_lru",
  "l_waitq.task_list",
  "l_pending_chain",
  "l_exp_refs_link",
  "l_bl_ast",
  "l_cp_ast",
  "l_rk_ast",
  "l_sl_mode",
  "l_sl_policy",
  "l_exp_list",
] as const;

/** Word (4-byte) indexes of the ldlm_lock members the images set. */
interface LockWords {
  readonly emptyLists: Int32Array;
  readonly cookie: number;
  readonly handleOps: number;
  /** portals_handle.h_size (a 31-bit field; h_in stays 0). */
  readonly handleSize: number;
  readonly refc: number;
  readonly resource: number;
  readonly resLink: number;
  readonly reqMode: number;
  readonly grantedMode: number;
  readonly completionAst: number;
  readonly blockingAst: number;
  readonly glimpseAst: number;
  readonly export: number;
  readonly remoteHandle: number;
  readonly extentStart: number;
  readonly extentEnd: number;
  readonly flags: number;
  readonly lastUsed: number;
  readonly reqStart: number;
  readonly reqEnd: number;
  readonly lvbLen: number;
  readonly lvbType: number;
  readonly activity: number;
  readonly pid: number;
  readonly blAst: number;
  readonly blockingLock: number;
}

function lockWords(b: KernelBuilder): LockWords {
  const word = (path: string) => {
    const off = Number(b.off("ldlm_lock", path));
    if (off % 4 !== 0) throw new Error(`ldlm_lock.${path} at ${off} is not 4-byte aligned`);
    return off / 4;
  };
  return {
    emptyLists: Int32Array.from(EMPTY_LISTS, word),
    cookie: word("l_handle.h_cookie"),
    handleOps: word("l_handle.h_ops"),
    handleSize: word("l_handle.h_size"),
    refc: word("l_refc"),
    resource: word("l_resource"),
    resLink: word("l_res_link"),
    reqMode: word("l_req_mode"),
    grantedMode: word("l_granted_mode"),
    completionAst: word("l_completion_ast"),
    blockingAst: word("l_blocking_ast"),
    glimpseAst: word("l_glimpse_ast"),
    export: word("l_export"),
    remoteHandle: word("l_remote_handle"),
    extentStart: word("l_policy_data.l_extent.start"),
    extentEnd: word("l_policy_data.l_extent.end"),
    flags: word("l_flags"),
    lastUsed: word("l_last_used"),
    reqStart: word("l_req_extent.start"),
    reqEnd: word("l_req_extent.end"),
    lvbLen: word("l_lvb_len"),
    lvbType: word("l_lvb_type"),
    activity: word("l_activity"),
    pid: word("l_pid"),
    blAst: word("l_bl_ast"),
    blockingLock: word("l_blocking_lock"),
  };
}

/** What every lock of the resource shares. */
export interface LockConstants {
  /** The slab cache the locks come from; its slabs hold nothing else. */
  readonly cache: string;
  readonly resource: bigint;
  readonly handleOps: bigint;
  readonly completionAst: bigint;
  readonly blockingAst: bigint;
  readonly glimpseAst: bigint;
  /** l_export of each client, by host index. */
  readonly exports: readonly bigint[];
  /** Wall clock (seconds) l_last_used and l_activity are drawn before. */
  readonly epoch: number;
}

/** The locks of a resource list (lr_granted, lr_waiting) in list order, and their own members. */
export interface LockList {
  /** The list head in the resource. */
  readonly head: bigint;
  readonly at: ObjectAddresses;
  readonly reqMode: Uint8Array;
  readonly grantedMode: Uint8Array;
  /** The client of each lock: an index into LockConstants.exports. */
  readonly host: Uint8Array;
  /** Extents in whole bytes; -1 is OBD_OBJECT_EOF (all ones). */
  readonly start: Float64Array;
  readonly end: Float64Array;
  /** l_flags, the same for the whole list. */
  readonly flags: bigint;
  /**
   * l_pid of each lock, or the pids of the service threads one is drawn from per lock (just
   * before the lock's random members).
   */
  readonly pid: Uint32Array | { readonly drawnFrom: readonly number[] };
}

/**
 * Random members drawn per lock, in draw order: h_cookie (lo, hi), l_remote_handle (lo, hi),
 * l_last_used, l_activity.
 */
const RANDOM_WORDS = 6;

/** A list as added: its locks' ids, pids and random members. */
interface AddedList extends LockList {
  /** Id of the list's first lock (ids number the locks of all lists in the order added). */
  readonly firstId: number;
  readonly pids: Uint32Array;
  readonly random: Uint32Array;
  /** `head` and `flags` as 32-bit halves (no BigInt arithmetic per lock composed). */
  readonly headHalves: Halves;
  readonly flagsHalves: Halves;
}

/** The blocking-AST work list some locks are on (linked through l_bl_ast). */
interface BlockingAsts {
  /** Lock ids in list order. */
  readonly ids: readonly number[];
  /** Lock id → position in `ids`, -1 when not on the list. */
  readonly position: Int32Array;
  readonly headHalves: Halves;
  readonly blockingLockHalves: Halves;
}

const hiOf = (v: bigint) => Number(v >> 32n);
const loOf = (v: bigint) => Number(v & 0xffffffffn);
/** A 64-bit value as its 32-bit halves. */
type Halves = readonly [hi: number, lo: number];
const halves = (v: bigint): Halves => [hiOf(v), loOf(v)];

export class LdlmLockImages {
  private readonly at: LockWords;
  /** The members every lock shares as [word index, value] pairs (only non-zero words). */
  private readonly sharedAt: Int32Array;
  private readonly sharedValue: Uint32Array;
  private readonly exportHi: Uint32Array;
  private readonly exportLo: Uint32Array;
  private readonly lists: AddedList[] = [];
  /** Lock id → index in `lists` (set by defer). */
  private listOf = new Uint8Array(0);
  private count = 0;
  private blocking: BlockingAsts | undefined;
  private deferred = false;
  private readonly epoch: number;
  private readonly cache: string;

  constructor(
    private readonly b: KernelBuilder,
    k: LockConstants,
  ) {
    this.at = lockWords(b);
    const W = this.at;
    const shared = new Map<number, number>();
    const ptr = (word: number, v: bigint) => {
      shared.set(word, loOf(v));
      shared.set(word + 1, hiOf(v));
    };
    ptr(W.handleOps, k.handleOps);
    shared.set(W.handleSize, b.prog.struct("ldlm_lock").size);
    shared.set(W.refc, 2);
    ptr(W.resource, k.resource);
    ptr(W.completionAst, k.completionAst);
    ptr(W.blockingAst, k.blockingAst);
    ptr(W.glimpseAst, k.glimpseAst);
    shared.set(W.lvbLen, 0x38); // sizeof(struct ost_lvb)
    shared.set(W.lvbType, 1); // LVB_T_OST
    this.sharedAt = Int32Array.from(shared.keys());
    this.sharedValue = Uint32Array.from(shared.values());
    this.exportHi = Uint32Array.from(k.exports, hiOf);
    this.exportLo = Uint32Array.from(k.exports, loOf);
    this.epoch = k.epoch;
    this.cache = k.cache;
  }

  /**
   * Add a list of locks and write its head: the locks are linked through l_res_link after it in
   * order. Draws the locks' random members now, lock by lock. Returns the id of its first lock.
   */
  addList(list: LockList): number {
    if (this.deferred) throw new Error("locks added after defer()");
    const n = list.at.hi.length;
    const pids = list.pid instanceof Uint32Array ? list.pid : new Uint32Array(n);
    const random = new Uint32Array(n * RANDOM_WORDS);
    // One draw per lock for the pid when it is drawn, then the RANDOM_WORDS: all at once.
    const choices = list.pid instanceof Uint32Array ? undefined : list.pid.drawnFrom;
    const perLock = RANDOM_WORDS + (choices ? 1 : 0);
    const drawn = this.b.rng.u32s(n * perLock);
    for (let i = 0, d = 0; i < n; i++) {
      if (choices) pids[i] = choices[uniformInt(drawn[d++], choices.length)];
      const r = i * RANDOM_WORDS;
      random[r] = drawn[d]; // h_cookie
      random[r + 1] = drawn[d + 1];
      random[r + 2] = drawn[d + 2]; // l_remote_handle
      random[r + 3] = drawn[d + 3];
      random[r + 4] = this.epoch - uniformInt(drawn[d + 4], 300); // l_last_used
      random[r + 5] = this.epoch - uniformInt(drawn[d + 5], 600); // l_activity
      d += RANDOM_WORDS;
    }
    const added: AddedList = {
      ...list,
      firstId: this.count,
      pids,
      random,
      headHalves: halves(list.head),
      flagsHalves: halves(list.flags),
    };
    this.lists.push(added);
    this.count += n;
    const mem = this.b.prog.mem;
    const resLink = BigInt(this.at.resLink * 4);
    mem.writeU64(list.head, n ? addressOf(added, 0) + resLink : list.head);
    mem.writeU64(list.head + 8n, n ? addressOf(added, n - 1) + resLink : list.head);
    return added.firstId;
  }

  /**
   * Put locks `ids` (in order) on the work list at `head` through l_bl_ast, each pointing at
   * `blockingLock` (l_blocking_lock) and holding one more reference; writes the head. Called
   * once, after the lists are added.
   */
  setBlockingAsts(head: bigint, ids: readonly number[], blockingLock: bigint): void {
    if (this.deferred || this.blocking) throw new Error("setBlockingAsts: once, before defer()");
    const position = new Int32Array(this.count).fill(-1);
    ids.forEach((id, p) => {
      position[id] = p;
    });
    this.blocking = { ids, position, headHalves: halves(head), blockingLockHalves: halves(blockingLock) };
    const mem = this.b.prog.mem;
    const blAst = BigInt(this.at.blAst * 4);
    const addr = (id: number) => {
      const list = this.listOfId(id);
      return addressOf(list, id - list.firstId);
    };
    mem.writeU64(head, ids.length ? addr(ids[0]) + blAst : head);
    mem.writeU64(head + 8n, ids.length ? addr(ids[ids.length - 1]) + blAst : head);
  }

  /** Hand the cache's slabs to memory: each is composed when first accessed. */
  defer(): void {
    const listOf = new Uint8Array(this.count);
    const hi = new Uint32Array(this.count);
    const lo = new Uint32Array(this.count);
    this.lists.forEach((list, l) => {
      listOf.fill(l, list.firstId, list.firstId + list.at.hi.length);
      hi.set(list.at.hi, list.firstId);
      lo.set(list.at.lo, list.firstId);
    });
    this.listOf = listOf;
    this.deferred = true;
    const cache = this.b.prog.slabs.cache(this.cache);
    deferCacheSlabs(this.b.prog.mem, cache, { hi, lo }, (id, words, o) => this.compose(id, words, o));
  }

  private listOfId(id: number): AddedList {
    for (const list of this.lists)
      if (id >= list.firstId && id < list.firstId + list.at.hi.length) return list;
    throw new Error(`no lock ${id}`);
  }

  /** Write lock `id` at words[o]. */
  private compose(id: number, words: Uint32Array, o: number): void {
    const W = this.at;
    const list = this.lists[this.listOf[id]];
    const i = id - list.firstId;
    const { hi, lo } = list.at;
    const n = hi.length;
    const lockHi = hi[i];
    const lockLo = lo[i];
    for (let k = 0; k < this.sharedAt.length; k++) words[o + this.sharedAt[k]] = this.sharedValue[k];
    const lists = W.emptyLists;
    for (let k = 0; k < lists.length; k++) {
      // next and prev of an empty list_head: its own address (never past 4 GiB: objects sit
      // inside naturally aligned slabs).
      const self = lockLo + lists[k] * 4;
      words[o + lists[k]] = self;
      words[o + lists[k] + 1] = lockHi;
      words[o + lists[k] + 2] = self;
      words[o + lists[k] + 3] = lockHi;
    }
    const r = i * RANDOM_WORDS;
    words[o + W.cookie] = list.random[r];
    words[o + W.cookie + 1] = list.random[r + 1];
    // l_res_link: the neighbours' l_res_link, or the head at either end.
    const resLink = W.resLink * 4;
    if (i + 1 < n) setPtr(words, o + W.resLink, hi[i + 1], lo[i + 1] + resLink);
    else setHalves(words, o + W.resLink, list.headHalves);
    if (i > 0) setPtr(words, o + W.resLink + 2, hi[i - 1], lo[i - 1] + resLink);
    else setHalves(words, o + W.resLink + 2, list.headHalves);
    words[o + W.reqMode] = list.reqMode[i];
    words[o + W.grantedMode] = list.grantedMode[i];
    const host = list.host[i];
    setPtr(words, o + W.export, this.exportHi[host], this.exportLo[host]);
    words[o + W.remoteHandle] = list.random[r + 2];
    words[o + W.remoteHandle + 1] = list.random[r + 3];
    setWhole(words, o + W.extentStart, list.start[i]);
    setWhole(words, o + W.extentEnd, list.end[i]);
    setWhole(words, o + W.reqStart, list.start[i]);
    setWhole(words, o + W.reqEnd, list.end[i]);
    setHalves(words, o + W.flags, list.flagsHalves);
    words[o + W.lastUsed] = list.random[r + 4];
    words[o + W.activity] = list.random[r + 5];
    words[o + W.pid] = list.pids[i];
    const bl = this.blocking;
    const p = bl ? bl.position[id] : -1;
    if (bl && p >= 0) {
      // On the blocking-AST work list: linked to the neighbours' l_bl_ast (or the head).
      const blAst = W.blAst * 4;
      const link = (at: number, neighbour: number | undefined) => {
        if (neighbour === undefined) setHalves(words, at, bl.headHalves);
        else {
          const nl = this.lists[this.listOf[neighbour]];
          const ni = neighbour - nl.firstId;
          setPtr(words, at, nl.at.hi[ni], nl.at.lo[ni] + blAst);
        }
      };
      link(o + W.blAst, bl.ids[p + 1]);
      link(o + W.blAst + 2, p > 0 ? bl.ids[p - 1] : undefined);
      setHalves(words, o + W.blockingLock, bl.blockingLockHalves);
      words[o + W.refc] = 3;
    }
  }
}

function addressOf(list: LockList, i: number): bigint {
  return (BigInt(list.at.hi[i]) << 32n) | BigInt(list.at.lo[i]);
}

/** A pointer from its halves (lo plus a member offset stays below 2^32 inside a slab). */
function setPtr(words: Uint32Array, at: number, hi: number, lo: number): void {
  words[at] = lo;
  words[at + 1] = hi;
}

function setHalves(words: Uint32Array, at: number, v: Halves): void {
  words[at] = v[1];
  words[at + 1] = v[0];
}

/** A 64-bit member from a whole number (-1 is all ones). */
function setWhole(words: Uint32Array, at: number, x: number): void {
  if (x < 0) {
    words[at] = 0xffffffff;
    words[at + 1] = 0xffffffff;
  } else {
    const hi = Math.floor(x / 0x100000000);
    words[at] = x - hi * 0x100000000; // not x % 2^32: a floating-point remainder is slow
    words[at + 1] = hi;
  }
}
