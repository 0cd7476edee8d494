"""Differences of a record's metadata between two CMFEditions versions: page and REST."""

from plone import api
from plone.app.textfield.value import RichTextValue
from zope.component import getMultiAdapter
from zope.event import notify
from zope.lifecycleevent import ObjectModifiedEvent

import json
import pytest


@pytest.fixture
def page(fascicolo):
    """A Document record with three versions: created, then edited twice.

    Pages are versioned on every edit (plone.versioning): no explicit save needed.
    """
    page = api.content.create(
        container=fascicolo,
        type="Document",
        id="verbale",
        title="Verbale di gara",
        text=RichTextValue("<p>Prima</p>", "text/html", "text/x-html-safe"),
    )
    page.document_type = "verbale"
    page.confidential = True
    page.title = "Verbale della seduta di gara"
    notify(ObjectModifiedEvent(page))
    page.record_notes = "Aggiunte le firme"
    notify(ObjectModifiedEvent(page))
    assert len(versions(page)) == 3
    return page


def versions(page):
    history = api.portal.get_tool("portal_repository").getHistoryMetadata(page)
    return [history.getVersionId(i, countPurged=False) for i in range(history.getLength(False))]


def rest(obj, **form):
    request = obj.REQUEST
    request.form.clear()
    request.form.update(form)
    request.response.setStatus(200)
    service = getMultiAdapter((obj, request), name="GET_application_json_@record-diff")
    body = json.loads(json.dumps(service.reply()))  # what the client receives
    return request.response.getStatus(), body


def render(obj, **form):
    request = obj.REQUEST
    request.form.clear()
    request.form.update(form)
    request.response.setStatus(200)
    view = api.content.get_view("differenze-metadati", obj, request)
    html = view()
    return request.response.getStatus(), html


def test_rest_defaults_to_the_last_two_versions(page):
    ids = versions(page)
    status, body = rest(page)
    assert status == 200
    assert (body["from"], body["to"]) == (ids[-2], ids[-1])
    changes = {change["field"]: change for change in body["changes"]}
    assert set(changes) == {"record_notes"}
    assert changes["record_notes"]["old"] is None
    assert changes["record_notes"]["new"] == "Aggiunte le firme"
    assert changes["record_notes"]["title"] == "Note"
    assert [v["version_id"] for v in body["versions"]] == ids


def test_rest_compares_chosen_versions(page):
    ids = versions(page)
    status, body = rest(page, **{"from": str(ids[-3]), "to": str(ids[-1])})
    assert status == 200
    changes = {change["field"]: (change["old"], change["new"]) for change in body["changes"]}
    assert changes["title"] == ("Verbale di gara", "Verbale della seduta di gara")
    assert changes["document_type"] == (None, "verbale")
    assert changes["confidential"] == (False, True)
    assert changes["record_notes"] == (None, "Aggiunte le firme")
    assert "registration_flow" not in changes  # unchanged fields are left out
    # Only "to": compared with the version before it.
    status, body = rest(page, to=str(ids[-2]))
    assert (status, body["from"], body["to"]) == (200, ids[-3], ids[-2])


@pytest.mark.parametrize(
    ("form", "field", "words"),
    [
        ({"from": "abc"}, "from", "abc"),
        ({"from": "0", "to": "99"}, "to", "99"),
        ({"from": "-1"}, "from", "-1"),
        ({"from": "1", "to": "1"}, "to", "from"),
    ],
)
def test_rest_bad_parameters_are_a_400_naming_them(page, form, field, words):
    status, body = rest(page, **form)
    assert status == 400
    assert body["error"]["field"] == field
    assert field in body["error"]["message"]
    assert words in body["error"]["message"]


def test_a_record_with_one_version_has_nothing_to_compare(fascicolo, record):
    status, body = rest(record)
    assert status == 400
    assert body["error"]["field"] == "from"
    assert "due versioni" in body["error"]["message"]


def test_the_page_shows_old_and_new_values_in_italian(page):
    ids = versions(page)
    status, html = render(page, **{"from": str(ids[-3]), "to": str(ids[-1])})
    assert status == 200
    assert "Differenze dei metadati" in html
    assert "Verbale di gara" in html and "Verbale della seduta di gara" in html
    assert 'data-field="confidential"' in html
    assert "<del>No</del>" in html and "<ins>Sì</ins>" in html
    assert 'data-field="registration_flow"' not in html


def test_the_page_says_why_with_a_bad_version(page):
    status, html = render(page, **{"from": "x"})
    assert status == 400
    assert "pc-diff-error" in html
    assert "from" in html


def test_the_record_page_links_to_the_differences(page):
    html = page()
    assert "@@differenze-metadati" in html


def test_who_cannot_see_old_versions_cannot_compare_them(portal, page):
    from plone.app.testing import logout
    from zExceptions import Unauthorized

    logout()
    with pytest.raises(Unauthorized):
        page.restrictedTraverse("@@differenze-metadati")
