#!/usr/bin/env bash
# One-time setup on Debian/Ubuntu: system packages (when root), npm dependencies, build.
# Safe to run again; it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

# Runtime: PortAudio is bundled by naudiodon2, but it talks to ALSA, which talks to PulseAudio.
# Tests also need a private PulseAudio, speech synthesis, Chromium, a virtual X display and xdotool.
APT_PACKAGES=(pulseaudio pulseaudio-utils libasound2-plugins espeak-ng sox chromium xvfb xauth xdotool openssl)

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "setup: installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "setup: these Debian packages are missing: ${missing[*]}" >&2
    echo "setup: install them with: sudo apt-get install ${missing[*]}" >&2
    exit 1
  fi
fi

# Electron's binary and Playwright's browsers are downloads this build never needs: the tests run the
# core in Node and the renderer in Debian's Chromium. Users installing the app get Electron from the package.
export ELECTRON_SKIP_BINARY_DOWNLOAD=1 PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
npm run build
