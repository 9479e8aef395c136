# Sourced by scripts/install-test-tools.sh: the Debian system that DistributionPackagesIT installs
# our .deb into with dpkg (testutil/DebianRoot unpacks a fresh copy for each test).
#
# Layout, outside the checkout so that it survives `mvn clean` and fresh clones:
#   ${XDG_CACHE_HOME:-$HOME/.cache}/livepatch-exporter/debian-root/
#     root.tar    made by mmdebstrap: Debian 12's essential packages, a Java 17 runtime and systemd
#     made-with   the suite and packages it was made with: a change here makes it again
#
# About 40 seconds and 100 MB of downloads once; unpacking it takes a test about 6 seconds.

DEBIAN_ROOT_SUITE=bookworm
# What our .deb depends on: a Java 17 runtime, and systemd for systemd-sysusers and
# deb-systemd-helper (which the maintainer scripts call).
DEBIAN_ROOT_INCLUDE=openjdk-17-jre-headless,systemd

debian_root_dir() {
  echo "${XDG_CACHE_HOME:-${HOME:?HOME is not set}/.cache}/livepatch-exporter/debian-root"
}

debian_root_ready() {
  local dir
  dir=$(debian_root_dir)
  [ -f "$dir/root.tar" ] &&
    [ "$(cat "$dir/made-with" 2>/dev/null)" = "$DEBIAN_ROOT_SUITE $DEBIAN_ROOT_INCLUDE" ]
}

debian_root_fetch() {
  local dir
  dir=$(debian_root_dir)
  mkdir -p "$dir"
  echo "debian-root: making $DEBIAN_ROOT_SUITE with $DEBIAN_ROOT_INCLUDE (mmdebstrap)"
  rm -f "$dir/root.new.tar"
  ${sudo:-} mmdebstrap --quiet --format=tar --variant=essential --include="$DEBIAN_ROOT_INCLUDE" \
    "$DEBIAN_ROOT_SUITE" "$dir/root.new.tar"
  mv -f "$dir/root.new.tar" "$dir/root.tar"
  echo "$DEBIAN_ROOT_SUITE $DEBIAN_ROOT_INCLUDE" > "$dir/made-with"
}
