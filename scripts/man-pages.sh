#!/bin/sh
# Writes the manual pages klp(8), kgr(8) and livepatch-exporter(1) into DIR, from the commands'
# own --help and --version (help2man), with a section per command made from that command's
# --help: the pages list every option the code defines and cannot drift from it. Needs the jar
# that `mvn -B -ntp package -DskipTests` built and help2man (Debian package help2man).
#
#   scripts/man-pages.sh DIR            the three pages side by side in DIR, as the packages take them
#   scripts/man-pages.sh --build-tree   into share/man/man1 and share/man/man8 of this tree, where
#                                       `man` finds them beside bin/ (ManPagesIT checks they are current)
set -eu
cd "$(dirname "$0")/.."
[ $# -eq 1 ] || { echo "usage: scripts/man-pages.sh DIR | --build-tree" >&2; exit 2; }
tree=
if [ "$1" = --build-tree ]; then
  tree=share/man
  out=
else
  out=$1
fi
command -v help2man >/dev/null 2>&1 ||
  { echo "man-pages.sh: help2man not found: install the Debian package help2man" >&2; exit 1; }
[ -f target/livepatch-exporter.jar ] ||
  { echo "man-pages.sh: target/livepatch-exporter.jar not found: run 'mvn -B -ntp package -DskipTests' first" >&2; exit 1; }
pom_version=$(sed -n 's|^  <version>\(.*\)</version>$|\1|p' pom.xml | head -n 1)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
out=${out:-$work/pages}
mkdir -p "$out"

# One page: TOOL SECTION NAME COMMAND...
page() {
  tool=$1 section=$2 name=$3
  shift 3
  include="$work/$tool.h2m"
  {
    printf '[COMMANDS]\n'
    for c in "$@"; do
      printf '.SS "%s %s"\n.nf\n' "$tool" "$c"
      # Preformatted: backslashes as \e, a leading dot or quote made literal with \&.
      "bin/$tool" "$c" --help | sed -e 's/\\/\\e/g' -e "s/^\([.']\)/\\\\\&\1/"
      printf '.fi\n'
    done
    cat packaging/man/see-also.h2m
  } >"$include"
  # --version-string: the exporter's --version has several lines, as Prometheus' tools print it.
  help2man --no-info --section="$section" --name="$name" --include="$include" \
    --version-string="$pom_version" --output="$out/$tool.$section" "bin/$tool"
}

page livepatch-exporter 1 "Prometheus exporter for kernel live patching" \
  serve textfile status check patches blocking
page klp 8 "klp-compatible command line for kernel live patching" \
  status check patches blocking downgrade
page kgr 8 "kgr-compatible command line for kernel live patching" \
  status check patches blocking blocking_threads poke

if [ -n "$tree" ]; then
  mkdir -p "$tree/man1" "$tree/man8"
  cp "$out/livepatch-exporter.1" "$tree/man1/"
  cp "$out/klp.8" "$out/kgr.8" "$tree/man8/"
fi
