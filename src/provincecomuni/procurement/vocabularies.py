"""Vocabularies of the tender dossier, over the code lists of ``domain.procurement``.

The titles are Italian (the labels of ANAC's lists), the values ANAC's codes, so
that what is stored is what the platforms and the OCDS export expect.

The CPV vocabulary has 9,454 terms: forms search it as you type (the AjaxSelect
widget asks ``@@getVocabulary?query=...``, REST asks ``@vocabularies/<name>?title=...``),
never list it whole.
"""

from plone.app.vocabularies import SlicableVocabulary
from provincecomuni import _
from provincecomuni.domain import procurement
from zope.interface import implementer
from zope.interface import provider
from zope.schema.interfaces import IVocabularyFactory
from zope.schema.interfaces import IVocabularyTokenized
from zope.schema.vocabulary import SimpleTerm
from zope.schema.vocabulary import SimpleVocabulary

import functools


def _code_vocabulary(codes):
    return SimpleVocabulary(
        [SimpleTerm(value=c.code, token=c.code, title=c.label_it) for c in codes]
    )


@provider(IVocabularyFactory)
def ProceduresVocabularyFactory(context=None):
    """ANAC's ``sceltaContraente``: aperta, ristretta, affidamento diretto..."""
    return _code_vocabulary(procurement.anac_codes("sceltaContraente"))


@provider(IVocabularyFactory)
def LotStatesVocabularyFactory(context=None):
    """ANAC's ``statoLotto``: in lavorazione, confermato, cancellato..."""
    return _code_vocabulary(procurement.anac_codes("statoLotto"))


CONTRACT_OBJECTS = (
    (procurement.WORKS, _("contract_object_works", default="Lavori")),
    (procurement.SERVICES, _("contract_object_services", default="Servizi")),
    (procurement.SUPPLIES, _("contract_object_supplies", default="Forniture")),
)

# Art. 108 d.lgs. 36/2023; the OCDS awardCriteria they map to are the values.
MOST_ECONOMICALLY_ADVANTAGEOUS = "ratedCriteria"
LOWEST_PRICE = "priceOnly"
AWARD_CRITERIA = (
    (
        MOST_ECONOMICALLY_ADVANTAGEOUS,
        _("award_criterion_oepv", default="Offerta economicamente più vantaggiosa"),
    ),
    (LOWEST_PRICE, _("award_criterion_lowest_price", default="Minor prezzo")),
)


@provider(IVocabularyFactory)
def ContractObjectsVocabularyFactory(context=None):
    return SimpleVocabulary(
        [SimpleTerm(value=v, token=v, title=title) for v, title in CONTRACT_OBJECTS]
    )


@provider(IVocabularyFactory)
def AwardCriteriaVocabularyFactory(context=None):
    return SimpleVocabulary(
        [SimpleTerm(value=v, token=v, title=title) for v, title in AWARD_CRITERIA]
    )


# CPV -------------------------------------------------------------------------------

# Matches offered while typing: a code prefix or a few words narrow them quickly.
SEARCH_LIMIT = 50


def cpv_term(cpv):
    return SimpleTerm(value=cpv.code, token=cpv.code, title=f"{cpv.code} - {cpv.label_it}")


@implementer(IVocabularyTokenized)
class CpvVocabulary(SlicableVocabulary):
    """All the CPV codes, or those matching a search.

    Membership and token lookup go to the whole list whatever the search, so a
    stored code is always valid and shown with its label; a token may carry the
    check digit users often write (``45000000-7``): the 8 digits are the value.
    Iteration, ``len`` and slicing give the matches only (the whole list when
    there is no search).
    """

    def __init__(self, query=None):
        self.query = (query or "").strip()
        self._terms = (
            [cpv_term(c) for c in procurement.search_cpv(self.query, limit=SEARCH_LIMIT)]
            if self.query
            else _all_cpv_terms()
        )

    def __iter__(self):
        return iter(self._terms)

    def __contains__(self, value):
        return isinstance(value, str) and value in procurement.cpv_codes()

    def getTerm(self, value):
        if value not in self:
            raise LookupError(value)
        return cpv_term(procurement.cpv_codes()[value])

    def getTermByToken(self, token):
        code = procurement.normalize_cpv(token)
        if code is None:
            raise LookupError(token)
        return self.getTerm(code)

    def search(self, query):
        return CpvVocabulary(query)


@functools.cache
def _all_cpv_terms():
    return tuple(cpv_term(c) for c in procurement.cpv_codes().values())


@implementer(IVocabularyFactory)
class CpvVocabularyFactoryClass:
    """Search-as-you-type over the CPV codes: by code prefix or by words of the label.

    ``@@getVocabulary`` (plone.app.content) passes ``query`` to a factory that
    accepts it; plone.restapi's ``@vocabularies`` calls the factory with the
    context only and filters by ``title``/``token`` itself.
    """

    def __call__(self, context=None, query=None):
        return CpvVocabulary(query)


CpvVocabularyFactory = CpvVocabularyFactoryClass()
