/**
 * The live VM's kernel log as `dmesg` prints it: a CentOS 7.6 kernel booting under
 * KVM with 16 vCPUs and 20 GB (qemu -smp 16 -m 20G -hda kdebug.qcow2 -nographic).
 * Plausible, not copied from any machine.
 */
import { MACHINE } from "./machine";

export interface LogRecord {
  /** Seconds since boot. */
  readonly time: number;
  readonly text: string;
  /** syslog level 0-7 (6 = info, 4 = warning, 5 = notice). */
  readonly level: number;
  /** 0 = kernel, 3 = daemon (systemd messages logged through /dev/kmsg). */
  readonly facility: number;
}

const r = MACHINE.kernelRelease;

const RAW: ReadonlyArray<readonly [number, string, number?, number?]> = [
  [0, "Initializing cgroup subsys cpuset"],
  [0, "Initializing cgroup subsys cpu"],
  [0, "Initializing cgroup subsys cpuacct"],
  [
    0,
    `Linux version ${r} (mockbuild@kbuilder.bsys.centos.org) (gcc version 4.8.5 20150623 (Red Hat 4.8.5-36) (GCC) ) ${MACHINE.kernelVersion}`,
  ],
  [
    0,
    `Command line: BOOT_IMAGE=/boot/vmlinuz-${r} root=UUID=8ac075e3-1124-4bb6-bef7-a6811bf8b870 ro console=tty0 console=ttyS0,115200n8 crashkernel=auto net.ifnames=0 LANG=en_US.UTF-8`,
  ],
  [0, "e820: BIOS-provided physical RAM map:"],
  [0, "BIOS-e820: [mem 0x0000000000000000-0x000000000009fbff] usable"],
  [0, "BIOS-e820: [mem 0x000000000009fc00-0x000000000009ffff] reserved"],
  [0, "BIOS-e820: [mem 0x00000000000f0000-0x00000000000fffff] reserved"],
  [0, "BIOS-e820: [mem 0x0000000000100000-0x00000000bffdcfff] usable"],
  [0, "BIOS-e820: [mem 0x00000000bffdd000-0x00000000bfffffff] reserved"],
  [0, "BIOS-e820: [mem 0x00000000feffc000-0x00000000feffffff] reserved"],
  [0, "BIOS-e820: [mem 0x00000000fffc0000-0x00000000ffffffff] reserved"],
  [0, "BIOS-e820: [mem 0x0000000100000000-0x000000053fffffff] usable"],
  [0, "NX (Execute Disable) protection: active"],
  [0, "SMBIOS 2.8 present."],
  [0, "DMI: QEMU Standard PC (i440FX + PIIX, 1996), BIOS 1.11.0-2.el7 04/01/2014"],
  [0, "Hypervisor detected: KVM"],
  [0, "e820: last_pfn = 0x540000 max_arch_pfn = 0x400000000"],
  [0, "Using GB pages for direct mapping"],
  [0, "RAMDISK: [mem 0x35a1c000-0x36d05fff]"],
  [0, "ACPI: RSDP 00000000000f6a20 00014 (v00 BOCHS )"],
  [0, "No NUMA configuration found"],
  [0, "Faking a node at [mem 0x0000000000000000-0x000000053fffffff]"],
  [0, "NODE_DATA(0) allocated [mem 0x53ffd5000-0x53fffbfff]"],
  [0, "Reserving 256MB of memory at 688MB for crashkernel (System RAM: 20479MB)"],
  [0, "kvm-clock: Using msrs 4b564d01 and 4b564d00"],
  [0, "kvm-clock: cpu 0, msr 5:3ff82001, primary cpu clock"],
  [0, `smpboot: Allowing ${MACHINE.cpus} CPUs, 0 hotplug CPUs`],
  [0, `setup_percpu: NR_CPUS:5120 nr_cpumask_bits:${MACHINE.cpus} nr_cpu_ids:${MACHINE.cpus} nr_node_ids:1`],
  [0, "Built 1 zonelists in Node order, mobility grouping on.  Total pages: 5160857"],
  [
    0,
    `Kernel command line: BOOT_IMAGE=/boot/vmlinuz-${r} root=UUID=8ac075e3-1124-4bb6-bef7-a6811bf8b870 ro console=tty0 console=ttyS0,115200n8 crashkernel=auto net.ifnames=0 LANG=en_US.UTF-8`,
  ],
  [0, "PID hash table entries: 4096 (order: 3, 32768 bytes)"],
  [
    0,
    `Memory: 20118452k/22020096k available (7664k kernel code, 1049044k absent, 852600k reserved, 6055k data, 1876k init)`,
  ],
  [0, `SLUB: HWalign=64, Order=0-3, MinObjects=0, CPUs=${MACHINE.cpus}, Nodes=1`],
  [0, "Hierarchical RCU implementation."],
  [0, `\tRCU restricting CPUs from NR_CPUS=5120 to nr_cpu_ids=${MACHINE.cpus}.`],
  [0, "NR_IRQS:327936 nr_irqs:552 0"],
  [0, "Console: colour VGA+ 80x25"],
  [0, "console [tty0] enabled"],
  [0, "console [ttyS0] enabled"],
  [0, "tsc: Detected 2593.904 MHz processor"],
  [0.001, "Calibrating delay loop (skipped) preset value.. 5187.80 BogoMIPS (lpj=2593904)"],
  [0.001, "pid_max: default: 32768 minimum: 301"],
  [0.003, "Security Framework initialized"],
  [0.003, "SELinux:  Initializing."],
  [0.01, "Spectre V2 : Mitigation: Full retpoline"],
  [0.012, "smpboot: CPU0: Intel Xeon Processor (Skylake, IBRS) (fam: 06, model: 55, stepping: 04)"],
  [0.013, "Performance Events: Skylake events, full-width counters, Intel PMU driver."],
  [0.021, "x86: Booting SMP configuration:"],
  [0.063, `Brought up ${MACHINE.cpus} CPUs`],
  [0.063, `smpboot: Max logical packages: ${MACHINE.cpus}`],
  [0.063, `smpboot: Total of ${MACHINE.cpus} processors activated (82998.49 BogoMIPS)`],
  [0.071, "devtmpfs: initialized"],
  [0.074, "NET: Registered protocol family 16"],
  [0.122, "ACPI: Interpreter enabled"],
  [0.131, "PCI host bridge to bus 0000:00"],
  [0.203, "SCSI subsystem initialized"],
  [0.231, "NetLabel: Initializing"],
  [0.262, "NET: Registered protocol family 2"],
  [0.281, "Trying to unpack rootfs image as initramfs..."],
  [0.532, "Freeing initrd memory: 19368k freed"],
  [0.563, "Initialise system trusted keyring"],
  [0.588, "Key type big_key registered"],
  [0.601, "Serial: 8250/16550 driver, 4 ports, IRQ sharing enabled"],
  [0.624, "00:04: ttyS0 at I/O 0x3f8 (irq = 4) is a 16550A"],
  [0.645, "rtc_cmos 00:00: RTC can wake from S4"],
  [0.652, "Loaded X.509 cert 'CentOS Linux kernel signing key: 6c0f3e6c2de9d1a1f2cb5e5b4bd2e5ed1a1a2b6b'"],
  [0.66, "registered taskstats version 1"],
  [0.671, "Freeing unused kernel memory: 1876k freed"],
  [
    0.689,
    "systemd[1]: systemd 219 running in system mode. (+PAM +AUDIT +SELINUX +IMA -APPARMOR +SMACK +SYSVINIT +UTMP +LIBCRYPTSETUP +GCRYPT +GNUTLS +ACL +XZ +LZ4 -SECCOMP +BLKID +ELFUTILS +KMOD +IDN)",
    6,
    3,
  ],
  [0.69, "systemd[1]: Detected virtualization kvm.", 6, 3],
  [0.69, "systemd[1]: Detected architecture x86-64.", 6, 3],
  [0.691, "systemd[1]: Running in initial RAM disk.", 6, 3],
  [0.812, "scsi host0: ata_piix"],
  [0.815, "ata1.00: ATA-7: QEMU HARDDISK, 2.5+, max UDMA/100"],
  [0.816, "ata1.00: 83886080 sectors, multi 16: LBA48 "],
  [0.818, "scsi 0:0:0:0: Direct-Access     ATA      QEMU HARDDISK    2.5+ PQ: 0 ANSI: 5"],
  [0.826, "sd 0:0:0:0: [sda] 83886080 512-byte logical blocks: (42.9 GB/40.0 GiB)"],
  [0.827, "sd 0:0:0:0: [sda] Write Protect is off"],
  [0.828, " sda: sda1"],
  [0.829, "sd 0:0:0:0: [sda] Attached SCSI disk"],
  [1.102, "SGI XFS with ACLs, security attributes, no debug enabled"],
  [1.118, "XFS (sda1): Mounting V5 Filesystem"],
  [1.304, "XFS (sda1): Ending clean mount"],
  [1.589, "systemd-journald[104]: Received SIGTERM from PID 1 (systemd).", 6, 3],
  [1.713, "SELinux:  Disabled at runtime."],
  [1.799, "type=1404 audit(1578560521.417:2): selinux=0 auid=4294967295 ses=4294967295", 5],
  [2.071, "systemd[1]: Started Journal Service.", 6, 3],
  [2.358, "input: PC Speaker as /devices/platform/pcspkr/input/input4"],
  [2.411, "piix4_smbus 0000:00:01.3: SMBus Host Controller at 0x700, revision 0"],
  [2.497, "e1000: Intel(R) PRO/1000 Network Driver - version 7.3.21-k8-NAPI"],
  [2.503, "e1000 0000:00:03.0 eth0: (PCI:33MHz:32-bit) 52:54:00:12:34:56"],
  [2.503, "e1000 0000:00:03.0 eth0: Intel(R) PRO/1000 Network Connection"],
  [3.315, "IPv6: ADDRCONF(NETDEV_UP): eth0: link is not ready"],
  [3.319, "e1000: eth0 NIC Link is Up 1000 Mbps Full Duplex, Flow Control: RX"],
  [3.321, "IPv6: ADDRCONF(NETDEV_CHANGE): eth0: link becomes ready"],
  [5.874, "kdump: kexec: loaded kdump kernel", 6, 3],
  [5.875, "kdump: Starting kdump: [OK]", 6, 3],
];

export const BOOT_LOG: readonly LogRecord[] = RAW.map(([time, text, level = 6, facility = 0]) => ({
  time,
  text,
  level,
  facility,
}));

/** `[    0.000000] ` as printk prints it. */
export function formatLogTime(seconds: number): string {
  const whole = Math.floor(seconds);
  const micros = Math.round((seconds - whole) * 1e6);
  return `[${String(whole).padStart(5, " ")}.${String(micros).padStart(6, "0")}]`;
}
