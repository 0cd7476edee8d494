"""The checklist of a tender dossier: the documents its procedure requires.

The checklist is a list of items on the dossier (``dossier.checklist``), made
from the template of its procedure when the dossier is created. Each item links
one document of the dossier (a File, Document or Image, by UID) uploaded by the
SUA. Items that need the commissioning Comune's approval record who approved
which version of the document and when: the approval holds for that version
only, so a new upload (a new record version) voids it until the Comune approves
again. Comments of the SUA and of the Comune are kept on the item.
"""

from Acquisition import aq_base
from datetime import datetime
from datetime import UTC
from persistent.list import PersistentList
from persistent.mapping import PersistentMapping
from plone import api
from plone.app.uuid.utils import uuidToObject
from plone.dexterity.utils import createContentInContainer
from provincecomuni import _
from provincecomuni.procurement import lifecycle
from provincecomuni.procurement.workflow import templates
from provincecomuni.records import journal
from provincecomuni.records.interfaces import IRecord
from zExceptions import Forbidden


APPROVE_PERMISSION = "provincecomuni: Approve tender documents"
COMMENT_PERMISSION = "provincecomuni: Comment tender documents"
MODIFY_PERMISSION = "Modify portal content"
ADD_PERMISSION = "Add portal content"

MISSING = "missing"
PRESENT = "present"
AWAITING = "awaiting_approval"
APPROVED = "approved"

STATUS_TITLES = {
    MISSING: _("checklist_status_missing", default="Missing"),
    PRESENT: _("checklist_status_present", default="Present"),
    AWAITING: _("checklist_status_awaiting", default="Awaiting the Comune's approval"),
    APPROVED: _("checklist_status_approved", default="Approved by the Comune"),
}

# No approvals or links once the dossier is closed, annulled or deserted.
FROZEN_STATES = (lifecycle.CHIUSO, lifecycle.ANNULLATO, lifecycle.DESERTO)


class ChecklistError(ValueError):
    """A checklist action that cannot be done; ``field`` names what is wrong."""

    def __init__(self, message, field=None, status=400):
        super().__init__(str(message))
        self.message = message
        self.field = field
        self.status = status


def _now():
    return datetime.now(UTC).isoformat(timespec="seconds")


def _user():
    user = api.user.get_current()
    return user.getId(), user.getProperty("fullname", None) or user.getId()


def items(dossier):
    return getattr(aq_base(dossier), "checklist", None) or []


def get_item(dossier, item_id):
    for item in items(dossier):
        if item["id"] == item_id:
            return item
    raise ChecklistError(
        _(
            "error_checklist_item",
            default="Checklist: there is no item «${item}» in this dossier.",
            mapping={"item": item_id},
        ),
        field="item",
        status=404,
    )


def community_of(dossier):
    from provincecomuni.records.record import community_of as find

    return find(dossier)


# Building the dossier from its template ---------------------------------------------


def apply_template(dossier):
    """Create the folders and checklist items of the procedure's template that are missing.

    Nothing is removed: items of another procedure (the procedure changed) stay with
    their documents and approvals, but are no longer required (``obsolete``).
    Returns the ids of the items added.
    """
    template = templates.get_template(community_of(dossier), dossier.procedure or "")
    for folder in template["folders"]:
        if folder["id"] not in dossier.objectIds():
            createContentInContainer(
                dossier, "Folder", checkConstraints=False, id=folder["id"], title=folder["title"]
            )
    base = aq_base(dossier)
    if getattr(base, "checklist", None) is None:
        dossier.checklist = PersistentList()
    present = {item["id"]: item for item in dossier.checklist}
    wanted = {item["id"] for item in template["checklist"]}
    added = []
    for entry in template["checklist"]:
        if entry["id"] in present:
            item = present[entry["id"]]
            if item.get("obsolete"):
                item["obsolete"] = False
                item["required"] = entry["required"]
            continue
        item = PersistentMapping(entry)
        item.update(document=None, approval=None, comments=PersistentList())
        dossier.checklist.append(item)
        added.append(entry["id"])
    for item in dossier.checklist:
        if item["id"] not in wanted and not item.get("obsolete"):
            item["obsolete"] = True
            item["required"] = False
    dossier._checklist_procedure = dossier.procedure
    return added


# Reading ------------------------------------------------------------------------


def document_of(dossier, item):
    """The document linked to an item (found without security), or None."""
    uid = item.get("document")
    if not uid:
        return None
    document = uuidToObject(uid, unrestricted=True)
    if document is None:
        return None
    dossier_path = "/".join(dossier.getPhysicalPath()) + "/"
    if not "/".join(document.getPhysicalPath()).startswith(dossier_path):
        return None  # moved out of the dossier
    return document


def _version(document):
    return getattr(aq_base(document), "record_version", None) or 0


def status(dossier, item):
    """(status, voided): voided when an approval exists for an older version."""
    document = document_of(dossier, item)
    if document is None:
        return MISSING, False
    if not item.get("comune_approval"):
        return PRESENT, False
    approval = item.get("approval")
    if approval and approval.get("uid") == item["document"]:
        if approval.get("version") == _version(document):
            return APPROVED, False
        return AWAITING, True
    return AWAITING, False


def comune_title(dossier):
    """The name of the commissioning Comune (``Cuneo``), or its code if unknown."""
    from provincecomuni.domain import territories

    code = dossier.commissioning_comune or ""
    comune = territories.comune(code)
    return comune.name if comune is not None else code


def missing_for(dossier, transition_id):
    """What the checklist still lacks for a transition (translatable messages)."""
    messages = []
    comune = None
    for item in items(dossier):
        if not item.get("required") or item.get("needed_for") != transition_id:
            continue
        state, voided = status(dossier, item)
        if state == MISSING:
            messages.append(
                _(
                    "missing_checklist_document",
                    default="«${item}»: the document has not been uploaded.",
                    mapping={"item": item["title"]},
                )
            )
        elif state == AWAITING:
            comune = comune if comune is not None else comune_title(dossier)
            mapping = {"item": item["title"], "comune": comune}
            if voided:
                messages.append(
                    _(
                        "missing_checklist_voided",
                        default="«${item}»: the document changed after the approval, the "
                        "Comune of ${comune} must approve it again.",
                        mapping=mapping,
                    )
                )
            else:
                messages.append(
                    _(
                        "missing_checklist_approval",
                        default="«${item}»: the Comune of ${comune} has not approved it yet.",
                        mapping=mapping,
                    )
                )
    return messages


# Acting ------------------------------------------------------------------------


def _check_open(dossier):
    if api.content.get_state(dossier, default=None) in FROZEN_STATES:
        raise ChecklistError(
            _(
                "error_checklist_frozen",
                default="The dossier is closed, annulled or deserted: its checklist cannot change.",
            ),
            status=403,
        )


def link(dossier, item_id, uid):
    """Link a document of the dossier to an item (the SUA's editors)."""
    item = get_item(dossier, item_id)
    _check_open(dossier)
    if not (
        api.user.has_permission(MODIFY_PERMISSION, obj=dossier)
        or api.user.has_permission(ADD_PERMISSION, obj=dossier)
    ):
        raise ChecklistError(
            _("error_checklist_link_permission", default="Only the SUA links documents."),
            status=403,
        )
    document = uuidToObject(uid, unrestricted=True) if uid else None
    if (
        document is None
        or not IRecord.providedBy(document)
        or not "/".join(document.getPhysicalPath()).startswith(
            "/".join(dossier.getPhysicalPath()) + "/"
        )
    ):
        raise ChecklistError(
            _(
                "error_checklist_document",
                default="Document: choose a file or page inside this dossier.",
            ),
            field="document",
        )
    item["document"] = uid
    journal.record_event(dossier, "edit", f"checklist {item_id}: linked {uid}")
    fullname = _user()[1]
    item["linked_by"] = fullname
    item["linked_at"] = _now()
    dossier._p_changed = True
    return item


def upload(dossier, item_id, data, filename, content_type=None):
    """Upload a file into the item's folder and link it (the SUA's editors).

    One step for what users otherwise do in two (add a File, then link it):
    the file becomes a record of the dossier like any other upload, so a new
    upload for an item already approved voids the approval.
    """
    item = get_item(dossier, item_id)
    _check_open(dossier)
    if not data or not filename:
        raise ChecklistError(
            _("error_checklist_file", default="File: choose a file to upload."),
            field="file",
        )
    folder = dossier.get(item.get("folder") or "", None)
    if folder is None:
        folder = dossier
    if not api.user.has_permission(ADD_PERMISSION, obj=folder):
        raise ChecklistError(
            _("error_checklist_link_permission", default="Only the SUA links documents."),
            status=403,
        )
    from plone.namedfile.file import NamedBlobFile

    document = createContentInContainer(
        folder,
        "File",
        title=item["title"],
        file=NamedBlobFile(data=data, filename=filename, contentType=content_type or ""),
    )
    return link(dossier, item_id, document.UID())


def approve(dossier, item_id):
    """The commissioning Comune's staff approve the current version of an item's document."""
    item = get_item(dossier, item_id)
    _check_open(dossier)
    if not api.user.has_permission(APPROVE_PERMISSION, obj=dossier):
        raise Forbidden(
            _(
                "error_checklist_approve_permission",
                default="Only the staff of the commissioning Comune approve its documents.",
            )
        )
    if not item.get("comune_approval"):
        raise ChecklistError(
            _(
                "error_checklist_no_approval",
                default="«${item}» does not need the Comune's approval.",
                mapping={"item": item["title"]},
            ),
            field="item",
        )
    document = document_of(dossier, item)
    if document is None:
        raise ChecklistError(
            _(
                "error_checklist_nothing_to_approve",
                default="«${item}»: there is no document to approve yet.",
                mapping={"item": item["title"]},
            ),
            field="item",
        )
    userid, fullname = _user()
    approval = PersistentMapping(
        uid=item["document"],
        version=_version(document),
        user=userid,
        fullname=fullname,
        time=_now(),
    )
    item["approval"] = approval
    journal.record_event(
        dossier, "edit", f"checklist {item_id}: approved {approval['uid']} v{approval['version']}"
    )
    item.setdefault("comments", PersistentList()).append(
        PersistentMapping(user=userid, fullname=fullname, time=approval["time"], approval=True)
    )
    dossier._p_changed = True
    return approval


def comment(dossier, item_id, text):
    item = get_item(dossier, item_id)
    _check_open(dossier)
    text = (text or "").strip()
    if not text:
        raise ChecklistError(
            _("error_checklist_comment_empty", default="Comment: write something."),
            field="text",
        )
    if len(text) > 2000:
        raise ChecklistError(
            _("error_checklist_comment_long", default="Comment: at most 2000 characters."),
            field="text",
        )
    if not api.user.has_permission(COMMENT_PERMISSION, obj=dossier):
        raise Forbidden(
            _("error_checklist_comment_permission", default="You cannot comment this dossier.")
        )
    userid, fullname = _user()
    entry = PersistentMapping(user=userid, fullname=fullname, time=_now(), text=text)
    item.setdefault("comments", PersistentList()).append(entry)
    dossier._p_changed = True
    return entry


def serialize(dossier, item):
    state, voided = status(dossier, item)
    approval = item.get("approval")
    document = document_of(dossier, item)
    return {
        "id": item["id"],
        "title": item["title"],
        "folder": item["folder"],
        "comune_approval": bool(item.get("comune_approval")),
        "required": bool(item.get("required")),
        "needed_for": item.get("needed_for"),
        "obsolete": bool(item.get("obsolete")),
        "document": item.get("document"),
        "document_url": document.absolute_url() if document is not None else None,
        "document_title": document.Title() if document is not None else None,
        "status": state,
        "approval_voided": voided,
        "approval": dict(approval) if approval else None,
        "comments": [dict(c) for c in item.get("comments") or ()],
    }
