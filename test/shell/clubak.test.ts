import { describe, expect, it } from "vitest";
import { expandNodeSet, foldNodeSet } from "../../emulator/shell/commands/clubak";
import { ShellSession } from "../../emulator/shell/session";

async function clubak(args: string, input: string) {
  const s = new ShellSession({ interactive: false });
  await s.fs.writeFile("/root/in", input);
  let stdout = "";
  let stderr = "";
  const r = await s.run(`clubak ${args} < in`, {
    onOutput: (o, e) => {
      stdout += o;
      stderr += e;
    },
  });
  return { stdout, stderr, exitCode: r.exitCode };
}

const SEP = "---------------";

describe("clubak", () => {
  it("gathers the talk's single server thread (transcript 10)", async () => {
    const input = [
      '"ll_ost00_003": #7 queued_spin_lock_slowpath ffffffff9d55d28b',
      '"ll_ost00_003": #8 _raw_spin_lock ffffffff9d56b760',
      '"ll_ost00_003": #9 lock_res_and_lock ffffffffc0fcc02c',
    ].join("\n");
    // The header is 15 dashes; the text after the separator is kept as is (with its space).
    expect((await clubak("-c", input)).stdout).toBe(
      `${SEP}\n"ll_ost00_003"\n${SEP}\n #7 queued_spin_lock_slowpath ffffffff9d55d28b\n #8 _raw_spin_lock ffffffff9d56b760\n #9 lock_res_and_lock ffffffffc0fcc02c\n`,
    );
  });

  it("lists identical stacks once, biggest group first, with the node count (transcript 26)", async () => {
    const getattr = ["#0 __schedule ffffffff97768a32", "#1 schedule ffffffff97768ed9"];
    const unlink = ["#0 __schedule ffffffff97768a32", "#7 mdt_reint_unlink ffffffffc14e84b2"];
    const tasks = [
      '"mdt01_109"/7506',
      '"mdt00_069"/18640',
      '"mdt01_058"/18667',
      '"mdt00_100"/18689',
      '"mdt00_117"/18714',
      '"mdt01_088"/18734',
      '"mdt01_041"/25805',
    ];
    let input = "";
    for (const l of unlink) input += `"mdt01_033"/25786: ${l}\n`;
    for (const t of tasks) for (const l of getattr) input += `${t}: ${l}\n`;
    const { stdout } = await clubak("-b", input);
    expect(stdout).toBe(
      `${SEP}\n"mdt00_069"/18640,"mdt00_100"/18689,"mdt00_117"/18714,"mdt01_041"/25805,"mdt01_058"/18667,"mdt01_088"/18734,"mdt01_109"/7506 (7)\n${SEP}\n` +
        " #0 __schedule ffffffff97768a32\n #1 schedule ffffffff97768ed9\n" +
        `${SEP}\n"mdt01_033"/25786\n${SEP}\n #0 __schedule ffffffff97768a32\n #7 mdt_reint_unlink ffffffffc14e84b2\n`,
    );
  });

  it("folds node names into ranges and sorts nodes numerically", async () => {
    const input = ["node10: up", "node2: up", "node1: up", "node3: up", "node5: up", "node7: down"].join(
      "\n",
    );
    expect((await clubak("-b", input)).stdout).toBe(
      `${SEP}\nnode[1-3,5,10] (5)\n${SEP}\n up\n${SEP}\nnode7\n${SEP}\n down\n`,
    );
    expect((await clubak("", input)).stdout).toBe(
      ["node1", "node2", "node3", "node5", "node7", "node10"]
        .map((n) => `${SEP}\n${n}\n${SEP}\n ${n === "node7" ? "down" : "up"}\n`)
        .join(""),
    );
    expect((await clubak("-bL", input)).stdout).toBe("node[1-3,5,10]:  up\nnode7:  down\n");
    expect((await clubak("-bN", input)).stdout).toBe(" up\n down\n");
    expect((await clubak("-L", "b2: x\na1: y\n")).stdout).toBe("a1:  y\nb2:  x\n");
  });

  it("takes another separator and node set keys", async () => {
    expect((await clubak("-b -S '|'", "n[01-03]|same\nn04|same\n")).stdout).toBe(
      `${SEP}\nn[01-04] (4)\n${SEP}\nsame\n`,
    );
  });

  it("reports malformed input and options like ClusterShell", async () => {
    expect(await clubak("-b", "no separator here\n")).toMatchObject({
      stderr: '/usr/bin/clubak: need more than 1 value to unpack: "no separator here"\n',
      exitCode: 1,
    });
    expect(await clubak("-b", ": empty key\n")).toMatchObject({
      stderr: '/usr/bin/clubak: no node found: ": empty key"\n',
      exitCode: 1,
    });
    expect(await clubak("-Z", "a: b\n")).toMatchObject({
      stderr: "Usage: clubak [options]\n\nclubak: error: no such option: -Z\n",
      exitCode: 2,
    });
    expect((await clubak("--help", "")).stdout).toMatch(/^Usage: clubak \[options\]/);
  });

  it("node sets expand and fold like NodeSet", () => {
    expect(expandNodeSet("n[1-3],x")).toEqual(["n1", "n2", "n3", "x"]);
    expect(expandNodeSet("r[1-2]n[01-02]")).toEqual(["r1n01", "r1n02", "r2n01", "r2n02"]);
    expect(foldNodeSet(["r1n01", "r1n02", "r2n01", "r2n02"])).toBe("r[1-2]n[01-02]");
    expect(foldNodeSet(["c", "a", "b1", "b2"])).toBe("a,b[1-2],c");
    expect(() => expandNodeSet("n[1-")).toThrow();
  });
});
