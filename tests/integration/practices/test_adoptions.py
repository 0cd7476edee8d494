"""Reuse: another Province declares it adopted a practice; counts are indexed and sortable."""

from plone import api
from provincecomuni.membership import api as membership
from provincecomuni.practices import adoptions

import datetime
import pytest
import re


def _publish(practice):
    workflow = api.portal.get_tool("portal_workflow")
    with api.env.adopt_user(username="autrice"):
        workflow.doActionFor(practice, "submit")
    with api.env.adopt_user(username="revisore"):
        workflow.doActionFor(practice, "publish")
    return practice


def _declare(username, practice, province="036", **kw):
    data = {"date": "2025-03-01", "outcome": "positivo", "note": "Funziona.", **kw}
    with api.env.adopt_user(username=username):
        adoptions.declare(practice, province, **data)


@pytest.fixture
def published(practice, mailhost):
    return _publish(practice)


def test_an_editor_of_another_province_declares_an_adoption(portal, published):
    _declare("modena", published, note="Riusata per 40 Comuni.")
    [row] = adoptions.list_adoptions(published)
    assert row["province"] == "036"
    assert row["province_title"] == "Modena"
    assert row["date"] == "2025-03-01"
    assert row["outcome"] == "positivo"
    assert row["note"] == "Riusata per 40 Comuni."
    assert row["declared_by"] == "modena"
    catalog = api.portal.get_tool("portal_catalog")
    [brain] = catalog(UID=published.UID())
    assert brain.adoption_count == 1
    # The practice page shows the adoption and the count, to anonymous visitors too.
    from plone.app.testing import logout

    logout()
    html = published.restrictedTraverse("@@view")()
    assert "Riusata per 40 Comuni." in html
    assert re.search(r"pc-adoption-count\"\s*>\s*1\s*<", html), html[html.find("adozioni") :][:600]


@pytest.mark.parametrize(
    ("username", "province", "kw", "field", "status"),
    [
        ("modena", "036", {"date": "ieri"}, "date", 400),
        ("modena", "036", {"outcome": "ottimo"}, "outcome", 400),
        ("modena", "036", {"note": "x" * 1001}, "note", 400),
        ("modena", "999", {}, "province", 400),
        ("modena", "004", {}, "province", 400),  # the practice's own Province
        ("modena", "038", {}, "province", 403),  # Ferrara: not her community
        ("esterno", "036", {}, "province", 403),
    ],
)
def test_bad_declarations_say_which_field(portal, published, username, province, kw, field, status):
    with pytest.raises(adoptions.AdoptionError) as info:
        _declare(username, published, province, **kw)
    assert info.value.field == field
    assert info.value.status == status
    assert adoptions.count(published) == 0


def test_no_future_dates_and_one_declaration_per_province(portal, published):
    tomorrow = (datetime.date.today() + datetime.timedelta(days=1)).isoformat()
    with pytest.raises(adoptions.AdoptionError, match="future"):
        _declare("modena", published, date=tomorrow)
    _declare("modena", published)
    with pytest.raises(adoptions.AdoptionError) as info:
        _declare("modena", published)
    assert info.value.status == 409
    assert adoptions.count(published) == 1


def test_only_published_practices_are_adopted(portal, practice):
    with pytest.raises(adoptions.AdoptionError) as info:
        _declare("modena", practice)
    assert info.value.status == 409


def test_withdrawing_a_declaration_lowers_the_count(portal, published):
    _declare("modena", published)
    with api.env.adopt_user(username="esterno"), pytest.raises(adoptions.AdoptionError):
        adoptions.withdraw(published, "036")
    with api.env.adopt_user(username="modena"):
        adoptions.withdraw(published, "036")
    assert adoptions.count(published) == 0
    [brain] = api.portal.get_tool("portal_catalog")(UID=published.UID())
    assert brain.adoption_count == 0


def test_the_catalogue_sorts_by_adoptions(portal, published, new_practice, people):
    second = _publish(new_practice("autrice", title="Sportello fondi europei", pillar="sape"))
    for code, username in (("036", "modena"), ("038", "ferrara")):
        if username == "ferrara":
            api.user.create(email="f@example.org", username="ferrara", password="Una-password-1")  # noqa: S106
            membership.add_member(portal["province"]["ferrara"], "ferrara", "coordinatore")
        _declare(username, second, code)
    _declare("modena", published, "036")
    brains = api.portal.get_tool("portal_catalog")(
        portal_type="GoodPractice", sort_on="adoption_count", sort_order="descending"
    )
    assert [(b.Title, b.adoption_count) for b in brains] == [
        ("Sportello fondi europei", 2),
        ("Gare telematiche per i piccoli Comuni", 1),
    ]


def test_the_form_on_the_page_records_an_adoption(portal, published, request):
    from plone.protect.authenticator import createToken
    from zope.globalrequest import getRequest

    assert adoptions.declarable_provinces(published, api.user.get(username="modena")) == ["036"]
    with api.env.adopt_user(username="modena"):
        req = getRequest()
        req.method = "POST"
        req.form.update(
            {
                "province": "036",
                "date": "2025-05-05",
                "outcome": "parziale",
                "note": "In parte.",
                "_authenticator": createToken(),
            }
        )
        published.restrictedTraverse("@@adopt-practice")()
    assert adoptions.list_adoptions(published)[0]["outcome"] == "parziale"
