import { describe, expect, it } from "vitest";
import { formatNid, normalizeText, parseInteger, parseNid } from "../../labs/answers";

describe("parseInteger", () => {
  it("reads the notations crash and C use", () => {
    // p/d 0x37 prints 55 in the talk: every spelling of that value must be accepted.
    for (const text of ["55", "0x37", "0X37", "0o67", "0b110111", " 55\n", "+55", "5_5"]) {
      expect(parseInteger(text), text).toBe(55n);
    }
    expect(parseInteger("-0x10")).toBe(-16n);
  });
  it("rejects what is not one integer", () => {
    for (const text of ["", "0x", "55.0", "fifty-five", "0o8", "0b2", "37h", "55 56", "ffff"]) {
      expect(parseInteger(text), text).toBeNull();
    }
  });
  it("reads bare hex only when asked (crash prints addresses without 0x)", () => {
    expect(parseInteger("ffff9f955eae6180", { bareHex: true })).toBe(0xffff9f955eae6180n);
    expect(parseInteger("10", { bareHex: true })).toBe(16n);
    expect(parseInteger("ffff9f955eae6180")).toBeNull();
  });
});

describe("NIDs", () => {
  // Worked example from lnet-types.h: 10.200.0.2@tcp is net (2<<16)|0, address 0x0ac80002.
  const nid = (2n << 48n) | 0x0ac80002n;

  it("parses every spelling of the same node", () => {
    expect(nid).toBe(0x200000ac80002n);
    for (const text of [
      "10.200.0.2",
      "10.200.0.2@tcp",
      "10.200.0.2@tcp0",
      "0x200000ac80002",
      "0x000200000AC80002",
      "000200000ac80002", // rd -o 0x18 prints the word as 16 bare hex digits
      String(0x200000ac80002n), // crash prints lnet_nid_t in decimal before `set radix 16`
    ]) {
      expect(parseNid(text), text).toBe(nid);
    }
  });
  it("keeps networks apart", () => {
    expect(parseNid("10.200.0.2@tcp1")).not.toBe(nid);
    expect(parseNid("10.200.0.2@o2ib")).toBe((5n << 48n) | 0x0ac80002n);
    expect(parseNid("192.168.1.5@o2ib1")).toBe(0x00050001c0a80105n);
    expect(parseNid("0@lo")).toBe(9n << 48n);
  });
  it("rejects malformed NIDs", () => {
    for (const text of [
      "10.200.0",
      "10.200.0.256",
      "10.200.0.2@foo",
      "10.200.0.2@",
      "tcp",
      "",
      "0x",
      "12345",
      "00020000ac80002",
    ]) {
      expect(parseNid(text), text).toBeNull();
    }
  });
  it("formats like libcfs_nid2str and round-trips", () => {
    expect(formatNid(nid)).toBe("10.200.0.2@tcp");
    expect(formatNid(0x00050001c0a80105n)).toBe("192.168.1.5@o2ib1");
    expect(formatNid(9n << 48n)).toBe("0@lo");
    for (const text of ["172.16.3.4@tcp7", "10.0.0.1@o2ib", "0@lo"])
      expect(formatNid(parseNid(text)!)).toBe(text);
  });
});

describe("normalizeText", () => {
  it("ignores blanks around and collapses them inside", () => {
    expect(normalizeText("  3.10.0  x86_64\n")).toBe("3.10.0 x86_64");
  });
});
