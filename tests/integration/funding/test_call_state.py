"""Forthcoming, open, closed: right in the catalog on every day, with no nightly job."""

from plone import api
from provincecomuni.funding import dates

import datetime
import pytest


D = datetime.date


@pytest.fixture
def calls(make_call):
    make_call("HORIZON-A", D(2024, 1, 16), [D(2024, 4, 18)])
    make_call("LIFE-B", D(2024, 3, 1), [D(2024, 3, 20), D(2024, 6, 30)], programme="life")
    make_call(
        "CERV-C",
        D(2024, 2, 1),
        [D(2024, 2, 29), D(2024, 10, 1)],
        deadline_model="two-stage",
        programme="cerv",
    )
    make_call("PNRR-D", None, [], programme="pnrr", deadline_model="open-ended")


def _ids(state, on):
    brains = api.content.find(portal_type="FundingCall", **dates.state_query(state, on))
    return sorted(b.funding_identifier for b in brains)


@pytest.mark.parametrize(
    ("on", "forthcoming", "open_", "closed"),
    [
        (D(2024, 1, 15), ["CERV-C", "HORIZON-A", "LIFE-B"], ["PNRR-D"], []),
        # HORIZON-A's opening day: open on that very day.
        (D(2024, 1, 16), ["CERV-C", "LIFE-B"], ["HORIZON-A", "PNRR-D"], []),
        # CERV-C's first-stage deadline: still open to new proposals that day.
        (D(2024, 2, 29), ["LIFE-B"], ["CERV-C", "HORIZON-A", "PNRR-D"], []),
        (D(2024, 3, 1), [], ["HORIZON-A", "LIFE-B", "PNRR-D"], ["CERV-C"]),
        # HORIZON-A's deadline day, then the day after.
        (D(2024, 4, 18), [], ["HORIZON-A", "LIFE-B", "PNRR-D"], ["CERV-C"]),
        (D(2024, 4, 19), [], ["LIFE-B", "PNRR-D"], ["CERV-C", "HORIZON-A"]),
        (D(2024, 7, 1), [], ["PNRR-D"], ["CERV-C", "HORIZON-A", "LIFE-B"]),
    ],
)
def test_state_queries_on_each_day(calls, on, forthcoming, open_, closed):
    assert _ids("forthcoming", on) == forthcoming
    assert _ids("open", on) == open_
    assert _ids("closed", on) == closed


def test_editing_a_deadline_moves_the_call_at_once(section, calls):
    call = section["horizon-a"]
    call.deadlines = [D(2024, 5, 31)]
    call.reindexObject()
    assert "HORIZON-A" in _ids("open", D(2024, 5, 31))
    assert "HORIZON-A" in _ids("closed", D(2024, 6, 1))
