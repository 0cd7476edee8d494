"""The daily reminder to each RUP: their dossiers' key dates and the requirement
checks that stop being valid in the next days. Run by cron (scripts/sua_reminders.py).

One Italian email per RUP (``dossier.rup`` is a user id), only when something is
due. The dossiers come from the catalog (``tender_deadlines`` and
``tender_checks_expiry`` indexes, ``tender_rup`` metadata); only the few dossiers
with a check expiring are woken up, and their current checks are read with
``checks.expiring_checks`` (a renewed check replaces the old one).
"""

from datetime import date
from datetime import datetime
from datetime import timedelta
from plone import api
from provincecomuni import _
from provincecomuni.membership.notifications import make_email
from provincecomuni.procurement import checks
from provincecomuni.procurement.dashboard.deadlines import FINISHED_STATES
from provincecomuni.procurement.dashboard.deadlines import key_date_items
from zope.i18n import translate

import logging


logger = logging.getLogger("provincecomuni.procurement")

DAYS = 7
LANGUAGE = "it"


def window(today, days=DAYS):
    """Today and the following ``days - 1`` days: the next 7 days, today included."""
    return today, today + timedelta(days=days - 1)


def _day(value):
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return None


def expiring_checks(portal, start, end):
    """``[{rup, title, url, tax_code, document, valid_until}]`` of the current checks
    valid until a day in [start, end]."""
    catalog = api.portal.get_tool("portal_catalog")
    # The earliest current expiry of a dossier is on or before ``end`` whenever one
    # of its checks ends in the window: a superset, narrowed below.
    brains = catalog.unrestrictedSearchResults(
        portal_type="TenderDossier",
        tender_checks_expiry={"query": end, "range": "max"},
        review_state={"not": FINISHED_STATES},
    )
    items = []
    for brain in brains:
        if not brain.tender_rup:
            continue
        dossier = brain._unrestrictedGetObject()
        for check in checks.expiring_checks(dossier, today=start, days=(end - start).days):
            if check["valid_until"] < start:
                continue
            items.append(
                {
                    "rup": brain.tender_rup,
                    "title": brain.Title,
                    "url": brain.getURL(),
                    "tax_code": check["tax_code"] or "",
                    "document": check["document_title"] or check["document_type"] or "",
                    "valid_until": check["valid_until"],
                }
            )
    items.sort(key=lambda item: (item["valid_until"], item["title"], item["document"]))
    return items


def due_by_rup(portal, today, days=DAYS):
    """``{rup: {"deadlines": [...], "checks": [...]}}`` of what is due in the window."""
    start, end = window(today, days)
    due = {}
    for item in key_date_items(portal, start, end, language=LANGUAGE, unrestricted=True):
        if item["rup"]:
            due.setdefault(item["rup"], {"deadlines": [], "checks": []})["deadlines"].append(item)
    for item in expiring_checks(portal, start, end):
        due.setdefault(item["rup"], {"deadlines": [], "checks": []})["checks"].append(item)
    return due


def _when(item):
    when = item["when"]
    if isinstance(when, datetime):
        return when.strftime("%d/%m/%Y %H:%M")
    return when.strftime("%d/%m/%Y")


def _t(message):
    return translate(message, target_language=LANGUAGE)


def render(portal, fullname, items, start, end):
    """The text of one RUP's reminder."""
    period = {"start": start.strftime("%d/%m/%Y"), "end": end.strftime("%d/%m/%Y")}
    lines = [
        _t(
            _(
                "reminder_greeting",
                default="Dear ${name},",
                mapping={"name": fullname},
            )
        ),
        "",
        _t(
            _(
                "reminder_intro",
                default="this is what is due from ${start} to ${end} in the tenders of "
                "which you are the RUP.",
                mapping=period,
            )
        ),
        "",
    ]
    if items["deadlines"]:
        lines.append(_t(_("reminder_deadlines", default="Key dates of the tenders:")))
        for item in items["deadlines"]:
            lines.append(f"- {_when(item)} {item['kind']}: {item['title']}")
            lines.append(f"  {item['url']}")
        lines.append("")
    if items["checks"]:
        lines.append(_t(_("reminder_checks", default="Requirement checks that stop being valid:")))
        for item in items["checks"]:
            lines.append(
                "- "
                + _t(
                    _(
                        "reminder_check_line",
                        default="${day} ${document} of ${tax_code}: ${title}",
                        mapping={
                            "day": item["valid_until"].strftime("%d/%m/%Y"),
                            "document": item["document"],
                            "tax_code": item["tax_code"],
                            "title": item["title"],
                        },
                    )
                )
            )
            lines.append(f"  {item['url']}")
        lines.append("")
    lines.append(
        _t(
            _(
                "reminder_footer",
                default="You receive this reminder because you are the RUP of these tenders.",
            )
        )
    )
    return "\n".join(lines)


def refresh_next_deadlines(portal, today):
    """Reindex ``tender_next_deadline`` of the dossiers whose next key date has passed.

    That value depends on the calendar, not only on the dossier: run daily, this
    keeps the listing's "next deadline" column and sort right. Returns how many.
    """
    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog.unrestrictedSearchResults(
        portal_type="TenderDossier",
        tender_next_deadline={"query": (today - timedelta(days=1)).isoformat(), "range": "max"},
    )
    count = 0
    for brain in brains:
        brain._unrestrictedGetObject().reindexObject(idxs=["tender_next_deadline"])
        count += 1
    return count


def send_reminders(portal, today=None, days=DAYS):
    """Send each RUP their reminder for the window starting ``today``; returns
    ``[(rup, number of deadlines, number of checks)]`` of the emails queued."""
    today = today or date.today()
    start, end = window(today, days)
    mailhost = api.portal.get_tool("MailHost")
    sent = []
    for rup, items in sorted(due_by_rup(portal, today, days).items()):
        user = api.user.get(userid=rup)
        email = user and user.getProperty("email")
        if not email:
            logger.warning("SUA reminder: the RUP %s has no email address", rup)
            continue
        fullname = user.getProperty("fullname") or rup
        subject = _t(
            _(
                "reminder_subject",
                default="Tender deadlines from ${start} to ${end}",
                mapping={"start": start.strftime("%d/%m/%Y"), "end": end.strftime("%d/%m/%Y")},
            )
        )
        body = render(portal, fullname, items, start, end)
        mailhost.send(make_email(subject, (fullname, email), body), immediate=False)
        sent.append((rup, len(items["deadlines"]), len(items["checks"])))
    logger.info("SUA reminders queued: %d", len(sent))
    return sent
