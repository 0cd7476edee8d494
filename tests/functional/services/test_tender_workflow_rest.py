"""The tender workflow over REST: blocked transitions say why, the Comune approves, templates."""

from decimal import Decimal
from plone import api
from plone.namedfile.file import NamedBlobFile
from provincecomuni.membership import api as membership
from provincecomuni.procurement.workflow import checklist

import pytest
import transaction


PASSWORD = "Una-password-lunga-1"  # noqa: S105
JSON = {"Accept": "application/json", "Accept-Language": "it"}


@pytest.fixture
def tender(functional_portal):
    """A Cuneo dossier in "approvato dal Comune" with only the call notice uploaded."""
    portal = functional_portal
    with api.env.adopt_roles(["Manager"]):
        for userid in ("sua", "coord", "cuneese", "albese"):
            api.user.create(email=f"{userid}@example.org", username=userid, password=PASSWORD)
        cuneo = portal["province"]["cuneo"]
        membership.add_member(cuneo, "sua", "redattore")
        membership.add_member(cuneo, "coord", "coordinatore")
        membership.set_affiliation("cuneese", "comune", "004078")
        membership.set_affiliation("albese", "comune", "004003")
        dossier = api.content.create(
            container=cuneo,
            type="TenderDossier",
            id="gara-strade",
            title="Manutenzione strade",
            commissioning_comune="004078",
            contract_object="lavori",
            procedure="6",
            award_criterion="priceOnly",
            main_cpv="45233141",
            total_amount=Decimal("200000.00"),
            lots=[
                {
                    "cig": "9050626CD6",
                    "subject": "Strade",
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
            title="Bando",
            file=NamedBlobFile(data=b"%PDF-1.4", filename="bando.pdf"),
        )
        api.content.transition(obj=dossier, transition="avvia_istruttoria")
        api.content.transition(obj=dossier, transition="approva_comune")
    transaction.commit()
    return {"dossier": dossier, "bando": bando.UID()}


@pytest.fixture
def as_user(request_factory, tender):
    def session(userid):
        return request_factory(basic_auth=(userid, PASSWORD))

    return session


URL = "/province/cuneo/gara-strade"


def test_a_blocked_transition_answers_400_with_what_is_missing(as_user):
    response = as_user("sua").post(f"{URL}/@workflow/prepara_pubblicazione", headers=JSON)
    assert response.status_code == 400, response.text
    error = response.json()["error"]
    assert error["type"] == "MissingPrerequisites"
    assert error["message"].startswith("Per passare a «Pronto per la pubblicazione» manca: ")
    assert "«Bando di gara»: il documento non è stato caricato." in error["missing"]
    assert "«Modello DGUE»: il documento non è stato caricato." in error["missing"]
    state = as_user("sua").get(URL, headers=JSON).json()["review_state"]
    assert state == "approvato_comune"
    # Those who may not run it anyway get plone.restapi's answer, not the list.
    refused = as_user("cuneese").post(f"{URL}/@workflow/prepara_pubblicazione", headers=JSON)
    assert refused.status_code == 400
    assert refused.json()["error"]["type"] == "WorkflowException"


def test_the_comune_approves_through_rest_and_the_sua_cannot(as_user, tender):
    sua, comune = as_user("sua"), as_user("cuneese")
    linked = sua.post(
        f"{URL}/@checklist",
        json={"action": "link", "item": "bando", "document": tender["bando"]},
        headers=JSON,
    )
    assert linked.status_code == 200, linked.text
    item = {i["id"]: i for i in linked.json()["items"]}["bando"]
    assert item["status"] == "awaiting_approval"
    refused = sua.post(
        f"{URL}/@checklist", json={"action": "approve", "item": "bando"}, headers=JSON
    )
    assert refused.status_code == 403
    approved = comune.post(
        f"{URL}/@checklist", json={"action": "approve", "item": "bando"}, headers=JSON
    )
    assert approved.status_code == 200, approved.text
    item = {i["id"]: i for i in approved.json()["items"]}["bando"]
    assert item["status"] == "approved"
    assert item["approval"]["user"] == "cuneese"
    # The checklist's summary says what "pronto per la pubblicazione" still needs.
    blocked = {b["transition"]: b for b in approved.json()["blocked_transitions"]}
    assert blocked == {}  # the Comune may not run it: nothing to tell them
    blocked = {
        b["transition"]: b
        for b in sua.get(f"{URL}/@checklist", headers=JSON).json()["blocked_transitions"]
    }
    assert "«Bando di gara»" not in " ".join(blocked["prepara_pubblicazione"]["missing"])
    # Bad input names the field.
    wrong = sua.post(
        f"{URL}/@checklist", json={"action": "link", "item": "bando", "document": "x"}, headers=JSON
    )
    assert wrong.status_code == 400
    assert wrong.json()["error"]["field"] == "document"
    unknown = comune.post(f"{URL}/@checklist", json={"action": "approve", "item": "nope"})
    assert unknown.status_code == 404


def test_another_comune_sees_nothing(as_user):
    response = as_user("albese").get(URL, headers=JSON)
    assert response.status_code in (401, 403)
    found = (
        as_user("albese")
        .get("/@search", params={"portal_type": "TenderDossier"}, headers=JSON)
        .json()
    )
    assert found["items_total"] == 0
    mine = (
        as_user("cuneese")
        .get("/@search", params={"portal_type": "TenderDossier"}, headers=JSON)
        .json()
    )
    assert [item["title"] for item in mine["items"]] == ["Manutenzione strade"]


def test_templates_over_rest(as_user):
    coordinator = as_user("coord")
    body = coordinator.get("/province/cuneo/@tender-templates", headers=JSON).json()
    assert set(body["templates"]) >= {"6", "9", "10"}
    aperta = body["templates"]["6"]
    assert aperta["customized"] is False
    aperta["checklist"][0]["folder"] = "nessuna"
    response = coordinator.patch(
        "/province/cuneo/@tender-templates",
        json={"6": {"folders": aperta["folders"], "checklist": aperta["checklist"]}},
        headers=JSON,
    )
    assert response.status_code == 400
    assert response.json()["error"]["errors"] == [
        "6: Elenco di controllo, riga 1, cartella: «nessuna» non è una cartella del modello."
    ]
    aperta["checklist"][0]["folder"] = "atti-preliminari"
    aperta["checklist"][0]["required"] = False
    response = coordinator.patch(
        "/province/cuneo/@tender-templates",
        json={"6": {"folders": aperta["folders"], "checklist": aperta["checklist"]}},
        headers=JSON,
    )
    assert response.status_code == 200, response.text
    assert response.json()["templates"]["6"]["customized"] is True
    assert response.json()["templates"]["6"]["checklist"][0]["required"] is False
    refused = as_user("sua").patch(
        "/province/cuneo/@tender-templates", json={"6": None}, headers=JSON
    )
    assert refused.status_code in (401, 403)


def test_the_transition_runs_once_nothing_is_missing(as_user, tender):
    dossier = tender["dossier"]
    with api.env.adopt_roles(["Manager"]):
        for item in checklist.items(dossier):
            if item["needed_for"] != "prepara_pubblicazione":
                continue
            document = api.content.create(
                container=dossier[item["folder"]],
                type="File",
                title=item["title"],
                file=NamedBlobFile(data=b"%PDF-1.4 " + item["id"].encode(), filename="a.pdf"),
            )
            checklist.link(dossier, item["id"], document.UID())
    with api.env.adopt_user(username="cuneese"):
        for item in checklist.items(dossier):
            if item["needed_for"] == "prepara_pubblicazione" and item["comune_approval"]:
                checklist.approve(dossier, item["id"])
    transaction.commit()
    response = as_user("sua").post(
        f"{URL}/@workflow/prepara_pubblicazione", json={"comment": "Pronta"}, headers=JSON
    )
    assert response.status_code == 200, response.text
    assert response.json()["review_state"] == "pronto_pubblicazione"
    # The Comune may not run the SUA's transitions: plone.restapi's own 400.
    refused = as_user("cuneese").post(f"{URL}/@workflow/pubblica", headers=JSON)
    assert refused.status_code == 400
    assert refused.json()["error"]["type"] == "WorkflowException"
