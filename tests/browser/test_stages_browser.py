"""The edit form of a dossier "in valutazione" in a browser: the notice is not there and
says why, the award date and the bidders' tab are."""

from DateTime import DateTime
from decimal import Decimal
from plone import api
from provincecomuni.membership import api as membership
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

import pytest
import transaction


pytestmark = pytest.mark.browser

PASSWORD = "Una-password-lunga-1"  # noqa: S105


@pytest.fixture
def evaluating(functional_portal):
    with api.env.adopt_roles(["Manager"]):
        api.user.create(email="sua@example.org", username="sua", password=PASSWORD)
        cuneo = functional_portal["province"]["cuneo"]
        membership.add_member(cuneo, "sua", "redattore")
        dossier = api.content.create(
            container=cuneo,
            type="TenderDossier",
            id="gara-valutazione",
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
                    "status": "PUBB",
                }
            ],
        )
        workflow_tool = api.portal.get_tool("portal_workflow")
        workflow_tool.setStatusOf(
            "provincecomuni_tender_workflow",
            dossier,
            {
                "review_state": "in_valutazione",
                "action": None,
                "actor": "test",
                "time": DateTime(),
                "comments": "",
            },
        )
        workflow = workflow_tool.getWorkflowById("provincecomuni_tender_workflow")
        workflow.updateRoleMappingsFor(dossier)
        dossier.reindexObject()
    transaction.commit()
    return dossier


def test_after_publication_the_form_has_the_bidders_not_the_notice(
    chromium, login, site_url, evaluating, assert_accessible
):
    login(chromium, "sua", PASSWORD)
    chromium.get(f"{site_url}/province/cuneo/gara-valutazione/@@edit")
    wait = WebDriverWait(chromium, 20)
    wait.until(EC.presence_of_element_located((By.ID, "form")))
    message = chromium.find_element(By.CSS_SELECTOR, ".portalMessage, .alert-info").text
    assert "Il bando è pubblicato" in message
    assert not chromium.find_elements(By.NAME, "form.widgets.total_amount")
    assert not chromium.find_elements(By.NAME, "form.widgets.procedure:list")
    assert chromium.find_elements(By.NAME, "form.widgets.award_date")
    # Every cell of the grids has its field's title as accessible name (gridcells.py).
    # Excluded: the "remove" cross of Plone's select2 widget (mockup), an empty link.
    assert_accessible(chromium, exclude=(".select2-search-choice-close",))
    tab = chromium.find_element(By.PARTIAL_LINK_TEXT, "Offerenti e verifiche")
    tab.click()
    bidders = wait.until(
        EC.visibility_of_element_located((By.ID, "formfield-form-widgets-IAwards-bidders"))
    )
    assert "Offerenti" in bidders.text
    chromium.execute_script("arguments[0].scrollIntoView()", bidders)
