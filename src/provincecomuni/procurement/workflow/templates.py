"""Dossier templates per procedure: standard folders and the checklist of documents.

Each ANAC procedure (``sceltaContraente`` code) has a template: the folders a new
dossier gets, and the checklist of the documents the procedure requires. A
checklist item says which folder the document goes in, whether the commissioning
Comune must approve it, whether it is required, and which workflow transition
needs it (``needed_for``: the call documents before "pronto per la
pubblicazione", the minutes before the award, the contract before closing).

Storage: the defaults ship with the code (``data/procurement/tender_templates.json``);
each Province community keeps its own changes in its annotations, one entry per
procedure, so each Province's SUA shapes its own templates (their practices
differ) without touching the others'; a procedure it never changed follows the
shipped defaults, including their later improvements. Removing a Province's
entry restores the default.
"""

from importlib import resources
from persistent.mapping import PersistentMapping
from provincecomuni import _
from provincecomuni.domain import procurement
from provincecomuni.procurement import lifecycle
from zope.annotation.interfaces import IAnnotations

import copy
import functools
import json
import re


KEY = "provincecomuni.procurement.templates"
FOLDER_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,59}$")
ITEM_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,59}$")
# The transitions a document may be needed for (forward transitions only).
NEEDED_FOR = (
    lifecycle.AVVIA_ISTRUTTORIA,
    lifecycle.APPROVA_COMUNE,
    lifecycle.PREPARA_PUBBLICAZIONE,
    lifecycle.PUBBLICA,
    lifecycle.AVVIA_VALUTAZIONE,
    lifecycle.AGGIUDICA,
    lifecycle.STIPULA,
    lifecycle.CHIUDI,
)
YES = ("si", "sì", "s", "yes", "y", "true", "1", "x")
NO = ("no", "n", "false", "0", "")


class TemplateError(ValueError):
    """A template that cannot be saved; ``messages`` name each line and field."""

    def __init__(self, messages):
        super().__init__("; ".join(str(m) for m in messages))
        self.messages = messages


@functools.cache
def _defaults():
    path = resources.files("provincecomuni.data").joinpath("procurement/tender_templates.json")
    return json.loads(path.read_text("utf-8"))["templates"]


def procedure_codes():
    return [code.code for code in procurement.anac_codes("sceltaContraente")]


def default_template(procedure):
    """The shipped template of a procedure (a fresh copy); an empty one if none."""
    return copy.deepcopy(_defaults().get(procedure) or {"folders": [], "checklist": []})


def _storage(community, create=False):
    annotations = IAnnotations(community)
    if create and KEY not in annotations:
        annotations[KEY] = PersistentMapping()
    return annotations.get(KEY, {})


def get_template(community, procedure):
    """The template a community uses for a procedure: its own, else the default."""
    own = _storage(community).get(procedure) if community is not None else None
    return copy.deepcopy(own) if own is not None else default_template(procedure)


def is_customized(community, procedure):
    return procedure in _storage(community)


def set_template(community, procedure, template):
    """Validate and store a community's template (raises TemplateError, storing nothing)."""
    template = validate(template)
    _storage(community, create=True)[procedure] = template
    return template


def reset_template(community, procedure):
    storage = _storage(community)
    if procedure in storage:
        del storage[procedure]


# Validation ------------------------------------------------------------------------


def _error(section, number, field, problem):
    return _(
        "error_template_field",
        default="${section}, line ${number}, ${field}: ${problem}",
        mapping={"section": section, "number": number, "field": field, "problem": problem},
    )


FOLDERS = _("label_template_folders", default="Folders")
CHECKLIST = _("label_template_checklist", default="Checklist")
F_ID = _("label_template_id", default="id")
F_TITLE = _("label_template_title", default="title")
F_FOLDER = _("label_template_folder", default="folder")
F_APPROVAL = _("label_template_approval", default="Comune approval")
F_REQUIRED = _("label_template_required", default="required")
F_NEEDED = _("label_template_needed_for", default="needed for")


def validate(template):
    """A clean copy of a template, or TemplateError naming every wrong line and field.

    ``template`` is ``{"folders": [{"id", "title"}], "checklist": [{"id", "title",
    "folder", "comune_approval", "required", "needed_for"}]}`` (lines are 1-based in
    the messages, in the order given).
    """
    errors = []
    if not isinstance(template, dict):
        raise TemplateError(
            [_("error_template_shape", default="The template must have folders and a checklist.")]
        )
    folders, seen = [], set()
    for number, folder in enumerate(template.get("folders") or [], start=1):
        folder = folder if isinstance(folder, dict) else {}
        number = folder.get("_line", number)
        folder_id = str(folder.get("id") or "").strip()
        title = str(folder.get("title") or "").strip()
        if not FOLDER_ID.match(folder_id):
            errors.append(
                _error(
                    FOLDERS,
                    number,
                    F_ID,
                    _(
                        "error_template_folder_id",
                        default="«${value}» is not a valid short name (lowercase letters, digits "
                        "and hyphens).",
                        mapping={"value": folder_id},
                    ),
                )
            )
        elif folder_id in seen:
            errors.append(
                _error(
                    FOLDERS,
                    number,
                    F_ID,
                    _(
                        "error_template_duplicate",
                        default="«${value}» is used twice.",
                        mapping={"value": folder_id},
                    ),
                )
            )
        if not title:
            errors.append(
                _error(
                    FOLDERS,
                    number,
                    F_TITLE,
                    _("error_template_empty", default="it cannot be empty."),
                )
            )
        seen.add(folder_id)
        folders.append({"id": folder_id, "title": title})
    items, seen_items = [], set()
    for number, item in enumerate(template.get("checklist") or [], start=1):
        item = item if isinstance(item, dict) else {}
        number = item.get("_line", number)
        item_id = str(item.get("id") or "").strip()
        title = str(item.get("title") or "").strip()
        folder = str(item.get("folder") or "").strip()
        needed_for = str(item.get("needed_for") or lifecycle.PREPARA_PUBBLICAZIONE).strip()
        if not ITEM_ID.match(item_id):
            errors.append(
                _error(
                    CHECKLIST,
                    number,
                    F_ID,
                    _(
                        "error_template_item_id",
                        default="«${value}» is not a valid identifier (lowercase letters, digits, "
                        "hyphens and underscores).",
                        mapping={"value": item_id},
                    ),
                )
            )
        elif item_id in seen_items:
            errors.append(
                _error(
                    CHECKLIST,
                    number,
                    F_ID,
                    _(
                        "error_template_duplicate",
                        default="«${value}» is used twice.",
                        mapping={"value": item_id},
                    ),
                )
            )
        if not title:
            errors.append(
                _error(
                    CHECKLIST,
                    number,
                    F_TITLE,
                    _("error_template_empty", default="it cannot be empty."),
                )
            )
        if folder not in seen:
            errors.append(
                _error(
                    CHECKLIST,
                    number,
                    F_FOLDER,
                    _(
                        "error_template_unknown_folder",
                        default="«${value}» is not one of the template's folders.",
                        mapping={"value": folder},
                    ),
                )
            )
        if needed_for not in NEEDED_FOR:
            errors.append(
                _error(
                    CHECKLIST,
                    number,
                    F_NEEDED,
                    _(
                        "error_template_needed_for",
                        default="«${value}» is not a transition of the tender workflow "
                        "(${allowed}).",
                        mapping={"value": needed_for, "allowed": ", ".join(NEEDED_FOR)},
                    ),
                )
            )
        flags = {}
        for name, label in (("comune_approval", F_APPROVAL), ("required", F_REQUIRED)):
            value = item.get(name, name == "required")
            if isinstance(value, str):
                text = value.strip().lower()
                if text in YES:
                    value = True
                elif text in NO:
                    value = False
            if not isinstance(value, bool):
                errors.append(
                    _error(
                        CHECKLIST,
                        number,
                        label,
                        _(
                            "error_template_flag",
                            default="«${value}»: write sì or no.",
                            mapping={"value": str(value)},
                        ),
                    )
                )
            flags[name] = value is True
        seen_items.add(item_id)
        items.append(
            {"id": item_id, "title": title, "folder": folder, "needed_for": needed_for, **flags}
        )
    if errors:
        raise TemplateError(errors)
    return {"folders": folders, "checklist": items}


# The text format of the edit form: one line per folder or item, fields split by "|".


def folders_to_text(template):
    return "\n".join(f"{f['id']} | {f['title']}" for f in template["folders"])


def checklist_to_text(template):
    def flag(value):
        return "sì" if value else "no"

    return "\n".join(
        " | ".join(
            (
                item["id"],
                item["title"],
                item["folder"],
                flag(item["comune_approval"]),
                flag(item["required"]),
                item["needed_for"],
            )
        )
        for item in template["checklist"]
    )


def from_text(folders_text, checklist_text):
    """Parse the form's two text areas (blank lines skipped; line numbers kept)."""
    errors, folders, items = [], [], []
    for number, line in enumerate((folders_text or "").splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split("|")]
        if len(parts) != 2:
            errors.append(
                _(
                    "error_template_columns",
                    default="${section}, line ${number}: write ${count} fields separated by |.",
                    mapping={"section": FOLDERS, "number": number, "count": 2},
                )
            )
            continue
        folders.append({"id": parts[0], "title": parts[1], "_line": number})
    for number, line in enumerate((checklist_text or "").splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split("|")]
        if len(parts) != 6:
            errors.append(
                _(
                    "error_template_columns",
                    default="${section}, line ${number}: write ${count} fields separated by |.",
                    mapping={"section": CHECKLIST, "number": number, "count": 6},
                )
            )
            continue
        items.append(
            dict(
                zip(
                    ("id", "title", "folder", "comune_approval", "required", "needed_for"),
                    parts,
                    strict=True,
                ),
                _line=number,
            )
        )
    if errors:
        raise TemplateError(errors)
    return validate({"folders": folders, "checklist": items})
