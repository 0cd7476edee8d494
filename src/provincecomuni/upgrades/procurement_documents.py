"""Release 1002, SUA generated documents: the DocumentTemplate type and two permissions."""

PROFILE = "profile-provincecomuni:default"


def upgrade(setup_tool):
    # typeinfo: the DocumentTemplate FTI, addable in the Province communities.
    setup_tool.runImportStepFromProfile(PROFILE, "typeinfo", run_dependencies=False)
    # rolemap: "Add DocumentTemplate" and "Download publication package".
    setup_tool.runImportStepFromProfile(PROFILE, "rolemap", run_dependencies=False)
    # Inside a community a template follows the community content workflow: the
    # placeful policy is imported by the next step ("SUA: workflow"), once the
    # tender workflow the same policy names exists.
