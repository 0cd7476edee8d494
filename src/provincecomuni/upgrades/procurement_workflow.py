"""Release 1002, SUA: the tender workflow, templates and checklist; dossiers are fascicoli.

Existing dossiers followed the community content workflow (private/published).
Each gets a state of the tender workflow, written into its workflow history with
a comment saying where it came from: "private" (only the SUA saw it) becomes
"bozza"; "published" (shared with the community, but never published on a
platform, which had no place in that workflow) becomes "istruttoria". Neither
may become "pubblicato" without the checks its guard makes.

Each dossier then becomes a fascicolo (identifier, classification, the record
workflow for what it holds: its documents keep their private/published state,
which the record workflow has too) and gets the folders and checklist of its
procedure that it lacks. Nothing is deleted.
"""

from DateTime import DateTime
from plone import api
from provincecomuni.procurement.workflow import checklist
from provincecomuni.procurement.workflow.fascicolo import default_classification
from provincecomuni.records import archive
from provincecomuni.records import subscribers as records_subscribers
from zope.lifecycleevent import ObjectAddedEvent

import logging


logger = logging.getLogger("provincecomuni")
PROFILE = "profile-provincecomuni:default"
BEHAVIOR = "provincecomuni.procurement.fascicolo"
OLD_WORKFLOW = "provincecomuni_community_content_workflow"
TENDER_WORKFLOW = "provincecomuni_tender_workflow"
STATE_MAP = {"private": "bozza", "published": "istruttoria"}


def _last_state(obj, workflow_id):
    history = (getattr(obj, "workflow_history", None) or {}).get(workflow_id) or ()
    return history[-1].get("review_state") if history else None


def _map_state(workflow_tool, obj, workflow_id, state, comment):
    workflow = workflow_tool.getWorkflowById(workflow_id)
    if (getattr(obj, "workflow_history", None) or {}).get(workflow_id):
        return False  # already in the new workflow
    workflow_tool.setStatusOf(
        workflow_id,
        obj,
        {
            "review_state": state,
            "action": None,
            "actor": "upgrade-1002",
            "time": DateTime(),
            "comments": comment,
        },
    )
    workflow.updateRoleMappingsFor(obj)
    return True


def migrate_dossier(dossier):
    workflow_tool = api.portal.get_tool("portal_workflow")
    old = _last_state(dossier, OLD_WORKFLOW) or "private"
    new = STATE_MAP.get(old, "bozza")
    _map_state(
        workflow_tool,
        dossier,
        TENDER_WORKFLOW,
        new,
        f"Release 1002: was '{old}' in {OLD_WORKFLOW}",
    )
    if not getattr(dossier, "fascicolo_type", None):
        dossier.fascicolo_type = "procedimento_amministrativo"
    if not getattr(dossier, "fascicolo_id", None):
        if getattr(dossier, "classification", None) is None:
            dossier.classification = default_classification(dossier)
        if getattr(dossier, "opening_date", None) is None:
            dossier.opening_date = dossier.created().asdatetime().date()
        if not getattr(dossier, "participating_administrations", None):
            name = checklist.comune_title(dossier)
            dossier.participating_administrations = [f"Comune di {name}"] if name else []
        records_subscribers.fascicolo_added(dossier, ObjectAddedEvent(dossier))
    for record in archive.records_in(dossier):
        chain = workflow_tool.getChainFor(record)
        if chain:
            state = _last_state(record, OLD_WORKFLOW) or "private"
            _map_state(workflow_tool, record, chain[0], state, "Release 1002: record of a dossier")
        record.aggregation_id = dossier.fascicolo_id
        if not getattr(record, "classification", None):
            record.classification = dossier.classification
        record.reindexObject()
    checklist.apply_template(dossier)
    dossier.reindexObject()
    dossier.reindexObjectSecurity()
    return old, new


def upgrade(setup_tool):
    for step in ("rolemap", "workflow", "placeful_workflow"):
        setup_tool.runImportStepFromProfile(PROFILE, step, run_dependencies=False)
    fti = api.portal.get_tool("portal_types").get("TenderDossier")
    if fti is not None and BEHAVIOR not in fti.behaviors:
        fti.manage_changeProperties(behaviors=(*fti.behaviors, BEHAVIOR))
    catalog = api.portal.get_tool("portal_catalog")
    count = 0
    for brain in catalog.unrestrictedSearchResults(portal_type="TenderDossier"):
        migrate_dossier(brain._unrestrictedGetObject())
        count += 1
    logger.info("SUA tender workflow: %s dossiers moved to %s.", count, TENDER_WORKFLOW)
