#!/usr/bin/env bash
# Time from `npm start` to the first 200 of /health/ready, with a cold (empty) and a warm DATA_DIR.
# Usage: scripts/bench/startup.sh   (prints a markdown table)
set -euo pipefail
cd "$(dirname "$0")/../.."
port=${PORT:-3999}
data_dir=$(mktemp -d /tmp/rehabreg-startup-XXXX)
chmod 755 "$data_dir"

time_to_ready() {
  local start end pid
  start=$(date +%s.%N)
  DATA_DIR="$data_dir/data" PORT=$port LOG_LEVEL=warn npm start >/tmp/rehabreg-startup.log 2>&1 &
  pid=$!
  until curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null; do
    sleep 0.1
    kill -0 $pid 2>/dev/null || { cat /tmp/rehabreg-startup.log; exit 1; }
  done
  end=$(date +%s.%N)
  pkill -INT -f "dist/src/main.js" || true   # npm start runs node with flags before the script
  wait $pid 2>/dev/null || true
  echo "$end - $start" | bc
}

rm -rf dist                                  # 1: as after a fresh clone: build, then an empty DATA_DIR
fresh=$(time_to_ready)
rm -rf "$data_dir/data"                      # 2: built, empty DATA_DIR (initdb, roles, migrations, demo data)
cold=$(time_to_ready)
warm=$(time_to_ready)                        # 3: built, existing DATA_DIR
rm -rf "$data_dir"
printf '| start | seconds from `npm start` to first 200 of /health/ready |\n|---|---|\n'
printf '| fresh clone (build + empty DATA_DIR) | %.1f |\n' "$fresh"
printf '| cold DATA_DIR (built; initdb, roles, migrations, demo data) | %.1f |\n' "$cold"
printf '| warm DATA_DIR (built; existing cluster, nothing to do) | %.1f |\n' "$warm"
