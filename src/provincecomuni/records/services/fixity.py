"""``GET @fixity``: recompute the fingerprints of the records below the context."""

from plone.restapi.services import Service
from provincecomuni.records import fixity


class FixityGet(Service):
    def reply(self):
        result = fixity.check(self.context)
        result["@id"] = f"{self.context.absolute_url()}/@fixity"
        result["ok"] = not result["mismatches"] and not result["missing"]
        return result
