"""The subjects of a record (author, sender, recipients...) and their identifiers.

A natural person is identified by a 16-character codice fiscale, a legal person by
an 11-digit codice fiscale or partita IVA, a public administration by its IPA code
(the format only: whether the code exists in the IPA index is not checked here).
"""

from provincecomuni import _
from provincecomuni.records.vocabularies import SUBJECT_KINDS
from provincecomuni.records.vocabularies import SUBJECT_ROLES
from provincecomuni.validation import FieldValueError
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.it import codicefiscale
from stdnum.it import iva

import re


ROLES = {key for key, _title in SUBJECT_ROLES}
KINDS = {key for key, _title in SUBJECT_KINDS}
IPA_CODE = re.compile(r"^[A-Za-z0-9_]{2,20}$")
KEYS = {"role", "kind", "code", "name", "email"}

JSON_SCHEMA = """{
  "type": "array",
  "items": {"type": "object"}
}"""


def normalise_subject(position, subject):
    """Check one subject; return it with its code in canonical form."""
    if not isinstance(subject, dict):
        raise FieldValueError(
            _(
                "error_subject_object",
                default="Subject ${n}: expected an object.",
                mapping={"n": position},
            )
        )
    unknown = set(subject) - KEYS
    if unknown:
        raise FieldValueError(
            _(
                "error_subject_keys",
                default="Subject ${n}: unknown keys ${keys} (allowed: role, kind, code, "
                "name, email).",
                mapping={"n": position, "keys": ", ".join(sorted(unknown))},
            )
        )
    role = subject.get("role")
    if role not in ROLES:
        raise FieldValueError(
            _(
                "error_subject_role",
                default="Subject ${n}: role must be one of ${roles}.",
                mapping={"n": position, "roles": ", ".join(k for k, _t in SUBJECT_ROLES)},
            )
        )
    kind = subject.get("kind")
    if kind not in KINDS:
        raise FieldValueError(
            _(
                "error_subject_kind",
                default="Subject ${n}: kind must be PF, PG or PAI.",
                mapping={"n": position},
            )
        )
    name = (subject.get("name") or "").strip()
    if not name:
        raise FieldValueError(
            _(
                "error_subject_name",
                default="Subject ${n}: the name is required.",
                mapping={"n": position},
            )
        )
    code = (subject.get("code") or "").strip().upper()
    if kind == "PF":
        try:
            code = codicefiscale.validate(code)
        except StdnumError:
            code = None
        if code is None or len(code) != 16:
            raise FieldValueError(
                _(
                    "error_subject_cf_person",
                    default="Subject ${n}: a natural person needs a valid 16-character "
                    "codice fiscale.",
                    mapping={"n": position},
                )
            )
    elif kind == "PG":
        try:
            code = iva.validate(code)
        except StdnumError:
            raise FieldValueError(
                _(
                    "error_subject_cf_body",
                    default="Subject ${n}: a legal person needs a valid 11-digit codice "
                    "fiscale or partita IVA.",
                    mapping={"n": position},
                )
            ) from None
    else:
        code = (subject.get("code") or "").strip()
        if not IPA_CODE.match(code):
            raise FieldValueError(
                _(
                    "error_subject_ipa",
                    default="Subject ${n}: a public administration needs its IPA code "
                    "(2-20 letters, digits or underscores).",
                    mapping={"n": position},
                )
            )
    result = {"role": role, "kind": kind, "code": code, "name": name}
    if subject.get("email"):
        result["email"] = str(subject["email"]).strip()
    return result


def validate_subjects(value):
    """Constraint of the ``subjects`` field: True, or a FieldValueError naming the subject."""
    for position, subject in enumerate(value or [], start=1):
        normalise_subject(position, subject)
    return True
