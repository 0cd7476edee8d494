"""``GET @deposit-package``: the ZIP deposit package of a closed fascicolo, streamed."""

from plone.restapi.services import Service
from provincecomuni.records import deposit
from provincecomuni.records.services.registration import error

import json


class DepositPackageGet(Service):
    def render(self):
        try:
            return deposit.stream_package(self.context, self.request.response)
        except deposit.DepositError as failure:
            self.request.response.setHeader("Content-Type", "application/json")
            return json.dumps(error(self.request, 400, "fascicolo", str(failure)))
