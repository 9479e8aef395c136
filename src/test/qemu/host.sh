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

# build_test_modules KROOT RELEASE DIR LOG [BUILD-ROOT]: our test modules (src/test/qemu/modules),
# built in DIR against the kernel's own headers with the compiler that built the kernel (the
# headers name it: CONFIG_CC_VERSION_TEXT, and CC in .kernelvariables), with the compiler's output
# in LOG. With BUILD-ROOT (a Debian root of the kernel's release, see kernel-cache.sh) the build
# runs chrooted there, with the kernel and DIR mounted at the same paths and /proc for objtool.
build_test_modules() {
  local kroot=$1 release=$2 dir=$3 log=$4 broot=${5:-} headers want cc have
  headers=$kroot/usr/src/linux-headers-$release
  want=$(sed -n 's/^CONFIG_CC_VERSION_TEXT=//p' "$headers/include/config/auto.conf" | tr -d '"')
  [ -n "$want" ] || missing "no CONFIG_CC_VERSION_TEXT in $headers: run scripts/install-test-tools.sh"
  cp -r "$(dirname "${BASH_SOURCE[0]}")/modules" "$dir"
  cc=${want%% *}
  if [ -n "$broot" ]; then
    [ -x "$broot/usr/bin/make" ] || missing "no build root $broot: run scripts/install-test-tools.sh"
    need unshare:util-linux chroot:coreutils
  else
    need "$cc:${cc##*-linux-gnu-}" make:make
  fi
  have=$(_in_build_root "$broot" "$kroot" "$dir" "$cc" --version 2>/dev/null | head -n 1) ||
    missing "$cc (the kernel's compiler: $want) does not run${broot:+ in $broot}: run scripts/install-test-tools.sh"
  echo "kernel built with: $want" >"$log"
  echo "modules built with: $have${broot:+ (in $broot)}" >>"$log"
  # The same version of the same compiler; Debian's revision may be newer.
  if [ "${want##* }" != "${have##* }" ]; then
    cat "$log" >&2
    echo "${0##*/}: the test modules would not be built with the kernel's compiler" >&2
    exit 3
  fi
  if ! _in_build_root "$broot" "$kroot" "$dir" \
    make -C "$headers" M="$dir" CONFIG_DEBUG_INFO_BTF_MODULES= modules >>"$log" 2>&1; then
    cat "$log" >&2
    echo "${0##*/}: the test modules did not build (log above)" >&2
    exit 3
  fi
}

# _in_build_root BUILD-ROOT KROOT DIR COMMAND...: COMMAND on this machine, or, with a BUILD-ROOT,
# chrooted in it in a mount namespace of its own (nothing stays mounted whatever happens).
_in_build_root() {
  local broot=$1 kroot=$2 dir=$3
  shift 3
  if [ -z "$broot" ]; then
    "$@"
    return
  fi
  local userns=()
  [ "$(id -u)" = 0 ] || userns=(--map-root-user)
  unshare --mount --propagation private "${userns[@]}" sh -ec '
    r=$1 k=$2 d=$3
    shift 3
    mount -t proc proc "$r/proc"
    mkdir -p "$r$k" "$r$d"
    mount --bind "$k" "$r$k"
    mount --bind "$d" "$r$d"
    exec chroot "$r" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/ LANG=C.UTF-8 "$@"
  ' sh "$broot" "$kroot" "$dir" "$@"
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
# exit; no_timer_check, because a TCG guest on a busy host can fail the IO-APIC timer check and
# panic at boot ("IO-APIC + timer doesn't work!", seen with 6.1). LIVEPATCH_TEST_ACCEL=kvm uses
# KVM where the runner has it; tcg, the default, works everywhere. From 6.4 on, TCG runs both virtual CPUs in one thread: with a thread each (QEMU
# 7.2's multi-threaded TCG), a 7.x guest crashed about one run in two at the start of an
# unpatching transition (an int3 in __schedule: since 6.4 the scheduler switches tasks' patch
# state, behind a static key or call that each transition rewrites), and on 2 cores one thread was
# not slower. 6.1 keeps a thread per CPU. LIVEPATCH_TEST_TCG_THREAD=single or multi chooses.
boot_guest() {
  local work=$1 kroot=$2 release=$3 port=$4 append=$5 accel vmlinuz thread=multi major minor
  shift 5
  IFS=.- read -r major minor _ <<<"$release"
  [ $((major * 1000 + minor)) -ge 6004 ] && thread=single
  thread=${LIVEPATCH_TEST_TCG_THREAD:-$thread}
  case "${LIVEPATCH_TEST_ACCEL:-tcg}" in
    tcg) accel=(-accel "tcg,thread=$thread" -cpu max) ;;
    kvm) accel=(-accel kvm -cpu host) ;;
    *) missing "LIVEPATCH_TEST_ACCEL must be tcg or kvm" ;;
  esac
  # 6.x: /boot/vmlinuz-RELEASE; the split packages of 7.x: /usr/lib/modules/RELEASE/vmlinuz.
  vmlinuz=$kroot/boot/vmlinuz-$release
  [ -f "$vmlinuz" ] || vmlinuz=$kroot/usr/lib/modules/$release/vmlinuz
  [ -f "$vmlinuz" ] || missing "no vmlinuz of $release in $kroot: run scripts/install-test-tools.sh"
  (cd "$work/initramfs" && find . | cpio -o -H newc --quiet | gzip -1) >"$work/initramfs.gz"
  mkdir -p "$work/ctl"
  echo "${0##*/}: booting $release (${accel[*]}), exporter on 127.0.0.1:$port"
  exec qemu-system-x86_64 -nodefaults -display none -monitor none -no-reboot \
    "${accel[@]}" -smp 2 -m 2048 \
    -kernel "$vmlinuz" -initrd "$work/initramfs.gz" \
    -append "console=ttyS0 panic=-1 oops=panic loglevel=5 no_timer_check $append" \
    -serial "file:$work/console.log" -serial "file:$work/capture.log" \
    -virtfs "local,path=$work/ctl,mount_tag=ctl,security_model=none" \
    -nic "user,model=e1000,hostfwd=tcp:127.0.0.1:$port-:9977" "$@"
}
