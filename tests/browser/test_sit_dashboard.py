"""A coordinator imports a CSV, opens a Province's dashboard and compares two Provinces."""

from pathlib import Path
from plone import api
from plone.app.testing import SITE_OWNER_NAME
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select
from selenium.webdriver.support.ui import WebDriverWait

import pytest
import transaction


ARTIFACTS = Path(__file__).parent / "artifacts"


pytestmark = pytest.mark.browser

COORDINATOR = ("coordinatrice-upi", "una-password-lunga-2026")

CSV = """indicator,territory,period,value,source,collected_on
SPID_CIE_SERVICES,004003,2023,45,PA digitale 2026,2023-12-31
SPID_CIE_SERVICES,004003,2024,62,PA digitale 2026,2024-12-31
SPID_CIE_SERVICES,004003,2025,81,PA digitale 2026,2025-12-31
SPID_CIE_SERVICES,004078,2024,70,PA digitale 2026,2024-12-31
SPID_CIE_SERVICES,004078,2025,95,PA digitale 2026,2025-12-31
SPID_CIE_SERVICES,036023,2024,88,PA digitale 2026,2024-12-31
SPID_CIE_SERVICES,036023,2025,92,PA digitale 2026,2025-12-31
CLOUD_MIGRATION,004003,2025,40,PA digitale 2026,2025-12-31
CLOUD_MIGRATION,036023,2025,65,PA digitale 2026,2025-12-31
SUA_EPROCUREMENT,004,2025,85,ANAC,2025-12-31
SUA_EPROCUREMENT,036,2025,100,ANAC,2025-12-31
"""


@pytest.fixture
def coordinator(functional_portal):
    """A UPI coordinator: until the UPI role lands, a Site Administrator."""
    with api.env.adopt_user(username=SITE_OWNER_NAME):
        api.user.create(
            username=COORDINATOR[0],
            email="coordinamento@example.org",
            password=COORDINATOR[1],
            roles=("Member", "Site Administrator"),
        )
    transaction.commit()
    return COORDINATOR


def click(browser, element):
    browser.execute_script(
        "arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", element
    )
    element.click()


def table(browser, selector):
    return browser.execute_script(
        f"return [...document.querySelectorAll('{selector} tbody tr')]"
        ".map((tr) => [...tr.cells].map((cell) => cell.innerText.trim()));"
    )


def test_coordinator_imports_opens_a_dashboard_and_compares(
    chromium, login, site_url, coordinator, tmp_path, assert_accessible
):
    browser = chromium
    wait = WebDriverWait(browser, 15)
    login(browser, *coordinator)

    # Import: with one bad row nothing is imported, and the row is named.
    bad = tmp_path / "misure-errate.csv"
    bad.write_text(CSV + "SPID_CIE_SERVICES,004003,2025,120,AGID,\n", "utf-8")
    browser.get(f"{site_url}/agenda-digitale")
    click(browser, browser.find_element(By.CSS_SELECTOR, "a[href$='@@import-measurements']"))
    browser.find_element(By.ID, "pc-import-file").send_keys(str(bad))
    click(browser, browser.find_element(By.NAME, "form.buttons.import"))
    wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, ".pc-import-errors")))
    errors = table(browser, "table.pc-import-report")
    assert [row[:2] for row in errors] == [["13", "value"], ["13", "period"]] or [
        row[:2] for row in errors
    ] == [["13", "period"], ["13", "value"]]

    good = tmp_path / "misure.csv"
    good.write_text(CSV, "utf-8")
    browser.find_element(By.ID, "pc-import-file").send_keys(str(good))
    click(browser, browser.find_element(By.NAME, "form.buttons.import"))
    wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, ".pc-import-ok")))
    assert "11" in browser.find_element(By.CSS_SELECTOR, ".pc-import-ok").text

    # The Province of Cuneo's dashboard, chosen from the section page.
    browser.get(f"{site_url}/agenda-digitale")
    assert len(browser.find_elements(By.CSS_SELECTOR, ".pc-indicator-table code")) >= 15
    assert_accessible(browser)
    Select(browser.find_element(By.ID, "pc-dashboard-province")).select_by_visible_text("Cuneo")
    click(browser, browser.find_element(By.CSS_SELECTOR, "form[action$='@@dashboard'] button"))
    wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "table.pc-benchmark-table")))
    assert "Cuneo" in browser.find_element(By.CSS_SELECTOR, "h1").text
    card = browser.find_element(By.CSS_SELECTOR, '[data-indicator="SPID_CIE_SERVICES"]')
    # 2025: mean(81, 95) = 88 against Modena's 92: second of two; three periods drawn.
    assert "88 %" in card.text
    assert len(card.find_elements(By.CSS_SELECTOR, "svg circle.pc-chart-point")) == 3
    assert card.find_element(By.CSS_SELECTOR, "svg").size["height"] > 100
    rows = {row[0]: row for row in table(browser, "table.pc-benchmark-table")}
    spid = rows["Servizi online accessibili con SPID e CIE"]
    assert spid[1:4] == ["2025", "88 % *", "2/2"]
    assert spid[6:8] == ["90 %", "-2 %"]  # target 2025 and distance
    assert_accessible(browser)
    ARTIFACTS.mkdir(exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / "sit_province_dashboard.png"))

    # Compare Cuneo and Modena.
    browser.get(f"{site_url}/agenda-digitale/@@compare")
    Select(browser.find_element(By.ID, "pc-compare-0")).select_by_visible_text("Cuneo")
    Select(browser.find_element(By.ID, "pc-compare-1")).select_by_visible_text("Modena")
    click(browser, browser.find_element(By.CSS_SELECTOR, ".pc-compare form button"))
    wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "table.pc-compare-table")))
    header = browser.execute_script(
        "return [...document.querySelectorAll('table.pc-compare-table thead th')]"
        ".map((th) => th.innerText.trim());"
    )
    assert header[1:] == ["Cuneo", "Modena"]
    rows = {row[0]: row for row in table(browser, "table.pc-compare-table")}
    cloud = rows["Servizi migrati in cloud qualificato"]
    assert cloud[1].startswith("40 %") and cloud[2].startswith("65 %")
    assert browser.find_elements(By.CSS_SELECTOR, "svg rect.pc-chart-bar")
    assert_accessible(browser)


def test_a_province_agenda_shows_its_progress(
    chromium, login, site_url, coordinator, functional_portal, assert_accessible
):
    from provincecomuni.sit.measurements import import_csv
    from provincecomuni.sit.setup import indicator_specs
    from provincecomuni.sit.store import MeasurementStore
    from provincecomuni.sit.store import set_store

    portal = functional_portal
    with api.env.adopt_user(username=SITE_OWNER_NAME):
        store = MeasurementStore()
        assert import_csv(store, indicator_specs(portal), CSV).errors == []
        set_store(portal, store)
        agenda = api.content.create(
            container=portal["agenda-digitale"],
            type="DigitalAgenda",
            id="agenda-cuneo",
            title="Agenda digitale della Provincia di Cuneo 2023-2026",
            province="004",
            first_year=2023,
            last_year=2026,
        )
        api.content.create(
            container=agenda,
            type="AgendaObjective",
            id="spid",
            title="Tutti i servizi online con SPID e CIE",
            indicator="SPID_CIE_SERVICES",
            target_value=100.0,
            target_period="2026",
            actions="Accompagnare i Comuni nell'integrazione di SPID e CIE.",
        )
    transaction.commit()
    login(chromium, *coordinator)
    chromium.get(f"{site_url}/agenda-digitale/agenda-cuneo")
    row = chromium.find_element(By.CSS_SELECTOR, ".pc-objectives-table tbody tr")
    # Cuneo: 45 in 2023 (Alba alone), mean(81, 95) = 88 in 2025, towards 100:
    # (88 - 45) / (100 - 45) = 78.2 %.
    assert row.get_attribute("data-status") == "in_progress"
    assert "78,2 %" in row.text
    assert "In corso" in row.text
    assert_accessible(chromium)
