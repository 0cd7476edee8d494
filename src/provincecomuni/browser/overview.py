"""The Province section's page: the communities the visitor may see, grouped by region."""

from itertools import groupby
from plone import api
from Products.Five.browser import BrowserView
from provincecomuni.domain import territories


class ProvinceOverview(BrowserView):
    def regions(self):
        """[{'name': region, 'communities': [...]}], regions and Provinces in ISTAT order."""
        brains = api.content.find(
            context=self.context,
            depth=1,
            portal_type="ProvinceCommunity",
            sort_on="istat_code",
        )
        workflow = api.portal.get_tool("portal_workflow")
        rows = [
            {
                "title": brain.Title,
                "url": brain.getURL(),
                "sigla": brain.sigla,
                "region": brain.region,
                "comuni": len(territories.comuni_of(brain.istat_code or "")),
                "visibility": workflow.getTitleForStateOnType(
                    brain.review_state, "ProvinceCommunity"
                ),
            }
            for brain in brains
        ]
        order = {p.region: p.region_istat_code for p in territories.provinces()}
        rows.sort(key=lambda row: (order.get(row["region"], "99"), row["title"]))
        return [
            {"name": region, "communities": list(items)}
            for region, items in groupby(rows, key=lambda row: row["region"])
        ]
