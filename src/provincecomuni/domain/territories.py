"""The Provinces and Comuni of the programme, read from the ISTAT data shipped in ``data/``.

The files are reference data that ships with the code (see ``data/README.md``): they
never change at run time, so parsing them once per process keeps no state that could
differ between instances sharing one database.
"""

from dataclasses import dataclass
from functools import cache
from importlib import resources

import csv
import io


@dataclass(frozen=True)
class Province:
    istat_code: str
    name: str
    sigla: str
    region: str
    region_istat_code: str
    fiscal_code: str
    nuts3: str


@dataclass(frozen=True)
class Comune:
    istat_code: str
    name: str
    province_istat_code: str
    province_sigla: str
    cadastral_code: str
    fiscal_code: str


def _rows(filename):
    text = resources.files("provincecomuni.data").joinpath(filename).read_text("utf-8")
    return list(csv.DictReader(io.StringIO(text)))


@cache
def provinces() -> tuple[Province, ...]:
    """The 76 Provinces of the ordinary-statute regions, in ISTAT code order."""
    return tuple(
        Province(
            istat_code=row["istat_code"],
            name=row["name"],
            sigla=row["sigla"],
            region=row["region"],
            region_istat_code=row["region_istat_code"],
            fiscal_code=row["fiscal_code"],
            nuts3=row["nuts3"],
        )
        for row in _rows("province.csv")
    )


@cache
def comuni() -> tuple[Comune, ...]:
    """The Comuni of those Provinces, in ISTAT code order."""
    return tuple(
        Comune(
            istat_code=row["istat_code"],
            name=row["name"],
            province_istat_code=row["province_istat_code"],
            province_sigla=row["province_sigla"],
            cadastral_code=row["cadastral_code"],
            fiscal_code=row["fiscal_code"],
        )
        for row in _rows("comuni.csv")
    )


@cache
def _province_index() -> dict[str, Province]:
    return {p.istat_code: p for p in provinces()}


@cache
def _comune_index() -> dict[str, Comune]:
    return {c.istat_code: c for c in comuni()}


@cache
def _comuni_by_province() -> dict[str, tuple[Comune, ...]]:
    grouped: dict[str, list[Comune]] = {}
    for comune in comuni():
        grouped.setdefault(comune.province_istat_code, []).append(comune)
    return {code: tuple(items) for code, items in grouped.items()}


def province(istat_code: str) -> Province | None:
    """The Province with this 3-digit ISTAT code, or None."""
    return _province_index().get(istat_code)


def comune(istat_code: str) -> Comune | None:
    """The Comune with this 6-digit ISTAT code, or None."""
    return _comune_index().get(istat_code)


def comuni_of(province_istat_code: str) -> tuple[Comune, ...]:
    """The Comuni of one Province, in ISTAT code order (empty for an unknown code)."""
    return _comuni_by_province().get(province_istat_code, ())
