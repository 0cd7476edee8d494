"""Query parameters of the REST services and the export view, checked one by one.

A bad parameter raises ``ParameterError`` naming it; the services answer 400 with the
name in ``parameter`` and in the message.
"""

from provincecomuni.domain import territories
from provincecomuni.sit.measurements import QUARTER
from provincecomuni.sit.measurements import YEAR


MAX_BATCH = 1000
DEFAULT_BATCH = 100


class ParameterError(ValueError):
    def __init__(self, parameter, message):
        super().__init__(f"{parameter}: {message}")
        self.parameter = parameter
        self.message = f"{parameter}: {message}"


def values(form, name):
    """A parameter given once, repeated (a=1&a=2) or comma-separated (a=1,2)."""
    raw = form.get(name)
    if raw is None:
        return []
    items = raw if isinstance(raw, list | tuple) else [raw]
    return [part.strip() for item in items for part in str(item).split(",") if part.strip()]


def one(form, name):
    items = values(form, name)
    if len(items) > 1:
        raise ParameterError(name, "give one value only")
    return items[0] if items else None


def territory_code(name, code):
    known = territories.province(code) if len(code) == 3 else territories.comune(code)
    if len(code) not in (3, 6) or not code.isdigit() or known is None:
        raise ParameterError(
            name,
            f"{code!r} is not the ISTAT code of a Province (3 digits) or a Comune "
            "(6 digits) of the programme",
        )
    return code


def period(name, value):
    if not (YEAR.match(value) or QUARTER.match(value)):
        raise ParameterError(name, f"{value!r} is not a period like 2025 or 2025-Q1")
    return value


def integer(form, name, default, low, high):
    value = one(form, name)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ParameterError(name, f"{value!r} is not a whole number") from None
    if not low <= number <= high:
        raise ParameterError(name, f"{number} is not between {low} and {high}")
    return number


def indicators(form, specs, required=True):
    codes = values(form, "indicator")
    if required and not codes:
        raise ParameterError("indicator", "give at least one indicator code (see @indicators)")
    unknown = [code for code in codes if code not in specs]
    if unknown:
        raise ParameterError("indicator", f"unknown indicator(s) {', '.join(unknown)}")
    return codes


def measurement_query(form, specs, default_format="json"):
    """The keyword arguments of ``measurements.query`` and the batch/format options."""
    codes = indicators(form, specs)
    places = [territory_code("territory", code) for code in values(form, "territory")]
    province = one(form, "province")
    if province is not None:
        if len(province) != 3 or territories.province(province) is None:
            raise ParameterError(
                "province", f"{province!r} is not the 3-digit ISTAT code of a Province"
            )
        if places:
            raise ParameterError("province", "give either territory or province, not both")
    periods = [period("period", value) for value in values(form, "period")]
    start = one(form, "from")
    end = one(form, "to")
    if start is not None:
        period("from", start)
    if end is not None:
        period("to", end)
    if start and end and start > end:
        raise ParameterError("to", f"{end} is before from={start}")
    output = (one(form, "format") or default_format).lower()
    if output not in ("json", "csv"):
        raise ParameterError("format", f"{output!r} is not json or csv")
    return {
        "query": {
            "indicators": codes,
            "territories_": places,
            "province": province,
            "periods": periods,
            "start": start,
            "end": end,
        },
        "b_start": integer(form, "b_start", 0, 0, 10**9),
        "b_size": integer(form, "b_size", DEFAULT_BATCH, 1, MAX_BATCH),
        "format": output,
    }


def benchmark_query(form):
    code = one(form, "territory")
    if not code:
        raise ParameterError("territory", "give the ISTAT code of a Province or a Comune")
    territory_code("territory", code)
    chosen = one(form, "period")
    if chosen is not None:
        period("period", chosen)
    return code, chosen
