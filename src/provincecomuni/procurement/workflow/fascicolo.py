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
from provincecomuni.records.fascicolo import fascicolo_field
from provincecomuni.records.interfaces import IFascicolo
from z3c.form.interfaces import IAddForm
from z3c.form.interfaces import IEditForm
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

    # The records' fields, so the two kinds of fascicolo cannot drift apart; none is
    # required here: forms and REST clients that know nothing of the fascicolo still
    # create dossiers, and the defaults fit a tender.
    fascicolo_type = fascicolo_field("fascicolo_type", required=False)
    classification = fascicolo_field(
        "classification", required=False, defaultFactory=default_classification
    )
    owning_administration = fascicolo_field("owning_administration")
    participating_administrations = fascicolo_field(
        "participating_administrations", missing_value=[]
    )
    rup_fiscal_code = fascicolo_field("rup_fiscal_code")
    opening_date = fascicolo_field("opening_date", required=False)
    retention_years = fascicolo_field("retention_years")
    fascicolo_id = fascicolo_field("fascicolo_id")
    closing_date = fascicolo_field("closing_date")

    directives.omitted(IAddForm, "fascicolo_id", "closing_date")
    directives.no_omit(IEditForm, "fascicolo_id", "closing_date")
