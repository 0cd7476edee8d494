"""Fill the bench site with funding calls through the CSV import, and time the import.

Run inside Zope by ``bench/funding.sh`` (``zconsole run``). Creates the site ``pc``
if missing, then imports ``BENCH_CALLS`` (default 5,000) generated calls, published;
a second import of the same file is timed too (every row unchanged). Prints one JSON
line with the timings.
"""

from AccessControl.SecurityManagement import newSecurityManager
from datetime import date
from datetime import timedelta
from provincecomuni.domain import territories
from provincecomuni.funding import importer
from provincecomuni.setuphandlers.site import ensure_admin
from provincecomuni.setuphandlers.site import ensure_site
from zope.component.hooks import setSite

import csv
import io
import json
import os
import random
import time
import transaction


SITE_ID = "pc"
PROGRAMMES = ["horizon-europe", "life", "interreg", "erasmus-plus", "cerv", "digital-europe"]
PROGRAMMES += ["cef", "fse-plus", "fesr", "pnrr", "fsc", "nazionale", "regionale"]
BENEFICIARIES = ["comuni", "province", "unioni", "enti-pubblici", "associazioni", "imprese"]
WORDS = [
    "energia",
    "clima",
    "scuole",
    "mobilità",
    "digitale",
    "cultura",
    "inclusione",
    "acqua",
    "turismo",
    "sanità",
]


def generate(n_calls, today):
    rng = random.Random(2026)  # noqa: S311 - reproducible data, not security
    siglas = [p.sigla for p in territories.provinces()]
    out = io.StringIO()
    columns = [
        "identifier",
        "title",
        "programme",
        "management",
        "beneficiaries",
        "provinces",
        "opening_date",
        "deadline_model",
        "deadlines",
        "total_budget",
        "cofinancing_rate",
        "keywords",
    ]
    writer = csv.writer(out, delimiter=";")
    writer.writerow(columns)
    for number in range(n_calls):
        programme = PROGRAMMES[number % len(PROGRAMMES)]
        opening = today + timedelta(days=rng.randint(-720, 240))
        first = opening + timedelta(days=rng.randint(20, 200))
        model = rng.choice(["single-stage", "single-stage", "two-stage", "multiple-cut-off"])
        deadlines = [first]
        if model != "single-stage":
            deadlines.append(first + timedelta(days=rng.randint(30, 150)))
        words = rng.sample(WORDS, 2)
        writer.writerow(
            [
                f"BENCH-{programme.upper()}-{number:05d}",
                f"Bando {words[0]} e {words[1]} n. {number}",
                programme,
                "direct" if number % 3 == 0 else "indirect",
                "|".join(rng.sample(BENEFICIARIES, 2)),
                "" if number % 2 else "|".join(rng.sample(siglas, 3)),
                opening.isoformat(),
                model,
                "|".join(d.isoformat() for d in deadlines),
                str(rng.randint(1, 200) * 100_000),
                str(rng.choice([50, 60, 80, 100])),
                "|".join(words),
            ]
        )
    return out.getvalue().encode("utf-8")


def main(app):
    n_calls = int(os.environ.get("BENCH_CALLS", "5000"))
    user = os.environ.get("PC_ADMIN_USER", "admin")
    if ensure_admin(app.acl_users, user, os.environ.get("PC_ADMIN_PASSWORD", "admin"), app.REQUEST):
        transaction.commit()
    newSecurityManager(None, app.acl_users.getUser(user).__of__(app.acl_users))
    site, created = ensure_site(app, SITE_ID)
    if created:
        transaction.commit()
    setSite(site)
    data = generate(n_calls, date.today())
    section = site["bandi-europei"]
    timings = {"calls": n_calls}
    started = time.monotonic()
    report = importer.import_data(section, data, "csv", publish=True)
    transaction.commit()
    timings["import_s"] = round(time.monotonic() - started, 1)
    timings["created"] = len(report.created)
    timings["unchanged"] = len(report.unchanged)
    timings["rejected"] = len(report.rejected)
    started = time.monotonic()
    again = importer.import_data(section, data, "csv", publish=True)
    transaction.commit()
    timings["reimport_s"] = round(time.monotonic() - started, 1)
    timings["reimport_unchanged"] = len(again.unchanged)
    print(json.dumps(timings))


main(app)  # noqa: F821 - ``app`` is given by zconsole
app._p_jar.db().close()  # noqa: F821 - a clean close keeps the FileStorage index
