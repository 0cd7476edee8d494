"""A PAS groups plugin: a user's communities and territory, as virtual groups.

Plone computes a user's local roles and catalog visibility from
``user.getGroups()``, which asks every active IGroupsPlugin. This one answers
from the membership store, so the community groups exist for security without
being real groups: they are not enumerated, hence absent from the groups
control panel and from user searches.
"""

from AccessControl.class_init import InitializeClass
from Acquisition import aq_inner
from Acquisition import aq_parent
from Products.PluggableAuthService.interfaces.plugins import IGroupsPlugin
from Products.PluggableAuthService.plugins.BasePlugin import BasePlugin
from provincecomuni.membership.roles import group_id
from provincecomuni.membership.roles import territory_group_id
from provincecomuni.membership.storage import get_store
from zope.interface import implementer


PLUGIN_ID = "provincecomuni_communities"


@implementer(IGroupsPlugin)
class CommunityGroupsPlugin(BasePlugin):
    meta_type = "Province e Comuni community groups"

    def __init__(self, id, title=None):
        self._setId(id)
        self.title = title

    def getGroupsForPrincipal(self, principal, request=None):
        # The site that contains our user folder (the plugin may be reached through
        # another acquisition path, e.g. portal_membership.acl_users).
        portal = aq_parent(aq_inner(aq_parent(aq_inner(self))))
        store = get_store(portal, create=False)
        if store is None:
            return ()
        userid = principal.getId()
        groups = [
            group_id(community_uid, role_id)
            for community_uid, role_id in store.communities_of(userid).items()
        ]
        affiliation = store.affiliations.get(userid)
        if affiliation:
            groups.append(territory_group_id(affiliation["kind"], affiliation["code"]))
        return tuple(groups)


InitializeClass(CommunityGroupsPlugin)


def ensure_plugin(portal):
    """Add and activate the plugin in the site's user folder (idempotent)."""
    acl_users = portal.acl_users
    if PLUGIN_ID not in acl_users.objectIds():
        acl_users._setObject(
            PLUGIN_ID, CommunityGroupsPlugin(PLUGIN_ID, "Province e Comuni: community")
        )
    active = [plugin_id for plugin_id, _ in acl_users.plugins.listPlugins(IGroupsPlugin)]
    if PLUGIN_ID not in active:
        acl_users.plugins.activatePlugin(IGroupsPlugin, PLUGIN_ID)


def remove_plugin(portal):
    acl_users = portal.acl_users
    if PLUGIN_ID in acl_users.objectIds():
        acl_users._delObject(PLUGIN_ID)
