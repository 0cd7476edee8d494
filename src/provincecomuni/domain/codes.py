"""Checks of the codes that identify Italian territories and bodies."""

from stdnum.exceptions import ValidationError
from stdnum.it import codicefiscale
from stdnum.it import iva

import re


ISTAT_PROVINCE_CODE = re.compile(r"^\d{3}$")
ISTAT_COMUNE_CODE = re.compile(r"^\d{6}$")
ISTAT_REGION_CODE = re.compile(r"^\d{2}$")
SIGLA = re.compile(r"^[A-Z]{2}$")
NUTS3 = re.compile(r"^IT[A-Z0-9]{3}$")


def is_fiscal_code(value: str) -> bool:
    """A codice fiscale: 16 characters for a person, 11 digits for a body.

    python-stdnum checks the control character of both forms (the 11-digit
    form is a partita IVA, checked with the Luhn-like algorithm).
    """
    try:
        codicefiscale.validate(value)
    except ValidationError:
        return False
    return True


def is_body_fiscal_code(value: str) -> bool:
    """The codice fiscale of a body (a Province, a Comune): 11 digits, check digit right."""
    try:
        iva.validate(value)
    except ValidationError:
        return False
    return True
