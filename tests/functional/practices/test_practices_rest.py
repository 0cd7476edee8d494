"""Good practices through the REST API, over HTTP: create, review, adopt, search."""

from plone import api
from plone.app.testing import SITE_OWNER_NAME
from provincecomuni.membership import api as membership

import pytest
import transaction


PASSWORD = "Una-password-lunga-1"  # noqa: S105

BODY = {
    "@type": "GoodPractice",
    "title": "Gare telematiche per i piccoli Comuni",
    "pillar": "sua",
    "provinces": ["004"],
    "year": 2023,
    "problem": {"data": "<p>Nessun ufficio gare.</p>", "content-type": "text/html"},
    "solution": {"data": "<p>Piattaforma unica.</p>", "content-type": "text/html"},
    "results": {"data": "<p>120 gare, -30% di tempo.</p>", "content-type": "text/html"},
    "resources": "Due funzionari.",
    "transferability": "Una convenzione SUA.",
    "contacts": "sua@example.org",
    "subjects": ["appalti"],
}


@pytest.fixture
def people(functional_portal):
    portal = functional_portal
    with api.env.adopt_user(username=SITE_OWNER_NAME):
        for username in ("autrice", "revisore", "modena"):
            api.user.create(email=f"{username}@example.org", username=username, password=PASSWORD)
        membership.add_member(portal["province"]["cuneo"], "autrice", "collaboratore")
        membership.add_member(portal["province"]["modena"], "modena", "redattore")
        api.group.add_user(groupname="revisori", username="revisore")
    transaction.commit()
    return portal


@pytest.fixture
def as_user(request_factory):
    return lambda username: request_factory(basic_auth=(username, PASSWORD))


def test_bad_input_answers_400_naming_the_field(people, as_user):
    session = as_user("autrice")
    response = session.post("/province/cuneo", json={**BODY, "year": 1850})
    assert response.status_code == 400
    assert "year" in response.text
    assert "Year: 1850 is not between 2000" in response.text or "Anno" in response.text
    missing = {k: v for k, v in BODY.items() if k != "transferability"}
    response = session.post("/province/cuneo", json=missing)
    assert response.status_code == 400
    assert "transferability" in response.text
    assert "GoodPractice" not in {
        item["@type"] for item in session.get("/province/cuneo").json()["items"]
    }


def test_write_review_publish_adopt_and_find(people, as_user, anon_request):
    author = as_user("autrice")
    created = author.post("/province/cuneo", json=BODY)
    assert created.status_code == 201, created.text
    path = "/province/cuneo/" + created.json()["id"]
    assert created.json()["review_state"] == "bozza"
    # Anonymous cannot see the draft; the author submits; the author cannot publish.
    assert anon_request.get(path).status_code == 401
    assert author.post(f"{path}/@workflow/submit").status_code == 200
    assert author.post(f"{path}/@workflow/publish").status_code == 400
    reviewer = as_user("revisore")
    rejected = reviewer.post(f"{path}/@workflow/reject", json={"comment": "Aggiungete i costi."})
    assert rejected.status_code == 200
    shown = author.get(path).json()
    assert shown["review_state"] == "respinta"
    assert shown["review_comment"]["comment"] == "Aggiungete i costi."
    assert author.patch(path, json={"cost": 45000}).status_code == 204
    assert author.post(f"{path}/@workflow/submit").status_code == 200
    assert reviewer.post(f"{path}/@workflow/publish").status_code == 200
    # Public now, although the Cuneo community is private.
    public = anon_request.get(path)
    assert public.status_code == 200
    assert public.json()["adoption_count"] == 0
    assert anon_request.get("/province/cuneo").status_code == 401
    # Modena adopts it; errors name the field; anonymous cannot declare.
    modena = as_user("modena")
    adoption = {"province": "036", "date": "2025-02-01", "outcome": "positivo", "note": "Bene."}
    bad = modena.post(f"{path}/@adoptions", json={**adoption, "outcome": "ottimo"})
    assert bad.status_code == 400
    assert bad.json()["error"]["field"] == "outcome"
    assert anon_request.post(f"{path}/@adoptions", json=adoption).status_code == 401
    assert modena.post(f"{path}/@adoptions", json=adoption).status_code == 201
    again = modena.post(f"{path}/@adoptions", json=adoption)
    assert again.status_code == 409
    assert again.json()["error"]["field"] == "province"
    listed = anon_request.get(f"{path}/@adoptions").json()
    assert listed["items_total"] == 1
    assert listed["items"][0]["note"] == "Bene."
    # The catalogue through @search, for anonymous, filtered and sorted by adoptions.
    found = anon_request.get(
        "/@search",
        params={
            "portal_type": "GoodPractice",
            "pillar": "sua",
            "practice_regions": "Piemonte",
            "sort_on": "adoption_count",
            "sort_order": "descending",
        },
    ).json()
    assert found["items_total"] == 1
    item = found["items"][0]
    assert item["adoption_count"] == 1
    assert item["practice_provinces"] == ["004"]
    assert item["practice_year"] == 2023
    # And with the facet counts through @good-practices.
    catalogue = anon_request.get("/buone-pratiche/@good-practices", params={"q": "piattaforma"})
    assert catalogue.status_code == 200
    body = catalogue.json()
    assert body["items_total"] == 1
    pillar = next(f for f in body["facets"] if f["name"] == "pillar")
    assert pillar["options"] == [
        {"value": "sua", "title": pillar["options"][0]["title"], "count": 1, "selected": False}
    ]
