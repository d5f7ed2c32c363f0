#!/usr/bin/env bash
# The Debian packages the test suite needs beyond Python: xvfb (+ xauth) and the xcb libraries
# Qt's xcb platform plugin links, for the client's playback under a real X server; libpulse0
# for QtMultimedia; nginx-light and openssl for the deployment tests (Nginx with TLS in front of
# gunicorn), openssh-server and iproute2 for the node behind an SSH tunnel in its own network
# namespace, systemd for `systemd-analyze verify` of the units in deploy/systemd,
# poppler-utils (pdftoppm, pdftotext, pdffonts) to read back the storyboard PDF, melt (the
# MLT engine behind Kdenlive and Shotcut) to render the exported Kdenlive project. Installed
# when missing and we are root with apt-get; otherwise it says what
# to install and fails, so no test skips silently.
set -euo pipefail
PACKAGES=(xvfb xauth libpulse0 libxcb-icccm4 libxcb-keysyms1 libxcb-cursor0 libxkbcommon-x11-0
  nginx-light openssl openssh-server openssh-client iproute2 systemd poppler-utils melt)
missing=()
for package in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "installing Debian packages the tests need: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "the tests need these Debian packages: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
