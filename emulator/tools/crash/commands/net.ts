/**
 * `net`: network information. `-N` converts a number to an IPv4 address the way crash does:
 * the value is stored as-is in an in_addr (so on little-endian x86 its low byte is the first
 * octet) and printed with inet_ntoa. Feeding it a Lustre NID shows why the talk gets
 * 2.0.200.10 for 10.200.0.2@tcp.
 */
import { type CrashCommand, CrashError, CrashUsageError } from "../command";
import { stol } from "../format/args";
import { getopt } from "../format/getopt";

/** inet_ntoa of the low 32 bits of v taken as in-memory (network order) bytes on x86. */
export function inetNtoa(v: bigint): string {
  const a = Number(BigInt.asUintN(32, v));
  return [a & 0xff, (a >>> 8) & 0xff, (a >>> 16) & 0xff, (a >>> 24) & 0xff].join(".");
}

export const netCommand: CrashCommand = {
  name: "net",
  synopsis: "[[-s | -S] [-xd] [-R ref] [pid | task]] [-a] [ -N addr] [-n [pid | task]]",
  summary: "network command",
  help: `  Show network information.  In this lab only the address conversion is
  available:

    -N addr   show the value "addr" (decimal if all digits, otherwise
              hexadecimal) as a dotted IPv4 address, reading its low 32 bits
              the way they are stored in memory on x86 (network byte order in
              an in_addr): the least significant byte is printed first.

EXAMPLES
    crash> net -N 1041236234
    10.1.16.62

  A Lustre NID keeps its IPv4 address as a number (10.200.0.2 is 0x0ac80002),
  so crash prints the octets reversed:

    crash> net -N 0x200000ac80002
    2.0.200.10`,
  run(session, argv) {
    const opts = getopt("net", argv, "N:asSxdR:n");
    const n = opts.get("N");
    if (n !== undefined) {
      session.out(`${inetNtoa(stol(n))}\n`);
      return;
    }
    if (opts.list.length === 0 && opts.args.length) throw new CrashUsageError();
    throw new CrashError("network device and socket tables are not available in this dump");
  },
};
