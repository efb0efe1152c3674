/**
 * Reading what a learner typed: integers in the notations crash and C use, Lustre NIDs,
 * and text compared without caring about stray blanks. Pure functions, no DOM.
 */

/** Trim and collapse runs of blanks (a pasted answer often carries a trailing newline). */
export function normalizeText(text: string): string {
  return text.trim().replace(/\s+/g, " ");
}

/**
 * An integer written as 55, -55, 0x37, 0o67, 0b110111 (underscores allowed between digits,
 * as in crash's `p/x` output they never appear, but people type them). With bareHex, digits
 * without a prefix are hexadecimal, as crash prints addresses (ffff9f955eae6180).
 * Returns null when the text is not one integer.
 */
export function parseInteger(text: string, options: { bareHex?: boolean } = {}): bigint | null {
  let t = text.trim().toLowerCase().replace(/_/g, "");
  let negative = false;
  if (t.startsWith("-") || t.startsWith("+")) {
    negative = t.startsWith("-");
    t = t.slice(1);
  }
  let value: bigint;
  if (/^0x[0-9a-f]+$/.test(t)) value = BigInt(t);
  else if (/^0o[0-7]+$/.test(t)) value = BigInt(t);
  else if (/^0b[01]+$/.test(t)) value = BigInt(t);
  else if (options.bareHex && /^[0-9a-f]+$/.test(t)) value = BigInt(`0x${t}`);
  else if (/^[0-9]+$/.test(t)) value = BigInt(t);
  else return null;
  return negative ? -value : value;
}

// ---- Lustre NIDs (lnet_nid_t: net in the high 32 bits, address in the low 32) ----

/** LND type numbers from lnet-types.h that a lab may meet; they are never renumbered. */
const lndTypes: Readonly<Record<string, number>> = { tcp: 2, o2ib: 5, lo: 9, gni: 13, gip: 14 };
const lndNames: Readonly<Record<number, string>> = Object.fromEntries(
  Object.entries(lndTypes).map(([name, type]) => [type, name]),
);
/** LNDs whose address is an IPv4 address; the others print a decimal number. */
const ipLnds = new Set([2, 5, 14]);

/** Parse a NID string or number. A bare address means the default network, tcp0. */
export function parseNid(text: string): bigint | null {
  const t = text.trim().toLowerCase();
  if (/^0x[0-9a-f]{1,16}$/.test(t)) return BigInt(t);
  // rd prints the 64-bit word as 16 bare hex digits (000200000ac80002).
  if (/^[0-9a-f]{16}$/.test(t)) return BigInt(`0x${t}`);
  // crash in radix 10 prints the lnet_nid_t in decimal (562949953945602); a real NID has a net part.
  if (/^\d+$/.test(t) && BigInt(t) >= 1n << 32n && BigInt(t) < 1n << 64n) return BigInt(t);
  const m = /^([0-9.]+)(?:@([a-z0-9]+?)(\d*))?$/.exec(t);
  if (!m) return null;
  const [, addrText, lndName = "tcp", netNumText = ""] = m;
  const type = lndTypes[lndName];
  if (type === undefined) return null;
  const netNum = netNumText === "" ? 0 : Number(netNumText);
  if (netNum > 0xffff) return null;
  let addr: number;
  if (ipLnds.has(type)) {
    const octets = addrText.split(".");
    if (octets.length !== 4 || octets.some((o) => !/^\d{1,3}$/.test(o) || Number(o) > 255)) return null;
    addr = octets.reduce((acc, o) => acc * 256 + Number(o), 0);
  } else {
    if (!/^\d+$/.test(addrText) || Number(addrText) > 0xffffffff) return null;
    addr = Number(addrText);
  }
  const net = (BigInt(type) << 16n) | BigInt(netNum);
  return (net << 32n) | BigInt(addr);
}

/** libcfs_nid2str-style text: 10.200.0.2@tcp, 192.168.1.5@o2ib1, 0@lo. */
export function formatNid(nid: bigint): string {
  const net = Number((nid >> 32n) & 0xffffffffn);
  const addr = Number(nid & 0xffffffffn);
  const type = net >>> 16;
  const num = net & 0xffff;
  const name = lndNames[type];
  if (name === undefined) return `${addr.toString(16)}@<${type}:${num}>`;
  const addrText = ipLnds.has(type)
    ? [addr >>> 24, (addr >>> 16) & 0xff, (addr >>> 8) & 0xff, addr & 0xff].join(".")
    : String(addr);
  return `${addrText}@${name}${num === 0 ? "" : num}`;
}
