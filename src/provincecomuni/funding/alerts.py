"""Alerts: a user's subscription and the daily or weekly digest of matching calls.

Subscriptions and the log of digests sent live in BTrees in the site's annotations
(no file, no module state). A digest covers a closed period: the previous day
(daily) or the previous ISO week (weekly), in Europe/Rome. It lists the calls first
published in that period that match the subscription, and the open matching calls
that close within 14 days. Its sending is recorded, keyed by user and period, in the
same transaction that queues the mail (the MailHost sends at commit): a digest is
never sent twice for a period, and a failed run sends nothing it did not record.
"""

from BTrees.OOBTree import OOBTree
from DateTime import DateTime
from datetime import datetime
from datetime import time
from datetime import timedelta
from email.message import EmailMessage
from persistent.mapping import PersistentMapping
from plone import api
from provincecomuni import _
from provincecomuni.funding import dates
from provincecomuni.funding.vocabularies import programmes
from zope.annotation.interfaces import IAnnotations
from zope.i18n import translate

import logging
import transaction


logger = logging.getLogger("provincecomuni.funding")

KEY = "provincecomuni.funding.alerts"
CLOSING_DAYS = 14
FREQUENCIES = ("daily", "weekly")


def _storage(portal):
    annotations = IAnnotations(portal)
    storage = annotations.get(KEY)
    if storage is None:
        storage = annotations[KEY] = PersistentMapping()
        storage["subscriptions"] = OOBTree()
        storage["sent"] = OOBTree()
    return storage


def get_subscription(portal, userid):
    value = _storage(portal)["subscriptions"].get(userid)
    return dict(value) if value is not None else None


def set_subscription(
    portal, userid, programmes_=(), beneficiaries=(), keywords=(), frequency="weekly"
):
    if frequency not in FREQUENCIES:
        raise ValueError(f"frequency: {frequency!r} is not daily or weekly")
    _storage(portal)["subscriptions"][userid] = PersistentMapping(
        programmes=list(programmes_),
        beneficiaries=list(beneficiaries),
        keywords=[k.strip() for k in keywords if k.strip()],
        frequency=frequency,
    )


def remove_subscription(portal, userid):
    _storage(portal)["subscriptions"].pop(userid, None)


def period(frequency, today):
    """(key, first day, last day) of the last complete period before ``today``."""
    if frequency == "daily":
        day = today - timedelta(days=1)
        return day.isoformat(), day, day
    monday = today - timedelta(days=today.weekday() + 7)
    year, week, _weekday = monday.isocalendar()
    return f"{year}-W{week:02d}", monday, monday + timedelta(days=6)


def _rome_datetime(day, end=False):
    moment = datetime.combine(day + timedelta(days=1) if end else day, time(0, 0), dates.TIMEZONE)
    return DateTime(moment.isoformat())


def _matching_query(subscription):
    query = {"portal_type": "FundingCall", "review_state": "pubblicato"}
    if subscription.get("programmes"):
        query["funding_programme"] = list(subscription["programmes"])
    if subscription.get("beneficiaries"):
        query["funding_beneficiaries"] = list(subscription["beneficiaries"])
    if subscription.get("keywords"):
        words = [w.replace('"', "") for w in subscription["keywords"]]
        query["SearchableText"] = " OR ".join(f'"{w}"' for w in words)
    return query


def digest(portal, subscription, today):
    """The calls of a digest: (new, closing), lists of catalog brains."""
    key, first, last = period(subscription["frequency"], today)
    catalog = api.portal.get_tool("portal_catalog")
    base = _matching_query(subscription)
    new = catalog.unrestrictedSearchResults(
        effective={
            "query": (_rome_datetime(first), _rome_datetime(last, end=True) - 1 / 86400),
            "range": "min:max",
        },
        sort_on=dates.CLOSING_INDEX,
        **base,
    )
    closing_query = dict(base)
    closing_query.update(dates.state_query("open", today))
    closing_query[dates.CLOSING_INDEX] = {
        "query": (today.isoformat(), (today + timedelta(days=CLOSING_DAYS)).isoformat()),
        "range": "min:max",
    }
    closing = catalog.unrestrictedSearchResults(sort_on=dates.CLOSING_INDEX, **closing_query)
    return list(new), list(closing)


def _line(brain, names):
    closing = "" if brain.funding_closing == dates.NO_CLOSING else brain.funding_closing
    programme = names.get(brain.funding_programme, brain.funding_programme)
    return (
        f"- {brain.Title} ({brain.funding_identifier}, {programme}) {closing}\n  {brain.getURL()}"
    )


def render(portal, new, closing, key, language="it"):
    names = programmes()
    lines = [
        translate(
            _(
                "digest_intro",
                default="Funding calls for you (${period}).",
                mapping={"period": key},
            ),
            target_language=language,
        ),
        "",
    ]
    if new:
        lines.append(translate(_("digest_new", default="New calls:"), target_language=language))
        lines.extend(_line(b, names) for b in new)
        lines.append("")
    if closing:
        lines.append(
            translate(
                _("digest_closing", default="Closing within 14 days:"), target_language=language
            )
        )
        lines.extend(_line(b, names) for b in closing)
        lines.append("")
    lines.append(
        translate(
            _(
                "digest_unsubscribe",
                default="Change or cancel your alerts: ${url}",
                mapping={"url": f"{portal.absolute_url()}/bandi-europei/@@funding-alerts"},
            ),
            target_language=language,
        )
    )
    return "\n".join(lines)


def send_digests(portal, now=None, commit=False):
    """Send every digest due at ``now``; [(userid, period key)] of those sent."""
    today = dates.today(now)
    storage = _storage(portal)
    sent = []
    mailhost = api.portal.get_tool("MailHost")
    sender = api.portal.get_registry_record("plone.email_from_address", default=None)
    if not sender:
        raise ValueError("plone.email_from_address: the site has no sender address")
    for userid, subscription in list(storage["subscriptions"].items()):
        key, _first, _last = period(subscription["frequency"], today)
        if (userid, key) in storage["sent"]:
            continue
        user = api.user.get(userid=userid)
        email = user and user.getProperty("email")
        if not email:
            continue
        new, closing = digest(portal, subscription, today)
        if new or closing:
            message = EmailMessage()
            message.set_content(render(portal, new, closing, key))
            message["Subject"] = translate(
                _("digest_subject", default="Funding calls: ${period}", mapping={"period": key}),
                target_language="it",
            )
            message["From"] = sender
            message["To"] = email
            mailhost.send(message, mto=email, mfrom=sender, immediate=False)
        # Recorded even when empty: the period is done for this user.
        storage["sent"][(userid, key)] = DateTime().ISO8601()
        if new or closing:
            sent.append((userid, key))
        if commit:
            transaction.commit()
    logger.info("Funding digests sent: %d", len(sent))
    return sent


def set_first_publication(call, event):
    """The first publication of a call is its effective date: what "new" means."""
    if event.new_state is None or event.new_state.id != "pubblicato":
        return
    if call.effective_date is None:
        call.setEffectiveDate(DateTime())
        call.reindexObject(idxs=["effective", "effectiveRange"])
