"""Release 1001, membership: roles, site groups, PAS plugin, joining policy, sharing with
Comuni."""

from plone import api
from provincecomuni.membership.setup import setup_membership


PROFILE = "profile-provincecomuni:default"


def upgrade(setup_tool):
    for step in ("rolemap", "typeinfo", "workflow"):
        setup_tool.runImportStepFromProfile(PROFILE, step)
    setup_membership(api.portal.get())
    # The workflow's new role map (Coordinator may change visibility) applies to
    # existing communities only after the security settings are recomputed.
    api.portal.get_tool("portal_workflow").updateRoleMappings()
