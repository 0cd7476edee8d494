"""Benchmarking a territory: its latest values, ranks, regional and national averages."""

from provincecomuni.domain import territories
from provincecomuni.sit.measurements import check_period
from provincecomuni.sit.store import COMUNE
from provincecomuni.sit.store import PROVINCE

import math


def mean(values):
    values = list(values)
    return math.fsum(values) / len(values) if values else None


def rank(spec, value, peers):
    """Competition rank of ``value`` among ``peers`` (1 = best, ties share a rank)."""
    return 1 + sum(1 for other in peers if spec.better(other, value))


def applies_to(spec, territory):
    if len(territory) == 3:
        return spec.for_provinces or spec.computed_for_provinces
    return spec.for_comuni


def territory_info(code):
    """Name, level, Province and region of an ISTAT code, or None if unknown."""
    if len(code) == 3:
        province = territories.province(code)
        if province is None:
            return None
        return {
            "code": code,
            "name": province.name,
            "level": "province",
            "province": code,
            "region": province.region,
        }
    comune = territories.comune(code)
    if comune is None:
        return None
    province = territories.province(comune.province_istat_code)
    return {
        "code": code,
        "name": comune.name,
        "level": "comune",
        "province": province.istat_code,
        "province_name": province.name,
        "region": province.region,
    }


def region_provinces(region):
    return [p.istat_code for p in territories.provinces() if p.region == region]


def comune_averages(store, spec, period, region):
    """The mean of the Comuni of the region and of the country in one period.

    When the Province values are sums or means of their Comuni, each computed record
    carries the number of Comuni it was made from, so 76 records give both averages
    (a sum is value, a mean is value x count); otherwise every Comune is read.
    """
    in_region = set(region_provinces(region))
    if spec.computed_for_provinces and spec.aggregation in ("sum", "mean"):
        totals = {True: [0.0, 0], False: [0.0, 0]}
        for province, (value, count) in store.province_totals(spec.code, period).items():
            total = totals[province in in_region]
            total[0] += value * count if spec.aggregation == "mean" else value
            total[1] += count
        region_sum, region_count = totals[True]
        all_sum, all_count = region_sum + totals[False][0], region_count + totals[False][1]
        return (
            region_sum / region_count if region_count else None,
            all_sum / all_count if all_count else None,
        )
    regional = []
    for province in sorted(in_region):
        regional.extend(store.cross_section(spec.code, period, COMUNE, province).values())
    return mean(regional), mean(store.cross_section(spec.code, period, COMUNE).values())


def indicator_benchmark(store, spec, info, period=None):
    """The benchmark of one indicator for one territory (see ``benchmark``)."""
    code = info["code"]
    series = store.series(spec.code, code)
    item = {
        "indicator": spec.code,
        "title": spec.title,
        "title_en": spec.title_en,
        "area": spec.area,
        "unit": spec.unit,
        "direction": spec.direction,
        "period": None,
        "value": None,
        "computed": False,
        "methodology_version": None,
        "rank": None,
        "ranked": 0,
        "regional_average": None,
        "national_average": None,
        "target": None,
        "distance_to_target": None,
        "target_met": None,
        "trend": [{"period": p, "value": r[0]} for p, r in series],
    }
    chosen = [(p, r) for p, r in series if p == period] if period else series[-1:]
    if not chosen:
        return item
    period, record = chosen[0]
    value = record[0]
    item.update(
        period=period,
        value=value,
        computed=bool(record[4]),
        methodology_version=record[3],
    )
    if info["level"] == "province":
        peers = store.cross_section(spec.code, period, PROVINCE)
        regional = [peers[p] for p in region_provinces(info["region"]) if p in peers]
        national = peers.values()
        regional_average, national_average = mean(regional), mean(national)
    else:
        peers = store.cross_section(spec.code, period, COMUNE, info["province"])
        regional_average, national_average = comune_averages(store, spec, period, info["region"])
    item.update(
        rank=rank(spec, value, peers.values()),
        ranked=len(peers),
        regional_average=regional_average,
        national_average=national_average,
    )
    target = spec.targets.get(check_period(spec, period))
    if target is not None:
        item.update(
            target=target,
            distance_to_target=value - target,
            target_met=not spec.better(target, value),
        )
    return item


def benchmark(store, specs, code, period=None):
    """A territory's benchmark over every indicator that applies to its level.

    ``code`` must be a known ISTAT code (see ``territory_info``); ``period`` picks one
    period instead of each indicator's latest.
    """
    info = territory_info(code)
    indicators = [
        indicator_benchmark(store, spec, info, period)
        for spec in sorted(specs.values(), key=lambda s: (s.area, s.code))
        if applies_to(spec, code)
    ]
    return {"territory": info, "indicators": indicators}
