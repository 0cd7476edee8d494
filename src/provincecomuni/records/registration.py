"""Registering a record: the next number of its register, per community and year.

``PG-2026-000123`` is the 123rd record registered in 2026 in the community's general
protocol (``PG``); a repertory has its own code (``DET`` for determinations...).
Numbers come from ``counters.RegistrationCounters`` (see there why they are gapless
and never duplicated).
"""

from datetime import datetime
from datetime import UTC
from provincecomuni import _
from provincecomuni.records import journal
from provincecomuni.records.counters import RegistrationCounters
from provincecomuni.records.record import community_of
from zoneinfo import ZoneInfo
from zope.annotation.interfaces import IAnnotations

import re


KEY = "provincecomuni.records.counters"
PROTOCOL_CODE = "PG"
REPERTORY_CODE = re.compile(r"^[A-Z][A-Z0-9]{1,9}$")
TIMEZONE = ZoneInfo("Europe/Rome")


class RegistrationError(ValueError):
    """A registration that cannot be done; ``field`` names the offending input."""

    def __init__(self, field, message):
        super().__init__(message)
        self.field = field
        self.message = message


def counters_of(community):
    annotations = IAnnotations(community)
    counters = annotations.get(KEY)
    if counters is None:
        counters = annotations[KEY] = RegistrationCounters()
    return counters


def format_number(register_code, year, number):
    return f"{register_code}-{year}-{number:06d}"


def register(obj, register="protocol", register_code=None, now=None):
    """Give ``obj`` the next number of its register; return the number as text."""
    from provincecomuni.records.archive import is_archived

    if getattr(obj, "registration_number", None):
        raise RegistrationError(
            "register",
            _(
                "error_already_registered",
                default="This record is already registered as ${number}.",
                mapping={"number": obj.registration_number},
            ),
        )
    if is_archived(obj):
        raise RegistrationError(
            "register",
            _("error_register_archived", default="An archived record cannot be registered."),
        )
    if register == "protocol":
        register_code = PROTOCOL_CODE
    elif register == "repertory":
        register_code = (register_code or "").strip().upper()
        if not REPERTORY_CODE.match(register_code) or register_code == PROTOCOL_CODE:
            raise RegistrationError(
                "register_code",
                _(
                    "error_register_code",
                    default="Register code: use 2-10 capital letters or digits starting "
                    "with a letter (for example DET); PG is the protocol.",
                ),
            )
    else:
        raise RegistrationError(
            "register",
            _("error_register_kind", default="Register: use protocol or repertory."),
        )
    community = community_of(obj)
    if community is None:
        raise RegistrationError(
            "register",
            _(
                "error_register_outside",
                default="Only records inside a community can be registered.",
            ),
        )
    now = (now or datetime.now(UTC)).astimezone(TIMEZONE)
    number = counters_of(community).next(register_code, now.year)
    text = format_number(register_code, now.year, number)
    obj.register_kind = register
    obj.register_code = register_code
    obj.registration_number = text
    # Stored in UTC: ZoneInfo objects do not pickle into the ZODB.
    obj.registration_date = now.astimezone(UTC)
    obj.reindexObject(idxs=["registration_number"])
    journal.record_event(obj, "registration", text)
    return text
