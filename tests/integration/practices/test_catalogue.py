"""The public catalogue /buone-pratiche: published practices from every community, with facets."""

from plone import api
from plone.app.testing import logout
from provincecomuni.practices import catalogue

import pytest


def _publish(practice):
    workflow = api.portal.get_tool("portal_workflow")
    with api.env.adopt_user(username=practice.listCreators()[0]):
        workflow.doActionFor(practice, "submit")
    with api.env.adopt_user(username="revisore"):
        workflow.doActionFor(practice, "publish")
    return practice


@pytest.fixture
def practices(portal, people, new_practice, mailhost):
    """Three published practices (Cuneo, Cuneo, Modena), one draft."""
    a = _publish(new_practice("autrice"))
    b = _publish(
        new_practice(
            "autrice",
            title="Sportello fondi europei",
            pillar="sape",
            year=2024,
            subjects=("fondi-ue",),
            comuni=[],
        )
    )
    c = _publish(
        new_practice(
            "modena",
            container=portal["province"]["modena"],
            title="Catasto digitale condiviso",
            pillar="sit",
            provinces=["036"],
            comuni=[],
            year=2024,
            subjects=("catasto", "e-procurement"),
        )
    )
    new_practice("autrice", title="Bozza non pubblicata", pillar="sit")
    return a, b, c


def _page(portal, **form):
    section = portal["buone-pratiche"]
    request = section.REQUEST
    request.form.clear()
    request.form.update(form)
    view = section.restrictedTraverse("@@good-practices")
    return view, view()


def _facet(view, name):
    [facet] = [f for f in view.facet_groups if f["name"] == name]
    return {v["value"]: v["count"] for v in facet["options"]}


def test_the_section_shows_the_catalogue(portal):
    assert portal["buone-pratiche"].getLayout() == "good-practices"


def test_anonymous_visitors_see_published_practices_of_private_communities(portal, practices):
    assert api.content.get_state(portal["province"]["cuneo"]) == "private"
    logout()
    view, html = _page(portal)
    assert view.total == 3
    assert "Catasto digitale condiviso" in html
    assert "Bozza non pubblicata" not in html
    assert _facet(view, "pillar") == {"sua": 1, "sape": 1, "sit": 1}
    assert _facet(view, "region") == {"Piemonte": 2, "Emilia-Romagna": 1}
    assert _facet(view, "province") == {"004": 2, "036": 1}
    assert _facet(view, "tag") == {"e-procurement": 2, "appalti": 1, "fondi-ue": 1, "catasto": 1}
    assert _facet(view, "year") == {"2023": 1, "2024": 2}


def test_facets_narrow_the_results_and_recount(portal, practices):
    logout()
    view, html = _page(portal, region="Piemonte", year="2024")
    assert view.total == 1
    assert "Sportello fondi europei" in html
    assert _facet(view, "pillar") == {"sape": 1}
    view, _html = _page(portal, tag="e-procurement", pillar="sit")
    assert [b.Title for b in view.batch] == ["Catasto digitale condiviso"]
    # A facet link toggles its value: the chosen one links back to the catalogue without it.
    assert view.toggle_url("pillar", "sit").endswith("buone-pratiche?tag=e-procurement")


def test_full_text_search(portal, practices):
    logout()
    view, _html = _page(portal, q="catasto")
    assert [b.Title for b in view.batch] == ["Catasto digitale condiviso"]
    view, _html = _page(portal, q="piattaforma", pillar="sua")
    assert [b.Title for b in view.batch] == ["Gare telematiche per i piccoli Comuni"]
    view, _html = _page(portal, q='catasto AND (" OR')  # operators are not errors
    assert view.total == 0 or view.total == 1


def test_the_catalogue_query_is_one_catalog_search(portal, practices):
    filters, text, sort = catalogue.parse({"pillar": "sit", "year": ["2024", "x"], "sort": "no"})
    assert filters == {"pillar": ["sit"], "year": ["2024"]}
    assert sort == "adoptions"
    query = catalogue.query(filters, text, sort)
    assert query["review_state"] == "pubblicata"
    assert query["practice_year"] == [2024]
