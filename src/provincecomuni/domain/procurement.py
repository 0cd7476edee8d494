"""Public procurement facts (d.lgs. 36/2023) and the checks of their codes.

Pure Python over the data in ``provincecomuni/data`` (ANAC code lists, CPV,
EU thresholds): forms, REST deserializers and importers all validate with these
functions, so a CIG is judged the same way everywhere.
"""

from datetime import date
from decimal import Decimal
from importlib import resources
from provincecomuni import _
from provincecomuni.domain.formatting import italian_amount

import csv
import dataclasses
import functools
import json
import re


# CIG ----------------------------------------------------------------------------

_SIMOG_V1 = re.compile(r"^(\d{7})([0-9A-F]{3})$")
_SIMOG_V2 = re.compile(r"^([A-U])([0-9A-F]{6})([0-9A-F]{3})$")
_SMART_CIG = re.compile(r"^([XYZ])([0-9A-F]{2})([0-9A-F]{7})$")


def cig_family(code: str) -> str | None:
    """``"simog-v1"``, ``"simog-v2"`` (also PCP), ``"smartcig"``, or None if the CIG is wrong.

    ANAC's published check codes: Simog v1 ``ANNNNNNKKK`` with
    KKK = hex(ANNNNNN * 211 mod 4091); Simog v2/PCP ``ANNNNNNKKK`` (A in A-U, N hex)
    with KKK = hex((NNNNNN + ord(A) - 64) * 211 mod 4091); SmartCIG ``AKKCCCCCCC``
    (A in X/Y/Z) with KK = hex(CCCCCCC * 211 mod 251).
    """
    code = (code or "").strip().upper()
    if match := _SIMOG_V1.match(code):
        number, check = match.groups()
        if int(number) and f"{int(number) * 211 % 4091:03X}" == check:
            return "simog-v1"
        return None
    if match := _SIMOG_V2.match(code):
        letter, number, check = match.groups()
        if f"{(int(number, 16) + ord(letter) - 64) * 211 % 4091:03X}" == check:
            return "simog-v2"
        return None
    if match := _SMART_CIG.match(code):
        _letter, check, number = match.groups()
        if int(number, 16) and f"{int(number, 16) * 211 % 251:02X}" == check:
            return "smartcig"
    return None


def is_cig(code: str) -> bool:
    return cig_family(code) is not None


# CUP ----------------------------------------------------------------------------

_CUP = re.compile(r"^[A-Z0-9]{15}$")


def is_cup(code: str) -> bool:
    """A CUP (codice unico di progetto): 15 letters and digits."""
    return bool(_CUP.match((code or "").strip().upper()))


# CPV ----------------------------------------------------------------------------

_CPV = re.compile(r"^(\d{8})(?:-\d)?$")


@dataclasses.dataclass(frozen=True)
class Cpv:
    code: str
    label_it: str
    label_en: str


@functools.cache
def cpv_codes() -> dict[str, Cpv]:
    text = resources.files("provincecomuni.data").joinpath("anac/cpv.csv").read_text("utf-8")
    return {row["code"]: Cpv(**row) for row in csv.DictReader(text.splitlines())}


def normalize_cpv(value: str) -> str | None:
    """The 8 digits of a CPV code that exists, accepting a written check digit (``45000000-7``)."""
    match = _CPV.match((value or "").strip())
    if not match or match.group(1) not in cpv_codes():
        return None
    return match.group(1)


def search_cpv(text: str, limit: int = 20) -> list[Cpv]:
    """CPV codes whose code starts with ``text`` or whose labels contain all its words."""
    text = (text or "").strip().lower()
    if not text:
        return []
    digits = text.split("-")[0]
    if digits.isdigit():
        found = [cpv for code, cpv in cpv_codes().items() if code.startswith(digits)]
    else:
        words = text.split()
        found = [
            cpv
            for cpv in cpv_codes().values()
            if all(w in cpv.label_it.lower() or w in cpv.label_en.lower() for w in words)
        ]
    return found[:limit]


# ANAC code lists -------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Code:
    code: str
    label_it: str
    label_en: str


@functools.cache
def anac_codes(name: str) -> tuple[Code, ...]:
    """An ANAC code list (``sceltaContraente``, ``statoLotto``...), current codes only."""
    path = resources.files("provincecomuni.data").joinpath(f"anac/{name}.json")
    today = date.today().isoformat()
    return tuple(
        Code(str(item["codice"]), item["descrizione"]["it"], item["descrizione"].get("en", ""))
        for item in json.loads(path.read_text("utf-8"))
        if not item.get("dataFine") or item["dataFine"][:10] >= today
    )


# EU thresholds and the procedure that fits an amount --------------------------------

WORKS = "lavori"
SERVICES = "servizi"
SUPPLIES = "forniture"

# ANAC codes of sceltaContraente used by the rules below.
NEGOTIATED_WITHOUT_NOTICE, DIRECT_AWARD = "5", "10"

# Art. 50 d.lgs. 36/2023: below these, direct award is allowed.
DIRECT_AWARD_LIMIT = {
    WORKS: Decimal("150000"),
    SERVICES: Decimal("140000"),
    SUPPLIES: Decimal("140000"),
}


@dataclasses.dataclass(frozen=True)
class Threshold:
    valid_from: date
    valid_to: date
    category: str
    amount: Decimal
    source: str


@functools.cache
def eu_thresholds() -> tuple[Threshold, ...]:
    text = resources.files("provincecomuni.data").joinpath("soglie_ue.csv").read_text("utf-8")
    return tuple(
        Threshold(
            date.fromisoformat(row["valid_from"]),
            date.fromisoformat(row["valid_to"]),
            row["category"],
            Decimal(row["amount_eur"]),
            row["source"],
        )
        for row in csv.DictReader(text.splitlines())
    )


def eu_threshold(contract_object: str, on: date) -> Threshold | None:
    """The EU threshold that applies to a Comune's (sub-central) contract on a date."""
    category = "works" if contract_object == WORKS else "sub_central_services_supplies"
    for threshold in eu_thresholds():
        if threshold.category == category and threshold.valid_from <= on <= threshold.valid_to:
            return threshold
    return None


def procedure_warnings(procedure: str, contract_object: str, amount: Decimal, on: date):
    """Why a procedure may not fit the amount: translatable messages, empty when it fits.

    A warning is for the user to acknowledge, never a block: the law allows
    justified exceptions, and the rules below the threshold change often.
    """
    warnings = []
    threshold = eu_threshold(contract_object, on)
    if threshold is None:
        warnings.append(
            _(
                "warning_no_eu_threshold",
                default="No EU threshold is recorded for ${date}: check the amount by hand.",
                mapping={"date": on.strftime("%d/%m/%Y")},
            )
        )
    elif amount >= threshold.amount and procedure in (DIRECT_AWARD, NEGOTIATED_WITHOUT_NOTICE):
        warnings.append(
            _(
                "warning_above_eu_threshold",
                default="${amount} EUR is above the EU threshold of ${threshold} EUR: "
                "this procedure is not meant for it.",
                mapping={
                    "amount": italian_amount(amount),
                    "threshold": italian_amount(threshold.amount),
                },
            )
        )
    limit = DIRECT_AWARD_LIMIT.get(contract_object)
    if procedure == DIRECT_AWARD and limit is not None and amount >= limit:
        warnings.append(
            _(
                "warning_direct_award_above_limit",
                default="Direct award is allowed below ${limit} EUR for this contract object "
                "(art. 50 d.lgs. 36/2023); the amount is ${amount} EUR.",
                mapping={"limit": italian_amount(limit), "amount": italian_amount(amount)},
            )
        )
    return warnings
