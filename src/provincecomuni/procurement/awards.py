"""Bidders and requirement checks of a tender dossier (issue 5, point 5).

A behavior (``provincecomuni.procurement.awards``) adds two data grids to the
dossier, stored as plain lists of dicts with the shapes the SUA features share:

``dossier.bidders``: ``{"lot": "1", "name", "tax_code", "group_role",
"group_name", "awardee", "offer_amount"}``, one row per company and lot;

``dossier.requirement_checks``: ``{"tax_code", "document_type", "issuer",
"requested", "outcome", "valid_until", "evidence"}``, one row per check of a
company (FVOE document), whatever the lot: a DURC covers every lot it bids on.

Data grids, like the lots, rather than child items: a bidder or a check is a few
values read and validated with the dossier (its lots, its other bidders); the
only thing with a life of its own, the evidence, is a File of the dossier (a
record of the fascicolo) that a check points to by UID.

``group_role`` takes ANAC's ``ruoloOE`` codes (mandatario, mandante,
ausiliaria...): the list ANAC publishes for a company's role in a group.
ANAC's ``tipoRuolo`` holds the roles of the contracting authority's staff
(RUP and delegates), not of bidders.

The required checks of a proposed awardee, their state on a day, the
prerequisite of the transition ``aggiudica`` and the checks about to expire are
in ``provincecomuni.procurement.checks``.
"""

from collective.z3cform.datagridfield.datagridfield import DataGridFieldWidget
from collective.z3cform.datagridfield.datagridfield import DataGridFieldWidgetFactory
from collective.z3cform.datagridfield.datagridfield import DataGridValidator
from collective.z3cform.datagridfield.row import DictRow
from plone.app.z3cform.widgets.relateditems import RelatedItemsFieldWidget
from plone.autoform import directives
from plone.autoform.interfaces import IFormFieldProvider
from plone.supermodel import model
from provincecomuni import _
from provincecomuni.domain import procurement
from provincecomuni.domain.codes import is_fiscal_code
from provincecomuni.procurement.content import _amount_checker
from provincecomuni.procurement.content import _value
from provincecomuni.procurement.rows import IRowsField
from provincecomuni.procurement.rows import row_field_error
from provincecomuni.procurement.rows import ROW_MESSAGES
from provincecomuni.procurement.rows import RowsField
from provincecomuni.validation import FieldValueError
from z3c.form.interfaces import IAddForm
from z3c.form.interfaces import NOT_CHANGED
from zope import schema
from zope.component import adapter
from zope.interface import implementer
from zope.interface import Interface
from zope.interface import Invalid
from zope.interface import invariant
from zope.interface import provider
from zope.schema.interfaces import IVocabularyFactory
from zope.schema.vocabulary import SimpleTerm
from zope.schema.vocabulary import SimpleVocabulary


OFFER_AMOUNT = _("label_bidder_offer_amount", default="Offer amount (EUR)")

POSITIVE = "positivo"
NEGATIVE = "negativo"
PENDING = "in_attesa"
OUTCOMES = (
    (POSITIVE, _("check_outcome_positive", default="Positivo")),
    (NEGATIVE, _("check_outcome_negative", default="Negativo")),
    (PENDING, _("check_outcome_pending", default="In attesa")),
)


def normalize_tax_code(value):
    """The form in which two tax codes are compared: no spaces, capitals."""
    return "".join((value or "").split()).upper()


def check_tax_code(value):
    if not is_fiscal_code(normalize_tax_code(value)):
        raise FieldValueError(
            _(
                "error_tax_code",
                default="Codice fiscale / partita IVA: ${value} is not a valid codice fiscale "
                "(16 characters) or partita IVA (11 digits).",
                mapping={"value": value},
            )
        )
    return True


# Vocabularies ------------------------------------------------------------------------


def _code_vocabulary(name):
    return SimpleVocabulary(
        [
            SimpleTerm(value=c.code, token=c.code, title=c.label_it)
            for c in procurement.anac_codes(name)
        ]
    )


@provider(IVocabularyFactory)
def GroupRolesVocabularyFactory(context=None):
    """ANAC's ``ruoloOE``: mandatario, mandante, impresa ausiliaria..."""
    return _code_vocabulary("ruoloOE")


@provider(IVocabularyFactory)
def DocumentTypesVocabularyFactory(context=None):
    """ANAC's ``tipoDocumento``: the FVOE documents (DURC, casellario, antimafia...)."""
    return _code_vocabulary("tipoDocumento")


@provider(IVocabularyFactory)
def IssuersVocabularyFactory(context=None):
    """ANAC's ``enteCertificante``: INPS, Min. Interno, Agenzia delle Entrate..."""
    return _code_vocabulary("enteCertificante")


@provider(IVocabularyFactory)
def CheckOutcomesVocabularyFactory(context=None):
    return SimpleVocabulary([SimpleTerm(value=v, token=v, title=t) for v, t in OUTCOMES])


# Rows ------------------------------------------------------------------------------


class IBidder(model.Schema):
    """A company bidding on a lot, alone or in a group."""

    lot = schema.TextLine(
        title=_("label_bidder_lot", default="Lot"),
        description=_("help_bidder_lot", default="The number of the lot: 1, 2..."),
        required=True,
    )
    name = schema.TextLine(title=_("label_bidder_name", default="Company"), required=True)
    tax_code = schema.TextLine(
        title=_("label_bidder_tax_code", default="Codice fiscale / partita IVA"),
        constraint=check_tax_code,
        required=True,
    )
    group_role = schema.Choice(
        title=_("label_bidder_group_role", default="Role in the group"),
        vocabulary="provincecomuni.procurement.GroupRoles",
        required=False,
    )
    group_name = schema.TextLine(
        title=_("label_bidder_group_name", default="Group (RTI, consortium...)"), required=False
    )
    awardee = schema.Bool(
        title=_("label_bidder_awardee", default="Proposed awardee"), required=False, default=False
    )
    offer_amount = schema.Decimal(
        title=OFFER_AMOUNT,
        constraint=_amount_checker(OFFER_AMOUNT, allow_zero=False),
        required=False,
    )


class IRequirementCheck(model.Schema):
    """One check of a company's requirements (art. 94-100 d.lgs. 36/2023)."""

    tax_code = schema.TextLine(
        title=_("label_bidder_tax_code", default="Codice fiscale / partita IVA"),
        description=_("help_check_tax_code", default="The tax code of one of the bidders."),
        constraint=check_tax_code,
        required=True,
    )
    document_type = schema.Choice(
        title=_("label_check_document", default="Document"),
        vocabulary="provincecomuni.procurement.DocumentTypes",
        required=True,
    )
    issuer = schema.Choice(
        title=_("label_check_issuer", default="Issuing body"),
        vocabulary="provincecomuni.procurement.Issuers",
        required=False,
    )
    requested = schema.Date(title=_("label_check_requested", default="Requested on"), required=True)
    outcome = schema.Choice(
        title=_("label_check_outcome", default="Outcome"),
        vocabulary="provincecomuni.procurement.CheckOutcomes",
        required=True,
    )
    valid_until = schema.Date(
        title=_("label_check_valid_until", default="Valid until"), required=False
    )
    directives.widget(
        "evidence",
        RelatedItemsFieldWidget,
        vocabulary="plone.app.vocabularies.Catalog",
        pattern_options={"selectableTypes": ["File"], "maximumSelectionSize": 1},
    )
    evidence = schema.TextLine(
        title=_("label_check_evidence", default="Evidence"),
        description=_("help_evidence", default="A file of this dossier (the certificate)."),
        required=False,
    )


# Errors naming the row and its field ---------------------------------------------------


def _lots_of(context):
    return list(getattr(context, "lots", None) or ())


class IBiddersField(IRowsField):
    pass


@implementer(IBiddersField)
class BiddersField(RowsField):
    kind = "bidder"
    row_schema = IBidder

    def check_rows(self, rows):
        lots = _lots_of(self.context)
        awardees = {}
        seen = {}
        for number, row in enumerate(rows, start=1):
            lot = (row.get("lot") or "").strip()
            if not (lot.isdigit() and 1 <= int(lot) <= len(lots)):
                raise row_field_error(
                    "bidder",
                    number,
                    IBidder["lot"],
                    _(
                        "error_bidder_lot",
                        default='"${lot}" is not a lot of this dossier (its lots are 1 to '
                        "${count}).",
                        mapping={"lot": lot, "count": len(lots)},
                    ),
                )
            lot = str(int(lot))
            key = (lot, normalize_tax_code(row.get("tax_code")))
            if key in seen:
                raise row_field_error(
                    "bidder",
                    number,
                    IBidder["tax_code"],
                    _(
                        "error_bidder_twice",
                        default="this company already bids on lot ${lot} (bidder ${other}).",
                        mapping={"lot": lot, "other": seen[key]},
                    ),
                )
            seen[key] = number
            if row.get("awardee"):
                if lot in awardees:
                    raise row_field_error(
                        "bidder",
                        number,
                        IBidder["awardee"],
                        _(
                            "error_bidder_two_awardees",
                            default="lot ${lot} already has a proposed awardee (bidder "
                            "${other}): only one per lot.",
                            mapping={"lot": lot, "other": awardees[lot]},
                        ),
                    )
                awardees[lot] = number


class IRequirementChecksField(IRowsField):
    pass


def evidence_problem(context, uid):
    """Why ``uid`` is not a File inside the dossier ``context``, or None if it is.

    While collective.exportimport imports a dossier, its files come after it: a
    UID that does not resolve yet is accepted then.
    """
    from plone.app.uuid.utils import uuidToObject
    from zope.globalrequest import getRequest

    obj = uuidToObject(uid, unrestricted=True)
    if obj is None:
        from collective.exportimport.interfaces import IMigrationMarker

        if IMigrationMarker.providedBy(getRequest()):
            return None
        return _(
            "error_evidence_unknown",
            default="no file has the identifier ${uid}.",
            mapping={"uid": uid},
        )
    base = context.getPhysicalPath()
    path = obj.getPhysicalPath()
    inside = len(path) > len(base) and path[: len(base)] == base
    if getattr(obj, "portal_type", None) != "File" or not inside:
        return _(
            "error_evidence_not_a_file",
            default="${title} is not a file of this dossier.",
            mapping={"title": obj.Title() or obj.getId()},
        )
    return None


@implementer(IRequirementChecksField)
class RequirementChecksField(RowsField):
    kind = "check"
    row_schema = IRequirementCheck

    def check_rows(self, rows):
        for number, row in enumerate(rows, start=1):
            requested, valid_until = row.get("requested"), row.get("valid_until")
            if requested and valid_until and valid_until < requested:
                raise row_field_error(
                    "check",
                    number,
                    IRequirementCheck["valid_until"],
                    _(
                        "error_check_valid_until",
                        default="it must not come before the request date.",
                    ),
                )
            if row.get("evidence"):
                problem = evidence_problem(self.context, row["evidence"])
                if problem is not None:
                    raise row_field_error("check", number, IRequirementCheck["evidence"], problem)


# The behavior ------------------------------------------------------------------------


@provider(IFormFieldProvider)
class IAwards(model.Schema):
    """The bidders of each lot and the checks of their requirements."""

    model.fieldset(
        "awards",
        label=_("fieldset_awards", default="Bidders and checks"),
        fields=["bidders", "requirement_checks"],
    )
    # Bidders come after the publication, and the evidence is a file of the dossier.
    directives.omitted(IAddForm, "bidders", "requirement_checks")

    directives.widget("bidders", DataGridFieldWidgetFactory, allow_reorder=True, auto_append=False)
    bidders = BiddersField(
        title=_("label_bidders", default="Bidders"),
        description=_(
            "help_bidders",
            default="One row per company and lot; the members of a group share its name. "
            "Tick the proposed awardee of each lot (for a group, its mandatario).",
        ),
        value_type=DictRow(title=_("label_bidder", default="Bidder"), schema=IBidder),
        required=False,
        default=[],
        missing_value=[],
    )
    directives.widget(
        "requirement_checks", DataGridFieldWidgetFactory, allow_reorder=True, auto_append=False
    )
    requirement_checks = RequirementChecksField(
        title=_("label_requirement_checks", default="Requirement checks"),
        description=_(
            "help_requirement_checks",
            default="One row per document requested for a bidder (FVOE): outcome, validity "
            "and the certificate as a file of the dossier.",
        ),
        value_type=DictRow(
            title=_("label_requirement_check", default="Check"), schema=IRequirementCheck
        ),
        required=False,
        default=[],
        missing_value=[],
    )

    @invariant
    def bidders_bid_on_lots_of_the_dossier(data):
        """Also when the lots change and the bidders do not (REST sets the lots first)."""
        bidders = _value(data, "bidders") or []
        count = len(_lots_of(getattr(data, "__context__", None)))
        for number, row in enumerate(bidders, start=1):
            lot = (row.get("lot") or "").strip()
            if not (lot.isdigit() and 1 <= int(lot) <= count):
                raise Invalid(
                    ROW_MESSAGES["bidder"][1](
                        number,
                        IBidder["lot"].title,
                        _(
                            "error_bidder_lot",
                            default='"${lot}" is not a lot of this dossier (its lots are 1 '
                            "to ${count}).",
                            mapping={"lot": lot, "count": count},
                        ),
                    )
                )

    @invariant
    def checks_are_of_bidders(data):
        checks = _value(data, "requirement_checks") or []
        bidders = _value(data, "bidders") or []
        known = {normalize_tax_code(b.get("tax_code")) for b in bidders}
        for number, row in enumerate(checks, start=1):
            if normalize_tax_code(row.get("tax_code")) not in known:
                raise Invalid(
                    ROW_MESSAGES["check"][1](
                        number,
                        IRequirementCheck["tax_code"].title,
                        _(
                            "error_check_not_a_bidder",
                            default="${value} is not the tax code of any bidder.",
                            mapping={"value": row.get("tax_code")},
                        ),
                    )
                )


# Forms -------------------------------------------------------------------------------


@adapter(Interface, Interface, Interface, IRowsField, DataGridFieldWidget)
class RowsValidator(DataGridValidator):
    """The grid's cells as the data grid checks them, then the rules across rows.

    The data grid's own validator only reports the errors of the cells; the
    rules across rows (one awardee per lot, a known lot, dates in order,
    evidence of this dossier) are the field's, as over REST.
    """

    def validate(self, value, force=False):
        super().validate(value, force)
        if value and value is not NOT_CHANGED:
            field = self.field.bind(self.context) if self.context is not None else self.field
            field.check_rows([row for row in value if isinstance(row, dict)])
