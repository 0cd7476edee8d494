"""The fascicolo: an aggregation of records (AgID annex 5, ``Aggregazione documentale``)."""

from datetime import date
from plone.autoform import directives
from plone.dexterity.content import Container
from plone.supermodel import model
from provincecomuni import _
from provincecomuni.domain import codes
from provincecomuni.records.behavior import retention_years_field
from provincecomuni.records.interfaces import IFascicolo
from provincecomuni.validation import FieldValueError
from z3c.form.interfaces import IAddForm
from z3c.form.interfaces import IEditForm
from zope import schema
from zope.interface import implementer

import copy


def check_rup_fiscal_code(value):
    if value and not codes.is_fiscal_code(value.strip().upper()):
        raise FieldValueError(
            _(
                "error_rup_fiscal_code",
                default="RUP's codice fiscale: ${value} is not a valid codice fiscale.",
                mapping={"value": value},
            )
        )
    return True


def today():
    return date.today()


class IFascicoloSchema(model.Schema):
    """The metadata of a fascicolo."""

    fascicolo_type = schema.Choice(
        title=_("label_fascicolo_type", default="Type of fascicolo"),
        vocabulary="provincecomuni.records.FascicoloTypes",
        default="procedimento_amministrativo",
        required=True,
    )
    classification = schema.Choice(
        title=_("label_classification", default="Classification"),
        description=_(
            "help_fascicolo_classification",
            default="The class of the classification plan; its records inherit it.",
        ),
        vocabulary="provincecomuni.records.Titolario",
        required=True,
    )
    owning_administration = schema.TextLine(
        title=_("label_owning_administration", default="Owning administration"),
        description=_(
            "help_owning_administration",
            default="Left empty, the community's Province or network.",
        ),
        required=False,
        max_length=200,
    )
    participating_administrations = schema.List(
        title=_("label_participating_administrations", default="Participating administrations"),
        description=_("help_participating_administrations", default="One per line."),
        value_type=schema.TextLine(max_length=200),
        required=False,
        default=[],
    )
    rup = schema.TextLine(
        title=_("label_rup", default="RUP (responsible for the procedure)"),
        required=False,
        max_length=200,
    )
    rup_fiscal_code = schema.TextLine(
        title=_("label_rup_fiscal_code", default="RUP's codice fiscale"),
        required=False,
        max_length=16,
        constraint=check_rup_fiscal_code,
    )
    opening_date = schema.Date(
        title=_("label_opening_date", default="Opening date"),
        defaultFactory=today,
        required=True,
    )
    retention_years = retention_years_field()

    fascicolo_id = schema.TextLine(
        title=_("label_fascicolo_id", default="Fascicolo identifier"),
        readonly=True,
        required=False,
    )
    closing_date = schema.Date(
        title=_("label_closing_date", default="Closing date"),
        description=_("help_closing_date", default="Set when the fascicolo is closed."),
        readonly=True,
        required=False,
    )

    directives.omitted(IAddForm, "fascicolo_id", "closing_date")
    directives.no_omit(IEditForm, "fascicolo_id", "closing_date")


def fascicolo_field(name, **changes):
    """A copy of a field of the fascicolo's schema, for another type that is a
    fascicolo too (the tender dossier), with some attributes changed."""
    field = copy.copy(IFascicoloSchema[name])
    for attribute, value in changes.items():
        setattr(field, attribute, value)
    return field


@implementer(IFascicoloSchema, IFascicolo)
class Fascicolo(Container):
    """A fascicolo (the class stays thin: logic is in the records package's modules)."""
