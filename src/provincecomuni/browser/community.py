"""The front pages of the communities."""

from datetime import date
from datetime import timedelta
from plone import api
from Products.Five.browser import BrowserView
from provincecomuni.content.province_community import comuni_rows
from provincecomuni.interfaces import IUpcomingDeadlines
from provincecomuni.membership import api as membership
from provincecomuni.membership.roles import ROLES_BY_ID
from zope.component import getUtility
from zope.component import subscribers
from zope.i18n import translate
from zope.schema.interfaces import IVocabularyFactory


class CommunityView(BrowserView):
    """The community's dashboard: latest content, upcoming deadlines, members."""

    latest_limit = 10
    deadline_days = 60
    deadline_limit = 10
    members_limit = 12

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

    def upcoming_deadlines(self):
        """Deadlines of the next ``deadline_days`` days, from every type that has some.

        Each content type contributes through an IUpcomingDeadlines subscriber.
        """
        start = date.today()
        end = start + timedelta(days=self.deadline_days)
        deadlines = [
            deadline
            for provider in subscribers((self.context,), IUpcomingDeadlines)
            for deadline in provider(start, end)
        ]
        deadlines.sort(key=lambda deadline: deadline["date"])
        return deadlines[: self.deadline_limit]

    def can_view_members(self):
        return api.user.has_permission("provincecomuni: View members", obj=self.context)

    def _members(self):
        if not hasattr(self, "_members_cache"):
            self._members_cache = membership.list_members(self.context)
        return self._members_cache

    def members_total(self):
        return len(self._members())

    def members_preview(self):
        """The first members (Coordinatori first), with their role's title."""
        return [
            dict(
                member,
                role_title=translate(ROLES_BY_ID[member["role"]].title, context=self.request),
            )
            for member in self._members()[: self.members_limit]
        ]

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
