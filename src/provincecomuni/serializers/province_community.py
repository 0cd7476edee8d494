"""REST representation of a Province community: its fields plus the Comuni it serves."""

from plone.restapi.interfaces import ISerializeToJson
from plone.restapi.serializer.dxcontent import SerializeFolderToJson
from provincecomuni.content.province_community import comuni_rows
from provincecomuni.content.province_community import IProvinceCommunity
from provincecomuni.interfaces import IProvinceComuniLayer
from zope.component import adapter
from zope.interface import implementer


@implementer(ISerializeToJson)
@adapter(IProvinceCommunity, IProvinceComuniLayer)
class ProvinceCommunitySerializer(SerializeFolderToJson):
    def __call__(self, version=None, include_items=True):
        result = super().__call__(version=version, include_items=include_items)
        result["comuni"] = comuni_rows(self.context)
        return result
