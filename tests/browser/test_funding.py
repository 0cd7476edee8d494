"""SAPE in a real browser: the public catalogue, alerts, a proposal for a call."""

from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from provincecomuni.funding import alerts
from provincecomuni.funding import dates
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select
from selenium.webdriver.support.ui import WebDriverWait

import datetime
import pytest
import transaction


pytestmark = pytest.mark.browser

PASSWORD = "Operatore-2026!"  # noqa: S105 - a test user's password


def click(browser, element) -> None:
    browser.execute_script(
        "arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", element
    )
    element.click()


@pytest.fixture
def calls(functional_portal):
    portal = functional_portal
    setRoles(portal, TEST_USER_ID, ["Manager"])
    section = portal["bandi-europei"]
    today = dates.today()
    day = datetime.timedelta(days=1)
    specs = [
        ("HORIZON-CL5-OPEN", "Comunità energetiche", "horizon-europe", today - 10 * day, 30),
        ("LIFE-NAT-OPEN", "Natura e biodiversità", "life", today - 5 * day, 20),
        ("LIFE-CLIMA-OPEN", "Adattamento climatico", "life", today, 60),
        ("LIFE-SOON", "Bando LIFE in apertura", "life", today + 5 * day, 90),
        ("LIFE-PAST", "Bando LIFE chiuso", "life", today - 90 * day, -30),
    ]
    for identifier, title, programme, opening, days in specs:
        call = api.content.create(
            container=section,
            type="FundingCall",
            id=identifier.lower(),
            title=title,
            identifier=identifier,
            programme=programme,
            opening_date=opening,
            deadlines=[today + days * day],
            beneficiaries=["comuni"],
        )
        api.content.transition(obj=call, transition="pubblica")
    setRoles(portal, TEST_USER_ID, ["Member"])
    transaction.commit()
    return specs


def test_anonymous_visitor_filters_open_calls_by_programme(
    chromium, site_url, calls, assert_accessible
):
    browser = chromium
    browser.get(f"{site_url}/bandi-europei")
    rows = browser.find_elements(By.CSS_SELECTOR, "tr.pc-funding-call")
    # Open calls only, nearest deadline first.
    assert [r.get_attribute("data-identifier") for r in rows] == [
        "LIFE-NAT-OPEN",
        "HORIZON-CL5-OPEN",
        "LIFE-CLIMA-OPEN",
    ]
    programme = Select(browser.find_element(By.ID, "pc-filter-programme"))
    life = next(o for o in programme.options if o.get_attribute("value") == "life")
    assert life.text == "LIFE (2)"
    programme.select_by_value("life")
    click(browser, browser.find_element(By.ID, "pc-filter-submit"))
    WebDriverWait(browser, 15).until(EC.url_contains("programme=life"))
    rows = browser.find_elements(By.CSS_SELECTOR, "tr.pc-funding-call")
    assert [r.get_attribute("data-identifier") for r in rows] == [
        "LIFE-NAT-OPEN",
        "LIFE-CLIMA-OPEN",
    ]
    assert {r.find_element(By.CSS_SELECTOR, ".pc-funding-state").text for r in rows} == {"Aperto"}
    state = Select(browser.find_element(By.ID, "pc-filter-state"))
    counts = {o.get_attribute("value"): o.get_attribute("data-count") for o in state.options}
    assert counts == {"forthcoming": "1", "open": "2", "closed": "1", "all": "4"}
    assert_accessible(browser)
    # The call's own page says it is open, from its dates.
    click(browser, rows[0].find_element(By.TAG_NAME, "a"))
    WebDriverWait(browser, 15).until(EC.url_contains("/bandi-europei/life-nat-open"))
    assert browser.find_element(By.CSS_SELECTOR, ".pc-call-state").text == "Stato: Aperto"
    assert_accessible(browser)


@pytest.fixture
def member(functional_portal):
    api.user.create(email="sindaco@example.org", username="sindaco", password=PASSWORD)
    transaction.commit()
    return "sindaco"


def test_logged_in_user_subscribes_to_alerts(
    chromium, login, site_url, functional_portal, member, assert_accessible
):
    browser = chromium
    login(browser, member, PASSWORD)
    browser.get(f"{site_url}/bandi-europei/@@funding-alerts")
    click(browser, browser.find_element(By.ID, "pc-alert-programme-life"))
    click(browser, browser.find_element(By.ID, "pc-alert-beneficiary-comuni"))
    browser.find_element(By.ID, "pc-alert-keywords").send_keys("energia, scuole")
    click(browser, browser.find_element(By.ID, "pc-alert-daily"))
    click(browser, browser.find_element(By.ID, "pc-alert-save"))
    WebDriverWait(browser, 15).until(
        EC.presence_of_element_located((By.CSS_SELECTOR, ".pc-alerts-saved"))
    )
    assert browser.find_element(By.ID, "pc-alert-programme-life").is_selected()
    assert_accessible(browser)
    transaction.begin()
    userid = api.user.get(username=member).getId()
    assert alerts.get_subscription(functional_portal, userid) == {
        "programmes": ["life"],
        "beneficiaries": ["comuni"],
        "keywords": ["energia", "scuole"],
        "frequency": "daily",
    }


@pytest.fixture
def operator(functional_portal):
    api.user.create(email="operatore@example.org", username="operatore", password=PASSWORD)
    community = functional_portal["province"]["cuneo"]
    api.user.grant_roles(username="operatore", obj=community, roles=["Editor"])
    transaction.commit()
    return "operatore"


def test_province_operator_creates_a_proposal_for_a_call(
    chromium, login, site_url, calls, operator, functional_portal
):
    browser = chromium
    login(browser, operator, PASSWORD)
    browser.get(f"{site_url}/province/cuneo/++add++ProjectProposal")
    browser.find_element(By.ID, "form-widgets-IBasic-title").send_keys("Parco fluviale Stura")
    browser.find_element(By.ID, "form-widgets-call_identifier").send_keys("LIFE-NAT-OPEN")
    browser.find_element(By.ID, "form-widgets-lead_applicant_name").send_keys("Comune di Cuneo")
    browser.find_element(By.ID, "form-widgets-lead_applicant_fiscal_code").send_keys("00480530047")
    click(browser, browser.find_element(By.ID, "form-buttons-save"))
    WebDriverWait(browser, 15).until(EC.url_contains("/province/cuneo/parco-fluviale-stura"))
    assert "Parco fluviale Stura" in browser.find_element(By.TAG_NAME, "h1").text
    transaction.begin()
    proposal = functional_portal["province"]["cuneo"]["parco-fluviale-stura"]
    assert proposal.call_identifier == "LIFE-NAT-OPEN"
    assert proposal.lead_applicant_fiscal_code == "00480530047"
    assert api.content.get_state(proposal) == "idea"
    assert proposal.Creator() == "operatore"
