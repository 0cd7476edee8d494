"""Release 1002, SUA dashboard: the dossiers' catalog indexes and metadata, and the
"Tenders" tab of the Province communities.

The indexes are added one by one (the catalog step would clear the indexes it
re-declares), then only they are filled, for the dossiers only; the metadata
columns are filled by the release's last step, which reindexes every dossier.
"""

from plone import api
from Products.CMFCore.ActionInformation import Action

import logging


logger = logging.getLogger("provincecomuni")

FIELD_INDEXES = (
    "tender_comune",
    "tender_procedure",
    "tender_contract_object",
    "tender_amount",
    "tender_rup",
    "tender_next_deadline",
)
KEYWORD_INDEXES = ("tender_cpv", "tender_cigs", "tender_deadlines")
COLUMNS = (
    "tender_comune",
    "tender_procedure",
    "tender_contract_object",
    "tender_cpvs",
    "tender_amount",
    "tender_cigs",
    "tender_rup",
    "tender_next_deadline",
    "tender_key_dates",
    "tender_checks_expiry",
)
INDEXES = FIELD_INDEXES + KEYWORD_INDEXES


def add_indexes(catalog):
    """Add the missing indexes and columns; returns the names of the indexes added."""
    added = []
    existing = catalog.indexes()
    for name in INDEXES:
        if name in existing:
            continue
        meta_type = "FieldIndex" if name in FIELD_INDEXES else "KeywordIndex"
        catalog.addIndex(name, meta_type)
        added.append(name)
    for name in COLUMNS:
        if name not in catalog.schema():
            catalog.addColumn(name)
    return added


def add_tab(portal):
    category = api.portal.get_tool("portal_actions")["object"]
    if "gare" in category.objectIds():
        return
    action = Action(
        "gare",
        title="Tenders",
        description="Tender dossiers of the SUA: filters, export, calendar",
        i18n_domain="provincecomuni",
        url_expr="string:${object_url}/@@gare",
        icon_expr="string:list-ul",
        available_expr="python:object.restrictedTraverse('@@plone_interface_info').provides("
        "'provincecomuni.content.province_community.IProvinceCommunity')",
        permissions=("View",),
        visible=True,
    )
    category._setObject("gare", action)
    ids = list(category.objectIds())
    if "view" in ids:
        category.moveObjectToPosition("gare", ids.index("view") + 1)


def upgrade(setup_tool):
    catalog = api.portal.get_tool("portal_catalog")
    added = add_indexes(catalog)
    for brain in catalog.unrestrictedSearchResults(portal_type="TenderDossier"):
        catalog.catalog_object(
            brain._unrestrictedGetObject(), brain.getPath(), idxs=list(INDEXES), update_metadata=0
        )
    add_tab(api.portal.get())
    logger.info("SUA dashboard: indexes %s added and filled for the dossiers.", ", ".join(added))
