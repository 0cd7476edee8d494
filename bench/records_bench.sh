#!/usr/bin/env bash
# Records archive benchmark (`make bench-records`): 1,000 registrations, the fixity
# check over 1 GB of blobs and a 1 GB deposit package, with their peak memory.
# Its own database in bench/instance-records/ (delete it to start from scratch);
# the report goes to bench/results/records-latest.md. Not part of `make test`.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
BIN=.venv/bin
HOME_DIR=bench/instance-records
env PC_INSTANCE_HOME="$HOME_DIR" PC_VAR_DIR="$HOME_DIR/var" PC_PORT="${BENCH_PORT:-8091}" \
    "$BIN/python" scripts/write_instance_config.py
mkdir -p bench/results
"$BIN/zconsole" run "$HOME_DIR/etc/zope.conf" bench/records_bench.py
