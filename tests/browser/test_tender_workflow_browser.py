"""The tender workflow in a real browser: the checklist on the dossier page, the Comune approves."""

from decimal import Decimal
from plone import api
from plone.namedfile.file import NamedBlobFile
from provincecomuni.membership import api as membership
from provincecomuni.procurement.workflow import checklist
from selenium.webdriver.common.by import By

import pytest
import transaction


pytestmark = pytest.mark.browser
PASSWORD = "Una-password-lunga-1"  # noqa: S105


@pytest.fixture
def tender(functional_portal):
    """A Cuneo dossier in "approvato dal Comune": the call notice uploaded and linked."""
    with api.env.adopt_roles(["Manager"]):
        for userid, fullname in (("sua", "Sara Ufficio Appalti"), ("cuneese", "Chiara Comune")):
            api.user.create(
                email=f"{userid}@example.org",
                username=userid,
                password=PASSWORD,
                properties={"fullname": fullname},
            )
        cuneo = functional_portal["province"]["cuneo"]
        membership.add_member(cuneo, "sua", "redattore")
        membership.set_affiliation("cuneese", "comune", "004078")
        dossier = api.content.create(
            container=cuneo,
            type="TenderDossier",
            id="gara-strade",
            title="Manutenzione strade comunali 2027",
            commissioning_comune="004078",
            contract_object="lavori",
            procedure="6",
            award_criterion="priceOnly",
            main_cpv="45233141",
            total_amount=Decimal("200000.00"),
            lots=[
                {
                    "cig": "9050626CD6",
                    "subject": "Strade del centro",
                    "amount": Decimal("200000.00"),
                    "cpv": "45233141",
                    "status": "IN_LAV",
                }
            ],
        )
        bando = api.content.create(
            container=dossier["documenti-gara"],
            type="File",
            id="bando",
            title="Bando di gara firmato",
            file=NamedBlobFile(data=b"%PDF-1.4", filename="bando.pdf"),
        )
        checklist.link(dossier, "bando", bando.UID())
        api.content.transition(obj=dossier, transition="avvia_istruttoria")
        api.content.transition(obj=dossier, transition="approva_comune")
    transaction.commit()
    return dossier


def test_the_sua_sees_what_is_missing_and_the_checklist(
    chromium, login, site_url, tender, assert_accessible
):
    login(chromium, "sua", PASSWORD)
    chromium.get(f"{site_url}/province/cuneo/gara-strade")
    steps = chromium.find_element(By.CSS_SELECTOR, ".tender-next-steps").text
    assert "Per passare a «Pronto per la pubblicazione» manca:" in steps
    assert "«Bando di gara»: il Comune di Cuneo non l'ha ancora approvato." in steps
    rows = chromium.find_elements(By.CSS_SELECTOR, ".tender-checklist-table tr.checklist-item")
    assert len(rows) == 9
    bando = chromium.find_element(By.CSS_SELECTOR, 'tr[data-item="bando"]').text
    assert "In attesa dell'approvazione del Comune" in bando
    assert "Bando di gara firmato" in bando
    assert_accessible(chromium)
    # The state menu offers what may be done now, in Italian; not the blocked step.
    menu = chromium.find_element(By.CSS_SELECTOR, "#plone-contentmenu-workflow > a")
    chromium.execute_script("arguments[0].click();", menu)
    entries = [
        e.get_attribute("textContent").strip()
        for e in chromium.find_elements(By.CSS_SELECTOR, "#plone-contentmenu-workflow li a")
    ]
    assert "Riapri l'istruttoria" in entries
    assert "Annulla la gara" in entries
    assert "Pronto per la pubblicazione" not in entries


def test_the_comune_approves_a_document_from_the_page(
    chromium, login, site_url, tender, assert_accessible
):
    login(chromium, "cuneese", PASSWORD)
    chromium.get(f"{site_url}/province/cuneo/gara-strade")
    assert not chromium.find_elements(By.CSS_SELECTOR, ".tender-next-steps")
    button = chromium.find_element(By.CSS_SELECTOR, "form.checklist-approve button")
    chromium.execute_script("arguments[0].click();", button)  # below the fold
    message = chromium.find_element(By.CSS_SELECTOR, ".portalMessage").text
    assert "Il documento è approvato." in message
    bando = chromium.find_element(By.CSS_SELECTOR, 'tr[data-item="bando"]').text
    assert "Approvato dal Comune" in bando
    assert "Approvato da Chiara Comune" in bando
    assert_accessible(chromium)


def test_a_coordinator_edits_a_template_and_sees_the_wrong_line(
    chromium, login, site_url, tender, assert_accessible
):
    with api.env.adopt_roles(["Manager"]):
        api.user.create(email="coord@example.org", username="coord", password=PASSWORD)
        membership.add_member(tender.aq_parent, "coord", "coordinatore")
    transaction.commit()
    login(chromium, "coord", PASSWORD)
    chromium.get(f"{site_url}/province/cuneo/@@modelli-gara?procedure=6")
    area = chromium.find_element(By.ID, "checklist")
    assert "bando | Bando di gara | documenti-gara | sì | sì | prepara_pubblicazione" in (
        area.get_attribute("value")
    )
    area.send_keys("\nrelazione | Relazione | nessuna | no | sì | prepara_pubblicazione")
    save = chromium.find_element(By.NAME, "form.buttons.save")
    chromium.execute_script("arguments[0].click();", save)
    errors = chromium.find_element(By.CSS_SELECTOR, ".alert-danger").text
    assert "Il modello non è stato salvato:" in errors
    assert "Elenco di controllo, riga 10, cartella: «nessuna» non è una cartella del modello." in (
        errors
    )
    assert_accessible(chromium)
