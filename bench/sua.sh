#!/usr/bin/env bash
# SUA dashboard at scale (`make bench-sua`): BENCH_DOSSIERS (10,000) tender dossiers,
# 1,000 of them with 10 documents, one with 200, and a stock-Plone comparable, in a
# separate database under bench/sua-instance/ (delete it to start over); then the
# dossier page, @ocds, the SUA listing, @search, CSV and iCal are timed against
# stock Plone pages (bench/results/sua.md).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

BIN=.venv/bin
HOME_DIR="${BENCH_HOME:-bench/sua-instance}"
export BENCH_HOST=127.0.0.1
export BENCH_PORT="${BENCH_PORT:-8093}"
export PC_ADMIN_USER="${PC_ADMIN_USER:-admin}"
export PC_ADMIN_PASSWORD="${PC_ADMIN_PASSWORD:-admin}"

env -u PC_THREADS -u PC_DEBUG_MODE -u PC_STORAGE -u PC_ZODB_CACHE_SIZE \
    PC_INSTANCE_HOME="$HOME_DIR" PC_VAR_DIR="$HOME_DIR/var" \
    PC_HOST="$BENCH_HOST" PC_PORT="$BENCH_PORT" "$BIN/python" scripts/write_instance_config.py
mkdir -p "$HOME_DIR/var/log"

echo "== Dossiers and documents"
TIMINGS="$("$BIN/zconsole" run "$HOME_DIR/etc/zope.conf" bench/sua_populate.py \
    2>"$HOME_DIR/var/log/populate.log" | tee "$HOME_DIR/var/log/populate.out" | tail -1)"
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
for _ in $(seq 1 180); do
    curl -sf -o /dev/null "http://$BENCH_HOST:$BENCH_PORT/" && break
    sleep 1
done

echo "== Requests"
"$BIN/python" bench/sua_measure.py "$TIMINGS"
