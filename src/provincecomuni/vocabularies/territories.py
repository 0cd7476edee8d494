"""Vocabularies of the Provinces and Comuni, keyed by ISTAT code.

The Comuni are reference data, not content: 5,554 objects would only weigh on the
catalog and the navigation, while a vocabulary serves forms, search and REST alike.
"""

from Acquisition import aq_chain
from provincecomuni.content.province_community import IProvinceCommunity
from provincecomuni.domain import territories
from zope.interface import provider
from zope.schema.interfaces import IVocabularyFactory
from zope.schema.vocabulary import SimpleTerm
from zope.schema.vocabulary import SimpleVocabulary


def _comune_term(comune):
    return SimpleTerm(
        value=comune.istat_code,
        token=comune.istat_code,
        title=f"{comune.name} ({comune.province_sigla})",
    )


@provider(IVocabularyFactory)
def ProvinceVocabularyFactory(context=None):
    return SimpleVocabulary(
        [
            SimpleTerm(value=p.istat_code, token=p.istat_code, title=f"{p.name} ({p.sigla})")
            for p in territories.provinces()
        ]
    )


@provider(IVocabularyFactory)
def ComuniVocabularyFactory(context=None):
    return SimpleVocabulary([_comune_term(c) for c in territories.comuni()])


def province_istat_code_of(context):
    """The ISTAT code of the Province community that holds ``context``, or None."""
    for item in aq_chain(context):
        if IProvinceCommunity.providedBy(item):
            return item.istat_code
    return None


@provider(IVocabularyFactory)
def ProvinceComuniVocabularyFactory(context=None):
    """The Comuni of the Province community that holds ``context``.

    While a community is being added, its Province code is not known yet: the
    vocabulary is then empty, and the Comuni are chosen when editing.
    """
    code = province_istat_code_of(context) if context is not None else None
    return SimpleVocabulary([_comune_term(c) for c in territories.comuni_of(code or "")])
