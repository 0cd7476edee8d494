"""The classification plan (titolario): data, vocabulary, CSV import and export.

The plan lives in the site's annotations as an OOBTree keyed by class index
(``"1"``, ``"1.2"``...); each class has a title, a description and a retention
period in years (0 = permanent). Administrators replace it by importing a CSV file;
the import checks every row first and changes nothing when one is wrong.
"""

from BTrees.OOBTree import OOBTree
from plone import api
from provincecomuni import _
from zope.annotation.interfaces import IAnnotations
from zope.interface import provider
from zope.schema.interfaces import IVocabularyFactory
from zope.schema.vocabulary import SimpleTerm
from zope.schema.vocabulary import SimpleVocabulary

import csv
import io
import pathlib
import re


KEY = "provincecomuni.records.titolario"
COLUMNS = ("index", "title", "description", "retention_years")
INDEX = re.compile(r"^\d{1,3}(\.\d{1,3}){0,4}$")
DEFAULT_PLAN = pathlib.Path(__file__).parent.parent / "data" / "titolario.csv"


class PlanError(ValueError):
    """A CSV plan that cannot be imported; ``messages`` names each row and column."""

    def __init__(self, messages):
        super().__init__("; ".join(str(m) for m in messages))
        self.messages = messages


def sort_key(index):
    return tuple(int(part) for part in index.split("."))


def get_plan(portal=None):
    """The plan as a read-only mapping (empty when none was loaded)."""
    portal = portal if portal is not None else api.portal.get()
    return IAnnotations(portal).get(KEY, {})


def classes(portal=None):
    """The classes in plan order, as dicts with ``index`` and ``level``."""
    plan = get_plan(portal)
    result = []
    for index in sorted(plan.keys(), key=sort_key):
        entry = dict(plan[index])
        entry["index"] = index
        entry["level"] = index.count(".") + 1
        result.append(entry)
    return result


def parse_csv(text):
    """Check a CSV plan; return its classes or raise PlanError naming each problem."""
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise PlanError(
            [
                _(
                    "error_titolario_columns",
                    default="Missing columns: ${columns} (expected ${expected}).",
                    mapping={"columns": ", ".join(missing), "expected": ", ".join(COLUMNS)},
                )
            ]
        )
    entries, errors = {}, []
    for line, row in enumerate(reader, start=2):
        index = (row.get("index") or "").strip()
        title = (row.get("title") or "").strip()
        retention = (row.get("retention_years") or "").strip()

        mapping = {"line": line, "index": index}
        if not INDEX.match(index):
            errors.append(
                _(
                    "error_titolario_index",
                    default="Line ${line}, index: '${index}' is not a class index such as "
                    "1 or 1.2.",
                    mapping=mapping,
                )
            )
            continue
        if index in entries:
            errors.append(
                _(
                    "error_titolario_duplicate",
                    default="Line ${line}, index: class ${index} appears twice.",
                    mapping=mapping,
                )
            )
        if "." in index and index.rsplit(".", 1)[0] not in entries:
            errors.append(
                _(
                    "error_titolario_parent",
                    default="Line ${line}, index: the parent of class ${index} must come "
                    "before it.",
                    mapping=mapping,
                )
            )
        if not title:
            errors.append(
                _(
                    "error_titolario_title",
                    default="Line ${line}, title: the title is required.",
                    mapping=mapping,
                )
            )
        if not retention.isdigit() or int(retention) > 999:
            errors.append(
                _(
                    "error_titolario_retention",
                    default="Line ${line}, retention_years: use a number of years (0 = permanent).",
                    mapping=mapping,
                )
            )
            retention = "0"
        entries[index] = {
            "title": title,
            "description": (row.get("description") or "").strip(),
            "retention_years": int(retention),
        }
    if errors:
        raise PlanError(errors)
    if not entries:
        raise PlanError([_("error_titolario_empty", default="The plan has no classes.")])
    return entries


def set_plan(entries, portal=None):
    """Replace the whole plan with checked ``entries`` (from ``parse_csv``)."""
    portal = portal if portal is not None else api.portal.get()
    plan = OOBTree()
    for index, entry in entries.items():
        plan[index] = dict(entry)
    IAnnotations(portal)[KEY] = plan
    return plan


def import_csv(text, portal=None):
    return set_plan(parse_csv(text), portal)


def export_csv(portal=None):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for entry in classes(portal):
        writer.writerow(
            [entry["index"], entry["title"], entry["description"], entry["retention_years"]]
        )
    return out.getvalue()


def load_default_plan(portal, force=False):
    """Load the plan shipped with the product, unless the site already has one."""
    if not force and len(get_plan(portal)):
        return False
    import_csv(DEFAULT_PLAN.read_text(encoding="utf-8"), portal)
    return True


@provider(IVocabularyFactory)
def TitolarioVocabulary(context=None):
    terms = [
        SimpleTerm(
            value=entry["index"],
            token=entry["index"],
            title=f"{entry['index']} {entry['title']}",
        )
        for entry in classes()
    ]
    return SimpleVocabulary(terms)
