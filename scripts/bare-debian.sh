#!/usr/bin/env bash
# Runs a command where a new user meets Kiln: a bare Debian 12 root (debootstrap minbase, nothing
# else installed), as root, in a fresh clone of this repository's committed state. Nothing installed
# on this machine is visible inside, so a set-up step that scripts/setup.sh forgets fails here as it
# would for the user. CI (.ci/run) runs the README's test command this way.
#
#   sudo scripts/bare-debian.sh 'scripts/setup.sh && ./mvnw -B verify'
#
# Needs root (debootstrap, chroot, mounts) and git. What it keeps between runs, outside the clone, in
# ${KILN_BARE_CACHE:-/var/cache/kiln-bare}: the debootstrap tarball, and the files apt and Maven
# download (only downloads: what gets installed is decided afresh inside every new root). Nothing is
# ever cached of Kiln itself. KILN_BARE_COLD=1 runs with none of these caches.
set -euo pipefail

command=${1:?usage: scripts/bare-debian.sh '<command to run in the clone>'}
project=$(git -C "$(dirname "$0")/.." rev-parse --show-toplevel)
[ "$(id -u)" -eq 0 ] || { echo "bare-debian: needs root (debootstrap, chroot, mounts); try sudo $0" >&2; exit 2; }
[ -z "$(git -C "$project" status --porcelain --untracked-files=no)" ] \
  || echo "bare-debian: uncommitted changes are not part of the clone that runs" >&2

cache=${KILN_BARE_CACHE:-/var/cache/kiln-bare}
if [ -n "${KILN_BARE_COLD:-}" ]; then cache=$(mktemp -d /var/tmp/kiln-bare-cold.XXXX); fi
mkdir -p "$cache/apt-archives" "$cache/maven"
exec 9>"$cache/lock"
flock 9   # one run at a time per cache: the download folders are shared

mirror=${KILN_DEBIAN_MIRROR:-$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)}
mirror=${mirror:-http://deb.debian.org/debian}
if [ ! -f "$cache/bookworm-minbase.tar" ]; then
  command -v debootstrap >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -q debootstrap >/dev/null
  echo "bare-debian: debootstrap bookworm (minbase) from $mirror, once" >&2
  rm -rf "$cache/build"
  debootstrap --variant=minbase bookworm "$cache/build" "$mirror" >"$cache/debootstrap.log" 2>&1 \
    || { echo "bare-debian: debootstrap failed; see $cache/debootstrap.log" >&2; exit 2; }
  tar -C "$cache/build" -cf "$cache/bookworm-minbase.tar.part" . && rm -rf "$cache/build"
  mv "$cache/bookworm-minbase.tar.part" "$cache/bookworm-minbase.tar"
fi

root=$(mktemp -d "$cache/root.XXXX")
mounts=()
cleanup() {
  for ((i = ${#mounts[@]} - 1; i >= 0; i--)); do umount -R -l "${mounts[i]}" 2>/dev/null || true; done
  # Never delete through a mount that is still there: it would reach this machine's /dev.
  if grep -q " $root/" /proc/mounts; then echo "bare-debian: $root still has mounts; left in place" >&2; return; fi
  rm -rf --one-file-system "$root"
  if [ -n "${KILN_BARE_COLD:-}" ]; then rm -rf --one-file-system "$cache"; fi
}
trap cleanup EXIT
bind() { local target=${*: -1}; mkdir -p "$target" && mount "$@" && mounts+=("$target"); }

tar -C "$root" -xf "$cache/bookworm-minbase.tar"
cp /etc/resolv.conf "$root/etc/resolv.conf"
security=${mirror%/debian}/debian-security
cat >"$root/etc/apt/sources.list" <<SOURCES
deb $mirror bookworm main
deb $mirror bookworm-updates main
deb $security bookworm-security main
SOURCES
# The host's locally added CA certificates, which a TLS-inspecting network needs; ca-certificates
# takes them in when the project's set-up installs it. Nothing else of the host goes in.
mkdir -p "$root/usr/local/share/ca-certificates"
cp /usr/local/share/ca-certificates/*.crt "$root/usr/local/share/ca-certificates/" 2>/dev/null || true
git clone -q "$project" "$root/home/kiln"

rm -rf "$cache/maven/repository/dev/kiln"   # Kiln's own jars always come from this clone's build
bind -t proc proc "$root/proc"
bind -t sysfs sys "$root/sys"
bind --rbind /dev "$root/dev"
bind --bind "$cache/apt-archives" "$root/var/cache/apt/archives"
bind --bind "$cache/maven" "$root/root/.m2"

chroot "$root" /usr/bin/env -i HOME=/root LANG=C.UTF-8 \
  PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
  /bin/bash -c "cd /home/kiln && $command"
