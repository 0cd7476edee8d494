"""Measurements of the digital agenda: import validation, aggregation, ranks and averages.

Plain Python over the BTree store (no Plone site): every expected figure is computed
by hand in the comments.
"""

from datetime import date
from provincecomuni.sit.benchmark import benchmark
from provincecomuni.sit.indicator import IndicatorSpec
from provincecomuni.sit.indicator import parse_targets
from provincecomuni.sit.measurements import import_csv
from provincecomuni.sit.measurements import query
from provincecomuni.sit.measurements import to_csv
from provincecomuni.sit.store import MeasurementStore
from provincecomuni.validation import FieldValueError

import csv
import io
import pytest


TODAY = date(2026, 11, 26)
HEADER = "indicator,territory,period,value,source,collected_on\n"

# Cuneo 004 and Asti 005 (Piemonte), Modena 036 and Ferrara 038 (Emilia-Romagna).
ALBA, CUNEO, AGLIANO, ASTI, MODENA = "004003", "004078", "005001", "005005", "036023"


def specs(**changes):
    items = [
        IndicatorSpec(
            code="SPID",
            title="Servizi con SPID",
            unit="percent",
            level="comune",
            aggregation="mean",
            targets={2025: 60.0},
        ),
        IndicatorSpec(code="PAGOPA", title="Transazioni pagoPA", unit="count", aggregation="sum"),
        IndicatorSpec(
            code="FTTH",
            title="Copertura FTTH",
            unit="percent",
            level="province",
            aggregation="none",
            direction="higher",
        ),
        IndicatorSpec(
            code="DAYS",
            title="Giorni",
            unit="count",
            level="province",
            aggregation="none",
            direction="lower",
        ),
        IndicatorSpec(code="WEIGHTED", title="Pesato", unit="percent", aggregation="weighted_mean"),
        IndicatorSpec(code="QUARTERLY", title="Trimestrale", unit="euro", frequency="quarter"),
    ]
    return {spec.code: spec for spec in items}


def load(store, text, **options):
    return import_csv(store, specs(), HEADER + text, today=TODAY, **options)


def test_valid_file_is_imported_and_reported():
    store = MeasurementStore()
    report = load(store, f"SPID,{ALBA},2025,40,AGID,2025-12-31\nSPID,{CUNEO},2025,80,AGID,\n")
    assert report.errors == []
    assert (report.rows, report.imported, report.committed) == (2, 2, True)
    assert store.get("SPID", ALBA, "2025") == (40.0, "AGID", "2025-12-31", 1, 0)
    # The Province value is computed: mean of 40 and 80.
    assert store.get("SPID", "004", "2025") == (60.0, "computed", "2026-11-26", 1, 2)
    assert report.provinces_computed == 1
    assert len(store) == 3


@pytest.mark.parametrize(
    "row, column, code",
    [
        (f"NOPE,{ALBA},2025,1", "indicator", "unknown_indicator"),
        ("SPID,004999,2025,1", "territory", "unknown_territory"),
        ("SPID,999,2025,1", "territory", "unknown_territory"),
        ("SPID,4003,2025,1", "territory", "unknown_territory"),
        ("SPID,004,2025,1", "territory", "level_not_allowed"),  # computed from the Comuni
        (f"FTTH,{ALBA},2025,1", "territory", "level_not_allowed"),  # Provinces only
        (f"SPID,{ALBA},2025-Q1,1", "period", "bad_period"),
        (f"QUARTERLY,{ALBA},2025,1", "period", "bad_period"),
        (f"SPID,{ALBA},1850,1", "period", "bad_period"),
        (f"SPID,{ALBA},2025,molti", "value", "bad_value"),
        (f"SPID,{ALBA},2025,nan", "value", "bad_value"),
        (f"SPID,{ALBA},2025,100.5", "value", "out_of_range"),
        (f"SPID,{ALBA},2025,-1", "value", "out_of_range"),
        (f"PAGOPA,{ALBA},2025,2.5", "value", "out_of_range"),
        (f"SPID,{ALBA},2025,5,AGID,31/12/2025", "collected_on", "bad_date"),
    ],
)
def test_each_kind_of_bad_row_is_named_and_nothing_is_written(row, column, code):
    store = MeasurementStore()
    report = load(store, f"SPID,{CUNEO},2025,70\n{row}\n")
    assert [(e["line"], e["column"], e["code"]) for e in report.errors] == [(3, column, code)]
    assert report.errors[0]["message"]
    # All or nothing: the good first row is not written either.
    assert (report.imported, report.committed, len(store)) == (0, False, 0)
    assert report.rejected == 1


def test_duplicate_rows_in_the_file_are_refused():
    store = MeasurementStore()
    report = load(store, f"SPID,{ALBA},2025,40\nPAGOPA,{ALBA},2025,3\nSPID,{ALBA},2025,41\n")
    assert [(e["line"], e["code"]) for e in report.errors] == [(4, "duplicate")]
    assert "line 2" in report.errors[0]["message"]
    assert len(store) == 0


def test_values_already_recorded_need_replace():
    store = MeasurementStore()
    load(store, f"SPID,{ALBA},2025,40\nSPID,{CUNEO},2025,80\n")
    report = load(store, f"SPID,{ALBA},2025,50\n")
    assert [e["code"] for e in report.errors] == ["already_recorded"]
    assert store.get("SPID", ALBA, "2025")[0] == 40.0
    report = load(store, f"SPID,{ALBA},2025,50\n", replace=True)
    assert (report.imported, report.replaced) == (1, 1)
    assert store.get("SPID", ALBA, "2025")[0] == 50.0
    # The Province mean follows: (50 + 80) / 2.
    assert store.get("SPID", "004", "2025")[0] == 65.0


def test_partial_import_writes_the_valid_rows_only():
    store = MeasurementStore()
    report = load(store, f"SPID,{ALBA},2025,40\nSPID,{ALBA},2026,140\n", partial=True)
    assert (report.imported, report.rejected, report.committed) == (1, 1, True)
    assert store.get("SPID", ALBA, "2025") is not None
    assert store.get("SPID", ALBA, "2026") is None


def test_missing_columns_and_semicolons_with_decimal_commas():
    store = MeasurementStore()
    report = import_csv(store, specs(), "indicator,territory,value\nSPID,004003,1\n")
    assert [(e["line"], e["column"], e["code"]) for e in report.errors] == [
        (1, "period", "missing_column")
    ]
    report = import_csv(
        store, specs(), f"indicator;territory;period;value\nSPID;{ALBA};2025;40,5\n"
    )
    assert report.errors == []
    assert store.get("SPID", ALBA, "2025")[0] == 40.5


def test_province_aggregation_sum_and_weighted_mean_without_population():
    store = MeasurementStore()
    report = load(
        store,
        f"PAGOPA,{ALBA},2025,100\nPAGOPA,{CUNEO},2025,250\nPAGOPA,{ASTI},2025,7\n"
        f"WEIGHTED,{ALBA},2025,10\n",
    )
    assert store.get("PAGOPA", "004", "2025")[0] == 350.0
    assert store.get("PAGOPA", "005", "2025")[0] == 7.0
    # No population data: the Comune value is kept, the Province value is not invented.
    assert store.get("WEIGHTED", ALBA, "2025")[0] == 10.0
    assert store.get("WEIGHTED", "004", "2025") is None
    assert any("WEIGHTED" in w and "population" in w for w in report.warnings)


def test_methodology_version_is_kept_with_each_value():
    store = MeasurementStore()
    import_csv(store, specs(), HEADER + f"SPID,{ALBA},2024,30\n")
    v2 = {
        **specs(),
        "SPID": IndicatorSpec(code="SPID", title="x", unit="percent", methodology_version=2),
    }
    import_csv(store, v2, HEADER + f"SPID,{ALBA},2025,45\n")
    assert store.get("SPID", ALBA, "2024")[3] == 1
    assert store.get("SPID", ALBA, "2025")[3] == 2


def _benchmark_data():
    store = MeasurementStore()
    report = load(
        store,
        # SPID (higher is better), 2025: Cuneo Province = mean(40, 80) = 60,
        # Asti = mean(30, 50) = 40; in 2024 only Alba (20).
        f"SPID,{ALBA},2024,20\nSPID,{ALBA},2025,40\nSPID,{CUNEO},2025,80\n"
        f"SPID,{AGLIANO},2025,30\nSPID,{ASTI},2025,50\nSPID,{MODENA},2025,90\n"
        # DAYS (lower is better), Provinces: Cuneo 10, Asti 10, Modena 4.
        "DAYS,004,2025,10\nDAYS,005,2025,10\nDAYS,036,2025,4\n",
    )
    assert report.errors == []
    return store


def test_ranks_and_averages_of_a_province_by_hand():
    result = benchmark(_benchmark_data(), specs(), "004")
    by_code = {item["indicator"]: item for item in result["indicators"]}
    spid = by_code["SPID"]
    # Provinces in 2025: Cuneo 60, Asti 40, Modena 90 -> Cuneo is 2nd of 3.
    assert (spid["period"], spid["value"], spid["computed"]) == ("2025", 60.0, True)
    assert (spid["rank"], spid["ranked"]) == (2, 3)
    assert spid["regional_average"] == 50.0  # Piemonte: (60 + 40) / 2
    assert spid["national_average"] == pytest.approx(190 / 3)  # (60 + 40 + 90) / 3
    assert (spid["target"], spid["distance_to_target"], spid["target_met"]) == (60.0, 0.0, True)
    assert spid["trend"] == [{"period": "2024", "value": 20.0}, {"period": "2025", "value": 60.0}]
    days = by_code["DAYS"]
    # Lower is better: Modena 4 is 1st, Cuneo and Asti share rank 2.
    assert (days["rank"], days["ranked"]) == (2, 3)
    assert days["regional_average"] == 10.0
    assert days["national_average"] == 8.0
    assert benchmark(_benchmark_data(), specs(), "036")["indicators"][0]["rank"] == 1


def test_ranks_and_averages_of_a_comune_by_hand():
    result = benchmark(_benchmark_data(), specs(), ALBA)
    assert result["territory"]["province"] == "004"
    codes = [item["indicator"] for item in result["indicators"]]
    assert "DAYS" not in codes and "FTTH" not in codes  # Provinces only
    spid = next(item for item in result["indicators"] if item["indicator"] == "SPID")
    # Comuni of Cuneo in 2025: Alba 40, Cuneo 80 -> Alba is 2nd of 2.
    assert (spid["value"], spid["rank"], spid["ranked"]) == (40.0, 2, 2)
    assert spid["regional_average"] == 50.0  # Piemonte's Comuni: (40 + 80 + 30 + 50) / 4
    assert spid["national_average"] == 58.0  # all five Comuni: 290 / 5
    assert (spid["distance_to_target"], spid["target_met"]) == (-20.0, False)
    # One chosen period instead of the latest.
    old = benchmark(_benchmark_data(), specs(), ALBA, period="2024")["indicators"]
    spid = next(item for item in old if item["indicator"] == "SPID")
    assert (spid["value"], spid["rank"], spid["ranked"], spid["target"]) == (20.0, 1, 1, None)


def test_query_one_province_and_export_round_trip():
    store = _benchmark_data()
    rows = list(query(store, specs(), ["SPID"], province="004"))
    assert [(r["territory"], r["period"]) for r in rows] == [
        (ALBA, "2024"),
        (ALBA, "2025"),
        (CUNEO, "2025"),
    ]
    rows = list(query(store, specs(), ["SPID"], territories_=["004", ALBA], start="2025"))
    assert [(r["territory"], r["value"]) for r in rows] == [("004", 60.0), (ALBA, 40.0)]
    text = to_csv(query(store, specs(), ["SPID"], province="005"))
    parsed = list(csv.DictReader(io.StringIO(text)))
    assert [(r["territory_name"], r["value"]) for r in parsed] == [
        ("Agliano Terme", "30"),
        ("Asti", "50"),
    ]
    # The export of measured values imports into an empty store unchanged.
    other = MeasurementStore()
    assert import_csv(other, specs(), text, today=TODAY).imported == 2
    assert other.get("SPID", "005", "2025")[0] == 40.0


def test_targets_are_parsed_or_refused():
    assert parse_targets("2025: 60\n\n2026=72,5") == {2025: 60.0, 2026: 72.5}
    with pytest.raises(FieldValueError):
        parse_targets("nel 2026 il 70")


@pytest.mark.parametrize("aggregation", ["sum", "mean", "none"])
def test_comune_averages_from_province_records_equal_reading_every_comune(aggregation):
    from provincecomuni.domain import territories
    from provincecomuni.sit.benchmark import comune_averages
    from provincecomuni.sit.benchmark import mean
    from provincecomuni.sit.store import COMUNE

    import random

    spec = IndicatorSpec(code="X", title="x", unit="percent", level="both", aggregation=aggregation)
    rng = random.Random(8)  # noqa: S311 - reproducible test data
    comuni = [c.istat_code for c in territories.comuni() if rng.random() < 0.2]
    text = HEADER + "".join(f"X,{code},2025,{rng.uniform(0, 100):.2f}\n" for code in comuni)
    store = MeasurementStore()
    assert import_csv(store, {"X": spec}, text).errors == []
    regional, national = comune_averages(store, spec, "2025", "Piemonte")
    piemonte = {p.istat_code for p in territories.provinces() if p.region == "Piemonte"}
    values = store.cross_section("X", "2025", COMUNE)
    assert national == pytest.approx(mean(values.values()))
    assert regional == pytest.approx(mean(v for c, v in values.items() if c[:3] in piemonte))
