/**
 * The ldiskfs targets of the live VM as files of the guest tree (no dependencies: the shell
 * creates these files at boot without loading the live system).
 */

/** First line of a file that holds an ldiskfs target of the live VM. */
export const LDISKFS_MARKER = "KDEBUG-LDISKFS-IMAGE";
export const FS_NAME = "testfs0";

/** The images and devices of the VM: /tmp/ost0 is a copy of OST0000 (the ldiskfs reminder), md0/md1 the OSTs. */
export const LDISKFS_DEVICES: readonly { readonly path: string; readonly ostIndex: number }[] = [
  { path: "/tmp/ost0", ostIndex: 0 },
  { path: "/dev/md0", ostIndex: 0 },
  { path: "/dev/md1", ostIndex: 1 },
];

export function deviceFileContent(ostIndex: number): string {
  return `${LDISKFS_MARKER} ${FS_NAME}-OST${ostIndex.toString(16).padStart(4, "0")}\n`;
}
