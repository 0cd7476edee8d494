"""Fill the SUA bench site: tender dossiers in the Province communities, their
documents, and a stock-Plone comparable. Run by ``bench/sua.sh`` (``zconsole run``).

- BENCH_DOSSIERS (10,000) dossiers: half in Cuneo (a large SUA), the rest over 20
  other Provinces with a Zipf-like weight; Comuni, procedures, contract objects,
  CPVs, amounts (log-uniform 20,000-8,000,000 EUR), key dates around today, states
  of the tender workflow, RUPs and 1-3 lots with valid CIGs.
- BENCH_WITH_DOCS (1,000) of them get 10 documents (small PDF files) each; one
  dossier in Cuneo ("gara-200-documenti") gets 200.
- Stock comparable: a plain Folder ``/stock`` with BENCH_STOCK (as many as the
  dossiers) Documents (Subject, effective dates) and a Folder ``/stock-200`` with
  200 files.

Objects are created in-process (createContentInContainer, no add form), indexed
as usual, committed every 500. Idempotent: a second run adds nothing. Prints one
JSON line with the timings.
"""

from AccessControl.SecurityManagement import newSecurityManager
from datetime import date
from datetime import datetime
from datetime import timedelta
from decimal import Decimal
from plone import api
from plone.dexterity.utils import createContentInContainer
from plone.namedfile.file import NamedBlobFile
from provincecomuni.domain import territories
from provincecomuni.procurement import lifecycle
from provincecomuni.setuphandlers.site import ensure_admin
from provincecomuni.setuphandlers.site import ensure_site
from zope.component.hooks import setSite

import json
import math
import os
import random
import time
import transaction


SITE_ID = "pc"
BIG_DOSSIER = "gara-200-documenti"
BATCH = 500
PROVINCES = [
    "cuneo",
    "modena",
    "ferrara",
    "bergamo",
    "brescia",
    "padova",
    "verona",
    "vicenza",
    "treviso",
    "lecce",
    "salerno",
    "perugia",
    "ancona",
    "pesaro-e-urbino",
    "pisa",
    "lucca",
    "parma",
    "piacenza",
    "cremona",
    "mantova",
    "asti",
]
PROCEDURES = [("10", 35), ("5", 25), ("6", 25), ("4", 8), ("9", 5), ("11", 2)]
OBJECTS = [("lavori", 45), ("servizi", 35), ("forniture", 20)]
CPV_BY_OBJECT = {
    "lavori": ["45233141", "45233120", "45214200", "45453000", "45262700", "45221111"],
    "servizi": ["55524000", "90511000", "71000000", "79100000", "72000000", "85311000"],
    "forniture": ["30213000", "39160000", "09310000", "34144900", "33140000", "15800000"],
}
STATES = [
    (lifecycle.BOZZA, 10),
    (lifecycle.ISTRUTTORIA, 10),
    (lifecycle.APPROVATO_COMUNE, 5),
    (lifecycle.PRONTO_PUBBLICAZIONE, 5),
    (lifecycle.PUBBLICATO, 20),
    (lifecycle.IN_VALUTAZIONE, 10),
    (lifecycle.AGGIUDICATO, 10),
    (lifecycle.CONTRATTO_STIPULATO, 10),
    (lifecycle.CHIUSO, 15),
    (lifecycle.ANNULLATO, 3),
    (lifecycle.DESERTO, 2),
]
PDF = b"%PDF-1.4\n" + b"0" * 2048 + b"\n%%EOF\n"


def weighted(rng, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights)[0]


def cig(number):
    """A valid Simog v1 CIG from a number."""
    return f"{number:07d}{number * 211 % 4091:03X}"


def province_of(index, n_total, rng, provinces):
    if index < n_total // 2:
        return "cuneo"
    others = provinces[1:]
    weights = [1 / (rank + 1) for rank in range(len(others))]
    return rng.choices(others, weights=weights)[0]


def set_state(workflow, dossier, state):
    # Write the state id straight away (no transition, guards or mails): the
    # listing reads only the catalog's review_state.
    (chain,) = workflow.getChainFor(dossier)
    status = dict(workflow.getStatusOf(chain, dossier) or {})
    status["review_state"] = state
    workflow.setStatusOf(chain, dossier, status)


def add_documents(container, count, prefix):
    for number in range(count):
        createContentInContainer(
            container,
            "File",
            checkConstraints=False,
            id=f"{prefix}-{number:03d}",
            title=f"Documento {number + 1}",
            file=NamedBlobFile(PDF, contentType="application/pdf", filename=f"doc{number}.pdf"),
        )


def make_dossier(site, workflow, index, n_total, rng, today, provinces):
    province = province_of(index, n_total, rng, provinces)
    community = site["province"][province]
    comuni = territories.comuni_of(community.istat_code)
    # Bigger Comuni (first in ISTAT order are not bigger; a skew is enough).
    comune = comuni[min(int(rng.expovariate(1 / 20)), len(comuni) - 1)].istat_code
    contract_object = weighted(rng, OBJECTS)
    cpvs = CPV_BY_OBJECT[contract_object]
    amount = Decimal(int(math.exp(rng.uniform(math.log(20_000), math.log(8_000_000)))))
    n_lots = rng.choice([1, 1, 1, 2, 3])
    lot_amounts = [amount // n_lots] * (n_lots - 1)
    lot_amounts.append(amount - sum(lot_amounts))
    publication = today + timedelta(days=rng.randint(-240, 90))
    offer = datetime.combine(publication + timedelta(days=rng.randint(15, 40)), datetime.min.time())
    dossier = createContentInContainer(
        community,
        "TenderDossier",
        checkConstraints=False,
        id=f"gara-{index:05d}",
        title=f"Gara {index:05d}: {rng.choice(['manutenzione', 'fornitura', 'servizio', 'lavori'])}"
        f" {rng.choice(['strade', 'scuole', 'mensa', 'illuminazione', 'verde', 'uffici'])}",
        commissioning_comune=comune,
        contract_object=contract_object,
        procedure=weighted(rng, PROCEDURES),
        award_criterion=rng.choice(["priceOnly", "ratedCriteria"]),
        main_cpv=rng.choice(cpvs),
        secondary_cpvs=rng.sample(cpvs, rng.choice([0, 0, 1, 2])),
        total_amount=amount,
        lots=[
            {
                "cig": cig(index * 10 + number + 1),
                "subject": f"Lotto {number + 1}",
                "amount": lot_amount,
                "cpv": rng.choice(cpvs),
                "status": "IN_LAV",
            }
            for number, lot_amount in enumerate(lot_amounts)
        ],
        rup=f"rup-{province}-{rng.randint(1, 5)}",
        decision_date=publication - timedelta(days=rng.randint(5, 30)),
        publication_date=publication,
        offer_deadline=offer.replace(hour=12),
        opening_session=offer.replace(hour=10) + timedelta(days=rng.randint(1, 5)),
    )
    return dossier


def populate_dossiers(site, n_total, n_with_docs, rng, today):
    workflow = api.portal.get_tool("portal_workflow")
    catalog = api.portal.get_tool("portal_catalog")
    existing = len(catalog.unrestrictedSearchResults(portal_type="TenderDossier"))
    created = 0
    with_docs = set(rng.sample(range(n_total), n_with_docs))
    ids = set(site["province"].objectIds())
    provinces = [province for province in PROVINCES if province in ids]
    for index in range(existing, n_total):
        dossier = make_dossier(site, workflow, index, n_total, rng, today, provinces)
        if index in with_docs:
            add_documents(dossier, 10, "documento")
        # The state last: a closed dossier (an archived fascicolo) refuses additions.
        set_state(workflow, dossier, weighted(rng, STATES))
        dossier.reindexObject(idxs=["review_state"])
        created += 1
        if created % BATCH == 0:
            transaction.commit()
            print(f"{index + 1} dossiers", flush=True)
    transaction.commit()
    cuneo = site["province"]["cuneo"]
    if BIG_DOSSIER not in cuneo:
        big = createContentInContainer(
            cuneo,
            "TenderDossier",
            checkConstraints=False,
            id=BIG_DOSSIER,
            title="Gara con 200 documenti",
            commissioning_comune="004078",
            contract_object="lavori",
            procedure="6",
            award_criterion="ratedCriteria",
            main_cpv="45233141",
            total_amount=Decimal("2500000.00"),
            lots=[
                {
                    "cig": "9050626CD6",
                    "subject": "Lotto unico",
                    "amount": Decimal("2500000.00"),
                    "cpv": "45233141",
                    "status": "IN_LAV",
                }
            ],
            rup="rup-cuneo-1",
            publication_date=today - timedelta(days=10),
            offer_deadline=datetime.combine(today + timedelta(days=20), datetime.min.time()),
        )
        add_documents(big, 200, "documento")
        transaction.commit()
    return created


def populate_stock(site, n_total, rng, today):
    """The stock comparable: Documents in a plain Folder, and a folder of 200 files."""
    if "stock" not in site:
        api.content.create(container=site, type="Folder", id="stock", title="Stock")
        transaction.commit()
    folder = site["stock"]
    existing = len(folder.objectIds())
    for index in range(existing, n_total):
        createContentInContainer(
            folder,
            "Document",
            checkConstraints=False,
            id=f"doc-{index:05d}",
            title=f"Documento {index:05d}",
            subject=(rng.choice(["strade", "scuole", "mensa", "verde"]),),
            effective=datetime.combine(
                today - timedelta(days=rng.randint(0, 700)), datetime.min.time()
            ),
        )
        if (index + 1) % BATCH == 0:
            transaction.commit()
    transaction.commit()
    if "stock-200" not in site:
        big = api.content.create(container=site, type="Folder", id="stock-200", title="Stock 200")
        add_documents(big, 200, "documento")
        transaction.commit()


def main(app):
    n_total = int(os.environ.get("BENCH_DOSSIERS", "10000"))
    n_with_docs = int(os.environ.get("BENCH_WITH_DOCS", "1000"))
    user = os.environ.get("PC_ADMIN_USER", "admin")
    if ensure_admin(app.acl_users, user, os.environ.get("PC_ADMIN_PASSWORD", "admin"), app.REQUEST):
        transaction.commit()
    newSecurityManager(None, app.acl_users.getUser(user).__of__(app.acl_users))
    site, created = ensure_site(app, SITE_ID)
    if created:
        transaction.commit()
    setSite(site)
    rng = random.Random(2027)  # noqa: S311 - reproducible data, not security
    today = date.today()
    timings = {"dossiers": n_total, "with_documents": n_with_docs}
    started = time.monotonic()
    timings["created_dossiers"] = populate_dossiers(site, n_total, n_with_docs, rng, today)
    timings["dossiers_s"] = round(time.monotonic() - started, 1)
    started = time.monotonic()
    populate_stock(site, int(os.environ.get("BENCH_STOCK", n_total)), rng, today)
    timings["stock_s"] = round(time.monotonic() - started, 1)
    print(json.dumps(timings))


main(app)  # noqa: F821 - ``app`` is given by zconsole
app._p_jar.db().close()  # noqa: F821 - a clean close keeps the FileStorage index
