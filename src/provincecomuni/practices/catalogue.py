"""The public catalogue of good practices: one catalog query, facets with counts.

Used by the ``/buone-pratiche`` page and by the ``@good-practices`` REST service, so
both answer the same. Only published practices are listed, wherever their
community is and whatever its visibility: the practices stay in their communities
and the catalogue is a query, never a copy.
"""

from BTrees.IIBTree import IITreeSet
from BTrees.IIBTree import intersection
from plone import api
from plone.base.utils import munge_search_term
from provincecomuni.domain import territories
from provincecomuni.vocabularies.pillars import PILLARS
from zope.i18n import translate

import re


PORTAL_TYPE = "GoodPractice"
PUBLISHED = "pubblicata"

# request parameter -> (catalog index, metadata column)
FACETS = (
    ("pillar", "pillar", "pillar"),
    ("region", "practice_regions", "practice_regions"),
    ("province", "practice_provinces", "practice_provinces"),
    ("tag", "Subject", "Subject"),
    ("year", "practice_year", "practice_year"),
)
WORDS = re.compile(r"\w+")
KEYWORD_INDEXES = ("practice_regions", "practice_provinces", "Subject")
SORTS = {
    "adoptions": ("adoption_count", "descending"),
    "recent": ("effective", "descending"),
    "year": ("practice_year", "descending"),
    "title": ("sortable_title", "ascending"),
}
DEFAULT_SORT = "adoptions"


def _values(value):
    if value is None or value == "":
        return []
    if isinstance(value, (list, tuple)):
        return [v for v in value if v not in (None, "")]
    return [value]


def parse(form):
    """The filters of a request's form (or a REST query), cleaned."""
    filters = {}
    for name, _index, _column in FACETS:
        values = [str(v) for v in _values(form.get(name))]
        if name == "year":
            values = [v for v in values if v.isdigit()]
        if values:
            filters[name] = values
    text = (form.get("q") or form.get("SearchableText") or "").strip()
    sort = form.get("sort") if form.get("sort") in SORTS else DEFAULT_SORT
    return filters, text, sort


def query(filters, text, sort):
    catalog_query = {"portal_type": PORTAL_TYPE, "review_state": PUBLISHED}
    for name, index, _column in FACETS:
        if name in filters:
            values = filters[name]
            if name == "year":
                values = [int(v) for v in values]
            if index in KEYWORD_INDEXES:
                # Several values of a multi-valued facet: practices with all of them.
                catalog_query[index] = {"query": values, "operator": "and"}
            else:
                catalog_query[index] = values
    if text:
        # Quoted, with a trailing wildcard, and the operators of the text index
        # neutralised, as Plone's own search does: any text is a valid query.
        words = WORDS.findall(text)
        if words:
            catalog_query["SearchableText"] = munge_search_term(" ".join(words))
    sort_on, sort_order = SORTS[sort]
    catalog_query["sort_on"] = sort_on
    catalog_query["sort_order"] = sort_order
    return catalog_query


def _label(name, value, request):
    if name == "pillar":
        return translate(dict(PILLARS).get(value, value), context=request)
    if name == "province":
        province = territories.province(value)
        return province.name if province else value
    return str(value)


def _result_rids(brains):
    """The record ids of a catalog result, without waking its brains.

    A ZCatalog result (LazyMap) keeps the record ids it will turn into brains in
    ``_seq``; a plain sequence of brains is read one by one.
    """
    rids = getattr(brains, "_seq", None)
    if rids is None:
        rids = [brain.getRID() for brain in brains]
    return IITreeSet(rids)


def _counts(catalog, index_name, rids):
    """value -> number of results having it, from the index's own sets of record ids."""
    index = catalog._catalog.getIndex(index_name)
    counts = {}
    for value, ids in index._index.items():
        # A FieldIndex keeps a lone record id as an int, several as a set.
        number = int(ids in rids) if isinstance(ids, int) else len(intersection(ids, rids))
        if number:
            counts[str(value)] = number
    return counts


def facets(brains, filters, request, catalog=None):
    """For each facet, its values in the results with their counts (most frequent first).

    Counted with the indexes' sets of record ids intersected with the results' (C
    code in BTrees): the cost grows with the number of facet values, not with the
    number of practices found (make bench-practices).
    """
    catalog = catalog or api.portal.get_tool("portal_catalog")
    rids = _result_rids(brains)
    result = []
    for name, index, _column in FACETS:
        chosen = set(filters.get(name, ()))
        values = [
            {
                "value": value,
                "title": _label(name, value, request),
                "count": number,
                "selected": value in chosen,
            }
            for value, number in _counts(catalog, index, rids).items()
        ]
        if name == "year":
            values.sort(key=lambda v: v["value"], reverse=True)
        else:
            values.sort(key=lambda v: (-v["count"], v["title"].lower()))
        result.append({"name": name, "options": values})
    return result


def search(form, request):
    """Run the catalogue's query for ``form``: (brains, facets, filters, text, sort)."""
    filters, text, sort = parse(form)
    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog(**query(filters, text, sort))
    return brains, facets(brains, filters, request, catalog), filters, text, sort
