"""The dossier's life: built from its template, a fascicolo, archived when closed."""

from datetime import date
from plone import api
from plone.app.uuid.utils import uuidToObject
from provincecomuni.procurement import lifecycle
from provincecomuni.procurement.workflow import checklist
from provincecomuni.records import archive


def dossier_added(dossier, event):
    """A new dossier gets its procedure's folders and checklist, and its fascicolo data."""
    if not getattr(dossier, "fascicolo_type", None):
        dossier.fascicolo_type = "procedimento_amministrativo"
    if getattr(dossier, "opening_date", None) is None:
        dossier.opening_date = date.today()
    if not getattr(dossier, "participating_administrations", None):
        name = checklist.comune_title(dossier)
        dossier.participating_administrations = [f"Comune di {name}"] if name else []
    checklist.apply_template(dossier)


def dossier_modified(dossier, event):
    """Another procedure adds its folders and items (nothing is removed); a new Comune
    changes who reads the dossier."""
    if getattr(dossier, "_checklist_procedure", None) != dossier.procedure:
        checklist.apply_template(dossier)
    changed = [
        name
        for description in getattr(event, "descriptions", None) or ()
        for name in getattr(description, "attributes", ()) or ()
    ]
    if any(name.endswith("commissioning_comune") for name in changed):
        dossier.reindexObjectSecurity()


def dossier_transition(dossier, event):
    """Publishing the tender publishes the documents of its notice on the site;
    closing the dossier archives it and its records like a closed fascicolo."""
    if event.transition is not None and event.transition.id == lifecycle.PUBBLICA:
        publish_notice_documents(dossier)
    if event.new_state is not None and event.new_state.id == lifecycle.CHIUSO:
        archive.archive_fascicolo(dossier)


def publish_notice_documents(dossier):
    """The documents the checklist links for the publication become public records
    (the SUA published them on the platform: the site shows the same files)."""
    from provincecomuni.procurement_documents.package import notice_documents

    for uid in notice_documents(dossier):
        document = uuidToObject(uid, unrestricted=True)
        if document is None or api.content.get_state(document, default=None) != "private":
            continue
        with api.env.adopt_roles(["Manager"]):
            api.content.transition(obj=document, transition="publish")
