"""Release 1002, SUA OCDS open data: the ocid prefix record and its Site Setup entry."""

from provincecomuni.upgrades import import_registry_file
from provincecomuni.upgrades import PROFILE


def upgrade(setup_tool):
    # Only registry/ocds.xml: the whole registry step would reset other settings.
    import_registry_file(setup_tool, "ocds.xml")
    # The configlet of controlpanel.xml (re-importing it keeps the other entries).
    setup_tool.runImportStepFromProfile(PROFILE, "controlpanel", run_dependencies=False)
