/**
 * `p`: print an expression or symbol value as gdb would, numbered in gdb's value history.
 * `p symbol` prefixes the output with `symbol = ` as crash does; per-cpu symbols list their
 * per-cpu addresses unless a `:cpu` is given.
 */
import { FaultError } from "../../../kernel/program";
import { typeName } from "../../../kernel/types";
import { type CrashCommand, CrashError, type CrashSession, CrashUsageError, type Radix } from "../command";
import { ExprEvaluator, GdbError, type TypedValue } from "../format/expr";
import { getopt } from "../format/getopt";
import { formatTopValue, type PrintFormat } from "../format/print";

export function evaluatorFor(session: CrashSession): ExprEvaluator {
  return new ExprEvaluator({
    prog: session.prog,
    history: (i) => session.valueHistory(i) as TypedValue | undefined,
    historyCount: () => {
      let n = 0;
      while (session.valueHistory(n + 1) !== undefined) n++;
      return n;
    },
    record: session.explain
      ? (what, address, offset, value) => session.recordStep({ what, address, offset, value })
      : undefined,
  });
}

function cpuCount(session: CrashSession): number {
  const nr = session.prog.symbols.lookup("nr_cpu_ids");
  if (nr) {
    try {
      return session.prog.readU32(nr.address);
    } catch {
      /* fall back to the dump's notes */
    }
  }
  return Math.max(1, session.prog.dump.cpuRegs.size);
}

export const pCommand: CrashCommand = {
  name: "p",
  synopsis: "[-x|-d][-u] [expression | symbol[:cpuspec]]",
  summary: "print the value of an expression",
  help: `  Print the value of a C expression or of a kernel variable, the way gdb's
  "print" does: structures are shown member by member, enums by name, pointers
  in hexadecimal, character arrays as strings.  Each value printed is added to
  gdb's value history and can be reused as $1, $2... ($ is the last one,
  $$ the one before it, $$N the Nth before it).

  When the argument is a single kernel symbol, the output begins with the
  symbol name, as in "jiffies = $3 = 4295012345".

    -x  print integers in hexadecimal for this command only (alias: px).
    -d  print integers in decimal for this command only (alias: pd).
    -u  the expression refers to user space (not available in this lab).
    symbol:cpuspec  for a per-cpu variable, the copy of CPU "cpuspec"
        (a number, a list such as 1,3 or a range 0-3; empty means the current CPU).

  The gdb form "p/x expr" (and /d, /u, /o, /t, /c) is also accepted.

EXAMPLES
  Print the value of jiffies, in decimal and then in hexadecimal:

    crash> p jiffies
    jiffies = $1 = 4295012345
    crash> px jiffies
    jiffies = $2 = 0x1000af1f9

  Follow a pointer with a cast:

    crash> p ((struct ldlm_lock *)0xffff917c62522f40)->l_req_mode
    $3 = LCK_PW

  Convert a register value from hexadecimal:

    crash> p/d 0x37
    $4 = 55`,
  run(session, argv) {
    let fmt: PrintFormat;
    let args = argv;
    if (args[0]?.startsWith("/")) {
      const f = args[0].slice(1);
      if (!/^[xduotc]$/.test(f)) throw new CrashError(`Undefined output format "${f}".`, true);
      fmt = f as PrintFormat;
      args = args.slice(1);
    }
    const opts = getopt("p", args, "dhxu");
    let radix: Radix | undefined;
    for (const [o] of opts.list) {
      if (o === "d") {
        if (radix === 16) throw new CrashError("-d and -x are mutually exclusive");
        radix = 10;
      } else if (o === "x" || o === "h") {
        if (radix === 10) throw new CrashError("-d and -x are mutually exclusive");
        radix = 16;
      } else if (o === "u") throw new CrashError("user virtual addresses are not available in this dump");
    }
    if (opts.args.length === 0) {
      if (fmt) {
        const last = session.valueHistory();
        if (!last) throw new CrashError("History is empty.", true);
      } else throw new CrashUsageError();
    }
    const prog = session.prog;
    const effRadix = radix ?? session.radix;
    let expr = opts.args.join(" ");
    let leader: string | undefined;
    const cpuspec = /^([A-Za-z_][\w.]*):([\d,-]*)$/.exec(expr);
    const single = opts.args.length === 1 ? prog.symbols.lookup(cpuspec ? cpuspec[1] : expr) : undefined;
    if (single?.percpu) {
      printPerCpu(session, single.name, cpuspec ? cpuspec[2] : undefined, effRadix, fmt);
      return;
    }
    // `p/x sym` is gdb's print, which has no `sym = ` leader (crash adds it only for its own p).
    if (single && !cpuspec && !fmt) leader = single.name;
    if (cpuspec && single) {
      session.out(`p: WARNING: ${single.name} is not percpu; cpuspec ignored.\n`);
      expr = single.name;
      leader = single.name;
    }
    // crash hands gdb its own command line without the option words; `p/x ...` is not a crash
    // command, so gdb gets (and the error names) the line as typed.
    const gdbFailed = fmt
      ? new CrashError(`gdb: gdb request failed: p${argv.join(" ")}`, true)
      : new CrashError(`gdb request failed: ${["p", ...argv.filter((a) => !a.startsWith("-"))].join(" ")}`);
    const ev = evaluatorFor(session);
    let text: string;
    let v: TypedValue;
    try {
      v = opts.args.length === 0 ? (session.valueHistory() as TypedValue) : ev.evaluate(expr);
      text = formatTopValue(prog, ev, v, effRadix, fmt);
    } catch (e) {
      if (e instanceof GdbError) {
        session.out(`${e.message}\n`);
        throw gdbFailed;
      }
      if (e instanceof FaultError) {
        session.out(
          `p: invalid kernel virtual address: ${e.address.toString(16)}  type: "gdb_readmem_callback"\n`,
        );
        session.out(`Cannot access memory at address 0x${e.address.toString(16)}\n`);
        throw gdbFailed;
      }
      throw e;
    }
    const n = session.pushValue(v);
    session.out(`${leader ? `${leader} = ` : ""}$${n} = ${text}\n`);
  },
};

/** The per-cpu block crash prints for `p percpu_symbol` (and `sym:cpu` values). */
function printPerCpu(
  session: CrashSession,
  name: string,
  spec: string | undefined,
  radix: Radix,
  fmt: PrintFormat,
): void {
  const prog = session.prog;
  const sym = prog.symbol(name);
  const n = cpuCount(session);
  if (spec === undefined) {
    session.out(
      `PER-CPU DATA TYPE:\n  ${sym.type ? `${typeName(sym.type)} ${name}` : `int ${name}`};\nPER-CPU ADDRESSES:\n`,
    );
    for (let c = 0; c < n; c++) session.out(`  [${c}]: ${prog.perCpu(sym, c).toString(16)}\n`);
    return;
  }
  const cpus = spec === "" ? [session.context.cpu] : parseCpuList(spec);
  const ev = evaluatorFor(session);
  for (const c of cpus) {
    if (c >= n) throw new CrashError(`invalid cpu specification: ${spec}`);
    const addr = prog.perCpu(sym, c);
    const v: TypedValue = { type: sym.type ?? prog.types.base("int"), address: addr };
    const text = formatTopValue(prog, ev, v, radix, fmt);
    const k = session.pushValue(v);
    session.out(`per_cpu(${name}, ${c}) = $${k} = ${text}\n`);
  }
}

export function parseCpuList(spec: string): number[] {
  const out: number[] = [];
  for (const part of spec.split(",")) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!m) throw new CrashError(`invalid cpu specification: ${spec}`);
    const a = Number(m[1]);
    const b = m[2] === undefined ? a : Number(m[2]);
    for (let c = a; c <= b; c++) out.push(c);
  }
  return out;
}
