"""The "Verifiche sui requisiti" section of a dossier in a browser: badges, links, accessibility."""

from datetime import date
from datetime import timedelta
from decimal import Decimal
from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from plone.app.testing import TEST_USER_NAME
from plone.app.testing import TEST_USER_PASSWORD
from plone.namedfile.file import NamedBlobFile
from provincecomuni.procurement import checks
from selenium.webdriver.common.by import By

import pytest
import transaction


pytestmark = pytest.mark.browser

ACME = "01234560017"
BETA = "09876540015"


@pytest.fixture
def dossier_with_checks(functional_portal):
    setRoles(functional_portal, TEST_USER_ID, ["Member", "Site Administrator"])
    today = date.today()
    with api.env.adopt_roles(["Manager"]):
        dossier = api.content.create(
            container=functional_portal["province"]["cuneo"],
            type="TenderDossier",
            id="gara-verifiche",
            title="Manutenzione strade comunali 2027",
            commissioning_comune="004078",
            contract_object="lavori",
            procedure="6",
            award_criterion="priceOnly",
            main_cpv="45233141",
            total_amount=Decimal("200000.00"),
            lots=[
                {
                    "cig": "9050626CD6",
                    "subject": "Strade del centro",
                    "amount": Decimal("200000.00"),
                    "cpv": None,
                    "status": "IN_LAV",
                }
            ],
        )
        durc = api.content.create(
            container=dossier,
            type="File",
            id="durc-acme",
            title="DURC Acme",
            file=NamedBlobFile(data=b"%PDF-1.4", filename="durc-acme.pdf"),
        )
        dossier.bidders = [
            {
                "lot": "1",
                "name": "Acme Costruzioni srl",
                "tax_code": ACME,
                "group_role": None,
                "group_name": None,
                "awardee": True,
                "offer_amount": Decimal("190000.10"),
            },
            {
                "lot": "1",
                "name": "Beta Strade spa",
                "tax_code": BETA,
                "group_role": None,
                "group_name": None,
                "awardee": False,
                "offer_amount": Decimal("195000.00"),
            },
        ]
        rows = []
        for required in checks.REQUIRED_CHECKS:
            if required.id == "soa":
                continue  # missing
            rows.append(
                {
                    "tax_code": ACME,
                    "document_type": required.document_types[0],
                    "issuer": None,
                    "requested": today - timedelta(days=20),
                    "outcome": "positivo",
                    "valid_until": today + timedelta(days=200),
                    "evidence": None,
                }
            )
        rows[5].update(valid_until=today + timedelta(days=10), evidence=durc.UID())  # DURC
        rows[2].update(outcome="negativo")  # antimafia
        rows.append(dict(rows[5], tax_code=BETA, valid_until=today - timedelta(days=1)))
        dossier.requirement_checks = rows
    transaction.commit()
    return TEST_USER_NAME, TEST_USER_PASSWORD


def test_the_awardees_checks_show_their_state(
    chromium, login, site_url, dossier_with_checks, assert_accessible
):
    login(chromium, *dossier_with_checks)
    chromium.get(f"{site_url}/province/cuneo/gara-verifiche")
    section = chromium.find_element(By.CSS_SELECTOR, ".tender-requirement-checks")
    assert section.find_element(By.CSS_SELECTOR, "h2").text == "Verifiche sui requisiti"
    heading = section.find_element(By.CSS_SELECTOR, "h3 + table.awardee-checks")
    assert heading is not None
    assert "aggiudicazione bloccata: 2 verifiche da completare" in section.text
    states = {
        row.find_elements(By.CSS_SELECTOR, "td")[1].text: row.find_element(
            By.CSS_SELECTOR, ".badge"
        ).text
        for row in section.find_elements(By.CSS_SELECTOR, ".awardee-checks tbody tr")
    }
    assert states["DURC (regolarità contributiva)"] == "In scadenza"
    assert states["Antimafia (comunicazione o White List)"] == "Esito negativo"
    assert states["Attestazione SOA (lavori)"] == "Mancante"
    assert states["Casellario giudiziale"] == "Valida"
    link = section.find_element(By.LINK_TEXT, "DURC Acme")
    assert link.get_attribute("href").endswith("/gara-verifiche/durc-acme")
    others = section.find_element(By.CSS_SELECTOR, ".expiring-checks").text
    assert "Beta Strade spa" in others and "Scaduta" in others
    chromium.execute_script("arguments[0].scrollIntoView()", section)
    assert_accessible(chromium)
