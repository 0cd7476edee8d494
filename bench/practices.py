"""Benchmark of the good-practice catalogue: 2,000 published practices (``make bench-practices``).

Run inside Zope by ``zconsole run bench/instance-practices/etc/zope.conf
bench/practices.py`` (``bash bench/practices.sh`` does it all). In its own database
it creates the site ``pc`` (``ensure_site``) unless it exists, adds the practices
that are missing (``BENCH_PRACTICES``, default 2,000, spread over the 76 Province
communities with varied pillars, years, tags and adoptions) and publishes them,
then renders the catalogue page ``/buone-pratiche`` in-process as an anonymous
visitor, with several filters, and reports the server time of each (median and
95th percentile of ``BENCH_RUNS`` renderings after ``BENCH_WARMUPS``).
Target of the issue: a filtered page under 300 ms.
"""

from AccessControl.SecurityManagement import newSecurityManager
from AccessControl.SecurityManagement import noSecurityManager
from AccessControl.SpecialUsers import system
from Acquisition import aq_base
from plone import api
from plone.app.textfield.value import RichTextValue
from plone.browserlayer.utils import registered_layers
from provincecomuni.domain import territories
from provincecomuni.practices import adoptions
from provincecomuni.setuphandlers.site import ensure_site
from provincecomuni.setuphandlers.structure import province_community_id
from Testing.makerequest import makerequest
from zope.component import getMultiAdapter
from zope.component.hooks import setSite
from zope.globalrequest import setRequest
from zope.interface import alsoProvides

import os
import random
import statistics
import time
import transaction


SITE_ID = "pc"
TOTAL = int(os.environ.get("BENCH_PRACTICES", "2000"))
RUNS = int(os.environ.get("BENCH_RUNS", "30"))
WARMUPS = int(os.environ.get("BENCH_WARMUPS", "3"))
PILLARS = ("sua", "sape", "sit", "organisation")
TAGS = ("appalti", "e-procurement", "fondi-ue", "pnrr", "catasto", "dati-aperti", "sportello")
OUTCOMES = adoptions.OUTCOME_IDS

QUERIES = (
    ("no filter", {}),
    ("pillar", {"pillar": "sua"}),
    ("region + year", {"region": "Piemonte", "year": "2023"}),
    ("province + tag", {"province": "004", "tag": "appalti"}),
    ("full text", {"q": "piattaforma"}),
    ("full text + pillar, sort by year", {"q": "sportello", "pillar": "sit", "sort": "year"}),
    ("page 5 by title", {"sort": "title", "b_start": "80"}),
)


def _html(text):
    return RichTextValue(text, "text/html", "text/x-html-safe")


def populate(portal):
    catalog = portal.portal_catalog
    existing = len(catalog.unrestrictedSearchResults(portal_type="GoodPractice"))
    provinces = territories.provinces()
    workflow = portal.portal_workflow
    rng = random.Random(42)  # noqa: S311 - varied test data, not secrets
    started = time.perf_counter()
    for number in range(existing, TOTAL):
        province = provinces[number % len(provinces)]
        community = portal["province"][province_community_id(province)]
        pillar = PILLARS[number % len(PILLARS)]
        practice = api.content.create(
            container=community,
            type="GoodPractice",
            id=f"pratica-{number:05d}",
            title=f"Buona pratica {number}: {rng.choice(TAGS)} a {province.name}",
            description="Una pratica di prova per il benchmark del catalogo.",
            pillar=pillar,
            provinces=[province.istat_code],
            year=2015 + number % 11,
            problem=_html(f"<p>Problema {number}: tempi lunghi e uffici piccoli.</p>"),
            solution=_html(f"<p>Una piattaforma condivisa, uno {rng.choice(TAGS)}.</p>"),
            results=_html(f"<p>{rng.randint(10, 500)} procedure, -{rng.randint(5, 60)}%.</p>"),
            resources="Due persone per sei mesi.",
            transferability="Una convenzione tra enti.",
            contacts="ufficio@example.org",
        )
        practice.setSubject(rng.sample(TAGS, 2))
        # Submitted, then published: the review itself is not what is measured here
        # (and is tested in tests/integration/practices), so the bench data takes
        # the transitions without their guards.
        definition = workflow.getWorkflowById("provincecomuni_good_practice_workflow")
        for transition in ("submit", "publish"):
            definition._changeStateOf(practice, definition.transitions[transition])
        tree = adoptions._storage(practice, create=True)
        for other in rng.sample(provinces, rng.randint(0, 4)):
            if other.istat_code != province.istat_code:
                tree[other.istat_code] = {
                    "date": None,
                    "outcome": rng.choice(OUTCOMES),
                    "note": "",
                    "declared_by": "admin",
                    "declared_on": None,
                }
        practice.reindexObject()
        if (number + 1) % 250 == 0:
            transaction.commit()
            print(f"   {number + 1} practices ({time.perf_counter() - started:.0f} s)")
    transaction.commit()
    return TOTAL - existing


def measure(portal):
    section = portal["buone-pratiche"]
    rows = []
    for label, form in QUERIES:
        times = []
        total = None
        for run in range(WARMUPS + RUNS):
            # A fresh request each time (the application zconsole gives is already
            # wrapped in one, whose form would carry over).
            request = makerequest(aq_base(portal.aq_parent)).REQUEST
            # The browser layers that publishing would set (ours among them).
            alsoProvides(request, *registered_layers())
            request.form.update(form)
            setRequest(request)
            view = getMultiAdapter((section, request), name="good-practices")
            started = time.perf_counter()
            html = view()
            elapsed = time.perf_counter() - started
            if run >= WARMUPS:
                times.append(elapsed * 1000)
            total = view.total
            if "pc-practices" not in html:
                raise RuntimeError(f"{label}: the catalogue page did not render")
        times.sort()
        rows.append((label, total, statistics.median(times), times[int(0.95 * (len(times) - 1))]))
    return rows


def main(app):
    site, _created = ensure_site(app, SITE_ID)
    setSite(site)
    newSecurityManager(None, system)
    print(f"== Population: {TOTAL} published practices")
    started = time.perf_counter()
    added = populate(site)
    print(f"   added {added} in {time.perf_counter() - started:.0f} s")
    noSecurityManager()  # measure as an anonymous visitor
    print(f"== Catalogue page /buone-pratiche, anonymous, {RUNS} runs after {WARMUPS} warm-ups")
    print(f"{'query':40} {'results':>8} {'median ms':>10} {'p95 ms':>8}")
    for label, total, median, p95 in measure(site):
        print(f"{label:40} {total:>8} {median:>10.1f} {p95:>8.1f}")


main(app)  # noqa: F821 - ``app`` is given by zconsole
