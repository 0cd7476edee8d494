"""A SUA operator generates a draft document from the dossier page, in a real browser."""

from decimal import Decimal
from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from plone.app.testing import TEST_USER_NAME
from plone.app.testing import TEST_USER_PASSWORD
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select
from selenium.webdriver.support.ui import WebDriverWait

import pathlib
import pytest
import transaction


ARTIFACTS = pathlib.Path(__file__).parent / "artifacts"


pytestmark = pytest.mark.browser


@pytest.fixture
def operator(functional_portal):
    setRoles(functional_portal, TEST_USER_ID, ["Member", "Site Administrator"])
    with api.env.adopt_roles(["Manager"]):
        api.content.create(
            container=functional_portal["province"]["cuneo"],
            type="TenderDossier",
            id="gara-arredi",
            title="Fornitura arredi scolastici",
            commissioning_comune="004003",
            contract_object="forniture",
            procedure="6",
            award_criterion="priceOnly",
            main_cpv="39160000",
            total_amount=Decimal("250000.00"),
            lots=[
                {
                    "cig": "9050626CD6",
                    "subject": "Banchi e sedie",
                    "amount": Decimal("250000.00"),
                    "cpv": "39160000",
                    "status": "IN_LAV",
                }
            ],
            procedure_confirmed=True,
        )
    transaction.commit()
    return TEST_USER_NAME, TEST_USER_PASSWORD


def test_generate_a_document_from_the_dossier_page(
    chromium, login, site_url, operator, assert_accessible
):
    login(chromium, *operator)
    chromium.get(f"{site_url}/province/cuneo/gara-arredi")
    wait = WebDriverWait(chromium, 20)
    package = chromium.find_element(By.LINK_TEXT, "Pacchetto di pubblicazione (ZIP)")
    assert package.get_attribute("href").endswith("/gara-arredi/@@pacchetto-pubblicazione")
    ARTIFACTS.mkdir(exist_ok=True)
    chromium.save_screenshot(str(ARTIFACTS / "documents_dossier_page.png"))
    chromium.find_element(By.LINK_TEXT, "Genera documento").click()
    wait.until(EC.presence_of_element_located((By.ID, "generate-document")))
    chromium.save_screenshot(str(ARTIFACTS / "documents_generate_form.png"))
    assert_accessible(chromium)
    Select(chromium.find_element(By.ID, "generate-document-kind")).select_by_visible_text(
        "Determina a contrarre"
    )
    chromium.find_element(By.ID, "generate-document-pdf").click()
    chromium.find_element(By.CSS_SELECTOR, "#generate-document button[type=submit]").click()
    missing = (
        "//*[contains(@class, 'alert') or @role='alert']"
        "[contains(., 'Dati da completare nel documento')]"
    )
    warning = wait.until(EC.presence_of_element_located((By.XPATH, missing)))
    assert "RUP" in warning.text
    assert "/gara-arredi/atti-preliminari/determina-a-contrarre" in chromium.current_url
    assert "Determina a contrarre (PDF)" in chromium.find_element(By.CSS_SELECTOR, "h1").text
