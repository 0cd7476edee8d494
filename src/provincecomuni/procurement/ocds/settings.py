"""The OCDS settings: the ocid prefix the Open Contracting Partnership assigned."""

from plone import api
from plone.supermodel import model
from provincecomuni import _
from provincecomuni.validation import FieldValueError
from zope import schema

import re


RECORD_PREFIX = "provincecomuni.ocds"
PREFIX_RECORD = f"{RECORD_PREFIX}.ocid_prefix"
# A placeholder in the shape of a real prefix: each publisher registers its own.
DEFAULT_PREFIX = "ocds-xxxxxx"

# "ocds-" and the six lowercase letters or digits the Open Contracting Partnership gives.
_PREFIX = re.compile(r"^ocds-[a-z0-9]{6}$")


def is_ocid_prefix(value):
    return bool(_PREFIX.match(value or ""))


def check_prefix(value):
    if not is_ocid_prefix(value):
        raise FieldValueError(
            _(
                "error_ocid_prefix",
                default="OCID prefix: ${value} is not an OCDS prefix: write ocds- followed by "
                "six lowercase letters or digits, for example ocds-213czf.",
                mapping={"value": value},
            )
        )
    return True


class IOcdsSettings(model.Schema):
    """Site settings of the OCDS open data (registry records ``provincecomuni.ocds.*``)."""

    ocid_prefix = schema.ASCIILine(
        title=_("label_ocid_prefix", default="OCID prefix"),
        description=_(
            "help_ocid_prefix",
            default="The prefix the Open Contracting Partnership registered for this publisher "
            "(ocds- and six characters, for example ocds-213czf). Every contracting process "
            "published here gets an ocid starting with it: change it only before publishing.",
        ),
        constraint=check_prefix,
        default=DEFAULT_PREFIX,
        required=True,
    )


def ocid_prefix():
    """The configured prefix (the default one if the record is missing)."""
    return api.portal.get_registry_record(PREFIX_RECORD, default=None) or DEFAULT_PREFIX
