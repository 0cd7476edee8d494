"""Time the digital agenda's REST services over HTTP (``bash bench/sit_run.sh``).

``wait``: wait for the server; ``measure``: time @benchmark and @measurements and
write ``bench/results/sit-latest.md`` with the load figures of ``bench/sit_load.py``.
"""

from datetime import datetime
from datetime import UTC
from pathlib import Path

import json
import os
import platform
import requests
import statistics
import sys
import time


ROOT = Path(__file__).resolve().parent.parent
HOST = os.environ.get("BENCH_HOST", "127.0.0.1")
PORT = os.environ.get("BENCH_SIT_PORT", "8091")
SITE = os.environ.get("BENCH_SIT_SITE", "sit")
BASE = f"http://{HOST}:{PORT}/{SITE}"
AUTH = (os.environ.get("PC_ADMIN_USER", "admin"), os.environ.get("PC_ADMIN_PASSWORD", "admin"))
JSON = {"Accept": "application/json"}
REPEATS = int(os.environ.get("BENCH_REQUESTS", "30"))
LOAD = ROOT / "bench" / "sit-instance" / "load.json"
REPORT = ROOT / "bench" / "results" / "sit-latest.md"
TARGET_MS = 200


def wait():
    for _ in range(240):
        try:
            requests.get(f"http://{HOST}:{PORT}/", timeout=30)
            return 0
        except requests.RequestException:
            time.sleep(0.5)
    return 1


def timed(session, path, params):
    started = time.perf_counter()
    response = session.get(BASE + path, params=params, headers=JSON, timeout=120)
    elapsed = (time.perf_counter() - started) * 1000
    response.raise_for_status()
    return elapsed, response


def measure():
    load = json.loads(LOAD.read_text())
    session = requests.Session()
    session.auth = AUTH
    indicator = "APP_IO_SERVICES"
    cases = [
        ("@benchmark, one Province (Cuneo, 50 indicators)", "/@benchmark", {"territory": "004"}),
        ("@benchmark, one Comune (Cuneo)", "/@benchmark", {"territory": "004078"}),
        (
            "@measurements JSON, one indicator x the 247 Comuni of Cuneo x 10 periods, "
            "first page of 1,000",
            "/@measurements",
            {"indicator": indicator, "province": "004", "b_size": 1000},
        ),
        (
            "@measurements CSV, the same selection, all 2,470 rows",
            "/@measurements",
            {"indicator": indicator, "province": "004", "format": "csv"},
        ),
    ]
    rows = []
    for title, path, params in cases:
        first, response = timed(session, path, params)
        times = [timed(session, path, params)[0] for _ in range(REPEATS)]
        times.sort()
        rows.append(
            {
                "case": title,
                "first_ms": round(first, 1),
                "median_ms": round(statistics.median(times), 1),
                "p90_ms": round(times[int(0.9 * (len(times) - 1))], 1),
                "bytes": len(response.content),
            }
        )
    lines = [
        "# Digital agenda benchmark (bench/sit_run.sh)",
        "",
        f"Date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; machine: {platform.machine()}, "
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}.",
        "",
        "## Load",
        "",
        f"- {load['values']:,} values ({load['indicators']} indicators x 5,554 Comuni x 10 "
        "periods, plus the computed Province values), loaded through the CSV import "
        "(validation, all-or-nothing, aggregation), one commit per indicator.",
        f"- Load time: {load['load_seconds']} s"
        + (
            f" (this run loaded {load['indicators_loaded_now']} indicators)"
            if load["indicators_loaded_now"] != load["indicators"]
            else ""
        )
        + ".",
        f"- Data.fs: {load['data_fs_bytes'] / 2**20:,.0f} MiB after the load, "
        f"{load['data_fs_bytes_packed'] / 2**20:,.0f} MiB packed.",
        "",
        "## In-process (no HTTP), milliseconds: (first call after cacheMinimize, median)",
        "",
    ]
    for key, (first, median) in load["in_process_ms"].items():
        lines.append(f"- {key}: {first} ms, {median} ms")
    lines += [
        "",
        f"## Over HTTP (localhost, one request at a time, {REPEATS} timed after the first)",
        "",
        "| request | first (ms) | median (ms) | p90 (ms) | body (bytes) | target |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for row in rows:
        verdict = "met" if row["median_ms"] < TARGET_MS else "MISSED"
        lines.append(
            f"| {row['case']} | {row['first_ms']} | {row['median_ms']} | {row['p90_ms']} | "
            f"{row['bytes']:,} | < {TARGET_MS} ms: {verdict} |"
        )
    text = "\n".join(lines) + "\n"
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text(text)
    print(text)
    return 0


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "measure"
    sys.exit(wait() if command == "wait" else measure())
