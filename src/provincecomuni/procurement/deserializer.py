"""REST: the data grids of a dossier (lots, bidders, checks); errors name the row and its field.

plone.restapi deserializes a list item by item and reports the first error under
the list's name only; with several lots, "CIG not valid" does not say which one.
Each cell goes through the deserializer of its own field, so dates, Decimals
and vocabulary tokens arrive as they do for the dossier's own fields, and
collective.exportimport (which imports through these deserializers) gets back
exactly what it exported.
"""

from decimal import Decimal
from decimal import InvalidOperation
from plone.dexterity.interfaces import IDexterityContent
from plone.restapi.deserializer.dxfields import DefaultFieldDeserializer
from plone.restapi.interfaces import IFieldDeserializer
from provincecomuni import _
from provincecomuni.procurement.awards import IBidder
from provincecomuni.procurement.awards import IBiddersField
from provincecomuni.procurement.awards import IRequirementCheck
from provincecomuni.procurement.awards import IRequirementChecksField
from provincecomuni.procurement.content import ILot
from provincecomuni.procurement.content import ILotsField
from provincecomuni.procurement.rows import row_error
from provincecomuni.procurement.rows import row_field_error
from provincecomuni.validation import FieldValueError
from zope.component import adapter
from zope.component import getMultiAdapter
from zope.interface import implementer
from zope.publisher.interfaces.browser import IBrowserRequest
from zope.schema import getFieldsInOrder
from zope.schema import ValidationError
from zope.schema.interfaces import IBool
from zope.schema.interfaces import IDecimal


def _decimal_cell(field, cell):
    """An amount as plone.restapi's Decimal deserializer takes it.

    A JSON number becomes the Decimal of its text (``0.1`` stays ``0.1``), and
    text that is not a number says so.
    """
    if not IDecimal.providedBy(field) or isinstance(cell, Decimal):
        return cell
    if isinstance(cell, bool) or not isinstance(cell, str | int | float):
        raise ValueError(cell)
    try:
        return Decimal(str(cell).strip())
    except InvalidOperation as error:
        raise FieldValueError(
            _(
                "error_amount_number",
                default="${field}: ${value} is not an amount (write it like 1234.56).",
                mapping={"field": field.title, "value": cell},
            )
        ) from error


class RowsDeserializer(DefaultFieldDeserializer):
    """A list of rows of ``row_schema``, each cell through its field's deserializer."""

    kind = None  # of rows.ROW_MESSAGES
    row_schema = None

    def not_a_list(self):
        raise NotImplementedError

    def not_an_object(self, number):
        raise NotImplementedError

    def error(self, number, field, error):
        return row_error(self.kind, number, field, error)

    def field_error(self, number, field, problem):
        return row_field_error(self.kind, number, field, problem)

    def __call__(self, value):
        if value is None:
            value = []
        if not isinstance(value, list):
            raise self.not_a_list()
        rows = []
        for number, item in enumerate(value, start=1):
            if not isinstance(item, dict):
                raise self.not_an_object(number)
            row = {}
            for name, field in getFieldsInOrder(self.row_schema):
                cell = item.get(name)
                if isinstance(cell, dict) and "token" in cell:
                    cell = cell["token"]
                if cell is None and IBool.providedBy(field):
                    cell = False  # a flag left out is not set
                deserializer = getMultiAdapter(
                    (field, self.context, self.request), IFieldDeserializer
                )
                try:
                    if IDecimal.providedBy(field) and (
                        cell is None or (isinstance(cell, str) and not cell.strip())
                    ):
                        field.validate(None)  # a required amount says it is missing
                        row[name] = None
                        continue
                    row[name] = deserializer(_decimal_cell(field, cell))
                except ValidationError as error:
                    raise self.error(number, field, error) from error
                except (ValueError, ArithmeticError, TypeError) as error:
                    raise self.field_error(
                        number, field, str(error) or _("error_not_a_value", default="not valid.")
                    ) from error
            rows.append(row)
        self.field.bind(self.context).validate(rows)
        return rows


@implementer(IFieldDeserializer)
@adapter(ILotsField, IDexterityContent, IBrowserRequest)
class LotsDeserializer(RowsDeserializer):
    kind = "lot"
    row_schema = ILot

    def not_a_list(self):
        return FieldValueError(
            _("error_lots_list", default="Lots: send a list of lots, one object per lot.")
        )

    def not_an_object(self, number):
        return FieldValueError(
            _(
                "error_lot_object",
                default="Lot ${number}: send an object with cig, subject, amount, cpv and status.",
                mapping={"number": number},
            )
        )


@implementer(IFieldDeserializer)
@adapter(IBiddersField, IDexterityContent, IBrowserRequest)
class BiddersDeserializer(RowsDeserializer):
    kind = "bidder"
    row_schema = IBidder

    def not_a_list(self):
        return FieldValueError(
            _(
                "error_bidders_list",
                default="Bidders: send a list of bidders, one object per company and lot.",
            )
        )

    def not_an_object(self, number):
        return FieldValueError(
            _(
                "error_bidder_object",
                default="Bidder ${number}: send an object with lot, name, tax_code, "
                "group_role, group_name, awardee and offer_amount.",
                mapping={"number": number},
            )
        )


@implementer(IFieldDeserializer)
@adapter(IRequirementChecksField, IDexterityContent, IBrowserRequest)
class RequirementChecksDeserializer(RowsDeserializer):
    kind = "check"
    row_schema = IRequirementCheck

    def not_a_list(self):
        return FieldValueError(
            _(
                "error_checks_list",
                default="Requirement checks: send a list of checks, one object per document.",
            )
        )

    def not_an_object(self, number):
        return FieldValueError(
            _(
                "error_check_object",
                default="Check ${number}: send an object with tax_code, document_type, "
                "issuer, requested, outcome, valid_until and evidence.",
                mapping={"number": number},
            )
        )
