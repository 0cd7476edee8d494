"""A Province's digital agenda: objectives tied to indicators, progress computed."""

from datetime import date
from lxml import html
from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from provincecomuni.interfaces import IProvinceComuniLayer
from provincecomuni.interfaces import IUpcomingDeadlines
from provincecomuni.sit.agenda import agenda_progress
from provincecomuni.sit.agenda import IAgendaObjective
from provincecomuni.sit.agenda import period_end
from provincecomuni.sit.measurements import import_csv
from provincecomuni.sit.setup import indicator_specs
from provincecomuni.sit.store import MeasurementStore
from provincecomuni.sit.store import set_store
from zope.component import subscribers
from zope.interface import alsoProvides
from zope.interface import Invalid

import pytest


DATA = (
    "indicator,territory,period,value\n"
    # Cuneo: SPID mean of Alba and Cuneo: 2023 = 40, 2025 = 70.
    "SPID_CIE_SERVICES,004003,2023,30\nSPID_CIE_SERVICES,004078,2023,50\n"
    "SPID_CIE_SERVICES,004003,2025,60\nSPID_CIE_SERVICES,004078,2025,80\n"
    # SUA e-procurement, measured for the Province: 2024 = 100.
    "SUA_EPROCUREMENT,004,2024,100\n"
    # Payment days (lower is better): 2023 = 60, 2025 = 45.
    "PAYMENT_DAYS,004,2023,60\nPAYMENT_DAYS,004,2025,45\n"
)


@pytest.fixture
def agenda(portal):
    setRoles(portal, TEST_USER_ID, ["Manager"])
    store = MeasurementStore()
    assert import_csv(store, indicator_specs(portal), DATA).errors == []
    set_store(portal, store)
    agenda = api.content.create(
        container=portal["agenda-digitale"],
        type="DigitalAgenda",
        id="agenda-cuneo",
        title="Agenda digitale della Provincia di Cuneo 2023-2026",
        province="004",
        first_year=2023,
        last_year=2026,
    )
    for ident, title, indicator, target, period, baseline in (
        ("spid", "Tutti i servizi con SPID e CIE", "SPID_CIE_SERVICES", 100.0, "2026", None),
        ("sua", "Gare solo su piattaforma", "SUA_EPROCUREMENT", 100.0, "2025", None),
        ("pagamenti", "Pagare in 30 giorni", "PAYMENT_DAYS", 30.0, "2024-Q4", "2023"),
        ("cloud", "Cloud", "CLOUD_MIGRATION", 100.0, "2026", None),
    ):
        api.content.create(
            container=agenda,
            type="AgendaObjective",
            id=ident,
            title=title,
            indicator=indicator,
            target_value=target,
            target_period=period,
            baseline_period=baseline,
            actions="Azioni previste.",
        )
    return agenda


def test_progress_is_computed_from_the_measurements(agenda):
    result = agenda_progress(agenda, today=date(2026, 1, 15))
    by_indicator = {o["indicator"]: o for o in result["objectives"]}
    spid = by_indicator["SPID_CIE_SERVICES"]
    # From 40 (2023) to 70 (2025) towards 100: half way.
    assert (spid["baseline_value"], spid["latest_value"], spid["progress"]) == (40.0, 70.0, 50.0)
    assert spid["status"] == "in_progress"
    assert by_indicator["SUA_EPROCUREMENT"]["status"] == "reached"
    days = by_indicator["PAYMENT_DAYS"]
    # Lower is better: from 60 to 45 towards 30 is half way, and 2024-Q4 is past.
    assert (days["progress"], days["status"]) == (50.0, "missed")
    assert by_indicator["CLOUD_MIGRATION"]["status"] == "no_data"
    # The agenda: mean of the three objectives with data.
    assert result["progress"] == pytest.approx((50 + 100 + 50) / 3, abs=0.1)


def test_agenda_page_shows_the_objectives(agenda):
    request = agenda.REQUEST
    alsoProvides(request, IProvinceComuniLayer)
    page = html.fromstring(agenda.restrictedTraverse("@@view")())
    statuses = [tr.get("data-status") for tr in page.cssselect(".pc-objectives-table tbody tr")]
    assert sorted(statuses) == ["in_progress", "missed", "no_data", "reached"]
    assert page.cssselect(".pc-agenda-progress")[0].text.strip() == "66,7 %"


def test_target_out_of_the_unit_range_is_refused(portal):
    data = type("Data", (), {"indicator": "SPID_CIE_SERVICES", "target_value": 140.0})()
    with pytest.raises(Invalid) as error:
        IAgendaObjective.getTaggedValue("invariants")[0](data)
    assert "target_value" in str(error.value)


def test_objectives_are_deadlines_of_the_province_community(agenda, portal):
    community = portal["province"]["cuneo"]
    deadlines = [
        item
        for adapter in subscribers((community,), IUpcomingDeadlines)
        for item in adapter(date(2024, 1, 1), date(2025, 12, 31))
    ]
    assert [(d["date"], d["title"]) for d in deadlines] == [
        (date(2024, 12, 31), "Pagare in 30 giorni"),
        (date(2025, 12, 31), "Gare solo su piattaforma"),
    ]
    other = portal["province"]["modena"]
    assert not [
        item
        for adapter in subscribers((other,), IUpcomingDeadlines)
        for item in adapter(date(2024, 1, 1), date(2026, 12, 31))
    ]


def test_period_end():
    assert period_end("2026") == date(2026, 12, 31)
    assert period_end("2026-Q1") == date(2026, 3, 31)
    assert period_end("2026-Q2") == date(2026, 6, 30)
    assert period_end("2026-Q4") == date(2026, 12, 31)
