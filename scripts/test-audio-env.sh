#!/usr/bin/env bash
# Runs a command against a private PulseAudio with a virtual speaker and microphone, so the app, the CLI
# or the audio benchmarks can be tried on a machine without a sound card (CI, containers):
#
#   scripts/test-audio-env.sh npm run cli -- devices
#   scripts/test-audio-env.sh --check          # only verify the prerequisites
#
# The server has a null sink `spk` (the default output; record it with
#   parec -d spk.monitor --format=s16le --rate=24000 --channels=1 --raw)
# and a virtual source `mic` (the default input) fed by whatever is played into the sink `micfeed`
#   (paplay --device=micfeed speech.wav).
# The Vitest audio tests start their own server (tests/support/pulse.ts) and need no wrapper; this script
# also runs as their prerequisite check. It stops only the server and readers it started, by pid.
set -euo pipefail

missing=()
for tool in pulseaudio pactl parec pacat paplay espeak-ng sox; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if [ -z "$(find /usr/lib /usr/lib64 -path '*alsa-lib*' -name 'libasound_module_pcm_pulse.so' 2>/dev/null | head -n1)" ]; then
  missing+=("ALSA pulse plugin (libasound2-plugins)")
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "Missing for the audio tests: ${missing[*]}" >&2
  echo "On Debian/Ubuntu: apt-get install pulseaudio pulseaudio-utils libasound2-plugins espeak-ng sox" >&2
  exit 2
fi
if ! node -e "require(require('path').join(require('path').dirname(require.resolve('naudiodon2/package.json')), 'build/Release/naudiodon.node'))" 2>/dev/null; then
  echo "The naudiodon2 native addon is not built: run npm ci (or npm rebuild naudiodon2)." >&2
  exit 2
fi
if [ "${1:-}" = "--check" ]; then
  echo "audio test prerequisites: ok"
  exit 0
fi

root=$(mktemp -d "${TMPDIR:-/tmp}/va-audio-env.XXXXXX")
export XDG_RUNTIME_DIR="$root/run"
export XDG_CONFIG_HOME="$root/config"
mkdir -p "$XDG_RUNTIME_DIR" "$XDG_CONFIG_HOME/alsa"
chmod 700 "$XDG_RUNTIME_DIR"
: > "$XDG_CONFIG_HOME/alsa/asoundrc"
cat > "$XDG_RUNTIME_DIR/va.pa" <<'PA'
load-module module-native-protocol-unix
load-module module-null-sink sink_name=spk sink_properties=device.description=VirtualSpeaker
load-module module-null-sink sink_name=micfeed sink_properties=device.description=MicFeed
load-module module-virtual-source source_name=mic master=micfeed.monitor
set-default-sink spk
set-default-source mic
PA

readers=()
cleanup() {
  for pid in "${readers[@]}"; do kill "$pid" 2>/dev/null || true; done
  if [ -f "$XDG_RUNTIME_DIR/pulse/pid" ]; then
    kill "$(cat "$XDG_RUNTIME_DIR/pulse/pid")" 2>/dev/null || true
  fi
  rm -rf "$root"
}
trap cleanup EXIT

pulseaudio -D --exit-idle-time=-1 --disallow-exit -n --log-level=error -F "$XDG_RUNTIME_DIR/va.pa"
export PULSE_SERVER="unix:$XDG_RUNTIME_DIR/pulse/native"
for _ in $(seq 100); do pactl info >/dev/null 2>&1 && break; sleep 0.05; done
pactl info >/dev/null

# An idle null sink renders in 2 s blocks; a low-latency reader on each monitor keeps it running like a
# sound card (see tests/support/pulse.ts).
for sink in spk micfeed; do
  parec --device="$sink.monitor" --latency-msec=20 --format=s16le --rate=24000 --channels=1 --raw >/dev/null 2>&1 &
  readers+=("$!")
done

if [ $# -eq 0 ]; then
  echo "Private PulseAudio running; env for it:"
  echo "  XDG_RUNTIME_DIR=$XDG_RUNTIME_DIR XDG_CONFIG_HOME=$XDG_CONFIG_HOME PULSE_SERVER=$PULSE_SERVER"
  echo "Give a command to run inside it, e.g. scripts/test-audio-env.sh npm run cli -- devices"
  exit 0
fi
"$@"
