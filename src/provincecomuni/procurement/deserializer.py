"""REST: the lots of a dossier, each error naming the lot and its field.

plone.restapi deserializes a list item by item and reports the first error under
the list's name only; with several lots, "CIG not valid" does not say which one.
"""

from plone.dexterity.interfaces import IDexterityContent
from plone.restapi.deserializer.dxfields import DefaultFieldDeserializer
from plone.restapi.interfaces import IFieldDeserializer
from provincecomuni import _
from provincecomuni.procurement.content import ILot
from provincecomuni.procurement.content import ILotsField
from provincecomuni.procurement.content import lot_error
from provincecomuni.procurement.content import lot_field_error
from provincecomuni.validation import FieldValueError
from zope.component import adapter
from zope.component import getMultiAdapter
from zope.interface import implementer
from zope.publisher.interfaces.browser import IBrowserRequest
from zope.schema import getFieldsInOrder
from zope.schema import ValidationError


@implementer(IFieldDeserializer)
@adapter(ILotsField, IDexterityContent, IBrowserRequest)
class LotsDeserializer(DefaultFieldDeserializer):
    def __call__(self, value):
        if value is None:
            value = []
        if not isinstance(value, list):
            raise FieldValueError(
                _("error_lots_list", default="Lots: send a list of lots, one object per lot.")
            )
        lots = []
        for number, row in enumerate(value, start=1):
            if not isinstance(row, dict):
                raise FieldValueError(
                    _(
                        "error_lot_object",
                        default="Lot ${number}: send an object with cig, subject, amount, "
                        "cpv and status.",
                        mapping={"number": number},
                    )
                )
            lot = {}
            for name, field in getFieldsInOrder(ILot):
                item = row.get(name)
                if isinstance(item, dict) and "token" in item:
                    item = item["token"]
                deserializer = getMultiAdapter(
                    (field, self.context, self.request), IFieldDeserializer
                )
                try:
                    lot[name] = deserializer(item)
                except ValidationError as error:
                    raise lot_error(number, field, error) from error
                except ValueError as error:
                    raise lot_field_error(number, field, str(error)) from error
            lots.append(lot)
        self.field.validate(lots)
        return lots
