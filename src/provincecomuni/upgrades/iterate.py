"""Release 1001: working copies (plone.app.iterate) for records on existing sites."""

from plone import api

import logging


logger = logging.getLogger("provincecomuni")
PROFILE = "plone.app.iterate:default"
# A working copy locks its baseline: records must be lockable (Document already is).
LOCKABLE_TYPES = ("File", "Image")


def upgrade(setup_tool=None):
    setup = setup_tool or api.portal.get_tool("portal_setup")
    if setup.getLastVersionForProfile(PROFILE) == "unknown":
        setup.runAllImportStepsFromProfile(f"profile-{PROFILE}")
        logger.info("Working copy support (plone.app.iterate) installed.")
    else:
        setup.upgradeProfile(PROFILE)
    types = api.portal.get_tool("portal_types")
    for name in LOCKABLE_TYPES:
        fti = types.get(name)
        if fti is not None and "plone.locking" not in fti.behaviors:
            fti.behaviors = (*fti.behaviors, "plone.locking")
