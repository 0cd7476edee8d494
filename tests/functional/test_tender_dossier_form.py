"""The add form of the tender dossier, submitted as a browser does (lots data grid)."""

from decimal import Decimal
from plone import api
from plone.protect.authenticator import createToken

import html
import pytest
import requests
import transaction


PASSWORD = "Una-password-lunga-1"  # noqa: S105


@pytest.fixture
def owner(functional_portal):
    """A SUA operator's browser session, with the CSRF token its forms carry."""
    with api.env.adopt_roles(["Manager"]):
        api.user.create(email="sua@example.org", username="sua", password=PASSWORD)
        api.user.grant_roles(username="sua", roles=["Manager"])
    transaction.commit()
    with api.env.adopt_user(username="sua"):
        token = createToken()
    session = requests.Session()
    session.auth = ("sua", PASSWORD)
    session.base = functional_portal.absolute_url()
    session.token = token
    return session


def _lot(number, cig, subject, amount):
    prefix = f"form.widgets.lots.{number}"
    return {
        f"{prefix}-empty-marker": "1",
        f"{prefix}.widgets.cig": cig,
        f"{prefix}.widgets.subject": subject,
        f"{prefix}.widgets.amount": amount,
        f"{prefix}.widgets.cpv": "45233141",
        f"{prefix}.widgets.status:list": "IN_LAV",
        f"{prefix}.widgets.status-empty-marker": "1",
    }


def form(second_cig="B7E26B1DC7"):
    return {
        "form.widgets.title": "Manutenzione strade comunali 2027",
        "form.widgets.commissioning_comune:list": "004078",
        "form.widgets.commissioning_comune-empty-marker": "1",
        "form.widgets.contract_object:list": "lavori",
        "form.widgets.contract_object-empty-marker": "1",
        "form.widgets.procedure:list": "6",
        "form.widgets.procedure-empty-marker": "1",
        "form.widgets.award_criterion:list": "ratedCriteria",
        "form.widgets.award_criterion-empty-marker": "1",
        "form.widgets.main_cpv": "45233141",
        "form.widgets.secondary_cpvs": "45233142;71000000",
        "form.widgets.cups": "D27H22000010001",
        "form.widgets.total_amount": "350000",
        "form.widgets.publication_date": "2027-02-01",
        "form.widgets.offer_deadline": "2027-03-01T12:00",
        "form.widgets.lots.count": "2",
        **_lot(0, "9050626CD6", "Strade del centro", "200000"),
        **_lot(1, second_cig, "Strade delle frazioni", "150000"),
        "form.buttons.save": "Salva",
    }


def test_the_add_form_creates_a_dossier_with_two_lots(owner, functional_portal):
    url = f"{owner.base}/province/cuneo/++add++TenderDossier"
    response = owner.post(
        url, data={**form(), "_authenticator": owner.token}, allow_redirects=False
    )
    assert response.status_code == 302, response.text[-3000:]
    transaction.begin()
    dossier = functional_portal["province"]["cuneo"]["manutenzione-strade-comunali-2027"]
    assert dossier.portal_type == "TenderDossier"
    assert dossier.main_cpv == "45233141"
    assert dossier.secondary_cpvs == ["45233142", "71000000"]
    assert dossier.cups == ["D27H22000010001"]
    assert dossier.total_amount == Decimal("350000")
    assert [(lot["cig"], lot["amount"]) for lot in dossier.lots] == [
        ("9050626CD6", Decimal("200000")),
        ("B7E26B1DC7", Decimal("150000")),
    ]
    page = owner.get(dossier.absolute_url()).text
    assert "Strade delle frazioni" in page
    assert "350.000,00 €" in page


def test_a_bad_cig_in_the_grid_is_shown_next_to_the_lot(owner, functional_portal):
    url = f"{owner.base}/province/cuneo/++add++TenderDossier"
    response = owner.post(
        url,
        data={**form(second_cig="B7E26B1DC8"), "_authenticator": owner.token},
        allow_redirects=False,
    )
    assert response.status_code == 200
    assert "CIG: B7E26B1DC8 non è un CIG valido" in response.text
    transaction.begin()
    assert "manutenzione-strade-comunali-2027" not in functional_portal["province"]["cuneo"]


def _post(owner, data):
    url = f"{owner.base}/province/cuneo/++add++TenderDossier"
    return owner.post(url, data={**data, "_authenticator": owner.token}, allow_redirects=False)


def test_lots_that_do_not_add_up_are_shown_and_nothing_is_created(owner, functional_portal):
    response = _post(owner, {**form(), "form.widgets.total_amount": "360000"})
    assert response.status_code == 200
    assert "Lotti: gli importi dei lotti sommano 350.000,00 EUR" in response.text
    transaction.begin()
    assert "manutenzione-strade-comunali-2027" not in functional_portal["province"]["cuneo"]


def test_a_direct_award_too_big_asks_for_a_confirmation_then_goes_ahead(owner, functional_portal):
    direct = {**form(), "form.widgets.procedure:list": "10"}
    warned = _post(owner, direct)
    assert warned.status_code == 200
    assert "affidamento diretto è ammesso sotto 150.000,00 EUR" in html.unescape(warned.text)
    confirmed = _post(owner, {**direct, "form.widgets.procedure_confirmed:list": "selected"})
    assert confirmed.status_code == 302, confirmed.text[-2000:]
    transaction.begin()
    assert "manutenzione-strade-comunali-2027" in functional_portal["province"]["cuneo"]
