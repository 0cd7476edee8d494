"""The legal checks of a proposed awardee, their state on a day, and what they block.

``REQUIRED_CHECKS`` lists the checks art. 94-100 d.lgs. 36/2023 ask of the
proposed awardee, each with the FVOE document types (ANAC ``tipoDocumento``)
that satisfy it (a DURC may be INPS's or Inarcassa's, antimafia a
comunicazione or the White List entry); SOA only for works.

The proposed awardee of a lot is the bidder marked ``awardee``; when it bids in
a group (``group_name``), every member of that group bidding on the lot is
checked too (each member must hold the general requirements).

Functions for the other SUA features:

- ``awardee_check_status(dossier, lot, today=None, days=None)``: per company and
  required check of the proposed awardee of a lot, its state (``MISSING``,
  ``NEGATIVE``, ``PENDING``, ``EXPIRED``, ``EXPIRING``, ``OK``);
- ``expiring_checks(dossier, today=None, days=None)``: the positive checks of the
  dossier that expired or expire within ``days`` (default: the registry setting
  ``provincecomuni.procurement.awards.expiring_days``, 30), for the dashboard and
  the reminders;
- ``AwardPrerequisites``: the transition ``aggiudica`` is blocked while a required
  check of a proposed awardee is missing, negative, pending or expired.
"""

from datetime import date
from plone.indexer import indexer
from plone.registry.interfaces import IRegistry
from provincecomuni import _
from provincecomuni.domain import procurement
from provincecomuni.procurement import lifecycle
from provincecomuni.procurement.awards import NEGATIVE as OUTCOME_NEGATIVE
from provincecomuni.procurement.awards import normalize_tax_code
from provincecomuni.procurement.awards import PENDING as OUTCOME_PENDING
from provincecomuni.procurement.awards import POSITIVE as OUTCOME_POSITIVE
from provincecomuni.procurement.content import ITenderDossier
from zope import schema
from zope.component import adapter
from zope.component import queryUtility
from zope.interface import implementer
from zope.interface import Interface

import dataclasses


DEFAULT_EXPIRING_DAYS = 30


class IAwardsSettings(Interface):
    """Settings of the requirement checks (Site setup > Configuration registry)."""

    expiring_days = schema.Int(
        title=_("label_expiring_days", default="Days before a check expires to flag it"),
        description=_(
            "help_expiring_days",
            default="A positive check whose validity ends within this many days is flagged "
            "as expiring on the dossier, the dashboard and the reminders.",
        ),
        min=0,
        default=DEFAULT_EXPIRING_DAYS,
        required=True,
    )


SETTINGS_PREFIX = "provincecomuni.procurement.awards"


def expiring_days():
    """The registry's ``provincecomuni.procurement.awards.expiring_days`` (30 if unset)."""
    registry = queryUtility(IRegistry)
    value = registry.get(f"{SETTINGS_PREFIX}.expiring_days") if registry is not None else None
    return DEFAULT_EXPIRING_DAYS if value is None else value


@dataclasses.dataclass(frozen=True)
class RequiredCheck:
    id: str
    title: object  # a translatable message
    document_types: tuple  # any of these tipoDocumento codes satisfies it
    works_only: bool = False


REQUIRED_CHECKS = (
    RequiredCheck(
        "casellario_giudiziale",
        _("required_check_casellario", default="Casellario giudiziale"),
        ("00004",),
    ),
    RequiredCheck(
        "sanzioni_amministrative",
        _(
            "required_check_sanzioni",
            default="Anagrafe delle sanzioni amministrative dipendenti da reato",
        ),
        ("00005",),
    ),
    RequiredCheck(
        "antimafia",
        _("required_check_antimafia", default="Antimafia (comunicazione o White List)"),
        ("00001", "00007"),
    ),
    RequiredCheck(
        "regolarita_fiscale",
        _("required_check_fiscale", default="Regolarità fiscale"),
        ("00021",),
    ),
    RequiredCheck(
        "carichi_pendenti",
        _("required_check_carichi", default="Carichi fiscali pendenti"),
        ("00042",),
    ),
    RequiredCheck(
        "durc",
        _("required_check_durc", default="DURC (regolarità contributiva)"),
        ("00008", "00024", "00038", "00039", "00040"),
    ),
    RequiredCheck(
        "disabili",
        _("required_check_disabili", default="Collocamento dei disabili (L. 68/99)"),
        ("00010",),
    ),
    RequiredCheck(
        "sicurezza_lavoro",
        _("required_check_sicurezza", default="Sanzioni sulla sicurezza del lavoro"),
        ("00009",),
    ),
    RequiredCheck(
        "casellario_anac",
        _("required_check_casellario_anac", default="Casellario informatico ANAC"),
        ("00033",),
    ),
    RequiredCheck(
        "visura_camerale",
        _("required_check_visura", default="Visura camerale (Registro delle imprese)"),
        ("00034",),
    ),
    RequiredCheck(
        "soa",
        _("required_check_soa", default="Attestazione SOA (lavori)"),
        ("00898",),
        works_only=True,
    ),
)

# States of a required check on a day.
MISSING = "missing"
NEGATIVE = "negative"
PENDING = "pending"
EXPIRED = "expired"
EXPIRING = "expiring"
OK = "ok"
BLOCKING = (MISSING, NEGATIVE, PENDING, EXPIRED)

STATE_TITLES = {
    MISSING: _("check_state_missing", default="Mancante"),
    NEGATIVE: _("check_state_negative", default="Esito negativo"),
    PENDING: _("check_state_pending", default="In attesa"),
    EXPIRED: _("check_state_expired", default="Scaduta"),
    EXPIRING: _("check_state_expiring", default="In scadenza"),
    OK: _("check_state_ok", default="Valida"),
}


def required_checks(dossier):
    works = getattr(dossier, "contract_object", None) == procurement.WORKS
    return [c for c in REQUIRED_CHECKS if works or not c.works_only]


def document_title(code):
    for item in procurement.anac_codes("tipoDocumento"):
        if item.code == code:
            return item.label_it
    return code


def _lot_key(lot):
    text = str(lot).strip()
    return str(int(text)) if text.isdigit() else text


def awardees(dossier, lot):
    """The companies to check for a lot: its proposed awardee and its group's members."""
    rows = [b for b in getattr(dossier, "bidders", None) or () if _lot_key(b["lot"]) == lot]
    awardee = next((b for b in rows if b.get("awardee")), None)
    if awardee is None:
        return []
    group = (awardee.get("group_name") or "").strip()
    members = [awardee]
    if group:
        members += [
            b
            for b in rows
            if b is not awardee and (b.get("group_name") or "").strip().lower() == group.lower()
        ]
    return members


def awarded_lots(dossier):
    """The lot numbers (text) that have a proposed awardee, in lot order."""
    lots = {_lot_key(b["lot"]) for b in getattr(dossier, "bidders", None) or () if b.get("awardee")}
    return sorted(lots, key=lambda lot: (len(lot), lot))


def _sort_key(row):
    return (row.get("requested") or date.min, row.get("valid_until") or date.max)


def check_state(rows, today, days):
    """The state of one required check from the company's rows of its document types.

    The latest row with an outcome decides (a later negative outcome beats an
    earlier positive one, a later positive one clears a negative one); a pending
    request after an expired positive one makes the check pending, not expired.
    Returns ``(state, row)``, ``row`` the deciding row or None.
    """
    if not rows:
        return MISSING, None
    rows = sorted(rows, key=_sort_key)
    decided = [r for r in rows if r.get("outcome") in (OUTCOME_POSITIVE, OUTCOME_NEGATIVE)]
    pending = [r for r in rows if r.get("outcome") == OUTCOME_PENDING]
    if not decided:
        return PENDING, pending[-1]
    latest = decided[-1]
    if latest["outcome"] == OUTCOME_NEGATIVE:
        return NEGATIVE, latest
    valid_until = latest.get("valid_until")
    if valid_until is not None and valid_until < today:
        renewal = [r for r in pending if _sort_key(r) > _sort_key(latest)]
        return (PENDING, renewal[-1]) if renewal else (EXPIRED, latest)
    if valid_until is not None and (valid_until - today).days <= days:
        return EXPIRING, latest
    return OK, latest


def awardee_check_status(dossier, lot, today=None, days=None):
    """Each required check of each company of the proposed awardee of ``lot``, with its state.

    A list of dicts: ``company``, ``tax_code``, ``check`` (the RequiredCheck),
    ``state`` (one of MISSING... OK), ``row`` (the deciding check row or None),
    ``valid_until``. Empty if the lot has no proposed awardee.
    """
    today = today or date.today()
    days = expiring_days() if days is None else days
    checks = getattr(dossier, "requirement_checks", None) or ()
    result = []
    for company in awardees(dossier, _lot_key(lot)):
        tax_code = normalize_tax_code(company["tax_code"])
        own = [c for c in checks if normalize_tax_code(c.get("tax_code")) == tax_code]
        for required in required_checks(dossier):
            rows = [c for c in own if c.get("document_type") in required.document_types]
            state, row = check_state(rows, today, days)
            result.append(
                {
                    "company": company["name"],
                    "tax_code": company["tax_code"],
                    "check": required,
                    "state": state,
                    "row": row,
                    "valid_until": row.get("valid_until") if row else None,
                }
            )
    return result


def expiring_checks(dossier, today=None, days=None):
    """The positive checks that expired or expire within ``days``, soonest first.

    For each company and document type only the positive check valid the
    longest counts (a renewed DURC replaces the old one). Each item:
    ``tax_code``, ``company`` (the bidder's name), ``document_type``,
    ``document_title``, ``valid_until``, ``days_left`` (negative once expired),
    ``state`` (EXPIRED or EXPIRING), ``awardee`` (True if the company is a
    proposed awardee, or in its group, on some lot), ``row``.
    """
    today = today or date.today()
    days = expiring_days() if days is None else days
    bidders = getattr(dossier, "bidders", None) or ()
    names = {}
    for bidder in bidders:
        names.setdefault(normalize_tax_code(bidder["tax_code"]), bidder["name"])
    awarded = {
        normalize_tax_code(member["tax_code"])
        for lot in awarded_lots(dossier)
        for member in awardees(dossier, lot)
    }
    best = {}
    for row in getattr(dossier, "requirement_checks", None) or ():
        if row.get("outcome") != OUTCOME_POSITIVE or row.get("valid_until") is None:
            continue
        key = (normalize_tax_code(row["tax_code"]), row["document_type"])
        if key not in best or row["valid_until"] > best[key]["valid_until"]:
            best[key] = row
    result = []
    for (tax_code, document_type), row in best.items():
        left = (row["valid_until"] - today).days
        if left > days:
            continue
        result.append(
            {
                "tax_code": row["tax_code"],
                "company": names.get(tax_code, row["tax_code"]),
                "document_type": document_type,
                "document_title": document_title(document_type),
                "valid_until": row["valid_until"],
                "days_left": left,
                "state": EXPIRED if left < 0 else EXPIRING,
                "awardee": tax_code in awarded,
                "row": row,
            }
        )
    return sorted(result, key=lambda item: (item["valid_until"], item["company"]))


# The prerequisite of "aggiudica" ------------------------------------------------------

_PROBLEMS = {
    MISSING: lambda m: _(
        "award_blocked_missing",
        default="${company} (${tax_code}): the check ${check} is missing.",
        mapping=m,
    ),
    NEGATIVE: lambda m: _(
        "award_blocked_negative",
        default="${company} (${tax_code}): the check ${check} has a negative outcome.",
        mapping=m,
    ),
    PENDING: lambda m: _(
        "award_blocked_pending",
        default="${company} (${tax_code}): the check ${check} is still pending.",
        mapping=m,
    ),
    EXPIRED: lambda m: _(
        "award_blocked_expired",
        default="${company} (${tax_code}): the check ${check} expired on ${date}.",
        mapping=m,
    ),
}


@implementer(lifecycle.ITransitionPrerequisites)
@adapter(ITenderDossier)
class AwardPrerequisites:
    """No award while a required check of a proposed awardee is not positive and valid."""

    def __init__(self, context):
        self.context = context

    def missing(self, transition_id):
        if transition_id != lifecycle.AGGIUDICA:
            return []
        lots = awarded_lots(self.context)
        if not lots:
            return [
                _(
                    "award_blocked_no_awardee",
                    default="No proposed awardee: mark the proposed awardee of each lot among "
                    "its bidders.",
                )
            ]
        messages, seen = [], set()
        for lot in lots:
            for item in awardee_check_status(self.context, lot):
                key = (normalize_tax_code(item["tax_code"]), item["check"].id)
                if item["state"] not in BLOCKING or key in seen:
                    continue
                seen.add(key)
                valid_until = item["valid_until"]
                messages.append(
                    _PROBLEMS[item["state"]](
                        {
                            "company": item["company"],
                            "tax_code": item["tax_code"],
                            "check": item["check"].title,
                            "date": valid_until.strftime("%d/%m/%Y") if valid_until else "",
                        }
                    )
                )
        return messages


# Catalog ------------------------------------------------------------------------------


def next_check_expiry(dossier):
    """The earliest end of validity among the dossier's current positive checks, or None.

    "Current" as in ``expiring_checks``: per company and document type, the
    positive check valid the longest. Indexed as ``tender_checks_expiry``, so the
    dashboard and the reminders find the dossiers with checks expiring by a day
    (``{"query": day, "range": "max"}``) without waking every dossier.
    """
    best = {}
    for row in getattr(dossier, "requirement_checks", None) or ():
        if row.get("outcome") != OUTCOME_POSITIVE or row.get("valid_until") is None:
            continue
        key = (normalize_tax_code(row.get("tax_code")), row.get("document_type"))
        if key not in best or row["valid_until"] > best[key]:
            best[key] = row["valid_until"]
    return min(best.values()) if best else None


@indexer(ITenderDossier)
def checks_expiry_indexer(obj):
    value = next_check_expiry(obj)
    if value is None:
        raise AttributeError("tender_checks_expiry")
    return value
