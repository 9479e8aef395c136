#!/usr/bin/env bash
# Installs what the test suite runs besides the JDK and Maven, from Debian's packages.
# Idempotent: what is already there is not touched.
#  - small command-line tools are installed with apt-get;
#  - servers and their tools (Prometheus, promtool, Alertmanager, amtool, VictoriaMetrics and
#    vmalert for bench/fleet) are unpacked with dpkg -x
#    into .tools/ of this checkout, so that no system service is installed or started; the tests
#    start them on loopback themselves;
#  - the Debian kernels that the real-kernel test (RealKernelIT) boots under QEMU, with their
#    headers, are downloaded through a private apt configuration and unpacked with dpkg -x into a
#    cache outside the checkout that survives between runs (never into this machine's /boot), and
#    a kernel built on a newer Debian release than this machine's gets a root of that release with
#    its compiler, made once with mmdebstrap: see src/test/qemu/kernel-cache.sh.
#    LIVEPATCH_TEST_KERNELS chooses them as it does for the test (default: all);
#  - the Debian system that DebPackagesIT installs our .deb into, and that the systemd host test
#    (SystemdHostIT) boots with that kernel, is made once with mmdebstrap into the same cache:
#    see src/test/deb/debian-root.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
tools_dir=$PWD/.tools

for cmd in java mvn; do
  if ! command -v "$cmd" >/dev/null 2>&1; then
    echo "install-test-tools: '$cmd' not found: install JDK 17 and Maven (apt-get install openjdk-17-jdk-headless maven)" >&2
    exit 1
  fi
done

sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
updated=no
apt_update() {
  if [ $updated = no ]; then
    $sudo apt-get update -qq
    updated=yes
  fi
}

# command -> Debian package that provides it
declare -A tools=(
  [bash]=bash
  [setpriv]=util-linux   # CliIT runs the CLI as an unprivileged user
  [kill]=procps          # kgr poke sends SIGSTOP/SIGCONT with kill(1)
  [id]=coreutils
  [openssl]=openssl      # TLS tests make their certificates
  [rpm]=rpm              # package facts: rpm --root -qf / --changelog
  [rpmbuild]=rpm         # package tests build live patch RPMs
  [createrepo_c]=createrepo-c
  [zypper]=zypper        # klp downgrade and update status (SUSE)
  [dnf]=dnf              # the same on Red Hat roots
  [wrk]=wrk              # load test of /metrics
  [slowhttptest]=slowhttptest # slow-header and slow-read clients against /metrics
  # deploy tests verify the systemd unit; these link a library of the package, so dpkg -x is not enough
  [systemd-analyze]=systemd
  [systemd-sysusers]=systemd
  [systemctl]=systemd    # RpmPackagesIT enables and disables the unit in an RPM root
  # RealKernelIT: boots a Debian kernel under QEMU, with test modules built against its headers
  [qemu-system-x86_64]=qemu-system-x86
  [cpio]=cpio            # packs the guest's initramfs
  [depmod]=kmod          # module dependencies of the unpacked kernel
  [modprobe]=kmod
  [gcc-12]=gcc-12        # the compiler Debian 12's kernels were built with
  [make]=make
  [xz]=xz-utils          # some kernels ship their modules as .ko.xz
  [readelf]=binutils     # tells a static busybox from a dynamic one
  # scripts/package.sh builds the RPM and deb packages; ship/*PackagesIT lint and install them
  [dpkg-buildpackage]=dpkg-dev
  [dh]=debhelper
  [help2man]=help2man    # the packages' manual pages, from --help
  [groff]=groff-base     # ManPagesIT: the pages render without warnings
  [man]=man-db
  [rpmlint]=rpmlint
  [lintian]=lintian
  [mmdebstrap]=mmdebstrap # the Debian root the .deb is installed into
  [unshare]=util-linux   # runs dpkg in that root, in namespaces of its own
  [chroot]=coreutils
  [ldd]=libc-bin         # the libraries of systemctl, copied into an RPM root
  [mke2fs]=e2fsprogs     # SystemdHostIT: the Debian root on an ext4 disk
  # scripts/image.sh builds the OCI image from Debian's packages (mmdebstrap, above, fetches them;
  # readelf finds their libraries); ImageIT reads it with skopeo, unpacks it with umoci and runs
  # its root in namespaces with bind mounts
  [umoci]=umoci
  [skopeo]=skopeo
  [jlink]=openjdk-17-jdk-headless # the image's Java runtime
  [mount]=mount
  [git]=git              # the image's revision label
  [chromium]=chromium    # LandingPageIT: the page's DOM and screenshots, headless
)
missing=()
for cmd in "${!tools[@]}"; do
  command -v "$cmd" >/dev/null 2>&1 || missing+=("${tools[$cmd]}")
done
# Packages without a command of their own:
#  - busybox-static: the guest's userland (a dynamic busybox has the same command name);
#  - libelf1: objtool of the kernel's kbuild package, which is unpacked, not installed;
#  - fonts-dejavu-core: the text of LandingPageIT's screenshots (Chromium only recommends fonts).
for pkg in busybox-static libelf1 fonts-dejavu-core; do
  if [ "$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null)" != "install ok installed" ]; then
    missing+=("$pkg")
  fi
done
mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u | sed '/^$/d')
if [ ${#missing[@]} -gt 0 ]; then
  echo "install-test-tools: installing ${missing[*]}"
  apt_update
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# binary -> Debian package unpacked into .tools/
declare -A unpacked=(
  [prometheus]=prometheus
  [promtool]=prometheus
  [prometheus-alertmanager]=prometheus-alertmanager  # Debian's name for alertmanager
  [amtool]=prometheus-alertmanager
  [prometheus-node-exporter]=prometheus-node-exporter  # TextfileAlertingIT: the textfile collector
  [victoria-metrics]=victoria-metrics  # bench/fleet: the same fleet data and queries on VictoriaMetrics
  [vmalert]=victoria-metrics           # bench/fleet: the rules evaluated against VictoriaMetrics
)
for bin in "${!unpacked[@]}"; do
  if [ ! -x "$tools_dir/usr/bin/$bin" ]; then
    pkg=${unpacked[$bin]}
    echo "install-test-tools: unpacking $pkg into .tools/"
    apt_update
    work=$(mktemp -d)
    chmod 755 "$work"
    (cd "$work" && apt-get download -qq "$pkg")
    mkdir -p "$tools_dir"
    dpkg -x "$work"/"$pkg"_*.deb "$tools_dir"
    rm -rf "$work"
  fi
done
# Debian's alertmanager reads its default notification template from a path compiled into it:
# copy the package's templates there (data files only; nothing of the package is installed).
templates=/usr/share/prometheus/alertmanager
if [ ! -f "$templates/default.tmpl" ]; then
  echo "install-test-tools: copying Alertmanager's templates to $templates"
  $sudo mkdir -p "$templates"
  $sudo cp "$tools_dir$templates"/*.tmpl "$templates/"
fi
"$tools_dir/usr/bin/promtool" --version >/dev/null
"$tools_dir/usr/bin/amtool" --version >/dev/null 2>&1

# The kernels RealKernelIT boots: the newest linux-image-amd64 of each suite, cached by release,
# and the root their modules are built in where the host's compiler is not theirs. SystemdHostIT
# boots the bookworm kernel, whichever the real-kernel test runs.
. src/test/qemu/kernel-cache.sh
kernels=$(kernel_cache_selected)
case " $(echo $kernels) " in *" bookworm "*) ;; *) kernels="bookworm $kernels" ;; esac
for k in $kernels; do
  kernel_cache_ready "$k" || kernel_cache_fetch "$k"
  kernel_build_root_ready "$k" || kernel_build_root_fetch "$k" "$sudo"
  broot=$(kernel_build_root "$k")
  echo "install-test-tools: kernel $k: $(kernel_cache_release "$k") in $(kernel_cache_dir "$k")," \
    "built with $(kernel_cache_compiler "$k")${broot:+; its modules are built in $broot}"
done

# The Debian system DebPackagesIT installs the .deb into and SystemdHostIT boots.
. src/test/deb/debian-root.sh
if ! debian_root_ready; then
  debian_root_fetch "$sudo"
fi
echo "install-test-tools: Debian root in $(debian_root_path)"

echo "install-test-tools: ready"
