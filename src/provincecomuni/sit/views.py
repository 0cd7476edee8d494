"""Pages of the digital agenda: overview, territory dashboard, comparison, import, export."""

from plone import api
from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView
from provincecomuni import _
from provincecomuni.domain import territories
from provincecomuni.sit import charts
from provincecomuni.sit import measurements
from provincecomuni.sit import params
from provincecomuni.sit.agenda import agenda_progress
from provincecomuni.sit.benchmark import benchmark
from provincecomuni.sit.setup import get_section
from provincecomuni.sit.setup import indicator_objects
from provincecomuni.sit.setup import indicator_specs
from provincecomuni.sit.store import get_store
from provincecomuni.sit.store import MeasurementStore
from provincecomuni.sit.vocabularies import AREAS
from provincecomuni.sit.vocabularies import UNITS
from zope.i18n import translate

import json


MIN_COMPARED, MAX_COMPARED = 2, 5


class AgendaView(BrowserView):
    """What every page of the section shares."""

    def language(self):
        return "en" if api.portal.get_current_language().startswith("en") else "it"

    def store(self):
        return get_store(api.portal.get()) or MeasurementStore()

    def number(self, value, unit):
        return charts.number(value, unit, self.language())

    def title_of(self, item):
        if self.language() == "en" and item.get("title_en"):
            return item["title_en"]
        return item["title"]

    def area_titles(self):
        return {code: translate(label, context=self.request) for code, label in AREAS}

    def provinces(self):
        return sorted(territories.provinces(), key=lambda p: p.name)

    def dashboard_url(self, code):
        return f"{self.context.absolute_url()}/@@dashboard?territory={code}"

    def can_manage(self):
        return api.user.has_permission("provincecomuni: Manage indicators", obj=self.context)


class OverviewView(AgendaView):
    """The section's page: the indicators by area, and the ways into the dashboards."""

    def areas(self):
        titles = self.area_titles()
        groups = {}
        for obj in sorted(indicator_objects(), key=lambda o: o.code):
            groups.setdefault(obj.area, []).append(
                {
                    "code": obj.code,
                    "title": self.title_of({"title": obj.title, "title_en": obj.title_en}),
                    "url": obj.absolute_url(),
                    "unit": translate(UNITS[obj.unit][0], context=self.request),
                    "level": obj.level,
                    "version": obj.methodology_version(),
                    "source": obj.data_source,
                }
            )
        return [
            {"title": titles[code], "indicators": groups[code]}
            for code, _ in AREAS
            if code in groups
        ]

    def measurement_count(self):
        return len(self.store())


class DashboardView(AgendaView):
    """``@@dashboard?territory=004``: one territory's benchmark, charts and table."""

    error = None
    data = None

    def __call__(self):
        try:
            code, period = params.benchmark_query(self.request.form)
        except params.ParameterError as error:
            self.error = error.message
            self.request.response.setStatus(400)
            return self.index()
        self.data = benchmark(self.store(), indicator_specs(), code, period)
        return self.index()

    def territory(self):
        return self.data["territory"]

    def rank_scope(self):
        info = self.territory()
        if info["level"] == "province":
            return "province"
        return "comuni"

    def rows(self):
        language = self.language()
        titles = self.area_titles()
        rows = []
        for item in self.data["indicators"]:
            unit = item["unit"]
            title = self.title_of(item)
            distance = item["distance_to_target"]
            rows.append(
                {
                    **item,
                    "title": title,
                    "area_title": titles.get(item["area"], item["area"]),
                    "value_text": self.number(item["value"], unit),
                    "regional_text": self.number(item["regional_average"], unit),
                    "national_text": self.number(item["national_average"], unit),
                    "target_text": (
                        self.number(item["target"], unit) if item["target"] is not None else ""
                    ),
                    "distance_text": (
                        ("+" if distance > 0 else "") + self.number(distance, unit)
                        if distance is not None
                        else "–"
                    ),
                    "rank_text": f"{item['rank']}/{item['ranked']}" if item["rank"] else "–",
                    "chart": charts.trend(
                        [(p["period"], p["value"]) for p in item["trend"]],
                        unit,
                        title,
                        target=item["target"],
                        language=language,
                    )
                    if item["trend"]
                    else None,
                }
            )
        return rows

    def comuni(self):
        info = self.territory()
        if info["level"] != "province":
            return []
        return [
            {"name": c.name, "url": self.dashboard_url(c.istat_code)}
            for c in territories.comuni_of(info["code"])
        ]

    def province_url(self):
        return self.dashboard_url(self.territory()["province"])

    def csv_url(self):
        codes = ",".join(item["indicator"] for item in self.data["indicators"])
        code = self.territory()["code"]
        return (
            f"{self.context.absolute_url()}/@@export-measurements"
            f"?indicator={codes}&territory={code}&format=csv"
        )


class CompareView(AgendaView):
    """``@@compare?territory=004&territory=036``: two to five territories side by side."""

    error = None
    results = ()

    def __call__(self):
        codes = params.values(self.request.form, "territory")
        if not codes:
            return self.index()
        try:
            if not MIN_COMPARED <= len(set(codes)) <= MAX_COMPARED:
                raise params.ParameterError(
                    "territory", f"choose from {MIN_COMPARED} to {MAX_COMPARED} territories"
                )
            for code in codes:
                params.territory_code("territory", code)
            if len({len(code) for code in codes}) > 1:
                raise params.ParameterError(
                    "territory", "compare Provinces with Provinces, Comuni with Comuni"
                )
        except params.ParameterError as error:
            self.error = error.message
            self.request.response.setStatus(400)
            return self.index()
        store, specs = self.store(), indicator_specs()
        codes = list(dict.fromkeys(codes))
        self.results = [benchmark(store, specs, code) for code in codes]
        return self.index()

    def selected(self):
        return params.values(self.request.form, "territory")

    def territories(self):
        return [result["territory"] for result in self.results]

    def rows(self):
        if not self.results:
            return []
        language = self.language()
        titles = self.area_titles()
        rows = []
        names = [t["name"] for t in self.territories()]
        for index, item in enumerate(self.results[0]["indicators"]):
            unit = item["unit"]
            cells = [result["indicators"][index] for result in self.results]
            title = self.title_of(item)
            rows.append(
                {
                    "indicator": item["indicator"],
                    "title": title,
                    "area_title": titles.get(item["area"], item["area"]),
                    "cells": [
                        {
                            "value_text": self.number(cell["value"], unit),
                            "period": cell["period"] or "",
                            "rank_text": f"{cell['rank']}/{cell['ranked']}" if cell["rank"] else "",
                        }
                        for cell in cells
                    ],
                    "chart": charts.bars(
                        list(zip(names, [cell["value"] for cell in cells], strict=True)),
                        unit,
                        title,
                        language=language,
                    ),
                    "has_values": any(cell["value"] is not None for cell in cells),
                }
            )
        return rows


class ImportView(AgendaView):
    """``@@import-measurements``: upload a CSV; all or nothing unless told otherwise."""

    report = None

    def __call__(self):
        form = self.request.form
        if self.request.method == "POST" and "form.buttons.import" in form:
            CheckAuthenticator(self.request)
            upload = form.get("csvfile")
            data = upload.read() if upload else b""
            if not data:
                self.report = measurements.ImportReport()
                self.report.error(0, "csvfile", "missing_file", "choose a CSV file")
            else:
                from provincecomuni.sit.services import import_text

                try:
                    text = data.decode("utf-8-sig")
                except UnicodeDecodeError:
                    text = data.decode("cp1252")
                self.report = import_text(
                    text, replace=bool(form.get("replace")), partial=bool(form.get("partial"))
                )
        return self.index()

    def columns(self):
        return ", ".join(measurements.COLUMNS)


class ExportView(AgendaView):
    """``@@export-measurements?indicator=...``: the selection as CSV or JSON (all rows)."""

    def __call__(self):
        specs = indicator_specs()
        response = self.request.response
        try:
            options = params.measurement_query(self.request.form, specs, "csv")
        except params.ParameterError as error:
            response.setStatus(400)
            response.setHeader("Content-Type", "text/plain; charset=utf-8")
            return error.message
        rows = measurements.query(self.store(), specs, **options["query"])
        if options["format"] == "json":
            response.setHeader("Content-Type", "application/json")
            response.setHeader("Content-Disposition", 'attachment; filename="misure.json"')
            return json.dumps(list(rows), ensure_ascii=False)
        response.setHeader("Content-Type", "text/csv; charset=utf-8")
        response.setHeader("Content-Disposition", 'attachment; filename="misure.csv"')
        return measurements.to_csv(rows)


STATUS_LABELS = {
    "reached": _("status_reached", default="Reached"),
    "in_progress": _("status_in_progress", default="In progress"),
    "missed": _("status_missed", default="Missed"),
    "no_data": _("status_no_data", default="No data yet"),
}


class DigitalAgendaView(AgendaView):
    """A Province's digital agenda: its objectives and how far each one has come."""

    def __call__(self):
        self.data = agenda_progress(self.context)
        return self.index()

    def province(self):
        province = territories.province(self.context.province or "")
        return province.name if province else ""

    def section_dashboard_url(self):
        section = get_section()
        code = self.context.province
        return f"{section.absolute_url()}/@@dashboard?territory={code}" if section else ""

    def progress_text(self):
        value = self.data["progress"]
        return self.number(value, "percent") if value is not None else "–"

    def objectives(self):
        rows = []
        for item in self.data["objectives"]:
            unit = item["unit"]
            rows.append(
                {
                    **item,
                    "baseline_text": self.number(item["baseline_value"], unit),
                    "latest_text": self.number(item["latest_value"], unit),
                    "target_text": self.number(item["target_value"], unit),
                    "progress_text": (
                        self.number(item["progress"], "percent")
                        if item["progress"] is not None
                        else "–"
                    ),
                    "width": item["progress"] or 0,
                    "status_text": translate(STATUS_LABELS[item["status"]], context=self.request),
                }
            )
        return rows
