"""Records archive benchmark, run inside Zope by ``bench/records_bench.sh``.

1. Registration: 1,000 Documents registered one by one, one transaction each (as
   1,000 requests would), in one community's protocol: time per registration, and
   a check that the numbers are 1..1000 without gaps.
2. Fixity: ``fixity.check`` over a fascicolo holding BENCH_RECORDS_MB (default 1024)
   MB of random data in 64 MB files: time, throughput and peak memory.
3. Deposit package: the same fascicolo closed and exported as a ZIP (to a temporary
   file, as the download does): time and peak memory.

Peak memory is the resident set size (VmRSS) sampled every 5 ms by a thread,
minus the RSS just before the operation started ("above the idle process"); then
the operation runs a second time under ``tracemalloc`` for the peak of Python's own
allocations (memory the allocator reuses does not show in RSS).
"""

from AccessControl.SecurityManagement import newSecurityManager
from AccessControl.SpecialUsers import system as system_user
from datetime import datetime
from pathlib import Path
from plone import api
from plone.namedfile.file import NamedBlobFile
from provincecomuni.records import deposit
from provincecomuni.records import fixity
from provincecomuni.records import registration
from provincecomuni.setuphandlers.site import ensure_site
from Testing.makerequest import makerequest
from zope.component.hooks import setSite

import os
import platform
import tempfile
import threading
import time
import tracemalloc
import transaction


SITE = os.environ.get("BENCH_SITE", "records")
DOCUMENTS = int(os.environ.get("BENCH_REGISTRATIONS", "1000"))
TOTAL_MB = int(os.environ.get("BENCH_RECORDS_MB", "1024"))
FILE_MB = 64
REPORT = Path("bench/results/records-latest.md")


def rss_mb():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


class PeakMemory:
    """Peak RSS above the RSS at entry, sampled by a thread."""

    def __enter__(self):
        self.base = rss_mb()
        self.peak = self.base
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def _sample(self):
        while not self._stop.is_set():
            self.peak = max(self.peak, rss_mb())
            time.sleep(0.005)

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, rss_mb())
        self.above = self.peak - self.base


def traced_peak_mb(function):
    """The peak of Python allocations while ``function`` runs, in MiB."""
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        function()
        return tracemalloc.get_traced_memory()[1] / (1 << 20)
    finally:
        tracemalloc.stop()


def bench_registrations(community):
    folder_id = f"bench-{int(time.time())}"
    folder = api.content.create(container=community, type="Folder", id=folder_id, title="B")
    for n in range(DOCUMENTS):
        api.content.create(container=folder, type="Document", id=f"d{n}", title=f"Doc {n}")
        if n % 200 == 199:
            transaction.commit()
    transaction.commit()
    counters = registration.counters_of(community)
    year = datetime.now(registration.TIMEZONE).year
    first = counters.last("PG", year) + 1
    started = time.perf_counter()
    numbers = []
    for n in range(DOCUMENTS):
        numbers.append(registration.register(folder[f"d{n}"]))
        transaction.commit()
    seconds = time.perf_counter() - started
    expected = [registration.format_number("PG", year, first + n) for n in range(DOCUMENTS)]
    if numbers != expected:
        raise RuntimeError("registration numbers have a gap or a duplicate")
    return seconds


def bench_blobs(community):
    fascicolo = api.content.create(
        container=community,
        type="Fascicolo",
        id=f"bench-{int(time.time())}",
        title="Benchmark",
        classification="1.1",
    )
    transaction.commit()
    files = max(1, TOTAL_MB // FILE_MB)
    with tempfile.TemporaryDirectory() as tmp:
        for n in range(files):
            path = Path(tmp) / f"f{n}.bin"
            with open(path, "wb") as target:
                for _chunk in range(FILE_MB):
                    target.write(os.urandom(1 << 20))
            with open(path, "rb") as source:
                api.content.create(
                    container=fascicolo,
                    type="File",
                    id=f"f{n}",
                    title=f"File {n}",
                    file=NamedBlobFile(data=source, filename=f"f{n}.bin"),
                )
            transaction.commit()
            path.unlink(missing_ok=True)  # the blob storage may have taken the file
    fascicolo._p_jar.cacheMinimize()

    with PeakMemory() as fixity_memory:
        started = time.perf_counter()
        result = fixity.check(fascicolo)
        fixity_seconds = time.perf_counter() - started
    if result["mismatches"] or result["checked"] != files:
        raise RuntimeError(f"fixity check failed: {result}")

    fixity_traced = traced_peak_mb(lambda: fixity.check(fascicolo))

    api.content.transition(obj=fascicolo, transition="close")
    transaction.commit()
    fascicolo._p_jar.cacheMinimize()
    with PeakMemory() as deposit_memory:
        started = time.perf_counter()
        path = deposit.build_package_file(fascicolo)
        deposit_seconds = time.perf_counter() - started
    size = os.path.getsize(path)
    os.unlink(path)
    deposit_traced = traced_peak_mb(lambda: os.unlink(deposit.build_package_file(fascicolo)))
    fixity_memory.traced = fixity_traced
    deposit_memory.traced = deposit_traced
    return result, fixity_seconds, fixity_memory, deposit_seconds, deposit_memory, size


def main(app):
    app = makerequest(app)
    newSecurityManager(None, system_user)
    site, _created = ensure_site(app, SITE)
    transaction.commit()
    setSite(site)
    community = site["province"]["cuneo"]

    registration_seconds = bench_registrations(community)
    print(f"registrations: {registration_seconds:.2f} s", flush=True)
    result, fixity_s, fixity_mem, deposit_s, deposit_mem, size = bench_blobs(community)
    gigabytes = result["bytes"] / (1 << 30)
    lines = [
        "# Records archive benchmark",
        "",
        f"- date: {datetime.now().isoformat(timespec='seconds')}",
        f"- machine: {platform.machine()}, {os.cpu_count()} CPUs, Python "
        f"{platform.python_version()}, FileStorage + blobstorage on local disk",
        "",
        "| what | result |",
        "|---|---|",
        f"| {DOCUMENTS} registrations, one transaction each | "
        f"{registration_seconds:.2f} s ({registration_seconds / DOCUMENTS * 1000:.1f} ms "
        "each), numbers gapless |",
        f"| fixity over {result['checked']} files, {gigabytes:.2f} GiB | "
        f"{fixity_s:.2f} s ({gigabytes * 1024 / fixity_s:.0f} MiB/s), peak memory "
        f"{fixity_mem.above:.1f} MiB RSS above the idle process ({fixity_mem.base:.0f} MiB); "
        f"Python allocations peak {fixity_mem.traced:.1f} MiB |",
        f"| deposit package of the same fascicolo ({size / (1 << 30):.2f} GiB ZIP) | "
        f"{deposit_s:.2f} s, peak memory {deposit_mem.above:.1f} MiB RSS above the idle "
        f"process ({deposit_mem.base:.0f} MiB); Python allocations peak "
        f"{deposit_mem.traced:.1f} MiB |",
        "",
    ]
    report = "\n".join(lines)
    REPORT.write_text(report, encoding="utf-8")
    print(report)


main(app)  # noqa: F821 - ``app`` is given by zconsole
app._p_jar.db().close()  # noqa: F821
