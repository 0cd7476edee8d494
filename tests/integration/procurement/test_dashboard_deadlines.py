"""SUA dashboard: dossier key dates on the community dashboard and in the iCal feed,
the RUPs' daily reminder (fixed clock, captured mail), the upgrade step."""

from dashboard_helpers import make_dossier
from dashboard_helpers import request_it_fixture  # noqa: F401 - the request_it fixture
from dashboard_helpers import set_state
from datetime import date
from datetime import datetime
from datetime import timedelta
from decimal import Decimal
from plone import api
from plone.app.testing import logout
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from Products.CMFCore.indexing import processQueue
from Products.CMFPlone.tests.utils import MockMailHost
from Products.MailHost.interfaces import IMailHost
from provincecomuni.interfaces import IUpcomingDeadlines
from provincecomuni.procurement.dashboard import reminders
from zope.component import subscribers

import email
import icalendar
import pytest
import zoneinfo


# A fixed clock: Thursday 10 June 2027.
TODAY = date(2027, 6, 10)


def at(day, hour):
    return datetime(day.year, day.month, day.day, hour, 0)


@pytest.fixture
def cuneo(manager_portal):
    return manager_portal["province"]["cuneo"]


@pytest.fixture
def mailhost(portal):
    mailhost = MockMailHost("MailHost")
    portal.MailHost = mailhost
    sm = portal.getSiteManager()
    sm.unregisterUtility(provided=IMailHost)
    sm.registerUtility(mailhost, provided=IMailHost)
    api.portal.set_registry_record("plone.email_from_address", "sua@example.org")
    return mailhost


@pytest.fixture
def rups(portal):
    for userid, name in (("rup-anna", "Anna Rossi"), ("rup-bruno", "Bruno Bianchi")):
        api.user.create(
            email=f"{userid}@example.org",
            username=userid,
            password="secret-password-123",  # noqa: S106
            properties={"fullname": name},
        )
    api.user.create(email="c@example.org", username="rup-carla", password="secret-password-123")  # noqa: S106


@pytest.fixture
def dossiers(cuneo, rups):
    strade = make_dossier(
        cuneo,
        "Manutenzione strade",
        rup="rup-anna",
        publication_date=TODAY - timedelta(days=20),
        offer_deadline=at(TODAY + timedelta(days=2), 12),
        opening_session=at(TODAY + timedelta(days=9), 10),
        state="pubblicato",
    )
    strade.requirement_checks = [
        {
            "tax_code": "01234567890",
            "document_type": "1",
            "issuer": None,
            "requested": TODAY - timedelta(days=60),
            "outcome": "positivo",
            "valid_until": TODAY + timedelta(days=5),
            "evidence": None,
        },
        {
            "tax_code": "01234567890",
            "document_type": "2",
            "issuer": None,
            "requested": TODAY - timedelta(days=60),
            "outcome": "positivo",
            "valid_until": TODAY + timedelta(days=40),
            "evidence": None,
        },
    ]
    strade.reindexObject()
    scuola = make_dossier(
        cuneo,
        "Ristrutturazione scuola",
        rup="rup-bruno",
        contract_date=TODAY + timedelta(days=30),
        state="aggiudicato",
    )
    annullata = make_dossier(
        cuneo,
        "Gara annullata",
        rup="rup-bruno",
        offer_deadline=at(TODAY + timedelta(days=1), 12),
        state="annullato",
    )
    processQueue()
    return {"strade": strade, "scuola": scuola, "annullata": annullata}


def test_key_dates_show_on_the_community_dashboard(cuneo, dossiers):
    items = [
        item
        for provider in subscribers((cuneo,), IUpcomingDeadlines)
        for item in provider(TODAY, TODAY + timedelta(days=60))
        if item["url"].startswith(cuneo.absolute_url() + "/")
    ]
    found = sorted((item["date"], item["title"], str(item["kind"])) for item in items)
    assert [(d, t) for d, t, _k in found] == [
        (TODAY + timedelta(days=2), "Manutenzione strade"),
        (TODAY + timedelta(days=9), "Manutenzione strade"),
        (TODAY + timedelta(days=30), "Ristrutturazione scuola"),
    ]
    # The annulled tender has no deadline left.
    assert "Gara annullata" not in [t for _d, t, _k in found]


def test_dashboard_deadlines_follow_permissions(cuneo, dossiers):
    logout()
    items = [
        item
        for provider in subscribers((cuneo,), IUpcomingDeadlines)
        for item in provider(TODAY, TODAY + timedelta(days=60))
    ]
    assert [i for i in items if "Manutenzione" in i["title"]] == []


def _ics(cuneo, request):
    view = api.content.get_view("gare.ics", cuneo, request)
    body = view()
    return icalendar.Calendar.from_ical(body), body


def test_ical_feed_has_the_key_dates(cuneo, dossiers, request_it, monkeypatch):
    monkeypatch.setattr(
        "provincecomuni.procurement.dashboard.views.date",
        type("FixedDate", (date,), {"today": classmethod(lambda cls: TODAY)}),
    )
    calendar, view_body = _ics(cuneo, request_it)
    assert request_it.response.getHeader("Content-Type") == "text/calendar; charset=utf-8"
    events = {str(event["summary"]): event.decoded("dtstart") for event in calendar.walk("VEVENT")}
    rome = zoneinfo.ZoneInfo("Europe/Rome")
    offer = at(TODAY + timedelta(days=2), 12).replace(tzinfo=rome)
    assert events["Scadenza offerte: Manutenzione strade"] == offer
    assert events["Seduta di apertura: Manutenzione strade"] == at(
        TODAY + timedelta(days=9), 10
    ).replace(tzinfo=rome)
    assert b"TZID=Europe/Rome" in view_body
    assert events["Pubblicazione della gara: Manutenzione strade"] == TODAY - timedelta(days=20)
    assert events["Stipula del contratto: Ristrutturazione scuola"] == TODAY + timedelta(days=30)
    assert not [summary for summary in events if "annullata" in summary]
    urls = {str(event["url"]) for event in calendar.walk("VEVENT")}
    assert dossiers["strade"].absolute_url() in urls


def test_ical_feed_shows_only_what_the_caller_may_see(cuneo, dossiers, request_it):
    logout()
    calendar, _body = _ics(cuneo, request_it)
    assert calendar.walk("VEVENT") == []


def _messages(mailhost):
    return [email.message_from_bytes(m) for m in mailhost.messages]


def _body(message):
    return message.get_payload(decode=True).decode("utf-8")


def test_reminder_sends_each_rup_their_deadlines_and_expiring_checks(portal, dossiers, mailhost):
    sent = reminders.send_reminders(portal, today=TODAY)
    # Anna: offer deadline in 2 days and a check valid until day 5; the opening
    # session (day 9) and the check valid until day 40 are beyond the 7 days.
    # Bruno: his contract is in 30 days, his annulled tender does not count.
    assert sent == [("rup-anna", 1, 1)]
    (message,) = _messages(mailhost)
    assert message["To"] == "Anna Rossi <rup-anna@example.org>"
    assert "Scadenze delle gare dal 10/06/2027 al 16/06/2027" in str(
        email.header.make_header(email.header.decode_header(message["Subject"]))
    )
    body = _body(message)
    assert "Gentile Anna Rossi," in body
    assert "12/06/2027 12:00 Scadenza offerte: Manutenzione strade" in body
    assert "Seduta di apertura" not in body
    assert "15/06/2027" in body and "01234567890" in body
    assert dossiers["strade"].absolute_url() in body


def test_reminder_sends_nothing_when_nothing_is_due(portal, dossiers, mailhost):
    later = TODAY + timedelta(days=100)
    assert reminders.send_reminders(portal, today=later) == []
    assert mailhost.messages == []


def test_reminder_a_week_later_reaches_the_other_rup(portal, dossiers, mailhost):
    sent = reminders.send_reminders(portal, today=TODAY + timedelta(days=25))
    assert sent == [("rup-bruno", 1, 0)]
    (message,) = _messages(mailhost)
    assert message["To"] == "Bruno Bianchi <rup-bruno@example.org>"
    assert "Stipula del contratto: Ristrutturazione scuola" in _body(message)


def test_next_deadline_is_refreshed_when_it_has_passed(portal, cuneo, rups):
    dossier = make_dossier(
        cuneo,
        "Gara vecchia",
        publication_date=date.today() - timedelta(days=3),
        offer_deadline=at(date.today() + timedelta(days=1), 12),
    )
    catalog = api.portal.get_tool("portal_catalog")
    # As if indexed in the past, when the publication was still ahead.
    catalog.catalog_object(dossier, idxs=["tender_next_deadline"], update_metadata=1)
    rid = catalog.getrid("/".join(dossier.getPhysicalPath()))
    index = catalog._catalog.getIndex("tender_next_deadline")
    stale = (date.today() - timedelta(days=3)).isoformat()
    index.unindex_object(rid)
    index.insertForwardIndexEntry(stale, rid)
    index._unindex[rid] = stale
    assert len(catalog(tender_next_deadline=stale)) == 1
    assert reminders.refresh_next_deadlines(portal, date.today()) == 1
    (brain,) = catalog(portal_type="TenderDossier", Title="Gara vecchia")
    assert brain.tender_next_deadline == (date.today() + timedelta(days=1)).isoformat()
    assert len(catalog(tender_next_deadline=stale)) == 0


def test_upgrade_adds_and_fills_the_indexes_without_touching_others(portal, cuneo):
    setRoles(portal, TEST_USER_ID, ["Manager"])
    dossier = make_dossier(cuneo, "Gara esistente", total_amount=Decimal("123456.78"))
    set_state(dossier, "pubblicato")
    processQueue()
    catalog = portal.portal_catalog
    for name in ("tender_amount", "tender_cpv", "tender_comune"):
        catalog.delIndex(name)
    catalog.delColumn("tender_amount")
    before = len(catalog(portal_type="TenderDossier", review_state="pubblicato"))
    portal.portal_actions.object.manage_delObjects(["gare"])
    setup = portal.portal_setup
    setup.setLastVersionForProfile("provincecomuni:default", "1001")

    setup.upgradeProfile("provincecomuni:default")

    assert setup.getLastVersionForProfile("provincecomuni:default") == ("1002",)
    assert catalog._catalog.getIndex("tender_amount").meta_type == "FieldIndex"
    assert catalog._catalog.getIndex("tender_cpv").meta_type == "KeywordIndex"
    found = catalog(tender_amount={"query": 123456.78, "range": "min"}, tender_cpv="45")
    assert [brain.Title for brain in found] == ["Gara esistente"]
    assert found[0].tender_amount == 123456.78
    assert len(catalog(portal_type="TenderDossier", review_state="pubblicato")) == before
    assert "gare" in portal.portal_actions.object.objectIds()
