"""Bidders and requirement checks over REST: create, read, update; 400s naming field and row."""

from urllib.parse import urlparse

import base64
import pytest


JSON = {"Accept": "application/json"}
IT = {**JSON, "Accept-Language": "it"}
ACME = "01234560017"
BETA = "09876540015"


def dossier(**changes):
    data = {
        "@type": "TenderDossier",
        "title": "Manutenzione strade comunali 2027",
        "commissioning_comune": "004078",
        "contract_object": "lavori",
        "procedure": "6",
        "award_criterion": "priceOnly",
        "main_cpv": "45233141",
        "total_amount": "350000.00",
        "lots": [
            {
                "cig": "9050626CD6",
                "subject": "Strade del centro",
                "amount": "200000.00",
                "cpv": "45233141",
                "status": "IN_LAV",
            },
            {
                "cig": "B7E26B1DC7",
                "subject": "Strade delle frazioni",
                "amount": "150000.00",
                "cpv": "45233142",
                "status": "IN_LAV",
            },
        ],
        "bidders": [
            {
                "lot": "1",
                "name": "Acme Costruzioni srl",
                "tax_code": ACME,
                "group_role": "13",
                "group_name": "RTI Acme",
                "awardee": True,
                "offer_amount": "190000.10",
            },
            {"lot": "1", "name": "Beta Strade spa", "tax_code": BETA, "offer_amount": 195000.5},
            {"lot": "2", "name": "Beta Strade spa", "tax_code": BETA, "awardee": True},
        ],
        "requirement_checks": [
            {
                "tax_code": ACME,
                "document_type": "00024",
                "issuer": "INPS",
                "requested": "2027-04-01",
                "outcome": "positivo",
                "valid_until": "2027-07-30",
            },
            {
                "tax_code": BETA,
                "document_type": "00001",
                "issuer": {"token": "MININT", "title": "Min. Interno"},
                "requested": "2027-04-02",
                "outcome": "in_attesa",
                "valid_until": None,
                "evidence": None,
            },
        ],
    }
    data.update(changes)
    return data


def _path(response):
    return urlparse(response.json()["@id"]).path.split("/plone", 1)[-1]


@pytest.fixture
def created(manager_request):
    response = manager_request.post("/province/cuneo", json=dossier(), headers=JSON)
    assert response.status_code == 201, response.text[:2000]
    return _path(response)


def test_create_and_read_bidders_and_checks(manager_request, created):
    body = manager_request.get(created, headers=JSON).json()
    assert body["bidders"] == [
        {
            "lot": "1",
            "name": "Acme Costruzioni srl",
            "tax_code": ACME,
            "group_role": "13",
            "group_name": "RTI Acme",
            "awardee": True,
            "offer_amount": "190000.10",
        },
        {
            "lot": "1",
            "name": "Beta Strade spa",
            "tax_code": BETA,
            "group_role": None,
            "group_name": None,
            "awardee": False,
            "offer_amount": "195000.5",
        },
        {
            "lot": "2",
            "name": "Beta Strade spa",
            "tax_code": BETA,
            "group_role": None,
            "group_name": None,
            "awardee": True,
            "offer_amount": None,
        },
    ]
    assert body["requirement_checks"] == [
        {
            "tax_code": ACME,
            "document_type": "00024",
            "issuer": "INPS",
            "requested": "2027-04-01",
            "outcome": "positivo",
            "valid_until": "2027-07-30",
            "evidence": None,
        },
        {
            "tax_code": BETA,
            "document_type": "00001",
            "issuer": "MININT",
            "requested": "2027-04-02",
            "outcome": "in_attesa",
            "valid_until": None,
            "evidence": None,
        },
    ]


def test_what_was_read_can_be_written_back_unchanged(manager_request, created):
    before = manager_request.get(created, headers=JSON).json()
    response = manager_request.patch(
        created,
        json={"bidders": before["bidders"], "requirement_checks": before["requirement_checks"]},
        headers=JSON,
    )
    assert response.status_code == 204, response.text[:2000]
    after = manager_request.get(created, headers=JSON).json()
    assert after["bidders"] == before["bidders"]
    assert after["requirement_checks"] == before["requirement_checks"]


def test_update_a_check_with_its_evidence_file(manager_request, created):
    upload = manager_request.post(
        created,
        json={
            "@type": "File",
            "title": "DURC Acme",
            "file": {
                "data": base64.b64encode(b"%PDF-1.4 durc").decode(),
                "encoding": "base64",
                "filename": "durc-acme.pdf",
                "content-type": "application/pdf",
            },
        },
        headers=JSON,
    )
    assert upload.status_code == 201, upload.text[:2000]
    uid = upload.json()["UID"]
    checks = dossier()["requirement_checks"]
    checks[0]["evidence"] = uid
    checks[1].update(outcome="positivo", valid_until="2027-10-02")
    response = manager_request.patch(created, json={"requirement_checks": checks}, headers=JSON)
    assert response.status_code == 204, response.text[:2000]
    body = manager_request.get(created, headers=JSON).json()
    assert body["requirement_checks"][0]["evidence"] == uid
    assert body["requirement_checks"][1]["outcome"] == "positivo"
    assert body["requirement_checks"][1]["valid_until"] == "2027-10-02"
    # A file elsewhere is no evidence of this dossier.
    elsewhere = manager_request.get("/province/cuneo", headers=JSON).json()["UID"]
    checks[0]["evidence"] = elsewhere
    response = manager_request.patch(created, json={"requirement_checks": checks}, headers=IT)
    assert response.status_code == 400
    assert "Verifica 1, Documento di riscontro:" in response.json()["message"]


def _bidders(**changes):
    rows = dossier()["bidders"]
    rows[1].update(changes)
    return rows


def _checks(**changes):
    rows = dossier()["requirement_checks"]
    rows[1].update(changes)
    return rows


@pytest.mark.parametrize(
    "field, value, words",
    [
        ("bidders", _bidders(tax_code="01234560018"), ["Offerente 2: Codice fiscale"]),
        ("bidders", _bidders(lot="3"), ["Offerente 2, Lotto:", '"3" non è un lotto']),
        ("bidders", _bidders(awardee=True), ["Offerente 2, Proposto aggiudicatario"]),
        ("bidders", _bidders(group_role="RP"), ["Offerente 2, Ruolo nel raggruppamento"]),
        ("bidders", _bidders(offer_amount="-3"), ["Offerente 2: Importo offerto (EUR)"]),
        ("bidders", _bidders(offer_amount="12,50"), ["Offerente 2: Importo offerto (EUR)"]),
        ("bidders", _bidders(offer_amount=1.005), ["Offerente 2: Importo offerto", "decimali"]),
        ("bidders", _bidders(name=""), ["Offerente 2, Operatore economico"]),
        ("bidders", {"lot": "1"}, ["Offerenti: invia una lista"]),
        ("bidders", ["Acme"], ["Offerente 1: invia un oggetto"]),
        ("requirement_checks", _checks(document_type="123"), ["Verifica 2, Documento:"]),
        ("requirement_checks", _checks(issuer="INAIL"), ["Verifica 2, Ente certificante:"]),
        ("requirement_checks", _checks(outcome="ok"), ["Verifica 2, Esito:"]),
        ("requirement_checks", _checks(requested="2027-13-01"), ["Verifica 2, Richiesta il:"]),
        ("requirement_checks", _checks(requested=None), ["Verifica 2, Richiesta il:"]),
        (
            "requirement_checks",
            _checks(valid_until="2027-04-01", requested="2027-04-02"),
            ["Verifica 2, Valida fino al: non può precedere"],
        ),
        (
            "requirement_checks",
            _checks(tax_code="12345670157"),
            ["Verifica 2, Codice fiscale / partita IVA: 12345670157 non è il codice fiscale"],
        ),
        ("requirement_checks", _checks(evidence="0" * 32), ["Verifica 2, Documento di riscontro"]),
    ],
)
def test_bad_rows_are_refused_naming_field_and_row(manager_request, created, field, value, words):
    before = manager_request.get(created, headers=JSON).json()
    response = manager_request.patch(created, json={field: value}, headers=IT)
    assert response.status_code == 400, response.text[:2000]
    message = response.json()["message"]
    for word in words:
        assert word in message, message
    after = manager_request.get(created, headers=JSON).json()
    assert after["bidders"] == before["bidders"]  # nothing half-written
    assert after["requirement_checks"] == before["requirement_checks"]


def test_a_field_error_names_the_field(manager_request, created):
    response = manager_request.patch(created, json={"bidders": _bidders(lot="9")}, headers=IT)
    assert response.status_code == 400
    assert "'field': 'bidders'" in response.json()["message"]


def test_a_dossier_with_bad_bidders_is_not_created(manager_request):
    data = dossier(bidders=_bidders(tax_code="ACME"))
    response = manager_request.post("/province/cuneo", json=data, headers=IT)
    assert response.status_code == 400, response.text[:2000]
    assert "Offerente 2: Codice fiscale" in response.json()["message"]
    listing = manager_request.get(
        "/province/cuneo/@search", params={"portal_type": "TenderDossier"}, headers=JSON
    )
    assert listing.json()["items_total"] == 0


def test_lots_cannot_drop_a_lot_bidders_bid_on(manager_request, created):
    one_lot = [dict(dossier()["lots"][0], amount="350000.00")]
    response = manager_request.patch(created, json={"lots": one_lot}, headers=IT)
    assert response.status_code == 400, response.text[:2000]
    message = response.json()["message"]
    assert "Offerente 3, Lotto:" in message and "(i suoi lotti vanno da 1 a 1)" in message
    body = manager_request.get(created, headers=JSON).json()
    assert len(body["lots"]) == 2
