/**
 * The Lustre file ioctls the client-lbug lessons talk about, and the x86_64 system call numbers
 * the backtrace lesson needs. One definition, used by the lesson's table (content imports it),
 * the choice lists of the tasks, and the graders that decode the dump's registers.
 */

/** _IOC direction bits (include/uapi/asm-generic/ioctl.h). */
const IOC_NONE = 0;
const IOC_WRITE = 1;
const IOC_READ = 2;

export interface IoctlDef {
  readonly name: string;
  /** How the header spells it: `_IOW('f', 159, long)`. */
  readonly macro: "_IO" | "_IOR" | "_IOW" | "_IOWR";
  readonly type: string;
  readonly nr: number;
  /** sizeof the argument type (long = 8 on x86_64). */
  readonly size: number;
  readonly sizeName: string;
  /** What the request does to the per-file state, in a few words. */
  readonly effect: string;
  /** Copies a user-chosen value into fd_flags without checking which bits are set (LU-13257). */
  readonly setsFdFlagsFromUser: boolean;
}

const dirOf = { _IO: IOC_NONE, _IOR: IOC_READ, _IOW: IOC_WRITE, _IOWR: IOC_READ | IOC_WRITE } as const;

/** Lustre's file ioctls around group locks and per-file flags (lustre_user.h, type 'f'). */
export const lustreFileIoctls: readonly IoctlDef[] = [
  {
    name: "LL_IOC_GETFLAGS",
    macro: "_IOR",
    type: "f",
    nr: 151,
    size: 8,
    sizeName: "long",
    effect: "copies fd_flags to the caller",
    setsFdFlagsFromUser: false,
  },
  {
    name: "LL_IOC_SETFLAGS",
    macro: "_IOW",
    type: "f",
    nr: 152,
    size: 8,
    sizeName: "long",
    effect: "sets bits of fd_flags given by the caller",
    setsFdFlagsFromUser: true,
  },
  {
    name: "LL_IOC_CLRFLAGS",
    macro: "_IOW",
    type: "f",
    nr: 153,
    size: 8,
    sizeName: "long",
    effect: "clears bits of fd_flags given by the caller",
    setsFdFlagsFromUser: false,
  },
  {
    name: "LL_IOC_GROUP_LOCK",
    macro: "_IOW",
    type: "f",
    nr: 158,
    size: 8,
    sizeName: "long",
    effect: "takes a group lock, then sets LL_FILE_GROUP_LOCKED",
    setsFdFlagsFromUser: false,
  },
  {
    name: "LL_IOC_GROUP_UNLOCK",
    macro: "_IOW",
    type: "f",
    nr: 159,
    size: 8,
    sizeName: "long",
    effect: "checks LL_FILE_GROUP_LOCKED, releases the group lock",
    setsFdFlagsFromUser: false,
  },
];

/** The request code the _IOC macros build: dir << 30 | size << 16 | type << 8 | nr. */
export function ioctlCode(def: IoctlDef): bigint {
  return (
    (BigInt(dirOf[def.macro]) << 30n) |
    (BigInt(def.size) << 16n) |
    (BigInt(def.type.charCodeAt(0)) << 8n) |
    BigInt(def.nr)
  );
}

/** The definition whose code is `code` (the ioctl's second argument, RSI), if it is one of ours. */
export function decodeIoctl(code: bigint): IoctlDef | undefined {
  const low = code & 0xffffffffn;
  return lustreFileIoctls.find((def) => ioctlCode(def) === low);
}

export const ioctlNames: readonly string[] = lustreFileIoctls.map((d) => d.name);

/** The ioctl that lets a user put LL_FILE_GROUP_LOCKED in fd_flags without a group lock. */
export function flagSettingIoctl(): IoctlDef {
  const found = lustreFileIoctls.filter((d) => d.setsFdFlagsFromUser);
  if (found.length !== 1) throw new Error("exactly one ioctl must be marked setsFdFlagsFromUser");
  return found[0];
}

/** x86_64 system call numbers (arch/x86/syscalls/syscall_64.tbl) a lesson mentions. */
export const x86_64Syscalls: Readonly<Record<number, string>> = {
  0: "read",
  1: "write",
  2: "open",
  3: "close",
  9: "mmap",
  16: "ioctl",
  59: "execve",
  62: "kill",
};
