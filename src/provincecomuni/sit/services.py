"""REST services: ``@indicators``, ``@measurements`` (GET query, POST import), ``@benchmark``."""

from plone import api
from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.deserializer import json_body
from plone.restapi.services import Service
from provincecomuni.sit import measurements
from provincecomuni.sit import params
from provincecomuni.sit.agenda import agenda_progress
from provincecomuni.sit.benchmark import benchmark
from provincecomuni.sit.setup import indicator_objects
from provincecomuni.sit.setup import indicator_specs
from provincecomuni.sit.store import get_store
from provincecomuni.sit.store import MeasurementStore
from provincecomuni.sit.store import set_store
from urllib.parse import parse_qs
from zope.interface import alsoProvides
from zope.interface import implementer
from zope.publisher.interfaces import IPublishTraverse

import json


def bad_request(request, error):
    request.response.setStatus(400)
    return {"type": "BadRequest", "message": error.message, "parameter": error.parameter}


def serialize_indicator(obj):
    spec = obj.spec()
    return {
        "@id": obj.absolute_url(),
        "code": spec.code,
        "title": obj.title,
        "description": obj.description,
        "title_en": obj.title_en,
        "description_en": obj.description_en or "",
        "area": spec.area,
        "unit": spec.unit,
        "direction": spec.direction,
        "level": spec.level,
        "aggregation": spec.aggregation,
        "frequency": spec.frequency,
        "data_source": obj.data_source,
        "methodology": obj.methodology,
        "methodology_version": spec.methodology_version,
        "methodology_versions": [dict(v) for v in obj.methodology_versions],
        "targets": {str(year): value for year, value in sorted(spec.targets.items())},
    }


@implementer(IPublishTraverse)
class IndicatorsGet(Service):
    """``GET /@indicators`` (optionally ``?area=`` and ``?level=``) or ``/@indicators/CODE``."""

    code = None

    def publishTraverse(self, request, name):
        self.code = name
        return self

    def reply(self):
        objects = sorted(indicator_objects(), key=lambda o: o.code)
        if self.code:
            for obj in objects:
                if obj.code == self.code:
                    return serialize_indicator(obj)
            self.request.response.setStatus(404)
            return {"type": "NotFound", "message": f"unknown indicator {self.code!r}"}
        form = self.request.form
        area = form.get("area")
        level = form.get("level")
        items = [
            serialize_indicator(obj)
            for obj in objects
            if (not area or obj.area == area)
            and (not level or obj.level == level or obj.level == "both")
        ]
        return {
            "@id": f"{self.context.absolute_url()}/@indicators",
            "items": items,
            "items_total": len(items),
        }


class MeasurementsGet(Service):
    """``GET /@measurements?indicator=...``: query, paginated, JSON or ``format=csv``."""

    csv_body = None

    def reply(self):
        specs = indicator_specs()
        try:
            options = params.measurement_query(self.request.form, specs)
        except params.ParameterError as error:
            return bad_request(self.request, error)
        store = get_store(api.portal.get()) or MeasurementStore()
        records = list(measurements.query_records(store, specs, **options["query"]))
        start, size = options["b_start"], options["b_size"]
        if options["format"] == "csv":
            # An export: every row, unless a batch is asked for.
            explicit = "b_size" in self.request.form or "b_start" in self.request.form
            selected = records[start : start + size] if explicit else records
            self.csv_body = measurements.to_csv(measurements.row_of(*r) for r in selected)
            return None
        url = f"{self.context.absolute_url()}/@measurements"
        page = [measurements.row_of(*r) for r in records[start : start + size]]
        result = {"@id": url, "items_total": len(records), "items": page}
        if start + size < len(records):
            query = self.request.get("QUERY_STRING", "")
            result["batching"] = {
                "next_b_start": start + size,
                "b_size": size,
                "query": query,
            }
        return result

    def render(self):
        self.check_permission()
        content = self.reply()
        if self.csv_body is None:
            # Up to 1,000 rows: compact JSON (plone.restapi indents and sorts keys).
            self.request.response.setHeader("Content-Type", self.content_type)
            return json.dumps(content, ensure_ascii=False)
        self.request.response.setHeader("Content-Type", "text/csv; charset=utf-8")
        self.request.response.setHeader(
            "Content-Disposition", 'attachment; filename="measurements.csv"'
        )
        return self.csv_body


class MeasurementsPost(Service):
    """``POST /@measurements``: import a CSV (``text/csv`` body, or JSON with ``csv``).

    JSON options ``replace`` and ``partial`` (default false: all or nothing). With
    errors the answer is 400 with the report, and nothing is written (unless partial).
    """

    def reply(self):
        # Like plone.restapi's own write services: an API call authenticates each
        # request (no cookie to forge), so plone.protect's CSRF check does not apply;
        # without this it would silently abort every import that changes values.
        alsoProvides(self.request, IDisableCSRFProtection)
        content_type = self.request.getHeader("Content-Type") or ""
        options = {}
        if content_type.startswith("text/csv"):
            text = self.request.get("BODY") or b""
            text = text.decode("utf-8-sig") if isinstance(text, bytes) else text
            # The body is the file: the options come in the query string.
            query = parse_qs(self.request.get("QUERY_STRING", ""))
            options = {
                "replace": query.get("replace", [""])[-1] in ("1", "true"),
                "partial": query.get("partial", [""])[-1] in ("1", "true"),
            }
        else:
            data = json_body(self.request)
            text = data.get("csv")
            if not isinstance(text, str) or not text.strip():
                return bad_request(
                    self.request, params.ParameterError("csv", "give the CSV text to import")
                )
            options = {"replace": bool(data.get("replace")), "partial": bool(data.get("partial"))}
        report = import_text(text, **options)
        if report.errors and not report.committed:
            self.request.response.setStatus(400)
        return report.as_dict()


def import_text(text, replace=False, partial=False):
    """Import CSV text into the site's store (created with the first value written)."""
    portal = api.portal.get()
    store = get_store(portal)
    new_store = MeasurementStore() if store is None else None
    report = measurements.import_csv(
        store or new_store, indicator_specs(portal), text, replace, partial
    )
    if new_store is not None and report.committed:
        # The first import: only now does the store become part of the site.
        set_store(portal, new_store)
    return report


class BenchmarkGet(Service):
    """``GET /@benchmark?territory=004[&period=2025]``: ranks, averages, targets, trend."""

    def reply(self):
        try:
            code, period = params.benchmark_query(self.request.form)
        except params.ParameterError as error:
            return bad_request(self.request, error)
        store = get_store(api.portal.get()) or MeasurementStore()
        result = benchmark(store, indicator_specs(), code, period)
        result["@id"] = f"{self.context.absolute_url()}/@benchmark?territory={code}"
        return result


class AgendaProgressGet(Service):
    """``GET <agenda>/@progress``: each objective's progress, computed from the values."""

    def reply(self):
        result = agenda_progress(self.context)
        result["@id"] = f"{self.context.absolute_url()}/@progress"
        return result
