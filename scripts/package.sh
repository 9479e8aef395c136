#!/bin/sh
# Builds the packages of livepatch_exporter from the jar that `mvn -B -ntp package -DskipTests`
# left in target/ (no Maven runs here), into target/packages/:
#
#   livepatch-exporter-VERSION-RELEASE.noarch.rpm, livepatch-exporter-klp-VERSION-RELEASE.noarch.rpm
#     from packaging/rpm/livepatch-exporter.spec, with rpmbuild;
#   livepatch-exporter_VERSION-RELEASE_all.deb, livepatch-exporter-klp_VERSION-RELEASE_all.deb
#     from packaging/deb/debian/, with dpkg-buildpackage and debhelper.
#
# VERSION is the pom's, with '-' as '~' (0.1.0-SNAPSHOT is 0.1.0~SNAPSHOT, which rpm and dpkg both
# sort before 0.1.0). RELEASE is $PACKAGE_RELEASE, 1 by default. $PACKAGE_MAINTAINER ("Name
# <address>") is the packages' maintainer and packager: set it to whoever builds them for a fleet.
# Dates in the packages are $SOURCE_DATE_EPOCH, by default the last commit's.
set -eu
cd "$(dirname "$0")/.."

fail() {
  echo "package.sh: $*" >&2
  exit 1
}
need() {
  command -v "$1" >/dev/null 2>&1 ||
    fail "$1 not found: install the Debian package $2 (scripts/install-test-tools.sh does)"
}
need rpmbuild rpm
need dpkg-buildpackage dpkg-dev
need dh debhelper
need help2man help2man

jar=target/livepatch-exporter.jar
[ -f "$jar" ] || fail "$jar not found: run 'mvn -B -ntp package -DskipTests' first"

# The project's own <version>, the only one indented by two spaces (dependencies' are deeper).
pom_version=$(sed -n 's|^  <version>\(.*\)</version>$|\1|p' pom.xml | head -n 1)
version=$(printf '%s' "$pom_version" | tr '-' '~')
case $version in
  [0-9]*) case $version in *[!A-Za-z0-9.+~]*) fail "pom.xml: version '$pom_version' has characters rpm or dpkg refuse" ;; esac ;;
  *) fail "pom.xml: no project <version> that starts with a digit (found '$pom_version')" ;;
esac
release=${PACKAGE_RELEASE:-1}
case $release in
  '' | *[!0-9.]* | .* | *. | *..*) fail "PACKAGE_RELEASE: '$release' is not a release like 1 or 2.1" ;;
esac
maintainer=${PACKAGE_MAINTAINER:-livepatch_exporter maintainers <maintainers@livepatch-exporter.invalid>}
case $maintainer in
  *?' <'?*@?*'>') ;;
  *) fail "PACKAGE_MAINTAINER: '$maintainer' is not 'Name <address>'" ;;
esac
if [ -z "${SOURCE_DATE_EPOCH:-}" ]; then
  SOURCE_DATE_EPOCH=$(git log -1 --format=%ct 2>/dev/null) || SOURCE_DATE_EPOCH=
  [ -n "$SOURCE_DATE_EPOCH" ] || SOURCE_DATE_EPOCH=$(date +%s)
fi
export SOURCE_DATE_EPOCH

work=$PWD/target/package-build
out=$PWD/target/packages
rm -rf "$work"
mkdir -p "$work" "$out"
log=$work/build.log
# A failed build shows its log; a good one stays quiet.
run() {
  "$@" >> "$log" 2>&1 || {
    cat "$log" >&2
    fail "$1 failed (log above, and in $log)"
  }
}

# The tree both packages are made from: what they install, under the project's own names.
name=livepatch-exporter-$version
src=$work/$name
mkdir -p "$src/bin" "$src/scripts" "$src/deploy" "$src/alerts" "$src/grafana" "$src/docs"
cp -p "$jar" LICENSE NOTICE README.md CHANGELOG.md "$src/"
cp -p bin/livepatch-exporter bin/klp bin/kgr bin/livepatch-exporter.sh "$src/bin/"
cp -p scripts/cli-archive.sh "$src/scripts/"
cp -pR deploy/systemd deploy/prometheus deploy/alertmanager "$src/deploy/"
cp -p alerts/*.yaml "$src/alerts/"
cp -p grafana/*.json "$src/grafana/"
cp -p docs/*.md "$src/docs/"
# Manual pages from the commands' own --help and --version, so that they cannot drift.
run scripts/man-pages.sh "$src/man"
# Bash completion from the command lines the tools parse with, likewise.
mkdir -p "$src/completion"
for cmd in livepatch-exporter klp kgr; do
  "${JAVA_HOME:+$JAVA_HOME/bin/}java" -cp "$jar" io.github.livepatchexporter.cli.Completion "$cmd" >"$src/completion/$cmd" ||
    fail "bash completion of $cmd could not be made"
done

# RPM.
mkdir -p "$work/rpm/SOURCES"
tar --sort=name --mtime="@$SOURCE_DATE_EPOCH" --owner=0 --group=0 --numeric-owner \
  -C "$work" -cf - "$name" | gzip -n > "$work/rpm/SOURCES/$name.tar.gz"
run rpmbuild -bb \
  --define "_topdir $work/rpm" \
  --define "_rpmdir $out" \
  --define "_build_name_fmt %%{NAME}-%%{VERSION}-%%{RELEASE}.%%{ARCH}.rpm" \
  --define "use_source_date_epoch_as_buildtime 1" \
  --define "clamp_mtime_to_source_epoch 1" \
  --define "lpe_version $version" \
  --define "lpe_release $release" \
  --define "lpe_date $(LC_ALL=C date -u -d "@$SOURCE_DATE_EPOCH" '+%a %b %d %Y')" \
  --define "packager $maintainer" \
  packaging/rpm/livepatch-exporter.spec

for f in "livepatch-exporter-$version-$release.noarch.rpm" \
  "livepatch-exporter-klp-$version-$release.noarch.rpm"; do
  [ -f "$out/$f" ] || fail "rpmbuild wrote no $out/$f"
  echo "package.sh: wrote target/packages/$f"
done

# deb: debian/ as packaging/deb/ has it, with the files debhelper takes by name and the changelog
# entry of this version.
deb=$src/debian
cp -pR packaging/deb/debian "$deb"
# As a sed replacement: \, & and | stand for themselves.
sed_maintainer=$(printf '%s' "$maintainer" | sed 's/[\\&|]/\\&/g')
sed "s|@PACKAGE_MAINTAINER@|$sed_maintainer|" packaging/deb/debian/control > "$deb/control"
cp -p deploy/systemd/livepatch-exporter.service "$deb/livepatch-exporter.service"
for u in service timer; do
  cp -p "deploy/systemd/livepatch-exporter-textfile.$u" \
    "$deb/livepatch-exporter.livepatch-exporter-textfile.$u"
done
cp -p deploy/systemd/livepatch-exporter.sysusers "$deb/livepatch-exporter.sysusers"
cp -p deploy/systemd/livepatch-exporter.env "$deb/livepatch-exporter.default"
cat > "$deb/changelog" <<EOF
livepatch-exporter ($version-$release) unstable; urgency=medium

  * Package of livepatch_exporter $version
    (built by scripts/package.sh; the changes are in changelog.gz).

 -- $maintainer  $(LC_ALL=C date -u -R -d "@$SOURCE_DATE_EPOCH")
EOF
(cd "$src" && run dpkg-buildpackage --build=all --no-sign)

for f in "livepatch-exporter_$version-${release}_all.deb" \
  "livepatch-exporter-klp_$version-${release}_all.deb"; do
  [ -f "$work/$f" ] || fail "dpkg-buildpackage wrote no $work/$f"
  mv -f "$work/$f" "$out/$f"
  echo "package.sh: wrote target/packages/$f"
done
