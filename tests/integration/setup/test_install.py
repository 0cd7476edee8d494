"""Installing and uninstalling the add-on's profile."""

from provincecomuni.interfaces import IProvinceComuniLayer

import pytest


class TestInstall:
    def test_product_installed(self, installer, package_name):
        assert installer.is_product_installed(package_name) is True

    def test_browserlayer(self, browser_layers):
        assert IProvinceComuniLayer in browser_layers

    def test_profile_version_is_1001(self, setup_tool):
        assert setup_tool.getLastVersionForProfile("provincecomuni:default") == ("1001",)

    def test_restapi_installed(self, installer):
        # Without plone.restapi:default, anonymous REST calls get 401.
        assert installer.is_profile_installed("plone.restapi:default")

    def test_community_content_policy(self, portal):
        policy = portal.portal_placeful_workflow.getWorkflowPolicyById("provincecomuni_community")
        assert policy.getDefaultChain("Document") == ("provincecomuni_community_content_workflow",)

    def test_types_and_workflow(self, portal):
        types = portal.portal_types
        assert "ProvinceCommunity" in types.objectIds()
        assert "ThematicCommunity" in types.objectIds()
        workflow = portal.portal_workflow
        for type_name in ("ProvinceCommunity", "ThematicCommunity"):
            assert workflow.getChainForPortalType(type_name) == (
                "provincecomuni_community_workflow",
            )

    def test_catalog_indexes(self, portal):
        indexes = portal.portal_catalog.indexes()
        assert {"istat_code", "sigla", "region", "pillar"} <= set(indexes)

    def test_site_settings(self, portal):
        from plone import api

        assert api.portal.get_registry_record("plone.default_language") == "it"
        assert api.portal.get_registry_record("plone.available_languages") == ["it", "en"]
        assert api.portal.get_registry_record("plone.portal_timezone") == "Europe/Rome"
        # Navigation shows only the top-level sections: pages stay small.
        assert api.portal.get_registry_record("plone.navigation_depth") == 1

    def test_reinstall_keeps_editors_work(self, portal, installer):
        community = portal["province"]["cuneo"]
        community.joined_comuni = ["004078"]
        community.description = "Descrizione scritta da un redattore"
        portal.portal_setup.runAllImportStepsFromProfile("profile-provincecomuni:default")
        assert portal["province"]["cuneo"].joined_comuni == ["004078"]
        assert portal["province"]["cuneo"].description == "Descrizione scritta da un redattore"
        assert len(portal["province"].objectIds()) == 76


class TestUninstall:
    @pytest.fixture(autouse=True)
    def uninstalled(self, uninstalled):
        pass

    def test_product_uninstalled(self, installer, package_name):
        assert installer.is_product_installed(package_name) is False

    def test_browserlayer_removed(self, browser_layers):
        assert IProvinceComuniLayer not in browser_layers

    def test_types_removed(self, portal):
        assert "ProvinceCommunity" not in portal.portal_types.objectIds()
        assert "ThematicCommunity" not in portal.portal_types.objectIds()
        workflows = portal.portal_workflow.objectIds()
        assert "provincecomuni_community_workflow" not in workflows
        assert "provincecomuni_community_content_workflow" not in workflows
        assert "provincecomuni_community" not in portal.portal_placeful_workflow.objectIds()

    def test_css_bundle_removed(self, portal):
        from plone import api

        records = api.portal.get_tool("portal_registry").records
        assert "plone.bundles/provincecomuni.csscompilation" not in records

    def test_indexes_removed(self, portal):
        assert "istat_code" not in portal.portal_catalog.indexes()


def test_theme_applies_on_the_address_make_start_prints(portal):
    from plone import api

    blacklist = api.portal.get_registry_record(
        "plone.app.theming.interfaces.IThemeSettings.hostnameBlacklist"
    )
    assert "127.0.0.1" not in blacklist


def test_no_navigation_portlet_that_grows_with_the_folder(portal):
    from plone.portlets.interfaces import IPortletAssignmentMapping
    from plone.portlets.interfaces import IPortletManager
    from zope.component import getMultiAdapter
    from zope.component import getUtility

    manager = getUtility(IPortletManager, name="plone.leftcolumn", context=portal)
    mapping = getMultiAdapter((portal, manager), IPortletAssignmentMapping)
    assert "navigation" not in mapping


def test_demo_profile_adds_sample_content_once(manager_portal):
    portal = manager_portal
    setup = portal.portal_setup
    setup.runAllImportStepsFromProfile("profile-provincecomuni:demo")
    cuneo = portal["province"]["cuneo"]
    assert {"regolamento-sua", "convenzione-provincia-comuni"} <= set(cuneo.objectIds())
    assert "linee-guida-fascicolo-di-gara" in portal["reti-tematiche"]["community-sua"]
    assert len(cuneo.joined_comuni) == 12
    # Applied again, it changes nothing (and fails on nothing).
    cuneo.joined_comuni = ["004078"]
    setup.runAllImportStepsFromProfile("profile-provincecomuni:demo")
    assert cuneo.joined_comuni == ["004078"]
    assert len(cuneo.contentIds()) == 2


def test_funding_is_uninstalled(portal, installer):
    # SAPE (funding): types, workflows, indexes and registry records go with the add-on.
    from plone import api

    installer.uninstall_product("provincecomuni")
    assert "FundingCall" not in portal.portal_types.objectIds()
    assert "provincecomuni_proposal_workflow" not in portal.portal_workflow.objectIds()
    assert "funding_closing" not in portal.portal_catalog.indexes()
    records = api.portal.get_tool("portal_registry").records
    assert "provincecomuni.funding.programmes" not in records
