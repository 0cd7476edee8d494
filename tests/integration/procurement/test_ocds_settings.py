"""OCDS settings: the ocid prefix record, its control panel, and the upgrade that adds them."""

from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from plone.registry.interfaces import IRegistry
from provincecomuni.procurement.ocds.settings import check_prefix
from provincecomuni.procurement.ocds.settings import ocid_prefix
from provincecomuni.procurement.ocds.settings import PREFIX_RECORD
from provincecomuni.validation import FieldValueError
from zope.component import getMultiAdapter
from zope.component import getUtility
from zope.i18n import translate

import pytest


PROFILE = "provincecomuni:default"


def test_the_prefix_record_is_installed_with_a_placeholder(portal):
    assert api.portal.get_registry_record(PREFIX_RECORD) == "ocds-xxxxxx"
    assert ocid_prefix() == "ocds-xxxxxx"


@pytest.mark.parametrize("value", ["ocds-213czf", "ocds-hu01ve", "ocds-000000"])
def test_good_prefixes(value):
    assert check_prefix(value)


@pytest.mark.parametrize(
    "value", ["", "ocds-", "ocds-213cz", "ocds-213czff", "OCDS-213CZF", "ocds_213czf", "213czf"]
)
def test_bad_prefixes_are_refused_naming_the_field(value):
    with pytest.raises(FieldValueError) as error:
        check_prefix(value)
    message = translate(error.value.doc(), target_language="it")
    assert message.startswith("Prefisso OCID:")
    assert "ocds-" in message


def _panel(portal, **form):
    request = portal.REQUEST
    request.form.update(form)
    request.set("REQUEST_METHOD", "POST" if form else "GET")
    return getMultiAdapter((portal, request), name="ocds-settings")()


def test_the_control_panel_shows_the_prefix(portal):
    setRoles(portal, TEST_USER_ID, ["Manager"])
    html = _panel(portal)
    assert "ocds-xxxxxx" in html
    assert 'name="form.widgets.ocid_prefix"' in html


def test_the_control_panel_refuses_a_bad_prefix_and_saves_a_good_one(portal):
    setRoles(portal, TEST_USER_ID, ["Manager"])
    html = _panel(portal, **{"form.widgets.ocid_prefix": "ocds-12", "form.buttons.save": "Save"})
    assert "Prefisso OCID: ocds-12 non è un prefisso OCDS" in html  # the site speaks Italian
    assert ocid_prefix() == "ocds-xxxxxx"

    _panel(portal, **{"form.widgets.ocid_prefix": "ocds-213czf", "form.buttons.save": "Save"})
    assert ocid_prefix() == "ocds-213czf"


def test_the_control_panel_is_listed_in_site_setup(portal):
    actions = [a.getId() for a in portal.portal_controlpanel.listActions()]
    assert "provincecomuni-ocds" in actions


def test_upgrade_from_1001_adds_the_record_and_the_control_panel(portal):
    setRoles(portal, TEST_USER_ID, ["Manager"])
    registry = getUtility(IRegistry)
    del registry.records[PREFIX_RECORD]
    panel = portal.portal_controlpanel
    panel.unregisterConfiglet("provincecomuni-ocds")
    api.portal.set_registry_record("plone.site_title", "Titolo scelto")
    setup = portal.portal_setup
    setup.setLastVersionForProfile(PROFILE, "1001")

    setup.upgradeProfile(PROFILE)

    assert setup.getLastVersionForProfile(PROFILE) == ("1002",)
    assert api.portal.get_registry_record(PREFIX_RECORD) == "ocds-xxxxxx"
    assert "provincecomuni-ocds" in [a.getId() for a in panel.listActions()]
    # Only our file was imported: the administrators' other settings are kept.
    assert api.portal.get_registry_record("plone.site_title") == "Titolo scelto"


def test_upgrade_keeps_a_prefix_already_set(portal):
    setRoles(portal, TEST_USER_ID, ["Manager"])
    api.portal.set_registry_record(PREFIX_RECORD, "ocds-213czf")
    setup = portal.portal_setup
    setup.setLastVersionForProfile(PROFILE, "1001")

    setup.upgradeProfile(PROFILE)

    assert api.portal.get_registry_record(PREFIX_RECORD) == "ocds-213czf"
