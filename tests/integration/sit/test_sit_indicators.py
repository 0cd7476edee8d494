"""The digital agenda's section, its default indicators and their methodology versions."""

from plone import api
from plone.app.testing import login
from plone.app.testing import logout
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from plone.app.testing import TEST_USER_NAME
from provincecomuni.setuphandlers.structure import ensure_structure
from provincecomuni.sit.indicator import IIndicator
from provincecomuni.sit.interfaces import IDigitalAgendaSection
from provincecomuni.sit.measurements import import_csv
from provincecomuni.sit.setup import default_indicators
from provincecomuni.sit.setup import indicator_specs
from provincecomuni.sit.store import get_store
from provincecomuni.sit.store import MeasurementStore
from zExceptions import Unauthorized
from zope.lifecycleevent import modified
from zope.schema import getValidationErrors

import pytest


def test_section_with_the_default_indicators(portal):
    section = portal["agenda-digitale"]
    assert IDigitalAgendaSection.providedBy(section)
    assert section.getLayout() == "digital-agenda-overview"
    assert api.content.get_state(section) == "published"
    specs = indicator_specs(portal)
    assert len(specs) >= 15
    assert set(specs) == {item["code"] for item in default_indicators()}
    areas = {spec.area for spec in specs.values()}
    assert {"digital_identity", "pagopa", "app_io", "cloud", "open_data", "connectivity"} <= areas
    assert {"digital_skills", "pnrr"} <= areas
    spid = portal["agenda-digitale"]["spid-cie-services"]
    assert spid.title == "Servizi online accessibili con SPID e CIE"
    assert spid.spec().targets == {2025: 90.0, 2026: 100.0}
    assert spid.methodology_version() == 1


def test_every_default_indicator_is_a_valid_definition(portal):
    for obj in portal["agenda-digitale"].objectValues():
        assert getValidationErrors(IIndicator, obj) == [], obj.code
        assert obj.data_source and obj.methodology and obj.title_en, obj.code


def test_ensure_structure_again_adds_nothing_and_keeps_edits(portal):
    setRoles(portal, TEST_USER_ID, ["Manager"])
    section = portal["agenda-digitale"]
    api.content.delete(section["open-datasets"])
    section["app-io-services"].title = "Servizi su IO (modificato)"
    before = len(section.objectIds())
    ensure_structure(portal)
    assert len(section.objectIds()) == before + 1
    assert section["app-io-services"].title == "Servizi su IO (modificato)"


def test_a_new_methodology_is_a_new_version_and_old_values_keep_theirs(portal):
    setRoles(portal, TEST_USER_ID, ["Manager"])
    store = MeasurementStore()
    header = "indicator,territory,period,value\n"
    report = import_csv(store, indicator_specs(portal), header + "CLOUD_MIGRATION,004003,2024,30\n")
    assert report.errors == []
    indicator = portal["agenda-digitale"]["cloud-migration"]
    indicator.methodology = "Nuova metodologia: servizi migrati su cloud qualificato ACN."
    modified(indicator)
    assert indicator.methodology_version() == 2
    # Editing something else does not start a version.
    indicator.title_en = "Cloud migration"
    modified(indicator)
    assert indicator.methodology_version() == 2
    versions = indicator.methodology_versions
    assert [v["version"] for v in versions] == [1, 2]
    assert versions[1]["methodology"].startswith("Nuova metodologia")
    report = import_csv(store, indicator_specs(portal), header + "CLOUD_MIGRATION,004003,2025,60\n")
    assert store.get("CLOUD_MIGRATION", "004003", "2024")[3] == 1
    assert store.get("CLOUD_MIGRATION", "004003", "2025")[3] == 2
    # The computed Province value carries the version of its Comuni.
    assert store.get("CLOUD_MIGRATION", "004", "2025")[3] == 2


def test_only_indicator_managers_add_definitions(portal):
    section = portal["agenda-digitale"]
    setRoles(portal, TEST_USER_ID, ["Member", "Editor"])
    with pytest.raises(Unauthorized):
        api.content.create(container=section, type="Indicator", id="x", code="X_TEST")
    assert not api.user.has_permission("provincecomuni: Manage indicators", obj=section)
    setRoles(portal, TEST_USER_ID, ["Site Administrator"])
    assert api.user.has_permission("provincecomuni: Manage indicators", obj=section)
    obj = api.content.create(
        container=section,
        type="Indicator",
        id="x-test",
        code="X_TEST",
        title="Prova",
        unit="percent",
        level="comune",
        methodology="m",
    )
    assert obj.methodology_version() == 1


def test_anonymous_reads_the_definitions(portal):
    logout()
    assert api.user.is_anonymous()
    assert portal["agenda-digitale"]["cloud-migration"].title
    login(portal, TEST_USER_NAME)


def test_store_is_created_with_the_first_values(portal):
    assert get_store(portal) is None


def test_upgrade_step_brings_a_1000_site_up_to_date(portal):
    from provincecomuni.upgrades.sit import upgrade

    setRoles(portal, TEST_USER_ID, ["Manager"])
    setup = portal.portal_setup
    # A site of release 1000: no section, no Indicator type, no permission setting.
    api.content.delete(portal["agenda-digitale"])
    portal.portal_types.manage_delObjects(["Indicator", "DigitalAgenda", "AgendaObjective"])
    portal.portal_catalog.delIndex("agenda_province")
    portal.manage_permission("provincecomuni: Manage indicators", roles=[], acquire=True)
    setup.setLastVersionForProfile("provincecomuni:default", "1000")
    assert setup.listUpgrades("provincecomuni:default")  # release 1001's steps, SIT's among them
    upgrade(setup)
    assert "Indicator" in portal.portal_types.objectIds()
    assert "agenda_province" in portal.portal_catalog.indexes()
    assert len(indicator_specs(portal)) == len(default_indicators())
    roles = {
        r["name"]
        for r in portal.rolesOfPermission("provincecomuni: Manage indicators")
        if r["selected"]
    }
    assert {"Manager", "Site Administrator"} <= roles


def test_two_indicators_cannot_share_a_code(portal):
    """The check the add and edit forms and REST run (z3c.form's invariants validator)."""
    from provincecomuni.sit.indicator import IIndicator
    from provincecomuni.sit.setup import indicator_objects
    from z3c.form.interfaces import IManagerValidator
    from zope.component import getMultiAdapter
    from zope.i18n import translate

    existing, other = indicator_objects(portal)[:2]

    def errors(context, code):
        validator = getMultiAdapter(
            (context, portal.REQUEST, None, IIndicator, None), IManagerValidator
        )
        return [
            translate(error.args[0], context=portal.REQUEST)
            for error in validator.validate({"code": code})
        ]

    assert errors(other, existing.code)  # renaming another indicator to a taken code
    assert existing.code in errors(other, existing.code)[0]
    assert errors(existing, existing.code) == []  # saving an indicator with its own code
    assert errors(portal["agenda-digitale"], existing.code)  # adding a new one
    assert errors(portal["agenda-digitale"], "BRAND_NEW_CODE") == []
