import { describe, expect, it } from "vitest";
import { defineTypes } from "../../emulator/kernel/ctypes";
import { taskStateName } from "../../emulator/kernel/linux/tasks";
import { TypeRegistry } from "../../emulator/kernel/types";
import { parseArgs, resolveAlias, splitRedirect } from "../../emulator/tools/crash/cmdline";
import { CrashUsageError } from "../../emulator/tools/crash/command";
import { formatNumber } from "../../emulator/tools/crash/commands/eval";
import { inetNtoa } from "../../emulator/tools/crash/commands/net";
import { htol, isHex, stol } from "../../emulator/tools/crash/format/args";
import { enumText, formatCString } from "../../emulator/tools/crash/format/gdbvalue";
import { getopt } from "../../emulator/tools/crash/format/getopt";
import { ptypeStruct } from "../../emulator/tools/crash/format/ptype";
import { taskHeader } from "../../emulator/tools/crash/format/task";
import { center, hex16, radixInt, symOffset } from "../../emulator/tools/crash/format/text";
import { buildTestProgram } from "./harness";

describe("text helpers", () => {
  it("justifies like crash's mkstring", () => {
    expect(center("TASK", 16)).toBe("      TASK      ");
    expect(center("FILE", 15, "ljust")).toBe("     FILE      ");
    expect(center("FILE", 15, "rjust")).toBe("      FILE     ");
    expect(hex16(0x38n)).toBe("0000000000000038");
    expect(radixInt(83415n, 16)).toBe("0x145d7");
    expect(radixInt(-1n, 16, 4)).toBe("0xffffffff");
    expect(symOffset(112, 10)).toBe("+112");
    expect(symOffset(112, 16)).toBe("+0x70");
  });
  it("writes the crash 7.2 task header", () => {
    const { panic } = buildTestProgram(1, 1);
    expect(taskHeader(panic)).toBe(
      `PID: 4715   TASK: ${panic.address.toString(16)}  CPU: 1   COMMAND: "bash"`,
    );
    expect(taskStateName({ ...panic, state: 2 })).toBe("TASK_UNINTERRUPTIBLE");
    expect(taskStateName({ ...panic, state: 0, exitState: 16 })).toBe("EXIT_ZOMBIE");
  });
});

describe("getopt", () => {
  it("clusters flags, attaches arguments and permutes like glibc", () => {
    const o = getopt("rd", ["-o0x118", "ffff", "-x", "-16", "4"], "axme:r:pfudDusSNo:81:3:6:");
    expect(o.get("o")).toBe("0x118");
    expect(o.has("x")).toBe(true);
    expect(o.list.find(([c]) => c === "1")?.[1]).toBe("6");
    expect(o.args).toEqual(["ffff", "4"]);
    const p = getopt("struct", ["task_struct", "-px", "ffff"], "pxdhfuc:rvol:");
    expect(p.has("p") && p.has("x")).toBe(true);
  });
  it("reports bad options in glibc's words", () => {
    expect(() => getopt("bt", ["-Z"], "ab")).toThrow(CrashUsageError);
    try {
      getopt("bt", ["-Z"], "ab");
    } catch (e) {
      expect((e as CrashUsageError).detail).toBe("bt: invalid option -- 'Z'");
    }
    try {
      getopt("rd", ["-o"], "o:");
    } catch (e) {
      expect((e as CrashUsageError).detail).toBe("rd: option requires an argument -- 'o'");
    }
  });
});

describe("number arguments", () => {
  it("follows htol/stol", () => {
    expect(htol("ffff917c96f59000")).toBe(0xffff917c96f59000n);
    expect(htol("0x118")).toBe(0x118n);
    expect(stol("280")).toBe(280n);
    expect(stol("118")).toBe(118n);
    expect(stol("0x118")).toBe(0x118n);
    expect(stol("1a")).toBe(0x1an);
    expect(isHex("jiffies")).toBe(false);
    expect(isHex("deadbeef")).toBe(true);
  });
});

describe("gdb value text", () => {
  it("prints char arrays with gdb's terminator and repeat rules", () => {
    const bash = [..."bash"].map((c) => c.charCodeAt(0)).concat(new Array(12).fill(0));
    expect(formatCString(bash, 16, true)).toBe(`"bash", '\\000' <repeats 11 times>`);
    const kw = [..."kworker/0:1"].map((c) => c.charCodeAt(0)).concat(new Array(5).fill(0));
    expect(formatCString(kw, 16, true)).toBe('"kworker/0:1\\000\\000\\000\\000"');
    expect(formatCString(new Array(16).fill(0), 16, true)).toBe(`'\\000' <repeats 15 times>`);
    // exactly 10 identical bytes are not compressed (gdb: more than `repeats` = 10)
    expect(formatCString([65, ...new Array(10).fill(66), 0], 12, true)).toBe('"ABBBBBBBBBB"');
    expect(formatCString([9, 34, 92, 200], 4, false)).toBe('"\\t\\"\\\\\\310"');
  });
  it("names enum values, flag combinations and unknown values", () => {
    const e: [string, bigint][] = [
      ["A", 1n],
      ["B", 2n],
      ["C", 4n],
    ];
    expect(enumText(e, 2n)).toBe("B");
    expect(enumText(e, 5n)).toBe("(A | C)");
    expect(
      enumText(
        [
          ["X", 0n],
          ["Y", 3n],
        ],
        7n,
      ),
    ).toBe("7");
  });
});

describe("ptype", () => {
  it("writes the definition and crash's -o column", () => {
    const reg = new TypeRegistry();
    defineTypes(
      reg,
      "struct s { [0x0] int a; union { [0x8] long b; [0x8] void *c; }; [0x10] char name[16]; } SIZE 0x20;",
    );
    expect(ptypeStruct(reg.completeStruct("s")!)).toEqual([
      "struct s {",
      "    int a;",
      "    union {",
      "        long b;",
      "        void *c;",
      "    };",
      "    char name[16];",
      "}",
    ]);
    // width = len("0x20") + 4 = 8; lines without an offset get len+1 spaces
    expect(ptypeStruct(reg.completeStruct("s")!, { radix: 16, size: 0x20 })).toEqual([
      "struct s {",
      "   [0x0] int a;",
      "         union {",
      "   [0x8]     long b;",
      "   [0x8]     void *c;",
      "         };",
      "  [0x10] char name[16];",
      "}",
    ]);
    expect(ptypeStruct(reg.completeStruct("s")!, { radix: 10, size: 0x20 })[1]).toBe("   [0] int a;");
  });
});

describe("command line scanning", () => {
  it("finds pipes, redirections and shell escapes outside quotes and parentheses", () => {
    expect(splitRedirect("list -H x | wc -l")).toEqual({
      kind: "pipe",
      command: "list -H x",
      pipeline: "wc -l",
    });
    expect(splitRedirect("list -H x | awk '/a|b/ { print $3 }' > export")).toEqual({
      kind: "pipe",
      command: "list -H x",
      pipeline: "awk '/a|b/ { print $3 }' > export",
    });
    expect(splitRedirect("p task->comm")).toEqual({ kind: "none", command: "p task->comm" });
    expect(splitRedirect("p (a|b)")).toEqual({ kind: "none", command: "p (a|b)" });
    expect(splitRedirect('search -c "a|b"')).toEqual({ kind: "none", command: 'search -c "a|b"' });
    expect(splitRedirect("foreach bt > foreach_bt")).toEqual({
      kind: "file",
      command: "foreach bt",
      file: "foreach_bt",
      append: false,
    });
    expect(splitRedirect("x >> f")).toMatchObject({ kind: "file", append: true, file: "f" });
    expect(splitRedirect("!head -n 1 export")).toEqual({ kind: "shell", pipeline: "head -n 1 export" });
    expect(splitRedirect("p x != 1")).toMatchObject({ kind: "pipe", pipeline: "= 1" });
    expect(splitRedirect("p x |")).toEqual({ kind: "error", message: "no shell command after '|'" });
    expect(splitRedirect("p x | wc |")).toEqual({ kind: "error", message: "pipe to nowhere?" });
    expect(splitRedirect("p x >")).toEqual({ kind: "error", message: "no file name after >" });
  });
  it("splits arguments as parse_line does", () => {
    expect(parseArgs('search -k -c "can\'t allocate memory" x')).toEqual([
      "search",
      "-k",
      "-c",
      "can't allocate memory",
      "x",
    ]);
    expect(parseArgs("eval (1 << 27)")).toEqual(["eval", "(1 << 27)"]);
    expect(parseArgs("p (struct task_struct *)0x1234")).toEqual(["p", "(struct task_struct *)0x1234"]);
    expect(parseArgs("  rd   -o 0x118  ")).toEqual(["rd", "-o", "0x118"]);
  });
  it("expands crash's built-in aliases", () => {
    expect(resolveAlias("px jiffies")).toBe("p -x jiffies");
    expect(resolveAlias("hex")).toBe("set radix 16");
    expect(resolveAlias("last")).toBe("ps -l");
    expect(resolveAlias("dmesg | tail")).toBe("log | tail");
  });
});

describe("eval and net -N arithmetic", () => {
  it("prints crash's eval block", () => {
    expect(formatNumber(134217728n, false)).toBe(
      "hexadecimal: 8000000  (128MB)\n    decimal: 134217728  \n      octal: 1000000000\n     binary: 0000000000000000000000000000000000001000000000000000000000000000\n",
    );
    expect(formatNumber(0xffffffffffffffffn, false)).toContain("    decimal: 18446744073709551615  (-1)\n");
    expect(formatNumber(0x41dc065n, true)).toContain("   bits set: 26 20 19 18 16 15 14 6 5 2 0 \n");
  });
  it("reads an in_addr the way inet_ntoa does on x86", () => {
    expect(inetNtoa(1041236234n)).toBe("10.1.16.62");
    expect(inetNtoa(0x200000ac80002n)).toBe("2.0.200.10");
    expect(inetNtoa(33605642n)).toBe("10.200.0.2");
  });
});
