"""Release 1001, SAPE: funding calls and project proposals."""

from plone import api
from provincecomuni.funding.setup import ensure_funding_section
from provincecomuni.upgrades import import_registry_file

import logging


logger = logging.getLogger("provincecomuni")

PROFILE = "profile-provincecomuni:default"
STEPS = ("typeinfo", "workflow", "rolemap", "catalog", "placeful_workflow")
INDEXES = (
    "funding_identifier",
    "funding_programme",
    "funding_management",
    "funding_beneficiaries",
    "funding_provinces",
    "funding_opening",
    "funding_closing",
    "funding_deadlines",
)


def upgrade(context):
    setup = api.portal.get_tool("portal_setup")
    for step in STEPS:
        setup.runImportStepFromProfile(PROFILE, step, run_dependencies=False)
    import_registry_file(setup, "funding.xml")
    portal = api.portal.get()
    ensure_funding_section(portal)
    catalog = api.portal.get_tool("portal_catalog")
    catalog.manage_reindexIndex(ids=list(INDEXES))
    logger.info("Funding calls and project proposals installed.")
