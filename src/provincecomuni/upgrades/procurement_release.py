"""Release 1002 (SUA tender dossiers' life): reindex the dossiers at the end.

Each SUA feature adds its own step before this one; this last step reindexes
the existing dossiers once, so the indexes and metadata the release adds are
filled for them.
"""

from plone import api


def upgrade(setup_tool):
    catalog = api.portal.get_tool("portal_catalog")
    for brain in catalog.unrestrictedSearchResults(portal_type="TenderDossier"):
        brain._unrestrictedGetObject().reindexObject()
