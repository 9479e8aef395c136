#!/bin/sh
# Builds the container image of livepatch_exporter from the jar that `mvn -B -ntp package
# -DskipTests` left in target/ (no Maven runs here), without a container daemon and without a
# registry, into target/packages/livepatch-exporter-VERSION.oci.tar: an OCI image layout in a tar
# archive holding one image, livepatch-exporter:VERSION (the pom's version), which
# `skopeo copy oci-archive:...` pushes and `podman load -i` loads.
#
# What it holds, all of it from Debian 12 packages and this JDK:
#   - a Java runtime made by jlink of this JDK (JAVA_HOME, else the java on the PATH; Debian's
#     openjdk-17-jdk-headless) with only the modules the jar needs, with the JDK's class-data
#     archive of them (--generate-cds-archive): it is this machine's Java, so an image built
#     after a Java security update has the fix;
#   - the jar, bin/ and the class-data archive of klp and kgr (scripts/cli-archive.sh, made in the
#     image's own root so that it holds the paths the image runs from), laid out as the packages
#     lay them out: /usr/share/livepatch-exporter/, links in /usr/bin;
#   - the files of the Debian packages these need and nothing else of them: the C libraries the
#     runtime and rpm link, dash as /bin/sh, readlink and dirname (the launchers follow their
#     links), and rpm with its configuration, which the packages collector runs on the host's
#     database (--path.rootfs). No zypper or dnf: their dependencies would double the image.
# The packages come from deb.debian.org through mmdebstrap ($IMAGE_MIRROR: one sources.list line
# per suite, bookworm with its updates and security suites by default) and are fetched anew each
# time, so a rebuild picks up Debian's security fixes.
#
# Needs mmdebstrap, umoci, readelf (binutils), dpkg-deb and unshare with chroot (the class-data
# archive is made in the image's root); scripts/install-test-tools.sh installs them all. Runs as
# root. As another user it goes through user namespaces (mmdebstrap's unshare mode, which needs
# subordinate ids in /etc/subuid; umoci --rootless), a way not tried yet. Dates are
# $SOURCE_DATE_EPOCH, by default the last commit's.
set -eu
cd "$(dirname "$0")/.."

fail() {
  echo "image.sh: $*" >&2
  exit 1
}
need() {
  command -v "$1" >/dev/null 2>&1 ||
    fail "$1 not found: install the Debian package $2 (scripts/install-test-tools.sh does)"
}
need mmdebstrap mmdebstrap
need umoci umoci
need readelf binutils
need dpkg-deb dpkg
need unshare util-linux
need chroot coreutils

jar=target/livepatch-exporter.jar
[ -f "$jar" ] || fail "$jar not found: run 'mvn -B -ntp package -DskipTests' first"
jdk=${JAVA_HOME:-}
if [ -z "$jdk" ]; then
  java=$(command -v java) || fail "no JDK: set JAVA_HOME or put java on the PATH"
  jdk=$(dirname "$(dirname "$(readlink -f "$java")")")
fi
[ -x "$jdk/bin/jlink" ] && [ -x "$jdk/bin/jdeps" ] && [ -d "$jdk/jmods" ] ||
  fail "$jdk: no jlink, jdeps or jmods/: install the Debian package openjdk-17-jdk-headless"

# The project's own <version>, the only one indented by two spaces (dependencies' are deeper).
version=$(sed -n 's|^  <version>\(.*\)</version>$|\1|p' pom.xml | head -n 1)
case $version in
  [0-9]*) case $version in *[!A-Za-z0-9._-]*) fail "pom.xml: version '$version' is no image tag" ;; esac ;;
  *) fail "pom.xml: no project <version> that starts with a digit (found '$version')" ;;
esac
if [ -z "${SOURCE_DATE_EPOCH:-}" ]; then
  SOURCE_DATE_EPOCH=$(git log -1 --format=%ct 2>/dev/null) || SOURCE_DATE_EPOCH=
  [ -n "$SOURCE_DATE_EPOCH" ] || SOURCE_DATE_EPOCH=$(date +%s)
fi
export SOURCE_DATE_EPOCH
revision=$(git rev-parse HEAD 2>/dev/null) || revision=
mirror=${IMAGE_MIRROR:-"deb http://deb.debian.org/debian bookworm main
deb http://deb.debian.org/debian bookworm-updates main
deb http://deb.debian.org/debian-security bookworm-security main"}

work=$PWD/target/image-build
out=$PWD/target/packages
archive=$out/livepatch-exporter-$version.oci.tar
rm -rf "$work"
mkdir -p "$work/debs" "$out"
log=$work/build.log
# A failed build shows its log; a good one stays quiet.
run() {
  "$@" >> "$log" 2>&1 || {
    cat "$log" >&2
    fail "$1 failed (log above, and in $log)"
  }
}

# 1. The Debian packages with their dependencies, unpacked side by side (not installed: the image
# has no dpkg). Four more are fetched alone, from the same suites, and unpacked apart: rpm, whose
# dependencies (perl, debugedit) serve the building of packages; coreutils and base-files, of which
# the image takes two programs and os-release; busybox-static, which lends its tools to the making
# of the class-data archive below and stays out of the image.
debian=$work/debian
run mmdebstrap --variant=extract \
  --include=dash,libc6,libgcc-s1,libstdc++6,zlib1g,librpm9,librpmio9,libpopt0,rpm-common \
  --extract-hook="cd '$work/debs' && apt-get -o APT::Sandbox::User=root download rpm coreutils busybox-static base-files" \
  bookworm "$debian" "$mirror"
for pkg in rpm coreutils busybox-static base-files; do
  mkdir -p "$work/$pkg"
  dpkg-deb -x "$work/debs/${pkg}"_*.deb "$work/$pkg"
done

# 2. The image's root, with the mount points of deploy/kubernetes/daemonset.yaml (the host's /sys,
# /proc and / under /host, the configuration in /etc/livepatch-exporter), so that a read-only
# root needs none made.
root=$work/root
mkdir -p "$root/usr/bin" "$root/usr/lib/x86_64-linux-gnu" "$root/usr/lib64" "$root/etc" \
  "$root/proc" "$root/sys" "$root/dev" "$root/host/sys" "$root/host/proc" "$root/host/root" \
  "$root/etc/livepatch-exporter"
install -d -m 1777 "$root/tmp"
# Merged /usr, as Debian 12 has it.
for d in bin lib lib64 sbin; do
  ln -s "usr/$d" "$root/$d"
done
mkdir -p "$root/usr/sbin"
cp -p "$debian/bin/dash" "$root/usr/bin/dash"
ln -s dash "$root/usr/bin/sh"
cp -p "$work/coreutils/bin/readlink" "$work/coreutils/usr/bin/dirname" "$root/usr/bin/"
cp -p "$work/rpm/usr/bin/rpm" "$root/usr/bin/rpm"
mkdir -p "$root/usr/lib/rpm/platform"
# rpmpopt (of the rpm package) holds the query options that are aliases, --changelog among them.
cp -p "$debian/usr/lib/rpm/rpmrc" "$debian/usr/lib/rpm/macros" "$work"/rpm/usr/lib/rpm/rpmpopt-* \
  "$root/usr/lib/rpm/"
cp -pR "$debian/usr/lib/rpm/platform/x86_64-linux" "$root/usr/lib/rpm/platform/"
# Debian's rpm keeps its database in the user's home, as it manages no system; the hosts whose
# database the exporter reads keep theirs in /var/lib/rpm (RHEL, Fedora, SLE 12; on SLE 15 and
# Fedora 36 and later a link to ../../usr/lib/sysimage/rpm). Its backends are sqlite and bdb_ro:
# SLE 15 SP3 and later, and openSUSE, keep an ndb database, which it cannot read (README, Image).
mkdir -p "$root/etc/rpm"
echo '%_dbpath /var/lib/rpm' > "$root/etc/rpm/macros"
# Users for getpwuid: root, which the DaemonSet runs as, and nobody, for everyone else.
printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n' \
  > "$root/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' > "$root/etc/group"
# Which Debian the libraries come from, for scanners and people.
cp -p "$work/base-files/usr/lib/os-release" "$root/usr/lib/os-release"
ln -s ../usr/lib/os-release "$root/etc/os-release"

# The Java runtime: only the modules jdeps finds, and jdk.crypto.ec, which TLS
# (--web.config.file) needs for ECDHE and EC keys; no debug data, manual pages or headers.
runtime=/usr/lib/jvm/java-17-livepatch-exporter
modules=$("$jdk/bin/jdeps" --ignore-missing-deps --multi-release 17 --print-module-deps "$jar")
# java.desktop comes only from SnakeYAML's JavaBeans mapping, which our configuration files (read
# as plain mappings) never reach; it would bring AWT and its libraries.
modules=$(printf '%s' "$modules" | tr ',' '\n' | grep -vx java.desktop | tr '\n' ,)jdk.crypto.ec
run "$jdk/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
  --generate-cds-archive --output "$root$runtime"
# The archive for -XX:-UseCompressedOops, which only heaps above 32 GiB use; ours is 64 MiB.
rm -f "$root$runtime/lib/server/classes_nocoops.jsa"
ln -s "../lib/jvm/${runtime##*/}/bin/java" "$root/usr/bin/java"

# The libraries of every program and library there, found by their DT_NEEDED entries among the
# packages' (glibc's loader and its own dlopen of libgcc_s included).
lib_dirs="$debian/lib/x86_64-linux-gnu $debian/usr/lib/x86_64-linux-gnu"
copy_lib() {
  for d in $lib_dirs; do
    if [ -e "$d/$1" ]; then
      cp -pL "$d/$1" "$root/usr/lib/x86_64-linux-gnu/$1"
      return 0
    fi
  done
  fail "no Debian package here holds $1"
}
copy_lib ld-linux-x86-64.so.2
ln -s ../lib/x86_64-linux-gnu/ld-linux-x86-64.so.2 "$root/usr/lib64/ld-linux-x86-64.so.2"
copy_lib libgcc_s.so.1
while :; do
  new=no
  for elf in $(find "$root/usr" -type f \( -perm -u+x -o -name '*.so*' \)); do
    readelf -d "$elf" 2>/dev/null | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'
  done | sort -u > "$work/needed"
  while read -r lib; do
    [ -e "$root/usr/lib/x86_64-linux-gnu/$lib" ] && continue
    find "$root$runtime/lib" -name "$lib" | grep -q . && continue
    copy_lib "$lib"
    new=yes
  done < "$work/needed"
  [ $new = yes ] || break
done

# Ours, where the packages put it.
share=$root/usr/share/livepatch-exporter
mkdir -p "$share/bin" "$share/scripts"
cp -p "$jar" "$share/livepatch-exporter.jar"
cp -p bin/livepatch-exporter bin/klp bin/kgr bin/livepatch-exporter.sh "$share/bin/"
cp -p scripts/cli-archive.sh "$share/scripts/"
for cmd in livepatch-exporter klp kgr; do
  ln -s "../share/livepatch-exporter/bin/$cmd" "$root/usr/bin/$cmd"
done
mkdir -p "$root/usr/share/doc/livepatch-exporter"
cp -p LICENSE NOTICE "$root/usr/share/doc/livepatch-exporter/"

# One modification time for every file, the commit's, as in the packages; set before the
# class-data archive is made, which holds the jar's.
stamp() {
  find "$root" -newermt "@$SOURCE_DATE_EPOCH" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
}
stamp

# The class-data archive of klp and kgr, made by the image's runtime in the image's root, with
# busybox lent for the script's tools (mktemp, awk) and taken away again. The loader finds the
# runtime's own libraries through /proc/self/exe ($ORIGIN), so the root gets a /proc.
train=$root/tmp/train
mkdir -p "$train"
cp -p "$work/busybox-static/bin/busybox" "$train/busybox"
for applet in env mktemp mkdir cat awk mv rm; do
  ln -s busybox "$train/$applet"
done
chroot_cmd="chroot $root /tmp/train/env -i PATH=/tmp/train:/usr/bin JAVA_HOME=$runtime /bin/sh \
  /usr/share/livepatch-exporter/scripts/cli-archive.sh \
  /usr/share/livepatch-exporter/livepatch-exporter.jar \
  /usr/share/livepatch-exporter/livepatch-exporter-cli.jsa"
if [ "$(id -u)" -eq 0 ]; then
  # shellcheck disable=SC2086 # a list of words
  run unshare --mount --pid --fork --mount-proc="$root/proc" $chroot_cmd
else
  # shellcheck disable=SC2086
  run unshare --map-root-user --mount --pid --fork --mount-proc="$root/proc" $chroot_cmd
fi
rm -rf "$train"
# The archive must be readable by the user the image runs as, whoever that is.
chmod 644 "$share/livepatch-exporter-cli.jsa"
stamp

# 3. The image: one layer of that root, its configuration, in an OCI layout, tarred.
layout=$work/oci
created=$(date -u -d "@$SOURCE_DATE_EPOCH" +%Y-%m-%dT%H:%M:%SZ)
rootless=
[ "$(id -u)" -eq 0 ] || rootless=--rootless
run umoci init --layout "$layout"
run umoci new --image "$layout:$version"
run umoci insert $rootless --image "$layout:$version" --history.created "$created" \
  --history.created_by "scripts/image.sh" --history.comment "livepatch_exporter $version" \
  "$root" /
set -- \
  --config.entrypoint /usr/bin/livepatch-exporter \
  --config.cmd serve --config.cmd --web.listen-address=:9977 \
  --config.cmd --path.sysfs=/host/sys --config.cmd --path.procfs=/host/proc \
  --config.cmd --path.rootfs=/host/root \
  --config.exposedports 9977/tcp \
  --config.env PATH=/usr/bin:/usr/sbin \
  --config.env JAVA_HOME=$runtime \
  --config.workingdir / \
  --config.label org.opencontainers.image.title=livepatch_exporter \
  --config.label "org.opencontainers.image.description=Prometheus exporter and klp/kgr command line for Linux kernel live patching" \
  --config.label org.opencontainers.image.version="$version" \
  --config.label org.opencontainers.image.licenses=Apache-2.0 \
  --config.label org.opencontainers.image.source=https://github.com/livepatchexporter/livepatch_exporter \
  --config.label org.opencontainers.image.created="$created"
[ -z "$revision" ] || set -- "$@" --config.label org.opencontainers.image.revision="$revision"
run umoci config --image "$layout:$version" --created "$created" \
  --author "livepatch_exporter" --os linux --architecture amd64 \
  --history.created "$created" --history.created_by "scripts/image.sh" \
  --history.comment "serve, as deploy/kubernetes/daemonset.yaml runs it" "$@"
# Named as podman load names it (localhost/livepatch-exporter:VERSION) and as the DaemonSet
# refers to it.
run umoci tag --image "$layout:$version" "livepatch-exporter:$version"
run umoci rm --image "$layout:$version"
run umoci gc --layout "$layout"
tar --sort=name --mtime="@$SOURCE_DATE_EPOCH" --owner=0 --group=0 --numeric-owner \
  -C "$layout" -cf "$archive.new" .
mv -f "$archive.new" "$archive"
echo "image.sh: wrote target/packages/${archive##*/}"
