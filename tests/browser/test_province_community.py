"""What a person sees on a Province community page, in a real browser."""

from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from plone.app.testing import TEST_USER_NAME
from plone.app.testing import TEST_USER_PASSWORD
from selenium.webdriver.common.by import By

import pytest
import re
import transaction


pytestmark = pytest.mark.browser

COMMUNITY = "province/cuneo"


@pytest.fixture
def site_administrator(functional_portal):
    """The test user, a Site Administrator: may see the private communities."""
    setRoles(functional_portal, TEST_USER_ID, ["Member", "Site Administrator"])
    transaction.commit()
    return TEST_USER_NAME, TEST_USER_PASSWORD


@pytest.fixture
def community_page(chromium, login, site_url, site_administrator):
    """The Cuneo community page, as a logged-in Site Administrator sees it."""
    login(chromium, *site_administrator)
    chromium.get(f"{site_url}/{COMMUNITY}")
    return chromium


def click(browser, element) -> None:
    """Click like a person: bring the element to the middle of the window first.

    Instantly: Bootstrap makes scrolling smooth, and a click during the animation
    lands on whatever is passing under the pointer.
    """
    browser.execute_script(
        "arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", element
    )
    element.click()


def text_of(browser, selector: str) -> str:
    return browser.find_element(By.CSS_SELECTOR, selector).text.strip()


def test_logged_in_user_sees_the_province_community(community_page):
    browser = community_page
    assert text_of(browser, "h1") == "Cuneo"
    assert text_of(browser, ".pc-identity .pc-istat-code") == "004"
    assert text_of(browser, ".pc-identity .pc-sigla") == "CN"
    assert text_of(browser, ".pc-identity .pc-region") == "Piemonte"
    assert text_of(browser, ".pc-identity .pc-fiscal-code") == "00447820044"

    rows = browser.find_elements(By.CSS_SELECTOR, "table.pc-comuni-table tbody tr")
    assert len(rows) == 247
    # One round trip for the 247 rows: [name, ISTAT code, codice fiscale, services].
    table = browser.execute_script(
        "return [...document.querySelectorAll('table.pc-comuni-table tbody tr')]"
        ".map((tr) => [...tr.cells].map((cell) => cell.innerText.trim()));"
    )
    by_name = {row[0]: row for row in table}
    assert "Alba" in by_name
    assert "Cuneo" in by_name
    assert by_name["Cuneo"][1] == "004078"
    # No Comune has joined the services yet: every row says so.
    assert not browser.find_elements(By.CSS_SELECTOR, "table.pc-comuni-table .pc-joined")
    not_joined = browser.find_elements(By.CSS_SELECTOR, "table.pc-comuni-table .pc-not-joined")
    assert len(not_joined) == 247

    # "247 Comuni, 0 of which joined the services.", in whatever wording.
    assert re.findall(r"\d+", text_of(browser, ".pc-comuni-summary")) == ["247", "0"]

    # The page speaks Italian, and the global navigation holds the sections only.
    assert text_of(browser, "#pc-comuni-title") == "Comuni"
    assert text_of(browser, "#pc-latest-title") == "Ultimi documenti"
    tabs = [a.text for a in browser.find_elements(By.CSS_SELECTOR, "#portal-globalnav > li > a")]
    assert tabs == [
        "Home",
        "Province",
        "Reti tematiche",
        "Buone pratiche",
        "Formazione",
        "Bandi europei",
        "Archivio",
        "Agenda digitale",
    ]
    assert not browser.find_elements(By.CSS_SELECTOR, "#portal-globalnav .has_subtree")


def test_anonymous_visitor_does_not_see_the_private_community(chromium, site_url):
    chromium.get(f"{site_url}/{COMMUNITY}")
    # Plone sends an anonymous visitor to the login form instead of the page.
    assert chromium.find_elements(By.ID, "__ac_name"), chromium.current_url
    assert not chromium.find_elements(By.CSS_SELECTOR, ".pc-province-community")
    assert "00447820044" not in chromium.page_source
    assert "pc-comuni-table" not in chromium.page_source


def test_province_community_page_is_accessible(community_page, assert_accessible):
    # Guard: the check runs on the community page, not on a login or error page.
    assert community_page.find_elements(By.CSS_SELECTOR, ".pc-province-community")
    assert_accessible(community_page)


def test_editor_records_which_comuni_joined_the_services(community_page, site_url):
    browser = community_page
    browser.get(f"{site_url}/{COMMUNITY}/edit")
    click(browser, browser.find_element(By.LINK_TEXT, "Comuni"))  # the form's tab
    # The Comuni of this Province (and only those) are offered, as checkboxes.
    boxes = browser.find_elements(By.CSS_SELECTOR, "input[name='form.widgets.joined_comuni:list']")
    assert len(boxes) == 247
    for istat_code in ("004003", "004029"):  # Alba, Bra
        box = browser.find_element(
            By.CSS_SELECTOR, f"input[name='form.widgets.joined_comuni:list'][value='{istat_code}']"
        )
        click(browser, box)
    click(browser, browser.find_element(By.ID, "form-buttons-save"))

    assert browser.current_url.rstrip("/").endswith(COMMUNITY)
    assert re.findall(r"\d+", text_of(browser, ".pc-comuni-summary")) == ["247", "2"]
    joined = browser.execute_script(
        "return [...document.querySelectorAll('table.pc-comuni-table tbody tr')]"
        ".filter((tr) => tr.querySelector('.pc-joined'))"
        ".map((tr) => tr.cells[0].innerText.trim());"
    )
    assert joined == ["Alba", "Bra"]
    assert text_of(browser, "table.pc-comuni-table .pc-joined") == "Aderente"


def test_anonymous_visitor_sees_an_accessible_welcome_page(chromium, site_url, assert_accessible):
    chromium.get(site_url)
    assert text_of(chromium, "h1") == "Province & Comuni"
    assert "Stazione Unica Appaltante" in text_of(chromium, "#content-core")
    link = chromium.find_element(By.LINK_TEXT, "community delle Province")
    assert link.get_attribute("href").rstrip("/") == f"{site_url}/province"
    assert_accessible(chromium)


def test_province_section_lists_the_communities_by_region(
    chromium, login, site_url, site_administrator, assert_accessible
):
    login(chromium, *site_administrator)
    chromium.get(f"{site_url}/province")
    regions = [h.text for h in chromium.find_elements(By.CSS_SELECTOR, ".pc-region h2")]
    assert len(regions) == 15
    assert regions[0] == "Piemonte"
    rows = chromium.find_elements(By.CSS_SELECTOR, ".pc-region-table tbody tr")
    assert len(rows) == 76
    click(chromium, chromium.find_element(By.LINK_TEXT, "Cuneo"))
    assert text_of(chromium, "h1") == "Cuneo"
    chromium.back()
    assert_accessible(chromium)
