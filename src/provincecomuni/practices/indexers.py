"""What the catalog knows of a practice: the facets, the adoption count, its text."""

from lxml import etree
from plone.indexer import indexer
from provincecomuni.practices import adoptions
from provincecomuni.practices.content import IGoodPractice

import lxml.html


@indexer(IGoodPractice)
def practice_provinces(obj):
    return tuple(obj.provinces or ())


@indexer(IGoodPractice)
def practice_regions(obj):
    return tuple(obj.regions())


@indexer(IGoodPractice)
def practice_year(obj):
    return obj.year


@indexer(IGoodPractice)
def adoption_count(obj):
    return adoptions.count(obj)


def _text(value):
    if value is None:
        return ""
    raw = getattr(value, "raw", None)  # RichTextValue: index its words, not its markup
    if raw is not None:
        return _strip_tags(raw)
    return str(value)


def _strip_tags(html):
    try:
        return lxml.html.fromstring(html).text_content()
    except (etree.ParserError, ValueError):  # empty markup indexes as nothing
        return ""


@indexer(IGoodPractice)
def searchable_text(obj):
    parts = [
        obj.Title(),
        obj.Description(),
        *(obj.Subject() or ()),
        *(_text(getattr(obj, name, None)) for name in TEXT_FIELDS),
    ]
    return " ".join(part for part in parts if part)


TEXT_FIELDS = ("problem", "solution", "results", "resources", "transferability", "contacts")
