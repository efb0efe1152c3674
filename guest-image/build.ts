/**
 * Second half of `npm run build:guest` (build.sh has downloaded and unpacked the packages
 * into work/stage): assemble the initramfs, boot it in v86 under Node, save the machine at
 * the shell prompt, compress the state with zstd, restore it once to check it, and publish
 * public/v86/ with its manifest.
 *
 *   npx tsx guest-image/build.ts          build (expects work/stage and work/packages.tsv)
 *   npx tsx guest-image/build.ts --check  exit 0 when public/v86 is up to date with the recipe
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { AgentClient } from "../emulator/v86/agent";
import { CONSOLE_PORT, createEmulator, machineOptions, onSerialBytes } from "../emulator/v86/machine";
import { MANIFEST_FORMAT, type Manifest, type ManifestArtifact, parseManifest } from "../emulator/v86/manifest";
import { createV86NodeGuest, installedV86Version } from "../emulator/v86/node";
import { type CpioEntry, writeCpio } from "./lib/cpio";
import { elfClosure } from "./lib/closure";
import { moduleLoadOrder } from "./lib/modules";
import { RECIPE_VERSION, recipeHash } from "./lib/recipe";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.dirname(here);
const work = path.join(here, "work");
const stage = path.join(work, "stage");
const publicDir = path.join(repo, "public", "v86");

/** The machine the state is saved from; the labs restore into the same one (manifest.machine). */
const MACHINE = {
  memoryMB: 256,
  vgaMemoryMB: 2,
  acpi: true,
  cmdline: [
    "console=ttyS0",
    "quiet",
    // v86 has no reliable clocksource calibration; its TSC is steady.
    "tsc=reliable",
    // Nothing to defend against in a throwaway VM, and every mitigation costs emulated cycles.
    "mitigations=off",
    "random.trust_cpu=on",
    "nokaslr",
    // SeaBIOS's ACPI tables describe QEMU's PCI hotplug registers, which v86 lacks: the ACPI
    // hotplug driver then reads every slot as empty and drops the virtio (9p) device.
    "acpiphp.disable=1",
    // Zero pages when freed rather than when allocated: the saved state then holds zeros
    // wherever memory is free, and compresses to a fraction of its size.
    "init_on_free=1",
    "init_on_alloc=0",
  ].join(" "),
};
const PROMPT = "[root@kdebug ~]# ";
/** Programs of the guest besides busybox's applets; their libraries are found by closure.ts. */
const PROGRAMS = ["bin/busybox", "bin/bash", "usr/bin/perf", "usr/sbin/bpftool", "usr/bin/trace-cmd"];
const DATA_DIRS = ["usr/lib/i386-linux-gnu/traceevent/plugins"];
const TERMINFO = ["x/xterm", "x/xterm-256color", "x/xterm-color", "l/linux", "v/vt100", "v/vt220", "d/dumb", "s/screen", "s/screen-256color"];
/** 9p over virtio, for the host share; their dependencies come along. */
const MODULES = ["virtio_pci", "9pnet_virtio", "9p"];
const MTIME = 1_700_000_000;

const log = (message: string) => console.log(`[build:guest] ${message}`);

function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

// ---------------------------------------------------------------- up to date?

function isUpToDate(): boolean {
  const file = path.join(publicDir, "manifest.json");
  if (!existsSync(file)) return false;
  let manifest: Manifest;
  try {
    manifest = parseManifest(JSON.parse(readFileSync(file, "utf8")));
  } catch {
    return false;
  }
  if (manifest.recipeHash !== recipeHash(here) || manifest.v86 !== installedV86Version()) return false;
  return Object.values(manifest.artifacts).every((a) => {
    const full = path.join(publicDir, a.file);
    return existsSync(full) && sha256(readFileSync(full)) === a.sha256;
  });
}

// ---------------------------------------------------------------- initramfs

interface Package {
  name: string;
  version: string;
  arch: string;
}

function readPackages(): Package[] {
  const tsv = path.join(work, "packages.tsv");
  if (!existsSync(tsv)) throw new Error(`${tsv} is missing: run guest-image/build.sh`);
  return readFileSync(tsv, "utf8")
    .trim()
    .split("\n")
    .map((line) => {
      const fields = Object.fromEntries(
        line.split("\t").map((field) => {
          const colon = field.indexOf(":");
          return [field.slice(0, colon), field.slice(colon + 1).trim()];
        }),
      );
      return { name: fields.Package, version: fields.Version, arch: fields.Architecture };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

function kernelRelease(): string {
  const vmlinuz = readdirSync(path.join(stage, "boot")).find((f) => f.startsWith("vmlinuz-"));
  if (!vmlinuz) throw new Error("no kernel in work/stage/boot");
  return vmlinuz.slice("vmlinuz-".length);
}

class RootfsBuilder {
  private readonly entries = new Map<string, CpioEntry>();

  dir(p: string, mode = 0o755): void {
    if (p === "/" || p === "") return;
    this.dir(path.posix.dirname(p));
    if (!this.entries.has(p)) this.entries.set(p, { kind: "dir", path: p, mode });
  }

  file(p: string, data: Uint8Array, mode: number): void {
    this.dir(path.posix.dirname(p));
    this.entries.set(p, { kind: "file", path: p, data, mode: mode & 0o7777 });
  }

  symlink(p: string, target: string): void {
    this.dir(path.posix.dirname(p));
    this.entries.set(p, { kind: "symlink", path: p, target });
  }

  chardev(p: string, mode: number, major: number, minor: number): void {
    this.dir(path.posix.dirname(p));
    this.entries.set(p, { kind: "chardev", path: p, mode, major, minor });
  }

  /** A file of the staging tree, dereferenced (libraries are stored under their soname). */
  fromStage(rel: string, dest = `/${rel}`): void {
    const full = path.join(stage, rel);
    this.file(dest, readFileSync(full), statSync(full).mode);
  }

  /** Every file under a host folder, at the same relative paths under `dest`. */
  tree(hostDir: string, dest: string): void {
    for (const name of readdirSync(hostDir).sort()) {
      const full = path.join(hostDir, name);
      const target = path.posix.join(dest, name);
      const stat = statSync(full);
      if (stat.isDirectory()) {
        this.dir(target, stat.mode & 0o7777);
        this.tree(full, target);
      } else {
        this.file(target, readFileSync(full), stat.mode);
      }
    }
  }

  cpio(): Uint8Array {
    const sorted = [...this.entries.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    // "." first: the kernel chmods the existing root to it (else / stays drwxrwxrwt).
    return writeCpio([{ kind: "dir", path: ".", mode: 0o755 }, ...sorted], MTIME);
  }

  get size(): number {
    let total = 0;
    for (const entry of this.entries.values()) if (entry.kind === "file") total += entry.data.length;
    return total;
  }
}

function assembleRootfs(release: string): RootfsBuilder {
  const rootfs = new RootfsBuilder();
  // /init installs busybox's applet links into these at boot.
  const dirs = ["/bin", "/sbin", "/usr/bin", "/usr/sbin", "/usr/local/bin"];
  for (const d of [...dirs, "/proc", "/sys", "/dev", "/tmp", "/run", "/mnt/host", "/var/tmp", "/root"]) {
    rootfs.dir(d, d.endsWith("tmp") ? 0o1777 : 0o755);
  }
  // The kernel opens /dev/console for init before devtmpfs is mounted.
  rootfs.chardev("/dev/console", 0o600, 5, 1);
  rootfs.chardev("/dev/null", 0o666, 1, 3);

  const plugins = DATA_DIRS.flatMap((d) =>
    existsSync(path.join(stage, d)) ? readdirSync(path.join(stage, d)).map((f) => `${d}/${f}`) : [],
  );
  for (const rel of elfClosure(stage, [...PROGRAMS, ...plugins])) rootfs.fromStage(rel);
  // The programs ask for /lib/ld-linux.so.2; Debian keeps the loader in the multiarch folder.
  rootfs.symlink("/lib/ld-linux.so.2", "i386-linux-gnu/ld-linux.so.2");
  for (const t of TERMINFO) if (existsSync(path.join(stage, "lib/terminfo", t))) rootfs.fromStage(`lib/terminfo/${t}`);
  rootfs.fromStage(`boot/config-${release}`);

  const modulesRoot = path.join(stage, "lib/modules", release);
  const order = moduleLoadOrder(path.join(modulesRoot, "kernel"), MODULES);
  const loadList: string[] = [];
  for (const file of order) {
    const rel = path.relative(path.join(stage, "lib/modules"), file).split(path.sep).join("/");
    rootfs.fromStage(`lib/modules/${rel}`);
    loadList.push(rel);
  }
  rootfs.file("/lib/modules/kdebug-load-order", new TextEncoder().encode(`${loadList.join("\n")}\n`), 0o644);

  // Our own files last: they win over anything of the same name.
  rootfs.tree(path.join(here, "rootfs"), "/");
  return rootfs;
}

// ---------------------------------------------------------------- boot and save

function waitFor<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${ms / 1000} s waiting for ${what}`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

async function runInGuest(agent: AgentClient, command: string): Promise<string> {
  let output = "";
  const status = await agent.run(command, (text) => (output += text), 120_000);
  if (status !== 0) throw new Error(`guest command failed (exit ${status}): ${command}\n${output}`);
  return output;
}

async function bootAndSave(release: string, initrd: Uint8Array, wasmPath: string, bios: Uint8Array, vgaBios: Uint8Array) {
  const started = performance.now();
  const emulator = await createEmulator(
    machineOptions(
      MACHINE,
      { wasmPath, bios: toArrayBuffer(bios), vgaBios: toArrayBuffer(vgaBios) },
      {
        bzimage: toArrayBuffer(readFileSync(path.join(stage, "boot", `vmlinuz-${release}`))),
        initrd: toArrayBuffer(initrd),
        cmdline: MACHINE.cmdline,
      },
    ),
  );
  const agent = new AgentClient(emulator);
  let consoleText = "";
  const decoder = new TextDecoder();
  const prompt = new Promise<void>((resolve, reject) => {
    onSerialBytes(emulator, CONSOLE_PORT, (bytes) => {
      const text = decoder.decode(bytes, { stream: true });
      consoleText += text;
      if (process.env.ECHO) process.stdout.write(text);
      if (consoleText.endsWith(PROMPT)) resolve();
      if (/Kernel panic|end trace/.test(text)) setTimeout(() => reject(new Error("the guest kernel crashed")), 2000);
    });
  });
  const hello = agent.hello();
  await emulator.run();
  try {
    await waitFor(Promise.all([prompt, hello]), 600_000, "the shell prompt and the agent");
  } finally {
    writeFileSync(path.join(work, "boot-console.log"), consoleText);
  }
  const bootSeconds = (performance.now() - started) / 1000;
  log(`booted to the prompt in ${bootSeconds.toFixed(1)} s`);

  const report = await runInGuest(
    agent,
    "uname -r; perf version; bpftool version | head -1; trace-cmd --version 2>&1 | grep -m1 version; bash --version | head -1; flameview --help; ls /mnt/host",
  );
  log(`guest says:\n${report.trimEnd().replace(/^/gm, "    ")}`);
  if (!report.startsWith(release)) throw new Error(`guest runs ${report.split("\n")[0]}, expected ${release}`);
  // Free what the checks cached; init_on_free zeroes it. The last ping clears the share.
  await runInGuest(agent, "sync; echo 3 > /proc/sys/vm/drop_caches");
  await agent.request("ping", "");

  const saveStart = performance.now();
  const state = new Uint8Array(await emulator.save_state());
  const saveSeconds = (performance.now() - saveStart) / 1000;
  agent.dispose();
  await emulator.destroy();
  return { state, bootSeconds, saveSeconds };
}

// ---------------------------------------------------------------- publish

function artifact(dir: string, base: string, ext: string, bytes: Uint8Array): ManifestArtifact {
  const sha = sha256(bytes);
  const file = `${base}-${sha.slice(0, 12)}${ext}`;
  writeFileSync(path.join(dir, file), bytes);
  return { file, bytes: bytes.length, sha256: sha };
}

async function build(): Promise<void> {
  const packages = readPackages();
  const release = kernelRelease();
  const kernelPackage = packages.find((p) => p.name.startsWith(`linux-image-${release}`));
  if (!kernelPackage) throw new Error(`no package for kernel ${release} in work/packages.tsv`);

  log(`assembling the initramfs for ${release}`);
  const rootfs = assembleRootfs(release);
  const cpio = rootfs.cpio();
  const initrd = gzipSync(cpio, { level: 6 });
  writeFileSync(path.join(work, "initramfs.cpio.gz"), initrd);
  log(`initramfs: ${(rootfs.size / 1e6).toFixed(1)} MB of files, ${(initrd.length / 1e6).toFixed(1)} MB gzipped`);

  const require = createRequire(import.meta.url);
  const wasmPath = require.resolve("v86/build/v86.wasm");
  const bios = readFileSync(path.join(stage, "usr/share/seabios/bios.bin"));
  const vgaBios = readFileSync(path.join(stage, "usr/share/seabios/vgabios-stdvga.bin"));
  const { state, bootSeconds, saveSeconds } = await bootAndSave(release, initrd, wasmPath, bios, vgaBios);
  const rawState = path.join(work, "state.bin");
  writeFileSync(rawState, state);

  log(`compressing the ${(state.length / 1e6).toFixed(0)} MB state with zstd -19`);
  const compressStart = performance.now();
  execFileSync("zstd", ["-19", "-T2", "-q", "-f", rawState, "-o", `${rawState}.zst`]);
  const compressSeconds = (performance.now() - compressStart) / 1000;
  const compressed = readFileSync(`${rawState}.zst`);
  log(`state: ${(compressed.length / 1e6).toFixed(1)} MB compressed in ${compressSeconds.toFixed(0)} s`);

  // Publish into a fresh folder, check that it restores, then replace public/v86.
  const staging = path.join(work, "public-v86");
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  const manifest: Manifest = {
    format: MANIFEST_FORMAT,
    recipeVersion: RECIPE_VERSION,
    recipeHash: recipeHash(here),
    builtAt: new Date().toISOString(),
    v86: installedV86Version(),
    kernel: { release, package: kernelPackage.name, version: kernelPackage.version },
    packages,
    machine: MACHINE,
    prompt: PROMPT,
    artifacts: {
      state: { ...artifact(staging, "kdebug-state", ".bin.zst", compressed), rawBytes: state.length },
      wasm: artifact(staging, "v86", ".wasm", readFileSync(wasmPath)),
      bios: artifact(staging, "seabios", ".bin", bios),
      vgaBios: artifact(staging, "vgabios-stdvga", ".bin", vgaBios),
    },
    build: {
      bootSeconds: Math.round(bootSeconds * 10) / 10,
      saveSeconds: Math.round(saveSeconds * 100) / 100,
      compressSeconds: Math.round(compressSeconds),
    },
  };
  writeFileSync(path.join(staging, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);

  log("restoring the saved state once to check it");
  const guest = await createV86NodeGuest({ imageDir: staging });
  let output = "";
  const status = await guest.exec("uname -r", (data) => (output += data));
  guest.dispose();
  if (status !== 0 || output.trim() !== release) throw new Error(`restored guest answered ${status} ${output}`);

  rmSync(publicDir, { recursive: true, force: true });
  mkdirSync(publicDir, { recursive: true });
  for (const name of readdirSync(staging)) copyFileSync(path.join(staging, name), path.join(publicDir, name));
  const total = readdirSync(publicDir).reduce((sum, f) => sum + statSync(path.join(publicDir, f)).size, 0);
  log(`public/v86: ${(total / 1e6).toFixed(1)} MB (${readdirSync(publicDir).join(", ")})`);
}

if (process.argv.includes("--check")) {
  process.exit(isUpToDate() ? 0 : 1);
} else {
  build().then(
    () => process.exit(0),
    (error) => {
      console.error(`[build:guest] failed: ${error instanceof Error ? error.message : error}`);
      process.exit(1);
    },
  );
}
