"""Upgrade 1000 -> 1001 brings a site created before the records archive up to date."""

from plone import api
from provincecomuni.records import titolario
from provincecomuni.upgrades import records as upgrade_records
from zope.annotation.interfaces import IAnnotations


def test_upgrade_installs_the_records_archive(manager_portal):
    portal = manager_portal
    types = portal.portal_types
    # A site as it was at 1000: no Fascicolo, no record behavior, no plan, no indexes.
    types.manage_delObjects(["Fascicolo"])
    types["File"].behaviors = tuple(
        b for b in types["File"].behaviors if b != "provincecomuni.record"
    )
    del IAnnotations(portal)[titolario.KEY]
    portal.portal_catalog.delIndex("registration_number")
    setup = portal.portal_setup
    setup.setLastVersionForProfile("provincecomuni:default", "1000")

    assert setup.listUpgrades("provincecomuni:default")  # release 1001's steps
    upgrade_records.upgrade(setup)

    assert "Fascicolo" in types.objectIds()
    assert "provincecomuni.record" in types["File"].behaviors
    assert "registration_number" in portal.portal_catalog.indexes()
    assert titolario.get_plan(portal).get("4.4")
    workflow = api.portal.get_tool("portal_workflow")
    assert "provincecomuni_record_workflow" in workflow.objectIds()
    assert "provincecomuni_fascicolo" in portal.portal_placeful_workflow.objectIds()
