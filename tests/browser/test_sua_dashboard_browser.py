"""The SUA listing in a real browser: filter with the form, sort a column, accessible."""

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

import pytest
import transaction


pytestmark = pytest.mark.browser

DOSSIERS = (
    ("Manutenzione strade", "004078", "6", "lavori", "45233120", "350000.00", "9050626CD6"),
    ("Ristrutturazione scuola", "004003", "6", "lavori", "45214200", "1200000.00", "B7E26B1DC7"),
    ("Servizio mensa", "004003", "10", "servizi", "55524000", "95000.50", "X3D1234567"),
)


@pytest.fixture
def operator(functional_portal):
    setRoles(functional_portal, TEST_USER_ID, ["Member", "Site Administrator"])
    with api.env.adopt_roles(["Manager"]):
        for title, comune, procedure, contract_object, cpv, amount, cig in DOSSIERS:
            api.content.create(
                container=functional_portal["province"]["cuneo"],
                type="TenderDossier",
                title=title,
                commissioning_comune=comune,
                contract_object=contract_object,
                procedure=procedure,
                award_criterion="priceOnly",
                main_cpv=cpv,
                total_amount=Decimal(amount),
                lots=[
                    {
                        "cig": cig,
                        "subject": title,
                        "amount": Decimal(amount),
                        "cpv": cpv,
                        "status": "IN_LAV",
                    }
                ],
            )
    transaction.commit()
    return TEST_USER_NAME, TEST_USER_PASSWORD


def _titles(browser):
    return [
        cell.text for cell in browser.find_elements(By.CSS_SELECTOR, ".pc-sua-table tbody th a")
    ]


def _submit(browser):
    """Submit the filters and wait for the new page (the old one goes stale)."""
    form = browser.find_element(By.CSS_SELECTOR, ".pc-sua-filters")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    WebDriverWait(browser, 20).until(EC.staleness_of(form))


def _follow(browser, text):
    """Follow a link (a header below the fold: the toolbar may cover a click there)."""
    browser.get(browser.find_element(By.LINK_TEXT, text).get_attribute("href"))


def test_filter_sort_and_export_the_dossiers(
    chromium, login, site_url, operator, assert_accessible
):
    login(chromium, *operator)
    chromium.get(f"{site_url}/province/cuneo/@@gare")
    assert chromium.find_element(By.CSS_SELECTOR, "h1").text == "Gare della SUA"
    assert sorted(_titles(chromium)) == [
        "Manutenzione strade",
        "Ristrutturazione scuola",
        "Servizio mensa",
    ]
    comune = Select(chromium.find_element(By.ID, "pc-filter-comune"))
    assert [option.text for option in comune.options] == ["Tutti", "Alba (2)", "Cuneo (1)"]
    comune.select_by_visible_text("Alba (2)")
    chromium.find_element(By.ID, "pc-filter-amount-min").send_keys("100.000")
    _submit(chromium)
    assert _titles(chromium) == ["Ristrutturazione scuola"]
    # Back to Alba only, sorted by amount, descending.
    chromium.find_element(By.ID, "pc-filter-amount-min").clear()
    _submit(chromium)
    _follow(chromium, "Importo (EUR)")
    assert _titles(chromium) == ["Servizio mensa", "Ristrutturazione scuola"]
    _follow(chromium, "Importo (EUR)")
    assert _titles(chromium) == ["Ristrutturazione scuola", "Servizio mensa"]
    header = chromium.find_element(By.XPATH, "//th[a[text()='Importo (EUR)']]")
    assert header.get_attribute("aria-sort") == "descending"
    cells = chromium.find_elements(By.CSS_SELECTOR, ".pc-sua-table tbody tr td.text-end")
    assert [cell.text for cell in cells] == ["1.200.000,00", "95.000,50"]
    link = chromium.find_element(By.CSS_SELECTOR, "a.pc-sua-csv").get_attribute("href")
    assert "comune=004003" in link and "sort_on=amount" in link
    assert_accessible(chromium)
    chromium.execute_script("document.querySelector('.pc-sua-table').scrollIntoView()")
