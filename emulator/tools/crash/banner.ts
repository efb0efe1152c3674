/** What crash 7.2.3 (CentOS 7) prints before the sys block, and its usage text. */
import { CRASH_VERSION } from "./commands/help";

export const VERSION_BANNER = `
crash ${CRASH_VERSION}
Copyright (C) 2002-2017  Red Hat, Inc.
Copyright (C) 2004, 2005, 2006, 2010  IBM Corporation
Copyright (C) 1999-2006  Hewlett-Packard Co
Copyright (C) 2005, 2006, 2011, 2012  Fujitsu Limited
Copyright (C) 2006, 2007  VA Linux Systems Japan K.K.
Copyright (C) 2005, 2011  NEC Corporation
Copyright (C) 1999, 2002, 2007  Silicon Graphics, Inc.
Copyright (C) 1999, 2000, 2001, 2002  Mission Critical Linux, Inc.
This program is free software, covered by the GNU General Public License,
and you are welcome to change it and/or distribute copies of it under
certain conditions.  Enter "help copying" to see the conditions.
This program has absolutely no warranty.  Enter "help warranty" for details.
 
`;

export const GDB_BANNER = `GNU gdb (GDB) 7.6
Copyright (C) 2013 Free Software Foundation, Inc.
License GPLv3+: GNU GPL version 3 or later <http://gnu.org/licenses/gpl.html>
This is free software: you are free to change and redistribute it.
There is NO WARRANTY, to the extent permitted by law.  Type "show copying"
and "show warranty" for details.
This GDB was configured as "x86_64-unknown-linux-gnu"...

`;

export const SHORT_USAGE = `
Usage:

  crash [OPTION]... NAMELIST MEMORY-IMAGE[@ADDRESS]\t(dumpfile form)
  crash [OPTION]... [NAMELIST]             \t\t(live system form)

Enter "crash -h" for details.
`;

/** `crash -h`: kdebug-lab's own summary of the options this crash accepts. */
export const LONG_USAGE = `
USAGE:

  crash [OPTION]... NAMELIST MEMORY-IMAGE\t(dumpfile form)

  NAMELIST      the kernel image with its debuginfo, for instance
                /usr/lib/debug/lib/modules/<release>/vmlinux
  MEMORY-IMAGE  the dump written by kdump, for instance /var/crash/<dir>/vmcore
                (the two may be given in either order)

OPTIONS:

  -s            silent: no banner, no sys block, just the prompt.
  -i file       run the crash commands in "file" first, then continue.
  -h [command]  this text, or the help page of a crash command.
  -v            show the version and exit.

  When standard input is not a terminal (a pipe or a here-document), the
  commands are read from it and crash exits at the end of the input.
`;

export const PLEASE_WAIT_STEPS = [
  "gathering kmem slab cache data",
  "gathering module symbol data",
  "gathering task table data",
  "determining panic task",
];

/** `\rplease wait... (step)` then erased with spaces, as crash does on a terminal. */
export function pleaseWait(step: string): string {
  const s = `\rplease wait... (${step})`;
  return `${s}\r${" ".repeat(s.length - 1)}\r`;
}
