"""Content inside a community is never more visible than the community itself."""

from plone import api
from plone.app.testing import login
from plone.app.testing import logout
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from plone.app.testing import TEST_USER_NAME

import pytest


@pytest.fixture
def community(portal):
    setRoles(portal, TEST_USER_ID, ["Manager"])
    community = portal["province"]["cuneo"]
    folder = api.content.create(container=community, type="Folder", id="atti", title="Atti")
    api.content.create(container=folder, type="Document", id="verbale", title="Verbale riservato")
    api.content.transition(obj=folder, transition="publish")
    api.content.transition(obj=folder["verbale"], transition="publish")
    return community


def _anonymous_titles(portal):
    logout()
    titles = [brain.Title for brain in api.content.find(portal_type="Document")]
    login(portal, TEST_USER_NAME)
    return titles


def test_community_content_follows_the_community_content_workflow(portal, community):
    workflow = portal.portal_workflow
    document = community["atti"]["verbale"]
    assert workflow.getChainFor(document) == ("provincecomuni_community_content_workflow",)
    assert api.content.get_state(document) == "published"
    # Elsewhere in the site, Plone's own workflow is untouched.
    page = api.content.create(container=portal["archivio"], type="Document", id="p", title="P")
    assert workflow.getChainFor(page) == ("simple_publication_workflow",)


def test_published_in_a_private_community_stays_private(portal, community):
    document = community["atti"]["verbale"]
    viewers = [role["name"] for role in document.rolesOfPermission("View") if role["selected"]]
    assert "Anonymous" not in viewers
    assert "Verbale riservato" not in _anonymous_titles(portal)


def test_visibility_of_published_content_follows_the_community(portal, community):
    document = community["atti"]["verbale"]
    api.content.transition(obj=community, transition="make_public")
    assert "Verbale riservato" in _anonymous_titles(portal)
    logout()
    assert api.user.has_permission("View", obj=document)
    login(portal, TEST_USER_NAME)
    api.content.transition(obj=community, transition="make_private")
    assert "Verbale riservato" not in _anonymous_titles(portal)
    logout()
    assert not api.user.has_permission("View", obj=document)


def test_a_draft_is_for_its_author_and_the_editors_only(portal, community):
    draft = api.content.create(container=community, type="Document", id="bozza", title="Bozza")
    api.content.transition(obj=community, transition="make_public")
    api.user.create(email="lettore@example.org", username="lettore")
    api.user.grant_roles(username="lettore", obj=community, roles=["Reader"])
    with api.env.adopt_user(username="lettore"):
        assert not api.user.has_permission("View", obj=draft)
        assert api.user.has_permission("View", obj=community["atti"]["verbale"])
    assert api.content.get_state(draft) == "private"
