#!/usr/bin/env bash
# Frame time of the desktop preview with the modelled places against the same story drawn as a
# diagram (the flat boxes of commit 88e6514), in one run of one build, as a ratio.
#   tools/frame_ratio.sh [TEMOIN_BINARY]     (needs a display: run under Xvfb on a server)
# Each side captures the same four beats (one per place) with --frame-stats, which logs the
# mean frame time every 5 s; the script averages those lines.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-target/release/temoin}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/flat"
git show 88e6514:scenes/first_visit/scenario.ron > "$work/flat/scenario.ron"
beats=briefing,street_arrival,testimony_welcome,moment_report
measure() {
    "$bin" preview --desktop --frame-stats --window 1280x720 --capture "$beats" \
        --capture-dir "$work/shots-$1" "${@:2}" 2>&1 |
        grep -o 'frame_time[^(]*(avg [0-9.]*ms)' | grep -o 'avg [0-9.]*' | awk '{s+=$2; n++} END {if (n) printf "%.1f", s/n; else print "nan"}'
}
flat=$(measure flat --scenario "$work/flat")
modelled=$(measure modelled)
echo "desktop preview, mean frame time: diagram ${flat} ms, modelled ${modelled} ms, ratio $(awk -v a="$modelled" -v b="$flat" 'BEGIN {printf "%.2f", a/b}')×"
