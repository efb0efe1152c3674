import { describe, expect, it } from "vitest";
import {
  buildTestProgram,
  CONNECTION,
  EXPORT,
  harness,
  NAMESPACE,
  RESOURCE,
  TEXT_BASE,
  WAITING_LOCKS,
} from "./harness";

const h = harness(buildTestProgram(10, 4));
const hx = (v: bigint) => v.toString(16);

describe("struct", () => {
  it("prints a definition with SIZE in the current radix", async () => {
    expect(await h.run("struct list_head")).toBe(
      "struct list_head {\n    struct list_head *next;\n    struct list_head *prev;\n}\nSIZE: 16\n",
    );
    expect(await h.run("set radix 16", "struct list_head")).toBe(
      "output radix: 16 (hex)\nstruct list_head {\n    struct list_head *next;\n    struct list_head *prev;\n}\nSIZE: 0x10\n",
    );
    await h.run("set radix 10");
  });
  it("shows -o offsets and a single member's offset", async () => {
    const out = await h.run("struct -o ldlm_resource");
    expect(out).toContain("  [32] struct list_head lr_granted;\n");
    expect(out).toContain("SIZE: 176\n");
    expect(await h.run("struct -o obd_export.exp_connection")).toBe(
      "struct obd_export {\n   [280] struct ptlrpc_connection *exp_connection;\n}\n",
    );
    expect(await h.run("hex", "struct -o obd_export.exp_connection", "dec")).toContain(
      "  [0x118] struct ptlrpc_connection *exp_connection;\n",
    );
  });
  it("prints objects, members, nested members and several members", async () => {
    const whole = await h.run(`struct ptlrpc_connection ${hx(CONNECTION)}`);
    expect(whole).toBe(
      `struct ptlrpc_connection {\n  c_hash = {\n    next = 0x0,\n    pprev = 0x0\n  },\n  c_self = 562950134300673,\n  c_peer = {\n    nid = 562950134300674,\n    pid = 12345\n  },\n  c_remote_uuid = '\\000' <repeats 39 times>,\n  c_refcount = {\n    counter = 0\n  }\n}\n`,
    );
    expect(await h.run(`struct -x ptlrpc_connection.c_peer.nid ${hx(CONNECTION)}`)).toBe(
      "  c_peer.nid = 0x200000ac80002,\n",
    );
    expect(await h.run(`struct ptlrpc_connection.c_peer.pid ${hx(CONNECTION)}`)).toBe(
      "  c_peer.pid = 12345\n",
    );
    expect(await h.run(`struct -d ldlm_resource.lr_refcount ${hx(RESOURCE)}`)).toBe(
      "  lr_refcount = {\n    counter = 83415\n  }\n",
    );
    expect(await h.run(`struct -x ldlm_resource.lr_name ${hx(RESOURCE)}`)).toBe(
      "  lr_name = {\n    name = {0x28, 0x0, 0x0, 0x0}\n  }\n",
    );
    expect(await h.run(`struct ldlm_lock.l_req_mode,l_export ${hx(WAITING_LOCKS[1])}`)).toBe(
      `  l_req_mode = LCK_PR\n  l_export = 0x${hx(EXPORT)}\n`,
    );
    expect(await h.run(`struct ldlm_namespace.ns_name ${hx(NAMESPACE)}`)).toBe(
      '  ns_name = 0xffff917ce5b5ae60 "filter-testfs0-OST0000_UUID"\n',
    );
  });
  it("handles -l, counts, symbols and the struct keyword fallback", async () => {
    // the lock seen through its l_res_link (offset 0x60)
    expect(
      await h.run(`struct ldlm_lock.l_req_mode -l ldlm_lock.l_res_link ${hx(WAITING_LOCKS[0] + 0x60n)}`),
    ).toBe("  l_req_mode = LCK_PW\n");
    expect(await h.run(`struct ldlm_lock.l_req_mode -l 96 ${hx(WAITING_LOCKS[0] + 0x60n)}`)).toBe(
      "  l_req_mode = LCK_PW\n",
    );
    const two = await h.run(`list_head.next ${hx(RESOURCE + 0x20n)} 2`);
    expect(two.split("\n\n").length).toBe(2);
    expect(await h.run(`struct list_head ldlm_srv_namespace_list`)).toBe(
      `struct list_head {\n  next = 0x${hx(NAMESPACE + 0x20n)},\n  prev = 0x${hx(NAMESPACE + 0x20n)}\n}\n`,
    );
    expect(await h.run(`ldlm_resource.lr_lvb_len ${hx(RESOURCE)}`)).toBe("  lr_lvb_len = 56\n");
  });
  it("reports crash's errors", async () => {
    expect(await h.run("struct foo")).toBe("struct: invalid data structure reference: foo\n");
    expect(await h.run("struct ldlm_resource.lr_nope")).toBe(
      "struct: invalid data structure reference: ldlm_resource.lr_nope\n",
    );
    expect(await h.run("struct list_head ffff880000000000")).toBe(
      'struct list_head struct: invalid kernel virtual address: ffff880000000000  type: "gdb_readmem_callback"\nCannot access memory at address 0xffff880000000000\n',
    );
    expect(await h.run("struct list_head 1234")).toBe("struct: invalid kernel virtual address: 1234\n");
    expect(await h.run("struct list_head nosuchsym")).toBe(
      "symbol not found: nosuchsym\npossible alternatives:\n  (none found)\n",
    );
    expect(await h.run("struct -Q list_head")).toBe(
      "struct: invalid option -- 'Q'\n" +
        'Usage:\n  struct struct_name[.member[,member]] [-o][-l offset][-rfuxdp] [address | symbol][:cpuspec] [count | -c count]\nEnter "help struct" for details.\n',
    );
    expect(await h.run("union list_head")).toBe("union: data type mismatch: list_head is not a union\n");
    expect(await h.run(`struct -x -d list_head ${hx(RESOURCE)}`)).toBe(
      "struct: -d and -x are mutually exclusive\n",
    );
  });
});

describe("list", () => {
  it("walks -H heads, with and without member offsets", async () => {
    const granted = (await h.run(`list -H ${hx(RESOURCE + 0x20n)}`)).trim().split("\n");
    expect(granted.length).toBe(10);
    expect(await h.run(`list -H ${hx(RESOURCE + 0x30n)} ldlm_lock.l_res_link`)).toBe(
      WAITING_LOCKS.map((l) => `${hx(l)}\n`).join(""),
    );
    expect(await h.run(`list -H ${hx(RESOURCE + 0x30n)} -o 0x60`)).toBe(
      WAITING_LOCKS.map((l) => `${hx(l)}\n`).join(""),
    );
    expect(await h.run(`list -r -H ${hx(RESOURCE + 0x30n)} ldlm_lock.l_res_link`)).toBe(
      [...WAITING_LOCKS]
        .reverse()
        .map((l) => `${hx(l)}\n`)
        .join(""),
    );
    // -h: the start is an entry and is shown first; the walk stops when it comes back to it
    const fromEntry = await h.run(`list -h ${hx(WAITING_LOCKS[0])} ldlm_lock.l_res_link`);
    expect(fromEntry.split("\n")[0]).toBe(hx(WAITING_LOCKS[0]));
    expect(fromEntry.trim().split("\n").length).toBe(4); // 3 locks and the head's container
  });
  it("prints members with -s (gdb) and -S (direct reads)", async () => {
    expect(await h.run(`list -H ${hx(RESOURCE + 0x30n)} ldlm_lock.l_res_link -s ldlm_lock.l_req_mode`)).toBe(
      `${hx(WAITING_LOCKS[0])}\n  l_req_mode = LCK_PW\n${hx(WAITING_LOCKS[1])}\n  l_req_mode = LCK_PR\n${hx(WAITING_LOCKS[2])}\n  l_req_mode = LCK_PW\n`,
    );
    expect(
      await h.run(
        `list -H ${hx(RESOURCE + 0x30n)} ldlm_lock.l_res_link -S ldlm_lock.l_req_mode,l_export,l_completion_ast`,
      ),
    ).toContain(
      `${hx(WAITING_LOCKS[1])}\n  l_req_mode = 4\n  l_export = 0x${hx(EXPORT)}\n  l_completion_ast = 0xffffffffc0fd5000 <ldlm_completion_ast>\n`,
    );
    expect(
      await h.run(`list -x -H ${hx(RESOURCE + 0x30n)} ldlm_lock.l_res_link -S ldlm_lock.l_req_mode`),
    ).toContain("  l_req_mode = 0x2\n");
    expect(
      await h.run(
        `list -H ldlm_srv_namespace_list -o ldlm_namespace.ns_list_chain -S ldlm_namespace.ns_name,ns_tag`,
      ),
    ).toBe(
      `${hx(NAMESPACE)}\n  ns_name = 0xffff917ce5b5ae60  "filter-testfs0-OST0000_UUID"\n  ns_tag = "srv"\n`,
    );
    const whole = await h.run(
      "list -s ldlm_namespace ldlm_namespace.ns_list_chain -H ldlm_srv_namespace_list",
    );
    expect(whole).toContain(
      `${hx(NAMESPACE)}\nstruct ldlm_namespace {\n  ns_obd = 0xffff917ca0d620f0,\n  ns_client = LDLM_NAMESPACE_SERVER,\n  ns_name = 0xffff917ce5b5ae60 "filter-testfs0-OST0000_UUID",\n`,
    );
  });
  it("reports empty lists, loops, bad entries and argument errors", async () => {
    const tp = buildTestProgram(3, 1);
    const lh = harness(tp);
    const head = RESOURCE + 0x40n; // lr_name: a self-pointing "list" once we write it
    tp.prog.mem.writeU64(head, head);
    expect(await lh.run(`list -H ${hx(head)}`)).toBe("(empty)\n");
    // a loop that comes back to the first entry just ends the walk (crash stops at its start)...
    const [a, b, c] = tp.granted;
    tp.prog.mem.writeU64(b + 0x60n, a + 0x60n);
    expect(await lh.run(`list -H ${hx(RESOURCE + 0x20n)} ldlm_lock.l_res_link`)).toBe(`${hx(a)}\n${hx(b)}\n`);
    // ...a loop that does not is a duplicate entry
    tp.prog.mem.writeU64(b + 0x60n, c + 0x60n);
    tp.prog.mem.writeU64(c + 0x60n, b + 0x60n);
    expect(await lh.run(`list -H ${hx(RESOURCE + 0x20n)} ldlm_lock.l_res_link`)).toBe(
      `${hx(a)}\n${hx(b)}\n${hx(c)}\n${hx(b)}\n\nlist: duplicate list entry: ${hx(b + 0x60n)}\n`,
    );
    tp.prog.mem.writeU64(c + 0x60n, 0n);
    expect(await lh.run(`list -H ${hx(RESOURCE + 0x20n)} ldlm_lock.l_res_link`)).toBe(
      `${hx(a)}\n${hx(b)}\n${hx(c)}\n\nlist: invalid list entry: 0\n`,
    );
    tp.prog.mem.writeU64(c + 0x60n, 0xffff880000000000n);
    expect(await lh.run(`list -H ${hx(RESOURCE + 0x20n)} ldlm_lock.l_res_link`)).toBe(
      `${hx(a)}\n${hx(b)}\n${hx(c)}\nffff87ffffffffa0\n\nlist: invalid list entry: ffff880000000000\n`,
    );
    expect(await lh.run("list")).toContain("list: starting address required\nUsage:\n");
    expect(await lh.run(`list -s ldlm_lock.l_nope -H ${hx(RESOURCE + 0x30n)}`)).toBe(
      "list: Can't get offset of 'ldlm_lock.l_nope'\n",
    );
    expect(await lh.run("list -s x -S y 1")).toBe("list: -S and -s options are mutually exclusive\n");
  });
  it("stops on Ctrl-C", async () => {
    const tp = buildTestProgram(20000, 2);
    const lh = harness(tp);
    setTimeout(() => lh.signal.press(), 0);
    const out = await lh.run(`list -H ${hx(RESOURCE + 0x20n)} ldlm_lock.l_res_link -s ldlm_lock.l_pid`);
    expect(out.split("\n").length).toBeLessThan(40000);
  });
});

describe("rd", () => {
  it("formats 64/32/16/8-bit words with the ASCII column", async () => {
    expect(await h.run(`rd -o 0x118 ${hx(EXPORT)}`)).toBe(
      `${hx(EXPORT + 0x118n)}:  ${hx(CONNECTION)}                    ....|...\n`,
    );
    expect(await h.run(`rd -o 0x18 ${hx(CONNECTION)}`)).toBe(
      `${hx(CONNECTION + 0x18n)}:  000200000ac80002                    ........\n`,
    );
    const two = await h.run(`rd ${hx(CONNECTION + 0x10n)} 3`);
    expect(two).toBe(
      `${hx(CONNECTION + 0x10n)}:  000200000ac80001 000200000ac80002   ................\n${hx(CONNECTION + 0x20n)}:  0000000000003039                    90......\n`,
    );
    expect(await h.run("rd -32 jiffies 2")).toBe(
      `${hx(TEXT_BASE + 0x1a0b000n)}:  0000aff9 00000001                     ........\n`,
    );
    // the last line is padded to crash's ASCII_START column (43 / 51 + 16), then two spaces
    expect(await h.run("rd -16 jiffies 1")).toBe(
      `${hx(TEXT_BASE + 0x1a0b000n)}:  aff9 ${" ".repeat(59 - 24)}  ..\n`,
    );
    expect(await h.run("rd -8 linux_banner 5")).toBe(
      `${hx(TEXT_BASE + 0x1a0c000n)}:  4c 69 6e 75 78 ${" ".repeat(67 - 34)}  Linux\n`,
    );
    expect(await h.run("rd -x jiffies")).toBe(`${hx(TEXT_BASE + 0x1a0b000n)}:  000000010000aff9 \n`);
  });
  it("shows decimal, symbols, slabs and strings", async () => {
    expect(await h.run("rd -d jiffies")).toBe(`${hx(TEXT_BASE + 0x1a0b000n)}:       4295012345 \n`);
    expect(await h.run("rd -D jiffies")).toBe(
      `${hx(TEXT_BASE + 0x1a0b000n)}:  ${" ".repeat(10)}4295012345 \n`,
    );
    const l = WAITING_LOCKS[0];
    expect(await h.run(`rd -S ${hx(l + 0x48n)}`)).toBe(`${hx(l + 0x48n)}:  [kmalloc-192]    \n`);
    expect(await h.run(`rd -SS ${hx(l + 0x48n)}`)).toBe(
      `${hx(l + 0x48n)}:  [${hx(RESOURCE)}:kmalloc-192] \n`,
    );
    expect(await h.run(`rd -s ${hx(l + 0xa0n)}`)).toBe(`${hx(l + 0xa0n)}:  ldlm_completion_ast \n`);
    expect(await h.run("rd -a linux_banner")).toBe(
      `${hx(TEXT_BASE + 0x1a0c000n)}:  Linux version 3.10.0-957.21.3.el7.x86_64 (mockbuild@kbuilder\n${hx(TEXT_BASE + 0x1a0c03cn)}:  .bsys.centos.org)\n`,
    );
    expect(await h.run(`rd -N -32 ${hx(CONNECTION + 0x18n)}`)).toBe(
      `${hx(CONNECTION + 0x18n)}:  0200c80a                              ....\n`,
    );
    expect(await h.run(`rd ${hx(CONNECTION)} -e ${hx(CONNECTION + 0x10n)}`)).toContain(
      `${hx(CONNECTION)}:  0000000000000000 0000000000000000`,
    );
  });
  it("reports crash's errors", async () => {
    expect(await h.run("rd ffff880000000000")).toBe(
      'rd: invalid kernel virtual address: ffff880000000000  type: "64-bit KVADDR"\n',
    );
    expect(await h.run("rd -32 ffff880000000000")).toBe(
      'rd: invalid kernel virtual address: ffff880000000000  type: "32-bit KVADDR"\n',
    );
    expect(await h.run("rd 1234")).toBe('rd: invalid user virtual address: 1234  type: "64-bit UVADDR"\n');
    expect(await h.run("rd nosuchsym")).toBe(
      "symbol not found: nosuchsym\npossible alternatives:\n  (none found)\n",
    );
    expect(await h.run("rd -32 -s jiffies")).toContain(
      "rd: -s option is only allowed with 64-bit display\nUsage:\n",
    );
    expect(await h.run("rd")).toContain("Usage:\n  rd ");
  });
});

describe("p, eval, sym, whatis", () => {
  it("prints symbols with their name and numbers the history", async () => {
    const ph = harness(buildTestProgram(1, 1));
    expect(await ph.run("p jiffies")).toBe("jiffies = $1 = 4295012345\n");
    expect(await ph.run("px jiffies")).toBe("jiffies = $2 = 0x10000aff9\n");
    expect(await ph.run("p/d 0x37")).toBe("$3 = 55\n");
    expect(await ph.run("p $2 - 1")).toBe("$4 = 4295012344\n");
    expect(await ph.run(`p ((struct ldlm_lock *)0x${hx(WAITING_LOCKS[1])})->l_req_mode`)).toBe(
      "$5 = LCK_PR\n",
    );
    expect(await ph.run(`p (struct ldlm_lock *)0x${hx(WAITING_LOCKS[1])}`)).toBe(
      `$6 = (struct ldlm_lock *) 0x${hx(WAITING_LOCKS[1])}\n`,
    );
    expect(await ph.run(`p ((struct ldlm_namespace *)0x${hx(NAMESPACE)})->ns_name`)).toBe(
      '$7 = 0xffff917ce5b5ae60 "filter-testfs0-OST0000_UUID"\n',
    );
    expect(await ph.run("p sizeof(struct ldlm_lock)")).toBe("$8 = 560\n");
    expect(await ph.run("p/x sizeof(struct ldlm_resource)")).toBe("$9 = 0xb0\n");
    expect(await ph.run("p LCK_PW")).toBe("$10 = LCK_PW\n");
    expect(await ph.run("p ldlm_completion_ast")).toBe(
      "ldlm_completion_ast = $11 = {<text variable, no debug info>} 0xffffffffc0fd5000 <ldlm_completion_ast>\n",
    );
    expect(await ph.run("p nosuch")).toBe(
      'No symbol "nosuch" in current context.\np: gdb request failed: p nosuch\n',
    );
    expect(await ph.run("p -x -d jiffies")).toBe("p: -d and -x are mutually exclusive\n");
    expect(await ph.run("jiffies")).toBe("jiffies = $12 = 4295012345\n");
  });
  it("evaluates like crash's eval", async () => {
    expect(await h.run("eval 128m")).toBe(
      "hexadecimal: 8000000  (128MB)\n    decimal: 134217728  \n      octal: 1000000000\n     binary: 0000000000000000000000000000000000001000000000000000000000000000\n",
    );
    expect((await h.run("eval (1 << 27)")).split("\n")[0]).toBe("hexadecimal: 8000000  (128MB)");
    expect((await h.run("eval 128 * 1m")).split("\n")[0]).toBe("hexadecimal: 8000000  (128MB)");
    expect((await h.run("eval (ffff917c981c3b70 - ffff917c981c3b40) / 8")).split("\n")[1]).toBe(
      "    decimal: 6  ",
    );
    expect((await h.run("eval -lb 64g")).split("\n")[0]).toBe("hexadecimal: 1000000000  (64GB)");
    expect(await h.run("eval 1 +")).toBe("eval: invalid expression: (1 +)\n");
  });
  it("translates symbols and addresses", async () => {
    expect(await h.run("sym jiffies")).toBe(`${hx(TEXT_BASE + 0x1a0b000n)} (D) jiffies\n`);
    expect(await h.run("sym ffffffffc0fd3055")).toBe(
      "ffffffffc0fd3055 (T) ldlm_run_ast_work+101 [ptlrpc] /usr/src/debug/lustre-2.12.3/lustre/ldlm/ldlm_lock.c: 2062\n",
    );
    expect(await h.run("hex", "sym ffffffffc0fd3055", "dec")).toContain(
      "(T) ldlm_run_ast_work+0x65 [ptlrpc]",
    );
    expect(await h.run("sym -q completion")).toBe("ffffffffc0fd5000 (T) ldlm_completion_ast [ptlrpc]\n");
    expect(await h.run("sym nosuch")).toBe(
      "symbol not found: nosuch\npossible alternatives:\n  (none found)\n",
    );
    expect(await h.run("sym ldlm_run")).toBe(
      "symbol not found: ldlm_run\npossible alternatives:\n  ffffffffc0fd2ff0 (T) ldlm_run_ast_work [ptlrpc]\n",
    );
  });
  it("describes types and symbols", async () => {
    expect(await h.run("whatis atomic_t")).toBe("typedef struct {\n    int counter;\n} atomic_t;\nSIZE: 4\n");
    expect(await h.run("whatis __u64")).toBe("typedef unsigned long long __u64;\nSIZE: 8\n");
    expect(await h.run("whatis jiffies")).toBe("unsigned long jiffies;\n");
    expect(await h.run("whatis LCK_PR")).toBe("enum ldlm_mode = 4\n");
    expect(await h.run("whatis -o ldlm_res_id")).toBe(
      "struct ldlm_res_id {\n   [0] __u64 name[4];\n}\nSIZE: 32\n",
    );
    expect(await h.run("whatis -r 176")).toBe("SIZE  TYPE\n 176  ldlm_resource\n");
    expect(await h.run("whatis nosuch")).toContain("whatis: cannot resolve: nosuch\nUsage:");
  });
});

describe("net, kmem, search, dis, help, set", () => {
  it("converts net -N values", async () => {
    expect(await h.run("net -N 0x200000ac80002")).toBe("2.0.200.10\n");
    expect(await h.run("net -N 1041236234")).toBe("10.1.16.62\n");
  });
  it("finds the slab object that owns an address", async () => {
    const out = await h.run(`kmem -s ${hx(RESOURCE + 0x1cn)}`);
    const lines = out.split("\n");
    expect(lines[0]).toBe("CACHE            NAME                 OBJSIZE  ALLOCATED     TOTAL  SLABS  SSIZE");
    expect(lines[1]).toBe("ffff917cff810000 kmalloc-192              192          1        21      1     4k");
    expect(lines[2]).toBe("  SLAB              MEMORY            NODE  TOTAL  ALLOCATED  FREE");
    expect(lines[3]).toMatch(/^ {2}ffffd8a6[0-9a-f]{8} {2}ffff917c981c3000 {5}0 {5}21 {10}1 {4}20$/);
    expect(lines.slice(4)).toEqual(["  FREE / [ALLOCATED]", `  [${hx(RESOURCE)}]`, ""]);
    expect(await h.run("kmem -s ffffffff9ea0b000")).toBe(
      "kmem: address is not allocated in slab subsystem: ffffffff9ea0b000\n",
    );
    expect((await h.run("kmem -s kioctx")).split("\n")[1]).toMatch(
      /^ffff917cff800000 kioctx {19}576 {9}13 {7}\d+ {6}\d {4}32k$/,
    );
    expect(await h.run("kmem -i")).toBe(
      "kmem: memory statistics (totalram_pages) are not available in this dump\n",
    );
    expect(await h.run("kmem -s -i")).toContain("kmem: only one flag allowed!\n");
  });
  it("searches memory for values and strings", async () => {
    expect(await h.run(`search -s ${hx(EXPORT)} -l 0x200 ${hx(CONNECTION)}`)).toBe(
      `${hx(EXPORT + 0x118n)}: ${hx(CONNECTION)} \n`,
    );
    expect(await h.run(`search -s ${hx(CONNECTION)} -l 0x40 -m ff 000200000ac80000`)).toBe(
      `${hx(CONNECTION + 0x10n)}: 200000ac80001 \n${hx(CONNECTION + 0x18n)}: 200000ac80002 \n`,
    );
    expect(await h.run("search -c filter-testfs0")).toBe(
      "ffff917ce5b5ae60: filter-testfs0-OST0000_UUID.............................\n",
    );
  });
  it("disassembles with return sites after calls", async () => {
    const all = await h.run("dis ldlm_run_ast_work");
    const lines = all.replace(/\n$/, "").split("\n");
    expect(lines[0]).toBe("0xffffffffc0fd2ff0 <ldlm_run_ast_work>:\tnopl   0x0(%rax,%rax,1) [FTRACE NOP]");
    expect(lines[lines.length - 1]).toMatch(/retq {3}$/);
    // instruction addresses are contiguous and stay inside the function
    let expectAddr = 0xffffffffc0fd2ff0n;
    for (const l of lines) {
      const a = BigInt(l.split(" ")[0]);
      expect(a).toBe(expectAddr);
      expectAddr =
        lines.indexOf(l) === lines.length - 1 ? a : BigInt(lines[lines.indexOf(l) + 1].split(" ")[0]);
    }
    const r = (await h.run("dis -r ffffffffc0fd3055")).trim().split("\n");
    expect(r[r.length - 1].startsWith("0xffffffffc0fd3055 <ldlm_run_ast_work+101>:\t")).toBe(true);
    expect(r[r.length - 2]).toMatch(
      /^0xffffffffc0fd3050 <ldlm_run_ast_work\+96>:\tcallq {2}0x[0-9a-f]+ <\w+>$/,
    );
    expect(await h.run("dis ldlm_run_ast_work")).toBe(all); // deterministic
    expect((await h.run("dis -l ldlm_run_ast_work 2")).split("\n")[0]).toBe(
      "/usr/src/debug/lustre-2.12.3/lustre/ldlm/ldlm_lock.c: 2040",
    );
    expect(await h.run("dis jiffies")).toBe(
      `dis: WARNING: ${hx(TEXT_BASE + 0x1a0b000n)}: no associated kernel symbol found\n`,
    );
  });
  it("lists commands and shows help pages", async () => {
    const screen = await h.run("help");
    // 16 names + q in 4 rows, column-major: row 0 holds entries 0, 4, 8, 12 and 16 (q, forced last)
    expect(
      screen.startsWith(`\n${["*", "help", "p", "struct", "q"].map((n) => n.padEnd(15)).join("")}\n`),
    ).toBe(true);
    expect(screen).toContain("\ncrash version: 7.2.3-8.el7   gdb version: 7.6\n");
    expect(screen.trimEnd().split("\n").slice(-3)[0]).toBe(
      'For help on any command above, enter "help <command>".',
    );
    const page = await h.run("help list");
    expect(page.startsWith("\nNAME\n  list - linked list\n\nSYNOPSIS\n  list [[-o] offset]")).toBe(true);
    expect(page).toContain("\nDESCRIPTION\n");
    expect(await h.run("man rd")).toBe(await h.run("help rd"));
    expect(await h.run("help nosuch")).toBe('No help data for "nosuch" is available.\n');
    expect(await h.run("help input")).toContain("< file");
  });
  it("sets the radix and explain mode", async () => {
    expect(await h.run("set radix 16")).toBe("output radix: 16 (hex)\n");
    expect(await h.run("dec")).toBe("output radix: 10 (decimal)\n");
    expect(await h.run("set radix 8")).toBe("set: invalid radix: 8\n");
    expect(await h.run("sf")).toBe("scroll: off (/usr/bin/less)\n");
    expect(await h.run("set explain on")).toBe("explain: on\n");
    expect(await h.run("set explain off")).toBe("explain: off\n");
    expect(await h.run("set -v")).toContain("         radix: 10 (decimal)\n");
  });
});
