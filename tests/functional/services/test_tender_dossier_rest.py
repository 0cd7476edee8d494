"""Tender dossiers over HTTP: REST create/read, the CPV search of REST and of the widget."""

from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from urllib.parse import parse_qs
from urllib.parse import urlparse

import html
import json
import pytest
import re
import requests


JSON = {"Accept": "application/json"}


def dossier(**changes):
    data = {
        "@type": "TenderDossier",
        "title": "Manutenzione strade comunali 2027",
        "commissioning_comune": "004078",  # Cuneo
        "contract_object": "lavori",
        "procedure": "6",  # Aperta
        "award_criterion": "priceOnly",
        "main_cpv": "45233141-9",
        "secondary_cpvs": ["45233142"],
        "cups": ["D27H22000010001"],
        "total_amount": "350000.00",
        "safety_costs": "12000.50",
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
        "decision_date": "2027-01-15",
        "publication_date": "2027-02-01",
        "offer_deadline": "2027-03-01T12:00:00",
        "platform": "Piattaforma SUA Cuneo",
        "platform_reference": "G-2027-001",
    }
    data.update(changes)
    return data


def test_post_a_dossier_with_two_lots_and_read_it_back(manager_request):
    response = manager_request.post("/province/cuneo", json=dossier(), headers=JSON)
    assert response.status_code == 201, response.text[:2000]
    url = urlparse(response.json()["@id"]).path.split("/plone", 1)[-1]
    body = manager_request.get(url, headers=JSON).json()
    assert body["@type"] == "TenderDossier"
    assert body["title"] == "Manutenzione strade comunali 2027"
    assert body["commissioning_comune"]["token"] == "004078"  # noqa: S105
    assert body["procedure"] == {"token": "6", "title": "Aperta"}
    # The check digit users write is accepted; the 8 digits are stored.
    assert body["main_cpv"]["token"] == "45233141"  # noqa: S105
    assert body["main_cpv"]["title"].startswith("45233141 - Lavori di manutenzione stradale")
    assert [lot["cig"] for lot in body["lots"]] == ["9050626CD6", "B7E26B1DC7"]
    assert body["total_amount"] == 350000.0 or body["total_amount"] == "350000.00"


def test_a_bad_cig_is_refused_naming_the_lot_and_its_field(manager_request):
    data = dossier()
    data["lots"][1]["cig"] = "B7E26B1DC8"
    response = manager_request.post("/province/cuneo", json=data, headers=JSON)
    assert response.status_code == 400, response.text[:2000]
    message = response.json()["message"]
    assert "lots" in message
    assert "Lotto 2: CIG" in message
    assert "B7E26B1DC8" in message
    listing = manager_request.get(
        "/province/cuneo/@search", params={"portal_type": "TenderDossier"}, headers=JSON
    )
    assert listing.json()["items_total"] == 0


def test_an_unknown_cpv_is_refused_naming_the_field(manager_request):
    response = manager_request.post(
        "/province/cuneo", json=dossier(main_cpv="45233149"), headers=JSON
    )
    assert response.status_code == 400, response.text[:2000]
    assert "main_cpv" in response.json()["message"]


def test_a_dossier_cannot_be_added_outside_a_province_community(manager_request):
    response = manager_request.post("/reti-tematiche/community-sua", json=dossier(), headers=JSON)
    assert response.status_code in (400, 403)
    response = manager_request.post("/buone-pratiche", json=dossier(), headers=JSON)
    assert response.status_code in (400, 403)


def test_rest_vocabulary_searches_cpv_by_title(manager_request):
    response = manager_request.get(
        "/province/cuneo/@vocabularies/provincecomuni.procurement.Cpv",
        params={"title": "manutenzione stradale"},
        headers=JSON,
    )
    assert response.status_code == 200
    body = response.json()
    tokens = [item["token"] for item in body["items"]]
    assert "45233141" in tokens
    assert all("manutenzione stradale" in item["title"].lower() for item in body["items"])
    assert body["items_total"] < 50


@pytest.mark.parametrize(
    "vocabulary", ["Procedures", "ContractObjects", "AwardCriteria", "LotStates"]
)
def test_rest_vocabularies_are_italian(manager_request, vocabulary):
    response = manager_request.get(
        f"/province/cuneo/@vocabularies/provincecomuni.procurement.{vocabulary}", headers=JSON
    )
    assert response.status_code == 200
    titles = {item["title"] for item in response.json()["items"]}
    assert titles & {"Aperta", "Lavori", "Minor prezzo", "In lavorazione"}


def _ajax_options(page, field):
    """The pattern options of the AjaxSelect widget of ``field`` in a rendered form."""
    for tag in re.findall(r"<input[^>]*>", page):
        if f'name="form.widgets.{field}' in tag and "data-pat-select2=" in tag:
            options = re.search(r'data-pat-select2="([^"]+)"', tag).group(1)
            return json.loads(html.unescape(options))
    raise AssertionError(f"no AjaxSelect widget for {field}")


@pytest.fixture
def owner(functional_portal):
    """A browser-like session of the site owner (HTML pages, not the REST API)."""
    session = requests.Session()
    session.auth = (SITE_OWNER_NAME, SITE_OWNER_PASSWORD)
    session.base = functional_portal.absolute_url()
    return session


def test_the_add_form_searches_cpv_as_you_type(owner):
    page = owner.get(f"{owner.base}/province/cuneo/++add++TenderDossier")
    assert page.status_code == 200
    for field in ("main_cpv", "secondary_cpvs", "lots.0.widgets.cpv"):
        options = _ajax_options(page.text, field)
        url = urlparse(options["vocabularyUrl"])
        params = {k: v[0] for k, v in parse_qs(url.query).items()}
        assert params["name"] == "provincecomuni.procurement.Cpv"
        # What the select2 pattern asks while the user types.
        response = owner.get(
            f"{url.scheme}://{url.netloc}{url.path}",
            params={
                **params,
                "query": "manutenzione stradale",
                "batch": json.dumps({"page": 1, "size": 10}),
            },
        )
        assert response.status_code == 200
        body = response.json()
        assert body["total"] > 0, body
        found = {item["id"]: item["text"] for item in body["results"]}
        assert found["45233141"] == "45233141 - Lavori di manutenzione stradale", found
        assert len(found) <= 10


def _refused(manager_request, data, *words):
    response = manager_request.post(
        "/province/cuneo", json=data, headers={**JSON, "Accept-Language": "it"}
    )
    assert response.status_code == 400, response.text[:2000]
    message = response.json()["message"]
    for word in words:
        assert word in message, message
    listing = manager_request.get(
        "/province/cuneo/@search", params={"portal_type": "TenderDossier"}, headers=JSON
    )
    assert listing.json()["items_total"] == 0  # nothing half-written


def test_lots_must_add_up_to_the_total(manager_request):
    data = dossier(total_amount="360000.00")
    _refused(manager_request, data, "Lotti", "350.000,00", "360.000,00")


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"offer_deadline": "2027-01-20T12:00:00"}, "Termine per la presentazione"),
        ({"offer_deadline": "2027-02-01T18:00:00"}, "Termine per la presentazione"),  # same day
        ({"decision_date": "2027-02-10"}, "Pubblicazione"),
        (
            {"opening_session": "2027-03-01T09:00:00"},  # before the 12:00 deadline
            "Seduta di apertura",
        ),
    ],
)
def test_key_dates_must_be_in_order(manager_request, changes, field):
    _refused(manager_request, dossier(**changes), field)


def test_a_procedure_that_does_not_fit_the_amount_needs_a_confirmation(manager_request):
    direct_award = dossier(procedure="10")  # affidamento diretto of 350,000 EUR of works
    _refused(manager_request, direct_award, "affidamento diretto", "150.000,00")
    confirmed = dossier(procedure="10", procedure_confirmed=True)
    response = manager_request.post("/province/cuneo", json=confirmed, headers=JSON)
    assert response.status_code == 201, response.text[:2000]
