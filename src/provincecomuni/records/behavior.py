"""The record metadata behavior (AgID guidelines 2021, annex 5).

Fields a user may type are editable; everything the server computes (identifier,
fingerprint, format, registration, aggregation, version, change trail) is read-only
in forms and REST and is set by the subscribers and procedures of this package.
"""

from plone.autoform import directives
from plone.autoform.interfaces import IFormFieldProvider
from plone.schema import JSONField
from plone.supermodel import model
from provincecomuni import _
from provincecomuni.records.interfaces import IRecord
from provincecomuni.records.subjects import JSON_SCHEMA
from provincecomuni.records.subjects import validate_subjects
from z3c.form.interfaces import IAddForm
from z3c.form.interfaces import IEditForm
from zope import schema
from zope.interface import provider


COMPUTED_FIELDS = (
    "record_identifier",
    "fingerprint",
    "fingerprint_algorithm",
    "record_format",
    "register_kind",
    "register_code",
    "registration_number",
    "registration_date",
    "aggregation_id",
    "record_version",
    "change_trail",
)


def retention_years_field():
    """The retention period of a record or a fascicolo (one definition for both)."""
    return schema.Int(
        title=_("label_retention_years", default="Retention period (years)"),
        description=_(
            "help_retention_years",
            default="0 means permanent. Left empty, the period of the class is used.",
        ),
        min=0,
        max=999,
        required=False,
    )


@provider(IFormFieldProvider)
class IRecordMetadata(model.Schema, IRecord):
    """The metadata of a record (documento informatico); it extends the IRecord marker."""

    model.fieldset(
        "record",
        label=_("fieldset_record", default="Record metadata"),
        fields=[
            "formation_mode",
            "document_type",
            "registration_flow",
            "subject_line",
            "record_subjects",
            "classification",
            "confidential",
            "signed",
            "sealed",
            "timestamped",
            "copy_conformity",
            "retention_years",
            "record_notes",
            *COMPUTED_FIELDS,
        ],
    )

    formation_mode = schema.Choice(
        title=_("label_formation_mode", default="Formation mode"),
        description=_(
            "help_formation_mode",
            default="How the document was formed. Left empty, an uploaded file counts as "
            "acquired and a page written here as created with software.",
        ),
        vocabulary="provincecomuni.records.FormationModes",
        required=False,
    )

    document_type = schema.TextLine(
        title=_("label_document_type", default="Document type"),
        description=_(
            "help_document_type", default="For example: determina, delibera, verbale, nota."
        ),
        required=False,
        max_length=100,
    )

    registration_flow = schema.Choice(
        title=_("label_registration_flow", default="Flow"),
        vocabulary="provincecomuni.records.Flows",
        default="I",
        required=True,
    )

    subject_line = schema.TextLine(
        title=_("label_subject_line", default="Subject line (oggetto)"),
        description=_("help_subject_line", default="Left empty, the title is used."),
        required=False,
        max_length=500,
    )

    record_subjects = JSONField(
        title=_("label_subjects", default="Subjects"),
        description=_(
            "help_subjects",
            default='A list such as [{"role": "author", "kind": "PF", "code": '
            '"RSSMRA80A01H501U", "name": "Mario Rossi"}]. Roles: author, sender, '
            "recipient, operator, assignee, producer, rup, registrar, other. Kinds: PF "
            "(codice fiscale), PG (codice fiscale or partita IVA), PAI (IPA code).",
        ),
        schema=JSON_SCHEMA,
        default=[],
        required=False,
        constraint=validate_subjects,
    )

    classification = schema.Choice(
        title=_("label_classification", default="Classification"),
        description=_(
            "help_classification",
            default="The class of the classification plan (titolario). Left empty, the "
            "fascicolo's class is used.",
        ),
        vocabulary="provincecomuni.records.Titolario",
        required=False,
    )

    confidential = schema.Bool(
        title=_("label_confidential", default="Confidential"),
        description=_(
            "help_confidential", default="Downloads of a confidential record are journaled."
        ),
        default=False,
        required=False,
    )

    signed = schema.Bool(
        title=_("label_signed", default="Digitally signed"),
        default=False,
        required=False,
    )
    sealed = schema.Bool(
        title=_("label_sealed", default="Electronically sealed"),
        default=False,
        required=False,
    )
    timestamped = schema.Bool(
        title=_("label_timestamped", default="Time-stamped"),
        default=False,
        required=False,
    )
    copy_conformity = schema.Bool(
        title=_("label_copy_conformity", default="Conformity of image copy certified"),
        default=False,
        required=False,
    )

    retention_years = retention_years_field()

    record_notes = schema.Text(
        title=_("label_record_notes", default="Notes"),
        required=False,
    )

    # Computed by the server.
    record_identifier = schema.TextLine(
        title=_("label_record_identifier", default="Identifier"), readonly=True, required=False
    )
    fingerprint = schema.ASCIILine(
        title=_("label_fingerprint", default="Fingerprint (impronta)"),
        readonly=True,
        required=False,
    )
    fingerprint_algorithm = schema.ASCIILine(
        title=_("label_fingerprint_algorithm", default="Fingerprint algorithm"),
        readonly=True,
        required=False,
    )
    record_format = schema.TextLine(
        title=_("label_record_format", default="Format"), readonly=True, required=False
    )
    register_kind = schema.Choice(
        title=_("label_register_kind", default="Register"),
        vocabulary="provincecomuni.records.Registers",
        readonly=True,
        required=False,
    )
    register_code = schema.TextLine(
        title=_("label_register_code", default="Register code"), readonly=True, required=False
    )
    registration_number = schema.TextLine(
        title=_("label_registration_number", default="Registration number"),
        readonly=True,
        required=False,
    )
    registration_date = schema.Datetime(
        title=_("label_registration_date", default="Registration date"),
        readonly=True,
        required=False,
    )
    aggregation_id = schema.TextLine(
        title=_("label_aggregation_id", default="Fascicolo"), readonly=True, required=False
    )
    record_version = schema.Int(
        title=_("label_record_version", default="Version"), readonly=True, required=False
    )
    change_trail = schema.List(
        title=_("label_change_trail", default="Change trail"),
        value_type=schema.Dict(key_type=schema.TextLine(), value_type=schema.TextLine()),
        readonly=True,
        required=False,
    )

    directives.omitted(IAddForm, *COMPUTED_FIELDS)
    directives.no_omit(IEditForm, *COMPUTED_FIELDS)
