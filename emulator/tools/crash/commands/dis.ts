/**
 * `dis`: disassemble kernel text. The dump holds no machine code for us to decode, so a listing
 * is synthesized from the symbol table: a plausible x86_64 function body (ftrace nop, prologue,
 * moves, tests, jumps inside the function, calls to real symbols, epilogue), seeded by the
 * function's address so it never changes, in which every return address a backtrace shows is an
 * instruction boundary preceded by `callq <the callee>`. Line numbers come from the line tables.
 */
import { unwindStack } from "../../../kernel/linux/stack";
import { listTasks } from "../../../kernel/linux/tasks";
import type { Program } from "../../../kernel/program";
import { Rng } from "../../../kernel/random";
import { isText, type KernelSymbol } from "../../../kernel/symbols";
import { type CrashCommand, CrashError, type CrashSession, CrashUsageError } from "../command";
import { addressArg, stol } from "../format/args";
import { getopt } from "../format/getopt";

/** Return address -> called function, learned from backtraces (see registerCallSite). */
const callSiteTables = new WeakMap<Program, Map<bigint, bigint>>();

/** Record that the instruction before `returnAddress` calls `target` (the callee's address). */
export function registerCallSite(prog: Program, returnAddress: bigint, target: bigint): void {
  let m = callSiteTables.get(prog);
  if (!m) {
    m = new Map();
    callSiteTables.set(prog, m);
  }
  m.set(returnAddress, target);
}

/**
 * Call sites seen in the dump's stacks: in every task's backtrace, frame N's return address
 * follows a call to the function of frame N-1 (frames reached through an exception excepted).
 */
function* callSitesFromStacks(prog: Program): Iterable<[bigint, bigint]> {
  for (const task of listTasks(prog)) {
    let frames: ReturnType<typeof unwindStack>;
    try {
      frames = unwindStack(prog, task);
    } catch {
      continue;
    }
    for (let i = 1; i < frames.length; i++) {
      const callee = frames[i - 1];
      if (callee.exception || callee.transition) continue;
      const target = prog.symbols.resolve(callee.pc);
      if (target) yield [frames[i].pc, target.symbol.address];
    }
  }
}

/** A provider of call sites for a program (by default, the dump's own stacks). */
let callSiteProvider: ((prog: Program) => Iterable<[bigint, bigint]>) | undefined = callSitesFromStacks;
const provided = new WeakSet<Program>();

export function setCallSiteProvider(p: (prog: Program) => Iterable<[bigint, bigint]>): void {
  callSiteProvider = p;
}

function callSites(prog: Program): Map<bigint, bigint> {
  if (callSiteProvider && !provided.has(prog)) {
    provided.add(prog);
    try {
      for (const [r, t] of callSiteProvider(prog)) registerCallSite(prog, r, t);
    } catch {
      /* a dump whose stacks cannot be unwound just gets no fixed call sites */
    }
  }
  return callSiteTables.get(prog) ?? new Map();
}

export interface Instruction {
  readonly address: bigint;
  readonly length: number;
  readonly text: string;
}

interface Slot {
  off: number;
  len: number;
  kind: "fixed" | "call" | "jump" | "filler";
  text?: string;
  target?: bigint;
}

const FILLERS: readonly [number, readonly string[]][] = [
  [1, ["nop", "cltq", "cld"]],
  [2, ["test   %eax,%eax", "xor    %edx,%edx", "mov    %eax,%ebx", "xor    %eax,%eax", "test   %al,%al"]],
  [
    3,
    [
      "mov    %rax,%rdi",
      "mov    %rbx,%rsi",
      "mov    %r12,%rdi",
      "cmp    $0x1,%eax",
      "test   %rax,%rax",
      "mov    %r13,%rdx",
      "mov    %r14,%rsi",
    ],
  ],
  [
    4,
    [
      "mov    0x48(%rbx),%rax",
      "lea    -0x40(%rbp),%rsi",
      "mov    0x60(%r12),%rdx",
      "add    $0x1,%r14d",
      "mov    %rax,-0x38(%rbp)",
      "mov    0x18(%rdi),%rax",
    ],
  ],
  [5, ["mov    $0x1,%esi", "mov    $0x10,%edx", "mov    %gs:(%rax),%rax"]],
  [6, ["mov    0x98(%rbx),%eax", "cmpl   $0x2,0x9c(%r12)", "mov    0xb8(%r13),%rdi"]],
  [
    7,
    [
      "movl   $0x0,-0x2c(%rbp)",
      "mov    0x1c0(%rbx),%rdx",
      "mov    0x118(%rax),%rdi",
      "testb  $0x8,0x100(%rbx)",
    ],
  ],
  [8, ["movq   $0x0,0x18(%rbx)", "movq   $0x0,-0x48(%rbp)"]],
];

const PROLOGUE: readonly [number, string][] = [
  [5, "nopl   0x0(%rax,%rax,1) [FTRACE NOP]"],
  [1, "push   %rbp"],
  [3, "mov    %rsp,%rbp"],
  [2, "push   %r15"],
  [2, "push   %r14"],
  [2, "push   %r13"],
  [2, "push   %r12"],
  [1, "push   %rbx"],
  [4, "sub    $0x38,%rsp"],
];

const EPILOGUE: readonly [number, string][] = [
  [4, "add    $0x38,%rsp"],
  [1, "pop    %rbx"],
  [2, "pop    %r12"],
  [2, "pop    %r13"],
  [2, "pop    %r14"],
  [2, "pop    %r15"],
  [1, "pop    %rbp"],
  [1, "retq   "],
];

function functionSize(prog: Program, sym: KernelSymbol): number {
  if (sym.size > 0) return sym.size;
  const all = prog.symbols.all();
  const i = all.indexOf(sym);
  for (let k = i + 1; k < all.length; k++)
    if (all[k].address > sym.address) return Math.min(4096, Number(all[k].address - sym.address));
  return 64;
}

/** Fill `gap` bytes with filler slots (plus some jumps). */
function fill(rng: Rng, slots: Slot[], off: number, gap: number): number {
  while (gap > 0) {
    let len = 1 + rng.int(Math.min(gap, 8));
    if (gap - len === 1 && len > 1 && rng.int(2) === 0) len--;
    if (rng.int(10) === 0 && gap >= 2 && len >= 2) {
      const near = gap >= 6 && rng.int(2) === 0;
      slots.push({ off, len: near ? 6 : 2, kind: "jump" });
      const l = near ? 6 : 2;
      off += l;
      gap -= l;
      continue;
    }
    slots.push({ off, len, kind: "filler", text: rng.pick(FILLERS[len - 1][1]) });
    off += len;
    gap -= len;
  }
  return off;
}

/** The synthesized instructions of the function containing `sym`, with `boundaries` honoured. */
export function synthesize(
  prog: Program,
  sym: KernelSymbol,
  extraBoundaries: readonly bigint[] = [],
  assumeReturnSite?: bigint,
): Instruction[] {
  const size = functionSize(prog, sym);
  const rng = new Rng(Number(sym.address & 0x7fffffffn) ^ size);
  const sites = callSites(prog);
  const start = sym.address;
  const endOff = size;
  type Req = { off: number; call?: bigint };
  const reqs: Req[] = [];
  for (const [ret, target] of sites) {
    const off = Number(ret - start);
    if (off >= 5 && off <= endOff) reqs.push({ off: off - 5, call: target });
  }
  for (const b of extraBoundaries) {
    const off = Number(b - start);
    if (off > 0 && off < endOff && !sites.has(b)) reqs.push({ off });
  }
  // `dis -r` is mostly used with a return address from a backtrace: make it follow a call.
  if (assumeReturnSite !== undefined && !sites.has(assumeReturnSite)) {
    const off = Number(assumeReturnSite - start);
    const peersForCall = prog.symbols.all().filter((s) => isText(s) && s.module === sym.module && s !== sym);
    if (off >= 5 && off <= endOff && peersForCall.length) {
      const k = reqs.findIndex((r) => r.off === off);
      if (k >= 0) reqs.splice(k, 1);
      reqs.push({
        off: off - 5,
        call: peersForCall[Number(assumeReturnSite % BigInt(peersForCall.length))].address,
      });
    }
  }
  reqs.sort((a, b) => a.off - b.off);
  const slots: Slot[] = [];
  let off = 0;
  const prologue = size >= 48 ? PROLOGUE : PROLOGUE.slice(0, size >= 16 ? 3 : 1);
  const firstReq = reqs.length ? reqs[0].off : endOff;
  for (const [len, text] of prologue) {
    if (off + len > firstReq) break;
    slots.push({ off, len, kind: "fixed", text });
    off += len;
  }
  const epilogue = size >= 48 ? EPILOGUE : EPILOGUE.slice(-2);
  const epLen = epilogue.reduce((n, [l]) => n + l, 0);
  for (const r of reqs) {
    if (r.off < off) continue;
    off = fill(rng, slots, off, r.off - off);
    if (r.call !== undefined) {
      slots.push({ off, len: 5, kind: "call", target: r.call });
      off += 5;
    }
  }
  const epStart = Math.max(off, endOff - epLen);
  off = fill(rng, slots, off, epStart - off);
  for (const [len, text] of epilogue) {
    if (off >= endOff && endOff > 0 && off > epStart) break;
    slots.push({ off, len, kind: "fixed", text });
    off += len;
  }
  // Ordinary calls go to real functions of the same object (module or vmlinux).
  const peers = prog.symbols.all().filter((s) => isText(s) && s.module === sym.module && s !== sym);
  const boundaryOffs = slots.map((s) => s.off);
  return slots.map((s) => {
    const address = start + BigInt(s.off);
    let text = s.text ?? "";
    if (s.kind === "call") text = `callq  ${target(prog, s.target!)}`;
    else if (s.kind === "jump") {
      const later = boundaryOffs.filter((o) => o > s.off);
      const to = later.length ? later[rng.int(Math.min(later.length, 12))] : boundaryOffs[0];
      const mnem = rng.pick(["je", "jne", "jmp", "jbe", "js"]);
      text = `${mnem.padEnd(6)} ${target(prog, start + BigInt(to))}`;
    } else if (s.kind === "filler" && s.len === 5 && rng.int(3) === 0 && peers.length) {
      text = `callq  ${target(prog, rng.pick(peers).address)}`;
    }
    return { address, length: s.len, text };
  });
}

function target(prog: Program, a: bigint): string {
  const r = prog.symbols.resolve(a);
  const name = r ? (r.offset ? `${r.symbol.name}+${r.offset}` : r.symbol.name) : undefined;
  return `0x${a.toString(16)}${name ? ` <${name}>` : ""}`;
}

function location(sym: KernelSymbol, a: bigint, radix: 10 | 16): string {
  const off = a - sym.address;
  if (off === 0n) return `<${sym.name}>`;
  return radix === 16 ? `<${sym.name}+0x${off.toString(16)}>` : `<${sym.name}+${off}>`;
}

export function disLine(sym: KernelSymbol, insn: Instruction, radix: 10 | 16): string {
  return `0x${insn.address.toString(16)} ${location(sym, insn.address, radix)}:\t${insn.text}\n`;
}

export const disCommand: CrashCommand = {
  name: "dis",
  synopsis: "[-rfludxs][-b [num]] [address | symbol | (expression)] [count]",
  summary: "disassemble",
  help: `  Disassemble kernel text.  Given a function name, the whole function is
  shown; given an address, one instruction (or "count" instructions).

    -r   show the function from its start up to and including the address
         (handy with a return address from a backtrace).
    -f   show from the address to the end of the function.
    -l   show the source file and line before the instructions of each line.
    -x / -d  offsets after the function name in hexadecimal / decimal.

  kdebug-lab note: the dump contains no machine code to decode, so the
  listing is synthesized from the symbol table: the calls that lead to the
  return addresses seen in backtraces are real, the other instructions are
  plausible filler.

EXAMPLES
    crash> dis -r ffffffffc0fd3055 | tail -2
    crash> dis -l ldlm_run_ast_work 10`,
  run(session: CrashSession, argv: string[]) {
    const prog = session.prog;
    const opts = getopt("dis", argv, "rfludxsb:");
    if (opts.has("u")) throw new CrashError("user virtual addresses are not available in this dump");
    if (opts.has("s")) throw new CrashError("source listings are not available in this lab");
    const radix: 10 | 16 = opts.has("x") ? 16 : 10;
    if (opts.args.length === 0) throw new CrashUsageError();
    const arg = opts.args[0];
    const addr = addressArg(prog, arg);
    const r = prog.symbols.resolve(addr);
    if (!r || !isText(r.symbol)) {
      session.out(`dis: WARNING: ${addr.toString(16)}: no associated kernel symbol found\n`);
      return;
    }
    const sym = r.symbol;
    const insns = synthesize(prog, sym, r.offset ? [addr] : [], opts.has("r") && r.offset ? addr : undefined);
    const countArg = opts.args[1] !== undefined ? Number(stol(opts.args[1])) : undefined;
    let pick: Instruction[];
    if (opts.has("r")) pick = insns.filter((i) => i.address <= addr);
    else if (opts.has("f")) pick = insns.filter((i) => i.address >= addr);
    else if (countArg === undefined && r.offset === 0 && prog.symbols.lookup(arg) !== undefined) pick = insns;
    else {
      const from = insns.findIndex((i) => i.address >= addr);
      pick = from < 0 ? [] : insns.slice(from, from + (countArg ?? 1));
    }
    let lastLine = "";
    let out = "";
    for (const insn of pick) {
      if (opts.has("l")) {
        const l = prog.symbols.lineOf(insn.address);
        const key = l ? `${l.file}: ${l.line}` : "";
        if (key && key !== lastLine) out += `${key}\n`;
        lastLine = key;
      }
      out += disLine(sym, insn, radix);
    }
    session.out(out);
  },
};
