#!/bin/sh
# The scenario of the systemd host (run.sh installs it as /usr/local/sbin/lpe-test, run by
# lpe-test.service once systemd has started livepatch-exporter.service from our package). It
# writes the framed captures of src/test/qemu/init.sh on ttyS1: at each checkpoint the kernel's
# view, the commands an administrator would run as root (stdout, stderr, exit status), then it
# waits until the host has scraped the exporter through the forwarded port.
. /usr/local/lib/lpe/lpe.conf # RELEASE, PACKAGE, MODULE_FILE, ACK
. /usr/local/lib/lpe/guest.sh
awk() { /usr/local/lib/lpe/busybox awk "$@"; } # kernel_view needs and(); Debian's mawk has none
export LANG=C.UTF-8
exec 3>/dev/ttyS1
stty -F /dev/ttyS1 raw -echo
mkdir -p /ctl
mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144 ctl /ctl || fail "mount /ctl over 9p"
emit "@@start $(cat /proc/sys/kernel/osrelease)"
unit=livepatch-exporter.service

run_cmd() { run_timed "$1" sh -c "$2"; } # N COMMAND-LINE: as root, into /tmp/cli.N.*

# step ID TITLE COMMAND-LINE...: a checkpoint whose commands run one after another, then the scrape.
step() {
  cp=$1
  emit "@@checkpoint $1 $2"
  shift 2
  kernel_section kernel
  n=0
  for c in "$@"; do
    n=$((n + 1))
    run_cmd $n "$c"
    emit_cli $n "$c"
  done
  ack "$cp"
  kernel_section kernel-after
}

listening() { ss -Hltn 'sport = :9977' | grep -q .; }
# The exporter's process as the kernel sees it: its user and its capabilities.
process="pid=\$(systemctl show -p MainPID --value $unit); stat -c 'user %U' /proc/\$pid;"
process="$process grep -E '^(Uid|Gid|CapInh|CapPrm|CapEff|CapBnd|CapAmb|NoNewPrivs):' /proc/\$pid/status"
state="systemctl show $unit -p ActiveState -p SubState -p Result -p ExecMainCode -p ExecMainStatus -p NRestarts"
as_service_user="setpriv --reuid=livepatch-exporter --regid=livepatch-exporter --clear-groups --"

# 1 systemd started the unit at boot, from the package.
wait_for listening 300 || fail "the exporter does not listen on :9977"
step 1 "livepatch-exporter.service started at boot" \
  "$state" "$process" "getent passwd livepatch-exporter" \
  "test -s /usr/share/livepatch-exporter/livepatch-exporter-cli.jsa && echo archive made at install" \
  "systemd-analyze security --no-pager $unit" "klp status"

# 2 A patching transition stalled by a kernel thread and two readers, one of another user.
insmod /usr/local/lib/lpe/lpe_sleeper.ko || fail "insmod lpe_sleeper"
sleepers lpe_sleeper_wait
setpriv --reuid=65534 --regid=65534 --clear-groups cat /proc/lpe_sleeper >/tmp/reader2.out 2>&1 &
reader2=$!
wait_for "on_stack $reader2 lpe_sleeper_wait" 30
insmod "$MODULE_FILE" || fail "insmod $MODULE_FILE"
settle 3
step 2 "patching transition of lpe_patch_sleeper stalled; the exporter as its own user" \
  "klp blocking" "klp -vv blocking" "klp -v patches" "$as_service_user klp -vv patches"

# 3 systemctl stop: the unit is inactive, not failed.
step 3 "systemctl stop" "systemctl stop $unit" "$state" "systemctl is-failed $unit"

# 4 systemctl start, and root refreshes the repositories: the update status becomes known.
systemctl start "$unit" || fail "systemctl start $unit"
wait_for listening 300 || fail "the exporter does not listen again"
step 4 "systemctl start, zypper refresh by root" \
  "$state" "zypper --non-interactive refresh" "klp -vv patches" "$as_service_user klp -vv patches"

# 5 The sleepers released: the transition completes. The unit's journal, whole.
echo 1 >/sys/module/lpe_sleeper/parameters/release
wait_for '! in_transition' 60
reader_done
wait "$reader2"
note "reader $reader2: $(cat /tmp/reader2.out)"
step 5 "sleepers released, patching complete" \
  "klp status" "$state" "journalctl -u $unit --no-pager -o short-monotonic"

emit "@@done"
poweroff -f
