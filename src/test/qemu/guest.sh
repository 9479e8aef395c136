# Sourced by the guests' test scripts (init.sh of RealKernelIT, systemd/test.sh of
# SystemdHostIT): the framed captures on the second serial port (format at the top of init.sh),
# the kernel's own view of a phase, and the sleepers that hold a transition open. The caller opens
# file descriptor 3 on the capture port and mounts the host's acknowledgements at /ctl.
emit() { printf '%s\n' "$*" >&3; }
block() { awk '{ print "|" $0 }' "$@" >&3; }
fail() {
  emit "@@fail $*"
  echo "init: $*" >&2
  poweroff -f
}
# The files of a sysfs directory with their modes, "name:mode" in name order: what the kernel
# version offers (replace since 6.11, stack_order since 6.13 or 6.14). Never read: force is
# write-only.
attributes() { # DIR
  for f in "$1"/*; do
    [ -f "$f" ] && printf '%s:%s ' "${f##*/}" "$(stat -c %a "$f")"
  done | sed 's/ $//'
}

# The kernel's view, as lines "key value...". The target of a transition is the "enabled" of
# the first patch (in name order) whose "transition" reads 1; a thread blocks when its
# patch_state is 0 or 1 and not the target (kernel/livepatch/transition.c).
kernel_view() {
  echo "release $(cat /proc/sys/kernel/osrelease)"
  echo "tainted $(cat /proc/sys/kernel/tainted)"
  echo "interface livepatch=$([ -d /sys/kernel/livepatch ] && echo 1 || echo 0)"
  echo "proc_cmdline $(cat /proc/cmdline)"
  tpatch=-
  target=-1
  for p in /sys/kernel/livepatch/*/; do
    [ -d "$p" ] || continue
    p=${p%/}
    n=${p##*/}
    read -r e <"$p/enabled"
    read -r t <"$p/transition"
    r=$(cat "$p/replace" 2>/dev/null || echo -)
    # Reading stack_order waits for klp_mutex: while a caller holds it (a pre-patch callback),
    # STACK_ORDER=unread leaves the file alone.
    if [ -f "$p/stack_order" ] && [ "${STACK_ORDER:-}" = unread ]; then
      so=unread
    else
      so=$(cat "$p/stack_order" 2>/dev/null || echo -)
    fi
    echo "patch $n enabled=$e transition=$t replace=$r stack_order=$so"
    echo "attributes $n $(attributes "$p")"
    if [ "$t" = 1 ] && [ "$tpatch" = - ]; then
      tpatch=$n
      target=$e
    fi
    for o in "$p"/*/; do
      o=${o%/}
      [ -f "$o/patched" ] || continue
      echo "object $n ${o##*/} patched=$(cat "$o/patched")"
      echo "attributes $n/${o##*/} $(attributes "$o")"
      for f in "$o"/*/; do
        [ -d "$f" ] && f=${f%/} && echo "function $n ${o##*/} ${f##*/}"
      done
    done
  done
  echo "transition $tpatch target=$target"
  for m in /sys/module/*/; do
    m=${m%/}
    tn=$(cat "$m/taint" 2>/dev/null)
    case "$tn" in *K*) echo "module ${m##*/} refcnt=$(cat "$m/refcnt") taint=$tn" ;; esac
  done
  minus=0 zero=0 one=0 unreadable=0
  blockers=
  for d in /proc/[0-9]*/task/[0-9]*; do
    if ! read -r s <"$d/patch_state" 2>/dev/null; then
      [ -d "$d" ] && unreadable=$((unreadable + 1))
      continue
    fi
    case "$s" in -1) minus=$((minus + 1)) ;; 0) zero=$((zero + 1)) ;; 1) one=$((one + 1)) ;; esac
    if [ "$target" != -1 ] && [ "$s" != -1 ] && [ "$s" != "$target" ]; then
      blockers="$blockers $d:$s"
    fi
  done
  echo "patch_state -1=$minus 0=$zero 1=$one unreadable=$unreadable"
  for b in $blockers; do
    d=${b%:*}
    pid=${d#/proc/}
    pid=${pid%%/*}
    tid=${d##*/}
    # stat: "tid (comm) state ppid pgrp session tty tpgid flags ..."; comm may hold spaces.
    set -- $(sed 's/.*) //' "$d/stat")
    kt=$(awk -v f="$7" 'BEGIN { print (and(f, 2097152) ? 1 : 0) }') # PF_KTHREAD
    echo "blocking $pid $tid $1 ${b##*:} $kt"
    echo "comm $tid $(cat "$d/comm")"
    echo "cmdline $tid $(tr '\0' ' ' <"$d/cmdline" | sed 's/ $//')"
    sed "s/^/stack $tid /" "$d/stack"
  done
  # The sleepers this script started, blocking or not: "watch PID STATE PATCH_STATE TOP-FRAME".
  for w in ${kthread:-} ${reader:-}; do
    [ "$w" != - ] && [ -d "/proc/$w" ] || continue
    set -- $(sed 's/.*) //' "/proc/$w/stat")
    echo "watch $w $1 $(cat "/proc/$w/patch_state") $(head -n 1 "/proc/$w/stack" | sed 's/^\[<0>\] //')"
  done
  [ -f /sys/module/lpe_sleeper/parameters/kthread_pid ] &&
    echo "sleeper kthread=$(cat /sys/module/lpe_sleeper/parameters/kthread_pid) reader=${reader:--}"
  dmesg | grep -e 'livepatch' -e 'lpe_' | sed 's/^/dmesg /'
}

kernel_section() { # NAME
  kernel_view >/tmp/kernel 2>&1
  emit "@@$1"
  block /tmp/kernel
  emit "@@end"
}

now() { cut -d' ' -f1 /proc/uptime; }

# run_timed N COMMAND...: COMMAND's output into /tmp/cli.N.out and .err, its exit status and
# seconds into /tmp/cli.N.rc, for emit_cli.
run_timed() {
  local id=$1 start rc
  shift
  start=$(now)
  "$@" </dev/null >"/tmp/cli.$id.out" 2>"/tmp/cli.$id.err"
  rc=$?
  echo "$rc $(echo "$(now) $start" | awk '{ printf "%.1f", $1 - $2 }')" >"/tmp/cli.$id.rc"
}
emit_cli() { # N COMMAND
  read -r rc secs <"/tmp/cli.$1.rc"
  emit "@@cmd $cp $rc $secs $2"
  block "/tmp/cli.$1.out"
  emit "@@stderr"
  block "/tmp/cli.$1.err"
  emit "@@end"
}

# ID: the host scrapes /metrics while the phase holds, then acknowledges. Without an answer
# the host is gone (the test was stopped): power off rather than run on alone.
ack() {
  emit "@@ready $1"
  [ "$ACK" = wait ] || return 0
  i=0
  while [ ! -e "/ctl/ack.$1" ]; do
    i=$((i + 1))
    [ $i -gt 1200 ] && fail "no acknowledgement of checkpoint $1 from the host within 120 s"
    sleep 0.1
  done
}
note() { emit "@@note $*"; }

# Waits (up to $2 s) until the command $1 succeeds.
wait_for() {
  i=0
  until eval "$1"; do
    i=$((i + 1))
    [ $i -gt $(($2 * 5)) ] && note "timed out after $2 s: $1" && return 1
    sleep 0.2
  done
}

in_transition() { cat /sys/kernel/livepatch/*/transition 2>/dev/null | grep -q 1; }
on_stack() { grep -q "$2" "/proc/$1/stack" 2>/dev/null; } # PID FUNCTION

# Counts the threads blocking the transition, as kernel_view does.
blocker_count() {
  target=-1
  for p in /sys/kernel/livepatch/*; do
    [ "$(cat "$p/transition" 2>/dev/null)" = 1 ] && target=$(cat "$p/enabled") && break
  done
  n=0
  for d in /proc/[0-9]*/task/[0-9]*; do
    read -r s <"$d/patch_state" 2>/dev/null || continue
    [ "$target" != -1 ] && [ "$s" != -1 ] && [ "$s" != "$target" ] && n=$((n + 1))
  done
  echo $n
}

# Right after a transition starts, most tasks are off target for about a second: wait until
# only the expected sleepers are left.
settle() { wait_for '[ "$(blocker_count)" -le '"$1"' ]' 30; }

# Sends the kernel thread and a reader of /proc/lpe_sleeper into lpe_sleeper_wait() (or its
# current replacement, FUNCTION) and waits until both sleep there.
sleepers() { # FUNCTION
  echo 1 >/sys/module/lpe_sleeper/parameters/arm
  cat /proc/lpe_sleeper >/tmp/reader.out 2>&1 &
  reader=$!
  kthread=$(cat /sys/module/lpe_sleeper/parameters/kthread_pid)
  wait_for "on_stack $kthread $1 && on_stack $reader $1" 30
}

# Waits for the reader to leave and notes which implementation released it.
reader_done() {
  wait "$reader"
  note "reader $reader: $(cat /tmp/reader.out)"
  reader=-
}
