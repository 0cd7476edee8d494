"""Release 1001, SUA tender dossiers: the TenderDossier type and its data-grid widget."""

PROFILE = "profile-provincecomuni:default"
DATAGRID_PROFILE = "profile-collective.z3cform.datagridfield:default"


def upgrade(setup_tool):
    # The lots grid needs the widget's browser layer and JavaScript bundle.
    setup_tool.runAllImportStepsFromProfile(DATAGRID_PROFILE)
    # typeinfo: the TenderDossier FTI, and the Province communities that may hold it.
    setup_tool.runImportStepFromProfile(PROFILE, "typeinfo")
    # Inside a community, a dossier follows the community content workflow.
    setup_tool.runImportStepFromProfile(PROFILE, "placeful_workflow")
