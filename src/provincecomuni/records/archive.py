"""Archiving and immutability of records, and their annulment.

Closing a fascicolo archives every record inside it. Archived (and annulled)
records are immutable for everybody, Managers and Site Administrators included:

- the record workflow (``provincecomuni_record_workflow``) grants "Modify portal
  content", "Delete objects", "Manage properties", "Add portal content" and the
  WebDAV lock permissions to *no role* in the ``archived`` and ``annulled`` states:
  forms, REST, WebDAV and the ZMI all check those permissions;
- event guards refuse deletion, moves, renames and modification events of an
  archived record even from trusted code that skips permission checks (the ZMI's
  ``manage_delObjects``/``manage_renameObject``/paste, scripts, other add-ons).

Only a Manager can annul an archived record (``annul``): the file and the metadata
stay as they were; the record moves to the ``annulled`` state and its change trail
records who annulled it, when and why.
"""

from datetime import datetime
from datetime import UTC
from plone import api
from provincecomuni import _
from provincecomuni.records import journal
from zExceptions import Forbidden
from zope.i18n import translate
from zope.lifecycleevent.interfaces import IObjectAddedEvent

import logging


logger = logging.getLogger("provincecomuni.records")

RECORD_WORKFLOW = "provincecomuni_record_workflow"
FASCICOLO_WORKFLOW = "provincecomuni_fascicolo_workflow"
IMMUTABLE_STATES = ("archived", "annulled")
ANNUL_PERMISSION = "provincecomuni: Annul records"


class ArchivedRecordError(Forbidden):
    """A change refused because the record (or its fascicolo) is archived."""


def _state(obj):
    try:
        return api.content.get_state(obj, default=None)
    except Exception:  # noqa: BLE001 - no workflow tool or no chain: not archived
        return None


def is_archived(obj):
    return _state(obj) in IMMUTABLE_STATES


# "closed": a Fascicolo; "chiuso": a tender dossier (provincecomuni.procurement.workflow).
CLOSED_STATES = ("closed", "chiuso")


def is_closed(fascicolo):
    return _state(fascicolo) in CLOSED_STATES


def refuse(obj, what):
    message = translate(
        _(
            "error_archived",
            default="${title} is archived: it cannot be ${what}. Only a Manager can annul it.",
            mapping={"title": obj.Title(), "what": what},
        ),
        context=getattr(obj, "REQUEST", None),
    )
    raise ArchivedRecordError(message)


def _system_transition(obj, transition, comment=""):
    """Run a transition that no user can trigger from the menu (guard ``python:False``)."""
    workflow_tool = api.portal.get_tool("portal_workflow")
    for workflow in workflow_tool.getWorkflowsFor(obj):
        if transition in workflow.transitions:
            workflow._changeStateOf(obj, workflow.transitions[transition], {"comment": comment})
            obj.reindexObject()
            obj.reindexObjectSecurity()
            return True
    return False


def records_in(container):
    """Every record (File, Image, Document...) below ``container``, depth first."""
    from provincecomuni.records.interfaces import IRecord

    for item in container.objectValues():
        if IRecord.providedBy(item):
            yield item
        if hasattr(item, "objectValues"):
            yield from records_in(item)


def archive_fascicolo(fascicolo):
    """After the fascicolo's ``close`` transition: archive what it holds."""
    if not getattr(fascicolo, "closing_date", None):
        fascicolo.closing_date = datetime.now(UTC).date()
    count = 0
    for record in records_in(fascicolo):
        if is_archived(record):
            continue
        if not _system_transition(record, "archive", comment="fascicolo closed"):
            logger.warning("%s has no archive transition", record.absolute_url())
            continue
        journal.record_event(record, "archive", fascicolo.fascicolo_id or "")
        count += 1
    fascicolo.reindexObject()
    journal.record_event(fascicolo, "archive", f"{count} records")
    return count


def annul(obj, reason, now=None):
    """Annul an archived record (Managers only); the original and its trail stay."""
    if not api.user.has_permission(ANNUL_PERMISSION, obj=obj):
        raise Forbidden(
            translate(
                _("error_annul_permission", default="Only a Manager can annul a record."),
                context=obj.REQUEST,
            )
        )
    reason = (reason or "").strip()
    if not reason:
        raise ValueError(
            translate(
                _("error_annul_reason", default="Reason: say why the record is annulled."),
                context=obj.REQUEST,
            )
        )
    if _state(obj) != "archived":
        raise ValueError(
            translate(
                _("error_annul_state", default="Only an archived record can be annulled."),
                context=obj.REQUEST,
            )
        )
    now = now or datetime.now(UTC)
    entry = {
        "type": "annulment",
        "user": api.user.get_current().getId(),
        "time": now.isoformat(timespec="seconds"),
        "reason": reason,
    }
    obj.change_trail = list(getattr(obj, "change_trail", None) or []) + [entry]
    _system_transition(obj, "annul", comment=reason)
    journal.record_event(obj, "annulment", reason)
    return entry


# Event guards


def guard_move(obj, event):
    """IObjectWillBeMovedEvent (removal included) of a record or a fascicolo."""
    if event.oldParent is None:  # being added
        return
    from provincecomuni.records.interfaces import IFascicolo

    if is_archived(obj) or (IFascicolo.providedBy(obj) and is_closed(obj)):
        if event.newParent is None:
            refuse(obj, translate(_("what_deleted", default="deleted"), context=obj.REQUEST))
        if event.oldParent is event.newParent or event.oldParent == event.newParent:
            refuse(obj, translate(_("what_renamed", default="renamed"), context=obj.REQUEST))
        refuse(obj, translate(_("what_moved", default="moved"), context=obj.REQUEST))


def guard_modify(obj, event):
    """IObjectModifiedEvent of an archived record or a closed fascicolo."""
    from plone.app.workflow.interfaces import ILocalrolesModifiedEvent
    from provincecomuni.records.interfaces import IFascicolo
    from zope.container.interfaces import IContainerModifiedEvent

    if ILocalrolesModifiedEvent.providedBy(event) or IObjectAddedEvent.providedBy(event):
        return
    if IContainerModifiedEvent.providedBy(event) and IFascicolo.providedBy(obj):
        return
    if is_archived(obj) or (IFascicolo.providedBy(obj) and is_closed(obj)):
        refuse(obj, translate(_("what_changed", default="changed"), context=obj.REQUEST))
