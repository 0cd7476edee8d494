"""Local roles computed from data, not stored on the object (borg.localrole providers).

Stored local roles would show up on the Sharing page under raw group ids, where
an editor could untick them and cut a whole community off. Computed ones cannot
be edited there, and Plone's catalog indexes them like stored ones (its
allowedRolesAndUsers indexer asks every provider).
"""

from borg.localrole.interfaces import ILocalRoleProvider
from plone.uuid.interfaces import IUUID
from provincecomuni.interfaces import ICommunity
from provincecomuni.membership.roles import COMMUNITY_ROLES
from provincecomuni.membership.roles import group_id
from provincecomuni.membership.roles import territory_group_id
from provincecomuni.membership.sharing import ISharedWithComuni
from zope.component import adapter
from zope.interface import implementer


class _Provider:
    def __init__(self, context):
        self.context = context

    def getRoles(self, principal_id):
        return dict(self.getAllRoles()).get(principal_id, ())


@implementer(ILocalRoleProvider)
@adapter(ICommunity)
class CommunityGroupRoles(_Provider):
    """Each community role's virtual group gets that role's Plone roles here."""

    def getAllRoles(self):
        uid = IUUID(self.context, None)
        if uid is None:
            return
        for role in COMMUNITY_ROLES:
            yield group_id(uid, role.id), role.plone_roles


@implementer(ILocalRoleProvider)
@adapter(ISharedWithComuni)
class ComuneReaderRoles(_Provider):
    """The staff of the Comuni an item is shared with read it (and what it contains)."""

    def getAllRoles(self):
        for code in getattr(self.context, "shared_with_comuni", None) or ():
            yield territory_group_id("comune", code), ("Reader",)
