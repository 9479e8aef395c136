#!/bin/sh
# /init of the systemd host's initramfs (run.sh packs it with busybox and the drivers): loads the
# drivers of the disk, the network and 9p, mounts the root file system and hands over to systemd.
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
for m in $(cat /modules/order); do
  insmod "/modules/$m" || echo "initramfs: insmod $m failed"
done
mkdir -p /newroot
i=0
until mount -t ext4 -o rw /dev/vda /newroot 2>/dev/null; do
  i=$((i + 1))
  if [ $i -gt 100 ]; then
    echo "initramfs: cannot mount /dev/vda"
    poweroff -f
  fi
  sleep 0.1
done
umount /proc /sys /dev
exec switch_root /newroot /sbin/init
