#!/bin/sh
# /init of the guest that RealKernelIT boots (run.sh packs it into the initramfs with busybox and
# the modules). It runs the scenarios one after another. At each checkpoint it writes, framed on
# the second serial port (ttyS1):
#   @@checkpoint ID TITLE
#   @@kernel              what the kernel says, read by this shell from /sys and /proc
#   @@cmd ID EXIT S CMD   our CLI, run as a user runs it, S seconds (stdout, @@stderr, stderr)
#   @@ready ID            then waits until the host has scraped /metrics and created /ctl/ack.ID
#   @@kernel-after        the kernel again: the phase held while the CLI and the exporter looked
#   @@end                 closes each @@kernel and @@cmd block
# Content lines start with '|' so that no output can pass for a marker. @@done ends the run.
# Under TCG a JVM takes seconds to start: the commands of a checkpoint run two at a time, one per
# virtual CPU, and only the commands that change the phase (kgr poke) run after the scrape.
export PATH=/bin
. /guest.sh
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
mount -t tmpfs tmp /tmp
. /lpe.conf # PROJECT, JAVA_HOME, ACK (wait or none), GUEST_PORT
exec 3>/dev/ttyS1
stty -F /dev/ttyS1 raw -echo

for m in $(cat /modules/order); do
  insmod "/modules/$m" || fail "insmod $m"
done
mkdir -p /host /ctl
mount -t 9p -o trans=virtio,version=9p2000.L,ro,cache=loose,msize=262144 host /host ||
  fail "mount the host's / over 9p"
mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144 ctl /ctl || fail "mount /ctl over 9p"
# A checkout under /tmp (a CI clone) would vanish under the guest's /tmp: keep it visible.
mkdir -p /project
mount --bind "/host$PROJECT" /project || fail "bind $PROJECT"
for d in proc sys dev tmp; do mount --bind "/$d" "/host/$d" || fail "bind /$d"; done
case $PROJECT in
  /tmp/*) mkdir -p "/host$PROJECT" && mount --bind /project "/host$PROJECT" || fail "bind $PROJECT" ;;
esac
ip link set lo up
ip link set eth0 up
ip addr add 10.0.2.15/24 dev eth0 || fail "network"

# Runs a command of ours in the host's root (its JDK and our jar, read-only over 9p).
host_run() {
  chroot /host /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin "JAVA_HOME=$JAVA_HOME" \
    LANG=C.UTF-8 "$@"
}

run_cli() { # N TOOL ARGS...: bin/klp or bin/kgr of the project, as a user runs it, into /tmp/cli.N.*
  n=$1
  tool=$2
  shift 2
  run_timed "$n" host_run "$PROJECT/bin/$tool" "$@"
}

# checkpoint ID TITLE [COMMAND...]: each COMMAND is "klp ARGS" or "kgr ARGS"; one written
# "then kgr ARGS" runs alone, after the scrape.
checkpoint() {
  cp=$1
  emit "@@checkpoint $1 $2"
  shift 2
  kernel_section kernel
  n=0
  pids=
  for c in "$@"; do
    case "$c" in then\ *) continue ;; esac
    n=$((n + 1))
    run_cli $n $c &
    pids="$pids $!"
    if [ $((n % 2)) = 0 ]; then
      wait $pids
      pids=
    fi
  done
  [ -z "$pids" ] || wait $pids
  n=0
  for c in "$@"; do
    case "$c" in then\ *) continue ;; esac
    n=$((n + 1))
    emit_cli $n "$c"
  done
  wait_for 'grep -q "listening on" /tmp/exporter.log' 120 || {
    block /tmp/exporter.log
    fail "the exporter did not start"
  }
  ack "$cp"
  for c in "$@"; do
    case "$c" in then\ *) ;; *) continue ;; esac
    run_cli 0 ${c#then }
    emit_cli 0 "${c#then }"
  done
  kernel_section kernel-after
}


modules=/modules/lpe

# The exporter runs in the guest for the whole run; the host scrapes it through a forwarded port.
# It starts while the first checkpoint's commands run; checkpoint waits for it before the scrape.
host_run "$PROJECT/bin/livepatch-exporter" serve "--web.listen-address=:$GUEST_PORT" \
  </dev/null >/tmp/exporter.log 2>&1 &
emit "@@start $(cat /proc/sys/kernel/osrelease)"

# 1 No patch.
checkpoint 1 "no patch loaded" \
  "klp status" "klp check" "klp -v blocking"

# 2 A livepatch of a kernel function applies and completes.
insmod $modules/lpe_patch_cmdline.ko || fail "insmod lpe_patch_cmdline"
wait_for '! in_transition' 60
checkpoint 2 "lpe_patch_cmdline applied" \
  "klp status" "klp -v patches"

# 3 A patching transition stalled by a kernel thread and a user process.
insmod $modules/lpe_sleeper.ko || fail "insmod lpe_sleeper"
sleepers lpe_sleeper_wait
insmod $modules/lpe_patch_sleeper.ko || fail "insmod lpe_patch_sleeper"
settle 2
checkpoint 3 "patching transition of lpe_patch_sleeper stalled" \
  "klp status" "klp check" "klp blocking" "klp -vv blocking" "kgr -v blocking_threads" \
  "klp -o json status"

# 4 Release: the transition completes.
echo 1 >/sys/module/lpe_sleeper/parameters/release
wait_for '! in_transition' 60
reader_done
checkpoint 4 "sleepers released, patching complete" \
  "klp status" "klp check" "klp -v blocking" "klp -o json patches"

# 5 An unpatching transition stalled by sleepers in the replacement, then reversed.
sleepers lpe_patch_sleeper_wait
echo 0 >/sys/kernel/livepatch/lpe_patch_sleeper/enabled
settle 2
checkpoint 5a "unpatching transition of lpe_patch_sleeper stalled" \
  "klp -o json status" "klp check" "klp -vv blocking"
echo 1 >/sys/kernel/livepatch/lpe_patch_sleeper/enabled
wait_for '! in_transition' 60
checkpoint 5b "unpatching reversed, patching complete again" \
  "klp status" "klp -v blocking"
echo 1 >/sys/module/lpe_patch_sleeper/parameters/release
reader_done

# 6 A forced transition: unpatching stalled, then forced.
sleepers lpe_patch_sleeper_wait
echo 0 >/sys/kernel/livepatch/lpe_patch_sleeper/enabled
settle 2
checkpoint 6a "unpatching transition of lpe_patch_sleeper stalled before force" \
  "klp -v blocking"
echo 1 >/sys/kernel/livepatch/lpe_patch_sleeper/force
wait_for '! in_transition && [ ! -d /sys/kernel/livepatch/lpe_patch_sleeper ]' 60
checkpoint 6b "unpatching forced and complete" \
  "klp status" "klp -v patches"
# The sleepers still sleep in the unpatched replacement: the forced module stays loaded.
echo 1 >/sys/module/lpe_patch_sleeper/parameters/release
reader_done

# 7 Atomic replace: the replaced patches vanish; their modules stay loaded.
insmod $modules/lpe_patch_replace.ko || fail "insmod lpe_patch_replace"
wait_for '! in_transition && [ ! -d /sys/kernel/livepatch/lpe_patch_cmdline ]' 60
checkpoint 7 "lpe_patch_replace replaced lpe_patch_cmdline" \
  "klp -v patches" "klp -o json patches"

# 8 kgr poke during a stall: the user process is stopped and continued, the kernel thread not.
sleepers lpe_patch_replace_wait
echo 0 >/sys/kernel/livepatch/lpe_patch_replace/enabled
settle 2
checkpoint 8a "unpatching transition of lpe_patch_replace stalled" \
  "klp -v blocking" "then kgr -n -v poke"
# After STOP/CONT the reader left the kernel, switched to the target and sleeps again in the
# original function, where it no longer blocks; the kernel thread still does.
wait_for "[ \"\$(cat /proc/$reader/patch_state)\" = 0 ] && on_stack $reader lpe_sleeper_wait" 30
settle 1
checkpoint 8b "after kgr poke" \
  "klp check" "klp -v blocking"
echo 1 >/sys/module/lpe_patch_replace/parameters/release
wait_for '! in_transition' 60
echo 1 >/sys/module/lpe_sleeper/parameters/release
reader_done
checkpoint 8c "unpatching of lpe_patch_replace complete" \
  "klp -v patches"

emit "@@exporter"
block /tmp/exporter.log
emit "@@end"
emit "@@done"
poweroff -f
