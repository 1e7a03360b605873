#!/usr/bin/env bash
# Render the debrief and the class report of demo class sessions to PNG in headless Chromium,
# to look at them as a facilitator would before projecting them.
#
#   scripts/render_reports.sh [OUT_DIR]        (default results/report_shots)
#
# Environment: SCENARIO (default scenarios/tutorial.yaml), PYTHON (default python3),
# CHROMIUM (default chromium: Debian's package, `apt-get install -y chromium`),
# HEIGHT (window height in pixels, default 2400; use e.g. 14000 to capture a whole report).
# Writes OUT_DIR/group*.jsonl, debrief.html, class.html, debrief.png, class.png.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-results/report_shots}
SCENARIO=${SCENARIO:-scenarios/tutorial.yaml}
PY=${PYTHON:-python3}
CHROMIUM=${CHROMIUM:-chromium}
HEIGHT=${HEIGHT:-2400}
mkdir -p "$OUT"
rm -f "$OUT"/group*.jsonl
"$PY" scripts/make_demo_logs.py --scenario "$SCENARIO" --out "$OUT" --groups 4
"$PY" main.py debrief "$OUT/group1.jsonl" --out "$OUT/debrief.html" --runs "${RUNS:-200}"
"$PY" main.py class-report "$OUT"/group*.jsonl --out "$OUT/class.html" --runs "${RUNS:-200}"
for name in debrief class; do
  profile=$(mktemp -d)
  "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$profile" --hide-scrollbars --screenshot="$OUT/$name.png" \
    --window-size=1280,"$HEIGHT" "file://$(realpath "$OUT/$name.html")" >/dev/null 2>&1
  rm -rf "$profile"
  echo "$OUT/$name.png"
done
