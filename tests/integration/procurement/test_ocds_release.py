"""OCDS: the release of a tender dossier in every state, valid against the official schema."""

from DateTime import DateTime
from datetime import date
from datetime import datetime
from decimal import Decimal
from plone import api
from provincecomuni.procurement import lifecycle
from provincecomuni.procurement.ocds import release as ocds
from provincecomuni.procurement.ocds.schema import release_validator

import pytest


CUNEO_CF = "00447820044"  # Provincia di Cuneo
COMUNE_CUNEO_CF = "00480530047"  # Comune di Cuneo (ISTAT 004078)


def lot(**changes):
    data = {
        "cig": "9050626CD6",
        "subject": "Strade del centro",
        "amount": Decimal("200000.00"),
        "cpv": "45233141",
        "status": "IN_LAV",
    }
    data.update(changes)
    return data


BIDDERS = [
    {
        "lot": "1",
        "name": "Strade Srl",
        "tax_code": "01234560124",
        "group_role": None,
        "group_name": None,
        "awardee": True,
        "offer_amount": Decimal("180500.50"),
    },
    {
        "lot": "1",
        "name": "Asfalti Spa",
        "tax_code": "00743110157",
        "group_role": None,
        "group_name": None,
        "awardee": False,
        "offer_amount": Decimal("190000.00"),
    },
    {
        "lot": "2",
        "name": "Asfalti Spa",
        "tax_code": "00743110157",
        "group_role": None,
        "group_name": None,
        "awardee": True,
        "offer_amount": Decimal("140000"),
    },
]


def set_state(dossier, state):
    """Put the dossier in a tender workflow state (the workflow itself is another feature)."""
    workflow = api.portal.get_tool("portal_workflow")
    for chain in workflow.getChainFor(dossier):
        workflow.setStatusOf(
            chain,
            dossier,
            {
                "review_state": state,
                "action": None,
                "actor": "test",
                "time": DateTime(),
                "comments": "",
            },
        )
    dossier.reindexObject(idxs=["review_state"])


@pytest.fixture
def cuneo(manager_portal):
    return manager_portal["province"]["cuneo"]


@pytest.fixture
def dossier(cuneo):
    item = api.content.create(
        container=cuneo,
        type="TenderDossier",
        title="Manutenzione strade comunali 2027",
        description="Due lotti: centro e frazioni.",
        commissioning_comune="004078",
        contract_object="lavori",
        procedure="6",
        award_criterion="priceOnly",
        main_cpv="45233141",
        secondary_cpvs=["45233142"],
        cups=["D27H22000010001"],
        total_amount=Decimal("350000.00"),
        lots=[lot(), lot(cig="B7E26B1DC7", subject="Frazioni", amount=Decimal("150000.00"))],
        decision_date=date(2027, 1, 15),
        publication_date=date(2027, 2, 1),
        offer_deadline=datetime(2027, 3, 1, 12, 0),
        opening_session=datetime(2027, 3, 2, 10, 0),
        award_date=date(2027, 4, 10),
        contract_date=date(2027, 5, 20),
        platform="Piattaforma SUA Cuneo",
        platform_reference="G-2027-001",
    )
    item.bidders = [dict(b) for b in BIDDERS]
    return item


def assert_valid(release):
    errors = sorted(release_validator().iter_errors(release), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors]


EXPECTED = {
    lifecycle.BOZZA: ("planning", "planning"),
    lifecycle.ISTRUTTORIA: ("planning", "planning"),
    lifecycle.APPROVATO_COMUNE: ("planning", "planning"),
    lifecycle.PRONTO_PUBBLICAZIONE: ("planning", "planned"),
    lifecycle.PUBBLICATO: ("tender", "active"),
    lifecycle.IN_VALUTAZIONE: ("tenderUpdate", "active"),
    lifecycle.AGGIUDICATO: ("award", "complete"),
    lifecycle.CONTRATTO_STIPULATO: ("contract", "complete"),
    lifecycle.CHIUSO: ("contractTermination", "complete"),
    lifecycle.ANNULLATO: ("tenderCancellation", "cancelled"),
    lifecycle.DESERTO: ("tenderUpdate", "unsuccessful"),
}


def test_every_state_is_mapped():
    assert set(EXPECTED) == set(lifecycle.STATES)


@pytest.mark.parametrize("state", lifecycle.STATES)
def test_the_release_is_valid_ocds_in_every_state(dossier, state):
    if state == lifecycle.CHIUSO:
        set_state(dossier, lifecycle.CONTRATTO_STIPULATO)
    set_state(dossier, state)

    release = ocds.release(dossier)

    assert_valid(release)
    tag, status = EXPECTED[state]
    assert release["tag"] == [tag]
    assert release["tender"]["status"] == status
    assert release["initiationType"] == "tender"
    assert release["ocid"] == f"ocds-xxxxxx-{dossier.UID()}"
    awarded = state in (lifecycle.AGGIUDICATO, lifecycle.CONTRATTO_STIPULATO, lifecycle.CHIUSO)
    assert bool(release.get("awards")) is awarded
    signed = state in (lifecycle.CONTRATTO_STIPULATO, lifecycle.CHIUSO)
    assert bool(release.get("contracts")) is signed
    bidders_public = state in ocds.BIDDERS_PUBLIC_STATES
    tenderers = {p["identifier"]["id"] for p in release["parties"] if "tenderer" in p["roles"]}
    assert tenderers == ({"01234560124", "00743110157"} if bidders_public else set())


def test_the_tender_data(dossier):
    set_state(dossier, lifecycle.PUBBLICATO)

    release = ocds.release(dossier)

    tender = release["tender"]
    assert tender["id"] == dossier.UID()
    assert tender["title"] == "Manutenzione strade comunali 2027"
    assert tender["value"] == {"amount": 350000, "currency": "EUR"}
    assert tender["procurementMethod"] == "open"
    assert tender["procurementMethodDetails"] == "Aperta"
    assert tender["mainProcurementCategory"] == "works"
    assert tender["awardCriteria"] == "priceOnly"
    assert tender["tenderPeriod"] == {
        "startDate": "2027-02-01T00:00:00+01:00",
        "endDate": "2027-03-01T12:00:00+01:00",
    }
    assert tender["lots"] == [
        {
            "id": "1",
            "title": "Strade del centro",
            "description": "CIG 9050626CD6",
            "status": "active",
            "value": {"amount": 200000, "currency": "EUR"},
        },
        {
            "id": "2",
            "title": "Frazioni",
            "description": "CIG B7E26B1DC7",
            "status": "active",
            "value": {"amount": 150000, "currency": "EUR"},
        },
    ]
    assert [(i["id"], i["relatedLot"], i["classification"]["id"]) for i in tender["items"]] == [
        ("1", "1", "45233141"),
        ("2", "2", "45233141"),
    ]
    assert tender["items"][0]["classification"]["scheme"] == "CPV"
    assert tender["items"][0]["additionalClassifications"][0]["id"] == "45233142"
    assert release["planning"]["budget"]["projectID"] == "D27H22000010001"
    assert "tenderers" not in tender  # the offers are secret until they are opened


def test_buyer_is_the_comune_and_the_province_sua_runs_the_tender(dossier):
    release = ocds.release(dossier)

    parties = {p["id"]: p for p in release["parties"]}
    assert release["buyer"] == {"id": f"IT-CF-{COMUNE_CUNEO_CF}", "name": "Comune di Cuneo"}
    comune = parties[f"IT-CF-{COMUNE_CUNEO_CF}"]
    assert comune["roles"] == ["buyer"]
    assert comune["identifier"] == {
        "scheme": "IT-CF",
        "id": COMUNE_CUNEO_CF,
        "legalName": "Comune di Cuneo",
    }
    assert comune["additionalIdentifiers"] == [{"scheme": "IT-ISTAT", "id": "004078"}]
    province = parties[f"IT-CF-{CUNEO_CF}"]
    assert province["roles"] == ["procuringEntity"]
    assert province["name"] == "Provincia di Cuneo - Stazione Unica Appaltante"
    assert release["tender"]["procuringEntity"]["id"] == f"IT-CF-{CUNEO_CF}"


def test_awards_per_lot_from_the_proposed_awardees(dossier):
    set_state(dossier, lifecycle.AGGIUDICATO)

    release = ocds.release(dossier)

    assert release["awards"] == [
        {
            "id": "award-1",
            "title": "Aggiudicazione lotto 1",
            "status": "active",
            "date": "2027-04-10T00:00:00+02:00",
            "value": {"amount": 180500.5, "currency": "EUR"},
            "suppliers": [{"id": "IT-CF-01234560124", "name": "Strade Srl"}],
            "relatedLots": ["1"],
        },
        {
            "id": "award-2",
            "title": "Aggiudicazione lotto 2",
            "status": "active",
            "date": "2027-04-10T00:00:00+02:00",
            "value": {"amount": 140000, "currency": "EUR"},
            "suppliers": [{"id": "IT-CF-00743110157", "name": "Asfalti Spa"}],
            "relatedLots": ["2"],
        },
    ]
    roles = {p["identifier"]["id"]: p["roles"] for p in release["parties"]}
    assert roles["01234560124"] == ["tenderer", "supplier"]
    assert roles["00743110157"] == ["tenderer", "supplier"]
    assert [lot["status"] for lot in release["tender"]["lots"]] == ["complete", "complete"]
    assert release["tender"]["numberOfTenderers"] == 2
    assert "contracts" not in release


def test_a_lot_without_awardee_stays_open_and_gets_no_award(dossier):
    dossier.bidders = [b for b in dossier.bidders if b["lot"] == "1"]
    set_state(dossier, lifecycle.AGGIUDICATO)

    release = ocds.release(dossier)

    assert [a["relatedLots"] for a in release["awards"]] == [["1"]]
    assert [lot["status"] for lot in release["tender"]["lots"]] == ["complete", "active"]
    assert_valid(release)


def test_contracts_once_signed_and_terminated_when_closed(dossier):
    set_state(dossier, lifecycle.CONTRATTO_STIPULATO)

    release = ocds.release(dossier)

    assert release["contracts"][0] == {
        "id": "contract-1",
        "awardID": "award-1",
        "title": "Contratto lotto 1",
        "status": "active",
        "value": {"amount": 180500.5, "currency": "EUR"},
        "dateSigned": "2027-05-20T00:00:00+02:00",
    }
    set_state(dossier, lifecycle.CHIUSO)
    assert {c["status"] for c in ocds.release(dossier)["contracts"]} == {"terminated"}


@pytest.mark.parametrize(
    "before,tag,status",
    [
        (lifecycle.ANNULLATO, "tenderCancellation", "cancelled"),
        (lifecycle.DESERTO, "tenderUpdate", "unsuccessful"),
    ],
)
def test_a_closed_dossier_remembers_how_it_ended(dossier, before, tag, status):
    dossier.contract_date = None
    set_state(dossier, before)
    set_state(dossier, lifecycle.CHIUSO)

    release = ocds.release(dossier)

    assert (release["tag"], release["tender"]["status"]) == ([tag], status)
    assert "awards" not in release and "contracts" not in release
    assert {lot["status"] for lot in release["tender"]["lots"]} == {status}
    assert_valid(release)


def test_a_cancelled_lot_is_cancelled(dossier):
    dossier.lots = [dossier.lots[0], {**dossier.lots[1], "status": "CANC"}]
    set_state(dossier, lifecycle.PUBBLICATO)

    lots = ocds.release(dossier)["tender"]["lots"]

    assert [lot["status"] for lot in lots] == ["active", "cancelled"]


def test_the_release_id_changes_with_the_dossier_the_ocid_does_not(dossier):
    set_state(dossier, lifecycle.PUBBLICATO)
    first = ocds.release(dossier)
    assert ocds.release(dossier)["id"] == first["id"]  # same version, same id

    dossier.title = "Manutenzione strade comunali 2027 (rettifica)"
    second = ocds.release(dossier)
    set_state(dossier, lifecycle.IN_VALUTAZIONE)
    third = ocds.release(dossier)

    assert first["ocid"] == second["ocid"] == third["ocid"]
    assert len({first["id"], second["id"], third["id"]}) == 3
    assert all(r["id"].startswith(r["ocid"] + "-") for r in (first, second, third))


def test_the_release_date_is_the_last_change(dossier):
    dossier.workflow_history = {}  # as created, before any workflow change was recorded
    dossier.setModificationDate(DateTime("2025-01-10T08:00:00+00:00"))
    assert ocds.release(dossier)["date"] == "2025-01-10T09:00:00+01:00"

    set_state(dossier, lifecycle.PUBBLICATO)  # a workflow change, now

    date_ = datetime.fromisoformat(ocds.release(dossier)["date"])
    assert date_ > datetime.fromisoformat("2025-01-10T09:00:00+01:00")
    assert abs(date_.timestamp() - DateTime().timeTime()) < 60


def test_the_ocid_prefix_is_the_setting(dossier):
    api.portal.set_registry_record("provincecomuni.ocds.ocid_prefix", "ocds-213czf")

    assert ocds.release(dossier)["ocid"] == f"ocds-213czf-{dossier.UID()}"


def test_documents_come_from_the_catalog(dossier):
    api.content.create(container=dossier, type="Document", title="Determina a contrarre")
    folder = api.content.create(container=dossier, type="Folder", title="Bando")
    api.content.create(container=folder, type="Document", title="Disciplinare di gara")

    documents = ocds.release(dossier)["tender"]["documents"]

    assert [d["title"] for d in documents] == ["Determina a contrarre", "Disciplinare di gara"]
    assert documents[0]["url"].endswith("/determina-a-contrarre")
    assert_valid(ocds.release(dossier))
