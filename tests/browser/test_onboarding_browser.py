"""The CSV import form and the "Segui" button, in a real browser."""

from Acquisition import aq_base
from pathlib import Path
from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from plone.app.testing import TEST_USER_NAME
from plone.app.testing import TEST_USER_PASSWORD
from Products.CMFPlone.tests.utils import MockMailHost
from Products.MailHost.interfaces import IMailHost
from provincecomuni.membership import api as membership
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait
from zope.component import getSiteManager

import pytest
import transaction


pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).parent / "artifacts"

CSV = (
    "nome;email;ente;ruoli\n"
    'Anna Bianchi;anna.bianchi@provincia.cuneo.it;CN;"cuneo:redattore;community-sua:lettore"\n'
    "Bruno Verdi;bruno@comune.alba.cn.it;4003;cuneo:lettore\n"
    "Rotto;rotto@;XX;cuneo:capo\n"
)


@pytest.fixture
def administrator(functional_portal):
    portal = functional_portal
    setRoles(portal, TEST_USER_ID, ["Member", "Site Administrator"])
    api.portal.set_registry_record("plone.email_from_address", "noreply@example.org")
    portal.MailHost = host = MockMailHost("MailHost")
    manager = getSiteManager(portal)
    manager.unregisterUtility(provided=IMailHost)
    manager.registerUtility(aq_base(host), provided=IMailHost)
    transaction.commit()
    return TEST_USER_NAME, TEST_USER_PASSWORD


def _click(browser, element):
    browser.execute_script(
        "arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", element
    )
    element.click()


def _rows(browser):
    return browser.execute_script(
        "return [...document.querySelectorAll('table.pc-import-table tbody tr')]"
        ".map((tr) => [...tr.cells].map((cell) => cell.innerText.trim()));"
    )


def test_import_form_preview_then_valid_rows(
    chromium, login, site_url, administrator, functional_portal, tmp_path, assert_accessible
):
    browser = chromium
    login(browser, *administrator)
    browser.get(f"{site_url}/@@overview-controlpanel")
    link = browser.find_element(By.CSS_SELECTOR, "a.btn[href$='@@importa-utenti']")
    assert "Importa utenti" in link.text
    _click(browser, link)
    WebDriverWait(browser, 15).until(EC.presence_of_element_located((By.ID, "pc-import-csv")))
    assert browser.find_element(By.TAG_NAME, "h1").text == "Importa utenti"
    path = tmp_path / "utenti.csv"
    path.write_text(CSV, encoding="utf-8-sig")
    browser.find_element(By.ID, "pc-import-csv").send_keys(str(path))
    _click(browser, browser.find_element(By.NAME, "form.buttons.preview"))
    WebDriverWait(browser, 15).until(
        EC.presence_of_element_located((By.CSS_SELECTOR, "table.pc-import-table"))
    )
    rows = _rows(browser)
    assert [row[:4] for row in rows] == [
        ["2", "Anna Bianchi", "anna.bianchi@provincia.cuneo.it", "Creato"],
        ["3", "Bruno Verdi", "bruno@comune.alba.cn.it", "Creato"],
        ["4", "Rotto", "rotto@", "Scartato"],
    ]
    assert "non è un indirizzo email valido" in rows[2][4]
    assert "Anteprima" in browser.find_element(By.CSS_SELECTOR, ".pc-import-report").text
    assert_accessible(browser)
    report = browser.find_element(By.CSS_SELECTOR, ".pc-import-report")
    browser.execute_script("arguments[0].scrollIntoView({behavior: 'instant'});", report)
    ARTIFACTS.mkdir(exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / "import_form_preview.png"))
    # Import the valid rows of the previewed file, without choosing it again.
    _click(browser, browser.find_element(By.ID, "pc-import-valid-only"))
    _click(browser, browser.find_element(By.NAME, "form.buttons.import"))
    WebDriverWait(browser, 15).until(
        EC.presence_of_element_located((By.CSS_SELECTOR, ".pc-import-report .alert-success"))
    )
    assert [row[3] for row in _rows(browser)] == ["Creato", "Creato", "Scartato"]
    transaction.begin()
    users = functional_portal.acl_users.searchUsers(
        email="anna.bianchi@provincia.cuneo.it", exact_match=True
    )
    assert len(users) == 1
    assert len(functional_portal.MailHost.messages) == 2


def test_follow_button_on_a_community(
    chromium, login, site_url, administrator, functional_portal, assert_accessible
):
    api.user.create(email="anna@example.org", username="anna", password="Una-password-lunga-1")  # noqa: S106
    membership.add_member(functional_portal["province"]["cuneo"], "anna", "lettore")
    transaction.commit()
    browser = chromium
    login(browser, "anna", "Una-password-lunga-1")
    browser.get(f"{site_url}/province/cuneo")
    button = browser.find_element(By.CSS_SELECTOR, ".pc-follow-button")
    assert button.text == "Segui"
    assert_accessible(browser)
    _click(browser, button)
    WebDriverWait(browser, 15).until(
        EC.presence_of_element_located((By.CSS_SELECTOR, ".pc-unfollow-button"))
    )
    assert browser.find_element(By.CSS_SELECTOR, ".pc-unfollow-button").text == "Non seguire più"
    assert "Segui questo contenuto" in browser.find_element(By.TAG_NAME, "body").text
