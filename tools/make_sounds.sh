#!/usr/bin/env bash
# Writes the bundled scenario's sounds with sox (Debian: sox libsox-fmt-all): a radio click
# and hiss under the alert, and a soft camera shutter. Synthesised, so CC0 and ours.
set -euo pipefail
out="$(dirname "$0")/../assets/audio"
mkdir -p "$out"
sox -n -r 44100 -c 1 "$out/radio_call.ogg" synth 0.08 square 1200 vol 0.3 : synth 1.6 pinknoise vol 0.06 fade 0.05 1.6 0.4
sox -n -r 44100 -c 1 "$out/shutter.ogg" synth 0.03 whitenoise vol 0.4 : synth 0.05 whitenoise vol 0.15 fade 0 0.05 0.04
sox -n -r 44100 -c 1 "$out/page_turn.ogg" synth 0.35 brownnoise vol 0.2 fade 0.05 0.35 0.2
ls -l "$out"
