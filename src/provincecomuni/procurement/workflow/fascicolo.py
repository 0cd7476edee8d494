"""The tender dossier is a fascicolo: its documents are records of it.

The behavior ``provincecomuni.procurement.fascicolo`` gives the dossier the
fascicolo's metadata (AgID annex 5) and the ``IFascicolo`` marker, so the records
package treats it like a Fascicolo: an identifier from the community's counter,
records below it that follow the record workflow and inherit its classification,
the deposit package. Closing the dossier ("chiuso") archives it and its records
for good, as closing a fascicolo does.

Its RUP is the dossier's own field (a user); the fascicolo's fields here are the
others, with defaults that fit a tender: an administrative procedure, class 1.15 of
the default plan (associated functions, the SUA) when the plan has it.
"""

from plone.autoform import directives
from plone.autoform.interfaces import IFormFieldProvider
from plone.supermodel import model
from provincecomuni import _
from provincecomuni.records.behavior import retention_years_field
from provincecomuni.records.fascicolo import check_rup_fiscal_code
from provincecomuni.records.fascicolo import today
from provincecomuni.records.interfaces import IFascicolo
from z3c.form.interfaces import IAddForm
from z3c.form.interfaces import IEditForm
from zope import schema
from zope.interface import provider
from zope.schema.interfaces import IContextAwareDefaultFactory


# The class of the default classification plan for the SUA's work ("Forme associative
# per l'esercizio di funzioni e servizi": conventions, stazione unica appaltante).
DEFAULT_CLASS = "1.15"


@provider(IContextAwareDefaultFactory)
def default_classification(context):
    from provincecomuni.records import titolario

    try:
        return DEFAULT_CLASS if DEFAULT_CLASS in titolario.get_plan() else None
    except Exception:  # noqa: BLE001 - no site yet (schema introspection)
        return None


@provider(IFormFieldProvider)
class ITenderFascicolo(model.Schema, IFascicolo):
    """The fascicolo metadata of a tender dossier; it extends the IFascicolo marker."""

    model.fieldset(
        "fascicolo",
        label=_("fieldset_fascicolo", default="Fascicolo"),
        fields=[
            "fascicolo_type",
            "classification",
            "owning_administration",
            "participating_administrations",
            "rup_fiscal_code",
            "opening_date",
            "retention_years",
            "fascicolo_id",
            "closing_date",
        ],
    )

    fascicolo_type = schema.Choice(
        title=_("label_fascicolo_type", default="Type of fascicolo"),
        vocabulary="provincecomuni.records.FascicoloTypes",
        default="procedimento_amministrativo",
        # Not required: forms and REST clients that do not know the fascicolo still
        # create dossiers; the default (an administrative procedure) fits a tender.
        required=False,
    )
    classification = schema.Choice(
        title=_("label_classification", default="Classification"),
        description=_(
            "help_fascicolo_classification",
            default="The class of the classification plan; its records inherit it.",
        ),
        vocabulary="provincecomuni.records.Titolario",
        defaultFactory=default_classification,
        required=False,
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
        missing_value=[],
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
        required=False,
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
