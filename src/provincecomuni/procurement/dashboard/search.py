"""The SUA listing's query: filters read from the request, counts per filter value,
sorting and batching. Everything comes from the catalog (indexes and metadata);
no dossier is woken up.

Counts are "disjunctive": the counts of a filter are computed with every other
filter applied but not itself, so a user sees how many dossiers each alternative
would give. They are intersections of the filtered result's record ids with the
index's own sets (one per value): a handful of catalog searches per page, whatever
the number of dossiers.
"""

from BTrees.IIBTree import IISet
from BTrees.IIBTree import IITreeSet
from BTrees.IIBTree import intersection
from datetime import date
from datetime import timedelta
from decimal import Decimal
from decimal import InvalidOperation
from plone import api
from provincecomuni import _
from provincecomuni.domain import procurement
from provincecomuni.domain import territories
from provincecomuni.procurement import checks
from zope.component import getUtility
from zope.i18n import translate
from zope.schema.interfaces import IVocabularyFactory

import re


PAGE_SIZE = 25
PORTAL_TYPE = "TenderDossier"

# Facet (request name) -> catalog index.
FACETS = (
    ("state", "review_state"),
    ("comune", "tender_comune"),
    ("procedure", "tender_procedure"),
    ("object", "tender_contract_object"),
    ("cpv", "tender_cpv"),
)
INDEX_OF = dict(FACETS)

# Sortable columns: request value -> catalog index.
SORTS = {
    "title": "sortable_title",
    "comune": "tender_comune",
    "procedure": "tender_procedure",
    "amount": "tender_amount",
    "deadline": "tender_next_deadline",
    "state": "review_state",
    "modified": "modified",
}
DEFAULT_SORT = "deadline"

CPV_FILTER = re.compile(r"^\d{2,8}$")
THOUSANDS = re.compile(r"^\d{1,3}(\.\d{3})+$")


class FilterError(ValueError):
    """A filter value that cannot be used; ``field`` is the request name."""

    def __init__(self, field, message):
        super().__init__(message)
        self.field = field
        self.message = message


def week_of(today):
    """Monday and Sunday of the week of ``today``."""
    monday = today - timedelta(days=today.weekday())
    return monday, monday + timedelta(days=6)


def _amount(form, name, label):
    raw = (form.get(name) or "").strip()
    if not raw:
        return None
    # Italian (1.234,50 or 400.000) or plain (1234.50) writing.
    text = raw.replace(" ", "").replace("€", "")
    if "," in text or THOUSANDS.match(text):
        text = text.replace(".", "").replace(",", ".")
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite() or value < 0:
        raise FilterError(
            name,
            _(
                "error_filter_amount",
                default="${field}: ${value} is not an amount in euro (for example 150.000,00).",
                mapping={"field": label, "value": raw},
            ),
        )
    return float(value)


class DossierSearch:
    """The dossiers of one Province community that match a request's filters."""

    def __init__(self, community, form, today=None):
        self.community = community
        self.today = today or date.today()
        self.catalog = api.portal.get_tool("portal_catalog")
        self.errors = []
        self.selected = {}
        for name, _index in FACETS:
            value = form.get(name)
            if isinstance(value, (list, tuple)):
                value = value[0] if value else None
            value = (value or "").strip()
            if value:
                self.selected[name] = value
        cpv = self.selected.get("cpv")
        if cpv is not None and not CPV_FILTER.match(cpv):
            self.errors.append(
                FilterError(
                    "cpv",
                    _(
                        "error_filter_cpv",
                        default="CPV: write 2 to 8 digits of a code (for example 45 or "
                        "45233), without the check digit.",
                    ),
                )
            )
            del self.selected["cpv"]
        self.amount_min = self._amount(form, "amount_min", _("label_amount_min", "Amount from"))
        self.amount_max = self._amount(form, "amount_max", _("label_amount_max", "Amount up to"))
        self.week = bool(form.get("week"))
        self.checks = bool(form.get("checks"))
        self._rids = {}

    def _amount(self, form, name, label):
        try:
            return _amount(form, name, label)
        except FilterError as error:
            self.errors.append(error)
            return None

    @property
    def path(self):
        return "/".join(self.community.getPhysicalPath())

    def query(self, without=None):
        """The catalog query of the selected filters, except the facet ``without``."""
        query = {"portal_type": PORTAL_TYPE, "path": {"query": self.path, "depth": -1}}
        for name, value in self.selected.items():
            if name != without:
                query[INDEX_OF[name]] = value
        if self.amount_min is not None and self.amount_max is not None:
            query["tender_amount"] = {
                "query": (self.amount_min, self.amount_max),
                "range": "min:max",
            }
        elif self.amount_min is not None:
            query["tender_amount"] = {"query": self.amount_min, "range": "min"}
        elif self.amount_max is not None:
            query["tender_amount"] = {"query": self.amount_max, "range": "max"}
        if self.week and without != "week":
            monday, sunday = week_of(self.today)
            query["tender_deadlines"] = {
                "query": (monday.isoformat(), sunday.isoformat()),
                "range": "min:max",
            }
        if self.checks and without != "checks":
            query["tender_checks_expiry"] = self.checks_query()
        return query

    def checks_query(self):
        """Dossiers whose current requirement checks expired or expire soon (the
        awards' setting says how soon)."""
        horizon = self.today + timedelta(days=checks.expiring_days())
        return {"query": horizon, "range": "max"}

    def checks_count(self):
        query = self.query(without="checks")
        query["tender_checks_expiry"] = self.checks_query()
        return self.catalog.searchResults(**query).actual_result_count

    def results(self, sort="", order="", b_start=0, b_size=PAGE_SIZE):
        """One page of brains (a lazy sequence: ``actual_result_count`` is the total)."""
        query = self.query()
        query["sort_on"] = SORTS.get(sort, SORTS[DEFAULT_SORT])
        query["sort_order"] = "descending" if order == "desc" else "ascending"
        if b_size is not None:
            query["b_start"] = max(int(b_start), 0)
            query["b_size"] = b_size
        return self.catalog.searchResults(**query)

    def all_results(self, sort="", order=""):
        """Every matching brain, sorted (for the CSV export): lazy, read as streamed."""
        return self.results(sort, order, b_size=None)

    # Counts ------------------------------------------------------------------------

    def rids(self, without=None):
        """The record ids of the dossiers the query (without one facet) finds, as a set."""
        query = self.query(without)
        key = repr(sorted(query.items(), key=lambda item: item[0]))
        if key not in self._rids:
            found = self.catalog.searchResults(**query)
            sequence = getattr(found, "_seq", None)
            if sequence is None:  # an empty LazyCat, or another lazy kind
                sequence = [brain.getRID() for brain in found]
            self._rids[key] = IITreeSet(sequence)
        return self._rids[key]

    def _counts(self, facet, values):
        """``{value: count}`` of the values among the results of the other filters."""
        index = self.catalog._catalog.getIndex(INDEX_OF[facet])
        found = self.rids(without=facet)
        counts = {}
        if not found:
            return counts
        for value in values:
            rids = index._index.get(value)
            if rids is None:
                continue
            if isinstance(rids, int):
                rids = IISet((rids,))
            number = len(intersection(found, rids))
            if number:
                counts[value] = number
        return counts

    def facet_options(self, request):
        """``{facet: [{value, title, count, selected}]}`` for the filter controls."""
        options = {}
        labels = self.labels(request)
        for facet, _index in FACETS:
            values = self._values(facet)
            counts = self._counts(facet, values)
            selected = self.selected.get(facet)
            rows = [
                {
                    "value": value,
                    "title": labels[facet].get(value, value),
                    "count": counts.get(value, 0),
                    "selected": value == selected,
                }
                for value in values
                if counts.get(value) or value == selected
            ]
            if facet != "cpv":
                rows.sort(key=lambda row: row["title"].lower())
            options[facet] = rows
        return options

    def week_count(self):
        monday, sunday = week_of(self.today)
        query = self.query(without="week")
        query["tender_deadlines"] = {
            "query": (monday.isoformat(), sunday.isoformat()),
            "range": "min:max",
        }
        return self.catalog.searchResults(**query).actual_result_count

    def _values(self, facet):
        """The values a facet can take in this community."""
        if facet == "comune":
            return [c.istat_code for c in territories.comuni_of(self.community.istat_code)]
        if facet == "cpv":
            # The CPV divisions (two digits); a longer filter typed by hand is kept.
            values = [f"{number:02d}" for number in range(100)]
            selected = self.selected.get("cpv")
            if selected and selected not in values:
                values.insert(0, selected)
            return values
        index = self.catalog._catalog.getIndex(INDEX_OF[facet])
        return list(index.uniqueValues())

    def labels(self, request):
        """``{facet: {value: translated title}}``."""
        return labels(request)


def _vocabulary_titles(name, request):
    vocabulary = getUtility(IVocabularyFactory, name)(None)
    return {term.value: translate(term.title, context=request) for term in vocabulary}


def state_titles(request):
    """``{state id: translated title}`` from the workflows of the site (the tender
    workflow's titles win over those of other workflows with the same state ids)."""
    workflow = api.portal.get_tool("portal_workflow")
    titles = {}
    definitions = sorted(workflow.objectValues("Workflow"), key=lambda wf: "tender" in wf.getId())
    for definition in definitions:
        for state_id, state in getattr(definition, "states", {}).items():
            titles[state_id] = translate(state.title or state_id, domain="plone", context=request)
    return titles


def cpv_division_titles():
    codes = procurement.cpv_codes()
    return {
        f"{number:02d}": codes[f"{number:02d}000000"].label_it
        for number in range(100)
        if f"{number:02d}000000" in codes
    }


def labels(request):
    """The titles of the filter values, in the request's language."""
    return {
        "state": state_titles(request),
        "comune": {c.istat_code: c.name for c in territories.comuni()},
        "procedure": _vocabulary_titles("provincecomuni.procurement.Procedures", request),
        "object": _vocabulary_titles("provincecomuni.procurement.ContractObjects", request),
        "cpv": cpv_division_titles(),
    }
