"""Bidders and requirement checks of a tender dossier: every validation rule, in Italian."""

from datetime import date
from decimal import Decimal
from plone import api
from plone.namedfile.file import NamedBlobFile
from provincecomuni.procurement.awards import IAwards
from provincecomuni.validation import FieldValueError
from z3c.form.validator import Data
from zope.i18n import translate
from zope.interface import Invalid
from zope.schema import ValidationError

import pytest


ACME = "01234560017"  # partita IVA: office code 001, Luhn check digit right
BETA = "09876540015"
PERSON = "RSSMRA85T10A562S"  # codice fiscale of a person


def bidder(**changes):
    data = {
        "lot": "1",
        "name": "Acme Costruzioni srl",
        "tax_code": ACME,
        "group_role": None,
        "group_name": None,
        "awardee": False,
        "offer_amount": Decimal("190000.00"),
    }
    data.update(changes)
    return data


def check(**changes):
    data = {
        "tax_code": ACME,
        "document_type": "00024",
        "issuer": "INPS",
        "requested": date(2027, 4, 1),
        "outcome": "positivo",
        "valid_until": date(2027, 7, 30),
        "evidence": None,
    }
    data.update(changes)
    return data


@pytest.fixture
def cuneo(manager_portal):
    return manager_portal["province"]["cuneo"]


@pytest.fixture
def dossier(cuneo):
    lot = {"subject": "Strade", "cpv": "45233141", "status": "IN_LAV"}
    return api.content.create(
        container=cuneo,
        type="TenderDossier",
        title="Manutenzione strade comunali 2027",
        commissioning_comune="004078",
        contract_object="lavori",
        procedure="6",
        award_criterion="priceOnly",
        main_cpv="45233141",
        total_amount=Decimal("350000.00"),
        lots=[
            dict(lot, cig="9050626CD6", amount=Decimal("200000.00")),
            dict(lot, cig="B7E26B1DC7", amount=Decimal("150000.00")),
        ],
    )


def _validate(dossier, name, value):
    IAwards[name].bind(dossier).validate(value)


def _message(error):
    return translate(error.doc(), target_language="it")


def _refused(dossier, name, value):
    with pytest.raises(ValidationError) as error:
        _validate(dossier, name, value)
    assert isinstance(error.value, FieldValueError)
    return _message(error.value)


def test_the_behavior_is_on_the_dossier_and_stores_plain_lists(dossier):
    assert IAwards.providedBy(dossier)
    assert dossier.bidders == [] and dossier.requirement_checks == []
    dossier.bidders = [bidder(awardee=True)]
    _validate(dossier, "bidders", dossier.bidders)


@pytest.mark.parametrize("tax_code", [ACME, PERSON, " 0123 4560 017 "])
def test_valid_partita_iva_and_codice_fiscale(dossier, tax_code):
    _validate(dossier, "bidders", [bidder(tax_code=tax_code)])


@pytest.mark.parametrize("tax_code", ["01234560018", "RSSMRA85T10A562X", "ACME"])
def test_a_wrong_tax_code_names_the_bidder_and_the_field(dossier, tax_code):
    message = _refused(dossier, "bidders", [bidder(), bidder(lot="2", tax_code=tax_code)])
    assert message.startswith("Offerente 2: Codice fiscale / partita IVA:")
    assert "non è un codice fiscale" in message


def test_the_lot_must_be_a_lot_of_the_dossier(dossier):
    _validate(dossier, "bidders", [bidder(lot="2")])
    message = _refused(dossier, "bidders", [bidder(lot="3")])
    assert message == (
        'Offerente 1, Lotto: "3" non è un lotto di questo fascicolo (i suoi lotti vanno da 1 a 2).'
    )
    assert "Offerente 1, Lotto" in _refused(dossier, "bidders", [bidder(lot="primo")])


def test_the_group_role_comes_from_anac_ruolo_oe(dossier):
    _validate(dossier, "bidders", [bidder(group_role="13", group_name="RTI Acme-Beta")])
    message = _refused(dossier, "bidders", [bidder(group_role="RP")])
    assert message.startswith("Offerente 1, Ruolo nel raggruppamento:")


def test_one_proposed_awardee_per_lot(dossier):
    _validate(
        dossier,
        "bidders",
        [bidder(awardee=True), bidder(lot="2", awardee=True), bidder(tax_code=BETA)],
    )
    message = _refused(
        dossier, "bidders", [bidder(awardee=True), bidder(tax_code=BETA, awardee=True)]
    )
    assert message == (
        "Offerente 2, Proposto aggiudicatario: il lotto 1 ha già un proposto aggiudicatario "
        "(offerente 1): uno solo per lotto."
    )


def test_a_company_bids_once_per_lot(dossier):
    message = _refused(dossier, "bidders", [bidder(), bidder(tax_code=" " + ACME)])
    assert "Offerente 2, Codice fiscale / partita IVA" in message
    assert "partecipa già al lotto 1 (offerente 1)" in message


@pytest.mark.parametrize(
    "amount, problem",
    [
        (Decimal("0"), "numero positivo"),
        (Decimal("-5.00"), "numero positivo"),
        (Decimal("100.123"), "due decimali"),
    ],
)
def test_the_offer_amount_is_positive_with_two_decimals(dossier, amount, problem):
    message = _refused(dossier, "bidders", [bidder(offer_amount=amount)])
    assert message.startswith("Offerente 1: Importo offerto (EUR):")
    assert problem in message


def test_name_and_lot_are_required(dossier):
    message = _refused(dossier, "bidders", [bidder(name=None)])
    assert message.startswith("Offerente 1, Operatore economico:")


def test_check_document_type_and_issuer_come_from_anac_lists(dossier):
    _validate(dossier, "requirement_checks", [check(document_type="00004", issuer="MINGIU")])
    message = _refused(dossier, "requirement_checks", [check(), check(document_type="99999")])
    assert message.startswith("Verifica 2, Documento:")
    message = _refused(dossier, "requirement_checks", [check(issuer="INAIL-XYZ")])
    assert message.startswith("Verifica 1, Ente certificante:")


@pytest.mark.parametrize("outcome", ["positivo", "negativo", "in_attesa"])
def test_check_outcomes(dossier, outcome):
    _validate(dossier, "requirement_checks", [check(outcome=outcome)])


def test_an_unknown_outcome_is_refused(dossier):
    message = _refused(dossier, "requirement_checks", [check(outcome="ok")])
    assert message.startswith("Verifica 1, Esito:")


def test_valid_until_is_not_before_the_request(dossier):
    _validate(dossier, "requirement_checks", [check(valid_until=date(2027, 4, 1))])
    _validate(dossier, "requirement_checks", [check(valid_until=None)])
    message = _refused(dossier, "requirement_checks", [check(valid_until=date(2027, 3, 31))])
    assert message == "Verifica 1, Valida fino al: non può precedere la data della richiesta."


def test_the_request_date_is_required(dossier):
    message = _refused(dossier, "requirement_checks", [check(requested=None)])
    assert message.startswith("Verifica 1, Richiesta il:")


def test_a_check_tax_code_is_validated_too(dossier):
    message = _refused(dossier, "requirement_checks", [check(tax_code="01234560018")])
    assert message.startswith("Verifica 1: Codice fiscale / partita IVA:")


def _file(container, id_):
    return api.content.create(
        container=container,
        type="File",
        id=id_,
        title=f"Certificato {id_}",
        file=NamedBlobFile(data=b"%PDF-1.4 test", filename=f"{id_}.pdf"),
    )


def test_the_evidence_is_a_file_of_this_dossier(dossier, cuneo):
    inside = _file(dossier, "durc-acme")
    _validate(dossier, "requirement_checks", [check(evidence=inside.UID())])
    folder = api.content.create(container=dossier, type="Folder", title="Verifiche")
    deeper = _file(folder, "casellario-acme")
    _validate(dossier, "requirement_checks", [check(evidence=deeper.UID())])

    outside = _file(cuneo, "altrove")
    message = _refused(dossier, "requirement_checks", [check(evidence=outside.UID())])
    assert message == (
        "Verifica 1, Documento di riscontro: Certificato altrove non è un file di questo fascicolo."
    )
    message = _refused(dossier, "requirement_checks", [check(evidence=folder.UID())])
    assert "Verifiche non è un file di questo fascicolo" in message
    message = _refused(dossier, "requirement_checks", [check(evidence="0" * 32)])
    assert message == (
        f"Verifica 1, Documento di riscontro: nessun file ha l'identificativo {'0' * 32}."
    )


def test_checks_are_only_for_the_tax_codes_of_bidders(dossier):
    data = Data(IAwards, {"bidders": [bidder()], "requirement_checks": [check()]}, dossier)
    IAwards.validateInvariants(data)
    data = Data(
        IAwards,
        {"bidders": [bidder()], "requirement_checks": [check(), check(tax_code=BETA)]},
        dossier,
    )
    with pytest.raises(Invalid) as error:
        IAwards.validateInvariants(data)
    message = translate(error.value.args[0], target_language="it")
    assert message == (
        "Verifica 2, Codice fiscale / partita IVA: 09876540015 non è il codice fiscale di "
        "alcun offerente."
    )
