"""Release 1001, good practices (type, workflow, indexes, /buone-pratiche) and training."""

from plone import api
from provincecomuni.practices.setup import setup_practices
from provincecomuni.training.setup import setup_training


PROFILE = "profile-provincecomuni:default"
NEW_INDEXES = ("practice_provinces", "practice_regions", "practice_year", "adoption_count")


def upgrade(setup_tool):
    for step in ("rolemap", "typeinfo", "workflow", "catalog"):
        setup_tool.runImportStepFromProfile(PROFILE, step)
    catalog = api.portal.get_tool("portal_catalog")
    # The catalog step adds the indexes empty: fill them from the practices (none on a
    # site that had no GoodPractice type yet, so this costs nothing there).
    for brain in catalog.unrestrictedSearchResults(portal_type="GoodPractice"):
        brain._unrestrictedGetObject().reindexObject(idxs=list(NEW_INDEXES))
    setup_practices(api.portal.get())
    setup_training(api.portal.get())
