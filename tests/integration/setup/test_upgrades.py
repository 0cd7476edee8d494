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
    network = portal["reti-tematiche"]["community-sua"]
    network.manage_delLocalRoles(["upi-coordinamento"])
    portal.portal_setup.setLastVersionForProfile(PROFILE, "1000")
    return portal


def test_upgrade_to_1001_sets_up_membership(site_at_1000):
    portal = site_at_1000
    setup_tool = portal.portal_setup
    assert setup_tool.listUpgrades(PROFILE)  # the steps of release 1001
    setup_tool.upgradeProfile(PROFILE)
    assert setup_tool.getLastVersionForProfile(PROFILE) == (
        setup_tool.getVersionForProfile(PROFILE),
    )
    assert PLUGIN_ID in portal.acl_users.objectIds()
    assert api.group.get(groupname="revisori") is not None
    network = portal["reti-tematiche"]["community-sua"]
    assert "Coordinator" in dict(network.get_local_roles())["upi-coordinamento"]
    api.user.create(email="ugo@example.org", username="ugo", password="Una-password-lunga-1")  # noqa: S106
    membership.add_member(portal["province"]["cuneo"], "ugo", "lettore")
    assert api.user.has_permission("View", username="ugo", obj=portal["province"]["cuneo"])


def test_upgrade_to_1001_adds_sharing_with_comuni_to_plone_types(site_at_1000):
    portal = site_at_1000
    for type_name in ("Document", "File", "Folder"):
        fti = portal.portal_types[type_name]
        fti.behaviors = tuple(b for b in fti.behaviors if b != "provincecomuni.shared_with_comuni")
    portal.portal_setup.upgradeProfile(PROFILE)
    for type_name in ("Document", "File", "Folder"):
        assert "provincecomuni.shared_with_comuni" in portal.portal_types[type_name].behaviors
