"""``POST @annulment``: a Manager annuls an archived record, saying why."""

from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.deserializer import json_body
from plone.restapi.services import Service
from provincecomuni.records import archive
from provincecomuni.records.services.registration import error
from zope.interface import alsoProvides


class AnnulmentPost(Service):
    def reply(self):
        alsoProvides(self.request, IDisableCSRFProtection)
        data = json_body(self.request) or {}
        try:
            entry = archive.annul(self.context, data.get("reason"))
        except ValueError as failure:
            return error(self.request, 400, "reason", str(failure))
        return {"change_trail": entry, "review_state": "annulled"}
