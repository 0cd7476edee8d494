"""The key dates of the tender dossiers: on the community dashboard
(IUpcomingDeadlines), in the iCal feed and in the RUPs' reminders.

All from the catalog: the ``tender_deadlines`` index finds the dossiers with a key
date in a period, the ``tender_key_dates`` metadata says which dates they are.
The catalog filters by permission, so each user gets only what they may see.
"""

from datetime import date
from datetime import datetime
from plone import api
from provincecomuni import _
from provincecomuni.interfaces import ICommunity
from provincecomuni.interfaces import IUpcomingDeadlines
from provincecomuni.procurement import lifecycle
from zope.component import adapter
from zope.i18n import translate
from zope.interface import implementer


# A dossier in these states has no deadline left to keep.
FINISHED_STATES = (lifecycle.CHIUSO, lifecycle.ANNULLATO, lifecycle.DESERTO)

KINDS = {
    "decision_date": _("deadline_decision_date", default="Decision to contract"),
    "publication_date": _("deadline_publication_date", default="Tender publication"),
    "offer_deadline": _("deadline_offer_deadline", default="Offer deadline"),
    "opening_session": _("deadline_opening_session", default="Opening session"),
    "award_date": _("deadline_award_date", default="Award"),
    "contract_date": _("deadline_contract_date", default="Contract signature"),
}


def parse(iso):
    """A key date from its metadata: a datetime if it has a time, else a date."""
    return datetime.fromisoformat(iso) if "T" in iso else date.fromisoformat(iso)


def _day(value):
    return value.date() if isinstance(value, datetime) else value


def dossier_brains(context, start, end, unrestricted=False, **query):
    """Brains of the dossiers under ``context`` with a key date in [start, end]."""
    catalog = api.portal.get_tool("portal_catalog")
    query.update(
        portal_type="TenderDossier",
        path="/".join(context.getPhysicalPath()),
        tender_deadlines={"query": (start.isoformat(), end.isoformat()), "range": "min:max"},
        review_state={"not": FINISHED_STATES},
    )
    search = catalog.unrestrictedSearchResults if unrestricted else catalog.searchResults
    return search(**query)


def brain_key_dates(brain, start, end):
    """``[(field, date or datetime)]`` of a brain's key dates in [start, end]."""
    found = []
    for field, iso in brain.tender_key_dates or ():
        when = parse(iso)
        if start <= _day(when) <= end:
            found.append((field, when))
    return found


def key_date_items(context, start, end, request=None, language=None, unrestricted=False, **query):
    """Every key date in [start, end] of the dossiers under ``context``, sorted."""
    kinds = {
        field: translate(label, context=request, target_language=language)
        for field, label in KINDS.items()
    }
    items = []
    for brain in dossier_brains(context, start, end, unrestricted=unrestricted, **query):
        for field, when in brain_key_dates(brain, start, end):
            items.append(
                {
                    "date": _day(when),
                    "when": when,
                    "field": field,
                    "kind": kinds[field],
                    "title": brain.Title,
                    "url": brain.getURL(),
                    "uid": brain.UID,
                    "rup": brain.tender_rup,
                }
            )
    items.sort(key=lambda item: (item["date"], item["title"], item["field"]))
    return items


@implementer(IUpcomingDeadlines)
@adapter(ICommunity)
class DossierDeadlines:
    """The key dates of the community's tender dossiers on its dashboard."""

    def __init__(self, context):
        self.context = context

    def __call__(self, start, end):
        request = getattr(self.context, "REQUEST", None)
        return [
            {
                "date": item["date"],
                "title": item["title"],
                "url": item["url"],
                "kind": item["kind"],
            }
            for item in key_date_items(self.context, start, end, request=request)
        ]
