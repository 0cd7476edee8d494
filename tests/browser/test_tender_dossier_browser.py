"""A tender dossier in a real browser: its page, and the CPV search of its add form."""

from decimal import Decimal
from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from plone.app.testing import TEST_USER_NAME
from plone.app.testing import TEST_USER_PASSWORD
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

import pytest
import transaction


pytestmark = pytest.mark.browser

MAIN_CPV = "#formfield-form-widgets-main_cpv"


@pytest.fixture
def operator(functional_portal):
    """The test user as a Site Administrator, and a dossier of Cuneo with two lots."""
    setRoles(functional_portal, TEST_USER_ID, ["Member", "Site Administrator"])
    with api.env.adopt_roles(["Manager"]):
        api.content.create(
            container=functional_portal["province"]["cuneo"],
            type="TenderDossier",
            id="gara-strade",
            title="Manutenzione strade comunali 2027",
            commissioning_comune="004078",
            contract_object="lavori",
            procedure="6",
            award_criterion="ratedCriteria",
            main_cpv="45233141",
            total_amount=Decimal("350000.00"),
            lots=[
                {
                    "cig": "9050626CD6",
                    "subject": "Strade del centro",
                    "amount": Decimal("200000.00"),
                    "cpv": "45233141",
                    "status": "IN_LAV",
                },
                {
                    "cig": "B7E26B1DC7",
                    "subject": "Strade delle frazioni",
                    "amount": Decimal("150000.00"),
                    "cpv": None,
                    "status": "IN_LAV",
                },
            ],
        )
    transaction.commit()
    return TEST_USER_NAME, TEST_USER_PASSWORD


def test_the_dossier_page_is_readable_and_accessible(
    chromium, login, site_url, operator, assert_accessible
):
    login(chromium, *operator)
    chromium.get(f"{site_url}/province/cuneo/gara-strade")
    assert chromium.find_element(By.CSS_SELECTOR, "h1").text == "Manutenzione strade comunali 2027"
    rows = chromium.find_elements(By.CSS_SELECTOR, ".tender-lots tbody tr")
    assert [row.find_element(By.CSS_SELECTOR, "code").text for row in rows] == [
        "9050626CD6",
        "B7E26B1DC7",
    ]
    summary = chromium.find_element(By.CSS_SELECTOR, ".tender-summary").text
    assert "Offerta economicamente più vantaggiosa" in summary
    assert "350.000,00 €" in summary
    total = chromium.find_element(By.CSS_SELECTOR, ".tender-lots tfoot").text
    assert "Totale dei lotti" in total and "350.000,00 €" in total
    assert_accessible(chromium)


def test_the_add_form_suggests_cpv_codes_as_the_user_types(chromium, login, site_url, operator):
    login(chromium, *operator)
    chromium.get(f"{site_url}/province/cuneo/++add++TenderDossier")
    wait = WebDriverWait(chromium, 20)
    # The lots grid is there, with one empty row to fill.
    wait.until(EC.presence_of_element_located((By.ID, "formfield-form-widgets-lots")))
    # Open the CPV tab and the select2 box of the main CPV, then type.
    tab = wait.until(
        EC.element_to_be_clickable((By.XPATH, "//nav//a[normalize-space()='CPV e CUP']"))
    )
    tab.click()
    box = wait.until(
        EC.element_to_be_clickable(
            (
                By.CSS_SELECTOR,
                MAIN_CPV + " .select2-choices, " + MAIN_CPV + " .select2-choice",
            )
        )
    )
    box.click()
    field = wait.until(
        EC.visibility_of_element_located(
            (
                By.CSS_SELECTOR,
                ".select2-drop-active input.select2-input, " + MAIN_CPV + " input.select2-input",
            )
        )
    )
    field.send_keys("manutenzione stradale")
    wait.until(
        EC.visibility_of_element_located(
            (By.XPATH, "//*[contains(@class,'select2-result')][contains(., '45233141')]")
        )
    )
    # Narrow down by code, as users do once they see it, and pick the only match.
    field.send_keys(Keys.CONTROL, "a")
    field.send_keys("45233141")

    def only_match(browser):
        results = browser.find_elements(By.CSS_SELECTOR, ".select2-drop-active .select2-result")
        texts = [r.text for r in results if r.is_displayed()]
        return texts if len(texts) == 1 and texts[0].startswith("45233141") else False

    (text,) = wait.until(only_match)
    assert text == "45233141 - Lavori di manutenzione stradale"
    field.send_keys(Keys.ENTER)
    value = chromium.find_element(By.NAME, "form.widgets.main_cpv").get_attribute("value")
    assert value == "45233141"
