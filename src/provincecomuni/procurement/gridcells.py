"""Accessible names for the cells of the dossier's data grids.

collective.z3cform.datagridfield renders each row's fields in table cells under
a header row, without a <label>: screen readers (and axe: "Form elements must
have labels") get inputs with no name. z3c.form sets a widget's ``title`` from
an IValue adapter named "title" when one exists: this one gives every cell of
our grids the title of its field ("CIG", "Importo del lotto (EUR)"...), which
the input renders as its title attribute, an accessible name.
"""

from z3c.form.interfaces import IValue
from zope.component import adapter
from zope.i18n import translate
from zope.interface import implementer
from zope.interface import Interface


def _row_schemas():
    from provincecomuni.procurement.awards import IBidder
    from provincecomuni.procurement.awards import IRequirementCheck
    from provincecomuni.procurement.content import ILot

    return (ILot, IBidder, IRequirementCheck)


@implementer(IValue)
class CellTitle:
    def __init__(self, title):
        self.title = title

    def get(self):
        return self.title


@adapter(Interface, Interface, Interface, Interface, Interface)
@implementer(IValue)
def cell_title(context, request, form, field, widget):
    """The field's translated title for a cell of our grids; None elsewhere."""
    if getattr(field, "interface", None) not in _row_schemas():
        return None
    return CellTitle(translate(field.title, context=request))
