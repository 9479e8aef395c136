#!/usr/bin/env bash
# Boots one of the cached Debian kernels (see kernel-cache.sh) under QEMU with our test modules and
# runs the scenarios of init.sh in the guest. RealKernelIT runs it once per kernel; it also runs by
# hand:
#
#   src/test/qemu/run.sh --work DIR --port HOSTPORT [--kernel NAME] [--java-home DIR] [--no-ack]
#
#   --kernel NAME     bookworm (the default), bookworm-backports or trixie-backports
#   --work DIR        an empty directory for this run; afterwards it holds build.log (the module
#                     build), console.log (the guest's console, ttyS0), capture.log (the framed
#                     captures, ttyS1) and ctl/ (where the host acknowledges checkpoints)
#   --port HOSTPORT   127.0.0.1:HOSTPORT is forwarded to the exporter in the guest
#   --java-home DIR   the JDK the guest runs our jar with (default: $JAVA_HOME, else the java on
#                     the PATH); the guest sees this machine's / read-only over 9p
#   --no-ack          do not wait at checkpoints for the host to scrape /metrics
#
# LIVEPATCH_TEST_ACCEL=kvm uses KVM where the runner has working hardware virtualisation; the
# default, tcg, works everywhere (see the README). The project's jar must be built (mvn package).
# Exit status: QEMU's (0 once the guest has powered off), 2 when something is missing, 3 when the
# test modules do not build.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
project=$(cd "$here/../../.." && pwd)
. "$here/kernel-cache.sh"
. "$here/host.sh"

work= port= kernel=bookworm java_home=${JAVA_HOME:-} ack=wait
while [ $# -gt 0 ]; do
  case "$1" in
    --work) work=$2; shift 2 ;;
    --port) port=$2; shift 2 ;;
    --kernel) kernel=$2; shift 2 ;;
    --java-home) java_home=$2; shift 2 ;;
    --no-ack) ack=none; shift ;;
    *) echo "run.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
[ -n "$work" ] && [ -d "$work" ] || missing "--work DIR: an existing directory is required"
[ -n "$port" ] || missing "--port HOSTPORT is required"
work=$(cd "$work" && pwd)
need qemu-system-x86_64:qemu-system-x86 cpio:cpio modprobe:kmod xz:xz-utils readelf:binutils
LIVEPATCH_TEST_KERNELS=$kernel kernel_cache_selected >/dev/null || exit 2
kernel_cache_ready "$kernel" ||
  missing "no cached $kernel kernel in $(kernel_cache_dir "$kernel"): run LIVEPATCH_TEST_KERNELS=$kernel scripts/install-test-tools.sh"
kernel_build_root_ready "$kernel" ||
  missing "no build root for the $kernel kernel's modules: run LIVEPATCH_TEST_KERNELS=$kernel scripts/install-test-tools.sh"
if [ -z "$java_home" ]; then
  java_home=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
fi
[ -x "$java_home/bin/java" ] || missing "no JDK at $java_home (set --java-home or JAVA_HOME)"
[ -f "$project/target/livepatch-exporter.jar" ] || missing "target/livepatch-exporter.jar missing: run mvn package"
release=$(kernel_cache_release "$kernel")
kroot=$(kernel_cache_root "$kernel")
echo "run.sh: kernel $kernel: $release"

# 1. Our test modules, built against the kernel's own headers with its compiler.
build_test_modules "$kroot" "$release" "$work/modules" "$work/build.log" "$(kernel_build_root "$kernel")"

# 2. The initramfs: busybox, the drivers for 9p and the network, our modules, /init.
initrd=$work/initramfs
busybox_initramfs "$initrd" "$kroot" "$release" virtio_pci 9pnet_virtio 9p e1000
mkdir -p "$initrd/modules/lpe"
cp "$work"/modules/*.ko "$initrd/modules/lpe/"
cp "$here/init.sh" "$initrd/init"
cp "$here/guest.sh" "$initrd/guest.sh"
chmod 755 "$initrd/init"
cat >"$initrd/lpe.conf" <<EOF
PROJECT='$project'
JAVA_HOME='$java_home'
ACK=$ack
GUEST_PORT=9977
EOF

# 3. Boot, with this machine's / shared read-only for its JDK and our jar.
boot_guest "$work" "$kroot" "$release" "$port" "" \
  -virtfs local,path=/,mount_tag=host,security_model=none,readonly=on,multidevs=remap
