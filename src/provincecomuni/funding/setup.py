"""The "Bandi europei" section for funding calls, created or completed idempotently."""

from plone import api
from plone.base.interfaces.constrains import ENABLED
from plone.base.interfaces.constrains import ISelectableConstrainTypes


FUNDING_SECTION = "bandi-europei"
SECTION_TYPES = ["FundingCall", "Folder"]
CATALOGUE_VIEW = "funding-catalogue"
ADD_PERMISSION = "provincecomuni: Add FundingCall"
ADDERS = ["Manager", "Site Administrator", "Editor", "Contributor"]


def ensure_funding_section(portal):
    """Only calls (and folders) are added in the section; its page is the catalogue.

    Leaves an editor's choices alone: the types are set only while the section has
    no constraint of its own, the layout only while it is the default one.
    """
    section = portal.get(FUNDING_SECTION)
    if section is None:
        return None
    # The site root grants the add permission to nobody (rolemap.xml): here only.
    section.manage_permission(ADD_PERMISSION, ADDERS, acquire=False)
    constraints = ISelectableConstrainTypes(section)
    if constraints.getConstrainTypesMode() != ENABLED:
        constraints.setConstrainTypesMode(ENABLED)
        constraints.setLocallyAllowedTypes(SECTION_TYPES)
        constraints.setImmediatelyAddableTypes(["FundingCall"])
    if section.getLayout() in (None, "", "listing_view", section.getDefaultLayout()):
        section.setLayout(CATALOGUE_VIEW)
    return section


def section(portal=None):
    portal = portal or api.portal.get()
    return portal[FUNDING_SECTION]
