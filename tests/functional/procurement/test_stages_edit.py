"""After publication the SUA records bidders, checks, award and contract; the notice is frozen.

A Redattore of the Province's community edits a dossier through the edit form and
through REST in each stage: everything before publication; bidders, checks, the
award and contract dates and the lots' status in "in valutazione"; nothing once
the dossier is closed.
"""

from DateTime import DateTime
from decimal import Decimal
from plone import api
from plone.protect.authenticator import createToken
from provincecomuni.membership import api as membership

import pytest
import re
import requests
import transaction


PASSWORD = "Una-password-lunga-1"  # noqa: S105
JSON = {"Accept": "application/json", "Accept-Language": "it"}
ACME = "01234560017"
URL = "/province/cuneo/gara-strade"


def set_state(dossier, state):
    """Put the dossier in a state of the tender workflow (the guards are tested elsewhere)."""
    workflow_tool = api.portal.get_tool("portal_workflow")
    workflow_tool.setStatusOf(
        "provincecomuni_tender_workflow",
        dossier,
        {
            "review_state": state,
            "action": None,
            "actor": "test",
            "time": DateTime(),
            "comments": "",
        },
    )
    workflow_tool.getWorkflowById("provincecomuni_tender_workflow").updateRoleMappingsFor(dossier)
    dossier.reindexObject()
    transaction.commit()


@pytest.fixture
def dossier(functional_portal):
    with api.env.adopt_roles(["Manager"]):
        api.user.create(email="sua@example.org", username="sua", password=PASSWORD)
        cuneo = functional_portal["province"]["cuneo"]
        membership.add_member(cuneo, "sua", "redattore")
        lot = {"subject": "Strade", "cpv": "45233141", "status": "IN_LAV"}
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
            total_amount=Decimal("350000.00"),
            lots=[
                dict(lot, cig="9050626CD6", amount=Decimal("200000.00")),
                dict(lot, cig="B7E26B1DC7", amount=Decimal("150000.00")),
            ],
        )
    transaction.commit()
    return dossier


@pytest.fixture
def sua(dossier):
    with api.env.adopt_user(username="sua"):
        token = createToken()
    session = requests.Session()
    session.auth = ("sua", PASSWORD)
    session.headers["Accept-Language"] = "it"
    session.token = token
    return session


@pytest.fixture
def rest(request_factory, dossier):
    return request_factory(basic_auth=("sua", PASSWORD))


# The edit form -------------------------------------------------------------------------


def _lots(amount="200000", status="IN_LAV"):
    fields = {"form.widgets.lots.count": "2"}
    for number, (cig, lot_amount) in enumerate((("9050626CD6", amount), ("B7E26B1DC7", "150000"))):
        prefix = f"form.widgets.lots.{number}"
        fields.update(
            {
                f"{prefix}-empty-marker": "1",
                f"{prefix}.widgets.cig": cig,
                f"{prefix}.widgets.subject": "Strade",
                f"{prefix}.widgets.amount": lot_amount,
                f"{prefix}.widgets.cpv": "45233141",
                f"{prefix}.widgets.status:list": status if number == 0 else "IN_LAV",
                f"{prefix}.widgets.status-empty-marker": "1",
            }
        )
    return fields


def _post(session, dossier, fields):
    data = {**fields, "form.buttons.save": "Salva", "_authenticator": session.token}
    return session.post(f"{dossier.absolute_url()}/@@edit", data=data, allow_redirects=False)


P = "form.widgets.IAwards"


def _bidders():
    prefix = f"{P}.bidders.0"
    return {
        f"{P}.bidders.count": "1",
        f"{prefix}-empty-marker": "1",
        f"{prefix}.widgets.lot": "1",
        f"{prefix}.widgets.name": "Acme Costruzioni srl",
        f"{prefix}.widgets.tax_code": ACME,
        f"{prefix}.widgets.group_role-empty-marker": "1",
        f"{prefix}.widgets.group_name": "",
        f"{prefix}.widgets.awardee:list": "selected",
        f"{prefix}.widgets.awardee-empty-marker": "1",
        f"{prefix}.widgets.offer_amount": "190000",
        f"{P}.requirement_checks.count": "0",
    }


def test_before_publication_the_redattore_edits_the_notice_in_the_form(sua, dossier):
    set_state(dossier, "istruttoria")
    page = sua.get(f"{dossier.absolute_url()}/@@edit").text
    assert 'name="form.widgets.total_amount"' in page
    assert 'name="form.widgets.platform_reference"' in page
    fields = {
        "form.widgets.title": "Manutenzione strade comunali 2027 e 2028",
        "form.widgets.commissioning_comune:list": "004078",
        "form.widgets.contract_object:list": "lavori",
        "form.widgets.procedure:list": "6",
        "form.widgets.award_criterion:list": "priceOnly",
        "form.widgets.main_cpv": "45233141",
        "form.widgets.total_amount": "360000",
        **_lots(amount="210000"),
    }
    for name in ("commissioning_comune", "contract_object", "procedure", "award_criterion"):
        fields[f"form.widgets.{name}-empty-marker"] = "1"
    response = _post(sua, dossier, fields)
    assert response.status_code == 302, response.text[-3000:]
    transaction.begin()
    assert dossier.total_amount == Decimal("360000")
    assert dossier.title == "Manutenzione strade comunali 2027 e 2028"
    assert dossier.lots[0]["amount"] == Decimal("210000")


def test_in_valutazione_the_form_has_bidders_but_not_the_notice(sua, dossier):
    set_state(dossier, "in_valutazione")
    response = sua.get(f"{dossier.absolute_url()}/@@edit")
    assert response.status_code == 200
    page = response.text
    assert "Offerenti e verifiche" in page
    assert f'name="{P}.bidders.TT.widgets.tax_code"' in page
    assert 'name="form.widgets.award_date"' in page
    assert 'name="form.widgets.contract_date"' in page
    for name in ("total_amount", "procedure", "main_cpv", "cups", "title", "offer_deadline"):
        assert f'name="form.widgets.{name}' not in page, name
    # The page says why the notice's data is not there.
    assert "Il bando è pubblicato" in page


def test_in_valutazione_the_form_saves_bidders_award_date_and_lot_status(sua, dossier):
    set_state(dossier, "in_valutazione")
    fields = {
        **_lots(status="AGG"),
        **_bidders(),
        "form.widgets.award_date": "2027-05-10",
        # Sent anyway (a tampered form): not a field of this form any more.
        "form.widgets.total_amount": "1",
    }
    response = _post(sua, dossier, fields)
    assert response.status_code == 302, response.text[-3000:]
    transaction.begin()
    assert dossier.total_amount == Decimal("350000.00")
    assert dossier.award_date.isoformat() == "2027-05-10"
    assert dossier.bidders[0]["name"] == "Acme Costruzioni srl"
    assert [lot["status"] for lot in dossier.lots] == ["AGG", "IN_LAV"]


def test_in_valutazione_a_lot_amount_cannot_change_in_the_form(sua, dossier):
    set_state(dossier, "in_valutazione")
    response = _post(sua, dossier, {**_lots(amount="1000"), **_bidders()})
    assert response.status_code == 200
    errors = re.findall(r'class="invalid-feedback[^"]*">\s*([^<]+)', response.text)
    assert "il bando è pubblicato, di un lotto può cambiare solo lo stato" in response.text, errors
    transaction.begin()
    assert dossier.lots[0]["amount"] == Decimal("200000.00")
    assert dossier.bidders == []


def test_a_closed_dossier_has_no_edit_form(sua, dossier):
    set_state(dossier, "chiuso")
    response = sua.get(f"{dossier.absolute_url()}/@@edit", allow_redirects=False)
    assert response.status_code in (302, 401, 403)
    response = _post(sua, dossier, {**_lots(), **_bidders()})
    assert response.status_code in (302, 401, 403)
    transaction.begin()
    assert dossier.bidders == []


# REST ----------------------------------------------------------------------------------


BIDDERS = [
    {
        "lot": "1",
        "name": "Acme Costruzioni srl",
        "tax_code": ACME,
        "awardee": True,
        "offer_amount": "190000.00",
    }
]


def test_rest_before_publication_everything_is_editable(rest, dossier):
    set_state(dossier, "approvato_comune")
    response = rest.patch(
        URL,
        json={
            "total_amount": "360000.00",
            "platform_reference": "G-1",
            "lots": [
                {
                    "cig": "9050626CD6",
                    "subject": "Strade",
                    "amount": "210000.00",
                    "cpv": "45233141",
                    "status": "IN_LAV",
                },
                {
                    "cig": "B7E26B1DC7",
                    "subject": "Strade",
                    "amount": "150000.00",
                    "cpv": "45233141",
                    "status": "IN_LAV",
                },
            ],
        },
        headers=JSON,
    )
    assert response.status_code == 204, response.text
    transaction.begin()
    assert dossier.total_amount == Decimal("360000.00")
    assert dossier.platform_reference == "G-1"


def test_rest_in_valutazione_records_bidders_and_the_award_date(rest, dossier):
    set_state(dossier, "in_valutazione")
    response = rest.patch(URL, json={"bidders": BIDDERS, "award_date": "2027-05-10"}, headers=JSON)
    assert response.status_code == 204, response.text
    transaction.begin()
    assert dossier.bidders[0]["offer_amount"] == Decimal("190000.00")
    assert dossier.award_date.isoformat() == "2027-05-10"


def test_rest_in_valutazione_refuses_the_total_amount_naming_the_field(rest, dossier):
    set_state(dossier, "in_valutazione")
    response = rest.patch(URL, json={"total_amount": "1000.00", "bidders": BIDDERS}, headers=JSON)
    assert response.status_code == 400, response.text
    errors = response.json()["message"]
    assert "total_amount" in errors
    assert "Importo complessivo (EUR): il bando è pubblicato" in errors
    transaction.begin()
    assert dossier.total_amount == Decimal("350000.00")
    assert dossier.bidders == []  # nothing half-written


def test_rest_in_valutazione_accepts_the_notice_sent_back_unchanged(rest, dossier):
    set_state(dossier, "in_valutazione")
    current = rest.get(URL, headers=JSON).json()
    response = rest.patch(
        URL,
        json={
            "title": current["title"],
            "total_amount": current["total_amount"],
            "procedure": current["procedure"],
            "bidders": BIDDERS,
        },
        headers=JSON,
    )
    assert response.status_code == 204, response.text


def test_rest_in_valutazione_only_the_status_of_a_lot_changes(rest, dossier):
    set_state(dossier, "in_valutazione")
    lots = [
        {
            "cig": "9050626CD6",
            "subject": "Strade",
            "amount": "200000.00",
            "cpv": "45233141",
            "status": "AGG",
        },
        {
            "cig": "B7E26B1DC7",
            "subject": "Strade",
            "amount": "150000.00",
            "cpv": "45233141",
            "status": "NON_AGG",
        },
    ]
    assert rest.patch(URL, json={"lots": lots}, headers=JSON).status_code == 204
    transaction.begin()
    assert [lot["status"] for lot in dossier.lots] == ["AGG", "NON_AGG"]
    lots[1]["cig"] = "B7E26B1DC7".replace("B7E", "B7E")  # unchanged
    lots[1]["amount"] = "140000.00"
    response = rest.patch(URL, json={"lots": lots}, headers=JSON)
    assert response.status_code == 400, response.text
    message = response.json()["message"]
    assert "Lotto 2, Importo del lotto (EUR): il bando è pubblicato" in message, message
    lots[1]["amount"] = "150000.00"
    response = rest.patch(URL, json={"lots": lots[:1]}, headers=JSON)
    assert response.status_code == 400, response.text
    assert "non si possono aggiungere o togliere lotti" in response.json()["message"]


def test_rest_a_closed_dossier_refuses_everything(rest, dossier):
    set_state(dossier, "chiuso")
    response = rest.patch(URL, json={"bidders": BIDDERS}, headers=JSON)
    assert response.status_code == 401, response.text
    transaction.begin()
    assert dossier.bidders == []
