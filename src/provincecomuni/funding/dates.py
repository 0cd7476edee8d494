"""The state of a call from its dates, as catalog queries relative to today in Europe/Rome.

A call is *forthcoming* before its opening day, *open* from its opening day to its
closing day (both included) and *closed* from the day after its closing day. The
closing day is the last deadline, except for a two-stage call, which accepts new
proposals only until its first deadline. Dates are indexed as ISO strings
(``YYYY-MM-DD``, which sort as dates) in FieldIndexes, so the state is a range
query computed at request time: nothing stored goes stale.
"""

from datetime import date
from datetime import datetime
from datetime import timedelta
from zoneinfo import ZoneInfo


TIMEZONE = ZoneInfo("Europe/Rome")

OPENING_INDEX = "funding_opening"
CLOSING_INDEX = "funding_closing"

# Stand-ins for a missing date, so that every call is in exactly one state:
# no opening date means open already, no deadline means open until funds run out.
NO_OPENING = "0000-01-01"
NO_CLOSING = "9999-12-31"


def today(now: datetime | None = None) -> date:
    """Today's date in Europe/Rome (``now`` for tests: an aware datetime)."""
    now = now or datetime.now(tz=TIMEZONE)
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    return now.astimezone(TIMEZONE).date()


def closing_date(deadline_model: str | None, deadlines) -> date | None:
    """The last day on which a new proposal can be submitted."""
    deadlines = sorted(d for d in (deadlines or ()) if d)
    if not deadlines:
        return None
    if deadline_model == "two-stage":
        return deadlines[0]
    return deadlines[-1]


def iso(value: date | None, missing: str) -> str:
    return value.isoformat() if value else missing


def state_of(opening: date | None, closing: date | None, on: date) -> str:
    """The state on the day ``on``: the same rule as ``state_query``."""
    if opening and on < opening:
        return "forthcoming"
    if closing and on > closing:
        return "closed"
    return "open"


def state_query(state: str, on: date) -> dict:
    """Catalog query terms selecting the calls in ``state`` on the day ``on``."""
    day = on.isoformat()
    if state == "forthcoming":
        tomorrow = (on + timedelta(days=1)).isoformat()
        return {OPENING_INDEX: {"query": tomorrow, "range": "min"}}
    if state == "open":
        return {
            OPENING_INDEX: {"query": day, "range": "max"},
            CLOSING_INDEX: {"query": day, "range": "min"},
        }
    if state == "closed":
        yesterday = (on - timedelta(days=1)).isoformat()
        return {CLOSING_INDEX: {"query": yesterday, "range": "max"}}
    raise ValueError(f"unknown state {state!r}")


def next_deadline(deadlines, on: date) -> date | None:
    """The first deadline on or after ``on``."""
    upcoming = sorted(d for d in (deadlines or ()) if d and d >= on)
    return upcoming[0] if upcoming else None
