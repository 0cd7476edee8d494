"""``@search`` on the dossiers' amounts: numbers, not text.

plone.restapi passes the values of a FieldIndex query through as they come, and a
query string only has text: ``tender_amount.query=100000`` would be compared with
the indexed floats and fail. This parser (registered for our browser layer, so it
wins over plone.restapi's) reads the values of the numeric indexes as numbers and
answers 400 naming the index when one is not; other FieldIndexes keep the stock
behaviour.
"""

from plone.restapi.interfaces import IIndexQueryParser
from plone.restapi.search.query import FieldIndexQueryParser
from Products.PluginIndexes.FieldIndex.FieldIndex import FieldIndex
from provincecomuni.interfaces import IProvinceComuniLayer
from zExceptions import BadRequest
from zope.component import adapter
from zope.interface import implementer
from zope.interface import Interface


NUMERIC_INDEXES = frozenset({"tender_amount"})


@implementer(IIndexQueryParser)
@adapter(FieldIndex, Interface, IProvinceComuniLayer)
class NumericFieldIndexQueryParser(FieldIndexQueryParser):
    def parse_query_value(self, query_value):
        if self.index.getId() not in NUMERIC_INDEXES:
            return super().parse_query_value(query_value)
        try:
            return float(str(query_value).replace(",", "."))
        except ValueError as error:
            raise BadRequest(
                f"{self.index.getId()}: {query_value!r} is not a number (for example 150000.50)"
            ) from error
