"""A tender from the first draft to the package, in a real browser (issue 5, "Done when").

A SUA operator creates a dossier for an open procedure with two lots, uploads the
documents its checklist requires, the commissioning Comune approves them and the
dossier, the operator makes it ready for publication and downloads the package.
"""

from plone import api
from provincecomuni.membership import api as membership
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select
from selenium.webdriver.support.ui import WebDriverWait

import hashlib
import io
import json
import pytest
import requests
import transaction
import zipfile


pytestmark = pytest.mark.browser
PASSWORD = "Una-password-lunga-1"  # noqa: S105
LOT_ROWS = "#formfield-form-widgets-lots tr.datagridwidget-row:not(.datagridwidget-empty-row)"
NOTICE = ("determina-a-contrarre", "bando", "disciplinare", "capitolato", "modello-dgue")


@pytest.fixture
def people(functional_portal):
    """A redattore of the Cuneo SUA and an employee of the Comune di Cuneo."""
    with api.env.adopt_roles(["Manager"]):
        for userid, fullname in (("sua", "Sara Ufficio Appalti"), ("cuneese", "Chiara Comune")):
            api.user.create(
                email=f"{userid}@example.org",
                username=userid,
                password=PASSWORD,
                properties={"fullname": fullname},
            )
        membership.add_member(functional_portal["province"]["cuneo"], "sua", "redattore")
        membership.set_affiliation("cuneese", "comune", "004078")
    transaction.commit()


def _click(browser, element):
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'});", element)
    browser.execute_script("arguments[0].click();", element)


def _choose(browser, name, value):
    Select(browser.find_element(By.NAME, name)).select_by_value(value)


def _tab(browser, label):
    tab = WebDriverWait(browser, 20).until(
        EC.element_to_be_clickable((By.XPATH, f"//nav//a[normalize-space()='{label}']"))
    )
    tab.click()


def _fill_lot(browser, row, cig, subject, amount):
    fields = {"cig": cig, "subject": subject, "amount": amount}
    for field, value in fields.items():
        element = row.find_element(By.CSS_SELECTOR, f"input[name$='.widgets.{field}']")
        element.clear()
        element.send_keys(value)
    Select(
        row.find_element(By.CSS_SELECTOR, "select[name$='.widgets.status:list']")
    ).select_by_value("IN_LAV")


def _transition(browser, title):
    """Run a workflow transition from the state menu, by its Italian title."""
    menu = browser.find_element(By.CSS_SELECTOR, "#plone-contentmenu-workflow > a")
    _click(browser, menu)
    entries = browser.find_elements(By.CSS_SELECTOR, "#plone-contentmenu-workflow li a")
    (entry,) = [e for e in entries if e.get_attribute("textContent").strip() == title]
    _click(browser, entry)
    WebDriverWait(browser, 20).until(EC.presence_of_element_located((By.CSS_SELECTOR, "h1")))


def _state(browser):
    menu = browser.find_element(By.CSS_SELECTOR, "#plone-contentmenu-workflow > a")
    return menu.get_attribute("textContent")


def test_from_the_first_draft_to_the_publication_package(
    chromium, login, site_url, people, functional_portal, tmp_path, assert_accessible
):
    wait = WebDriverWait(chromium, 20)
    # 1. The SUA operator creates the dossier: open procedure, two lots.
    login(chromium, "sua", PASSWORD)
    chromium.get(f"{site_url}/province/cuneo/++add++TenderDossier")
    wait.until(EC.presence_of_element_located((By.ID, "formfield-form-widgets-lots")))
    chromium.find_element(By.NAME, "form.widgets.title").send_keys(
        "Manutenzione strade comunali 2027"
    )
    _choose(chromium, "form.widgets.commissioning_comune:list", "004078")
    _tab(chromium, "Procedura, importi e lotti")
    _choose(chromium, "form.widgets.contract_object:list", "lavori")
    _choose(chromium, "form.widgets.procedure:list", "6")  # Aperta
    _choose(chromium, "form.widgets.award_criterion:list", "ratedCriteria")
    chromium.find_element(By.NAME, "form.widgets.total_amount").send_keys("350000")
    # The CPV search as you type has its own browser test: set the chosen code.
    chromium.execute_script(
        "document.getElementsByName('form.widgets.main_cpv')[0].value = '45233141';"
    )
    rows = chromium.find_elements(By.CSS_SELECTOR, LOT_ROWS)
    _fill_lot(chromium, rows[0], "9050626CD6", "Strade del centro", "200000")
    _click(chromium, rows[0].find_element(By.CSS_SELECTOR, ".dgf--row-add"))
    wait.until(lambda b: len(b.find_elements(By.CSS_SELECTOR, LOT_ROWS)) >= 2)
    rows = chromium.find_elements(By.CSS_SELECTOR, LOT_ROWS)
    _fill_lot(chromium, rows[1], "B7E26B1DC7", "Strade delle frazioni", "150000")
    assert_accessible(chromium)  # the grid's cells have accessible names too
    _click(chromium, chromium.find_element(By.NAME, "form.buttons.save"))
    wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, ".tender-checklist-table")))
    dossier_url = chromium.current_url.split("#")[0].rstrip("/")
    lots = chromium.find_elements(By.CSS_SELECTOR, ".tender-lots tbody tr")
    assert [row.find_element(By.CSS_SELECTOR, "code").text for row in lots] == [
        "9050626CD6",
        "B7E26B1DC7",
    ]

    # 2. The operator uploads the documents the checklist requires for publication.
    for item in NOTICE:
        path = tmp_path / f"{item}.pdf"
        path.write_bytes(b"%PDF-1.4\n% " + item.encode() + b"\n%%EOF\n")
        row = chromium.find_element(By.CSS_SELECTOR, f'tr[data-item="{item}"]')
        row.find_element(By.CSS_SELECTOR, "form.checklist-upload input[type=file]").send_keys(
            str(path)
        )
        _click(chromium, row.find_element(By.CSS_SELECTOR, "form.checklist-upload button"))
        wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, ".portalMessage")))
        row = chromium.find_element(By.CSS_SELECTOR, f'tr[data-item="{item}"]')
        assert set(row.get_attribute("class").split()) & {
            "checklist-present",
            "checklist-awaiting_approval",
        }, row.text
    _transition(chromium, "Avvia l'istruttoria")
    assert "Istruttoria" in _state(chromium)

    # 3. The Comune approves the documents that need it, then the dossier.
    chromium.get(f"{site_url}/logout")
    login(chromium, "cuneese", PASSWORD)
    chromium.get(dossier_url)
    while buttons := chromium.find_elements(By.CSS_SELECTOR, "form.checklist-approve button"):
        _click(chromium, buttons[0])
        wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, ".portalMessage")))
        assert (
            "Il documento è approvato."
            in chromium.find_element(By.CSS_SELECTOR, ".portalMessage").text
        )
    approved = chromium.find_elements(By.CSS_SELECTOR, "tr.checklist-item.checklist-approved")
    assert len(approved) >= 3
    _transition(chromium, "Approva per il Comune")

    # 4. The operator makes the dossier ready for publication: nothing is missing now.
    chromium.get(f"{site_url}/logout")
    login(chromium, "sua", PASSWORD)
    chromium.get(dossier_url)
    assert not chromium.find_elements(By.CSS_SELECTOR, ".tender-next-steps .missing")
    _transition(chromium, "Pronto per la pubblicazione")
    assert "Pronto per la pubblicazione" in _state(chromium)
    assert_accessible(chromium)

    # 5. The package is downloaded from the dossier page: every notice document, indexed.
    link = chromium.find_element(By.CSS_SELECTOR, "a[href$='@@pacchetto-pubblicazione']")
    cookies = {c["name"]: c["value"] for c in chromium.get_cookies()}
    response = requests.get(link.get_attribute("href"), cookies=cookies, timeout=60)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/zip")
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    index = json.loads(archive.read("index.json"))
    documents = index["documents"] if isinstance(index, dict) else index
    assert len(documents) == len(NOTICE)
    for entry in documents:
        data = archive.read(entry["path"])
        assert hashlib.sha256(data).hexdigest() == entry["sha256"]
        assert len(data) == entry["size"]
    tender = json.loads(archive.read("dossier.json"))
    assert [lot["cig"] for lot in tender["lots"]] == ["9050626CD6", "B7E26B1DC7"]
