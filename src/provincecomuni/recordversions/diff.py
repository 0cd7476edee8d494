"""Field-by-field differences of a record's metadata between two CMFEditions versions.

Compared: title, description and every field of the record behavior
(``provincecomuni.record``), in the schema's order. Versions are CMFEditions'
version ids (0 is the first saved version); the default pair is the last two.
"""

from plone import api
from provincecomuni import _
from provincecomuni.records.behavior import IRecordMetadata
from zope.i18n import translate
from zope.schema import getFieldsInOrder
from zope.schema.interfaces import IChoice
from zope.schema.interfaces import IVocabularyTokenized


DUBLIN_CORE = (
    ("title", _("label_diff_title", default="Title")),
    ("description", _("label_diff_description", default="Description")),
)


class DiffError(ValueError):
    """A bad request for a diff: ``field`` names the parameter."""

    def __init__(self, field, message):
        super().__init__(message)
        self.field = field
        self.message = message


def compared_fields():
    """(name, title, field or None) of what is compared, in order."""
    fields = [(name, title, None) for name, title in DUBLIN_CORE]
    fields.extend((name, field.title, field) for name, field in getFieldsInOrder(IRecordMetadata))
    return fields


def history_of(obj):
    """The saved versions of ``obj``: a list of dicts (version_id, time, principal, comment)."""
    repository = api.portal.get_tool("portal_repository")
    metadata = repository.getHistoryMetadata(obj)
    if not metadata:
        return []
    versions = []
    for index in range(metadata.getLength(countPurged=False)):
        info = metadata.retrieve(index, countPurged=False)
        sys_metadata = info["metadata"]["sys_metadata"]
        versions.append(
            {
                "version_id": metadata.getVersionId(index, countPurged=False),
                "time": sys_metadata.get("timestamp"),
                "principal": sys_metadata.get("principal", ""),
                "comment": sys_metadata.get("comment", ""),
            }
        )
    return versions


def _parse(value, name, known):
    if value is None or value == "":
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise DiffError(
            name,
            _(
                "error_diff_not_a_number",
                default="${name}: a version number is required (got '${value}').",
                mapping={"name": name, "value": str(value)},
            ),
        ) from None
    if number not in known:
        raise DiffError(
            name,
            _(
                "error_diff_no_such_version",
                default="${name}: the record has no version ${value} (versions: ${known}).",
                mapping={
                    "name": name,
                    "value": str(number),
                    "known": ", ".join(str(v) for v in known) or "-",
                },
            ),
        )
    return number


def choose_versions(obj, from_value=None, to_value=None):
    """The (from, to) version ids to compare; DiffError naming the bad parameter."""
    known = [item["version_id"] for item in history_of(obj)]
    first = _parse(from_value, "from", known)
    second = _parse(to_value, "to", known)
    if first is None and second is None:
        if len(known) < 2:
            raise DiffError(
                "from",
                _(
                    "error_diff_one_version",
                    default="The record has fewer than two versions: nothing to compare.",
                ),
            )
        return known[-2], known[-1]
    if first is None:
        earlier = [v for v in known if v < second]
        if not earlier:
            raise DiffError(
                "from",
                _(
                    "error_diff_no_earlier",
                    default="from: there is no version before ${to}.",
                    mapping={"to": str(second)},
                ),
            )
        first = earlier[-1]
    if second is None:
        later = [v for v in known if v > first]
        second = later[0] if later else known[-1]
    if first == second:
        raise DiffError(
            "to",
            _("error_diff_same", default="to: choose a version different from 'from'."),
        )
    return first, second


def _raw(obj, name, field):
    if field is None:
        if name == "title":
            return obj.Title()
        return obj.Description()
    return getattr(obj, name, None)


def diff(obj, first, second):
    """The differences between versions ``first`` and ``second`` of ``obj``.

    Return a list of dicts: name, title (a message id), field, old, new (raw values),
    changed (bool); every compared field is listed.
    """
    repository = api.portal.get_tool("portal_repository")
    old = repository.retrieve(obj, first).object
    new = repository.retrieve(obj, second).object
    rows = []
    for name, title, field in compared_fields():
        before = _raw(old, name, field)
        after = _raw(new, name, field)
        rows.append(
            {
                "name": name,
                "title": title,
                "field": field,
                "old": before,
                "new": after,
                "changed": before != after,
            }
        )
    return rows


def display(value, field, context, request):
    """A value as a user reads it (vocabulary titles, Sì/No, lists)."""
    if value is None or value == "" or value == [] or value == ():
        return "—"
    if isinstance(value, bool):
        message = _("label_yes", default="Yes") if value else _("label_no", default="No")
        return translate(message, context=request)
    if field is not None and IChoice.providedBy(field):
        try:
            vocabulary = field.bind(context).vocabulary
            if vocabulary is None and field.vocabularyName:
                from zope.component import getUtility
                from zope.schema.interfaces import IVocabularyFactory

                vocabulary = getUtility(IVocabularyFactory, field.vocabularyName)(context)
            if IVocabularyTokenized.providedBy(vocabulary) and value in vocabulary:
                term = vocabulary.getTerm(value)
                return translate(term.title, context=request) if term.title else str(value)
        except LookupError:
            pass
    if isinstance(value, list | tuple):
        return "; ".join(
            ", ".join(f"{k}: {v}" for k, v in item.items()) if isinstance(item, dict) else str(item)
            for item in value
        )
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)
