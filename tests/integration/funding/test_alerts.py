"""Alerts: subscriptions and digests with a fixed clock and captured mail."""

from DateTime import DateTime
from datetime import datetime
from plone import api
from Products.CMFPlone.tests.utils import MockMailHost
from Products.MailHost.interfaces import IMailHost
from provincecomuni.funding import alerts
from provincecomuni.funding.dates import TIMEZONE

import datetime as dt
import email
import pytest


D = dt.date
# Thursday 18 April 2024, 07:00 in Rome: the daily digest covers 17 April, the weekly
# one the week of 8-14 April (2024-W15).
NOW = datetime(2024, 4, 18, 7, 0, tzinfo=TIMEZONE)


@pytest.fixture
def mailhost(portal):
    mailhost = MockMailHost("MailHost")
    portal.MailHost = mailhost
    sm = portal.getSiteManager()
    sm.unregisterUtility(provided=IMailHost)
    sm.registerUtility(mailhost, provided=IMailHost)
    api.portal.set_registry_record("plone.email_from_address", "sape@example.org")
    return mailhost


@pytest.fixture
def calls(make_call):
    def published(identifier, when, *args, **kwargs):
        call = make_call(identifier, *args, **kwargs)
        call.setEffectiveDate(DateTime(when.isoformat()))
        api.content.transition(obj=call, transition="pubblica")
        return call

    published(  # new yesterday, LIFE, for Comuni
        "LIFE-NEW",
        datetime(2024, 4, 17, 10, 0, tzinfo=TIMEZONE),
        D(2024, 4, 17),
        [D(2024, 9, 30)],
        programme="life",
        beneficiaries=["comuni"],
    )
    published(  # published last week, closes in 10 days
        "LIFE-CLOSING",
        datetime(2024, 4, 10, 9, 0, tzinfo=TIMEZONE),
        D(2024, 3, 1),
        [D(2024, 4, 28)],
        programme="life",
        beneficiaries=["comuni"],
        subject=("energia",),
    )
    published(  # another programme
        "HORIZON-NEW",
        datetime(2024, 4, 17, 11, 0, tzinfo=TIMEZONE),
        D(2024, 4, 17),
        [D(2024, 5, 2)],
        beneficiaries=["comuni"],
    )
    published(  # closed: never in a digest
        "LIFE-OLD",
        datetime(2024, 1, 10, 9, 0, tzinfo=TIMEZONE),
        D(2024, 1, 1),
        [D(2024, 2, 1)],
        programme="life",
    )


@pytest.fixture
def user(portal):
    api.user.create(email="sindaco@example.org", username="sindaco")
    return api.user.get(username="sindaco").getId()


def _messages(mailhost):
    return [email.message_from_bytes(m) for m in mailhost.messages]


def test_periods():
    assert alerts.period("daily", D(2024, 4, 18)) == ("2024-04-17", D(2024, 4, 17), D(2024, 4, 17))
    assert alerts.period("weekly", D(2024, 4, 18)) == ("2024-W15", D(2024, 4, 8), D(2024, 4, 14))
    assert alerts.period("weekly", D(2024, 4, 15))[0] == "2024-W15"


def test_daily_digest_lists_new_and_closing_calls_once(portal, calls, user, mailhost):
    alerts.set_subscription(portal, user, ["life"], ["comuni"], [], "daily")
    assert alerts.send_digests(portal, NOW) == [(user, "2024-04-17")]
    messages = _messages(mailhost)
    assert len(messages) == 1
    message = messages[0]
    assert message["To"] == "sindaco@example.org"
    # Italian, the site's language.
    assert message["Subject"] == "Bandi di finanziamento: 2024-04-17"
    body = message.get_payload(decode=True).decode()
    assert body.startswith("Bandi di finanziamento per te (2024-04-17).")
    new_part, closing_part = body.split("In scadenza entro 14 giorni:")
    assert "Nuovi bandi:" in new_part
    assert "LIFE-NEW" in new_part and "LIFE-CLOSING" not in new_part
    assert "LIFE-CLOSING" in closing_part
    assert "HORIZON-NEW" not in body and "LIFE-OLD" not in body
    # The same day again, or later that day: nothing is sent twice.
    assert alerts.send_digests(portal, NOW) == []
    assert alerts.send_digests(portal, NOW.replace(hour=23)) == []
    assert len(mailhost.messages) == 1
    # The next day covers the next period.
    alerts.send_digests(portal, NOW + dt.timedelta(days=1))
    assert len(mailhost.messages) == 2


def test_weekly_digest_and_keywords(portal, calls, user, mailhost):
    alerts.set_subscription(portal, user, [], [], ["energia"], "weekly")
    assert alerts.send_digests(portal, NOW) == [(user, "2024-W15")]
    body = _messages(mailhost)[0].get_payload(decode=True).decode()
    assert "LIFE-CLOSING" in body
    assert "LIFE-NEW" not in body and "HORIZON-NEW" not in body
    assert alerts.send_digests(portal, NOW + dt.timedelta(days=3)) == []


def test_no_matching_call_no_mail(portal, calls, user, mailhost):
    alerts.set_subscription(portal, user, ["cerv"], [], [], "daily")
    assert alerts.send_digests(portal, NOW) == []
    assert mailhost.messages == []


def test_an_invalid_frequency_is_refused(portal, user):
    with pytest.raises(ValueError, match="frequency"):
        alerts.set_subscription(portal, user, [], [], [], "hourly")


def test_a_logged_in_user_subscribes_through_the_page(portal, section, user):
    from plone.protect.authenticator import createToken

    with api.env.adopt_user(username="sindaco"):
        request = section.REQUEST
        request.method = "POST"
        request.form.clear()
        request.form.update(
            {
                "programmes": ["life", "nonexistent"],
                "beneficiaries": "comuni",
                "keywords": "energia, scuole",
                "frequency": "daily",
                "save": "1",
                "_authenticator": createToken(),
            }
        )
        html = api.content.get_view("funding-alerts", section, request)()
        assert "pc-alerts-saved" in html
    assert alerts.get_subscription(portal, user) == {
        "programmes": ["life"],
        "beneficiaries": ["comuni"],
        "keywords": ["energia", "scuole"],
        "frequency": "daily",
    }
