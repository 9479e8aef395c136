#!/usr/bin/env bash
# Boots a Debian host with systemd that has our .deb installed, as a fleet installs it, under QEMU
# with the real-kernel test's bookworm kernel, and runs the scenario of test.sh in it while the
# host scrapes the exporter that systemd started. SystemdHostIT runs it; it also runs by hand:
#
#   src/test/qemu/systemd/run.sh --work DIR --port HOSTPORT --deb FILE [--deb FILE...]
#
#   --work DIR        an empty directory for this run; afterwards it holds build.log (the test
#                     modules), setup.log (the installation into the root), console.log (the
#                     guest's console), capture.log (the framed captures) and ctl/ (acknowledgements)
#   --port HOSTPORT   127.0.0.1:HOSTPORT is forwarded to the exporter's port 9977 in the guest
#   --deb FILE        a package to install with dpkg -i, in the order given
#
# The root file system is a copy of the Debian root install-test-tools.sh made with mmdebstrap
# (src/test/deb/debian-root.sh), with, as an administrator would have it:
#  - our packages installed with dpkg -i (their maintainer scripts create the user, enable the
#    unit and build the class-data archive);
#  - the test modules, and an RPM of the live patch module lpe_patch_sleeper installed into the rpm
#    database as a SUSE host has it (/var/lib/rpm), with two zypper repositories: "lpe" (version 1,
#    refreshed by root) and "other" (version 2, never refreshed, until the scenario refreshes it);
#  - a static address on eth0, and lpe-test.service, which runs test.sh after the exporter.
# It runs as root (dpkg and chroot). Exit status: QEMU's (0 once the guest has powered off), 2 when
# something is missing, 3 when the test modules do not build, 4 when the installation fails.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
qemu=$(dirname "$here")
. "$qemu/kernel-cache.sh"
. "$qemu/host.sh"
. "$qemu/../deb/debian-root.sh"

work= port= debs=()
while [ $# -gt 0 ]; do
  case "$1" in
    --work) work=$2; shift 2 ;;
    --port) port=$2; shift 2 ;;
    --deb) debs+=("$(readlink -f "$2")"); shift 2 ;;
    *) echo "run.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
[ -n "$work" ] && [ -d "$work" ] || missing "--work DIR: an existing directory is required"
[ -n "$port" ] || missing "--port HOSTPORT is required"
[ ${#debs[@]} -gt 0 ] || missing "--deb FILE: the packages to install"
work=$(cd "$work" && pwd)
[ "$(id -u)" = 0 ] || missing "run it as root: it installs packages into a root with dpkg in a chroot"
need qemu-system-x86_64:qemu-system-x86 cpio:cpio modprobe:kmod \
  xz:xz-utils readelf:binutils mke2fs:e2fsprogs unshare:util-linux rpm:rpm rpmbuild:rpm \
  createrepo_c:createrepo-c
# Debian 12's own kernel, as a Debian 12 host runs it.
kernel=bookworm
kernel_cache_ready $kernel || missing "no cached $kernel kernel in $(kernel_cache_dir $kernel): run scripts/install-test-tools.sh"
debian_root_ready || missing "no Debian root in $(debian_root_dir): run scripts/install-test-tools.sh"
release=$(kernel_cache_release $kernel)
kroot=$(kernel_cache_root $kernel)
root=$work/root
log=$work/setup.log
echo "run.sh: kernel $release, root $(debian_root_path)"

# Runs a command in the guest's root, with /proc mounted in a mount namespace of its own, so that
# nothing stays mounted whatever happens.
in_root() {
  unshare --mount --propagation private sh -c 'mount -t proc proc "$0/proc" && exec chroot "$0" "$@"' \
    "$root" "$@"
}
installing() { # WHAT COMMAND...: runs COMMAND into setup.log; exit 4 with its output if it fails
  local what=$1
  shift
  echo "== $what: $*" >>"$log"
  if ! "$@" >>"$log" 2>&1; then
    tail -n 40 "$log" >&2
    echo "run.sh: $what failed (log above, all of it in $log)" >&2
    exit 4
  fi
}

# 1. The test modules, and the RPMs of the live patch module in them.
build_test_modules "$kroot" "$release" "$work/modules" "$work/build.log"
package=kernel-livepatch-${release//[.-]/_}
ko=/lib/modules/$release/livepatch/lpe_patch_sleeper.ko
changelog=(
  "* Mon Nov 02 2026 Live Patching Team <lp@example.com>
- Initial live patch of lpe_sleeper_wait (bsc#1250001).
- Fix for CVE-2026-10001 (bsc#1250002)."
  "* Mon Nov 30 2026 Live Patching Team <lp@example.com>
- Fix for CVE-2026-10002 (bsc#1250003)."
)
for v in 1 2; do
  entries=
  for ((i = v - 1; i >= 0; i--)); do entries+="${changelog[$i]}"$'\n\n'; done
  cat >"$work/lp-$v.spec" <<EOF
Name: $package
Version: $v
Release: 1
Summary: Test live patch of lpe_sleeper_wait, version $v
License: GPL-2.0-only
BuildArch: x86_64
AutoReqProv: no
%description
The live patch lpe_patch_sleeper of livepatch_exporter's tests, packaged as SUSE does.
%install
install -D -m 0644 $work/modules/lpe_patch_sleeper.ko %{buildroot}$ko
%files
$ko
%changelog
$entries
EOF
  installing "rpmbuild $v" rpmbuild -bb --quiet --define "_topdir $work/rpmbuild" \
    --define "_rpmdir $work/rpms" --define "_build_id_links none" \
    --define "debug_package %{nil}" --define "__os_install_post %{nil}" \
    --define "_build_name_fmt %%{NAME}-%%{VERSION}-%%{RELEASE}.%%{ARCH}.rpm" "$work/lp-$v.spec"
done

# 2. The root: a copy of the cached one, with our packages installed as a user installs them.
echo "run.sh: installing ${debs[*]##*/}"
cp -a "$(debian_root_path)" "$root"
systemd-machine-id-setup --root="$root" >>"$log" 2>&1
mkdir -p "$root/tmp/debs"
cp "${debs[@]}" "$root/tmp/debs/"
for d in "${debs[@]}"; do
  installing "dpkg -i ${d##*/}" in_root dpkg -i "/tmp/debs/${d##*/}"
done
rm -rf "$root/tmp/debs"

# 3. The package facts of a SUSE host: rpm's database where SUSE keeps it (Debian's rpm keeps one
# per user under ~/.rpmdb), version 1 installed, and two repositories.
mkdir -p "$root/etc/rpm"
echo '%_dbpath /var/lib/rpm' >"$root/etc/rpm/macros"
installing "rpm -i" rpm --root "$root" --dbpath /var/lib/rpm -i --nodeps --noscripts \
  "$work/rpms/$package-1-1.x86_64.rpm"
mkdir -p "$root/srv/repos/lpe" "$root/srv/repos/other" "$root/etc/zypp/repos.d"
cp "$work/rpms/$package-1-1.x86_64.rpm" "$root/srv/repos/lpe/"
cp "$work/rpms/"*.rpm "$root/srv/repos/other/"
for r in lpe other; do
  installing "createrepo_c $r" createrepo_c -q "$root/srv/repos/$r"
  printf '[%s]\nname=%s\nenabled=1\nautorefresh=0\nbaseurl=file:///srv/repos/%s\ntype=rpm-md\ngpgcheck=0\n' \
    "$r" "$r" "$r" >"$root/etc/zypp/repos.d/$r.repo"
done
installing "zypper refresh lpe" in_root zypper --non-interactive refresh lpe

# 4. What the administrator set: the exporter looks packages up every 5 s instead of every hour
# (an edited configuration file, as the package's conffile allows); the network.
mkdir -p "$root/etc/livepatch-exporter"
printf 'collectors:\n  packages:\n    refresh_interval_seconds: 5\n' \
  >"$root/etc/livepatch-exporter/config.yml"
env_file=$root/etc/default/livepatch-exporter
[ -f "$env_file" ] || missing "the package installed no /etc/default/livepatch-exporter"
sed -i 's|^LIVEPATCH_EXPORTER_ARGS="|&--config.file=/etc/livepatch-exporter/config.yml |' "$env_file"
printf '[Match]\nName=eth0\n[Network]\nAddress=10.0.2.15/24\nGateway=10.0.2.2\n' \
  >"$root/etc/systemd/network/20-eth0.network"
echo lpe-guest >"$root/etc/hostname"

# 5. The scenario: test.sh with what it needs, started by systemd after the exporter.
lib=$root/usr/local/lib/lpe
mkdir -p "$lib"
need_static_busybox
cp "$busybox" "$lib/busybox" # awk with and(), as in the real-kernel guest
cp "$qemu/guest.sh" "$lib/guest.sh"
cp "$work/modules/lpe_sleeper.ko" "$lib/"
install -m 0755 "$here/test.sh" "$root/usr/local/sbin/lpe-test"
printf 'RELEASE=%s\nPACKAGE=%s\nMODULE_FILE=%s\nACK=wait\n' "$release" "$package" "$ko" >"$lib/lpe.conf"
cat >"$root/etc/systemd/system/lpe-test.service" <<'EOF'
[Unit]
Description=livepatch_exporter's systemd host test
After=livepatch-exporter.service network-online.target
Wants=network-online.target

[Service]
Type=exec
ExecStart=/usr/local/sbin/lpe-test
StandardOutput=journal+console

[Install]
WantedBy=multi-user.target
EOF
installing "systemctl enable" in_root systemctl enable systemd-networkd.service lpe-test.service
installing "systemctl mask" in_root systemctl mask serial-getty@ttyS0.service getty@tty1.service \
  systemd-timesyncd.service apt-daily.timer apt-daily-upgrade.timer

# 6. The disk, and an initramfs that mounts it and hands over to systemd.
size=$(($(du -sm "$root" | cut -f1) + 768))
installing "mke2fs" mke2fs -q -t ext4 -L lpe-root -d "$root" "$work/root.img" "${size}M"
rm -rf "$root"
initrd=$work/initramfs
busybox_initramfs "$initrd" "$kroot" "$release" virtio_pci virtio_blk ext4 e1000 9pnet_virtio 9p
install -m 0755 "$here/initramfs-init.sh" "$initrd/init"

# 7. Boot from the disk.
boot_guest "$work" "$kroot" "$release" "$port" "net.ifnames=0 systemd.show_status=0" \
  -drive "file=$work/root.img,format=raw,if=virtio"
