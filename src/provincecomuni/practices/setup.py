"""What the profile cannot say in XML for the good practices (idempotent)."""

CATALOGUE_SECTION = "buone-pratiche"
CATALOGUE_LAYOUT = "good-practices"


def setup_practices(portal):
    """The section /buone-pratiche shows the catalogue (a query, not a container)."""
    section = portal.get(CATALOGUE_SECTION)
    if section is not None and section.getLayout() != CATALOGUE_LAYOUT:
        section.setLayout(CATALOGUE_LAYOUT)
