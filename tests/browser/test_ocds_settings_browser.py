"""OCDS in a real browser: a site administrator sets the ocid prefix in Site Setup."""

from decimal import Decimal
from pathlib import Path
from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from plone.app.testing import TEST_USER_NAME
from plone.app.testing import TEST_USER_PASSWORD
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

import pytest
import transaction


pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).parent / "artifacts"


def click(browser, element):
    browser.execute_script(
        "arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", element
    )
    element.click()


@pytest.fixture
def site_administrator(functional_portal):
    setRoles(functional_portal, TEST_USER_ID, ["Member", "Site Administrator"])
    transaction.commit()


@pytest.fixture
def dossier(functional_portal):
    """A dossier's path (the test user is its owner and may view it)."""
    with api.env.adopt_roles(["Manager"]):
        api.content.create(
            container=functional_portal["province"]["cuneo"],
            type="TenderDossier",
            id="gara-verde",
            title="Manutenzione del verde",
            commissioning_comune="004078",
            contract_object="servizi",
            procedure="6",
            award_criterion="priceOnly",
            main_cpv="77310000",
            total_amount=Decimal("90000.00"),
            lots=[
                {
                    "cig": "9050626CD6",
                    "subject": "Verde",
                    "amount": Decimal("90000.00"),
                    "cpv": "77310000",
                    "status": "IN_LAV",
                }
            ],
        )
    transaction.commit()
    return "province/cuneo/gara-verde"


def _save_prefix(browser, wait, value):
    field = wait.until(EC.presence_of_element_located((By.NAME, "form.widgets.ocid_prefix")))
    field.clear()
    field.send_keys(value)
    click(browser, browser.find_element(By.NAME, "form.buttons.save"))
    wait.until(EC.staleness_of(field))  # the answer to the submission has loaded
    wait.until(EC.presence_of_element_located((By.NAME, "form.widgets.ocid_prefix")))


def test_a_site_administrator_sets_the_ocid_prefix(
    chromium, login, site_url, site_administrator, dossier, assert_accessible
):
    browser = chromium
    wait = WebDriverWait(browser, 15)
    login(browser, TEST_USER_NAME, TEST_USER_PASSWORD)

    browser.get(f"{site_url}/@@overview-controlpanel")
    # The tile of Site Setup > Generale.
    link = wait.until(
        EC.visibility_of_element_located((By.CSS_SELECTOR, "a.btn[href$='/@@ocds-settings']"))
    )
    assert link.text.strip().endswith("Dati aperti OCDS")
    click(browser, link)
    wait.until(lambda b: b.current_url.endswith("/@@ocds-settings"))
    assert "Prefisso OCID" in browser.find_element(By.TAG_NAME, "body").text

    _save_prefix(browser, wait, "OCDS-12")
    error = wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, ".invalid-feedback")))
    assert "non è un prefisso OCDS" in error.text
    ARTIFACTS.mkdir(exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / "ocds_prefix_refused.png"))
    assert_accessible(browser)

    _save_prefix(browser, wait, "ocds-213czf")
    saved = (By.CSS_SELECTOR, ".alert-info, .portalMessage")
    message = wait.until(EC.presence_of_element_located(saved))
    assert "Modifiche memorizzate" in message.text
    # The release of a dossier now carries the new prefix.
    browser.get(f"{site_url}/++api++/{dossier}/@ocds")
    assert '"ocid": "ocds-213czf-' in browser.find_element(By.TAG_NAME, "body").text
    browser.get(f"{site_url}/@@ocds-settings")
    field = wait.until(EC.presence_of_element_located((By.NAME, "form.widgets.ocid_prefix")))
    assert field.get_attribute("value") == "ocds-213czf"
