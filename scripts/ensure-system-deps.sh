#!/usr/bin/env bash
# Installs the Debian packages the tests need when running as root with apt; otherwise names them.
set -euo pipefail
# command-or-file → Debian package
declare -A need=(
  [chromium]=chromium
  [socat]=socat
  [zbarimg]=zbar-tools
  [ip]=iproute2
  [iptables]=iptables
  [openssl]=openssl
  [cc]=gcc
  [/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc]=fonts-wqy-zenhei
  # node-hid links libusb (both its hidraw and libusb builds); scripts/check-native-addons.ts proves the rest.
  [/usr/lib/$(uname -m)-linux-gnu/libusb-1.0.so.0]=libusb-1.0-0
  # The host speaks every prompt with espeak-ng's Mandarin voice (docs/ui.md, voice).
  [espeak-ng]=espeak-ng
)
missing=()
for what in "${!need[@]}"; do
  if [[ "$what" == /* ]]; then [[ -e "$what" ]] || missing+=("${need[$what]}")
  else command -v "$what" >/dev/null 2>&1 || missing+=("${need[$what]}"); fi
done
[[ ${#missing[@]} -eq 0 ]] && exit 0
if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing system packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "Missing system packages: ${missing[*]}" >&2
  echo "Install them with: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
