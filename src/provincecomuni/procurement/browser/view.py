"""The page of a tender dossier: summary, lots and key dates, in the user's language."""

from plone import api
from Products.Five.browser import BrowserView
from provincecomuni.domain import procurement
from provincecomuni.domain.formatting import italian_amount
from provincecomuni.procurement.content import ITenderDossier
from zope.component import getUtility
from zope.i18n import translate
from zope.schema.interfaces import IVocabularyFactory


def euro(amount):
    """12345.5 -> '12.345,50 €' (Italian grouping, always two decimals)."""
    return f"{italian_amount(amount)} €" if amount is not None else ""


def _when(value):
    if value is None:
        return ""
    if hasattr(value, "hour"):
        return value.strftime("%d/%m/%Y %H:%M")
    return value.strftime("%d/%m/%Y")


DATE_FIELDS = (
    "decision_date",
    "publication_date",
    "offer_deadline",
    "opening_session",
    "award_date",
    "contract_date",
)


class TenderDossierView(BrowserView):
    def _t(self, message):
        return translate(message, context=self.request)

    def label(self, name):
        return self._t(ITenderDossier[name].title)

    def _title_in(self, vocabulary_name, value):
        if not value:
            return ""
        vocabulary = getUtility(IVocabularyFactory, name=vocabulary_name)(self.context)
        try:
            return self._t(vocabulary.getTerm(value).title)
        except LookupError:
            return value

    def _cpv(self, code):
        cpv = procurement.cpv_codes().get(code or "")
        return f"{cpv.code} - {cpv.label_it}" if cpv else (code or "")

    def _user(self, userid):
        user = api.user.get(userid=userid) if userid else None
        if user is None:
            return userid or ""
        return user.getProperty("fullname") or userid

    def summary(self):
        context = self.context
        rows = [
            (
                "commissioning_comune",
                self._title_in(
                    "provincecomuni.vocabularies.ProvinceComuni", context.commissioning_comune
                ),
            ),
            (
                "contract_object",
                self._title_in(
                    "provincecomuni.procurement.ContractObjects", context.contract_object
                ),
            ),
            (
                "procedure",
                self._title_in("provincecomuni.procurement.Procedures", context.procedure),
            ),
            (
                "award_criterion",
                self._title_in("provincecomuni.procurement.AwardCriteria", context.award_criterion),
            ),
            ("main_cpv", self._cpv(context.main_cpv)),
            ("secondary_cpvs", "; ".join(self._cpv(c) for c in context.secondary_cpvs or ())),
            ("cups", ", ".join(context.cups or ())),
            ("total_amount", euro(context.total_amount)),
            ("safety_costs", euro(context.safety_costs)),
            ("options_amount", euro(context.options_amount)),
            ("rup", self._user(context.rup)),
            ("phase_delegates", ", ".join(self._user(u) for u in context.phase_delegates or ())),
            ("platform", context.platform or ""),
            ("platform_reference", context.platform_reference or ""),
        ]
        return [{"label": self.label(name), "value": value} for name, value in rows if value]

    def lots(self):
        return [
            {
                "number": number,
                "cig": row.get("cig"),
                "subject": row.get("subject"),
                "amount": euro(row.get("amount")),
                "cpv": self._cpv(row.get("cpv")),
                "status": self._title_in("provincecomuni.procurement.LotStates", row.get("status")),
            }
            for number, row in enumerate(self.context.lots or (), start=1)
        ]

    def lots_total(self):
        return euro(self.context.lots_total())

    def dates(self):
        return [
            {"label": self.label(name), "value": _when(getattr(self.context, name, None))}
            for name in DATE_FIELDS
            if getattr(self.context, name, None)
        ]
