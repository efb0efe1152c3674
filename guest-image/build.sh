#!/usr/bin/env bash
# npm run build:guest — build the v86 guest of the live-kernel lab from Debian packages.
#
#   1. apt: enable i386, download the packages of packages.txt (nothing else is fetched),
#      unpack them into guest-image/work/stage;
#   2. build.ts: assemble the initramfs, boot it in v86 under Node, wait for the prompt,
#      save the machine state, compress it with zstd, write public/v86/ + manifest.json.
#
# Options: --force rebuilds even when public/v86/manifest.json matches the recipe;
#          --offline reuses the .deb files already in guest-image/work/debs.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
work=$here/work
force=0 offline=0
for arg in "$@"; do
  case $arg in
    --force) force=1 ;;
    --offline) offline=1 ;;
    *) echo "usage: $0 [--force] [--offline]" >&2; exit 2 ;;
  esac
done
cd "$root"

if [ $force = 0 ] && npx --no-install tsx guest-image/build.ts --check; then
  echo "guest image is up to date (public/v86/manifest.json matches the recipe); --force rebuilds"
  exit 0
fi

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

for tool in dpkg-deb readelf zstd; do
  if ! command -v $tool > /dev/null; then
    case $tool in readelf) pkg=binutils ;; dpkg-deb) pkg=dpkg ;; *) pkg=$tool ;; esac
    echo "== installing $pkg (for $tool)"
    as_root apt-get install -y --no-install-recommends $pkg
  fi
done

mkdir -p "$work/debs"
if [ $offline = 0 ]; then
  if ! dpkg --print-foreign-architectures | grep -qx i386; then
    echo "== dpkg --add-architecture i386"
    as_root dpkg --add-architecture i386
  fi
  echo "== apt-get update"
  # A mirror that is syncing can fail one index; what matters is that every package below resolves.
  as_root apt-get update -q || echo "apt-get update reported errors; going on with the indexes we have"
  pkgs=()
  while read -r line; do
    line=${line%%#*}; line=${line//[[:space:]]/}
    [ -z "$line" ] && continue
    case $line in
      *:all) pkgs+=("${line%:all}") ;;
      linux-image-686)
        kernel=$(apt-cache depends linux-image-686:i386 | sed -n 's/^ *Depends: \(linux-image-[0-9][^:]*\).*/\1/p' | head -1)
        [ -n "$kernel" ] || { echo "cannot resolve linux-image-686:i386" >&2; exit 1; }
        pkgs+=("$kernel-unsigned:i386") ;;
      *) pkgs+=("$line:i386") ;;
    esac
  done < "$here/packages.txt"
  echo "== apt-get download ${#pkgs[@]} packages"
  rm -f "$work"/debs/*.deb
  # apt drops privileges to _apt for downloads; let it write there (else it warns and runs as root).
  if [ "$(id -u)" = 0 ] && id _apt > /dev/null 2>&1; then chown _apt "$work/debs"; fi
  (cd "$work/debs" && apt-get download -q "${pkgs[@]}")
fi

echo "== unpacking into $work/stage"
rm -rf "$work/stage"
mkdir -p "$work/stage"
: > "$work/packages.tsv"
for deb in "$work"/debs/*.deb; do
  dpkg-deb -x "$deb" "$work/stage"
  dpkg-deb -f "$deb" Package Version Architecture | paste -sd '\t' >> "$work/packages.tsv"
done

echo "== assembling, booting and saving the guest"
npx --no-install tsx guest-image/build.ts
