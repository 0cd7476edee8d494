"""Event subscribers: fingerprints, defaults, guards, the fascicolo's life and the journal."""

from plone.app.workflow.interfaces import ILocalrolesModifiedEvent
from Products.CMFPlacefulWorkflow.PlacefulWorkflowTool import WorkflowPolicyConfig_id
from provincecomuni import _
from provincecomuni.interfaces import ICommunity
from provincecomuni.records import archive
from provincecomuni.records import journal
from provincecomuni.records import record
from provincecomuni.records import titolario
from zope.container.interfaces import IContainerModifiedEvent
from zope.i18n import translate
from zope.lifecycleevent.interfaces import IObjectAddedEvent
from zope.lifecycleevent.interfaces import IObjectRemovedEvent


RECORD_POLICY = "provincecomuni_fascicolo"


def record_moved(obj, event):
    """A record was added, copied, moved or renamed: defaults, fingerprint, aggregation."""
    if IObjectRemovedEvent.providedBy(event):
        return
    fascicolo = record.fascicolo_of(obj)
    if fascicolo is not None and archive.is_closed(fascicolo):
        raise archive.ArchivedRecordError(
            translate(
                _(
                    "error_fascicolo_closed",
                    default="The fascicolo ${title} is closed: nothing can be added to it.",
                    mapping={"title": fascicolo.Title()},
                ),
                context=getattr(obj, "REQUEST", None),
            )
        )
    if IObjectAddedEvent.providedBy(event):
        record.apply_defaults(obj)
        record.update_fingerprint(obj, force=True)
    else:
        obj.aggregation_id = fascicolo.fascicolo_id if fascicolo is not None else None


def record_copied(obj, event):
    """A copy is a new record: it has no registration and no trail of its own yet."""
    for name in ("registration_number", "registration_date", "register_code"):
        setattr(obj, name, None)
    obj.register_kind = "none"
    obj.change_trail = []
    obj.record_version = 0
    obj.fingerprint = None


def record_modified(obj, event):
    archive.guard_modify(obj, event)
    if ILocalrolesModifiedEvent.providedBy(event):
        return
    record.update_fingerprint(obj)


def fascicolo_added(obj, event):
    if not IObjectAddedEvent.providedBy(event):
        return
    from provincecomuni.records import registration

    community = record.community_of(obj)
    if community is not None and not getattr(obj, "fascicolo_id", None):
        from datetime import datetime

        year = datetime.now(registration.TIMEZONE).year
        number = registration.counters_of(community).next("FASC", year)
        obj.fascicolo_id = registration.format_number("FASC", year, number)
        if not obj.owning_administration:
            obj.owning_administration = community.Title()
    elif not getattr(obj, "fascicolo_id", None):
        obj.fascicolo_id = obj.UID()
    if obj.retention_years is None and obj.classification:
        entry = titolario.get_plan().get(obj.classification)
        if entry is not None:
            obj.retention_years = entry["retention_years"]
    # Its records follow the record workflow (archived when the fascicolo closes).
    if WorkflowPolicyConfig_id not in obj.objectIds():
        obj.manage_addProduct["CMFPlacefulWorkflow"].manage_addWorkflowPolicyConfig()
    config = getattr(obj, WorkflowPolicyConfig_id)
    config.setPolicyIn("")
    config.setPolicyBelow(RECORD_POLICY)


def fascicolo_transition(obj, event):
    if event.transition is not None and event.transition.id == "close":
        archive.archive_fascicolo(obj)


# The journal


def journal_added(obj, event):
    if ICommunity.providedBy(obj) or not IObjectAddedEvent.providedBy(event):
        return
    journal.record_event(obj, "create", obj.portal_type)


def journal_modified(obj, event):
    if ILocalrolesModifiedEvent.providedBy(event):
        journal.record_event(obj, "sharing")
        return
    if ICommunity.providedBy(obj) or IContainerModifiedEvent.providedBy(event):
        return
    fields = []
    for description in getattr(event, "descriptions", ()) or ():
        fields.extend(getattr(description, "attributes", ()) or ())
    journal.record_event(obj, "edit", ", ".join(fields))


def journal_transition(obj, event):
    if event.transition is None or event.transition.id in ("archive", "annul", "close"):
        return  # creation, or written by the archive procedures themselves
    journal.record_event(obj, "transition", f"{event.old_state.id} -> {event.new_state.id}")
