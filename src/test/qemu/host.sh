# Sourced by src/test/qemu/run.sh (RealKernelIT) and src/test/qemu/systemd/run.sh
# (SystemdHostIT): what both guests need from this machine. Each function exits with 2 (something
# is missing, with the command that installs it) or 3 (the test modules do not build).

missing() {
  echo "${0##*/}: $*" >&2
  exit 2
}

# need TOOL:DEBIAN-PACKAGE...: each tool is on the PATH.
need() {
  local t
  for t in "$@"; do
    command -v "${t%%:*}" >/dev/null ||
      missing "${t%%:*} not found: run scripts/install-test-tools.sh (Debian package ${t#*:})"
  done
}

# Sets $busybox to a static busybox: the initramfs has no libraries.
need_static_busybox() {
  busybox=$(command -v busybox || true)
  if [ -z "$busybox" ] || readelf -l "$busybox" | grep -q 'Requesting program interpreter'; then
    missing "a static busybox is needed: run scripts/install-test-tools.sh (Debian package busybox-static)"
  fi
}

# build_test_modules KROOT RELEASE DIR LOG: our test modules (src/test/qemu/modules), built in
# DIR against the kernel's own headers, with the compiler's output in LOG.
build_test_modules() {
  cp -r "$(dirname "${BASH_SOURCE[0]}")/modules" "$3"
  if ! make -C "$1/usr/src/linux-headers-$2" M="$3" CONFIG_DEBUG_INFO_BTF_MODULES= modules \
    >"$4" 2>&1; then
    cat "$4" >&2
    echo "${0##*/}: the test modules did not build (log above)" >&2
    exit 3
  fi
}

# busybox_initramfs DIR KROOT RELEASE MODULE...: busybox and its applets in DIR/bin, and the
# kernel's MODULEs with their dependencies in DIR/modules, uncompressed (busybox insmod loads
# neither compressed modules nor dependencies), listed in DIR/modules/order in modprobe's order
# (virtio_ring before virtio, and so on).
busybox_initramfs() {
  local dir=$1 kroot=$2 release=$3 applet n=0 name ko
  shift 3
  need_static_busybox
  mkdir -p "$dir"/{bin,dev,proc,sys,tmp,modules}
  cp "$busybox" "$dir/bin/busybox"
  for applet in $("$busybox" --list); do
    [ "$applet" = busybox ] || ln -s busybox "$dir/bin/$applet"
  done
  while read -r ko; do
    n=$((n + 1))
    name=$(printf '%02d-%s' "$n" "$(basename "${ko%.xz}")")
    case "$ko" in
      *.xz) xz -dc "$ko" >"$dir/modules/$name" ;;
      *) cp "$ko" "$dir/modules/$name" ;;
    esac
    echo "$name" >>"$dir/modules/order"
  done < <(modprobe -d "$kroot" -S "$release" --show-depends -a "$@" |
    awk '$1 == "insmod" && !seen[$2]++ { print $2 }')
}

# boot_guest WORK KROOT RELEASE PORT APPEND QEMU-ARG...: packs WORK/initramfs into an initramfs and
# boots the kernel with it under QEMU, in place of this script. The console goes to
# WORK/console.log, the captures (ttyS1) to WORK/capture.log, WORK/ctl is shared as "ctl" (the
# host's acknowledgements), 127.0.0.1:PORT is forwarded to the guest's port 9977. The guest powers
# off when its scenarios are done; -no-reboot turns a panic (panic=-1, oops=panic) into QEMU's
# exit. LIVEPATCH_TEST_ACCEL=kvm uses KVM where the runner has it; tcg, the default, works
# everywhere.
boot_guest() {
  local work=$1 kroot=$2 release=$3 port=$4 append=$5 accel
  shift 5
  case "${LIVEPATCH_TEST_ACCEL:-tcg}" in
    tcg) accel=(-accel tcg -cpu max) ;;
    kvm) accel=(-accel kvm -cpu host) ;;
    *) missing "LIVEPATCH_TEST_ACCEL must be tcg or kvm" ;;
  esac
  (cd "$work/initramfs" && find . | cpio -o -H newc --quiet | gzip -1) >"$work/initramfs.gz"
  mkdir -p "$work/ctl"
  echo "${0##*/}: booting (${LIVEPATCH_TEST_ACCEL:-tcg}), exporter on 127.0.0.1:$port"
  exec qemu-system-x86_64 -nodefaults -display none -monitor none -no-reboot \
    "${accel[@]}" -smp 2 -m 2048 \
    -kernel "$kroot/boot/vmlinuz-$release" -initrd "$work/initramfs.gz" \
    -append "console=ttyS0 panic=-1 oops=panic loglevel=5 $append" \
    -serial "file:$work/console.log" -serial "file:$work/capture.log" \
    -virtfs "local,path=$work/ctl,mount_tag=ctl,security_model=none" \
    -nic "user,model=e1000,hostfwd=tcp:127.0.0.1:$port-:9977" "$@"
}
