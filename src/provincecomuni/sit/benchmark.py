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
    else:
        peers = store.cross_section(spec.code, period, COMUNE, info["province"])
        regional = []
        for province in region_provinces(info["region"]):
            regional.extend(store.cross_section(spec.code, period, COMUNE, province).values())
        national = store.cross_section(spec.code, period, COMUNE).values()
    item.update(
        rank=rank(spec, value, peers.values()),
        ranked=len(peers),
        regional_average=mean(regional),
        national_average=mean(national),
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
