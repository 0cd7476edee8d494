"""Proposal milestones on the community dashboard (IUpcomingDeadlines)."""

from plone import api
from provincecomuni import _
from provincecomuni.interfaces import ICommunity
from provincecomuni.interfaces import IUpcomingDeadlines
from zope.component import adapter
from zope.interface import implementer

import datetime


@implementer(IUpcomingDeadlines)
@adapter(ICommunity)
class ProposalDeadlines:
    """The reporting milestones of the community's proposals, from the catalog."""

    def __init__(self, context):
        self.context = context

    def __call__(self, start, end):
        brains = api.content.find(
            portal_type="ProjectProposal",
            path="/".join(self.context.getPhysicalPath()),
            funding_deadlines={"query": (start.isoformat(), end.isoformat()), "range": "min:max"},
        )
        kind = _("deadline_kind_milestone", default="Proposal milestone")
        items = []
        for brain in brains:
            proposal = brain.getObject()
            for milestone in proposal.milestones or ():
                try:
                    due = datetime.date.fromisoformat(milestone.get("due_date", ""))
                except ValueError:
                    continue
                if start <= due <= end and not milestone.get("done"):
                    items.append(
                        {
                            "date": due,
                            "title": f"{proposal.Title()}: {milestone.get('title', '')}",
                            "url": proposal.absolute_url(),
                            "kind": kind,
                        }
                    )
        return sorted(items, key=lambda item: (item["date"], item["title"]))
