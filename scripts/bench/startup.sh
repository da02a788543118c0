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
  pkill -INT -f "node dist/src/main.js" || true
  wait $pid 2>/dev/null || true
  echo "$end - $start" | bc
}

npx nest build >/dev/null   # so both runs pay the same (incremental, up-to-date) build
cold=$(time_to_ready)
warm=$(time_to_ready)
rm -rf "$data_dir"
echo "| DATA_DIR | seconds from \`npm start\` to first 200 of /health/ready |"
echo "|---|---|"
echo "| cold (empty: initdb, roles, migrations, demo data) | $cold |"
echo "| warm (existing cluster, nothing to migrate) | $warm |"
