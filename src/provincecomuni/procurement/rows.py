"""The data grids of a tender dossier (lots, bidders, requirement checks): lists of
rows whose errors name the row and its field ("Lotto 2, CIG: ...").

A list reports the errors of its items as one "wrong contained type": the form
shows them in the grid cell anyway, but REST would answer with that bare phrase.
RowsField says which row and which of its fields is wrong, then runs the rules
across rows of each grid (``check_rows``); the form's validator and the REST
deserializer use the same messages.
"""

from provincecomuni import _
from provincecomuni.validation import FieldValueError
from zope import schema
from zope.interface import implementer
from zope.schema.interfaces import IList
from zope.schema.interfaces import WrongContainedType


# kind -> (message for a problem already naming its field, message naming the field)
ROW_MESSAGES = {
    "lot": (
        lambda number, problem: _(
            "error_lot",
            default="Lot ${number}: ${problem}",
            mapping={"number": number, "problem": problem},
        ),
        lambda number, field, problem: _(
            "error_lot_field",
            default="Lot ${number}, ${field}: ${problem}",
            mapping={"number": number, "field": field, "problem": problem},
        ),
    ),
    "bidder": (
        lambda number, problem: _(
            "error_bidder",
            default="Bidder ${number}: ${problem}",
            mapping={"number": number, "problem": problem},
        ),
        lambda number, field, problem: _(
            "error_bidder_field",
            default="Bidder ${number}, ${field}: ${problem}",
            mapping={"number": number, "field": field, "problem": problem},
        ),
    ),
    "check": (
        lambda number, problem: _(
            "error_check",
            default="Check ${number}: ${problem}",
            mapping={"number": number, "problem": problem},
        ),
        lambda number, field, problem: _(
            "error_check_field",
            default="Check ${number}, ${field}: ${problem}",
            mapping={"number": number, "field": field, "problem": problem},
        ),
    ),
}


def row_error(kind, number, field, error):
    """A FieldValueError saying which row and which of its fields is wrong, and why."""
    if isinstance(error, FieldValueError):
        # Our messages already start with the name of the field.
        return FieldValueError(ROW_MESSAGES[kind][0](number, error.doc()))
    return row_field_error(kind, number, field, error.doc())


def row_field_error(kind, number, field, problem):
    return FieldValueError(ROW_MESSAGES[kind][1](number, field.title, problem))


class IRowsField(IList):
    """A data grid of a dossier whose errors name the row and its field."""


@implementer(IRowsField)
class RowsField(schema.List):
    """A list of rows (dicts of ``row_schema``); ``check_rows`` adds the rules across rows."""

    kind = None
    row_schema = None

    def _validate(self, value):
        try:
            super()._validate(value)
        except WrongContainedType as error:
            for number, row in enumerate(value or (), start=1):
                for name, field in schema.getFieldsInOrder(self.row_schema):
                    try:
                        field.bind(self.context).validate(
                            row.get(name) if isinstance(row, dict) else None
                        )
                    except schema.ValidationError as row_error_:
                        raise row_error(self.kind, number, field, row_error_) from error
            raise
        self.check_rows(value or [])

    def check_rows(self, rows):
        """Rules across the fields of a row or across rows; raise a FieldValueError."""
