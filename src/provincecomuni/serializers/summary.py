"""Summaries (search results, folder items) of communities carry their identity.

An integrator listing the communities with ``@search`` gets each one's ISTAT code,
sigla, region and fiscal code without asking for ``metadata_fields``; results of
other types keep the default summary.
"""

from plone.restapi.interfaces import ISerializeToJsonSummary
from plone.restapi.serializer.summary import DefaultJSONSummarySerializer
from provincecomuni.interfaces import IProvinceComuniLayer
from zope.component import adapter
from zope.interface import implementer
from zope.interface import Interface


SUMMARY_FIELDS = {
    "ProvinceCommunity": {
        "istat_code",
        "sigla",
        "region",
        "region_istat_code",
        "fiscal_code",
        "nuts3",
    },
    "ThematicCommunity": {"pillar"},
    # Good practices (provincecomuni.practices): the catalogue's facets and sort.
    "GoodPractice": {
        "pillar",
        "practice_provinces",
        "practice_regions",
        "practice_year",
        "adoption_count",
        "Subject",
        "review_state",
    },
}


@implementer(ISerializeToJsonSummary)
@adapter(Interface, IProvinceComuniLayer)
class CommunitySummarySerializer(DefaultJSONSummarySerializer):
    def metadata_fields(self):
        fields = super().metadata_fields()
        extra = SUMMARY_FIELDS.get(getattr(self.context, "portal_type", None))
        return fields | extra if extra else fields
