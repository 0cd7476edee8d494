"""Catalog indexers of the tender dossier, for the SUA dashboard and ``@search``.

Every value the SUA listing shows or filters on is indexed and stored as metadata,
so the listing and its CSV export read brains only and never wake a dossier up.

Dates are ISO strings (``YYYY-MM-DD``): a KeywordIndex of them answers a range
query ("deadlines this week") and sorts like the dates themselves. Amounts are
floats of euro: a FieldIndex of numbers answers ``range: min:max`` queries.
"""

from datetime import date
from datetime import datetime
from plone.indexer import indexer
from provincecomuni.procurement.content import ITenderDossier


# The key dates of a dossier, in the order the law gives them: (field, kind).
# The kind is the message id of its label in provincecomuni.procurement.dashboard.
KEY_DATES = (
    "decision_date",
    "publication_date",
    "offer_deadline",
    "opening_session",
    "award_date",
    "contract_date",
)

# The value of tender_next_deadline when no key date is ahead: sorts last.
NO_DEADLINE = "9999-12-31"


def _day(value):
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return None


def key_dates(obj):
    """``[(field, datetime or date)]`` of the key dates the dossier has, in order."""
    return [
        (name, getattr(obj, name, None))
        for name in KEY_DATES
        if _day(getattr(obj, name, None)) is not None
    ]


def cpv_prefixes(code):
    """A CPV code and its shorter forms from the division on: ``45233120`` gives
    ``45``, ``452``, ``4523``, ``45233``, ``452331``, ``4523312``, ``45233120``,
    so a filter on a division, group, class or category finds the codes under it."""
    digits = (code or "").split("-")[0].strip()
    if len(digits) < 2:
        return []
    return [digits[:length] for length in range(2, len(digits) + 1)]


def dossier_cpvs(obj):
    """Main CPV first, then the secondary ones and the lots' CPVs, without repeats."""
    codes = [obj.main_cpv, *(obj.secondary_cpvs or ())]
    codes += [lot.get("cpv") for lot in obj.lots or () if isinstance(lot, dict)]
    seen = []
    for code in codes:
        if code and code not in seen:
            seen.append(code)
    return seen


@indexer(ITenderDossier)
def tender_comune(obj):
    return obj.commissioning_comune


@indexer(ITenderDossier)
def tender_procedure(obj):
    return obj.procedure


@indexer(ITenderDossier)
def tender_contract_object(obj):
    return obj.contract_object


@indexer(ITenderDossier)
def tender_cpv(obj):
    """Every CPV of the dossier (main, secondary, lots) with its prefixes."""
    values = set()
    for code in dossier_cpvs(obj):
        values.update(cpv_prefixes(code))
    return sorted(values)


@indexer(ITenderDossier)
def tender_cpvs(obj):
    """The full CPV codes (main first), for the listing's column and the CSV."""
    return tuple(dossier_cpvs(obj))


@indexer(ITenderDossier)
def tender_amount(obj):
    return float(obj.total_amount) if obj.total_amount is not None else None


@indexer(ITenderDossier)
def tender_cigs(obj):
    return sorted({lot.get("cig") for lot in obj.lots or () if lot.get("cig")})


@indexer(ITenderDossier)
def tender_rup(obj):
    return obj.rup or None


def deadline_days(obj):
    return sorted({_day(value).isoformat() for _name, value in key_dates(obj)})


@indexer(ITenderDossier)
def tender_deadlines(obj):
    """Every key date, as ISO days: a range query finds the dossiers due in a week."""
    return deadline_days(obj)


@indexer(ITenderDossier)
def tender_next_deadline(obj):
    """The first key date from today on (ISO day), or NO_DEADLINE.

    It changes with the calendar, not only with the dossier: the daily reminder
    (scripts/sua_reminders.py) reindexes it for the dossiers whose value has passed.
    """
    today = date.today().isoformat()
    ahead = [day for day in deadline_days(obj) if day >= today]
    return ahead[0] if ahead else NO_DEADLINE


@indexer(ITenderDossier)
def tender_key_dates(obj):
    """Metadata: ``((field, ISO date or datetime), ...)`` for the listing, CSV and iCal."""
    return tuple((name, value.isoformat()) for name, value in key_dates(obj))
