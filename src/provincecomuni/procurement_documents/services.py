"""REST: ``POST @generate-document``, ``GET @publication-package``, ``GET @template-versions``."""

from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.deserializer import json_body
from plone.restapi.services import Service
from provincecomuni.procurement_documents import generation
from provincecomuni.procurement_documents import package
from provincecomuni.validation import FieldValueError
from zope.i18n import translate
from zope.interface import alsoProvides


def _error(request, field, message):
    request.response.setStatus(400)
    return {
        "error": {
            "type": "BadRequest",
            "field": field,
            "message": translate(message, context=request),
        }
    }


class GenerateDocumentPost(Service):
    """Body ``{"document": "determina_contrarre", "format": "docx" | "pdf"}``."""

    def reply(self):
        alsoProvides(self.request, IDisableCSRFProtection)
        data = json_body(self.request) or {}
        kind = data.get("document") or data.get("template") or ""
        fmt = data.get("format") or "docx"
        try:
            generation.check_kind(kind)
        except FieldValueError as failure:
            return _error(self.request, "document", failure.doc())
        try:
            generation.check_format(fmt)
        except FieldValueError as failure:
            return _error(self.request, "format", failure.doc())
        try:
            document = generation.generate(self.context, kind, fmt)
        except FieldValueError as failure:
            return _error(self.request, "template", failure.doc())
        info = generation.generation_info(document)
        self.request.response.setStatus(201)
        self.request.response.setHeader("Location", document.absolute_url())
        return {
            "@id": document.absolute_url(),
            "id": document.getId(),
            "title": document.Title(),
            "document": kind,
            "format": fmt,
            "size": document.file.getSize(),
            "fingerprint": document.fingerprint,
            "record_format": document.record_format,
            "template": info["template"],
            "missing": info["missing"],
        }


class PublicationPackageGet(Service):
    def render(self):
        return package.stream(self.context, self.request.response)


class TemplateVersionsGet(Service):
    def reply(self):
        url = self.context.absolute_url()
        return {
            "@id": f"{url}/@template-versions",
            "items": [
                {
                    "version": entry["version"],
                    "filename": entry["filename"],
                    "sha256": entry["sha256"],
                    "size": entry["size"],
                    "user": entry["user"],
                    "time": entry["time"],
                    "comment": entry["comment"],
                    "download": f"{url}/@@versioni-modello?version={entry['version']}",
                }
                for entry in self.context.versions()
            ],
        }
