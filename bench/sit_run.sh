#!/usr/bin/env bash
# The digital agenda at scale (`make bench-sit`): load 2.8 million synthetic values
# into a separate benchmark database, then time @benchmark and @measurements.
# Everything it stores is under bench/sit-instance/ (delete it to start again);
# the report goes to bench/results/sit-latest.md. Not part of `make test`.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

BIN=.venv/bin
HOME_DIR=bench/sit-instance
export BENCH_HOST=127.0.0.1
export BENCH_SIT_PORT="${BENCH_SIT_PORT:-8091}"
export PC_ADMIN_USER="${PC_ADMIN_USER:-admin}"
export PC_ADMIN_PASSWORD="${PC_ADMIN_PASSWORD:-admin}"

[[ -x "$BIN/runwsgi" ]] || { echo "No $BIN/runwsgi: run 'make install' first." >&2; exit 1; }

env -u PC_THREADS -u PC_DEBUG_MODE -u PC_STORAGE -u PC_ZODB_CACHE_SIZE \
    PC_INSTANCE_HOME="$HOME_DIR" PC_HOST="$BENCH_HOST" PC_PORT="$BENCH_SIT_PORT" \
    "$BIN/python" scripts/write_instance_config.py
mkdir -p "$HOME_DIR/var/log"

echo "== 1. Load (resumes if interrupted)"
started=$SECONDS
"$BIN/zconsole" run "$HOME_DIR/etc/zope.conf" bench/sit_load.py 2>"$HOME_DIR/var/log/load.log" \
    || { tail -30 "$HOME_DIR/var/log/load.log" >&2; exit 1; }
echo "   load step: $((SECONDS - started)) s"

SERVER_PID=""
stop_server() {
    if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill "$SERVER_PID"
        wait "$SERVER_PID" 2>/dev/null || true
    fi
}
trap stop_server EXIT

echo "== 2. Serve and time"
"$BIN/runwsgi" "$HOME_DIR/etc/zope.ini" >"$HOME_DIR/var/log/runwsgi.log" 2>&1 &
SERVER_PID=$!
"$BIN/python" bench/sit_measure.py wait || { tail -20 "$HOME_DIR/var/log/runwsgi.log" >&2; exit 1; }
"$BIN/python" bench/sit_measure.py measure
