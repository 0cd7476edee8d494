#!/usr/bin/env bash
# The OCDS services of the tender dossiers (`make bench-ocds`): see bench/ocds.py.
# Its database lives in bench/instance-ocds/ (delete it to start from scratch).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
HOME_DIR=bench/instance-ocds
env -u PC_STORAGE -u PC_ZODB_CACHE_SIZE PC_INSTANCE_HOME="$HOME_DIR" \
    PC_VAR_DIR="$HOME_DIR/var" PC_PORT="${BENCH_PORT:-8091}" \
    .venv/bin/python scripts/write_instance_config.py
export PC_ADMIN_USER="${PC_ADMIN_USER:-admin}"
.venv/bin/zconsole run "$HOME_DIR/etc/zope.conf" bench/ocds.py
