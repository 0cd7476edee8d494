"""Upgrade 1001 -> 1002: the invitation setting and the "Members" tab."""

from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from plone.registry.interfaces import IRegistry
from provincecomuni.membership.invitations import validity_days
from provincecomuni.membership.invitations import VALIDITY_RECORD
from zope.component import getUtility

import pytest


PROFILE = "provincecomuni:default"


@pytest.fixture
def site_at_1001(portal):
    """A site as version 1001 left it: no invitation setting, no Members action."""
    setRoles(portal, TEST_USER_ID, ["Manager"])
    del getUtility(IRegistry).records[VALIDITY_RECORD]
    portal.portal_actions.object.manage_delObjects(["membri"])
    # A setting of the site that the upgrade must leave alone.
    api.portal.set_registry_record("plone.navigation_depth", 2)
    portal.portal_setup.setLastVersionForProfile(PROFILE, "1001")
    return portal


def test_upgrade_to_1002_adds_the_invitation_setting_and_the_members_tab(site_at_1001):
    portal = site_at_1001
    setup_tool = portal.portal_setup
    assert [step["dest"] for step in setup_tool.listUpgrades(PROFILE)] == [("1002",)]
    setup_tool.upgradeProfile(PROFILE)
    assert setup_tool.getLastVersionForProfile(PROFILE) == ("1002",)
    assert api.portal.get_registry_record(VALIDITY_RECORD) == 14
    assert validity_days() == 14
    assert "membri" in portal.portal_actions.object.objectIds()
    assert api.portal.get_registry_record("plone.navigation_depth") == 2


def test_a_new_site_has_the_setting_and_the_tab(portal):
    assert api.portal.get_registry_record(VALIDITY_RECORD) == 14
    action = portal.portal_actions.object["membri"]
    assert action.url_expr == "string:${object_url}/@@membri"
    assert action.permissions == ("provincecomuni: Manage community",)
