"""Adoptions: another Province declares that it reused a practice.

Stored on the practice itself, in an annotation holding an OOBTree keyed by the
adopting Province's ISTAT code, not as child content items. An adoption is a small
record (who, when, how it went, a note) with no workflow, URL or sharing of its own;
as content it would add a catalog entry, a security computation and a folder-listing
row per declaration, and would mix with the practice's attachments. Keyed by
Province, the BTree makes "one declaration per Province" a key lookup, and two
Provinces declaring at the same time write different keys, which BTree conflict
resolution merges. The count is indexed (``adoption_count``) so the catalogue sorts
by it without waking the practices.
"""

from BTrees.OOBTree import OOBTree
from persistent.mapping import PersistentMapping
from plone import api
from provincecomuni import _
from provincecomuni.domain import territories
from provincecomuni.setuphandlers.structure import province_community_id
from zope.annotation.interfaces import IAnnotations

import datetime


KEY = "provincecomuni.practices.adoptions"

OUTCOMES = (
    ("positivo", _("adoption_outcome_positivo", default="It worked well")),
    ("parziale", _("adoption_outcome_parziale", default="It worked in part")),
    ("in_corso", _("adoption_outcome_in_corso", default="Still under way")),
    ("negativo", _("adoption_outcome_negativo", default="It did not work")),
)
OUTCOME_IDS = tuple(outcome for outcome, _title in OUTCOMES)
NOTE_MAX = 1000


class AdoptionError(Exception):
    """A declaration that cannot be recorded; ``message`` says why, ``field`` where."""

    def __init__(self, message, field=None, status=400):
        super().__init__(message)
        self.message = message
        self.field = field
        self.status = status


def _storage(practice, create=False):
    annotations = IAnnotations(practice)
    tree = annotations.get(KEY)
    if tree is None and create:
        tree = annotations[KEY] = OOBTree()
    return tree


def count(practice):
    tree = _storage(practice)
    return len(tree) if tree is not None else 0


def list_adoptions(practice):
    """The adoptions, the most recent first, as plain dicts."""
    tree = _storage(practice)
    if tree is None:
        return []
    rows = []
    for code, record in tree.items():
        province = territories.province(code)
        rows.append(
            {
                "province": code,
                "province_title": province.name if province else code,
                "date": record["date"].isoformat(),
                "outcome": record["outcome"],
                "note": record["note"],
                "declared_by": record["declared_by"],
                "declared_on": record["declared_on"].isoformat(),
            }
        )
    rows.sort(key=lambda row: row["date"], reverse=True)
    return rows


def _parse_date(value):
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value or ""))
    except ValueError:
        raise AdoptionError(
            _("error_adoption_date", default="Date: use the form YYYY-MM-DD."), "date"
        ) from None


def province_community(code):
    province = territories.province(code)
    if province is None:
        return None
    return api.portal.get()["province"].get(province_community_id(province))


def may_declare_for(code, user=None):
    """Whether ``user`` may declare for the Province ``code``: an editor of its community."""
    community = province_community(code)
    if community is None:
        return False
    user = user or api.user.get_current()
    roles = api.user.get_roles(user=user, obj=community)
    return bool({"Manager", "Site Administrator", "Coordinator", "Editor"} & set(roles))


def declarable_provinces(practice, user=None):
    """The Provinces (ISTAT codes) for which ``user`` may declare an adoption now."""
    if api.user.is_anonymous():
        return []
    tree = _storage(practice)
    own = set(practice.provinces or ())
    return [
        p.istat_code
        for p in territories.provinces()
        if p.istat_code not in own
        and (tree is None or p.istat_code not in tree)
        and may_declare_for(p.istat_code, user)
    ]


def declare(practice, province, date, outcome, note=""):
    """Record that ``province`` adopted ``practice``; checks everything first."""
    if api.content.get_state(practice) != "pubblicata":
        raise AdoptionError(
            _(
                "error_adoption_unpublished",
                default="Only a published practice can be adopted.",
            ),
            None,
            409,
        )
    if api.user.is_anonymous():
        raise AdoptionError(
            _("error_adoption_anonymous", default="Log in to declare an adoption."), None, 401
        )
    if territories.province(province or "") is None:
        raise AdoptionError(
            _(
                "error_adoption_province",
                default="Province: '${value}' is not the ISTAT code of a Province.",
                mapping={"value": province},
            ),
            "province",
        )
    if province in (practice.provinces or ()):
        raise AdoptionError(
            _(
                "error_adoption_own",
                default="Province: a Province involved in the practice cannot adopt it.",
            ),
            "province",
        )
    if not may_declare_for(province):
        raise AdoptionError(
            _(
                "error_adoption_not_editor",
                default="Province: only the Coordinatori and Redattori of the Province's "
                "community may declare its adoptions.",
            ),
            "province",
            403,
        )
    day = _parse_date(date)
    if day > datetime.date.today():
        raise AdoptionError(
            _("error_adoption_future", default="Date: the adoption cannot be in the future."),
            "date",
        )
    if outcome not in OUTCOME_IDS:
        raise AdoptionError(
            _(
                "error_adoption_outcome",
                default="Outcome: use one of ${known}.",
                mapping={"known": ", ".join(OUTCOME_IDS)},
            ),
            "outcome",
        )
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise AdoptionError(
            _(
                "error_adoption_note",
                default="Note: at most ${max} characters.",
                mapping={"max": NOTE_MAX},
            ),
            "note",
        )
    tree = _storage(practice, create=True)
    if province in tree:
        raise AdoptionError(
            _(
                "error_adoption_duplicate",
                default="Province: this Province already declared its adoption.",
            ),
            "province",
            409,
        )
    tree[province] = PersistentMapping(
        date=day,
        outcome=outcome,
        note=note,
        declared_by=api.user.get_current().getId(),
        declared_on=datetime.datetime.now(datetime.UTC),
    )
    practice.reindexObject(idxs=["adoption_count"])


def withdraw(practice, province):
    """Remove a Province's declaration (its editors or a site administrator)."""
    tree = _storage(practice)
    if tree is None or province not in tree:
        raise AdoptionError(
            _("error_adoption_missing", default="Province: no adoption declared."),
            "province",
            404,
        )
    if not may_declare_for(province):
        raise AdoptionError(
            _(
                "error_adoption_not_editor",
                default="Province: only the Coordinatori and Redattori of the Province's "
                "community may declare its adoptions.",
            ),
            "province",
            403,
        )
    del tree[province]
    practice.reindexObject(idxs=["adoption_count"])
