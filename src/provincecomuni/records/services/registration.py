"""``POST @registration``: give a record the next number of its register."""

from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.deserializer import json_body
from plone.restapi.services import Service
from provincecomuni.records import registration
from zope.i18n import translate
from zope.interface import alsoProvides


def error(request, status, field, message):
    request.response.setStatus(status)
    return {
        "error": {
            "type": "BadRequest",
            "field": field,
            "message": translate(message, context=request),
        }
    }


class RegistrationPost(Service):
    def reply(self):
        alsoProvides(self.request, IDisableCSRFProtection)
        data = json_body(self.request) or {}
        try:
            number = registration.register(
                self.context,
                register=data.get("register", "protocol"),
                register_code=data.get("register_code"),
            )
        except registration.RegistrationError as failure:
            return error(self.request, 400, failure.field, failure.message)
        return {
            "registration_number": number,
            "registration_date": self.context.registration_date.isoformat(),
            "register_kind": self.context.register_kind,
            "register_code": self.context.register_code,
        }
