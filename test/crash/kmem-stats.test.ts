/** kmem -i reads the machine's page counters, and the per-cache totals of kmem -s add up to vm_stat's slab pages. */
import { expect, it } from "vitest";
import { crashSession } from "./tasks-harness";

it.each(["client_lbug", "server_load", "ls_stuck"] as const)(
  "%s: kmem -i and kmem -s agree with vm_stat",
  async (id) => {
    const t = crashSession(id);
    const prog = t.session.prog;
    const vmStat = prog.symbol("vm_stat").address;
    const item = (n: number) => prog.readU64(vmStat + BigInt(n * 8));
    const total = prog.readU64(prog.symbol("totalram_pages").address);
    const out = await t.run("kmem -i");
    const row = (label: string) => new RegExp(`^\\s*${label}\\s+(\\d+)`, "m").exec(out)?.[1];
    expect(row("TOTAL MEM")).toBe(String(total));
    expect(row("FREE")).toBe(String(item(0)));
    expect(row("USED")).toBe(String(total - item(0)));
    const slab = item(13) + item(14);
    expect(row("SLAB")).toBe(String(slab));
    expect(Number(item(0))).toBeGreaterThan(0);
    // kmem -s: SLABS × slab size summed over the caches is the slab memory, within rounding.
    const caches = (await t.run("kmem -s"))
      .split("\n")
      .slice(1)
      .filter((l) => /^[0-9a-f]{16} /.test(l));
    let pages = 0;
    for (const l of caches) {
      const f = l.trim().split(/\s+/);
      const slabs = Number(f[f.length - 2]);
      const kib = Number(f[f.length - 1].replace("k", ""));
      pages += (slabs * kib) / 4;
    }
    expect(Math.abs(pages - Number(slab)) / Number(slab)).toBeLessThan(0.05);
  },
);
