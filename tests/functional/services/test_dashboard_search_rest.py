"""SUA dashboard: the listing's filters through REST @search, over HTTP."""

import pytest


JSON = {"Accept": "application/json"}


def dossier(title, comune, procedure, cpv, amount, cig):
    return {
        "@type": "TenderDossier",
        "title": title,
        "commissioning_comune": comune,
        "contract_object": "lavori" if cpv.startswith("45") else "servizi",
        "procedure": procedure,
        "award_criterion": "priceOnly",
        "main_cpv": cpv,
        "total_amount": amount,
        "procedure_confirmed": True,
        "lots": [{"cig": cig, "subject": title, "amount": amount, "cpv": cpv, "status": "IN_LAV"}],
    }


@pytest.fixture
def dossiers(manager_request):
    for data in (
        dossier("Strade", "004078", "6", "45233120", "350000.00", "9050626CD6"),
        dossier("Scuola", "004003", "6", "45214200", "1200000.00", "B7E26B1DC7"),
        dossier("Mensa", "004003", "10", "55524000", "95000.50", "X3D1234567"),
    ):
        response = manager_request.post("/province/cuneo", json=data, headers=JSON)
        assert response.status_code == 201, response.text[:2000]


def _titles(manager_request, **params):
    response = manager_request.get(
        "/province/cuneo/@search",
        params={"portal_type": "TenderDossier", **params},
        headers=JSON,
    )
    assert response.status_code == 200, response.text[:2000]
    return sorted(item["title"] for item in response.json()["items"])


def test_search_filters_dossiers_like_the_listing(manager_request, dossiers):
    assert _titles(manager_request, tender_procedure="6") == ["Scuola", "Strade"]
    assert _titles(manager_request, tender_comune="004003") == ["Mensa", "Scuola"]
    assert _titles(manager_request, tender_contract_object="servizi") == ["Mensa"]
    assert _titles(manager_request, tender_cpv="45") == ["Scuola", "Strade"]
    assert _titles(manager_request, tender_cpv="4523312") == ["Strade"]
    assert _titles(manager_request, tender_cigs="X3D1234567") == ["Mensa"]
    assert _titles(
        manager_request,
        **{
            "tender_procedure": "6",
            "tender_amount.query": ["300000", "600000"],
            "tender_amount.range": "min:max",
        },
    ) == ["Strade"]
    assert _titles(
        manager_request, **{"tender_amount.query": "100000", "tender_amount.range": "max"}
    ) == ["Mensa"]


def test_search_returns_the_listing_metadata_and_sorts_by_amount(manager_request, dossiers):
    response = manager_request.get(
        "/province/cuneo/@search",
        params={
            "portal_type": "TenderDossier",
            "sort_on": "tender_amount",
            "sort_order": "descending",
            "metadata_fields": ["tender_amount", "tender_comune", "tender_cigs"],
        },
        headers=JSON,
    )
    items = response.json()["items"]
    assert [item["title"] for item in items] == ["Scuola", "Strade", "Mensa"]
    assert items[0]["tender_amount"] == 1200000.0
    assert items[0]["tender_comune"] == "004003"
    assert items[0]["tender_cigs"] == ["B7E26B1DC7"]


def test_a_bad_amount_is_a_400_naming_the_index(manager_request, dossiers):
    response = manager_request.get(
        "/province/cuneo/@search",
        params={"portal_type": "TenderDossier", "tender_amount.query": "tanti"},
        headers=JSON,
    )
    assert response.status_code == 400
    assert "tender_amount" in response.text


def test_csv_export_over_http_for_excel(manager_request, dossiers):
    response = manager_request.get(
        "/province/cuneo/@@gare.csv", params={"comune": "004003", "sort_on": "amount"}
    )
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Oggetto;Comune committente;")
    assert [line.split(";")[0] for line in lines[1:]] == ["Mensa", "Scuola"]
    assert lines[1].split(";")[6] == "95.000,50"
