"""Release 1001, the Territorial Digital Agenda (SIT).

The Indicator, DigitalAgenda and AgendaObjective types, the Indicator's workflow
binding, the permissions "provincecomuni: Manage indicators" and "provincecomuni: Add
DigitalAgenda", the catalog index agenda_province, and the agenda-digitale section
with the default indicators.
"""

from plone import api
from provincecomuni.sit.setup import ensure_digital_agenda

import logging


logger = logging.getLogger("provincecomuni")
PROFILE = "profile-provincecomuni:default"


def upgrade(setup_tool=None):
    setup = setup_tool or api.portal.get_tool("portal_setup")
    for step in ("typeinfo", "workflow", "rolemap", "catalog"):
        setup.runImportStepFromProfile(PROFILE, step, run_dependencies=False)
    catalog = api.portal.get_tool("portal_catalog")
    catalog.manage_reindexIndex(ids=["agenda_province"])
    ensure_digital_agenda(api.portal.get())
    logger.info("Upgraded to 1001: the digital agenda is in place.")
