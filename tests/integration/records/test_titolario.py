"""The classification plan: shipped default, vocabulary, CSV import and export."""

from plone import api
from provincecomuni.records import titolario
from zope.component import getUtility
from zope.i18n import translate
from zope.schema.interfaces import IVocabularyFactory

import pytest


def test_the_default_plan_is_installed(portal):
    classes = titolario.classes(portal)
    indexes = [entry["index"] for entry in classes]
    assert indexes[:3] == ["1", "1.1", "1.3"]
    # Natural order: 1.15 after 1.8, 14 after 10.
    assert indexes.index("1.15") > indexes.index("1.8")
    assert indexes[-1] == "14"
    assert titolario.get_plan(portal)["4.4"]["retention_years"] == 10


def test_the_plan_is_a_vocabulary(portal):
    vocabulary = getUtility(IVocabularyFactory, "provincecomuni.records.Titolario")(portal)
    term = vocabulary.getTerm("4.4")
    assert term.title == "4.4 Gestione della spesa"


def test_export_then_import_gives_the_same_plan(portal):
    text = titolario.export_csv(portal)
    assert text.splitlines()[0] == "index,title,description,retention_years"
    before = titolario.classes(portal)
    titolario.import_csv(text, portal)
    assert titolario.classes(portal) == before


def test_import_replaces_the_plan(portal):
    titolario.import_csv(
        "index,title,description,retention_years\n1,Affari generali,,0\n1.1,Protocollo,,5\n",
        portal,
    )
    assert [e["index"] for e in titolario.classes(portal)] == ["1", "1.1"]


@pytest.mark.parametrize(
    "row, expected",
    [
        ("1.x,Titolo,,0", "Line 3, index"),
        ("3.1,Orfana,,0", "Line 3, index: the parent"),
        ("1.2,,,0", "Line 3, title"),
        ("1.2,Titolo,,dieci", "Line 3, retention_years"),
        ("1,Doppione,,0", "Line 3, index: class 1 appears twice"),
    ],
)
def test_a_wrong_row_is_named_and_nothing_changes(portal, row, expected):
    before = titolario.classes(portal)
    with pytest.raises(titolario.PlanError) as error:
        titolario.import_csv(f"index,title,description,retention_years\n1,Uno,,0\n{row}\n")
    messages = [translate(m) for m in error.value.messages]
    assert any(expected in m for m in messages), messages
    assert titolario.classes(portal) == before


def test_missing_columns_are_named(portal):
    with pytest.raises(titolario.PlanError) as error:
        titolario.import_csv("index,title\n1,Uno\n")
    assert "retention_years" in translate(error.value.messages[0])


def test_titolario_page_lists_the_plan_and_refuses_import_to_members(portal, request_):
    html = portal.restrictedTraverse("@@titolario")()
    assert "Gestione della spesa" in html
    assert 'name="csv_file"' in html  # the test user is a Manager here


@pytest.fixture
def request_(portal):
    from plone.app.testing import setRoles
    from plone.app.testing import TEST_USER_ID
    from provincecomuni.interfaces import IProvinceComuniLayer
    from zope.interface import alsoProvides

    alsoProvides(portal.REQUEST, IProvinceComuniLayer)
    setRoles(portal, TEST_USER_ID, ["Manager"])
    return portal.REQUEST


def test_records_are_searchable_by_class(portal, fascicolo, record):
    brains = api.content.find(record_classification="4.4")
    assert {b.getId for b in brains} == {"gara-scuole", "determina"}
