"""Release 1002, SUA bidders and requirement checks: the dossier's new behavior and its setting."""

from plone import api
from plone.dexterity.interfaces import IDexterityFTI
from provincecomuni.upgrades import import_registry_file
from zope.component import queryUtility


BEHAVIOR = "provincecomuni.procurement.awards"
INDEX = "tender_checks_expiry"


def upgrade(setup_tool):
    # The TenderDossier FTI gains the behavior; the rest of the FTI (and any change a
    # site administrator made to it) stays as it is.
    fti = queryUtility(IDexterityFTI, name="TenderDossier")
    if fti is not None and BEHAVIOR not in fti.behaviors:
        # manage_changeProperties notifies the change: dexterity drops its schema cache.
        fti.manage_changeProperties(behaviors=(*fti.behaviors, BEHAVIOR))
    # The days before its end a check is flagged as expiring (only this file of the registry).
    import_registry_file(setup_tool, "procurement_awards.xml")
    # The index of the checks' earliest expiry; the release's last step reindexes the dossiers.
    catalog = api.portal.get_tool("portal_catalog")
    if INDEX not in catalog.indexes():
        catalog.addIndex(INDEX, "FieldIndex")
