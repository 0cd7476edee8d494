"""SUA generated documents and publication package benchmark, run inside Zope by
``bench/documents_bench.sh`` (``make bench-documents``; not part of ``make test``).

1. Generation: each of the four documents, as DOCX and as PDF, for a dossier with
   BENCH_LOTS lots (default 10) and 3 bidders per lot; median of 10 renderings
   (template + data -> bytes, nothing stored) and one full ``generate`` (stored as a
   record, committed).
2. Publication package: a dossier with BENCH_DOCUMENTS published files (default 200)
   holding BENCH_PACKAGE_MB of random data (default 400); the package iterator is
   consumed as the server would (chunks discarded): time, throughput, chunk count and
   size, peak RSS above the idle process (sampled every 5 ms) and the peak of Python's
   allocations (tracemalloc, second run).
"""

from AccessControl.SecurityManagement import newSecurityManager
from AccessControl.SpecialUsers import system as system_user
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from plone import api
from plone.namedfile.file import NamedBlobFile
from provincecomuni.procurement_documents import generation
from provincecomuni.procurement_documents import kinds
from provincecomuni.procurement_documents import package
from provincecomuni.setuphandlers.site import ensure_site
from Testing.makerequest import makerequest
from zope.component.hooks import setSite

import os
import platform
import statistics
import threading
import time
import tracemalloc
import transaction


SITE = os.environ.get("BENCH_SITE", "documents")
LOTS = int(os.environ.get("BENCH_LOTS", "10"))
DOCUMENTS = int(os.environ.get("BENCH_DOCUMENTS", "200"))
TOTAL_MB = int(os.environ.get("BENCH_PACKAGE_MB", "400"))
REPORT = Path("bench/results/documents-latest.md")
CIGS = ("9050626CD6", "B7E26B1DC7", "X3D1234567")


def rss_mb():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


class PeakMemory:
    def __enter__(self):
        self.base = self.peak = rss_mb()
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
        self.above = max(self.peak, rss_mb()) - self.base


def make_dossier(community, stamp):
    amount = Decimal("10000.00")
    dossier = api.content.create(
        container=community,
        type="TenderDossier",
        id=f"bench-{stamp}",
        title="Accordo quadro manutenzione edifici scolastici",
        commissioning_comune="004003",
        contract_object="lavori",
        procedure="6",
        award_criterion="ratedCriteria",
        main_cpv="45233141",
        total_amount=amount * LOTS,
        lots=[
            {
                "cig": CIGS[n % 3],
                "subject": f"Lotto {n + 1}: edifici della zona {n + 1}",
                "amount": amount,
                "cpv": "45233141",
                "status": "IN_LAV",
            }
            for n in range(LOTS)
        ],
        procedure_confirmed=True,
    )
    dossier.bidders = [
        {
            "lot": str(n + 1),
            "name": f"Impresa {n + 1}-{b + 1} S.r.l.",
            "tax_code": "00488410010",
            "group_role": None,
            "group_name": None,
            "awardee": b == 0,
            "offer_amount": Decimal("9500.00") - b,
        }
        for n in range(LOTS)
        for b in range(3)
    ]
    transaction.commit()
    return dossier


def bench_generation(dossier):
    rows = []
    for kind in kinds.KINDS:
        for fmt in kinds.FORMATS:
            times = []
            for _run in range(10):
                started = time.perf_counter()
                data, _missing, _template = generation.render(dossier, kind.id, fmt)
                times.append(time.perf_counter() - started)
            started = time.perf_counter()
            generation.generate(dossier, kind.id, fmt)
            transaction.commit()
            stored = time.perf_counter() - started
            rows.append((kind.title, fmt, statistics.median(times), stored, len(data)))
    return rows


def fill_package(community, stamp):
    dossier = make_dossier(community, f"{stamp}-pkg")
    size = max(1, TOTAL_MB * (1 << 20) // DOCUMENTS)
    for n in range(DOCUMENTS):
        obj = api.content.create(
            container=dossier,
            type="File",
            id=f"doc-{n:03d}",
            title=f"Documento {n}",
            file=NamedBlobFile(data=os.urandom(size), filename=f"doc-{n:03d}.pdf"),
        )
        api.content.transition(obj=obj, transition="publish")
        if n % 20 == 19:
            transaction.commit()
    transaction.commit()
    dossier._p_jar.cacheMinimize()
    return dossier


def consume(dossier):
    total = count = largest = 0
    if api.user.get(username="bench-sua") is None:
        api.user.create(email="bench-sua@example.org", username="bench-sua")
        roles = api.portal.get_tool("acl_users").portal_role_manager
        roles.doAssignRoleToPrincipal("bench-sua", "Manager")
    with api.env.adopt_user(username="bench-sua"):  # the catalog query is the downloader's
        iterator = package.PackageIterator(dossier)
    for chunk in iterator:
        total += len(chunk)
        count += 1
        largest = max(largest, len(chunk))
    return total, count, largest


def main(app):
    app = makerequest(app)
    newSecurityManager(None, system_user)
    site, _created = ensure_site(app, SITE)
    transaction.commit()
    setSite(site)
    community = site["province"]["cuneo"]
    stamp = int(time.time())

    generation_rows = bench_generation(make_dossier(community, stamp))
    dossier = fill_package(community, stamp)
    with PeakMemory() as memory:
        started = time.perf_counter()
        total, count, largest = consume(dossier)
        seconds = time.perf_counter() - started
    tracemalloc.start()
    consume(dossier)
    traced = tracemalloc.get_traced_memory()[1] / (1 << 20)
    tracemalloc.stop()

    lines = [
        "# SUA generated documents and publication package benchmark",
        "",
        f"- date: {datetime.now().isoformat(timespec='seconds')}",
        f"- machine: {platform.machine()}, {os.cpu_count()} CPUs, Python "
        f"{platform.python_version()}, FileStorage + blobstorage on local disk",
        f"- dossier: {LOTS} lots, {LOTS * 3} bidders; default templates",
        "",
        "| document | format | render (median of 10) | generate and store | size |",
        "|---|---|---|---|---|",
    ]
    for title, fmt, median, stored, size in generation_rows:
        lines.append(
            f"| {title} | {fmt} | {median * 1000:.0f} ms | {stored * 1000:.0f} ms | "
            f"{size / 1024:.1f} KiB |"
        )
    mib = total / (1 << 20)
    lines += [
        "",
        "| publication package | result |",
        "|---|---|",
        f"| {DOCUMENTS} published files, {mib:.0f} MiB ZIP | {seconds:.2f} s "
        f"({mib / seconds:.0f} MiB/s), {count} chunks, largest {largest / 1024:.0f} KiB |",
        f"| memory | peak {memory.above:.1f} MiB RSS above the idle process "
        f"({memory.base:.0f} MiB); Python allocations peak {traced:.1f} MiB |",
        "",
    ]
    report = "\n".join(lines)
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(report, encoding="utf-8")
    print(report)


main(app)  # noqa: F821 - ``app`` is given by zconsole
app._p_jar.db().close()  # noqa: F821
