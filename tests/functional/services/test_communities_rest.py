"""The communities through the REST API, over HTTP against a real WSGI server."""

from importlib import resources

import csv
import pytest


def _province_rows():
    text = resources.files("provincecomuni.data").joinpath("province.csv").read_text("utf-8")
    return {row["istat_code"]: row for row in csv.DictReader(text.splitlines())}


FIELDS = ("istat_code", "sigla", "region", "region_istat_code", "fiscal_code", "nuts3")


def test_search_returns_the_76_province_communities_with_their_data(manager_request):
    # The request of the issue, as an integrator would write it: no metadata_fields.
    response = manager_request.get(
        "/province/@search",
        params={"portal_type": "ProvinceCommunity", "b_size": 100},
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 200
    body = response.json()
    assert body["items_total"] == 76
    assert len(body["items"]) == 76
    rows = _province_rows()
    for item in body["items"]:
        row = rows.pop(item["istat_code"])
        assert item["title"] == row["name"]
        for field in FIELDS:
            assert item[field] == row[field], (item["title"], field)
    assert rows == {}


def test_get_a_province_community_lists_its_comuni(manager_request):
    response = manager_request.get("/province/cuneo", headers={"Accept": "application/json"})
    assert response.status_code == 200
    body = response.json()
    assert body["@type"] == "ProvinceCommunity"
    assert body["title"] == "Cuneo"
    assert body["fiscal_code"] == "00447820044"
    assert body["review_state"] == "private"
    assert len(body["comuni"]) == 247
    cuneo = next(c for c in body["comuni"] if c["istat_code"] == "004078")
    assert cuneo == {
        "istat_code": "004078",
        "name": "Cuneo",
        "fiscal_code": "00480530047",
        "cadastral_code": "D205",
        "joined": False,
    }


def test_editor_records_which_comuni_joined(manager_request):
    response = manager_request.patch(
        "/province/cuneo",
        json={"joined_comuni": ["004078", "004003"]},
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 204
    body = manager_request.get("/province/cuneo", headers={"Accept": "application/json"}).json()
    assert sorted(t["token"] for t in body["joined_comuni"]) == ["004003", "004078"]
    joined = sorted(c["istat_code"] for c in body["comuni"] if c["joined"])
    assert joined == ["004003", "004078"]


def test_a_comune_of_another_province_is_refused_naming_the_field(manager_request):
    response = manager_request.patch(
        "/province/cuneo",
        json={"joined_comuni": ["002002"]},  # Alagna Valsesia, Province of Vercelli
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 400, response.text[-3000:]
    assert "joined_comuni" in response.json()["message"]
    body = manager_request.get("/province/cuneo", headers={"Accept": "application/json"}).json()
    assert body["joined_comuni"] == []


def test_errors_speak_the_language_the_client_asks_for(manager_request):
    response = manager_request.patch(
        "/province/cuneo",
        json={"fiscal_code": "00447820045"},
        headers={"Accept": "application/json", "Accept-Language": "en"},
    )
    assert response.status_code == 400
    assert "Codice fiscale: 00447820045 is not a valid fiscal code" in response.json()["message"]


def test_an_invalid_fiscal_code_is_refused_and_nothing_changes(manager_request):
    response = manager_request.patch(
        "/province/cuneo",
        json={"fiscal_code": "00447820045", "title": "Cuneo modificata"},
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 400, response.text[:1500]
    message = response.json()["message"]
    assert "fiscal_code" in message
    # Italian first (the site's language)...
    assert "Codice fiscale: 00447820045 non è un codice fiscale valido" in message
    body = manager_request.get("/province/cuneo", headers={"Accept": "application/json"}).json()
    assert body["fiscal_code"] == "00447820044"
    assert body["title"] == "Cuneo"


@pytest.mark.parametrize("path", ["/province/cuneo", "/reti-tematiche/community-sua"])
def test_anonymous_cannot_read_a_private_community(anon_request, path):
    response = anon_request.get(path, headers={"Accept": "application/json"})
    assert response.status_code == 401


def test_anonymous_reads_the_public_sections(anon_request):
    # plone.restapi:default is installed: anonymous REST reads work where allowed.
    response = anon_request.get("/buone-pratiche", headers={"Accept": "application/json"})
    assert response.status_code == 200
    assert response.json()["title"] == "Buone pratiche"
    response = anon_request.get(
        "/province/@search",
        params={"portal_type": "ProvinceCommunity"},
        headers={"Accept": "application/json"},
    )
    assert response.json()["items_total"] == 0


def test_other_results_keep_the_default_summary(manager_request):
    response = manager_request.get(
        "/@search",
        params={"portal_type": "Folder", "sort_on": "id"},
        headers={"Accept": "application/json"},
    )
    archive = next(i for i in response.json()["items"] if i["@id"].endswith("/archivio"))
    assert archive["title"] == "Archivio"
    assert "istat_code" not in archive


def test_thematic_communities_over_rest(manager_request):
    response = manager_request.get(
        "/reti-tematiche/@search",
        params={"portal_type": "ThematicCommunity"},
        headers={"Accept": "application/json"},
    )
    items = {item["title"]: item["pillar"] for item in response.json()["items"]}
    assert items == {
        "Community SUA": "sua",
        "Community Servizi Europa": "sape",
        "Community Agenda Digitale Integrata": "sit",
    }


def test_published_content_is_as_visible_as_its_community(manager_request, anon_request):
    json = {"Accept": "application/json"}
    response = manager_request.post(
        "/province/cuneo",
        json={"@type": "Document", "id": "delibera", "title": "Delibera di adesione"},
        headers=json,
    )
    assert response.status_code == 201
    response = manager_request.post("/province/cuneo/delibera/@workflow/publish", headers=json)
    assert response.json()["review_state"] == "published"

    # Published, but in a private community: not for anonymous visitors.
    assert anon_request.get("/province/cuneo/delibera", headers=json).status_code == 401
    found = anon_request.get("/@search", params={"SearchableText": "Delibera"}, headers=json)
    assert found.json()["items_total"] == 0

    manager_request.post("/province/cuneo/@workflow/make_public", headers=json)
    assert anon_request.get("/province/cuneo/delibera", headers=json).status_code == 200
    found = anon_request.get("/@search", params={"SearchableText": "Delibera"}, headers=json)
    assert [item["title"] for item in found.json()["items"]] == ["Delibera di adesione"]
