"""Upgrade 1000 -> 1001 installs working copies (plone.app.iterate) on an existing site."""

from plone.app.iterate.interfaces import ICheckinCheckoutPolicy


def test_upgrade_installs_iterate(manager_portal, record):
    portal = manager_portal
    setup = portal.portal_setup
    types = portal.portal_types
    # A site as it was at 1000: no iterate actions, records not lockable.
    buttons = portal.portal_actions.object_buttons
    iterate_actions = ("iterate_checkout", "iterate_checkin", "iterate_checkout_cancel")
    buttons.manage_delObjects([a for a in iterate_actions if a in buttons.objectIds()])
    setup.unsetLastVersionForProfile("plone.app.iterate:default")
    types["File"].behaviors = tuple(b for b in types["File"].behaviors if b != "plone.locking")
    setup.setLastVersionForProfile("provincecomuni:default", "1000")

    setup.upgradeProfile("provincecomuni:default")

    assert setup.getLastVersionForProfile("provincecomuni:default") == (
        setup.getVersionForProfile("provincecomuni:default"),
    )
    assert setup.getLastVersionForProfile("plone.app.iterate:default") != "unknown"
    assert "iterate_checkout" in buttons.objectIds()
    assert "plone.locking" in types["File"].behaviors
    wc = ICheckinCheckoutPolicy(record).checkout(record.aq_parent)
    assert ICheckinCheckoutPolicy(wc).getBaseline() == record
