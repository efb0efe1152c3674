/** Answer parsing of the Crash-part tasks (labs/crash-basics/parse.ts) and the ioctl table. */
import { describe, expect, it } from "vitest";
import { decodeIoctl, flagSettingIoctl, ioctlCode, lustreFileIoctls } from "../../labs/client-lbug/ioctls";
import {
  closeDuration,
  matchesTask,
  parseCodes,
  parseDuration,
  parseList,
  sameCodeSet,
} from "../../labs/crash-basics/parse";

describe("parseDuration", () => {
  it("reads seconds, minutes, hours and mixed units", () => {
    expect(parseDuration("12826")).toBe(12826);
    expect(parseDuration("12826 s")).toBe(12826);
    expect(parseDuration("12826s")).toBe(12826);
    expect(parseDuration("213.8 min")).toBeCloseTo(12828);
    expect(parseDuration("3.56 h")).toBeCloseTo(12816);
    expect(parseDuration("3h34m")).toBe(3 * 3600 + 34 * 60);
    expect(parseDuration("3 hours 33 minutes 46 seconds")).toBe(12826);
    expect(parseDuration("about 3.5 hours")).toBe(12600);
    expect(parseDuration("652ms")).toBeCloseTo(0.652);
    expect(parseDuration("651595287 ns")).toBeCloseTo(0.651595287);
  });
  it("reads clock forms, with crash's days prefix", () => {
    expect(parseDuration("00:05:19")).toBe(319);
    expect(parseDuration("5:19")).toBe(319);
    expect(parseDuration("41 days, 21:01:28")).toBe(41 * 86400 + 21 * 3600 + 60 + 28);
  });
  it("rejects what is not a duration", () => {
    expect(parseDuration("")).toBeNull();
    expect(parseDuration("mdt01_033")).toBeNull();
    expect(parseDuration("3 parsecs")).toBeNull();
    expect(parseDuration("h")).toBeNull();
  });
  it("compares with a relative tolerance and an absolute floor", () => {
    expect(closeDuration(12816, 12825.8, 0.03)).toBe(true);
    expect(closeDuration(7200, 12825.8, 0.03)).toBe(false); // "almost two hours"
    expect(closeDuration(320, 319.5, 0.01, 1.5)).toBe(true);
    expect(closeDuration(330, 319.5, 0.01, 1.5)).toBe(false);
  });
});

describe("codes, lists and task names", () => {
  it("reads state codes in any separator and compares them as sets", () => {
    expect(parseCodes("RU, UN")).toEqual(["RU", "UN"]);
    expect(parseCodes("un/ru")).toEqual(["UN", "RU"]);
    expect(parseCodes("RU and UN")).toEqual(["RU", "UN"]);
    expect(parseCodes("running")).toBeNull();
    expect(sameCodeSet(["UN", "RU", "RU"], ["RU", "UN"])).toBe(true);
    expect(sameCodeSet(["RU"], ["RU", "UN"])).toBe(false);
    expect(sameCodeSet(["RU", "UN", "IN"], ["RU", "UN"])).toBe(false);
  });
  it("splits lists", () => {
    expect(parseList("LCK_PW, PR  PR")).toEqual(["LCK_PW", "PR", "PR"]);
    expect(parseList("2 and 4")).toEqual(["2", "4"]);
  });
  it("matches a task by name or PID, in crash's and clubak's forms", () => {
    const task = { comm: "mdt01_033", pid: 25786 };
    for (const a of [
      "mdt01_033",
      '"mdt01_033"',
      "[mdt01_033]",
      "25786",
      "0x64ba",
      "mdt01_033/25786",
      '"mdt01_033"/25786',
    ])
      expect(matchesTask(a, task), a).toBe(true);
    for (const a of ["mdt01_03", "mdt00_069", "25787", "mdt01_033/1", ""])
      expect(matchesTask(a, task), a).toBe(false);
  });
});

describe("Lustre ioctl table", () => {
  it("builds the request code the dump's RSI holds (talk/facts.md §1: 0x4008669f)", () => {
    expect(decodeIoctl(0x4008669fn)?.name).toBe("LL_IOC_GROUP_UNLOCK");
    const lock = lustreFileIoctls.find((d) => d.name === "LL_IOC_GROUP_LOCK")!;
    expect(ioctlCode(lock)).toBe(0x4008669en);
    expect(ioctlCode(lustreFileIoctls.find((d) => d.name === "LL_IOC_GETFLAGS")!)).toBe(0x80086697n);
    expect(decodeIoctl(0x12345678n)).toBeUndefined();
  });
  it("marks exactly one ioctl as writing user bits into fd_flags: SETFLAGS (LU-13257)", () => {
    expect(flagSettingIoctl().name).toBe("LL_IOC_SETFLAGS");
  });
});
