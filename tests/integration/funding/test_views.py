"""The catalogue page, the calendar and its iCal feed, the import page."""

from plone import api
from plone.app.testing import logout
from provincecomuni.funding import dates

import datetime
import icalendar
import pytest


D = datetime.date
TODAY = D(2024, 4, 18)


@pytest.fixture
def fixed_today(monkeypatch):
    monkeypatch.setattr(dates, "today", lambda now=None: TODAY)
    return TODAY


@pytest.fixture
def calls(make_call, fixed_today):
    published = [
        make_call("HORIZON-A", D(2024, 1, 16), [D(2024, 4, 18)], beneficiaries=["comuni"]),
        make_call(
            "LIFE-B",
            D(2024, 3, 1),
            [D(2024, 5, 20), D(2024, 6, 30)],
            programme="life",
            beneficiaries=["province"],
            provinces=["004"],
        ),
        make_call("LIFE-C", D(2024, 5, 1), [D(2024, 9, 1)], programme="life"),
        make_call("CERV-D", D(2023, 5, 1), [D(2024, 1, 10)], programme="cerv"),
        make_call("FESR-E", D(2024, 2, 1), [D(2024, 12, 1)], programme="fesr", provinces=["036"]),
    ]
    for call in published:
        api.content.transition(obj=call, transition="pubblica")
    make_call("HORIZON-DRAFT", D(2024, 1, 1), [D(2024, 5, 1)])
    return published


def _view(section, name, **form):
    request = section.REQUEST
    request.form.clear()
    request.form.update(form)
    return api.content.get_view(name, section, request)


def _rows(section, **form):
    view = _view(section, "funding-catalogue", **form)
    view.current = view.filters()
    return [item["identifier"] for item in view.results()["calls"]], view


def test_catalogue_shows_open_calls_by_nearest_deadline(section, calls):
    rows, view = _rows(section)
    # HORIZON-A closes today (the deadline day): still open, and first.
    assert rows == ["HORIZON-A", "LIFE-B", "FESR-E"]
    assert view.results()["calls"][1]["next_deadline"] == "2024-05-20"
    assert _rows(section, state="forthcoming")[0] == ["LIFE-C"]
    assert _rows(section, state="closed")[0] == ["CERV-D"]


def test_catalogue_filters_and_counts(section, calls):
    rows, view = _rows(section, programme="life")
    assert rows == ["LIFE-B"]
    queries = []
    count = view._count
    view._count = lambda query, **extra: queries.append(extra) or count(query, **extra)
    facets = {facet["name"]: facet for facet in view.facets()}
    # One catalog query per state; programmes and beneficiaries from index sets.
    assert len(queries) == 4
    states = {o["value"]: o["count"] for o in facets["state"]["options"]}
    assert states == {"forthcoming": 1, "open": 1, "closed": 0, "all": 2}
    # The programme counts ignore the programme filter itself (open calls).
    programmes = {o["value"]: o["count"] for o in facets["programme"]["options"]}
    assert (programmes["life"], programmes["horizon-europe"], programmes["fesr"]) == (1, 1, 1)
    assert programmes["cerv"] == 0
    assert _rows(section, beneficiary="province")[0] == ["LIFE-B"]
    # Cuneo (004): its own call and the calls for the whole country, not Bologna's.
    assert _rows(section, province="004")[0] == ["HORIZON-A", "LIFE-B"]
    assert _rows(section, state="all", deadline_from="2024-06-01", deadline_to="2024-09-30")[0] == [
        "LIFE-B",
        "LIFE-C",
    ]
    assert _rows(section, text="HORIZON-A")[0] == ["HORIZON-A"]
    # What a visitor types never breaks the page.
    assert _rows(section, text='"(LIFE-B AND')[0] == ["LIFE-B"]
    assert _rows(section, text="()")[0] == ["HORIZON-A", "LIFE-B", "FESR-E"]
    # Counts with a text filter too (the result set then carries scores).
    _, view = _rows(section, state="all", text="Bando", province="004")
    facets = {facet["name"]: facet for facet in view.facets()}
    programmes = {o["value"]: o["count"] for o in facets["programme"]["options"]}
    assert (programmes["life"], programmes["horizon-europe"], programmes["fesr"]) == (2, 1, 0)


def test_anonymous_sees_published_calls_only(portal, section, calls):
    logout()
    html = _view(section, "funding-catalogue", state="all")()
    assert "HORIZON-A" in html
    assert "HORIZON-DRAFT" not in html


def test_the_ical_feed_parses_and_has_the_deadlines(section, calls):
    feed = _view(section, "funding-calendar.ics", programme="life")()
    calendar = icalendar.Calendar.from_ical(feed)
    events = sorted((e.decoded("dtstart"), str(e["summary"])) for e in calendar.walk("VEVENT"))
    assert events == [
        (D(2024, 5, 20), "Scadenza bando: Bando LIFE-B"),
        (D(2024, 6, 30), "Scadenza bando: Bando LIFE-B"),
        (D(2024, 9, 1), "Scadenza bando: Bando LIFE-C"),
    ]
    # Filter by Province: Bologna's call is not in Cuneo's calendar.
    feed = _view(section, "funding-calendar.ics", province="004")()
    summaries = {str(e["summary"]) for e in icalendar.Calendar.from_ical(feed).walk("VEVENT")}
    assert "Scadenza bando: Bando FESR-E" not in summaries
    assert "Scadenza bando: Bando HORIZON-A" in summaries


def test_the_calendar_page_lists_the_months(section, calls):
    view = _view(section, "funding-calendar", beneficiary="province")
    assert [m["key"] for m in view.months()] == ["2024-05", "2024-06"]
    assert "@@funding-calendar.ics?beneficiary=province" in view.ical_url()
    assert "Bando LIFE-B" in view()


def test_catalogue_pages_of_25(section, make_call, fixed_today):
    for number in range(30):
        call = make_call(
            f"FESR-{number:02d}", D(2024, 1, 1), [D(2024, 5, 1) + datetime.timedelta(number)]
        )
        api.content.transition(obj=call, transition="pubblica")
    view = _view(section, "funding-catalogue")
    view.current = view.filters()
    first = view.results()
    assert first["total"] == 30
    assert [c["identifier"] for c in first["calls"]] == [f"FESR-{n:02d}" for n in range(25)]
    assert "b_start=25" in first["next"] and first["previous"] is None
    view = _view(section, "funding-catalogue", b_start="25")
    view.current = view.filters()
    second = view.results()
    assert [c["identifier"] for c in second["calls"]] == [f"FESR-{n:02d}" for n in range(25, 30)]
    assert second["next"] is None and "b_start=0" in second["previous"]
