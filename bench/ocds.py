"""Benchmark of the OCDS services of the tender dossiers (``make bench-ocds``).

Run inside Zope by ``zconsole run bench/instance-ocds/etc/zope.conf bench/ocds.py``
(``bash bench/ocds.sh`` does it all). In its own database it creates the site ``pc``
(``ensure_site``) unless it exists, then adds what is missing:

- ``BENCH_OCDS_DOSSIERS`` (default 1,000) tender dossiers spread over the 76 Province
  communities, each with ``BENCH_OCDS_DOCS`` (default 10) File documents of 8 KB, in
  the public states of the tender workflow in turn (the state is written directly,
  as the tests do: the workflow itself is another feature), two lots each, bidders
  and awardees;
- one dossier ``gara-200-documenti`` in Cuneo with 200 File documents.

Then, as the site owner, it times the REST services in-process (the service's own
``render()``, JSON serialization included): ``@ocds`` on the 200-document dossier
and on an ordinary one, and ``@ocds-releases`` pages of 25 and 100 of the site and of
one Province. It reports the median and the 95th percentile of ``BENCH_RUNS`` calls
after ``BENCH_WARMUPS``. Target of the issue: ``@ocds`` on a dossier with 200
documents under 200 ms of server time.
"""

from AccessControl.SecurityManagement import newSecurityManager
from Acquisition import aq_base
from DateTime import DateTime
from datetime import date
from datetime import datetime
from decimal import Decimal
from plone import api
from plone.browserlayer.utils import registered_layers
from plone.namedfile.file import NamedBlobFile
from Products.Five.browser import BrowserView
from provincecomuni.domain import territories
from provincecomuni.procurement import lifecycle
from provincecomuni.procurement.ocds.services import OcdsGet
from provincecomuni.procurement.ocds.services import OcdsReleasesGet
from provincecomuni.setuphandlers.site import ensure_admin
from provincecomuni.setuphandlers.site import ensure_site
from provincecomuni.setuphandlers.structure import province_community_id
from Testing.makerequest import makerequest
from zope.component.hooks import setSite
from zope.globalrequest import setRequest
from zope.interface import alsoProvides

import json
import os
import statistics
import time
import transaction


SITE_ID = "pc"
DOSSIERS = int(os.environ.get("BENCH_OCDS_DOSSIERS", "1000"))
DOCS = int(os.environ.get("BENCH_OCDS_DOCS", "10"))
BIG = 200
RUNS = int(os.environ.get("BENCH_RUNS", "30"))
WARMUPS = int(os.environ.get("BENCH_WARMUPS", "3"))
CIGS = ("9050626CD6", "B7E26B1DC7")
PAYLOAD = b"%PDF-1.4\n" + b"0" * 8192


def set_state(dossier, state):
    workflow = api.portal.get_tool("portal_workflow")
    for chain in workflow.getChainFor(dossier):
        workflow.setStatusOf(
            chain,
            dossier,
            {"review_state": state, "action": None, "actor": "bench", "time": DateTime()},
        )


def create_dossier(community, dossier_id, title, comune, number, documents):
    dossier = api.content.create(
        container=community,
        type="TenderDossier",
        id=dossier_id,
        title=title,
        commissioning_comune=comune,
        contract_object=("lavori", "servizi", "forniture")[number % 3],
        procedure=("6", "9", "5", "10")[number % 4],
        award_criterion=("priceOnly", "ratedCriteria")[number % 2],
        main_cpv="45233141",
        total_amount=Decimal("350000.00"),
        lots=[
            {
                "cig": CIGS[0],
                "subject": "Lotto centro",
                "amount": Decimal("200000.00"),
                "cpv": "45233141",
                "status": "PUBB",
            },
            {
                "cig": CIGS[1],
                "subject": "Lotto frazioni",
                "amount": Decimal("150000.00"),
                "cpv": "45233142",
                "status": "PUBB",
            },
        ],
        publication_date=date(2027, 2, 1),
        offer_deadline=datetime(2027, 3, 1, 12, 0),
        award_date=date(2027, 4, 10),
        contract_date=date(2027, 5, 20),
        procedure_confirmed=True,
    )
    dossier.bidders = [
        {
            "lot": lot,
            "name": f"Impresa {lot}-{index}",
            "tax_code": ("00743110157", "01234560124")[index],
            "group_role": None,
            "group_name": None,
            "awardee": index == 0,
            "offer_amount": Decimal("180000.00") + index,
        }
        for lot in ("1", "2")
        for index in (0, 1)
    ]
    for doc in range(documents):
        api.content.create(
            container=dossier,
            type="File",
            id=f"documento-{doc:03d}",
            title=f"Documento {doc} di {title}",
            file=NamedBlobFile(PAYLOAD, filename=f"documento-{doc}.pdf"),
        )
    set_state(dossier, lifecycle.PUBLIC_STATES[number % len(lifecycle.PUBLIC_STATES)])
    dossier.reindexObject()
    return dossier


def populate(portal):
    catalog = portal.portal_catalog
    existing = len(catalog.unrestrictedSearchResults(portal_type="TenderDossier"))
    provinces = territories.provinces()
    started = time.perf_counter()
    added = 0
    cuneo = portal["province"]["cuneo"]
    if "gara-200-documenti" not in cuneo.objectIds():
        create_dossier(cuneo, "gara-200-documenti", "Gara con 200 documenti", "004078", 0, BIG)
        transaction.commit()
        existing += 1
        added += 1
    for number in range(existing - 1, DOSSIERS):
        province = provinces[number % len(provinces)]
        community = portal["province"][province_community_id(province)]
        comune = territories.comuni_of(province.istat_code)[0].istat_code
        create_dossier(community, f"gara-{number:05d}", f"Gara {number}", comune, number + 1, DOCS)
        added += 1
        if added % 100 == 0:
            transaction.commit()
            print(f"   {added} dossiers ({time.perf_counter() - started:.0f} s)")
    transaction.commit()
    return added


def _request(portal, form):
    request = makerequest(aq_base(portal.aq_parent)).REQUEST
    alsoProvides(request, *registered_layers())
    request.form.update(form)
    setRequest(request)
    return request


def time_service(portal, factory, context, form, check):
    times = []
    size = 0
    for run in range(WARMUPS + RUNS):
        request = _request(portal, form)
        # The class plone.rest builds from a service factory: the factory and a view.
        service = type(factory.__name__, (factory, BrowserView), {})(context, request)
        started = time.perf_counter()
        body = service.render()
        elapsed = time.perf_counter() - started
        if run >= WARMUPS:
            times.append(elapsed * 1000)
        size = len(body)
        check(json.loads(body))
    times.sort()
    return statistics.median(times), times[int(0.95 * (len(times) - 1))], size


def main(app):
    user = os.environ.get("PC_ADMIN_USER", "admin")
    if ensure_admin(app.acl_users, user, os.environ.get("PC_ADMIN_PASSWORD", "admin"), app.REQUEST):
        transaction.commit()
    newSecurityManager(None, app.acl_users.getUser(user).__of__(app.acl_users))
    site, _created = ensure_site(app, SITE_ID)
    transaction.commit()
    setSite(site)
    print(f"== Population: {DOSSIERS} dossiers x {DOCS} documents, one with {BIG}")
    started = time.perf_counter()
    print(f"   added {populate(site)} in {time.perf_counter() - started:.0f} s")
    big = site["province"]["cuneo"]["gara-200-documenti"]
    ordinary = site.portal_catalog.unrestrictedSearchResults(
        portal_type="TenderDossier", id="gara-00010"
    )[0]._unrestrictedGetObject()

    def documents(count):
        def check(release):
            if len(release["tender"]["documents"]) != count:
                raise RuntimeError("@ocds: documents missing")

        return check

    def page(package):
        size = package["page_size"]
        expected = min(size, package["total"] - (package["page"] - 1) * size)
        if len(package["releases"]) != max(expected, 0):
            raise RuntimeError("@ocds-releases: releases missing")

    cases = (
        ("@ocds, dossier with 200 documents", OcdsGet, big, {}, documents(BIG)),
        ("@ocds, dossier with 10 documents", OcdsGet, ordinary, {}, documents(DOCS)),
        ("@ocds-releases, site, page 1 of 25", OcdsReleasesGet, site, {}, page),
        (
            "@ocds-releases, site, page 10 of 25",
            OcdsReleasesGet,
            site,
            {"page": "10"},
            page,
        ),
        (
            "@ocds-releases, site, page of 100",
            OcdsReleasesGet,
            site,
            {"page_size": "100"},
            page,
        ),
        (
            "@ocds-releases, one Province",
            OcdsReleasesGet,
            site["province"]["cuneo"],
            {},
            page,
        ),
    )
    print(f"== Server time in-process, site owner, {RUNS} runs after {WARMUPS} warm-ups")
    print(f"{'service':42} {'median ms':>10} {'p95 ms':>8} {'KB':>8}")
    for label, factory, context, form, check in cases:
        median, p95, size = time_service(site, factory, context, form, check)
        print(f"{label:42} {median:>10.1f} {p95:>8.1f} {size / 1024:>8.0f}")


main(app)  # noqa: F821 - ``app`` is given by zconsole
