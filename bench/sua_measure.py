"""Time the SUA pages on the bench site, side by side with stock Plone.

``python bench/sua_measure.py <populate timings JSON>``: each request is sent
``BENCH_WARMUPS`` times (3), then timed ``BENCH_REQUESTS`` times (20), one at a
time, as the site administrator (the dossiers are not public); the time is the
HTTP round trip on localhost (server time plus a fraction of a millisecond).
Writes bench/results/sua.md.
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
AUTH = (os.environ.get("PC_ADMIN_USER", "admin"), os.environ.get("PC_ADMIN_PASSWORD", "admin"))
WARMUPS = int(os.environ.get("BENCH_WARMUPS", "3"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "20"))
HTML = "text/html"
JSON = "application/json"
CUNEO = "/province/cuneo"
BIG = f"{CUNEO}/gara-200-documenti"
SEARCH = "/@search?portal_type=TenderDossier&b_size=25&metadata_fields=tender_amount"

# (label, our path, accept, target ms, stock comparable path or None)
REQUESTS_TO_TIME = [
    ("dossier page, 200 documents", BIG, HTML, 300, "/stock-200"),
    ("@ocds, dossier with 200 documents", f"{BIG}/@ocds", JSON, 200, None),
    ("dossier page, 10 documents", None, HTML, 300, None),
    (
        "SUA listing, first page (no filter)",
        f"{CUNEO}/@@gare",
        HTML,
        500,
        "/stock/tabular_view?b_size=25",
    ),
    (
        "SUA listing: state + procedure, by amount",
        f"{CUNEO}/@@gare?state=pubblicato&procedure=6&sort_on=amount&sort_order=desc",
        HTML,
        500,
        None,
    ),
    (
        "SUA listing: CPV 45 + amount 100.000-1.000.000, page 3",
        f"{CUNEO}/@@gare?cpv=45&amount_min=100.000&amount_max=1.000.000&b_start=50",
        HTML,
        500,
        None,
    ),
    (
        "SUA listing: Comune + deadlines this week",
        f"{CUNEO}/@@gare?comune=004078&week=1",
        HTML,
        500,
        None,
    ),
    (
        "@search: procedure + amount range, 25",
        f"{CUNEO}{SEARCH}&tender_procedure=6&tender_amount.query=100000"
        "&tender_amount.query=1000000&tender_amount.range=min:max&sort_on=tender_amount",
        JSON,
        500,
        "/stock/@search?portal_type=Document&b_size=25&Subject=strade&sort_on=sortable_title",
    ),
    ("CSV export: state pubblicato (whole result)", f"{CUNEO}/@@gare.csv?state=pubblicato")
    + (None, None, None),
    ("iCal feed of Cuneo", f"{CUNEO}/@@gare.ics", None, None, None),
]


def measure(session, path, accept):
    url = BASE + path
    headers = {"Accept": accept} if accept else {}
    first = session.get(url, headers=headers, timeout=300)
    if first.status_code == 404:
        return None
    first.raise_for_status()
    for _ in range(WARMUPS - 1):
        session.get(url, headers=headers, timeout=300).raise_for_status()
    times = []
    size = 0
    for _ in range(REQUESTS):
        started = time.perf_counter()
        response = session.get(url, headers=headers, timeout=300)
        times.append((time.perf_counter() - started) * 1000)
        response.raise_for_status()
        size = len(response.content)
    times.sort()
    return {
        "median": round(statistics.median(times), 1),
        "p90": round(times[max(int(len(times) * 0.9) - 1, 0)], 1),
        "bytes": size,
    }


def ten_document_dossier(session):
    """A dossier of Cuneo with 10 documents (found through @search)."""
    answer = session.get(
        f"{BASE}{CUNEO}/@search",
        params={"portal_type": "File", "path.depth": 2, "b_size": 1, "sort_on": "path"},
        headers={"Accept": JSON},
        timeout=120,
    )
    for item in answer.json().get("items", []):
        parent = item["@id"].rsplit("/", 1)[0]
        if not parent.endswith("gara-200-documenti"):
            return parent.split("/pc", 1)[1]
    return None


def main():
    timings = json.loads(sys.argv[1]) if len(sys.argv) > 1 else {}
    session = requests.Session()
    session.auth = AUTH
    load = os.getloadavg()
    lines = [
        f"# SUA dashboard benchmark ({date.today().isoformat()})",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} CPUs (shared with other jobs; load "
        f"average at start {load[0]:.1f}), Python {platform.python_version()}.",
        f"Data: {timings.get('dossiers', '?')} tender dossiers (half in Cuneo, the rest over 20 "
        f"Provinces), {timings.get('with_documents', '?')} of them with 10 documents each, one "
        "with 200; stock comparable: a Folder of as many Documents and a Folder of 200 files.",
        f"Creation (in-process, commits of 500): dossiers and documents "
        f"{timings.get('dossiers_s', '?')} s ({timings.get('created_dossiers', '?')} created "
        f"this run), stock items {timings.get('stock_s', '?')} s.",
        "",
        f"Requests as the administrator, one at a time, {WARMUPS} warm-ups then {REQUESTS} "
        "timed; times are localhost HTTP round trips (ms).",
        "",
        "| request | median | p90 | target | stock comparable median | ratio | bytes |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    notes = []
    for label, path, accept, target, stock in REQUESTS_TO_TIME:
        if path is None:
            path = ten_document_dossier(session)
            if path is None:
                notes.append(f"- {label}: no dossier with 10 documents found.")
                continue
        result = measure(session, path, accept)
        if result is None:
            notes.append(f"- {label}: `{path}` answers 404 (not on this branch): skipped.")
            continue
        stock_result = measure(session, stock, accept) if stock else None
        ratio = (
            f"{result['median'] / stock_result['median']:.2f}"
            if stock_result and stock_result["median"]
            else ""
        )
        ok = "" if target is None else (" ✓" if result["median"] < target else " ✗")
        lines.append(
            f"| {label} | {result['median']} | {result['p90']} | "
            f"{'' if target is None else target}{ok} | "
            f"{stock_result['median'] if stock_result else ''} | {ratio} | {result['bytes']} |"
        )
        if stock:
            notes.append(f'- stock comparable of "{label}": `{stock}`')
    report = "\n".join(lines + ["", "Notes:", *notes]) + "\n"
    print(report)
    # BENCH_RESULT: another file name, to keep a run on a smaller population apart.
    out = Path(__file__).parent / "results" / os.environ.get("BENCH_RESULT", "sua.md")
    out.write_text(report, "utf-8")


if __name__ == "__main__":
    main()
