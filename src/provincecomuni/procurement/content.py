"""The tender dossier (fascicolo di gara): a container in a Province community.

The SUA and the commissioning Comune build the tender in it. Its lots are a data
grid of the dossier, not child items: a lot is a handful of values that are
always read and edited with the dossier (the lots must add up to its total),
and has no documents, workflow or permissions of its own.
"""

from AccessControl import getSecurityManager
from collective.z3cform.datagridfield.datagridfield import DataGridFieldWidgetFactory
from collective.z3cform.datagridfield.row import DictRow
from datetime import date
from datetime import datetime
from decimal import Decimal
from plone.app.z3cform.widgets.select import AjaxSelectFieldWidget
from plone.app.z3cform.widgets.select import AjaxSelectWidget
from plone.autoform import directives
from plone.dexterity.content import Container
from plone.supermodel import model
from provincecomuni import _
from provincecomuni.domain import procurement
from provincecomuni.domain.formatting import italian_amount
from provincecomuni.procurement.rows import IRowsField
from provincecomuni.procurement.rows import row_field_error
from provincecomuni.procurement.rows import RowsField
from provincecomuni.validation import FieldValueError
from z3c.form.interfaces import IFieldWidget
from z3c.form.validator import NoInputData
from z3c.form.widget import FieldWidget
from zope import schema
from zope.interface import implementer
from zope.interface import Invalid
from zope.interface import invariant


CPV_VOCABULARY = "provincecomuni.procurement.Cpv"

# The data of the tender's notice: once the tender is published it must not change
# (a change is a new notice, "avviso di rettifica", outside this dossier). The tender
# workflow grants the permission only in the states before publication; the people,
# the award and contract dates, the bidders and checks stay editable. The lots are
# not here: after publication only a lot's status may change (LotsField).
EDIT_NOTICE_PERMISSION = "provincecomuni.EditTenderNotice"
EDIT_NOTICE_PERMISSION_TITLE = "provincecomuni: Edit tender notice"
NOTICE_FIELDS = (
    "title",
    "description",
    "commissioning_comune",
    "contract_object",
    "procedure",
    "award_criterion",
    "main_cpv",
    "secondary_cpvs",
    "cups",
    "total_amount",
    "safety_costs",
    "options_amount",
    "procedure_confirmed",
    "decision_date",
    "publication_date",
    "offer_deadline",
    "opening_session",
    "platform",
    "platform_reference",
)
# The cells of a lot that are part of the notice (all but its status).
LOT_NOTICE_CELLS = ("cig", "subject", "amount", "cpv")
USERS_VOCABULARY = "plone.app.vocabularies.Users"

LOT_AMOUNT = _("label_lot_amount", default="Lot amount (EUR)")
TOTAL_AMOUNT = _("label_total_amount", default="Total amount (EUR)")
SAFETY_COSTS = _("label_safety_costs", default="Safety costs (EUR)")
OPTIONS_AMOUNT = _("label_options_amount", default="Options and renewals (EUR)")


def check_cig(value):
    if not procurement.is_cig(value):
        raise FieldValueError(
            _(
                "error_cig",
                default="CIG: ${value} is not a valid CIG (10 characters with correct check "
                "characters, for example 9050626CD6 or B7E26B1DC7).",
                mapping={"value": value},
            )
        )
    return True


def check_cup(value):
    if not procurement.is_cup(value):
        raise FieldValueError(
            _(
                "error_cup",
                default="CUP: ${value} is not a valid CUP (15 letters and digits).",
                mapping={"value": value},
            )
        )
    return True


def _amount_checker(label, allow_zero):
    def check(value):
        if value is None:
            return True
        if not value.is_finite() or value < 0 or (value == 0 and not allow_zero):
            raise FieldValueError(
                _(
                    "error_amount_positive",
                    default="${field}: the amount must be a positive number of euro.",
                    mapping={"field": label},
                )
            )
        if value.as_tuple().exponent < -2:
            raise FieldValueError(
                _(
                    "error_amount_decimals",
                    default="${field}: use at most two decimals (euro cents).",
                    mapping={"field": label},
                )
            )
        return True

    return check


class RowAjaxSelectWidget(AjaxSelectWidget):
    """The search-as-you-type select in a data grid cell.

    When the grid fills its cells from a stored row it converts each value with
    the converter of the field's default widget (a plain select: a list of
    tokens), not this widget's (text with separators): the cell then got
    ``["45233141"]`` and the edit form of a dossier with a CPV on a lot failed.
    """

    _value = None

    @property
    def value(self):
        return self._value

    @value.setter
    def value(self, value):
        if isinstance(value, list | tuple):
            value = self.separator.join(str(item) for item in value if item)
        self._value = value


@implementer(IFieldWidget)
def RowAjaxSelectFieldWidget(field, request, extra=None):
    return FieldWidget(field, RowAjaxSelectWidget(extra if extra is not None else request))


class ILot(model.Schema):
    """One lot of the tender: its own CIG, subject, amount, CPV and ANAC state."""

    cig = schema.TextLine(
        title=_("label_cig", default="CIG"),
        description=_("help_cig", default="The 10-character code issued by ANAC."),
        constraint=check_cig,
        required=True,
    )
    subject = schema.TextLine(
        title=_("label_lot_subject", default="Lot subject"),
        required=True,
    )
    amount = schema.Decimal(
        title=LOT_AMOUNT,
        constraint=_amount_checker(LOT_AMOUNT, allow_zero=False),
        required=True,
    )
    directives.widget("cpv", RowAjaxSelectFieldWidget, vocabulary=CPV_VOCABULARY)
    cpv = schema.Choice(
        title=_("label_lot_cpv", default="CPV"),
        vocabulary=CPV_VOCABULARY,
        required=False,
    )
    status = schema.Choice(
        title=_("label_lot_status", default="Status"),
        vocabulary="provincecomuni.procurement.LotStates",
        required=True,
    )


class ILotsField(IRowsField):
    """The list of the lots of a dossier."""


@implementer(ILotsField)
class LotsField(RowsField):
    """The lots; an error in a lot names the lot and its field."""

    kind = "lot"
    row_schema = ILot

    def check_rows(self, rows):
        self.check_published(rows)

    def check_published(self, lots):
        """After publication only the status of a lot may change (it is awarded, not
        awarded, annulled...): its CIG, subject, amount and CPV are the notice's."""
        dossier = self.context
        if not ITenderDossier.providedBy(dossier) or may_edit_notice(dossier):
            return
        stored = list(getattr(dossier, "lots", None) or ())
        if len(lots) != len(stored):
            raise FieldValueError(
                _(
                    "error_lots_published",
                    default="Lots: the tender is published, lots cannot be added or removed "
                    "(only the status of a lot can change).",
                )
            )
        for number, (lot, before) in enumerate(zip(lots, stored, strict=True), start=1):
            for name in LOT_NOTICE_CELLS:
                if _cell(lot, name) != _cell(before, name):
                    raise row_field_error(
                        "lot",
                        number,
                        ILot[name],
                        _(
                            "error_lot_published",
                            default="the tender is published, only the status of a lot can change.",
                        ),
                    )


def _cell(lot, name):
    value = lot.get(name) if isinstance(lot, dict) else None
    if isinstance(value, str):
        value = value.strip() or None
    if name == "amount" and value is not None:
        try:
            return Decimal(value)
        except (ArithmeticError, TypeError, ValueError):
            return value
    return value


def may_edit_notice(dossier):
    """May the current user change the data of the dossier's notice (before publication)?"""
    return bool(getSecurityManager().checkPermission(EDIT_NOTICE_PERMISSION_TITLE, dossier))


def _value(data, name):
    """A field's value in an invariant: the submitted one, else the stored one."""
    try:
        return getattr(data, name)
    except (AttributeError, TypeError, NoInputData):
        # Not submitted and not stored (or, in an add form, a container that is not
        # a dossier yet): the rule has nothing to check.
        return None


def _day(value):
    return value.date() if isinstance(value, datetime) else value


# The key dates in the order the law gives them: (field, strictly after the previous
# date given?). The offer deadline must fall after the publication day.
DATE_ORDER = (
    ("decision_date", False),
    ("publication_date", False),
    ("offer_deadline", True),
    ("opening_session", False),
    ("award_date", False),
    ("contract_date", False),
)


class ITenderDossier(model.Schema):
    """The data of a tender dossier."""

    directives.write_permission(**dict.fromkeys(NOTICE_FIELDS, EDIT_NOTICE_PERMISSION))

    model.fieldset(
        "cpv",
        label=_("fieldset_cpv", default="CPV and CUP"),
        fields=["main_cpv", "secondary_cpvs", "cups"],
    )
    # The procedure and the amounts share a tab: the form checks a tab's rules with
    # that tab's values (the procedure must fit the amount, the lots add up).
    model.fieldset(
        "amounts",
        label=_("fieldset_procedure_amounts", default="Procedure, amounts and lots"),
        fields=[
            "contract_object",
            "procedure",
            "award_criterion",
            "total_amount",
            "safety_costs",
            "options_amount",
            "procedure_confirmed",
            "lots",
        ],
    )
    model.fieldset(
        "people",
        label=_("fieldset_people", default="People"),
        fields=["rup", "phase_delegates"],
    )
    model.fieldset(
        "dates",
        label=_("fieldset_dates", default="Key dates"),
        fields=[
            "decision_date",
            "publication_date",
            "offer_deadline",
            "opening_session",
            "award_date",
            "contract_date",
        ],
    )
    model.fieldset(
        "platform",
        label=_("fieldset_platform", default="Publication platform"),
        fields=["platform", "platform_reference"],
    )

    title = schema.TextLine(
        title=_("label_tender_subject", default="Subject of the tender"),
        required=True,
    )
    description = schema.Text(
        title=_("label_tender_description", default="Summary"),
        required=False,
    )
    commissioning_comune = schema.Choice(
        title=_("label_commissioning_comune", default="Commissioning Comune"),
        description=_(
            "help_commissioning_comune",
            default="The Comune of the Province on whose behalf the SUA runs the tender.",
        ),
        vocabulary="provincecomuni.vocabularies.ProvinceComuni",
        required=True,
    )
    contract_object = schema.Choice(
        title=_("label_contract_object", default="Contract object"),
        vocabulary="provincecomuni.procurement.ContractObjects",
        required=True,
    )
    procedure = schema.Choice(
        title=_("label_procedure", default="Procedure"),
        vocabulary="provincecomuni.procurement.Procedures",
        required=True,
    )
    award_criterion = schema.Choice(
        title=_("label_award_criterion", default="Award criterion"),
        vocabulary="provincecomuni.procurement.AwardCriteria",
        required=True,
    )

    directives.widget("main_cpv", AjaxSelectFieldWidget, vocabulary=CPV_VOCABULARY)
    main_cpv = schema.Choice(
        title=_("label_main_cpv", default="Main CPV"),
        description=_(
            "help_cpv",
            default="Type a code or words of its description, for example 45233 or strade.",
        ),
        vocabulary=CPV_VOCABULARY,
        required=True,
    )
    directives.widget("secondary_cpvs", AjaxSelectFieldWidget, vocabulary=CPV_VOCABULARY)
    secondary_cpvs = schema.List(
        title=_("label_secondary_cpvs", default="Secondary CPVs"),
        value_type=schema.Choice(vocabulary=CPV_VOCABULARY),
        required=False,
        default=[],
        missing_value=[],
    )
    cups = schema.List(
        title=_("label_cups", default="CUP"),
        description=_("help_cups", default="One CUP per line (15 letters and digits)."),
        value_type=schema.TextLine(constraint=check_cup),
        required=False,
        default=[],
        missing_value=[],
    )

    total_amount = schema.Decimal(
        title=TOTAL_AMOUNT,
        description=_(
            "help_total_amount", default="The base amount of the tender, safety costs included."
        ),
        constraint=_amount_checker(TOTAL_AMOUNT, allow_zero=False),
        required=True,
    )
    safety_costs = schema.Decimal(
        title=SAFETY_COSTS,
        description=_("help_safety_costs", default="Not subject to discount."),
        constraint=_amount_checker(SAFETY_COSTS, allow_zero=True),
        required=False,
    )
    options_amount = schema.Decimal(
        title=OPTIONS_AMOUNT,
        constraint=_amount_checker(OPTIONS_AMOUNT, allow_zero=True),
        required=False,
    )
    directives.widget("lots", DataGridFieldWidgetFactory, allow_reorder=True, auto_append=False)
    lots = LotsField(
        title=_("label_lots", default="Lots"),
        value_type=DictRow(title=_("label_lot", default="Lot"), schema=ILot),
        required=True,
        min_length=1,
    )

    directives.widget("rup", AjaxSelectFieldWidget, vocabulary=USERS_VOCABULARY)
    rup = schema.Choice(
        title=_("label_rup", default="RUP (Responsabile unico del progetto)"),
        vocabulary=USERS_VOCABULARY,
        required=False,
    )
    directives.widget("phase_delegates", AjaxSelectFieldWidget, vocabulary=USERS_VOCABULARY)
    phase_delegates = schema.List(
        title=_("label_phase_delegates", default="Phase delegates"),
        value_type=schema.Choice(vocabulary=USERS_VOCABULARY),
        required=False,
        default=[],
        missing_value=[],
    )

    decision_date = schema.Date(
        title=_("label_decision_date", default="Decision to contract (determina a contrarre)"),
        required=False,
    )
    publication_date = schema.Date(
        title=_("label_publication_date", default="Publication"), required=False
    )
    offer_deadline = schema.Datetime(
        title=_("label_offer_deadline", default="Offer deadline"), required=False
    )
    opening_session = schema.Datetime(
        title=_("label_opening_session", default="Opening session"), required=False
    )
    award_date = schema.Date(title=_("label_award_date", default="Award"), required=False)
    contract_date = schema.Date(
        title=_("label_contract_date", default="Contract signature"), required=False
    )

    platform = schema.TextLine(
        title=_("label_platform", default="E-procurement platform"),
        description=_(
            "help_platform", default="The certified platform on which the tender is published."
        ),
        required=False,
    )
    platform_reference = schema.TextLine(
        title=_("label_platform_reference", default="Reference on the platform"),
        required=False,
    )

    procedure_confirmed = schema.Bool(
        title=_(
            "label_procedure_confirmed",
            default="I confirm the procedure despite the warning on the amount",
        ),
        description=_(
            "help_procedure_confirmed",
            default="Needed only when the procedure does not fit the amount and the EU "
            "thresholds: the warning explains why; tick to go ahead (justified exceptions "
            "exist).",
        ),
        required=False,
        default=False,
    )

    @invariant
    def lots_add_up_to_the_total(data):
        lots, total = _value(data, "lots"), _value(data, "total_amount")
        if not lots or total is None:
            return
        amounts = [Decimal(lot["amount"]) for lot in lots if lot.get("amount") is not None]
        if len(amounts) == len(lots) and sum(amounts, Decimal("0")) != total:
            raise Invalid(
                _(
                    "error_lots_total",
                    default="Lots: the lot amounts add up to ${lots} EUR, the total amount "
                    "is ${total} EUR. Correct one of them.",
                    mapping={"lots": italian_amount(sum(amounts)), "total": italian_amount(total)},
                )
            )

    @invariant
    def dates_in_order(data):
        previous = None
        for name, strictly in DATE_ORDER:
            value = _value(data, name)
            if value is None:
                continue
            title = ITenderDossier[name].title
            if previous is not None:
                before_title, before = previous
                both_times = isinstance(value, datetime) and isinstance(before, datetime)
                a, b = (before, value) if both_times else (_day(before), _day(value))
                if b < a or (strictly and b == a):
                    raise Invalid(
                        _(
                            "error_dates_order",
                            default="${field}: it must come after ${before}.",
                            mapping={"field": title, "before": before_title},
                        )
                    )
            previous = (title, value)

    @invariant
    def procedure_fits_the_amount(data):
        """A warning to acknowledge, not a block: the law allows justified exceptions."""
        procedure = _value(data, "procedure")
        contract_object = _value(data, "contract_object")
        total = _value(data, "total_amount")
        if not (procedure and contract_object and total is not None):
            return
        on = _day(_value(data, "publication_date")) or date.today()
        warnings = procurement.procedure_warnings(procedure, contract_object, total, on)
        if warnings and not _value(data, "procedure_confirmed"):
            raise Invalid(
                _(
                    "error_procedure_warning",
                    default='Procedure: ${warning} Tick "${confirm}" to go ahead.',
                    mapping={
                        "warning": warnings[0],
                        "confirm": _(
                            "label_procedure_confirmed",
                            default="I confirm the procedure despite the warning on the amount",
                        ),
                    },
                )
            )


@implementer(ITenderDossier)
class TenderDossier(Container):
    """A tender dossier (fascicolo di gara)."""

    def lots_total(self):
        return sum((Decimal(lot["amount"]) for lot in self.lots or ()), Decimal("0"))
