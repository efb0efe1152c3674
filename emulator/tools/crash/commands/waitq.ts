/**
 * `waitq`: the tasks sleeping on a wait queue, found by walking the wait_queue_head's list of
 * wait entries in the dump (3.10: struct __wait_queue_head / struct __wait_queue, whose
 * `private` member is the waiting task).
 */
import type { Program } from "../../../kernel/program";
import { type CrashCommand, CrashError, CrashUsageError } from "../command";
import { hex, isNumber, taskHeader, taskTable } from "./tasks-common";

/** Offset of a member, or its x86_64 3.10 value when the dump's type information lacks the type. */
function offsetOr(prog: Program, struct: string, member: string, fallback: number): bigint {
  try {
    return BigInt(prog.offsetOf(struct, member));
  } catch {
    return BigInt(fallback);
  }
}

/**
 * 3.10 names the head `struct __wait_queue_head { spinlock_t lock; struct list_head task_list; }`
 * and each waiter `struct __wait_queue { unsigned int flags; void *private; wait_queue_func_t func;
 * struct list_head task_list; }`, `private` being the sleeping task (4.13 renamed both).
 */
function waitLayout(prog: Program): { headList: bigint; entryList: bigint; entryTask: bigint } {
  const modern =
    !prog.types.completeStruct("__wait_queue_head") && prog.types.completeStruct("wait_queue_head");
  const head = modern ? "wait_queue_head" : "__wait_queue_head";
  const entry = modern ? "wait_queue_entry" : "__wait_queue";
  return {
    headList: offsetOr(prog, head, modern ? "head" : "task_list", 8),
    entryList: offsetOr(prog, entry, modern ? "entry" : "task_list", 0x18),
    entryTask: offsetOr(prog, entry, "private", 8),
  };
}

function dumpWaitq(prog: Program, wq: bigint, name?: string): string {
  const l = waitLayout(prog);
  const head = wq + l.headList;
  const table = taskTable(prog);
  const entries: bigint[] = [];
  for (
    let p = prog.readPointer(head);
    p !== head && p !== 0n && entries.length < 100000;
    p = prog.readPointer(p)
  )
    entries.push(p - l.entryList);
  if (entries.length === 0)
    return name ? `wait queue "${name}" (${hex(wq)}) is empty\n` : `wait queue ${hex(wq)} is empty\n`;
  let out = "";
  for (const e of entries) {
    const task = table.byAddress.get(prog.readPointer(e + l.entryTask));
    if (!task) break;
    out += taskHeader(task);
  }
  return out;
}

export const waitq: CrashCommand = {
  name: "waitq",
  synopsis: " [ symbol ] | [ struct.member struct_addr ] | [ address ]",
  summary: "list tasks queued on a wait queue",
  help: `  Show the tasks waiting on a wait queue, given as the address of a
  wait_queue_head_t, the name of a global one, or a structure member holding
  one together with the structure's address.

  EXAMPLES
    Who waits on this queue?

      crash> waitq ffff917c981c3b78

    Who waits on a task's child-exit queue?

      crash> waitq task_struct.wait_chldexit ffff917cbba330c0`,
  run(session, args) {
    const prog = session.prog;
    if (args.length < 1 || args.length > 2) throw new CrashUsageError();
    const a = args[0];
    let q: bigint;
    let name: string | undefined;
    if (isNumber(a)) q = BigInt(`0x${a.replace(/^0[xX]/, "")}`);
    else if (!a.includes(".")) {
      const sym = prog.symbols.lookup(a);
      if (!sym) throw new CrashError(`cannot resolve "${a}"`);
      q = sym.address;
      name = a;
    } else {
      const [struct, ...rest] = a.split(".");
      const member = rest.join(".");
      if (args.length !== 2) {
        session.out(`must supply an address for ${struct}\n`);
        return;
      }
      q = BigInt(`0x${args[1].replace(/^0[xX]/, "")}`);
      let offset: number;
      try {
        offset = prog.offsetOf(struct, member);
      } catch {
        session.out(`${member} is not a member of ${struct}\n`);
        return;
      }
      q += BigInt(offset);
    }
    // crash quietly ignores a zero or user-space address.
    if (q === 0n || q < 0xffff800000000000n) return;
    session.out(dumpWaitq(prog, q, name));
  },
};
