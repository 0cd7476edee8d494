"""Uninstalling the add-on removes the records archive's types, workflows and indexes."""

import pytest


class TestUninstall:
    @pytest.fixture(autouse=True)
    def uninstalled(self, uninstalled):
        pass

    def test_records_archive_removed(self, portal):
        types = portal.portal_types
        assert "Fascicolo" not in types.objectIds()
        for type_id in ("File", "Document", "Image"):
            assert "provincecomuni.record" not in types[type_id].behaviors
            assert "plone.namefromtitle" in types[type_id].behaviors or type_id != "Document"
        workflows = portal.portal_workflow.objectIds()
        assert "provincecomuni_record_workflow" not in workflows
        assert "provincecomuni_fascicolo_workflow" not in workflows
        assert "provincecomuni_fascicolo" not in portal.portal_placeful_workflow.objectIds()
        assert "registration_number" not in portal.portal_catalog.indexes()
