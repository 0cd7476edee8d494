"""What the profile sets up for membership: site-wide groups, the PAS plugin,
and the community groups' local roles on every community (all idempotent)."""

from plone import api
from provincecomuni.membership.pas import ensure_plugin
from provincecomuni.membership.roles import COORDINATOR
from provincecomuni.membership.roles import ROLES_BY_ID
from provincecomuni.sit.setup import SECTION_ID as SIT_SECTION_ID


UPI_GROUP = "upi-coordinamento"
PROVINCE_STAFF_GROUP = "personale-province"
COMUNE_STAFF_GROUP = "personale-comuni"
REVIEWERS_GROUP = "revisori"

# (id, Italian title, description, global roles)
SITE_GROUPS = (
    (
        UPI_GROUP,
        "Coordinamento UPI",
        "Legge tutte le community, coordina le reti tematiche e gestisce gli indicatori.",
        ["Reader", "UPICoordinator"],
    ),
    (
        PROVINCE_STAFF_GROUP,
        "Personale delle Province",
        "Dipendenti delle Province; l'accesso viene dalle community di cui sono membri.",
        [],
    ),
    (
        COMUNE_STAFF_GROUP,
        "Personale dei Comuni",
        "Dipendenti dei Comuni; vedono ciò che la loro Provincia condivide con il loro Comune.",
        [],
    ),
    (
        REVIEWERS_GROUP,
        "Revisori",
        "Revisionano e pubblicano le buone pratiche di tutto il sito.",
        ["GoodPracticeReviewer"],
    ),
)


def ensure_site_groups(portal):
    for group_id, title, description, roles in SITE_GROUPS:
        group = api.group.get(groupname=group_id)
        if group is None:
            api.group.create(groupname=group_id, title=title, description=description, roles=roles)
        else:
            missing = [role for role in roles if role not in group.getRoles()]
            if missing:
                api.group.grant_roles(groupname=group_id, roles=missing)


def ensure_community_groups(portal):
    """UPI coordinates the networks; the catalog learns the community groups' roles."""
    catalog = api.portal.get_tool("portal_catalog")
    coordinator_roles = list(ROLES_BY_ID[COORDINATOR].plone_roles)
    for brain in catalog.unrestrictedSearchResults(
        portal_type=["ProvinceCommunity", "ThematicCommunity"]
    ):
        community = brain._unrestrictedGetObject()
        if brain.portal_type == "ThematicCommunity":
            community.manage_setLocalRoles(UPI_GROUP, coordinator_roles)
        community.reindexObjectSecurity()


def ensure_upi_on_agenda(portal):
    """UPI coordination edits the indicator definitions of the agenda-digitale section."""
    section = portal.get(SIT_SECTION_ID)
    if section is not None:
        section.manage_setLocalRoles(UPI_GROUP, ["Editor", "Contributor", "Reader"])
        section.reindexObjectSecurity()


def setup_membership(portal):
    ensure_site_groups(portal)
    ensure_plugin(portal)
    ensure_community_groups(portal)
    ensure_upi_on_agenda(portal)
