"""REST: a whole number sent for an amount (``"total_budget": 1000000``) is an amount.

plone.restapi hands a JSON number to ``Float.validate`` as is, and an ``int`` is the
wrong type there: clients would have to send ``1000000.0``.
"""

from plone.restapi.deserializer.dxfields import DefaultFieldDeserializer
from plone.restapi.interfaces import IFieldDeserializer
from provincecomuni.funding.interfaces import IFundingCallMarker
from provincecomuni.funding.interfaces import IProjectProposalMarker
from zope.component import adapter
from zope.interface import implementer
from zope.publisher.interfaces.browser import IBrowserRequest
from zope.schema.interfaces import IFloat

import numbers


class _FloatDeserializer(DefaultFieldDeserializer):
    def __call__(self, value):
        # Whole numbers from JSON, and Decimals from collective.exportimport's parser.
        if isinstance(value, numbers.Number) and not isinstance(value, bool | float):
            value = float(value)
        return super().__call__(value)


@implementer(IFieldDeserializer)
@adapter(IFloat, IFundingCallMarker, IBrowserRequest)
class CallFloatDeserializer(_FloatDeserializer):
    pass


@implementer(IFieldDeserializer)
@adapter(IFloat, IProjectProposalMarker, IBrowserRequest)
class ProposalFloatDeserializer(_FloatDeserializer):
    pass
