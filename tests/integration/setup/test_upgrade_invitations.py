"""Upgrade to release 1001: the invitation setting and the "Members" tab."""

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
def site_at_1000(portal):
    """A site of release 1000: no invitation setting, no Members action."""
    setRoles(portal, TEST_USER_ID, ["Manager"])
    del getUtility(IRegistry).records[VALIDITY_RECORD]
    portal.portal_actions.object.manage_delObjects(["membri"])
    # A setting of the site that the upgrade must leave alone.
    api.portal.set_registry_record("plone.navigation_depth", 2)
    portal.portal_setup.setLastVersionForProfile(PROFILE, "1000")
    return portal


def test_upgrade_adds_the_invitation_setting_and_the_members_tab(site_at_1000):
    portal = site_at_1000
    setup_tool = portal.portal_setup
    setup_tool.upgradeProfile(PROFILE)
    assert setup_tool.getLastVersionForProfile(PROFILE) == (
        setup_tool.getVersionForProfile(PROFILE),
    )
    assert api.portal.get_registry_record(VALIDITY_RECORD) == 14
    assert validity_days() == 14
    assert "membri" in portal.portal_actions.object.objectIds()
    assert api.portal.get_registry_record("plone.navigation_depth") == 2


def test_a_new_site_has_the_setting_and_the_tab(portal):
    assert api.portal.get_registry_record(VALIDITY_RECORD) == 14
    action = portal.portal_actions.object["membri"]
    assert action.url_expr == "string:${object_url}/@@membri"
    assert action.permissions == ("provincecomuni: Manage community",)
