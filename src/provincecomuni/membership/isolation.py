"""Channels that would tell one community's content to people outside it.

``resolveuid/<uid>``: Plone's view (plone.outputfilters) looks the uid up without
security and redirects anybody to the item's URL, so whoever holds such a link to
a private document (rich text links by uid) learns its address, and with it the
short name Plone made from its title. Here it redirects only those who may view
the item; the others are refused as they would be at the item itself (anonymous
visitors get the login form, and after logging in the link works for those who may
see it). Unknown uids stay "not found".

Rich text: Plone's output filter turns ``resolveuid/<uid>`` links and images into
addresses, and gives each image its target's title (``title`` attribute) and, for
captioned images, its description, all looked up without security; images are
also found by path (``/plone/province/cuneo/foto.png``). A page that anyone may
read could so show the title and description of another community's private
image, or the address of its private documents. The rendered text is cached for
all its readers (portal_transforms), so the rule cannot depend on who reads: a
target is resolved only if it is outside every community, readable by anonymous
visitors, or in the same community as the text. Otherwise the text keeps the link
or image as written; a ``resolveuid`` link still works, through the view above,
for those who may see its target.

Relations in REST: plone.restapi serializes each related item's summary (title,
description, address, state) without security, so a page that relates another
community's private document (``relatedItems``) shows it to all its readers.
Here a relation is serialized only for those who may view its target, as Plone's
classic "related items" viewlet already does. REST answers are made per request,
so this rule may depend on who asks.

A Link's address in REST: plone.restapi turns ``resolveuid/<uid>`` and paths into
the target's address without security, so anyone who may write a Link learns the
address of any item by its uid, and whether a path exists. Here an address is
resolved only for those who may view its target; for the others it is answered as
for a target that does not exist (Plone's classic Link view already checks).

Tags: Plone's Keywords vocabulary (the tag field's suggestions, also served by
``@@getVocabulary`` and ``@vocabularies``) lists every tag of the catalog, so an
editor anywhere reads the tags of other communities' private content. Here it
lists the tags of content the current user may see (registered in
``overrides.zcml``, which Plone includes at start-up for its add-ons).
"""

from AccessControl import getSecurityManager
from AccessControl import Unauthorized
from AccessControl.PermissionRole import rolesForPermissionOn
from Acquisition import aq_base
from Acquisition import aq_chain
from Acquisition import aq_inner
from BTrees.IIBTree import intersection
from plone.app.contenttypes.interfaces import ILink
from plone.app.contenttypes.utils import replace_link_variables_by_paths
from plone.app.uuid.utils import uuidToCatalogBrain
from plone.app.vocabularies.catalog import KeywordsVocabulary
from plone.app.vocabularies.terms import safe_simplevocabulary_from_values
from plone.base.utils import safe_text
from plone.dexterity.interfaces import IDexterityContent
from plone.outputfilters.browser.resolveuid import ResolveUIDView
from plone.outputfilters.filters.resolveuid_and_caption import appendix_re
from plone.outputfilters.filters.resolveuid_and_caption import ResolveUIDAndCaptionFilter
from plone.restapi.interfaces import IFieldSerializer
from plone.restapi.serializer.converters import json_compatible
from plone.restapi.serializer.dxfields import TextLineFieldSerializer
from plone.restapi.serializer.relationfield import RelationChoiceFieldSerializer
from plone.restapi.serializer.relationfield import RelationListFieldSerializer
from plone.restapi.serializer.utils import RESOLVEUID_RE
from Products.CMFCore.utils import getToolByName
from provincecomuni.interfaces import ICommunity
from provincecomuni.interfaces import IProvinceComuniLayer
from z3c.relationfield.interfaces import IRelationChoice
from z3c.relationfield.interfaces import IRelationList
from z3c.relationfield.interfaces import IRelationValue
from zExceptions import NotFound
from zope.component import adapter
from zope.component.hooks import getSite
from zope.interface import implementer
from zope.schema.interfaces import ITextLine


class GuardedResolveUIDView(ResolveUIDView):
    def __call__(self):
        brain = uuidToCatalogBrain(self.uuid)
        if brain is None:
            raise NotFound("The link you followed is broken")
        target = brain._unrestrictedGetObject()
        if not getSecurityManager().checkPermission("View", target):
            raise Unauthorized("resolveuid")
        return super().__call__()


def community_of(obj):
    for item in aq_chain(aq_inner(obj)):
        if ICommunity.providedBy(item):
            return item
    return None


def may_show_in(context, target):
    """May text stored in ``context`` show ``target``'s address, title and description?"""
    target_community = community_of(target)
    if target_community is None:
        return True  # not community content: Plone's own rules
    if "Anonymous" in rolesForPermissionOn("View", target):
        return True
    context_community = community_of(context) if context is not None else None
    return context_community is not None and aq_base(context_community) is aq_base(target_community)


class CommunityResolveUIDAndCaptionFilter(ResolveUIDAndCaptionFilter):
    """Plone's filter, that resolves only what every reader of the text may see."""

    def resolve_link(self, href):
        obj, subpath, appendix = super().resolve_link(href)
        if obj is not None and not may_show_in(self.context, obj):
            match = appendix_re.match(href)
            return None, match.group(1) if match else href, appendix
        return obj, subpath, appendix

    def resolve_image(self, src):
        image, fullimage, new_src, description = super().resolve_image(src)
        if fullimage is not None and not may_show_in(self.context, fullimage):
            return None, None, src, ""
        return image, fullimage, new_src, description


def _may_view(obj):
    return obj is not None and bool(getSecurityManager().checkPermission("View", obj))


@adapter(IRelationList, IDexterityContent, IProvinceComuniLayer)
@implementer(IFieldSerializer)
class VisibleRelationListFieldSerializer(RelationListFieldSerializer):
    def get_value(self, default=None):
        value = super().get_value(default)
        return [relation for relation in value or () if _may_view(relation.to_object)]


@adapter(IRelationChoice, IDexterityContent, IProvinceComuniLayer)
@implementer(IFieldSerializer)
class VisibleRelationChoiceFieldSerializer(RelationChoiceFieldSerializer):
    def get_value(self, default=None):
        value = super().get_value(default)
        if IRelationValue.providedBy(value) and not _may_view(value.to_object):
            return None
        return value


def _link_target(context, url):
    """The object a Link's address names, found without security (or None)."""
    if "resolveuid" in url:
        match = RESOLVEUID_RE.match(url)
        brain = uuidToCatalogBrain(match.group(1)) if match else None
        return brain._unrestrictedGetObject() if brain is not None else None
    path = replace_link_variables_by_paths(context=context, url=url)
    if not path.startswith("/"):
        return None
    return getSite().unrestrictedTraverse(path, None)


@adapter(ITextLine, ILink, IProvinceComuniLayer)
@implementer(IFieldSerializer)
class GuardedLinkURLSerializer(TextLineFieldSerializer):
    def __call__(self):
        value = self.get_value()
        if self.field.getName() != "remoteUrl" or not value:
            return super().__call__()
        target = _link_target(self.context, value)
        if target is not None and not _may_view(target):
            if "resolveuid" in value:
                return json_compatible(value)  # as for an unknown uid
            return json_compatible(value.replace("${portal_url}", ""))  # unknown path
        return super().__call__()


class VisibleKeywordsVocabulary(KeywordsVocabulary):
    """Plone's Keywords vocabulary, limited to the tags of content one may see."""

    def _visible(self, catalog):
        """Record ids of the catalog entries the current user may see."""
        user = getSecurityManager().getUser()
        index = catalog._catalog.getIndex("allowedRolesAndUsers")
        query = {"allowedRolesAndUsers": catalog._listAllowedRolesAndUsers(user)}
        return index._apply_index(query)[0]

    def _tags(self, catalog, records, kwfilter):
        tags = catalog._catalog.getIndex(self.keyword_index)
        kwfilter = safe_text(kwfilter) if kwfilter else ""
        found = []
        for tag in tags.uniqueValues():  # sorted
            if kwfilter and kwfilter not in safe_text(tag):
                continue
            if intersection(records, tags._apply_index({self.keyword_index: tag})[0]):
                found.append(tag)
        return safe_simplevocabulary_from_values(found)

    def all_keywords(self, kwfilter):
        catalog = getToolByName(getSite(), "portal_catalog")
        return self._tags(catalog, self._visible(catalog), kwfilter)

    def keywords_of_section(self, section, kwfilter):
        catalog = getToolByName(section, "portal_catalog")
        paths = catalog._catalog.getIndex(self.path_index)
        query = {self.path_index: {"query": "/".join(section.getPhysicalPath()), "depth": -1}}
        in_section = paths._apply_index(query)[0]
        return self._tags(catalog, intersection(in_section, self._visible(catalog)), kwfilter)


VisibleKeywordsVocabularyFactory = VisibleKeywordsVocabulary()
