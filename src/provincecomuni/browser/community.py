"""The front pages of the communities."""

from plone import api
from Products.Five.browser import BrowserView
from provincecomuni.content.province_community import comuni_rows
from zope.component import getUtility
from zope.schema.interfaces import IVocabularyFactory


class CommunityView(BrowserView):
    """What every community page shows: its latest content."""

    latest_limit = 10

    def latest_items(self):
        """The latest items the current user can see in this community (itself excluded)."""
        return api.content.find(
            context=self.context,
            depth=-1,
            UID={"not": api.content.get_uuid(self.context)},
            sort_on="modified",
            sort_order="descending",
            sort_limit=self.latest_limit,
        )[: self.latest_limit]

    def review_state_title(self):
        """The title of the community's visibility state (Privata, Interna, Pubblica)."""
        state = api.content.get_state(self.context, default=None)
        workflow = api.portal.get_tool("portal_workflow")
        return workflow.getTitleForStateOnType(state, self.context.portal_type) if state else ""


class ProvinceCommunityView(CommunityView):
    """A Province community: its ISTAT identity and its Comuni."""

    def comuni_rows(self):
        return comuni_rows(self.context)


class ThematicCommunityView(CommunityView):
    """A thematic community: the network of one pillar."""

    def pillar_title(self):
        vocabulary = getUtility(IVocabularyFactory, "provincecomuni.vocabularies.Pillars")(
            self.context
        )
        term = vocabulary.by_value.get(self.context.pillar)
        return term.title if term else ""
