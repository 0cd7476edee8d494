"""Release 1001, the records archive (types, workflows, permissions, indexes, plan)."""

from plone import api

import logging


logger = logging.getLogger("provincecomuni")
PROFILE = "profile-provincecomuni:default"
STEPS = (
    "typeinfo",
    "workflow",
    "placeful_workflow",
    "rolemap",
    "catalog",
    "provincecomuni-records",
)
NEW_INDEXES = ("registration_number", "record_classification", "fascicolo_id")


def upgrade(setup_tool=None):
    setup = setup_tool or api.portal.get_tool("portal_setup")
    for step in STEPS:
        setup.runImportStepFromProfile(PROFILE, step, run_dependencies=False)
    api.portal.get_tool("portal_workflow").updateRoleMappings()
    catalog = api.portal.get_tool("portal_catalog")
    for index in NEW_INDEXES:
        catalog.reindexIndex(index, None)
    logger.info("Records archive installed (profile 1001).")
