#!/bin/sh
# Writes what `--version` and livepatch_exporter_build_info tell of this build, as Prometheus'
# own tools tell it: the checkout's revision and branch ("unknown" outside a git checkout), who
# built it, and when (SOURCE_DATE_EPOCH when set, for reproducible builds). Run by mvn.
set -eu
out=$1
cd "$(dirname "$0")/.."
revision=$(git rev-parse HEAD 2>/dev/null || echo unknown)
branch=$(git rev-parse --abbrev-ref HEAD 2>/dev/null || echo unknown)
if [ -n "${SOURCE_DATE_EPOCH:-}" ]; then
  date=$(date -u -d "@$SOURCE_DATE_EPOCH" +%Y%m%d-%H:%M:%S)
else
  date=$(date -u +%Y%m%d-%H:%M:%S)
fi
user="$(id -un 2>/dev/null || echo unknown)@$(uname -n)"
mkdir -p "$(dirname "$out")"
printf 'revision=%s\nbranch=%s\nbuild.user=%s\nbuild.date=%s\n' \
  "$revision" "$branch" "$user" "$date" >"$out.tmp"
mv "$out.tmp" "$out"
