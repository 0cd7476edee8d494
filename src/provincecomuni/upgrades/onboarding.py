"""Release 1001, bulk onboarding (its permission and Site Setup entry) and notifications.

Following needs no migration: the followers live in the membership store, which
already has them.
"""

PROFILE = "profile-provincecomuni:default"


def upgrade(setup_tool):
    for step in ("rolemap", "controlpanel"):
        setup_tool.runImportStepFromProfile(PROFILE, step)
