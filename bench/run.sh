#!/usr/bin/env bash
# Benchmark stock Plone against Province & Comuni on this machine (`make bench`).
# See bench/README.md. Everything it stores is under bench/instance/ (delete it to
# start from scratch); the report goes to bench/results/latest.md.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

BIN=.venv/bin
BENCH_HOME="${BENCH_HOME:-bench/instance}"
BENCH_VAR="$BENCH_HOME/var"
export BENCH_HOST=127.0.0.1
export BENCH_PORT="${BENCH_PORT:-8089}"
export BENCH_DOCS="${BENCH_DOCS:-130}"
# Issue 3, the members' sites: Documents per private folder, members of one community.
export BENCH_MEMBER_DOCS="${BENCH_MEMBER_DOCS:-40}"
export BENCH_MEMBERS="${BENCH_MEMBERS:-300}"
export BENCH_USER_PASSWORD="${BENCH_USER_PASSWORD:-bench-password}"
# ZODB's own default: what stock Plone gets without a cache-size setting.
BENCH_STOCK_CACHE_SIZE="${BENCH_STOCK_CACHE_SIZE:-5000}"
export PC_ADMIN_USER="${PC_ADMIN_USER:-admin}"
export PC_ADMIN_PASSWORD="${PC_ADMIN_PASSWORD:-admin}"
DATA="$BENCH_HOME/results.json"

[[ -x "$BIN/runwsgi" ]] || { echo "No $BIN/runwsgi: run 'make install' first." >&2; exit 1; }

# $1: instance home, $2: cache size ("" = the project's default from the template).
write_config() {
    local -a env_args=(
        -u PC_THREADS -u PC_DEBUG_MODE -u PC_STORAGE -u PC_ZODB_CACHE_SIZE
        PC_INSTANCE_HOME="$1" PC_VAR_DIR="$BENCH_VAR" PC_HOST="$BENCH_HOST" PC_PORT="$BENCH_PORT"
    )
    if [[ -n "$2" ]]; then
        env_args+=(PC_ZODB_CACHE_SIZE="$2")
    fi
    env "${env_args[@]}" "$BIN/python" scripts/write_instance_config.py
}

cache_size_of() {
    awk '$1 == "cache-size" { print $2 }' "$1/etc/zope.conf"
}

SERVER_PID=""
stop_server() {
    if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill "$SERVER_PID"
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    SERVER_PID=""
}
trap stop_server EXIT
trap 'exit 130' INT TERM

# $1: instance home, $2: log name
start_server() {
    "$BIN/python" bench/measure.py port-free
    "$BIN/runwsgi" "$1/etc/zope.ini" >"$BENCH_VAR/log/$2.log" 2>&1 &
    SERVER_PID=$!
    "$BIN/python" bench/measure.py wait || { tail -20 "$BENCH_VAR/log/$2.log" >&2; exit 1; }
}

echo "== 1. Configuration: $BENCH_HOME (port $BENCH_PORT)"
write_config "$BENCH_HOME" ""
write_config "$BENCH_HOME/stock-cache" "$BENCH_STOCK_CACHE_SIZE"
SAME_CACHE="$(cache_size_of "$BENCH_HOME")"
STOCK_CACHE="$(cache_size_of "$BENCH_HOME/stock-cache")"

echo "== 2. Population: sites 'stock' and 'pc', $BENCH_DOCS Documents per folder;"
echo "   'stock-members' and 'pc-members', $BENCH_MEMBER_DOCS, $BENCH_MEMBERS members"
"$BIN/python" bench/measure.py port-free  # the database must not be in use
started=$SECONDS
if ! "$BIN/zconsole" run "$BENCH_HOME/etc/zope.conf" bench/populate.py \
    2>"$BENCH_VAR/log/populate.log"; then
    tail -30 "$BENCH_VAR/log/populate.log" >&2
    exit 1
fi
echo "   population step: $((SECONDS - started)) s"

rm -f "$DATA"
echo "== 3a. Both sites on one server, cache-size $SAME_CACHE"
start_server "$BENCH_HOME" runwsgi-same-cache
"$BIN/python" bench/measure.py measure --label same-cache --cache-size "$SAME_CACHE" \
    --site stock --site pc --out "$DATA"
stop_server

echo "== 3b. Stock Plone with its own cache-size $STOCK_CACHE"
start_server "$BENCH_HOME/stock-cache" runwsgi-stock-cache
"$BIN/python" bench/measure.py measure --label stock-cache --cache-size "$STOCK_CACHE" \
    --site stock --out "$DATA"
stop_server

echo "== 4. Report"
"$BIN/python" bench/measure.py report --data "$DATA"
