# Sourced by scripts/install-test-tools.sh and src/test/qemu/systemd/run.sh: the Debian 12 system
# our .deb is installed into. DebPackagesIT runs dpkg in a copy of it (testutil/DebianRoot);
# SystemdHostIT installs the .deb into another copy and boots it under QEMU. It holds what a host
# running our package has (systemd with udev, a Java 17 runtime) and the package tools of a SUSE
# host (zypper, rpm), which the exporter runs as its service user.
#
# Layout, outside the checkout so that it survives `mvn clean` and fresh clones:
#   ${XDG_CACHE_HOME:-$HOME/.cache}/livepatch-exporter/debian-root/
#     current           the key of the root in use
#     <key>/root/       made by mmdebstrap, never booted or changed: each test copies it
#     <key>/complete    written last: a build that was cut short is made again
# The key is a hash of the suite and the package list, so changing either makes a new root.
#
# About 30 seconds and 150 MB of downloads once; 550 MB on disk.

DEBIAN_ROOT_SUITE=bookworm
DEBIAN_ROOT_INCLUDE=systemd,systemd-sysv,udev,openjdk-17-jre-headless,zypper,rpm,kmod,iproute2,procps

debian_root_dir() {
  echo "${XDG_CACHE_HOME:-${HOME:?HOME is not set}/.cache}/livepatch-exporter/debian-root"
}

# The root of the current suite and package list.
debian_root_path() {
  echo "$(debian_root_dir)/$(echo "$DEBIAN_ROOT_SUITE $DEBIAN_ROOT_INCLUDE" | sha256sum | cut -c1-12)/root"
}

debian_root_ready() {
  [ -f "$(dirname "$(debian_root_path)")/complete" ] &&
    [ "$(cat "$(debian_root_dir)/current" 2>/dev/null)" = "$(basename "$(dirname "$(debian_root_path)")")" ]
}

# debian_root_fetch [SUDO]
debian_root_fetch() {
  local dir key p
  dir=$(dirname "$(debian_root_path)")
  key=$(basename "$dir")
  ${1:-} rm -rf "$dir"
  mkdir -p "$dir"
  echo "debian-root: making $DEBIAN_ROOT_SUITE with $DEBIAN_ROOT_INCLUDE (mmdebstrap)"
  ${1:-} mmdebstrap --quiet --variant=minbase --include="$DEBIAN_ROOT_INCLUDE" \
    "$DEBIAN_ROOT_SUITE" "$dir/root" http://deb.debian.org/debian
  touch "$dir/complete"
  echo "$key" >"$(debian_root_dir)/current"
  # Only the current root is kept.
  for p in "$(debian_root_dir)"/*/; do
    p=${p%/}
    [ "${p##*/}" = "$key" ] || ${1:-} rm -rf "$p"
  done
}
