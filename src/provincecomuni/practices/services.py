"""REST: a practice's adoptions (``@adoptions``), the catalogue with facets (``@good-practices``).

Plain ``@search`` also works on practices: their facets are catalog indexes, and
their summaries carry the facet fields (serializers/summary.py); ``@good-practices``
adds the facet counts.
"""

from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.batching import HypermediaBatch
from plone.restapi.deserializer import json_body
from plone.restapi.interfaces import ISerializeToJson
from plone.restapi.interfaces import ISerializeToJsonSummary
from plone.restapi.serializer.dxcontent import SerializeFolderToJson
from plone.restapi.services import Service
from provincecomuni.interfaces import IProvinceComuniLayer
from provincecomuni.practices import adoptions
from provincecomuni.practices import catalogue
from provincecomuni.practices.content import IGoodPractice
from provincecomuni.practices.workflow import review_comment
from zope.component import adapter
from zope.component import getMultiAdapter
from zope.i18n import translate
from zope.interface import alsoProvides
from zope.interface import implementer


@implementer(ISerializeToJson)
@adapter(IGoodPractice, IProvinceComuniLayer)
class GoodPracticeSerializer(SerializeFolderToJson):
    """A practice with its adoptions and, while rejected, the reviewer's comment."""

    def __call__(self, version=None, include_items=True):
        result = super().__call__(version=version, include_items=include_items)
        rows = adoptions.list_adoptions(self.context)
        result["adoptions"] = rows
        result["adoption_count"] = len(rows)
        result["review_comment"] = review_comment(self.context)
        return result


def _error(request, error):
    request.response.setStatus(error.status)
    body = {
        "type": "BadRequest" if error.status == 400 else "Error",
        "message": translate(error.message, context=request),
    }
    if error.field:
        body["field"] = error.field
    return {"error": body}


class AdoptionsGet(Service):
    def reply(self):
        rows = adoptions.list_adoptions(self.context)
        return {
            "@id": f"{self.context.absolute_url()}/@adoptions",
            "items": rows,
            "items_total": len(rows),
        }


class AdoptionsPost(Service):
    def reply(self):
        alsoProvides(self.request, IDisableCSRFProtection)
        data = json_body(self.request)
        try:
            adoptions.declare(
                self.context,
                data.get("province"),
                data.get("date"),
                data.get("outcome"),
                data.get("note", ""),
            )
        except adoptions.AdoptionError as error:
            return _error(self.request, error)
        self.request.response.setStatus(201)
        rows = adoptions.list_adoptions(self.context)
        return {
            "@id": f"{self.context.absolute_url()}/@adoptions",
            "items": rows,
            "items_total": len(rows),
        }


class GoodPracticesGet(Service):
    """``GET /@good-practices?pillar=sit&region=Piemonte&q=...&sort=adoptions``."""

    def reply(self):
        brains, facets, filters, text, sort = catalogue.search(self.request.form, self.request)
        batch = HypermediaBatch(self.request, brains)
        items = [
            getMultiAdapter((brain, self.request), ISerializeToJsonSummary)() for brain in batch
        ]
        result = {
            "@id": batch.canonical_url,
            "items": items,
            "items_total": batch.items_total,
            "facets": facets,
            "filters": filters,
            "q": text,
            "sort": sort,
        }
        if batch.links:
            result["batching"] = batch.links
        return result
