"""The vocabularies of the tender dossier: Italian labels, ANAC codes, CPV search."""

from zope.component import getUtility
from zope.schema.interfaces import IVocabularyFactory

import pytest


def _vocabulary(name, context=None, **kwargs):
    return getUtility(IVocabularyFactory, name=f"provincecomuni.procurement.{name}")(
        context, **kwargs
    )


def _titles(vocabulary):
    return {term.value: term.title for term in vocabulary}


def test_procedures_are_anac_scelta_contraente_in_italian(portal):
    titles = _titles(_vocabulary("Procedures", portal))
    assert titles["6"] == "Aperta"
    assert titles["9"] == "Ristretta"
    assert titles["10"] == "Affidamento diretto"
    assert titles["5"] == "Negoziata senza previa indizione di gara"


def test_lot_states_are_anac_stato_lotto(portal):
    titles = _titles(_vocabulary("LotStates", portal))
    assert titles["IN_LAV"] == "In lavorazione"
    assert titles["CANC"] == "Cancellato"


def test_contract_objects_and_award_criteria(portal):
    assert list(_titles(_vocabulary("ContractObjects", portal))) == [
        "lavori",
        "servizi",
        "forniture",
    ]
    assert set(_titles(_vocabulary("AwardCriteria", portal))) == {"ratedCriteria", "priceOnly"}


def test_cpv_vocabulary_knows_every_code_and_accepts_the_check_digit(portal):
    vocabulary = _vocabulary("Cpv", portal)
    assert len(vocabulary) == 9454
    assert "45000000" in vocabulary
    assert "45000001" not in vocabulary
    term = vocabulary.getTermByToken("45000000-7")
    assert term.value == "45000000"
    assert term.title.startswith("45000000 - Lavori di costruzione")
    with pytest.raises(LookupError):
        vocabulary.getTermByToken("99999999")


def test_cpv_search_by_code_prefix_and_words(portal):
    by_code = _vocabulary("Cpv", portal).search("452331")
    assert len(by_code) > 0
    assert all(term.value.startswith("452331") for term in by_code)
    by_words = _vocabulary("Cpv", portal, query="manutenzione strade")
    values = [term.value for term in by_words]
    assert values
    assert all("manutenzione" in t.title.lower() and "strad" in t.title.lower() for t in by_words)
    # A search never lists the whole classification.
    assert len(_vocabulary("Cpv", portal).search("servizi")) <= 50
