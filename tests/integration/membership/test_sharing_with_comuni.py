"""A Province shares items with some of its Comuni; their staff read exactly those."""

from plone import api
from plone.app.testing import login
from plone.app.testing import logout
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from plone.app.testing import TEST_USER_NAME
from plone.dexterity.utils import iterSchemata
from provincecomuni.membership import api as membership
from zope.lifecycleevent import modified
from zope.schema import getFieldsInOrder

import pytest


CUNEO_COMUNE = "004078"
ALBA = "004003"


@pytest.fixture
def shared(portal):
    setRoles(portal, TEST_USER_ID, ["Manager"])
    for userid in ("staff-alba", "staff-cuneo"):
        api.user.create(
            email=f"{userid}@example.org",
            username=userid,
            password="Una-password-lunga-1",  # noqa: S106
        )
    membership.set_affiliation("staff-alba", "comune", ALBA)
    membership.set_affiliation("staff-cuneo", "comune", CUNEO_COMUNE)
    community = portal["province"]["cuneo"]
    folder = api.content.create(container=community, type="Folder", id="gare", title="Gare")
    api.content.create(container=folder, type="Document", id="capitolato", title="Capitolato Alba")
    draft = api.content.create(container=folder, type="Document", id="bozza", title="Bozza Alba")
    api.content.transition(obj=folder, transition="publish")
    api.content.transition(obj=folder["capitolato"], transition="publish")
    folder.shared_with_comuni = [ALBA]
    modified(folder)
    assert api.content.get_state(draft) == "private"
    return folder


def _found(portal, userid):
    logout()
    login(portal, userid)
    try:
        brains = api.content.find(portal_type=["Document", "Folder"], path="/plone/province/cuneo")
        return sorted(brain.Title for brain in brains)
    finally:
        logout()
        login(portal, TEST_USER_NAME)


def test_the_comune_staff_read_what_is_shared_with_their_comune(portal, shared):
    assert _found(portal, "staff-alba") == ["Capitolato Alba", "Gare"]


def test_the_staff_of_another_comune_see_nothing(portal, shared):
    assert _found(portal, "staff-cuneo") == []


def test_unsharing_takes_access_away(portal, shared):
    shared.shared_with_comuni = []
    modified(shared)
    assert _found(portal, "staff-alba") == []


def test_an_edit_of_other_fields_keeps_the_sharing(portal, shared):
    from zope.event import notify
    from zope.lifecycleevent import Attributes
    from zope.lifecycleevent import ObjectModifiedEvent

    shared.title = "Gare 2026"
    notify(ObjectModifiedEvent(shared, Attributes(None, "IDublinCore.title")))
    assert _found(portal, "staff-alba") == ["Capitolato Alba", "Gare 2026"]


def test_the_field_offers_only_the_comuni_of_the_province(portal, shared):
    field = next(
        field
        for schema in iterSchemata(shared)
        for name, field in getFieldsInOrder(schema)
        if name == "shared_with_comuni"
    )
    vocabulary = field.value_type.bind(shared).vocabulary
    assert ALBA in vocabulary
    assert "023033" not in vocabulary  # Erbezzo (VR) is not a Comune of Cuneo
