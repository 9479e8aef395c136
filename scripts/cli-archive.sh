#!/bin/sh
# Writes the class-data archive that bin/klp and bin/kgr hand to the JVM (bench/RESULTS.md): the
# classes the common commands load, parsed, verified and laid out once, so that `klp status`
# starts in about the time of a Java hello-world. `mvn package` runs it; an installation runs it
# once with the JVM it will use, since an archive holds the jar's path and the JVM's build:
#
#   scripts/cli-archive.sh /usr/share/livepatch-exporter/livepatch-exporter.jar \
#     /usr/share/livepatch-exporter/livepatch-exporter-cli.jsa
#
# It runs the commands on a small host of its own (a patch in transition, one blocking task),
# listing the classes each loads, and dumps one static archive of them all. It changes nothing
# but ARCHIVE and starts no program but java. JAVA_HOME picks the JVM, as in bin/.
# ARCHIVE is replaced in one rename, so that a klp starting meanwhile maps the old archive or the
# new one, never half of one; when the dump fails, the old archive stays.
#
# --if-stale keeps an ARCHIVE that this JVM maps with this JAR (the JVM's own check, about 0.1 s),
# for the packages' scriptlets and triggers: installing a Java runtime and this package together
# runs both, and only the first needs to write it.
set -eu
if_stale=no
if [ "${1:-}" = --if-stale ]; then
  if_stale=yes
  shift
fi
if [ $# -ne 2 ]; then
  echo "usage: $0 [--if-stale] JAR ARCHIVE" >&2
  exit 2
fi
jar=$1
archive=$2
if [ ! -f "$jar" ]; then
  echo "$0: $jar: no such file" >&2
  exit 1
fi
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
# The flags of bin/livepatch-exporter.sh for the command line; the collector must be the same.
flags="-XX:TieredStopAtLevel=1 -XX:-UsePerfData -Xss512k"
# shellcheck disable=SC2086 # the flags are a list of words
if [ $if_stale = yes ] && [ -f "$archive" ] &&
  "$java" -Xshare:on $flags -XX:SharedArchiveFile="$archive" -cp "$jar" -version > /dev/null 2>&1; then
  exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work" "$archive.new"' EXIT

# The host: what /sys and /proc show while livepatch_train_1 waits for task 100.
host=$work/host
patch=$host/sys/kernel/livepatch/livepatch_train_1
mkdir -p "$patch/vmlinux/cmdline_proc_show,1" "$host/sys/module/livepatch_train_1" \
  "$host/proc/sys/kernel" "$host/proc/100/task/100"
echo 1 > "$patch/enabled"
echo 1 > "$patch/transition"
echo 1 > "$patch/vmlinux/patched"
echo OEK > "$host/sys/module/livepatch_train_1/taint"
echo 1 > "$host/sys/module/livepatch_train_1/refcnt"
echo 6.1.0-28-amd64 > "$host/proc/sys/kernel/osrelease"
echo 45056 > "$host/proc/sys/kernel/tainted"
task=$host/proc/100/task/100
echo 0 > "$task/patch_state"
echo train > "$task/comm"
echo '100 (train) S 1 100 100 0 -1 4194560 0 0 0 0 0 0 0 0 20 0 1 0 1 0 0' > "$task/stat"
printf 'train\0--wait\0' > "$task/cmdline"
printf '[<0>] do_nanosleep+0x6d/0x1a0\n[<0>] hrtimer_nanosleep+0xbb/0x180\n' > "$task/stack"
roots="--path.sysfs=$host/sys --path.procfs=$host/proc --path.rootfs=$host"

n=0
for command in "status" "-vv blocking" "-vv patches" "-o json blocking" "--help"; do
  n=$((n + 1))
  # shellcheck disable=SC2086 # the roots, flags and command are lists of words
  "$java" $flags -XX:DumpLoadedClassList="$work/$n.classlist" -cp "$jar" \
    io.github.livepatchexporter.cli.KlpMain $roots $command > "$work/$n.out" 2>&1 || {
    echo "$0: klp $command failed on the training host:" >&2
    cat "$work/$n.out" >&2
    exit 1
  }
done
# Each class once, in the order first loaded: the JDK 17 dump crashes on a lambda proxy listed twice.
awk '!seen[$0]++' "$work"/*.classlist > "$work/all.classlist"
# shellcheck disable=SC2086
"$java" -Xshare:dump $flags -XX:SharedClassListFile="$work/all.classlist" \
  -XX:SharedArchiveFile="$archive.new" -cp "$jar" > "$work/dump.log" 2>&1 || {
  echo "$0: the JVM could not write $archive:" >&2
  cat "$work/dump.log" >&2
  exit 1
}
mv -f "$archive.new" "$archive"
