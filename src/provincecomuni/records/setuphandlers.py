"""The records archive's import step: the default classification plan."""

from provincecomuni.records import titolario


def import_records(context):
    """Load the shipped classification plan into a site that has none."""
    if context.readDataFile("provincecomuni-records.txt") is None:
        return
    titolario.load_default_plan(context.getSite())
