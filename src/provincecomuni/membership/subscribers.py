"""Keep community groups and rosters in step with the communities themselves.

The community groups' own roles need nothing here: they are computed (localroles.py).
"""

from plone import api
from plone.uuid.interfaces import IUUID
from provincecomuni.membership.roles import COORDINATOR
from provincecomuni.membership.roles import ROLES_BY_ID
from provincecomuni.membership.setup import UPI_GROUP
from provincecomuni.membership.storage import get_store


def community_added(community, event):
    if community.portal_type == "ThematicCommunity":
        community.manage_setLocalRoles(UPI_GROUP, list(ROLES_BY_ID[COORDINATOR].plone_roles))
        community.reindexObjectSecurity()


def community_removed(community, event):
    """A deleted community's roster goes with it, so no one keeps its groups."""
    if getattr(event, "newParent", None) is not None:
        return  # moved or renamed: same uid, same roster
    get_store(api.portal.get()).forget_community(IUUID(community))


def principal_deleted(event):
    """When an account is deleted, its memberships go with it."""
    store = get_store(api.portal.get(), create=False)
    if store is not None:
        store.forget_user(event.principal)
