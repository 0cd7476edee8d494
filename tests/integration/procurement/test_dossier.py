"""The TenderDossier type: where it may be added, its fields and their checks."""

from decimal import Decimal
from plone import api
from provincecomuni.procurement.content import ITenderDossier
from provincecomuni.validation import FieldValueError
from zope.i18n import translate
from zope.schema import ValidationError

import pytest


def lot(**changes):
    data = {
        "cig": "9050626CD6",
        "subject": "Strade del centro",
        "amount": Decimal("200000.00"),
        "cpv": "45233141",
        "status": "IN_LAV",
    }
    data.update(changes)
    return data


@pytest.fixture
def cuneo(manager_portal):
    return manager_portal["province"]["cuneo"]


@pytest.fixture
def dossier(cuneo):
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
        lots=[lot(), lot(cig="B7E26B1DC7", amount=Decimal("150000.00"))],
    )


def _validate(context, name, value):
    ITenderDossier[name].bind(context).validate(value)


def _message(error):
    return translate(error.doc(), target_language="it")


def test_a_dossier_is_added_only_in_a_province_community(manager_portal, cuneo):
    assert "TenderDossier" in [fti.getId() for fti in cuneo.allowedContentTypes()]
    for container in (
        manager_portal["reti-tematiche"]["community-sua"],
        manager_portal["buone-pratiche"],
        manager_portal,
    ):
        assert "TenderDossier" not in [fti.getId() for fti in container.allowedContentTypes()]
    with pytest.raises(api.exc.InvalidParameterError):
        api.content.create(
            container=manager_portal["buone-pratiche"], type="TenderDossier", title="Fuori posto"
        )


def test_the_dossier_keeps_its_data_and_follows_the_tender_workflow(dossier):
    assert dossier.lots_total() == Decimal("350000.00")
    assert [row["cig"] for row in dossier.lots] == ["9050626CD6", "B7E26B1DC7"]
    assert api.content.get_state(dossier) == "bozza"
    chain = api.portal.get_tool("portal_workflow").getChainFor(dossier)
    assert chain == ("provincecomuni_tender_workflow",)


@pytest.mark.parametrize("cig", ["9050626CD6", "B7E26B1DC7", "X3D1234567"])
def test_valid_cig_of_every_family(dossier, cig):
    _validate(dossier, "lots", [lot(cig=cig)])


@pytest.mark.parametrize(
    "cig",
    [
        "9050626CD7",  # Simog v1, wrong check characters
        "B7E26B1DC8",  # Simog v2 / PCP, wrong check characters
        "X3E1234567",  # SmartCIG, wrong check characters
        "0000000000",
        "B7E26B1DC",
    ],
)
def test_invalid_cig_is_refused_naming_the_lot(dossier, cig):
    with pytest.raises(FieldValueError) as error:
        _validate(dossier, "lots", [lot(), lot(cig=cig)])
    message = _message(error.value)
    assert message.startswith("Lotto 2: CIG:")
    assert cig in message


def test_a_lot_without_subject_names_the_lot_and_the_field(dossier):
    with pytest.raises(FieldValueError) as error:
        _validate(dossier, "lots", [lot(subject=None)])
    assert _message(error.value).startswith("Lotto 1, Oggetto del lotto:")


def test_a_dossier_needs_at_least_one_lot(dossier):
    with pytest.raises(ValidationError):
        _validate(dossier, "lots", [])


def test_lot_state_and_cpv_come_from_their_lists(dossier):
    with pytest.raises(FieldValueError) as error:
        _validate(dossier, "lots", [lot(status="APERTO")])
    assert _message(error.value).startswith("Lotto 1, Stato:")
    with pytest.raises(FieldValueError) as error:
        _validate(dossier, "lots", [lot(cpv="45233149")])
    assert _message(error.value).startswith("Lotto 1, CPV:")


def test_cup_format(dossier):
    _validate(dossier, "cups", ["D27H22000010001"])
    with pytest.raises(ValidationError):
        _validate(dossier, "cups", ["D27H2200001000"])  # 14 characters
    with pytest.raises(FieldValueError) as error:
        ITenderDossier["cups"].value_type.validate("D27H22-00010001")
    assert "CUP: D27H22-00010001 non è un CUP valido" in _message(error.value)


def test_cpv_codes_must_exist(dossier):
    _validate(dossier, "main_cpv", "45233141")
    _validate(dossier, "secondary_cpvs", ["45233142", "71000000"])
    with pytest.raises(ValidationError):
        _validate(dossier, "main_cpv", "45233149")
    with pytest.raises(ValidationError):
        _validate(dossier, "secondary_cpvs", ["12345678"])


@pytest.mark.parametrize("name", ["total_amount", "safety_costs", "options_amount"])
def test_amounts_are_positive_with_two_decimals(dossier, name):
    _validate(dossier, name, Decimal("1234.50"))
    with pytest.raises(FieldValueError) as error:
        _validate(dossier, name, Decimal("-1.00"))
    assert "l'importo deve essere un numero positivo di euro" in _message(error.value)
    with pytest.raises(FieldValueError) as error:
        _validate(dossier, name, Decimal("10.005"))
    assert "usa al massimo due decimali" in _message(error.value)


def test_a_zero_total_is_refused_but_no_safety_costs_are_fine(dossier):
    _validate(dossier, "safety_costs", Decimal("0"))
    with pytest.raises(FieldValueError):
        _validate(dossier, "total_amount", Decimal("0.00"))


def test_lot_amounts_are_checked(dossier):
    with pytest.raises(FieldValueError) as error:
        _validate(dossier, "lots", [lot(amount=Decimal("100.001"))])
    assert _message(error.value).startswith("Lotto 1: Importo del lotto (EUR): usa al massimo")


def test_commissioning_comune_is_a_comune_of_the_province(dossier):
    _validate(dossier, "commissioning_comune", "004078")  # Cuneo
    with pytest.raises(ValidationError):
        _validate(dossier, "commissioning_comune", "036023")  # Modena: another Province


def test_the_add_form_speaks_italian(cuneo):
    request = cuneo.REQUEST
    request["LANGUAGE"] = "it"
    page = cuneo.restrictedTraverse("++add++TenderDossier")()
    for label in (
        "Oggetto della gara",
        "Comune committente",
        "Procedura di scelta del contraente",
        "Criterio di aggiudicazione",
        "CPV principale",
        "Importo complessivo (EUR)",
        "Oneri per la sicurezza (EUR)",
        "Termine per la presentazione delle offerte",
        "Lotti",
        "Oggetto del lotto",
        "Offerta economicamente più vantaggiosa",
        "Affidamento diretto",
    ):
        assert label in page, label


def test_the_dossier_page_shows_summary_lots_and_dates(dossier):
    from datetime import date
    from datetime import datetime

    dossier.publication_date = date(2027, 2, 1)
    dossier.offer_deadline = datetime(2027, 3, 1, 12, 0)
    dossier.safety_costs = Decimal("12000.50")
    request = dossier.REQUEST
    request["LANGUAGE"] = "it"
    page = dossier.restrictedTraverse("@@view")()
    for text in (
        "Sintesi della gara",
        "Comune committente",
        "Cuneo (CN)",
        "Aperta",
        "Lavori",
        "Minor prezzo",
        "45233141 - Lavori di manutenzione stradale",
        "350.000,00 €",
        "12.000,50 €",
        # The lots table, its total and the dates.
        "9050626CD6",
        "B7E26B1DC7",
        "200.000,00 €",
        "150.000,00 €",
        "In lavorazione",
        "Totale dei lotti",
        "Pubblicazione",
        "01/02/2027",
        "Termine per la presentazione delle offerte",
        "01/03/2027 12:00",
    ):
        assert text in page, text


def test_rup_and_phase_delegates_are_users_of_the_site(dossier):
    api.user.create(email="rup@example.org", username="rup", password="Una-password-lunga-1")  # noqa: S106
    _validate(dossier, "rup", "rup")
    _validate(dossier, "phase_delegates", ["rup"])
    with pytest.raises(ValidationError):
        _validate(dossier, "rup", "nessuno")
    with pytest.raises(ValidationError):
        _validate(dossier, "phase_delegates", ["nessuno"])
