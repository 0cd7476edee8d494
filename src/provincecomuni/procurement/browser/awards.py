"""The "Verifiche sui requisiti" section of the dossier page: bidders and the awardees' checks.

A page of its own (``@@tender-requirement-checks``) that the dossier view includes
with one line, so the other sections of that view stay apart.
"""

from datetime import date
from plone import api
from Products.Five.browser import BrowserView
from provincecomuni.procurement import checks
from provincecomuni.procurement.browser.view import euro
from zope.i18n import translate


BADGES = {
    checks.MISSING: "text-bg-danger",
    checks.NEGATIVE: "text-bg-danger",
    checks.EXPIRED: "text-bg-danger",
    checks.PENDING: "text-bg-warning",
    checks.EXPIRING: "text-bg-warning",
    checks.OK: "text-bg-success",
}


def _day(value):
    return value.strftime("%d/%m/%Y") if value else ""


class RequirementChecksView(BrowserView):
    def _t(self, message):
        return translate(message, context=self.request)

    def today(self):
        return date.today()

    def bidders(self):
        return [
            {
                "lot": row.get("lot"),
                "name": row.get("name"),
                "tax_code": row.get("tax_code"),
                "group": row.get("group_name") or "",
                "offer": euro(row.get("offer_amount")),
                "awardee": bool(row.get("awardee")),
            }
            for row in getattr(self.context, "bidders", None) or ()
        ]

    def _evidence(self, row):
        uid = (row or {}).get("evidence")
        obj = api.content.get(UID=uid) if uid else None
        if obj is None:
            return None
        return {"url": obj.absolute_url(), "title": obj.Title() or obj.getId()}

    def lots(self):
        """Per lot with a proposed awardee: its companies' required checks and their states."""
        today = self.today()
        days = checks.expiring_days()
        result = []
        for lot in checks.awarded_lots(self.context):
            rows = []
            for item in checks.awardee_check_status(self.context, lot, today, days):
                row = item["row"] or {}
                rows.append(
                    {
                        "company": item["company"],
                        "tax_code": item["tax_code"],
                        "check": self._t(item["check"].title),
                        "document": checks.document_title(row["document_type"]) if row else "",
                        "requested": _day(row.get("requested")),
                        "valid_until": _day(row.get("valid_until")),
                        "state": item["state"],
                        "state_title": self._t(checks.STATE_TITLES[item["state"]]),
                        "badge": BADGES[item["state"]],
                        "evidence": self._evidence(row),
                    }
                )
            problems = sum(1 for r in rows if r["state"] in checks.BLOCKING)
            result.append({"number": lot, "rows": rows, "problems": problems})
        return result

    def expiring(self):
        """Expired or expiring checks of bidders that are not proposed awardees."""
        return [
            {
                "company": item["company"],
                "document": item["document_title"],
                "valid_until": _day(item["valid_until"]),
                "state_title": self._t(checks.STATE_TITLES[item["state"]]),
                "badge": BADGES[item["state"]],
            }
            for item in checks.expiring_checks(self.context, self.today())
            if not item["awardee"]
        ]
