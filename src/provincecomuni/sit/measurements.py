"""Import, aggregation, query and export of measured values (plain Python over the store).

Nothing here knows about requests or content: callers pass the indicator definitions as
``{code: IndicatorSpec}`` and a ``MeasurementStore``.
"""

from dataclasses import dataclass
from dataclasses import field
from datetime import date
from provincecomuni.domain import territories
from provincecomuni.sit.store import COMUNE
from provincecomuni.sit.vocabularies import UNITS

import csv
import io
import json
import math
import re


COLUMNS = ("indicator", "territory", "period", "value", "source", "collected_on")
REQUIRED_COLUMNS = ("indicator", "territory", "period", "value")
EXPORT_COLUMNS = (
    "indicator",
    "territory",
    "territory_name",
    "level",
    "period",
    "value",
    "source",
    "collected_on",
    "methodology_version",
    "computed_from",
)
YEAR = re.compile(r"^(\d{4})$")
QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
COMPUTED_SOURCE = "computed"
NO_POPULATION = (
    "the population-weighted mean needs the population of each Comune, which the "
    "platform does not have: choose sum or mean for this indicator"
)


class AggregationError(Exception):
    """A Province value cannot be computed as the definition says."""


def territory_name(code):
    place = territories.province(code) if len(code) == 3 else territories.comune(code)
    return place.name if place else ""


def check_period(spec, period):
    """The period's year, or None if the period does not fit the indicator's frequency."""
    pattern = QUARTER if spec.frequency == "quarter" else YEAR
    match = pattern.match(period or "")
    if not match or not 2000 <= int(match.group(1)) <= 2100:
        return None
    return int(match.group(1))


def period_example(spec):
    return "2025-Q1" if spec.frequency == "quarter" else "2025"


def parse_value(text):
    text = (text or "").strip()
    if "," in text and "." not in text:
        text = text.replace(",", ".")
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(text)
    return value


def range_error(spec, value):
    """Why ``value`` is out of range for the indicator's unit, or None."""
    label, low, high, integer = UNITS[spec.unit]
    if low is not None and value < low:
        return f"{value:g} is below {low:g}, the minimum for unit {spec.unit}"
    if high is not None and value > high:
        return f"{value:g} is above {high:g}, the maximum for unit {spec.unit}"
    if integer and value != int(value):
        return f"{value:g} is not a whole number, as unit {spec.unit} requires"
    return None


# --- aggregation -----------------------------------------------------------------


def province_value(store, spec, province, period):
    """(value, number of Comuni, methodology version) computed from the Comuni, or None."""
    values = store.cross_section(spec.code, period, COMUNE, province)
    if not values:
        return None
    if spec.aggregation == "sum":
        value = math.fsum(values.values())
    elif spec.aggregation == "mean":
        value = math.fsum(values.values()) / len(values)
    elif spec.aggregation == "weighted_mean":
        raise AggregationError(f"{spec.code}: {NO_POPULATION}")
    else:
        return None
    version = max(store.get(spec.code, comune, period)[3] for comune in values)
    return value, len(values), version


def recompute(store, spec, province, period, today=None):
    """Store (or remove) the computed Province value; True if it exists afterwards."""
    result = province_value(store, spec, province, period)
    if result is None:
        store.delete(spec.code, province, period)
        return False
    value, count, version = result
    collected = (today or date.today()).isoformat()
    store.put(spec.code, province, period, (value, COMPUTED_SOURCE, collected, version, count))
    return True


# --- import ----------------------------------------------------------------------


@dataclass
class ImportReport:
    rows: int = 0
    imported: int = 0
    replaced: int = 0
    rejected: int = 0
    committed: bool = False
    provinces_computed: int = 0
    errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)

    def error(self, line, column, code, message):
        self.errors.append({"line": line, "column": column, "code": code, "message": message})

    def as_dict(self):
        return {
            "rows": self.rows,
            "imported": self.imported,
            "replaced": self.replaced,
            "rejected": self.rejected,
            "committed": self.committed,
            "provinces_computed": self.provinces_computed,
            "errors": self.errors,
            "warnings": self.warnings,
        }


def _reader(text):
    sample = text[:4096]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    return csv.DictReader(io.StringIO(text), delimiter=delimiter)


def _validate_row(row, line, specs, store, seen, replace, report):
    """The (key, record) of a valid row, or None after adding its errors to the report."""
    errors_before = len(report.errors)
    code = (row.get("indicator") or "").strip()
    territory = (row.get("territory") or "").strip()
    period = (row.get("period") or "").strip()
    spec = specs.get(code)
    if spec is None:
        report.error(line, "indicator", "unknown_indicator", f"unknown indicator {code!r}")
    is_province = len(territory) == 3 and territories.province(territory) is not None
    is_comune = len(territory) == 6 and territories.comune(territory) is not None
    if not (is_province or is_comune):
        report.error(
            line,
            "territory",
            "unknown_territory",
            f"unknown territory {territory!r}: use the ISTAT code of a Province "
            "(3 digits) or of a Comune (6 digits) of the programme",
        )
    elif spec is not None:
        if is_comune and not spec.for_comuni:
            report.error(
                line,
                "territory",
                "level_not_allowed",
                f"{code} is measured for Provinces only, not for Comune {territory}",
            )
        elif is_province and spec.computed_for_provinces:
            report.error(
                line,
                "territory",
                "level_not_allowed",
                f"the Province value of {code} is computed from its Comuni "
                f"({spec.aggregation}): do not import it",
            )
        elif is_province and not spec.for_provinces:
            report.error(
                line,
                "territory",
                "level_not_allowed",
                f"{code} is measured for Comuni only, not for Province {territory}",
            )
    if spec is not None and check_period(spec, period) is None:
        report.error(
            line,
            "period",
            "bad_period",
            f"period {period!r} is not a {spec.frequency} of {code} (for example "
            f"{period_example(spec)})",
        )
    value = None
    try:
        value = parse_value(row.get("value"))
    except (TypeError, ValueError):
        report.error(line, "value", "bad_value", f"value {row.get('value')!r} is not a number")
    if value is not None and spec is not None:
        problem = range_error(spec, value)
        if problem:
            report.error(line, "value", "out_of_range", problem)
    collected = (row.get("collected_on") or "").strip()
    if collected:
        try:
            date.fromisoformat(collected)
            if not ISO_DATE.match(collected):
                raise ValueError(collected)
        except ValueError:
            report.error(
                line,
                "collected_on",
                "bad_date",
                f"date of collection {collected!r} is not a date like 2025-03-31",
            )
    key = (code, territory, period)
    if key in seen:
        report.error(
            line,
            "period",
            "duplicate",
            f"{code} {territory} {period} is already on line {seen[key]} of this file",
        )
    else:
        seen[key] = line
    if len(report.errors) > errors_before:
        return None
    existing = store.get(*key)
    if existing is not None and not replace:
        report.error(
            line,
            "value",
            "already_recorded",
            f"{code} {territory} {period} is already recorded ({existing[0]:g}): "
            "import with 'replace' to overwrite it",
        )
        return None
    source = (row.get("source") or "").strip()
    return key, (value, source, collected, spec.methodology_version, 0)


def import_csv(store, specs, text, replace=False, partial=False, today=None):
    """Validate every row, then write all of them, or none if one is wrong.

    ``partial=True`` writes the valid rows and reports the others; ``replace=True``
    overwrites values already recorded (otherwise they are errors).
    """
    report = ImportReport()
    text = (text or "").lstrip("\ufeff")
    reader = _reader(text)
    header = [name.strip() for name in (reader.fieldnames or [])]
    reader.fieldnames = header
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if not header or missing:
        report.error(
            1,
            ", ".join(missing) or "indicator",
            "missing_column",
            f"the first line must name the columns {', '.join(COLUMNS)}; "
            f"missing: {', '.join(missing or REQUIRED_COLUMNS)}",
        )
        return report
    unknown = [name for name in header if name not in COLUMNS]
    if unknown:
        report.warnings.append(f"columns ignored: {', '.join(unknown)}")
    valid = []
    seen = {}
    for row in reader:
        if not any((v or "").strip() for v in row.values() if isinstance(v, str)):
            continue
        report.rows += 1
        item = _validate_row(row, reader.line_num, specs, store, seen, replace, report)
        if item is not None:
            valid.append(item)
    report.rejected = report.rows - len(valid)
    if report.errors and not partial:
        return report
    touched = set()
    for key, record in valid:
        report.replaced += store.put(*key, record)
        report.imported += 1
        spec = specs[key[0]]
        if spec.computed_for_provinces and len(key[1]) == 6:
            touched.add((key[0], key[1][:3], key[2]))
    report.provinces_computed, warnings = recompute_all(store, specs, touched, today)
    report.warnings.extend(warnings)
    report.committed = report.imported > 0
    return report


def recompute_all(store, specs, touched, today=None):
    """Recompute the Province values of (indicator, province, period) triples."""
    computed = 0
    failed = set()
    for code, province, period in sorted(touched):
        if code in failed:
            continue
        try:
            computed += recompute(store, specs[code], province, period, today)
        except AggregationError:
            failed.add(code)
    warnings = [
        f"{code}: the Province values were not computed: {NO_POPULATION}" for code in sorted(failed)
    ]
    return computed, warnings


# --- query and export ------------------------------------------------------------


def query(
    store, specs, indicators, territories_=(), province=None, periods=(), start=None, end=None
):
    """The rows of a selection, in (indicator, territory, period) order.

    ``territories_``: ISTAT codes; ``province``: the Comuni of this Province;
    ``periods``: exact periods; ``start``/``end``: inclusive bounds on the period.
    """
    for item in query_records(
        store, specs, indicators, territories_, province, periods, start, end
    ):
        yield row_of(*item)


def query_records(
    store, specs, indicators, territories_=(), province=None, periods=(), start=None, end=None
):
    """Like ``query``, as (indicator, territory, period, record): cheap to count and slice."""
    wanted = set(periods)
    for code in indicators:
        if territories_:
            items = (
                (territory, period, record)
                for territory in sorted(territories_)
                for period, record in store.series(code, territory)
            )
        elif province:
            items = store.comuni_of_province(code, province)
        else:
            items = store.indicator_items(code)
        for territory, period, record in items:
            if wanted and period not in wanted:
                continue
            if start and period < start:
                continue
            if end and period > end and not period.startswith(end):
                continue
            yield code, territory, period, record


def row_of(code, territory, period, record):
    value, source, collected, version, computed_from = record
    return {
        "indicator": code,
        "territory": territory,
        "territory_name": territory_name(territory),
        "level": "province" if len(territory) == 3 else "comune",
        "period": period,
        "value": value,
        "source": source,
        "collected_on": collected,
        "methodology_version": version,
        "computed_from": computed_from,
    }


def to_csv(rows):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(EXPORT_COLUMNS)
    writer.writerows(
        [row[name] if name != "value" else f"{row['value']:.15g}" for name in EXPORT_COLUMNS]
        for row in rows
    )
    return out.getvalue()


def to_json(rows):
    return json.dumps(list(rows), ensure_ascii=False)
