"""Procurement codes and rules: CIG check codes, CUP, CPV, EU thresholds, procedure fit."""

from datetime import date
from decimal import Decimal
from provincecomuni.domain import procurement

import pytest


@pytest.mark.parametrize(
    "code, family",
    [
        ("9050626CD6", "simog-v1"),  # known valid (DOMAIN.md)
        ("B7E26B1DC7", "simog-v2"),  # known valid, the PCP kind issued since 2024
        ("b7e26b1dc7", "simog-v2"),  # typed in lower case
        ("X3D1234567", "smartcig"),  # 0x1234567 * 211 mod 251 = 0x3D
    ],
)
def test_valid_cig_of_every_family(code, family):
    assert procurement.cig_family(code) == family
    assert procurement.is_cig(code)


@pytest.mark.parametrize(
    "code",
    [
        "B7E26B1DC8",  # known invalid: wrong check code
        "9050626CD7",  # Simog v1, check code off by one
        "0000000000",  # Simog v1 with all zeros
        "X3E1234567",  # SmartCIG, wrong check code
        "X000000000",  # SmartCIG with all zeros
        "V7E26B1DC7",  # V is not a Simog v2 letter
        "B7E26B1DC",  # 9 characters
        "",
        None,
    ],
)
def test_invalid_cig(code):
    assert procurement.cig_family(code) is None


def test_cup_has_15_letters_and_digits():
    assert procurement.is_cup("J11B22000110006")
    assert not procurement.is_cup("J11B2200011000")
    assert not procurement.is_cup("J11B22000110006X")
    assert not procurement.is_cup("J11B-2000110006")


def test_cpv_accepts_a_written_check_digit_and_must_exist():
    assert len(procurement.cpv_codes()) == 9454
    assert procurement.normalize_cpv("45000000-7") == "45000000"
    assert procurement.normalize_cpv("45000000") == "45000000"
    assert procurement.normalize_cpv("45000001") is None  # well formed, not a CPV code
    assert procurement.normalize_cpv("4500000") is None


def test_cpv_search_by_code_prefix_and_italian_words():
    assert [c.code for c in procurement.search_cpv("4521", limit=3)] == [
        "45210000",
        "45211000",
        "45211100",
    ]
    labels = [c.label_it.lower() for c in procurement.search_cpv("lavori stradali")]
    assert labels and all("lavori" in label and "stradali" in label for label in labels)


def test_anac_code_lists():
    procedures = {c.code: c.label_it for c in procurement.anac_codes("sceltaContraente")}
    assert procedures["6"] == "Aperta"
    assert procedures["10"] == "Affidamento diretto"


@pytest.mark.parametrize(
    "contract_object, on, amount",
    [
        ("lavori", date(2025, 6, 30), "5538000"),
        ("lavori", date(2026, 1, 1), "5404000"),
        ("servizi", date(2025, 12, 31), "221000"),
        ("forniture", date(2027, 12, 31), "216000"),
    ],
)
def test_eu_threshold_by_date(contract_object, on, amount):
    assert procurement.eu_threshold(contract_object, on).amount == Decimal(amount)


def test_procedure_fit_warnings():
    on = date(2026, 3, 1)
    fits = procurement.procedure_warnings("10", "servizi", Decimal("139999.99"), on)
    assert fits == []
    direct_too_big = procurement.procedure_warnings("10", "servizi", Decimal("140000"), on)
    assert [w.default.split()[0] for w in direct_too_big] == ["Direct"]
    above_eu = procurement.procedure_warnings("5", "lavori", Decimal("6000000"), on)
    assert "EU threshold" in above_eu[0].default
    assert above_eu[0].mapping["threshold"] == "5.404.000,00"
    assert procurement.procedure_warnings("6", "lavori", Decimal("6000000"), on) == []
    no_data = procurement.procedure_warnings("6", "lavori", Decimal("1"), date(2030, 1, 1))
    assert "No EU threshold" in no_data[0].default


def test_amounts_are_written_the_italian_way():
    from provincecomuni.domain.formatting import italian_amount

    assert italian_amount(Decimal("12345.5")) == "12.345,50"
    assert italian_amount(5404000) == "5.404.000,00"
    assert italian_amount(Decimal("1500000.40"), decimals=0) == "1.500.000"
    assert italian_amount(None) == ""
