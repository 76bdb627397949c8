#!/bin/bash
# deb after-remove of the cunzhan kiosk (template, see after-install.sh). Keeps /etc/cunzhan and
# /var/lib/cunzhan: the station's records and keys are never deleted by removing the program
# (the wipe tool does that on purpose).
set -e
if [ "$1" = upgrade ]; then exit 0; fi
if [ -d /run/systemd/system ]; then
  systemctl disable --now cunzhan-kiosk.service || true
fi
rm -f /etc/systemd/system/cunzhan-kiosk.service /etc/udev/rules.d/70-cunzhan.rules /usr/bin/cunzhan
if [ -d /run/systemd/system ]; then systemctl daemon-reload || true; fi
if command -v udevadm >/dev/null 2>&1; then udevadm control --reload-rules || true; fi
