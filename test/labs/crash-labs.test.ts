/**
 * The Crash-part labs against the three scenarios: every grader's computed answer equals the
 * value the talk establishes (the FACTS below are copied from /work/shared/talk/facts.md, not
 * from our code), and each task accepts the usual ways of writing the right answer and rejects
 * near misses.
 */
import { beforeAll, describe, expect, it } from "vitest";
import {
  assertFunction,
  assertSource,
  callerLine,
  crashedTask,
  fileCache,
  ioctlFd,
  ioctlPath,
  ioctlRequestName,
  syscallName,
} from "../../labs/client-lbug/index";
import { flagSettingIoctl } from "../../labs/client-lbug/ioctls";
import { dumpRelease, dumpUptimeSeconds } from "../../labs/crash-basics/index";
import { vmcore } from "../../labs/crash-basics/vmcore";
import { holderOperation, lockHolder, stuckSeconds, waiterCount } from "../../labs/ls-stuck/index";
import { EXPORT_FILE } from "../../labs/server-load/index";
import {
  activeOstThread,
  contendedResource,
  exportAddresses,
  grantedLocks,
  locksPerClient,
  serverNamespaces,
  serverNid,
  staleStates,
  starvedCpu,
  topGrantedClient,
  waitingLocks,
  waitingPwNid,
} from "../../labs/server-load/ldlm";
import {
  linkCount,
  namespaceName,
  namespaceOf,
  requestedMode,
  resourceCache,
  resourceOid,
} from "../../labs/server-load/lustre";
import { accepts, labContext } from "./scenario-context";

/** Values from talk/facts.md (slides), by scenario. */
const FACTS = {
  release: "3.10.0-957.21.3.el7.x86_64",
  client: {
    panicSeconds: 319.511226,
    comm: "trinity-c30",
    pid: 12295,
    assertFn: "ll_put_grouplock",
    syscall: "ioctl",
    fd: 55,
    path: "/mnt/lustre0/testdir/testfile",
    request: "LL_IOC_GROUP_UNLOCK",
    fileCache: "kmalloc-256",
    assertFile: "/usr/src/debug/lustre-2.12.3/lustre/llite/file.c",
    assertLine: 2200,
    callerLine: 3388,
  },
  server: {
    sysrqPid: 4715,
    busyThread: { comm: "ll_ost00_003", pid: 5389 },
    staleStates: ["RU", "UN"],
    starvedCpu: 3,
    resourceCache: "kmalloc-192",
    resource: 0xffff917c981c3b40n,
    oid: 40n,
    namespace: 0xffff917cdd6a2000n,
    namespaceName: "filter-testfs0-OST0000_UUID",
    granted: 82718,
    waiting: 3,
    firstWaiting: [
      [0xffff917c62522f40n, "LCK_PW"],
      [0xffff917c641e5f80n, "LCK_PR"],
    ] as const,
    lockCache: "kioctx",
    waitingPwNid: 0x200000ac80002n,
    firstExport: 0xffff917c96f59000n,
    topClient: 0x200000ac80016n, // 1445 locks, 10.200.0.22
    topCounts: [
      [0x200000ac80016n, 1445],
      [0x200000ac8001en, 1436],
      [0x200000ac80006n, 1435],
      [0x200000ac8002cn, 998],
    ] as const,
    serverNid: 0x200000ac80001n,
  },
  ls: {
    holder: { comm: "mdt01_033", pid: 25786 },
    operation: "unlink",
    getattrWaiters: 7,
    stuckSeconds: (3621688788852009 - 3608862966498563) / 1e9,
  },
};

describe("crash-basics (client_lbug)", () => {
  const ctx = labContext("crash-basics");
  it("computes the release and the uptime the talk shows", async () => {
    expect(await dumpRelease(ctx)).toBe(FACTS.release);
    const up = await dumpUptimeSeconds(ctx);
    expect(up).toBeGreaterThanOrEqual(Math.floor(FACTS.client.panicSeconds));
    expect(up).toBeLessThan(FACTS.client.panicSeconds + 5);
  });
  it("grades the answers", async () => {
    expect(await accepts(ctx, "dump-release", FACTS.release)).toBe(true);
    expect(await accepts(ctx, "dump-release", "3.10.0-957.el7.x86_64")).toBe(false);
    expect(await accepts(ctx, "dump-uptime", "00:05:19")).toBe(true);
    expect(await accepts(ctx, "dump-uptime", "5 min 20 s")).toBe(true);
    expect(await accepts(ctx, "dump-uptime", "319")).toBe(true);
    expect(await accepts(ctx, "dump-uptime", "00:06:19")).toBe(false);
    expect(await accepts(ctx, "dump-uptime", "five minutes")).toBe(false);
  });
});

describe("client-lbug", () => {
  const ctx = labContext("client-lbug");
  const f = FACTS.client;
  it("computes the talk's values", async () => {
    const task = await crashedTask(ctx);
    expect([task.comm, task.pid]).toEqual([f.comm, f.pid]);
    expect(await assertFunction(ctx)).toBe(f.assertFn);
    expect(await syscallName(ctx)).toBe(f.syscall);
    expect(await ioctlFd(ctx)).toBe(BigInt(f.fd));
    expect(await ioctlPath(ctx)).toBe(f.path);
    expect(await ioctlRequestName(ctx)).toBe(f.request);
    expect(await fileCache(ctx)).toBe(f.fileCache);
    expect(await assertSource(ctx)).toEqual({ file: f.assertFile, line: f.assertLine });
    expect(await callerLine(ctx)).toBe(f.callerLine);
    expect(flagSettingIoctl().name).toBe("LL_IOC_SETFLAGS");
  });
  it("leaves the module debug info as it found it", async () => {
    const prog = await vmcore(ctx);
    const before = [...prog.symbols.loadedDebuginfo];
    await assertSource(ctx);
    expect([...prog.symbols.loadedDebuginfo]).toEqual(before);
  });
  it("grades the answers", async () => {
    const cases: [string, string, boolean][] = [
      ["panic-command", "trinity-c30", true],
      ["panic-command", '"trinity-c30"', true],
      ["panic-command", "12295", true],
      ["panic-command", "trinity-c3", false],
      ["panic-pid", "12295", true],
      ["panic-pid", "0x3007", true],
      ["panic-pid", "12294", false],
      ["assert-function", "ll_put_grouplock", true],
      ["assert-function", "ll_put_grouplock.isra.46", true],
      ["assert-function", "ll_put_grouplock()", true],
      ["assert-function", "lbug_with_loc", false],
      ["assert-function", "ll_file_ioctl", false],
      ["syscall-name", "ioctl", true],
      ["syscall-name", "sys_ioctl", true],
      ["syscall-name", "16", true],
      ["syscall-name", "0x10", true],
      ["syscall-name", "open", false],
      ["syscall-name", "10", false],
      ["ioctl-fd", "55", true],
      ["ioctl-fd", "0x37", true],
      ["ioctl-fd", "0o67", true],
      ["ioctl-fd", "37", false],
      ["ioctl-fd", "54", false],
      ["ioctl-file", "/mnt/lustre0/testdir/testfile", true],
      ["ioctl-file", "/mnt/lustre0/testdir/testfile ", true],
      ["ioctl-file", "/mnt/lustre/testdir/testfile", false],
      ["ioctl-file", "testfile", false],
      ["ioctl-name", "LL_IOC_GROUP_UNLOCK", true],
      ["ioctl-name", "LL_IOC_GROUP_LOCK", false],
      ["file-slab", "kmalloc-256", true],
      ["file-slab", "filp", false],
      ["file-slab", "kmalloc-192", false],
      ["lassert-line", "file.c:2200", true],
      ["lassert-line", "file.c: 2200", true],
      ["lassert-line", "lustre/llite/file.c:2200", true],
      ["lassert-line", "/usr/src/debug/lustre-2.12.3/lustre/llite/file.c: 2200", true],
      ["lassert-line", "file.c:3388", false],
      ["lassert-line", "ioctl.c:2200", false],
      ["lassert-line", "2200", false],
      ["caller-line", "3388", true],
      ["caller-line", "2200", false],
      ["other-ioctl", "LL_IOC_SETFLAGS", true],
      ["other-ioctl", "LL_IOC_GROUP_LOCK", false],
      ["other-ioctl", "LL_IOC_CLRFLAGS", false],
    ];
    for (const [task, answer, ok] of cases)
      expect(await accepts(ctx, task, answer), `${task} "${answer}"`).toBe(ok);
  });
});

describe("server-load", () => {
  const ctx = labContext("server-load");
  const f = FACTS.server;
  beforeAll(async () => {
    await vmcore(ctx);
  }, 120_000);

  it("finds the busy thread, the stale threads and their CPU", async () => {
    const prog = await vmcore(ctx);
    const busy = activeOstThread(prog);
    expect([busy.comm, busy.pid]).toEqual([f.busyThread.comm, f.busyThread.pid]);
    expect(staleStates(prog)).toEqual(f.staleStates);
    expect(starvedCpu(prog)).toBe(f.starvedCpu);
  });

  it("walks from the stack to the resource, its namespace and its lock lists", async () => {
    const prog = await vmcore(ctx);
    expect(resourceCache(prog)).toBe(f.resourceCache);
    const res = contendedResource(prog);
    expect(res).toBe(f.resource);
    expect(resourceOid(prog, res)).toBe(f.oid);
    expect(namespaceOf(prog, res)).toBe(f.namespace);
    expect(namespaceName(prog, f.namespace)).toBe(f.namespaceName);
    expect(serverNamespaces(prog)).toContain(f.namespace);
    expect(linkCount(prog, res, "lr_granted")).toBe(f.granted);
    expect(linkCount(prog, res, "lr_waiting")).toBe(f.waiting);
    expect(grantedLocks(prog)).toHaveLength(f.granted);
    const waiting = waitingLocks(prog);
    for (const [i, [lock, mode]] of f.firstWaiting.entries()) {
      expect(waiting[i]).toBe(lock);
      const value = prog.types.enums.get("ldlm_mode")?.enumerators.find(([n]) => n === mode)?.[1];
      expect(requestedMode(prog, lock)).toBe(value);
    }
    expect(prog.slabs.find(waiting[0])?.cache.name).toBe(f.lockCache);
  });

  it("names the clients: the waiting PW lock's, the biggest holders, the server itself", async () => {
    const prog = await vmcore(ctx);
    expect(waitingPwNid(prog)).toBe(f.waitingPwNid);
    expect(topGrantedClient(prog)).toBe(f.topClient);
    const all = locksPerClient(prog);
    for (const [nid, count] of f.topCounts) expect(all.get(nid), nid.toString(16)).toBe(count);
    expect([...all.values()].reduce((a, b) => a + b, 0)).toBe(f.granted + f.waiting);
    expect(serverNid(prog)).toBe(f.serverNid);
    const exports = exportAddresses(prog);
    expect(exports).toHaveLength(f.granted + f.waiting);
    expect(exports[0]).toBe(f.firstExport);
  });

  it("grades typed answers", async () => {
    const cases: [string, string, boolean][] = [
      ["sysrq-pid", "4715", true],
      ["sysrq-pid", "5389", false],
      ["active-ost-thread", "ll_ost00_003", true],
      ["active-ost-thread", "[ll_ost00_003]", true],
      ["active-ost-thread", "5389", true],
      ["active-ost-thread", "ll_ost_io01_006", false],
      ["stuck-states", "RU, UN", true],
      ["stuck-states", "UN RU", true],
      ["stuck-states", "ru/un", true],
      ["stuck-states", "RU", false],
      ["stuck-states", "RU UN IN", false],
      ["starved-cpu", "3", true],
      ["starved-cpu", "2", false],
      ["spin-function", "lock_res_and_lock", true],
      ["spin-function", "_raw_spin_lock", false],
      ["spin-function", "ldlm_work_bl_ast_lock", false],
      ["resource-cache", "kmalloc-192", true],
      ["resource-cache", "kmalloc-256", false],
      ["resource-address", "ffff917c981c3b40", true],
      ["resource-address", "0xffff917c981c3b40", true],
      ["resource-address", "ffff917c981c3b5c", false],
      ["resource-oid", "40", true],
      ["resource-oid", "0x28", true],
      ["resource-oid", "28", false],
      ["namespace-name", "filter-testfs0-OST0000_UUID", true],
      ["namespace-name", "testfs0-OST0000", false],
      ["granted-count", "82718", true],
      ["granted-count", "82721", false],
      ["waiting-count", "3", true],
      ["waiting-count", "2", false],
      ["lock-cache", "kioctx", true],
      ["lock-cache", "kmalloc-1024", false],
      ["waiting-pw-nid", "10.200.0.2", true],
      ["waiting-pw-nid", "10.200.0.2@tcp", true],
      ["waiting-pw-nid", "0x200000ac80002", true],
      ["waiting-pw-nid", "0x000200000ac80002", true],
      ["waiting-pw-nid", "2.0.200.10", false],
      ["waiting-pw-nid", "10.200.0.2@o2ib", false],
      ["waiting-pw-nid", "10.200.0.22@tcp", false],
      ["top-client", "10.200.0.22@tcp", true],
      ["top-client", "0x200000ac80016", true],
      ["top-client", "10.200.0.30@tcp", false],
      ["server-nid", "10.200.0.1@tcp", true],
      ["server-nid", "10.200.0.2@tcp", false],
    ];
    for (const [task, answer, ok] of cases)
      expect(await accepts(ctx, task, answer), `${task} "${answer}"`).toBe(ok);
  });

  it("grades the modes of the waiting locks as a multiset", async () => {
    const prog = await vmcore(ctx);
    const names = waitingLocks(prog).map(
      (l) =>
        prog.types.enums.get("ldlm_mode")?.enumerators.find(([, v]) => v === requestedMode(prog, l))?.[0] ??
        "?",
    );
    expect(names.slice(0, 2)).toEqual(["LCK_PW", "LCK_PR"]);
    const short = names.map((n) => n.replace(/^LCK_/, ""));
    expect(await accepts(ctx, "waiting-modes", names.join(", "))).toBe(true);
    expect(await accepts(ctx, "waiting-modes", [...short].reverse().join(" "))).toBe(true);
    expect(await accepts(ctx, "waiting-modes", short.slice(0, 2).join(" "))).toBe(false);
    expect(await accepts(ctx, "waiting-modes", [...short, "PR"].join(" "))).toBe(false);
    expect(await accepts(ctx, "waiting-modes", short.map(() => "EX").join(" "))).toBe(false);
    expect(await accepts(ctx, "waiting-modes", "PW PR banana")).toBe(false);
  });

  it("checks the learner's export file", async () => {
    const prog = await vmcore(ctx);
    const lines = exportAddresses(prog).map((e) => `0x${e.toString(16)}`);
    ctx.files.delete(EXPORT_FILE);
    expect(await accepts(ctx, "export-file")).toBe(false);
    ctx.files.set(EXPORT_FILE, `${lines.slice(0, f.granted).join("\n")}\n`);
    expect(await accepts(ctx, "export-file")).toBe(false); // the waiting list was not appended
    ctx.files.set(EXPORT_FILE, `${[...lines, ...lines.slice(-3)].join("\n")}\n`);
    expect(await accepts(ctx, "export-file")).toBe(false); // appended twice
    ctx.files.set(EXPORT_FILE, `${[...lines.slice(-3), ...lines.slice(0, f.granted)].join("\n")}\n`);
    expect(await accepts(ctx, "export-file")).toBe(false); // lists in the wrong order
    ctx.files.set(EXPORT_FILE, `${lines.join("\n")}\n`);
    expect(await accepts(ctx, "export-file")).toBe(true);
    ctx.files.set(EXPORT_FILE, lines.map((l) => l.slice(2)).join("\n"));
    expect(await accepts(ctx, "export-file")).toBe(true); // bare hex, no final newline
  });
});

describe("ls-stuck", () => {
  const ctx = labContext("ls-stuck");
  const f = FACTS.ls;
  it("finds the unlink holding the directory lock, its waiters and its age", async () => {
    const prog = await vmcore(ctx);
    const { task } = lockHolder(prog);
    expect([task.comm, task.pid]).toEqual([f.holder.comm, f.holder.pid]);
    expect(holderOperation(prog)).toBe(f.operation);
    expect(waiterCount(prog)).toBe(f.getattrWaiters);
    expect(stuckSeconds(prog)).toBeCloseTo(f.stuckSeconds, 3);
  });
  it("grades the answers", async () => {
    const cases: [string, string, boolean][] = [
      ["holder-operation", "unlink", true],
      ["holder-operation", "getattr", false],
      ["waiter-count", "7", true],
      ["waiter-count", "8", false],
      ["holder-thread", "mdt01_033", true],
      ["holder-thread", "25786", true],
      ["holder-thread", '"mdt01_033"/25786', true],
      ["holder-thread", "mdt00_117", false],
      ["holder-thread", "mdt00_013", false],
      ["stuck-duration", "12826", true],
      ["stuck-duration", "12826 s", true],
      ["stuck-duration", "213 min", true],
      ["stuck-duration", "3.56 h", true],
      ["stuck-duration", "3h34m", true],
      ["stuck-duration", "almost two hours", false],
      ["stuck-duration", "6501 s", false],
      ["stuck-duration", "1.8h", false],
    ];
    for (const [task, answer, ok] of cases)
      expect(await accepts(ctx, task, answer), `${task} "${answer}"`).toBe(ok);
  });
});
