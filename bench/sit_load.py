"""Load 2.8 million synthetic measurements and time the digital agenda in-process.

Run by ``bash bench/sit_run.sh`` (``make bench-sit``) inside Zope:
``zconsole run bench/sit-instance/etc/zope.conf bench/sit_load.py``. In the site ``sit``
of the benchmark database it makes 50 yearly indicators of the Comuni (the default
ones plus synthetic ``BENCH_NN`` ones), then imports, through the same CSV import as
the users (validation, all-or-nothing, Province aggregation), one CSV per indicator
with 5,554 Comuni x 10 periods (2016-2025): 2,777,000 values, one commit per
indicator. An interrupted run resumes with the indicators not loaded yet.

Writes ``bench/sit-instance/load.json``: load time, values, Data.fs size before and
after packing, and in-process timings of the benchmark and of the query.
"""

from AccessControl.SecurityManagement import newSecurityManager
from BTrees.OOBTree import OOBTree
from pathlib import Path
from plone import api
from provincecomuni.domain import territories
from provincecomuni.setuphandlers.site import ensure_admin
from provincecomuni.setuphandlers.site import ensure_site
from provincecomuni.sit import measurements
from provincecomuni.sit.benchmark import benchmark
from provincecomuni.sit.setup import get_section
from provincecomuni.sit.setup import indicator_specs
from provincecomuni.sit.store import get_store
from provincecomuni.sit.store import MeasurementStore
from provincecomuni.sit.store import set_store
from Testing.makerequest import makerequest
from zope.component.hooks import setSite

import json
import os
import random
import statistics
import time
import transaction


SITE = os.environ.get("BENCH_SIT_SITE", "sit")
INDICATORS = int(os.environ.get("BENCH_SIT_INDICATORS", "50"))
PERIODS = [str(year) for year in range(2016, 2026)]
OUT = Path(os.environ.get("BENCH_SIT_OUT", "bench/sit-instance/load.json"))
PROVINCE = os.environ.get("BENCH_SIT_PROVINCE", "004")  # Cuneo: 247 Comuni, the most
COMUNE = os.environ.get("BENCH_SIT_COMUNE", "004078")
REPEATS = 20


def loadable(spec):
    return spec.for_comuni and spec.frequency == "year"


def ensure_indicators(section, specs):
    """Synthetic yearly percent indicators of the Comuni until there are INDICATORS."""
    ready = [code for code, spec in specs.items() if loadable(spec)]
    number = 0
    while len(ready) < INDICATORS:
        number += 1
        code = f"BENCH_{number:02d}"
        if code in specs:
            continue
        api.content.create(
            container=section,
            type="Indicator",
            id=code.lower().replace("_", "-"),
            code=code,
            title=f"Indicatore sintetico {number}",
            title_en=f"Synthetic indicator {number}",
            area="online_services",
            unit="percent",
            direction="higher",
            level="comune",
            aggregation="mean",
            frequency="year",
            data_source="bench/sit_load.py",
            methodology="Valori casuali per il benchmark.",
            targets="2025: 70",
        )
        ready.append(code)
    return sorted(ready)[:INDICATORS]


def value(rng, unit):
    if unit == "percent":
        return f"{rng.uniform(0, 100):.1f}"
    if unit == "boolean":
        return str(rng.randint(0, 1))
    if unit == "count":
        return str(rng.randint(0, 500))
    return f"{rng.uniform(0, 1000):.2f}"


def csv_text(code, spec):
    rng = random.Random(code)  # noqa: S311 - synthetic data, reproducible per indicator
    lines = ["indicator,territory,period,value,source,collected_on"]
    for comune in territories.comuni():
        for period in PERIODS:
            lines.append(
                f"{code},{comune.istat_code},{period},{value(rng, spec.unit)},bench,{period}-12-31"
            )
    return "\n".join(lines) + "\n"


def timed(function, repeats=REPEATS):
    """(first call, median of the next ``repeats``) in milliseconds."""
    started = time.perf_counter()
    function()
    first = (time.perf_counter() - started) * 1000
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    return round(first, 1), round(statistics.median(times), 1)


def storage_size(db):
    return os.path.getsize(db.storage.getName())


def main(app):
    app = makerequest(app)
    ensure_admin(app.acl_users, "admin", os.environ.get("PC_ADMIN_PASSWORD", "admin"), app.REQUEST)
    site, created = ensure_site(app, SITE)
    transaction.commit()
    setSite(site)
    newSecurityManager(None, app.acl_users.getUser("admin").__of__(app.acl_users))
    section = get_section(site)
    codes = ensure_indicators(section, indicator_specs(site))
    transaction.commit()
    specs = indicator_specs(site)
    store = get_store(site)
    if store is None:
        store = MeasurementStore()
        set_store(site, store)
        transaction.commit()
    if "computed" not in store.__dict__:
        # A database loaded before the store kept its computed Province values apart.
        store.computed = OOBTree()
        for code in codes:
            for province in territories.provinces():
                for period, record in store.series(code, province.istat_code):
                    if record[4]:
                        store.computed[(code, period, province.istat_code)] = (
                            record[0],
                            record[4],
                        )
        transaction.commit()
    db = app._p_jar.db()
    first_comune = territories.comuni()[0].istat_code
    load_seconds = 0.0
    loaded = 0
    for code in codes:
        if store.get(code, first_comune, PERIODS[-1]) is not None:
            continue
        started = time.perf_counter()
        report = measurements.import_csv(store, specs, csv_text(code, specs[code]))
        if report.errors:
            raise SystemExit(f"{code}: {report.errors[:3]}")
        transaction.commit()
        app._p_jar.cacheGC()
        elapsed = time.perf_counter() - started
        load_seconds += elapsed
        loaded += 1
        print(f"{code}: {report.imported} values, {elapsed:.1f} s", flush=True)
    size_before_pack = storage_size(db)
    if loaded:
        db.pack()
    result = {
        "site": SITE,
        "indicators": len(codes),
        "indicators_loaded_now": loaded,
        "values": len(store),
        "load_seconds": round(load_seconds, 1),
        "data_fs_bytes": size_before_pack,
        "data_fs_bytes_packed": storage_size(db),
    }
    if not loaded and OUT.exists():
        # Everything was loaded by an earlier run: keep the figures of that load.
        previous = json.loads(OUT.read_text())
        for key in ("load_seconds", "data_fs_bytes", "indicators_loaded_now"):
            result[key] = previous[key]
    db.cacheMinimize()
    result["in_process_ms"] = {
        "benchmark_province (first, median)": timed(
            lambda: benchmark(store, indicator_specs(site), PROVINCE)
        ),
        "benchmark_comune (first, median)": timed(
            lambda: benchmark(store, indicator_specs(site), COMUNE)
        ),
        "query_one_indicator_one_province_10_periods (first, median)": timed(
            lambda: measurements.to_json(
                measurements.query(store, specs, [codes[0]], province=PROVINCE)
            )
        ),
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2))


main(app)  # noqa: F821 - ``app`` is given by zconsole
app._p_jar.db().close()  # noqa: F821
