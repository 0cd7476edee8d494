"""Catalog indexers: the dates of calls and proposals as ISO strings, their facets."""

from Acquisition import aq_chain
from plone.indexer import indexer
from provincecomuni.funding import dates
from provincecomuni.funding.content import IFundingCall
from provincecomuni.funding.content import IProjectProposal
from provincecomuni.interfaces import ICommunity


# A call without Provinces covers the whole country: it matches every Province filter.
ALL_PROVINCES = "*"


@indexer(IFundingCall)
def call_identifier(obj):
    return obj.identifier


@indexer(IFundingCall)
def call_programme(obj):
    return obj.programme


@indexer(IFundingCall)
def call_management(obj):
    return obj.management


@indexer(IFundingCall)
def call_beneficiaries(obj):
    return list(obj.beneficiaries or ())


@indexer(IFundingCall)
def call_provinces(obj):
    return list(obj.provinces or ()) or [ALL_PROVINCES]


@indexer(IFundingCall)
def call_opening(obj):
    return dates.iso(obj.opening_date, dates.NO_OPENING)


@indexer(IFundingCall)
def call_closing(obj):
    return dates.iso(dates.closing_date(obj.deadline_model, obj.deadlines), dates.NO_CLOSING)


@indexer(IFundingCall)
def call_deadlines(obj):
    return sorted({d.isoformat() for d in obj.deadlines or () if d})


@indexer(IFundingCall)
def call_searchable_text(obj):
    parts = [
        obj.identifier,
        obj.call_identifier,
        obj.title,
        obj.description,
        obj.action_type,
        obj.managing_body,
        obj.priority,
        *(obj.topics or ()),
        *(obj.subject or ()),
    ]
    return " ".join(p for p in parts if p)


def community_of(obj):
    for item in aq_chain(obj):
        if ICommunity.providedBy(item):
            return item
    return None


@indexer(IProjectProposal)
def proposal_call(obj):
    return obj.call_identifier


@indexer(IProjectProposal)
def proposal_provinces(obj):
    community = community_of(obj)
    code = getattr(community, "istat_code", None)
    return [code] if code else []


@indexer(IProjectProposal)
def proposal_deadlines(obj):
    return sorted({d.isoformat() for d in obj.milestone_dates()})


@indexer(IProjectProposal)
def proposal_searchable_text(obj):
    parts = [
        obj.title,
        obj.description,
        obj.call_identifier,
        obj.lead_applicant_name,
        obj.cup,
        *((p or {}).get("name", "") for p in obj.partners or ()),
    ]
    return " ".join(p for p in parts if p)


@indexer(IProjectProposal)
def proposal_programme(obj):
    """The programme of the call the proposal answers (for the calendar's filter)."""
    from plone import api

    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog.unrestrictedSearchResults(
        portal_type="FundingCall", funding_identifier=obj.call_identifier or ""
    )
    return brains[0].funding_programme if brains else None
