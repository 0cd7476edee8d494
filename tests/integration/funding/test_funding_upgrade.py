"""The upgrade step 1000 -> 1001 brings a site of the first release up to date."""

from plone import api
from plone.base.interfaces.constrains import ISelectableConstrainTypes
from provincecomuni.upgrades import funding

import datetime


def _as_a_1000_site(portal):
    """Remove what 1001 adds, as on a site installed with the first release."""
    portal.portal_types.manage_delObjects(["FundingCall", "ProjectProposal"])
    catalog = portal.portal_catalog
    for index in funding.INDEXES:
        catalog.delIndex(index)
    registry = api.portal.get_tool("portal_registry")
    for name in list(registry.records.keys()):
        if name.startswith("provincecomuni.funding."):
            del registry.records[name]
    section = portal["bandi-europei"]
    ISelectableConstrainTypes(section).setConstrainTypesMode(0)
    section.setLayout("listing_view")
    portal.portal_setup.setLastVersionForProfile("provincecomuni:default", "1000")


def test_upgrade_to_1001(portal, section):
    _as_a_1000_site(portal)
    setup = portal.portal_setup
    assert setup.listUpgrades("provincecomuni:default")  # release 1001's steps
    setup.upgradeProfile("provincecomuni:default")
    assert setup.getLastVersionForProfile("provincecomuni:default") == (
        setup.getVersionForProfile("provincecomuni:default"),
    )
    assert "FundingCall" in portal.portal_types.objectIds()
    assert set(funding.INDEXES) <= set(portal.portal_catalog.indexes())
    assert api.portal.get_registry_record("provincecomuni.funding.programmes")["pnrr"] == "PNRR"
    assert section.getLayout() == "funding-catalogue"
    call = api.content.create(
        container=section,
        type="FundingCall",
        id="pnrr-1",
        title="PNRR 1",
        identifier="PNRR-1",
        programme="pnrr",
        deadlines=[datetime.date(2030, 1, 31)],
    )
    assert api.content.find(funding_closing="2030-01-31")[0].getObject() == call
    assert portal.portal_workflow.getChainFor(call) == ("provincecomuni_funding_call_workflow",)
