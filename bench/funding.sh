#!/usr/bin/env bash
# Funding calls at scale (`make bench-funding`): import BENCH_CALLS (5,000) calls into
# a separate bench database, then time the catalogue page, @search and the iCal feed.
# Everything it stores is under bench/funding-instance/ (delete it to start over).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

BIN=.venv/bin
HOME_DIR=bench/funding-instance
export BENCH_HOST=127.0.0.1
export BENCH_PORT="${BENCH_PORT:-8091}"
export BENCH_CALLS="${BENCH_CALLS:-5000}"
export PC_ADMIN_USER="${PC_ADMIN_USER:-admin}"
export PC_ADMIN_PASSWORD="${PC_ADMIN_PASSWORD:-admin}"

env -u PC_THREADS -u PC_DEBUG_MODE -u PC_STORAGE -u PC_ZODB_CACHE_SIZE \
    PC_INSTANCE_HOME="$HOME_DIR" PC_VAR_DIR="$HOME_DIR/var" \
    PC_HOST="$BENCH_HOST" PC_PORT="$BENCH_PORT" "$BIN/python" scripts/write_instance_config.py
mkdir -p "$HOME_DIR/var/log"

echo "== Import of $BENCH_CALLS calls"
TIMINGS="$("$BIN/zconsole" run "$HOME_DIR/etc/zope.conf" bench/funding_populate.py \
    2>"$HOME_DIR/var/log/populate.log" | tail -1)"
echo "   $TIMINGS"

SERVER_PID=""
stop_server() {
    if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill "$SERVER_PID"
        wait "$SERVER_PID" 2>/dev/null || true
    fi
}
trap stop_server EXIT
"$BIN/runwsgi" "$HOME_DIR/etc/zope.ini" >"$HOME_DIR/var/log/runwsgi.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 120); do
    curl -sf -o /dev/null "http://$BENCH_HOST:$BENCH_PORT/" && break
    sleep 1
done

echo "== Requests"
"$BIN/python" bench/funding_measure.py "$TIMINGS"
