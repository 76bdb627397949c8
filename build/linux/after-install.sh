#!/bin/bash
# deb after-install of the cunzhan kiosk. A template: electron-builder fills ${executable} and
# ${sanitizedProductName}; plain shell variables are written $NAME, without braces, for that reason.
set -e
APP='/opt/${sanitizedProductName}'
RES="$APP/resources/linux"

# The service user the kiosk and the `cunzhan` tools run as; device groups from 70-cunzhan.rules.
if ! getent passwd cunzhan >/dev/null; then
  useradd --system --user-group --home-dir /var/lib/cunzhan --no-create-home --shell /usr/sbin/nologin cunzhan
fi
for group in dialout plugdev lp input video audio render; do
  if getent group "$group" >/dev/null; then usermod -a -G "$group" cunzhan; fi
done

# Fixed paths of a packaged terminal (main/host/packaged-paths.ts). The first-run wizard and
# `cunzhan set-pin` (both running as the service user) write the config atomically: a temp file
# beside it, then rename, so the folder is group-writable for cunzhan; no one else may read it.
install -d -m 0770 -o root -g cunzhan /etc/cunzhan
install -d -m 0700 -o cunzhan -g cunzhan /var/lib/cunzhan

# Devices, the boot service and the field command.
install -m 0644 "$RES/70-cunzhan.rules" /etc/udev/rules.d/70-cunzhan.rules
install -m 0644 "$RES/cunzhan-kiosk.service" /etc/systemd/system/cunzhan-kiosk.service
install -m 0755 "$RES/cunzhan" /usr/bin/cunzhan

# Chromium's sandbox needs the SUID helper only where user namespaces do not work.
if ! { [[ -L /proc/self/ns/user ]] && unshare --user true; }; then
  chmod 4755 "$APP/chrome-sandbox" || true
else
  chmod 0755 "$APP/chrome-sandbox" || true
fi

if command -v udevadm >/dev/null 2>&1; then
  udevadm control --reload-rules || true
  udevadm trigger --subsystem-match=tty --subsystem-match=hidraw --subsystem-match=usbmisc --subsystem-match=input --subsystem-match=usb || true
fi
if [ -d /run/systemd/system ]; then
  systemctl daemon-reload
  systemctl enable cunzhan-kiosk.service
  # An upgrade restarts the kiosk on the new version; a first install starts it at next boot,
  # after the technician has written /etc/cunzhan/config.json.
  systemctl try-restart cunzhan-kiosk.service || true
fi
