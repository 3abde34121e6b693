#!/usr/bin/env bash
# Regenerates every modelled set of the bundled story and the standalone tileable textures:
#   assets/models/{street_set,van,office_set,home_set,gallery_set}.glb
#   assets/textures/{plaster,concrete,ground,wood,fabric}_{albedo,normal,rough}.png
# with Blender 3.4 headless (Debian: blender, python3-numpy); deterministic, nothing fetched.
# Run from anywhere:  tools/make_models.sh            (models and textures)
#                     tools/make_models.sh --preview  (also renders views into /tmp/previews,
#                                                      or $TEMOIN_PREVIEWS; slow)
# Each script re-imports its .glb and prints a VERIFY line (draw calls, triangles, textures,
# bounding box in app coordinates). Single scripts: blender -b --factory-startup
#   --python-exit-code 1 -P tools/blender/<street|van|office|home|gallery>.py [-- --preview]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
blender_run() {
    local out
    if ! out="$(blender -b --factory-startup --python-exit-code 1 -P "$here/blender/$1" -- "${@:2}" 2>&1)"; then
        printf '%s\n' "$out" | tail -n 40
        echo "make_models: $1 failed" >&2
        exit 1
    fi
    printf '%s\n' "$out" | grep -E '^\[temoin\]|^VERIFY|^CHECK' || true
}
start=$(date +%s)
blender_run textures.py
for set in street van office home gallery; do
    blender_run "$set.py" "$@"
done
echo "make_models: done in $(( $(date +%s) - start )) s"
