"""Release 1002: a site at 1001 is brought up to date and its dossiers reindexed."""

from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from Products.CMFCore.indexing import processQueue


PROFILE = "provincecomuni:default"


def test_upgrade_from_1001_reaches_1002_and_reindexes_dossiers(portal):
    setRoles(portal, TEST_USER_ID, ["Manager"])
    cuneo = portal["province"]["cuneo"]
    dossier = cuneo[cuneo.invokeFactory("TenderDossier", "gara-scuole", title="Gara scuole")]
    catalog = portal.portal_catalog
    processQueue()
    dossier.title = "Gara scuole elementari"  # changed without reindexing
    assert catalog(portal_type="TenderDossier", id="gara-scuole")[0].Title == "Gara scuole"
    setup = portal.portal_setup
    setup.setLastVersionForProfile(PROFILE, "1001")

    setup.upgradeProfile(PROFILE)

    assert setup.getLastVersionForProfile(PROFILE) == ("1002",)
    brain = catalog(portal_type="TenderDossier", id="gara-scuole")[0]
    assert brain.Title == "Gara scuole elementari"
