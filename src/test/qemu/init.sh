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

# 9 A livepatch of a module that is not loaded: the kernel patches the object when the module
# comes and unpatches it when it goes (the selftests' module_coming and module_going).
insmod $modules/lpe_patch_late.ko || fail "insmod lpe_patch_late"
wait_for '! in_transition' 60
checkpoint 9a "lpe_patch_late applied, its target module lpe_target not loaded" \
  "klp -o json patches"
insmod $modules/lpe_target.ko || fail "insmod lpe_target"
wait_for '! in_transition' 60
note "lpe_target says: $(cat /proc/lpe_target)"
checkpoint 9b "lpe_target loaded after its livepatch" \
  "klp -o json patches"
rmmod lpe_target || fail "rmmod lpe_target"
checkpoint 9c "lpe_target removed again" \
  "klp -o json patches"
echo 0 >/sys/kernel/livepatch/lpe_patch_late/enabled
wait_for '[ ! -d /sys/kernel/livepatch/lpe_patch_late ]' 60
rmmod lpe_patch_late || fail "rmmod lpe_patch_late"

# 10 A livepatch whose pre-patch callback fails (-ENODEV): its directory stands while the callback
# runs (held at a gate here), then vanishes with the module, which never loads. The callback runs
# under klp_mutex, and where the kernel has stack_order, reading that file waits for it: the CLI
# and a scrape started during the callback finish after it, on a patch that is going away.
insmod $modules/lpe_patch_fail.ko >/tmp/fail.out 2>&1 &
failing=$!
wait_for "on_stack $failing lpe_patch_fail_pre_patch" 30
cp=10a
emit "@@checkpoint 10a lpe_patch_fail's pre-patch callback running, CLI and scrape started"
STACK_ORDER=unread kernel_section kernel
run_cli 1 klp status &
status_cli=$!
during="$!"
run_cli 2 klp -o json patches &
during="$during $!"
(
  wget -q -O /tmp/during.prom "http://127.0.0.1:$GUEST_PORT/metrics"
  echo $? >/tmp/during.rc
) &
during="$during $!"
if [ -f /sys/kernel/livepatch/lpe_patch_fail/stack_order ]; then
  # klp status reads no stack_order; the klp of the JSON command and the exporter each wait in
  # stack_order_show().
  wait "$status_cli"
  wait_for '[ "$(grep -l stack_order_show /proc/[0-9]*/task/[0-9]*/stack 2>/dev/null | wc -l)" -ge 2 ]' 90
  note "10a: $(grep -l stack_order_show /proc/[0-9]*/task/[0-9]*/stack 2>/dev/null | wc -l) threads wait in stack_order_show"
else
  wait $during
fi
STACK_ORDER=unread kernel_section kernel-after
# busybox insmod tries finit_module, then init_module: the kernel sees the patch twice, and the
# callback of the second waits at a gate of its own. Each is released.
release_fail() {
  on_stack "$failing" lpe_patch_fail_pre_patch && echo 1 >/sys/module/lpe_patch_fail/parameters/release
  true
}
release_fail
# Whether any of the PIDs still runs (an exited child stays in /proc, a zombie, until waited for).
alive() {
  for p in "$@"; do
    [ -f "/proc/$p/stat" ] && [ "$(sed 's/.*) //' "/proc/$p/stat" | cut -d' ' -f1)" != Z ] && return 0
  done
  return 1
}
if ! wait_for "release_fail; ! alive $during $failing" 60; then
  for d in /proc/[0-9]*; do
    [ -n "$(cat "$d/cmdline" 2>/dev/null)" ] || continue
    note "10a: still running ${d#/proc/} $(cat "$d/comm") $(sed 's/.*) //' "$d/stat" | cut -d' ' -f1) $(tr '\0' ' ' <"$d/cmdline" | cut -c1-80) $(head -n 2 "$d/stack" | tr '\n' ' ')"
  done
  tail -n 20 /tmp/exporter.log | while read -r l; do note "10a: exporter: $l"; done
  for f in /tmp/cli.1.err /tmp/cli.2.err /tmp/cli.2.out; do note "10a: $f: $(head -c 600 $f)"; done
  fail "10a: the CLI, the scrape or insmod did not finish after the callback"
fi
wait $during
wait "$failing"
note "insmod lpe_patch_fail: exit $?: $(cat /tmp/fail.out)"
emit_cli 1 "klp status"
emit_cli 2 "klp -o json patches"
emit "@@metrics $(cat /tmp/during.rc)"
block /tmp/during.prom
emit "@@end"
wait_for '[ ! -d /sys/kernel/livepatch/lpe_patch_fail ] && [ ! -d /sys/module/lpe_patch_fail ]' 30
checkpoint 10b "lpe_patch_fail failed to enable" \
  "klp status" "klp -v patches"

# 11 A busy target module (the selftests' test_klp_callbacks_busy): its worker sleeps (D) in the
# function a livepatch replaces and stalls the patching transition; writing 0 to enabled reverses
# it, and a reader that runs the replacement meanwhile holds the unpatching transition open.
insmod $modules/lpe_busy.ko || fail "insmod lpe_busy"
wait_for '[ "$(cat /sys/module/lpe_busy/parameters/worker_pid)" != 0 ]' 30
worker=$(cat /sys/module/lpe_busy/parameters/worker_pid)
wait_for "on_stack $worker lpe_busy_wait" 30
insmod $modules/lpe_patch_busy.ko || fail "insmod lpe_patch_busy"
settle 1
checkpoint 11a "patching transition of lpe_patch_busy stalled by lpe_busy's worker" \
  "klp -v blocking" "klp -o json status"
# This shell switches to the patched state on its own; a reader it starts then runs the
# replacement, and sleeps there.
wait_for '[ "$(cat /proc/$$/patch_state)" = 1 ]' 30
cat /proc/lpe_busy >/tmp/busy.out 2>&1 &
busy_reader=$!
wait_for "on_stack $busy_reader lpe_patch_busy_wait" 30
echo 0 >/sys/kernel/livepatch/lpe_patch_busy/enabled
settle 1
checkpoint 11b "reversed: unpatching of lpe_patch_busy stalled by a reader in the replacement" \
  "klp -v blocking" "klp -o json status"
echo 1 >/sys/module/lpe_patch_busy/parameters/release
wait_for '! in_transition && [ ! -d /sys/kernel/livepatch/lpe_patch_busy ]' 60
wait "$busy_reader"
note "busy reader $busy_reader: $(cat /tmp/busy.out)"
echo 1 >/sys/module/lpe_busy/parameters/release
checkpoint 11c "unpatching of lpe_patch_busy complete" \
  "klp status"
rmmod lpe_patch_busy || fail "rmmod lpe_patch_busy"
rmmod lpe_busy || fail "rmmod lpe_busy"

# 12 Two livepatches that stack (no replace): the last loaded runs; where the kernel has
# stack_order they read 1 and 2, and the second reads 1 once the first is disabled and removed.
insmod $modules/lpe_patch_stack_a.ko || fail "insmod lpe_patch_stack_a"
wait_for '! in_transition' 60
insmod $modules/lpe_patch_stack_b.ko || fail "insmod lpe_patch_stack_b"
wait_for '! in_transition' 60
checkpoint 12a "lpe_patch_stack_b stacked on lpe_patch_stack_a" \
  "klp -o json patches"
echo 0 >/sys/kernel/livepatch/lpe_patch_stack_a/enabled
wait_for '! in_transition && [ ! -d /sys/kernel/livepatch/lpe_patch_stack_a ]' 60
rmmod lpe_patch_stack_a || fail "rmmod lpe_patch_stack_a"
checkpoint 12b "lpe_patch_stack_a disabled and removed" \
  "klp -o json patches"

emit "@@exporter"
block /tmp/exporter.log
emit "@@end"
emit "@@done"
poweroff -f
