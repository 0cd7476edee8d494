"""REST: ``POST /bandi-europei/@funding-import``.

Body: ``{"format": "sedia" | "csv", "data": "<the file's text>", "publish": false}``,
or ``{"from_url": true}`` to read the address configured in the registry
(``provincecomuni.funding.import_url``, EU portal search format). Answers the report
(created, updated, unchanged, rejected with row and reason), or 400 with the reason
when the file cannot be imported at all (then nothing was written).
"""

from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.deserializer import json_body
from plone.restapi.services import Service
from provincecomuni import _
from provincecomuni.funding import importer
from provincecomuni.funding.vocabularies import IMPORT_URL_RECORD
from provincecomuni.funding.vocabularies import registry_value
from zExceptions import BadRequest
from zope.interface import alsoProvides


class FundingImport(Service):
    def reply(self):
        # A token-authenticated API call, like plone.restapi's own writing services.
        alsoProvides(self.request, IDisableCSRFProtection)
        body = json_body(self.request) or {}
        publish = bool(body.get("publish"))
        try:
            if body.get("from_url"):
                url = registry_value(IMPORT_URL_RECORD, "") or ""
                if not url:
                    raise importer.ImportFileError(importer.NO_ADDRESS)
                data, fmt = importer.fetch(url), "sedia"
            else:
                text = body.get("data")
                if not isinstance(text, str) or not text:
                    raise importer.ImportFileError(
                        _(
                            "funding_import_error_no_data",
                            default="data: the text of the file is missing",
                        )
                    )
                data, fmt = text.encode("utf-8"), body.get("format", "sedia")
            report = importer.import_data(self.context, data, fmt, publish=publish)
        except importer.ImportFileError as error:
            raise BadRequest(importer.translated(error.args[0], self.request)) from None
        return report.as_dict(self.request)
