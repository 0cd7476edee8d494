#!/usr/bin/env bash
# SUA generated documents and publication package benchmark (`make bench-documents`).
# Its own database in bench/instance-documents/ (delete it to start from scratch);
# the report goes to bench/results/documents-latest.md. Not part of `make test`.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
BIN=.venv/bin
HOME_DIR=bench/instance-documents
env PC_INSTANCE_HOME="$HOME_DIR" PC_VAR_DIR="$HOME_DIR/var" PC_PORT="${BENCH_PORT:-8093}" \
    "$BIN/python" scripts/write_instance_config.py
mkdir -p bench/results
"$BIN/zconsole" run "$HOME_DIR/etc/zope.conf" bench/documents_bench.py
