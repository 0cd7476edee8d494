"""Time the catalogue page and ``@search`` on the bench site with its funding calls.

``python bench/funding_measure.py <import timings JSON>``: sends each request
``BENCH_WARMUPS`` times (default 3), then times it ``BENCH_REQUESTS`` times (default
20), one at a time, as an anonymous visitor; writes bench/results/funding-latest.md.
"""

from datetime import date
from pathlib import Path

import json
import os
import platform
import requests
import statistics
import sys
import time


BASE = f"http://{os.environ.get('BENCH_HOST', '127.0.0.1')}:{os.environ['BENCH_PORT']}/pc"
WARMUPS = int(os.environ.get("BENCH_WARMUPS", "3"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "20"))
TARGET_MS = 300


def requests_to_time():
    day = date.today().isoformat()
    search = (
        f"/@search?portal_type=FundingCall&review_state=pubblicato"
        f"&funding_opening.query={day}&funding_opening.range=max"
        f"&funding_closing.query={day}&funding_closing.range=min"
        "&sort_on=funding_closing&b_size=25"
    )
    return [
        ("catalogue: open calls (default page)", "/bandi-europei", "text/html"),
        (
            "catalogue: open, programme LIFE",
            "/bandi-europei/@@funding-catalogue?state=open&programme=life",
            "text/html",
        ),
        (
            "catalogue: all states, Comuni, Cuneo, text",
            "/bandi-europei/@@funding-catalogue?state=all&beneficiary=comuni&province=004"
            "&text=energia",
            "text/html",
        ),
        ("@search: open calls, 25", search, "application/json"),
        ("@search: open LIFE calls, 25", search + "&funding_programme=life", "application/json"),
        (
            "iCal feed: LIFE, next 365 days",
            "/bandi-europei/@@funding-calendar.ics?programme=life",
            "text/calendar",
        ),
    ]


def measure(path, accept):
    session = requests.Session()
    url = BASE + path
    for _ in range(WARMUPS):
        session.get(url, headers={"Accept": accept}, timeout=120).raise_for_status()
    times = []
    size = 0
    for _ in range(REQUESTS):
        started = time.perf_counter()
        response = session.get(url, headers={"Accept": accept}, timeout=120)
        times.append((time.perf_counter() - started) * 1000)
        response.raise_for_status()
        size = len(response.content)
    times.sort()
    return {
        "median_ms": round(statistics.median(times), 1),
        "p90_ms": round(times[int(len(times) * 0.9) - 1], 1),
        "bytes": size,
    }


def main():
    timings = json.loads(sys.argv[1]) if len(sys.argv) > 1 else {}
    lines = [
        f"# Funding calls benchmark ({date.today().isoformat()})",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}.",
        f"Import of {timings.get('calls', '?')} generated calls (CSV, published): "
        f"{timings.get('import_s', '?')} s ({timings.get('created', '?')} created, "
        f"{timings.get('rejected', '?')} rejected); the same file again: "
        f"{timings.get('reimport_s', '?')} s ({timings.get('reimport_unchanged', '?')} unchanged).",
        "",
        f"Anonymous requests, one at a time, {WARMUPS} warm-ups then {REQUESTS} timed "
        f"(target for a filtered page of 25: under {TARGET_MS} ms).",
        "",
        "| request | median ms | p90 ms | bytes |",
        "|---|---:|---:|---:|",
    ]
    for label, path, accept in requests_to_time():
        result = measure(path, accept)
        lines.append(
            f"| {label} | {result['median_ms']} | {result['p90_ms']} | {result['bytes']} |"
        )
    report = "\n".join(lines) + "\n"
    print(report)
    out = Path(__file__).parent / "results" / "funding-latest.md"
    out.write_text(report, "utf-8")


if __name__ == "__main__":
    main()
