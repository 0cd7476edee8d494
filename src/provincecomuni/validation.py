"""Validation errors that carry their own message, for forms and REST alike.

z3c.form shows ``error.doc()`` next to the field, and plone.restapi answers 400 with
``error.doc()`` and the field name: both only for ``zope.schema`` validation errors
(a bare ``zope.interface.Invalid`` raised in a field constraint becomes a 500 there).
"""

from zope.schema import ValidationError


class FieldValueError(ValidationError):
    """The value of a field is not valid; the message says why."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message

    def doc(self):
        return self.message
