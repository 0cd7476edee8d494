"""The reference data of Provinces and Comuni, read from the copies shipped in the package."""

from provincecomuni.domain import codes
from provincecomuni.domain import territories

import pytest


def test_76_provinces_of_15_regions():
    provinces = territories.provinces()
    assert len(provinces) == 76
    assert len({p.region for p in provinces}) == 15
    assert len({p.istat_code for p in provinces}) == 76
    assert len({p.sigla for p in provinces}) == 76


def test_5554_comuni_each_in_a_known_province():
    comuni = territories.comuni()
    assert len(comuni) == 5554
    assert len({c.istat_code for c in comuni}) == 5554
    known = {p.istat_code for p in territories.provinces()}
    assert {c.province_istat_code for c in comuni} <= known


def test_comuni_of_a_province():
    cuneo = territories.province("004")
    assert (cuneo.name, cuneo.sigla, cuneo.region) == ("Cuneo", "CN", "Piemonte")
    comuni = territories.comuni_of("004")
    assert len(comuni) == 247
    assert {"Cuneo", "Alba", "Bra"} <= {c.name for c in comuni}
    assert all(c.province_sigla == "CN" for c in comuni)


def test_unknown_codes():
    assert territories.province("999") is None
    assert territories.comune("999999") is None
    assert territories.comuni_of("999") == ()


@pytest.mark.parametrize("fiscal_code", [p.fiscal_code for p in territories.provinces()])
def test_every_province_fiscal_code_is_valid(fiscal_code):
    assert codes.is_fiscal_code(fiscal_code)


def test_fiscal_code_check_digit_is_verified():
    assert codes.is_fiscal_code("80005210028")  # Provincia di Vercelli
    assert not codes.is_fiscal_code("80005210027")
    assert not codes.is_fiscal_code("8000521002")
    assert not codes.is_fiscal_code("")


def test_a_body_fiscal_code_is_eleven_digits():
    assert codes.is_body_fiscal_code("00447820044")  # Provincia di Cuneo
    assert not codes.is_body_fiscal_code("RSSMRA85T10A562S")  # a person's: valid, not a body's
    assert codes.is_fiscal_code("RSSMRA85T10A562S")
