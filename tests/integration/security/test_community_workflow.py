"""Who sees a community in each visibility state, and who may change it."""

from plone import api
from plone.app.testing import login
from plone.app.testing import logout
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from plone.app.testing import TEST_USER_NAME

import pytest


MEMBERS_ONLY = {
    "Manager",
    "Site Administrator",
    "Owner",
    "Editor",
    "Contributor",
    "Reviewer",
    "Reader",
}


def _roles_with(obj, permission):
    return {
        role["name"] for role in obj.rolesOfPermission(permission) if role["selected"] == "SELECTED"
    }


@pytest.fixture
def community(portal):
    setRoles(portal, TEST_USER_ID, ["Manager"])
    return portal["province"]["cuneo"]


@pytest.mark.parametrize(
    "state,transition,viewers",
    [
        ("private", None, MEMBERS_ONLY),
        ("internal", "make_internal", MEMBERS_ONLY | {"Authenticated"}),
        ("public", "make_public", MEMBERS_ONLY | {"Anonymous"}),
    ],
)
def test_visibility_states(community, state, transition, viewers):
    if transition:
        api.content.transition(obj=community, transition=transition)
    assert api.content.get_state(community) == state
    for permission in ("View", "Access contents information"):
        assert _roles_with(community, permission) == viewers
    # Whatever the visibility, only the community's editors change it.
    assert _roles_with(community, "Modify portal content") == {
        "Manager",
        "Site Administrator",
        "Owner",
        "Editor",
    }


def test_anonymous_sees_only_public_communities(portal, community):
    api.content.transition(obj=portal["province"]["modena"], transition="make_public")
    api.content.transition(obj=portal["province"]["ferrara"], transition="make_internal")
    logout()
    titles = [brain.Title for brain in api.content.find(portal_type="ProvinceCommunity")]
    assert titles == ["Modena"]


def test_a_logged_in_member_sees_internal_and_public_communities(portal, community):
    api.content.transition(obj=portal["province"]["modena"], transition="make_public")
    api.content.transition(obj=portal["province"]["ferrara"], transition="make_internal")
    setRoles(portal, TEST_USER_ID, ["Member"])
    login(portal, TEST_USER_NAME)
    titles = sorted(b.Title for b in api.content.find(portal_type="ProvinceCommunity"))
    assert titles == ["Ferrara", "Modena"]


def test_a_local_reader_sees_the_private_community(portal, community):
    api.user.grant_roles(username=TEST_USER_NAME, obj=community, roles=["Reader"])
    community.reindexObjectSecurity()  # as the sharing page does
    setRoles(portal, TEST_USER_ID, ["Member"])
    login(portal, TEST_USER_NAME)
    titles = [b.Title for b in api.content.find(portal_type="ProvinceCommunity")]
    assert titles == ["Cuneo"]


def test_only_community_managers_change_visibility(portal, community):
    api.user.grant_roles(username=TEST_USER_NAME, obj=community, roles=["Editor"])
    setRoles(portal, TEST_USER_ID, ["Member"])
    login(portal, TEST_USER_NAME)
    # An Editor edits the community's content but not who may see it.
    assert api.user.has_permission("Modify portal content", obj=community)
    with pytest.raises(api.exc.InvalidParameterError):
        api.content.transition(obj=community, transition="make_public")
    setRoles(portal, TEST_USER_ID, ["Site Administrator"])
    api.content.transition(obj=community, transition="make_public")
    assert api.content.get_state(community) == "public"
