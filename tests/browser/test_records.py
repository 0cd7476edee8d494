"""The records archive in a real browser: upload, register, archive, refused edit, package."""

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

PDF = b"%PDF-1.4\n% Determina di aggiudicazione\n%%EOF\n"

FETCH = """
const [url, done] = arguments;
fetch(url, {credentials: "same-origin"})
  .then(async (r) => {
    const bytes = new Uint8Array(await r.arrayBuffer());
    done({status: r.status, type: r.headers.get("Content-Type"),
          head: String.fromCharCode(bytes[0], bytes[1]), size: bytes.length});
  })
  .catch((e) => done({error: String(e)}));
"""


@pytest.fixture
def fascicolo_url(functional_portal, site_url):
    setRoles(functional_portal, TEST_USER_ID, ["Member", "Manager"])
    api.content.create(
        container=functional_portal["province"]["cuneo"],
        type="Fascicolo",
        id="gara-scuole",
        title="Gara manutenzione scuole",
        classification="4.4",
    )
    transaction.commit()
    return f"{site_url}/province/cuneo/gara-scuole"


def click(browser, element):
    browser.execute_script(
        "arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", element
    )
    element.click()


def test_upload_register_archive_refuse_edit_and_download_the_package(
    chromium, login, fascicolo_url, tmp_path, axe_check
):
    browser = chromium
    wait = WebDriverWait(browser, 15)
    login(browser, TEST_USER_NAME, TEST_USER_PASSWORD)

    # Upload a file into the fascicolo of the community.
    upload = tmp_path / "determina.pdf"
    upload.write_bytes(PDF)
    browser.get(f"{fascicolo_url}/++add++File")
    wait.until(EC.presence_of_element_located((By.NAME, "form.widgets.file")))
    browser.find_element(By.NAME, "form.widgets.title").send_keys("Determina di aggiudicazione")
    browser.find_element(By.NAME, "form.widgets.file").send_keys(str(upload))
    click(browser, browser.find_element(By.NAME, "form.buttons.save"))
    wait.until(lambda b: "++add++" not in b.current_url)
    record_url = browser.current_url.removesuffix("/view")
    assert record_url == f"{fascicolo_url}/determina.pdf"
    browser.get(f"{record_url}/view")
    status = wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, ".pc-record-status")))
    assert len(status.find_element(By.TAG_NAME, "code").text) == 64  # SHA-256 by the server

    # Register it in the protocol.
    click(browser, browser.find_element(By.CSS_SELECTOR, "a[href$='@@register-record']"))
    wait.until(EC.presence_of_element_located((By.NAME, "form.register")))
    click(browser, browser.find_element(By.NAME, "form.register"))
    number = wait.until(
        EC.presence_of_element_located((By.CSS_SELECTOR, ".pc-registration-number"))
    ).text
    assert number.startswith("PG-") and number.endswith("-000001")
    assert "Registrato con il numero" in browser.find_element(By.TAG_NAME, "body").text

    # Close (archive) the fascicolo through its workflow menu.
    browser.get(fascicolo_url)
    close = browser.find_element(By.CSS_SELECTOR, "a[href*='workflow_action=close']")
    browser.get(close.get_attribute("href"))
    browser.get(fascicolo_url)
    assert "Archiviato" in browser.find_element(By.CSS_SELECTOR, ".pc-record-status").text

    # Download the deposit package from the fascicolo's page.
    link = browser.find_element(By.CSS_SELECTOR, "a.pc-deposit-package")
    browser.set_script_timeout(60)
    package = browser.execute_async_script(FETCH, link.get_attribute("href"))
    assert package["status"] == 200, package
    assert package["type"] == "application/zip"
    assert package["head"] == "PK"

    # Try to edit the archived record: refused, with a clear message.
    browser.get(f"{record_url}/edit")
    wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, ".pc-record-status")))
    body = browser.find_element(By.TAG_NAME, "body").text
    assert "Questo documento è archiviato: nessuno può modificarlo" in body
    assert not browser.find_elements(By.NAME, "form.buttons.save")
    assert number in body

    # WCAG 2.1 A/AA on the archived record's page (Plone's known toolbar issue aside).
    failing = [
        (violation["id"], [node["target"] for node in violation["nodes"] if not node["known"]])
        for violation in axe_check(browser)
        if violation["impact"] in ("serious", "critical")
    ]
    assert [item for item in failing if item[1]] == []
