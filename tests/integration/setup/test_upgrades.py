"""Upgrade steps bring a site of an earlier profile version up to date."""

from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from provincecomuni.membership import api as membership
from provincecomuni.membership.pas import PLUGIN_ID
from provincecomuni.membership.pas import remove_plugin

import pytest


PROFILE = "provincecomuni:default"


@pytest.fixture
def site_at_1000(portal):
    """A site as version 1000 left it: no membership plugin, groups or roles."""
    setRoles(portal, TEST_USER_ID, ["Manager"])
    remove_plugin(portal)
    api.group.delete(groupname="revisori")
    cuneo = portal["province"]["cuneo"]
    for principal, _roles in cuneo.get_local_roles():
        if principal.startswith("pc."):
            cuneo.manage_delLocalRoles([principal])
    portal.portal_setup.setLastVersionForProfile(PROFILE, "1000")
    return portal


def test_upgrade_to_1001_sets_up_membership(site_at_1000):
    portal = site_at_1000
    setup_tool = portal.portal_setup
    assert [step["dest"] for step in setup_tool.listUpgrades(PROFILE)] == [("1001",), ("1002",)]
    setup_tool.upgradeProfile(PROFILE)
    assert setup_tool.getLastVersionForProfile(PROFILE) == (
        setup_tool.getVersionForProfile(PROFILE),
    )
    assert PLUGIN_ID in portal.acl_users.objectIds()
    assert api.group.get(groupname="revisori") is not None
    api.user.create(email="ugo@example.org", username="ugo", password="Una-password-lunga-1")  # noqa: S106
    membership.add_member(portal["province"]["cuneo"], "ugo", "lettore")
    assert api.user.has_permission("View", username="ugo", obj=portal["province"]["cuneo"])
