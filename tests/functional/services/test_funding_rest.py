"""Funding calls over REST: create with validation (400 naming the field), @search by state."""

from datetime import date
from datetime import timedelta
from provincecomuni.funding import dates

import pytest


JSON = {"Accept": "application/json"}


def _call(identifier, opening, deadlines, **fields):
    return {
        "@type": "FundingCall",
        "title": f"Bando {identifier}",
        "identifier": identifier,
        "programme": fields.pop("programme", "horizon-europe"),
        "opening_date": opening.isoformat() if opening else None,
        "deadlines": [d.isoformat() for d in deadlines],
        "deadline_model": "single-stage",
        **fields,
    }


@pytest.mark.parametrize(
    ("fields", "field", "text"),
    [
        ({"cofinancing_rate": 120}, "cofinancing_rate", "between 0 and 100"),
        ({"total_budget": -1}, "total_budget", "cannot be negative"),
        ({"identifier": "a b"}, "identifier", "Identifier"),
        ({"programme": "nessuno"}, "programme", ""),
    ],
)
def test_invalid_fields_answer_400_naming_the_field(manager_request, fields, field, text):
    body = _call("HORIZON-X-1", date(2024, 1, 16), [date(2024, 4, 18)])
    body.update(fields)
    response = manager_request.post(
        "/bandi-europei", json=body, headers={**JSON, "Accept-Language": "en"}
    )
    assert response.status_code == 400, response.text[:2000]
    message = response.json()["message"]
    assert field in message
    assert text in message
    assert manager_request.get("/bandi-europei/bando-horizon-x-1", headers=JSON).status_code == 404


def test_a_deadline_before_the_opening_answers_400(manager_request):
    body = _call("HORIZON-X-1", date(2024, 5, 1), [date(2024, 4, 18)])
    response = manager_request.post(
        "/bandi-europei", json=body, headers={**JSON, "Accept-Language": "en"}
    )
    assert response.status_code == 400
    assert "Deadlines: every deadline must be on or after the opening date." in response.text


def test_create_publish_and_find_open_calls_with_search(manager_request, anon_request):
    today = dates.today()
    calls = [
        _call("HORIZON-OPEN", today, [today + timedelta(days=30)]),
        _call("LIFE-OPEN", today - timedelta(days=10), [today], programme="life"),
        _call("HORIZON-SOON", today + timedelta(days=1), [today + timedelta(days=40)]),
        _call("HORIZON-PAST", today - timedelta(days=40), [today - timedelta(days=1)]),
    ]
    for body in calls:
        response = manager_request.post("/bandi-europei", json=body, headers=JSON)
        assert response.status_code == 201, response.text[:2000]
        url = response.json()["@id"].split("/plone", 1)[1]
        response = manager_request.post(f"{url}/@workflow/pubblica", headers=JSON)
        assert response.status_code == 200
    got = manager_request.get("/bandi-europei/bando-horizon-open", headers=JSON).json()
    assert got["identifier"] == "HORIZON-OPEN"
    assert got["deadlines"] == [(today + timedelta(days=30)).isoformat()]
    assert got["review_state"] == "pubblicato"

    # "Open today", as the catalogue asks it: opened on or before today, closing on or after.
    day = today.isoformat()
    params = {
        "portal_type": "FundingCall",
        "funding_opening.query": day,
        "funding_opening.range": "max",
        "funding_closing.query": day,
        "funding_closing.range": "min",
        "sort_on": "funding_closing",
        "metadata_fields": ["funding_identifier", "funding_closing"],
    }
    response = anon_request.get("/@search", params=params, headers=JSON)
    assert response.status_code == 200, response.text[:2000]
    items = response.json()["items"]
    # Nearest deadline first: LIFE-OPEN closes today.
    assert [i["funding_identifier"] for i in items] == ["LIFE-OPEN", "HORIZON-OPEN"]
    params["funding_programme"] = "life"
    items = anon_request.get("/@search", params=params, headers=JSON).json()["items"]
    assert [i["funding_identifier"] for i in items] == ["LIFE-OPEN"]


CSV = (
    "identifier;title;programme;deadlines;cofinancing_rate\n"
    "FESR-1;Bando uno;fesr;2030-06-30;80\n"
    "FESR-2;Bando due;fesr;2030-06-30;180\n"
)


ENGLISH = {**JSON, "Accept-Language": "en"}
ITALIAN = {**JSON, "Accept-Language": "it"}


def test_import_over_rest_reports_each_row(manager_request, anon_request):
    body = {"format": "csv", "data": CSV, "publish": True}
    response = manager_request.post("/bandi-europei/@funding-import", json=body, headers=ENGLISH)
    assert response.status_code == 200, response.text[:2000]
    report = response.json()
    assert report["created"] == ["FESR-1"]
    assert report["rejected"][0]["row"] == 3
    assert report["rejected"][0]["identifier"] == "FESR-2"
    assert report["rejected"][0]["reason"] == (
        "cofinancing_rate: Co-financing rate: use a percentage between 0 and 100."
    )
    again = manager_request.post("/bandi-europei/@funding-import", json=body, headers=JSON)
    assert again.json()["unchanged"] == ["FESR-1"]
    response = anon_request.post("/bandi-europei/@funding-import", json=body, headers=JSON)
    assert response.status_code == 401


def test_a_malformed_file_over_rest_answers_400(manager_request):
    body = {"format": "sedia", "data": '{"results": ['}
    response = manager_request.post("/bandi-europei/@funding-import", json=body, headers=ENGLISH)
    assert response.status_code == 400
    assert "the file is not valid JSON" in response.json()["message"]


def test_the_import_report_speaks_the_language_of_the_request(manager_request):
    data = CSV + "FESR-3;Bando tre;fesr;31/02/2030;80\n"
    body = {"format": "csv", "data": data}
    response = manager_request.post("/bandi-europei/@funding-import", json=body, headers=ITALIAN)
    assert response.status_code == 200, response.text[:2000]
    reasons = {r["identifier"]: r["reason"] for r in response.json()["rejected"]}
    assert reasons["FESR-3"] == (
        "deadlines: '31/02/2030' non è una data (usa AAAA-MM-GG o GG/MM/AAAA)"
    )
    assert reasons["FESR-2"].startswith("cofinancing_rate: ")
    assert "percentage" not in reasons["FESR-2"]
    body = {"format": "csv", "data": "identifier;title\nA;B\n"}
    response = manager_request.post("/bandi-europei/@funding-import", json=body, headers=ITALIAN)
    assert response.status_code == 400
    assert "colonne mancanti: programme, deadlines" in response.json()["message"]
    response = manager_request.post("/bandi-europei/@funding-import", json=body, headers=ENGLISH)
    assert "missing columns: programme, deadlines" in response.json()["message"]


def test_proposal_over_rest_validates_the_call_and_the_partners(manager_request):
    call = _call("LIFE-P-1", date(2025, 5, 1), [date(2025, 9, 23)], programme="life")
    assert manager_request.post("/bandi-europei", json=call, headers=JSON).status_code == 201
    proposal = {
        "@type": "ProjectProposal",
        "title": "Parco fluviale",
        "call_identifier": "LIFE-P-1",
        "lead_applicant_name": "Comune di Cuneo",
        "partners": [{"fiscal_code": "00000000001", "name": "Ente X"}],
        "budget": 100000,
    }
    headers = {**JSON, "Accept-Language": "en"}
    response = manager_request.post("/province/cuneo", json=proposal, headers=headers)
    assert response.status_code == 400
    assert "partners" in response.json()["message"]
    assert "Partners: partner 1 (Ente X) has an invalid codice fiscale" in response.text
    proposal["partners"] = [{"fiscal_code": "00480530047", "name": "Comune di Cuneo"}]
    proposal["call_identifier"] = "NESSUN-BANDO"
    response = manager_request.post("/province/cuneo", json=proposal, headers=headers)
    assert response.status_code == 400
    assert "Call: no call in Bandi europei has the identifier NESSUN-BANDO." in response.text
    proposal["call_identifier"] = "LIFE-P-1"
    response = manager_request.post("/province/cuneo", json=proposal, headers=headers)
    assert response.status_code == 201, response.text[:2000]
    body = response.json()
    assert body["review_state"] == "idea"
    assert body["budget"] == 100000.0
    url = body["@id"].split("/plone", 1)[1]
    response = manager_request.post(f"{url}/@workflow/prepara", headers=JSON)
    assert response.status_code == 200
