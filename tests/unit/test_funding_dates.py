"""The state of a call from its dates: the rule, at its boundaries, in Europe/Rome."""

from datetime import date
from datetime import datetime
from datetime import UTC
from provincecomuni.funding import dates

import pytest


def test_today_is_the_date_in_rome_not_in_utc():
    # 23:30 UTC on 18 April (summer time) is already 19 April in Rome.
    assert dates.today(datetime(2024, 4, 18, 23, 30, tzinfo=UTC)) == date(2024, 4, 19)
    assert dates.today(datetime(2024, 4, 17, 22, 30, tzinfo=UTC)) == date(2024, 4, 18)
    # Winter time: 23:30 UTC on 10 January is 00:30 on 11 January in Rome.
    assert dates.today(datetime(2024, 1, 10, 23, 30, tzinfo=UTC)) == date(2024, 1, 11)
    with pytest.raises(ValueError):
        dates.today(datetime(2024, 1, 10, 12, 0))


@pytest.mark.parametrize(
    ("on", "state"),
    [
        (date(2024, 1, 15), "forthcoming"),
        (date(2024, 1, 16), "open"),  # the opening day
        (date(2024, 4, 18), "open"),  # the deadline day
        (date(2024, 4, 19), "closed"),
    ],
)
def test_state_at_the_boundaries(on, state):
    assert dates.state_of(date(2024, 1, 16), date(2024, 4, 18), on) == state


def test_two_stage_calls_close_to_new_proposals_at_the_first_stage():
    deadlines = [date(2024, 9, 10), date(2024, 4, 18)]
    assert dates.closing_date("two-stage", deadlines) == date(2024, 4, 18)
    assert dates.closing_date("multiple-cut-off", deadlines) == date(2024, 9, 10)
    assert dates.closing_date("single-stage", []) is None


def test_a_call_without_dates_is_open():
    assert dates.state_of(None, None, date(2030, 1, 1)) == "open"


def test_queries_use_iso_dates_relative_to_the_day():
    on = date(2024, 4, 18)
    assert dates.state_query("open", on) == {
        "funding_opening": {"query": "2024-04-18", "range": "max"},
        "funding_closing": {"query": "2024-04-18", "range": "min"},
    }
    assert dates.state_query("forthcoming", on) == {
        "funding_opening": {"query": "2024-04-19", "range": "min"}
    }
    assert dates.state_query("closed", on) == {
        "funding_closing": {"query": "2024-04-17", "range": "max"}
    }
    with pytest.raises(ValueError):
        dates.state_query("expired", on)
